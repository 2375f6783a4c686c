import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { parseBriefingJson, type Briefing } from '../../shared/briefing';
import { parseTemplateJson, type Template } from '../../shared/template';
import { layoutBriefing } from '../layout';
import { fakeFace } from '../layout/test-support';
import { writeBriefingDocx, writeBriefingDocxCopies, type DocxInput } from '.';
import { charGrid, libreOfficeGridTwips } from './styles';
import type { GlyphAdvance } from './anchors';
import { autospaceBetween, autospaceWidth, chineseDigits, lineCuts } from './writer';

const root = join(import.meta.dirname, '..', '..', '..');
const template: Template = (() => {
  const parsed = parseTemplateJson(readFileSync(join(root, 'templates', 'gongzuo-jianbao.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();
const demo: Briefing = (() => {
  const parsed = parseBriefingJson(readFileSync(join(root, 'resources', 'samples', 'demo-briefing.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();
const fonts = { chain: () => [fakeFace()] };
const NOW = new Date('2025-02-12T00:00:00Z');

function input(extra: Partial<DocxInput> = {}, briefing = demo): DocxInput {
  return { briefing, template, layout: layoutBriefing({ briefing, template, fonts, ...(extra.copyNumber !== undefined ? { copyNumber: extra.copyNumber } : {}) }), now: NOW, ...extra };
}

/** The package's parts as text (XML) by path. */
async function parts(extra: Partial<DocxInput> = {}, briefing = demo): Promise<Record<string, string>> {
  const files = unzipSync(await writeBriefingDocx(input(extra, briefing)));
  return Object.fromEntries(Object.entries(files).map(([path, data]) => [path, path.endsWith('.odttf') ? `<${data.length} bytes>` : strFromU8(data)]));
}

/** The XML of one style by id. */
function style(styles: string, id: string): string {
  const match = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>.*?</w:style>`).exec(styles);
  if (!match) throw new Error(`no style ${id}`);
  return match[0];
}

describe('writeBriefingDocx: page and grid', () => {
  it('sets A4, the type area as margins and a 22-line × 28-character lines-and-chars grid', async () => {
    const doc = (await parts())['word/document.xml']!;
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 28 mm 订口 on the left; on the right 210 − 28 − 156 = 26 mm (1474 twips) less 6 twips (`charGrid`).
    expect(doc).toMatch(/<w:pgMar [^>]*w:right="1468"[^>]*w:left="1587"/);
    // Line pitch 29.61 pt (Model B); char pitch 16 − 820/4096 = 15.80 pt, 316 twips in LibreOffice.
    expect(doc).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="593" w:charSpace="-820"\/>/);
  });

  it('makes the character grid 28 a line in Word (pitch) and in LibreOffice (whole-twip cells), with no cell cut off', () => {
    const cell = (156 * 72) / 25.4 / 28;
    const grid = charGrid(cell, 16, 28);
    // Word and WPS: the text width over the pitch (ECMA-376 §17.6.5).
    expect(Math.floor(grid.widthTwips / 20 / (16 + grid.charSpace / 4096))).toBe(28);
    // LibreOffice: its grid is 316 twips and its text area keeps 28 whole cells: nothing cut off but the few spare twips.
    expect(libreOfficeGridTwips(320, grid.charSpace)).toBe(316);
    expect(Math.floor(grid.widthTwips / 316)).toBe(28);
    expect(grid.widthTwips % 316).toBeLessThan(10);
    // The exact pitch's charSpace (−848) would give LibreOffice 315 twips: 28 cells of 441.0 pt, 1.2 pt short of the PDF's lines.
    expect(libreOfficeGridTwips(320, Math.round((cell - 16) * 4096))).toBe(315);
  });

  it('finds such a grid for any size, cell and count: every line as many characters in Word and in LibreOffice, none cut off', () => {
    for (let size = 10.5; size <= 22; size += 0.5) {
      for (const chars of [20, 26, 28, 33, 40]) {
        for (let f = 0.9; f <= 1.1001; f += 0.02) {
          const cell = size * f;
          const grid = charGrid(cell, size, chars);
          const lo = libreOfficeGridTwips(Math.round(size * 20), grid.charSpace);
          expect(lo).toBeGreaterThanOrEqual(cell * 20 - 1e-6);
          expect(Math.floor(grid.widthTwips / lo)).toBe(chars);
          expect(Math.floor(grid.widthTwips / 20 / (size + grid.charSpace / 4096) + 1e-9)).toBe(chars);
          expect(grid.widthTwips).toBeGreaterThanOrEqual(cell * chars * 20);
        }
      }
    }
  });

  it('leaves room for exactly 22 lines of 29.6 pt, the first line box centred on the 37 mm type-area top', async () => {
    const doc = (await parts())['word/document.xml']!;
    const [, top, bottom] = /<w:pgMar w:top="(\d+)"[^>]*w:bottom="(\d+)"/.exec(doc) ?? [];
    const body = 16838 - Number(top) - Number(bottom);
    expect(Math.floor(body / 592)).toBe(22);
    // 37 mm = 2097.6 twips; the 16 pt em box sits in the middle of the 29.6 pt line box.
    expect(Number(top) + (592 - 320) / 2).toBeCloseTo(2097.6, -1);
  });

  it('keeps paragraphs and runs off the grid: lines are exact, characters take the fits (w:snapToGrid off in pPr and rPr)', async () => {
    const styles = (await parts())['word/styles.xml']!;
    const normal = style(styles, 'Normal');
    expect(normal).toMatch(/<w:pPr>.*<w:autoSpaceDE w:val="0"\/><w:autoSpaceDN w:val="0"\/><w:snapToGrid w:val="0"\/>.*<\/w:pPr>/);
    expect(normal).toMatch(/<w:rPr>.*<w:snapToGrid w:val="0"\/>.*<w:spacing w:val="2"\/><w:w w:val="98"\/><w:sz w:val="32"\/>.*<\/w:rPr>/);
  });
});

describe('writeBriefingDocx: fonts and styles', () => {
  it('sets a document default font in docDefaults, East Asian and Latin named separately, no theme fonts', async () => {
    const styles = (await parts())['word/styles.xml']!;
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/.exec(styles)?.[0] ?? '';
    expect(defaults).toContain('w:eastAsia="仿宋_GB2312"');
    expect(defaults).toContain('w:ascii="仿宋_GB2312"');
    expect(defaults).toContain('<w:sz w:val="32"/>');
    expect(defaults).toContain('w:lineRule="exact"');
    expect(styles).not.toMatch(/w:(ascii|eastAsia|hAnsi)Theme=/);
  });

  it('names each role as officials machines do, and a Latin font apart when given', async () => {
    const styles = (await parts({ latinFont: 'Times New Roman' }))['word/styles.xml']!;
    expect(style(styles, 'Title')).toContain('w:eastAsia="方正小标宋简体"');
    expect(style(styles, 'Heading1')).toContain('w:eastAsia="黑体"');
    expect(style(styles, 'Heading2')).toContain('w:eastAsia="楷体_GB2312"');
    expect(style(styles, 'Normal')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(style(styles, 'Normal')).toContain('w:ascii="Times New Roman"');
    expect(style(styles, 'Normal')).toContain('w:hAnsi="Times New Roman"');
  });

  it('has real styles: 正文 with exact line spacing and a two-character indent, 标题 1–4 with outline levels, 按语', async () => {
    const styles = (await parts())['word/styles.xml']!;
    const normal = style(styles, 'Normal');
    expect(normal).toContain('w:default="1"');
    expect(normal).toMatch(/<w:spacing [^>]*w:line="592" w:lineRule="exact"\/>/);
    expect(normal).toContain('w:firstLineChars="200"');
    // Body text takes the grid's pitch (15.79 pt) as a 98 % scale and +0.1 pt spacing: 15.78 pt, never negative spacing.
    expect(normal).toContain('<w:spacing w:val="2"/><w:w w:val="98"/>');
    for (let level = 1; level <= 4; level++) {
      const heading = style(styles, `Heading${level}`);
      expect(heading).toContain(`<w:name w:val="heading ${level}"/>`);
      expect(heading).toContain(`<w:outlineLvl w:val="${level - 1}"/>`);
      expect(heading).toContain('<w:basedOn w:val="Normal"/>');
    }
    expect(style(styles, 'Note')).toContain('<w:name w:val="按语"/>');
  });
});

describe('writeBriefingDocx: content', () => {
  it('writes headings with their automatic numbers as text, in the heading styles', async () => {
    const doc = (await parts())['word/document.xml']!;
    expect(doc).toMatch(/<w:pStyle w:val="Heading1"\/>.*?<w:t[^>]*>一、/);
    expect(doc).toMatch(/<w:pStyle w:val="Heading2"\/>.*?<w:t[^>]*>（一）/);
  });

  it('writes the 报头: red 简报名称, 期号, 编印单位 and date, and the red rule under them', async () => {
    const doc = (await parts())['word/document.xml']!;
    expect(doc).toMatch(/<w:color w:val="FF0000"\/>.*?<w:t[^>]*>工作简报<\/w:t>/);
    expect(doc).toContain(demoIssue());
    expect(doc).toMatch(/<w:pBdr><w:bottom [^>]*w:color="FF0000"/);
    expect(doc).toContain(demo.meta.publisher);
  });

  it('writes odd and even footers with a PAGE field, the number on the outer side', async () => {
    const files = await parts();
    expect(files['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
    const doc = files['word/document.xml']!;
    const odd = /<w:footerReference w:type="default" r:id="(rId\d+)"/.exec(doc)?.[1];
    const even = /<w:footerReference w:type="even" r:id="(rId\d+)"/.exec(doc)?.[1];
    expect(odd && even).toBeTruthy();
    const rels = files['word/_rels/document.xml.rels']!;
    const target = (id: string) => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!.slice(1).find(Boolean)!;
    const oddXml = files[`word/${target(odd!)}`]!;
    const evenXml = files[`word/${target(even!)}`]!;
    expect(oddXml).toMatch(/PAGE/);
    expect(oddXml).toContain('<w:jc w:val="right"/>');
    expect(evenXml).toContain('<w:jc w:val="left"/>');
    expect(oddXml).toContain('— ');
  });

  it('writes tables as Word tables whose header row repeats', async () => {
    const doc = (await parts())['word/document.xml']!;
    const tables = doc.match(/<w:tbl>.*?<\/w:tbl>/g) ?? [];
    // The comparison table and the 报尾.
    expect(tables.length).toBe(2);
    expect(tables[0]).toContain('<w:tblHeader/>');
    expect(tables[0]).toContain('<w:tblHeader/>');
  });

  it('draws a chart as a native Word chart on the PDF\'s axis and colours, its data in an embedded workbook', async () => {
    const files = await parts();
    const chart = demo.blocks.find((b) => b.type === 'chart')!;
    if (chart.type !== 'chart') throw new Error('demo has a chart');
    const doc = files['word/document.xml']!;
    // The drawing refers to the chart part by a fixed relationship id, the part to its workbook.
    expect(doc).toContain('<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"');
    expect(doc).toContain('r:id="rIdbschart1"');
    expect(files['word/_rels/document.xml.rels']).toMatch(/Id="rIdbschart1" Type="[^"]+\/chart" Target="charts\/chart1.xml"/);
    expect(files['word/charts/_rels/chart1.xml.rels']).toMatch(/Id="rIdbsbook1" [^>]*Target="..\/embeddings\/Microsoft_Excel_Worksheet1.xlsx"/);
    const xml = files['word/charts/chart1.xml']!;
    expect(xml).toContain('<c:barDir val="col"/>');
    expect(xml).toContain('r:id="rIdbsbook1"');
    // Categories and values, the derived bar in the lighter colour with its 推算 label.
    for (const bar of chart.bars) expect(xml).toContain(`<c:v>${bar.label}</c:v>`);
    for (const bar of chart.bars) expect(xml).toContain(`<c:v>${bar.value}</c:v>`);
    const derived = chart.bars.findIndex((b) => b.derived);
    expect(derived).toBeGreaterThanOrEqual(0);
    expect(xml).toMatch(new RegExp(`<c:dPt><c:idx val="${derived}"/>.*?<a:srgbClr val="${template.chart.derivedBarColor.replace('#', '').toUpperCase()}"/>`));
    expect(xml).toContain(`<a:t>${chart.bars[derived]!.value}（${template.chart.derivedLabel}）</a:t>`);
    // The value axis on the PDF's ticks (0 to 7000 by 1000 for 2800 and 6087), no legend.
    expect(xml).toContain('<c:max val="7000"/><c:min val="0"/>');
    expect(xml).toContain('<c:majorUnit val="1000"/>');
    expect(xml).not.toContain('<c:legend>');
    // Chinese text in the labels' font, not the theme's (等线); data labels on one line.
    expect(xml).not.toContain('+mn-ea');
    expect(xml).toContain('<a:ea typeface="仿宋_GB2312"/>');
    expect(xml.slice(xml.indexOf('<c:dLbls>'), xml.indexOf('</c:dLbls>'))).not.toContain('wrap="square"');
    // 编辑数据 opens the workbook: the categories and values are its cells.
    const book = unzipSync(unzipSync(await writeBriefingDocx(input()))['word/embeddings/Microsoft_Excel_Worksheet1.xlsx']!);
    const strings = strFromU8(book['xl/sharedStrings.xml']!);
    for (const bar of chart.bars) expect(strings).toContain(bar.label);
    // Alt text carries the data; the unit stands above the chart as text, as the PDF draws it.
    expect(doc).toMatch(new RegExp(`descr="[^"]*${chart.bars[0]!.label}：`));
    expect(doc).toContain(`单位：${chart.unit}`);
    expect(doc).not.toContain('数据：');
    expect(Object.keys(files).some((p) => p.startsWith('word/media/'))).toBe(false);
  });

  it('draws a chart of one bar, of negative values and of zeros alike, each on its own axis', async () => {
    const withBars = (bars: { label: string; value: number }[]): Briefing => ({
      ...demo,
      blocks: demo.blocks.map((b) => (b.type === 'chart' ? { ...b, bars: bars.map((bar) => ({ ...bar, derived: false })) } : b)),
    });
    for (const [bars, axis] of [
      [[{ label: '南京', value: 2.5 }], '<c:max val="2.5"/><c:min val="0"/>'],
      [[{ label: '南京', value: -12 }, { label: '杭州', value: 30 }], '<c:max val="30"/><c:min val="-20"/>'],
      [[{ label: '南京', value: 0 }, { label: '杭州', value: 0 }], '<c:max val="1"/><c:min val="0"/>'],
    ] as const) {
      const files = await parts({}, withBars([...bars]));
      expect(files['word/charts/chart1.xml']).toContain(axis);
    }
  });

  it('gives two charts their own parts, workbooks and relationship ids', async () => {
    const chart = demo.blocks.find((b) => b.type === 'chart')!;
    const twice: Briefing = { ...demo, blocks: [...demo.blocks, { ...chart, id: 'chart-2', title: '第二张图' }] };
    const files = await parts({}, twice);
    const rels = files['word/_rels/document.xml.rels']!;
    const ids = [...rels.matchAll(/Id="(rIdbschart\d+)"[^>]*Target="(charts\/chart\d+\.xml)"/g)].map((m) => [m[1], m[2]]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids.map((i) => i[0])).size).toBe(2);
    expect(new Set(ids.map((i) => i[1])).size).toBe(2);
    for (const [, target] of ids) {
      const name = target!.split('/')[1]!;
      expect(files[`word/charts/_rels/${name}.rels`]).toMatch(/Target="..\/embeddings\/Microsoft_Excel_Worksheet\d\.xlsx"/);
    }
    const docPr = [...files['word/document.xml']!.matchAll(/<wp:docPr id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(docPr).size).toBe(docPr.length);
  });

  it('writes a chart as a Word table of its data when asked', async () => {
    const doc = (await parts({ charts: 'table' }))['word/document.xml']!;
    expect(doc).not.toContain('<c:chart ');
    expect((doc.match(/<w:tbl>/g) ?? []).length).toBe(3);
  });

  it('fits lines to the layout with scales and spacing, never a negative spacing (LibreOffice would drop or cap it)', async () => {
    const doc = (await parts())['word/document.xml']!;
    expect(doc).not.toMatch(/<w:spacing w:val="-/);
    // A run of its own where the layout gave a character another advance than the grid's.
    expect(doc).toMatch(/<w:spacing w:val="\d+"\/><w:w w:val="\d+"\/>/);
  });

  it('has no hidden characters: 查找 finds 有DeepSeek and 2023年, a number copied out carries nothing', async () => {
    const doc = (await parts())['word/document.xml']!;
    const text = (doc.match(/<w:t[^>]*>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join('');
    expect(text).not.toMatch(/[\u200B-\u200D\u2060\uFEFF]/);
    expect(text).toContain('杭州有DeepSeek');
  });

  it('sets a line with Han beside Latin letters or digits narrower by LibreOffice\'s spacing there, spread over the line, never by the next line\'s first character', () => {
    const glyph = (char: string, lineEnd = false, gapAfter = false): GlyphAdvance => ({ char, advance: 15.79, natural: /[0-9A-Z]/.test(char) ? 8 : 16, size: 16, space: 8, lineEnd, gapAfter });
    const line = (text: string, end: boolean) => [...text].map((c, k, all) => glyph(c, end && k === all.length - 1));
    // 有DeepSeek的 (2 places) then a line starting with a Han character: 2 × 3.2 + 0.8 pt over the 11 glyphs before the last.
    const first = lineCuts([...line('杭州有DeepSeek的', true), ...line('我们', false)]);
    expect(first[0]).toBeCloseTo(7.2 / 11, 6);
    expect(first[11]).toBe(0);
    // Five places (至0.5天，但2023年) before a line starting with a digit: no more than that digit less a point (Word must not pull it up).
    const capped = lineCuts([...line('至05天但2023年企', true), ...line('3个', false)]);
    expect(capped.slice(0, 10).reduce((a, b) => a + b, 0)).toBeCloseTo(8 * 0.98 - 1, 6);
    // A Latin word or number starting the next line is one unit in Word: 12% leaves room for more than a character.
    const number = lineCuts([...line('至05天但2023年企', true), ...line('12%的', false)]);
    expect(number.slice(0, 10).reduce((a, b) => a + b, 0)).toBeCloseTo(4 * 3.2 + 0.8, 6);
    // A paragraph's last line: all of it, with 2 pt for LibreOffice's rounding; a space between (有 DeepSeek) is no place.
    const last = lineCuts(line('有DeepSeek年', false));
    expect(last.reduce((a, b) => a + b, 0)).toBeCloseTo(8.4, 6);
    expect(lineCuts([glyph('有', false, true), glyph('D'), glyph('e')]).every((c) => c === 0)).toBe(true);
    // A paragraph's last line inside an owner of several (资料来源): no next line to keep, all of it.
    const entries = [...line('至05天但2023年企', true), ...line('3个', false)];
    expect(lineCuts(entries, new Set([10])).slice(0, 10).reduce((a, b) => a + b, 0)).toBeCloseTo(4 * 3.2 + 2, 6);
  });

  it('tags the digits after a Chinese closing mark as Chinese (LibreOffice may then break before them, as Word and the PDF do)', () => {
    const tags = (text: string) => [...text].filter((_, k) => chineseDigits(text)[k]).join('');
    expect(tags('转向。2017年之江实验室成立，2020年')).toBe('20172020');
    expect(tags('于7日、8日接连')).toBe('8');
    // Not digits after Han, Latin or half-width marks; not letters.
    expect(tags('全国12%，DeepSeek')).toBe('');
    expect(tags('a.5、b')).toBe('');
  });

  it('knows where LibreOffice puts its Asian/Western spacing: between a letter or digit of each kind, a fifth of the size', () => {
    expect(autospaceBetween('有', 'D')).toBe(true);
    expect(autospaceBetween('3', '年')).toBe(true);
    expect(autospaceBetween('年', '２')).toBe(false);
    expect(autospaceBetween('，', '2')).toBe(false);
    expect(autospaceBetween('%', '以')).toBe(false);
    expect(autospaceBetween('A', 'I')).toBe(false);
    expect(autospaceWidth(16)).toBe(3.2);
    expect(autospaceWidth(14)).toBe(2.8);
  });

  it('writes 资料来源 and a raised 〔n〕 marker after each linked figure', async () => {
    const doc = (await parts())['word/document.xml']!;
    expect(doc).toContain('资料来源：');
    // The marker raised, in runs of its own (its brackets compressed as the layout compressed them), the text after it at the body's fit.
    const raised = (doc.match(/<w:r><w:rPr>(?:(?!<\/w:r>).)*?<w:position w:val="\d+"\/>(?:(?!<\/w:r>).)*?<\/w:r>/g) ?? []).map((r) => r.replace(/<[^>]+>/g, '')).join('');
    expect(raised).toContain('〔1〕');
    expect(doc).not.toMatch(/<w:w w:val="[1-7]?\d"\/><\/w:rPr><w:t[^>]*>\p{Script=Latin}/u);
    // Each entry one paragraph, numbered as the markers are (its runs may split where the layout compressed a mark).
    const entries = (doc.match(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="Sources"\/>.*?<\/w:p>/g) ?? []).map((p) => (p.match(/<w:t[^>]*>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join(''));
    expect(entries[0]).toMatch(/^1\.《/);
  });

  it('ends with the 报尾 table (rules above and below, 共印N份) and a one-point paragraph', async () => {
    const doc = (await parts())['word/document.xml']!;
    const tail = (doc.match(/<w:tbl>.*?<\/w:tbl>/g) ?? []).at(-1)!;
    expect(tail).toContain(`（共印${demo.meta.copies}份）`);
    expect(tail).toMatch(/<w:top w:val="single" w:color="000000" w:sz="8"\/>/);
    expect(doc).toMatch(/<\/w:tbl><w:p><w:pPr><w:spacing w:after="0" w:before="0" w:line="20" w:lineRule="exact"\/>/);
  });

  it('writes nothing but paragraphs with page breaks before blocks the layout starts on a new page', async () => {
    const doc = (await parts())['word/document.xml']!;
    expect(doc).toContain('<w:pageBreakBefore/>');
    expect(doc).not.toContain('<w:br w:type="page"/>');
  });
});

describe('writeBriefingDocx: copies, fonts, determinism', () => {
  it('writes one .docx per numbered copy with its 份号 and recipient', async () => {
    const base = { briefing: demo, template, now: NOW };
    const copies = await writeBriefingDocxCopies(base, [{ copyNumber: '000001', recipient: '市委办公室' }, { copyNumber: '000002' }], (copy) => layoutBriefing({ briefing: demo, template, fonts, copyNumber: copy.copyNumber }));
    expect(copies.map((c) => c.copyNumber)).toEqual(['000001', '000002']);
    const first = unzipSync(copies[0]!.docx);
    expect(strFromU8(first['word/document.xml']!)).toContain('000001');
    expect(strFromU8(first['docProps/custom.xml']!)).toContain('市委办公室');
    expect(strFromU8(unzipSync(copies[1]!.docx)['word/document.xml']!)).toContain('000002');
  });

  it('embeds the given fonts under their own family names and uses those names', async () => {
    const data = new Uint8Array(4096).map((_, k) => k % 251);
    const files = await parts({ embedFonts: [{ role: 'fangsong', family: 'FandolFang R', data }] });
    expect(Object.keys(files).some((p) => /^word\/fonts\/font\d+\.odttf$/.test(p))).toBe(true);
    expect(files['word/fontTable.xml']).toMatch(/w:name="FandolFang R".*<w:embedRegular/);
    expect(style(files['word/styles.xml']!, 'Normal')).toContain('w:eastAsia="FandolFang R"');
  });

  it('gives the same bytes for the same input and clock, whatever the machine\'s clock (the chart\'s workbook too)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2031-07-09T10:11:12Z'));
      const a = await writeBriefingDocx(input());
      vi.setSystemTime(new Date('2032-01-02T03:04:05Z'));
      const b = await writeBriefingDocx(input());
      expect(Object.keys(unzipSync(a))).toContain('word/embeddings/Microsoft_Excel_Worksheet1.xlsx');
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

function demoIssue(): string {
  const m = demo.meta;
  return `第${m.issueNumber}期${m.totalIssueNumber !== null ? `（总第${m.totalIssueNumber}期）` : ''}`;
}
