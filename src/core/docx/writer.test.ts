import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseBriefingJson, type Briefing } from '../../shared/briefing';
import { parseTemplateJson, type Template } from '../../shared/template';
import { layoutBriefing } from '../layout';
import { fakeFace } from '../layout/test-support';
import { writeBriefingDocx, writeBriefingDocxCopies, type DocxInput } from '.';

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
  it('sets A4, the type area as margins and a 22-line × 28-character lines-and-chars grid by default', async () => {
    const doc = (await parts())['word/document.xml']!;
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 28 mm 订口 on the left; 210 − 28 − 156 = 26 mm on the right.
    expect(doc).toMatch(/<w:pgMar [^>]*w:right="1474"[^>]*w:left="1587"/);
    // Line pitch 29.61 pt (Model B), char pitch 15.79 pt: (15.79 − 16) × 4096 ≈ −848.
    expect(doc).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="593" w:charSpace="-848"\/>/);
  });

  it('leaves room for exactly 22 lines of 29.6 pt, the first line box centred on the 37 mm type-area top', async () => {
    const doc = (await parts())['word/document.xml']!;
    const [, top, bottom] = /<w:pgMar w:top="(\d+)"[^>]*w:bottom="(\d+)"/.exec(doc) ?? [];
    const body = 16838 - Number(top) - Number(bottom);
    expect(Math.floor(body / 592)).toBe(22);
    // 37 mm = 2097.6 twips; the 16 pt em box sits in the middle of the 29.6 pt line box.
    expect(Number(top) + (592 - 320) / 2).toBeCloseTo(2097.6, -1);
  });

  it('writes a line grid only when asked (for LibreOffice, which snaps every character to a character grid)', async () => {
    const doc = (await parts({ docGrid: 'lines' }))['word/document.xml']!;
    expect(doc).toMatch(/<w:docGrid w:type="lines" w:linePitch="593"\/>/);
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

  it("draws charts as an SVG picture of the layout's drawing, with their data in the alt text", async () => {
    const files = await parts();
    const svgPath = Object.keys(files).find((p) => /^word\/media\/.+\.svg$/.test(p));
    expect(svgPath).toBeDefined();
    const svg = files[svgPath!]!;
    const chart = demo.blocks.find((b) => b.type === 'chart')!;
    if (chart.type !== 'chart') throw new Error('demo has a chart');
    // One bar per value, and each category label as text.
    expect((svg.match(/<rect /g) ?? []).length).toBeGreaterThanOrEqual(chart.bars.length);
    for (const bar of chart.bars) expect(svg).toContain(bar.label);
    const doc = files['word/document.xml']!;
    expect(doc).toContain('svgBlip');
    // The PNG fallback (what LibreOffice 7.4 and older Word draw) is the drawing too, not a blank pixel.
    const pngPath = Object.keys(files).find((p) => /^word\/media\/.+\.png$/.test(p));
    const png = unzipSync(await writeBriefingDocx(input()))[`${pngPath}`]!;
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBeGreaterThan(1000); // width in pixels: 200 dpi across the type area
    expect(view.getUint32(20)).toBeGreaterThan(100);
    expect(doc).toMatch(new RegExp(`descr="[^"]*${chart.bars[0]!.label}：`));
    expect(doc).toContain(`数据：${chart.bars[0]!.label}：`);
  });

  it('writes a chart as a Word table of its data when asked', async () => {
    const doc = (await parts({ charts: 'table' }))['word/document.xml']!;
    expect(doc).not.toContain('svgBlip');
    expect((doc.match(/<w:tbl>/g) ?? []).length).toBe(3);
  });

  it('fits lines to the layout with scales and spacing, never a negative spacing (LibreOffice would drop or cap it)', async () => {
    const doc = (await parts())['word/document.xml']!;
    expect(doc).not.toMatch(/<w:spacing w:val="-/);
    // A run of its own where the layout gave a character another advance than the grid's.
    expect(doc).toMatch(/<w:spacing w:val="\d+"\/><w:w w:val="\d+"\/>/);
  });

  it('for LibreOffice (the lines grid) puts a zero-width space between Han and Latin text and a word joiner inside 2023年; the default file has no hidden characters', async () => {
    const texts = (doc: string) => {
      const body = (doc.match(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="Normal"\/>.*?<\/w:p>/g) ?? []).join('');
      const strip = (xml: string) => (xml.match(/<w:t[^>]*>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join('');
      return { body: strip(body), all: strip(doc) };
    };
    const lo = texts((await parts({ docGrid: 'lines' }))['word/document.xml']!);
    expect(lo.all).toMatch(/\p{Script=Han}\u200BDeepSeek/u);
    expect(lo.body).toMatch(/[0-9]\u2060年/);
    expect(lo.body).not.toMatch(/\p{Script=Han}(DeepSeek|[0-9])/u);
    // For Word and WPS: a search for 有DeepSeek finds it, a number copied out carries nothing hidden.
    const word = texts((await parts())['word/document.xml']!);
    expect(word.all).not.toMatch(/[\u200B\u2060]/);
    expect(word.all).toContain('杭州有DeepSeek');
  });

  it('writes 资料来源 and a raised 〔n〕 marker after each linked figure', async () => {
    const doc = (await parts())['word/document.xml']!;
    expect(doc).toContain('资料来源：');
    expect(doc).toMatch(/<w:position w:val="-?\d+"\/>.*?<w:t[^>]*>〔1〕<\/w:t>/);
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

  it('gives the same bytes for the same input and clock', async () => {
    const a = await writeBriefingDocx(input());
    const b = await writeBriefingDocx(input());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

function demoIssue(): string {
  const m = demo.meta;
  return `第${m.issueNumber}期${m.totalIssueNumber !== null ? `（总第${m.totalIssueNumber}期）` : ''}`;
}
