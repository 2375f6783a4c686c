// The .docx export checked for real: the reference fixture and the demo are written as .docx,
// converted to PDF by LibreOffice (headless, fresh profile, the engine's own fonts behind the
// official font names), and compared page by page and line by line with BriefSmith's own PDF of
// the same draft. Page images of both go to tests/e2e/screenshots/ (docx-<name>-lo-page-N.png
// beside docx-<name>-pdf-page-N.png) and the measured agreement to docx-agreement.json.
// Skipped with a message when soffice is missing; a failure under CI=true.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBriefingDocx } from '../../src/core/docx';
import { sampleBriefing } from '../../src/core/template';
import { loadBriefing, loadTemplate, paths, PINNED, render, renderOk } from '../unit/pdf/render';
import { fontconfigFor, hasSoffice, lineAgreement, pageLines, sofficeToPdf, writePageImages, type LineAgreement } from './docx-support';

const available = hasSoffice();
const screenshots = join(paths.root, 'tests', 'e2e', 'screenshots');
const measured: Record<string, LineAgreement & { readonly linesWithoutLatin: number; readonly linesWithoutLatinSame: number; readonly goal: number }> = {};
const fcDir = mkdtempSync(join(tmpdir(), 'bs-fc-'));

afterAll(() => {
  rmSync(fcDir, { recursive: true, force: true });
  if (Object.keys(measured).length > 0) writeFileSync(join(screenshots, 'docx-agreement.json'), `${JSON.stringify(measured, null, 1)}\n`);
});

/** Lines of the reference with no Latin letter or digit, and how many of them the other PDF has (same order, anywhere). */
function withoutLatin(reference: readonly string[][], other: readonly string[][]): { lines: number; same: number } {
  const plain = reference.flat().filter((l) => !/[0-9A-Za-z]/.test(l));
  const others = new Set(other.flat());
  return { lines: plain.length, same: plain.filter((l) => others.has(l)).length };
}

/** The goal: ≥ 95 % of the reference fixture's lines breaking at the same characters. */
const GOAL = 0.95;

/** The default .docx (the file officials get for Word and WPS) and our PDF of a fixture, and LibreOffice's PDF of the .docx. */
async function exportBoth(name: string) {
  const briefing = loadBriefing(name);
  const template = loadTemplate().template;
  const pdf = await renderOk(briefing);
  const docx = await writeBriefingDocx({ briefing, template, layout: pdf.layout, now: PINNED, appVersion: '0.0.0-test' });
  const conf = fontconfigFor(fcDir, template, pdf.fontReport, [join(paths.resourcesDir, 'fonts')]);
  const lo = sofficeToPdf(docx, conf);
  return { pdf: pdf.pdf, pages: pdf.pageCount, docx, lo };
}

describe.skipIf(!available)('.docx export in LibreOffice beside our PDF', () => {
  for (const name of ['bench-reference', 'demo']) {
    it(`${name}: LibreOffice sets the default .docx on as many pages, its lines breaking where ours do`, async () => {
      const { pdf, pages, docx, lo } = await exportBoth(name);
      // The file for Word and WPS: no hidden characters (查找 “有DeepSeek” or “2023年” finds them, numbers copy out clean).
      const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
      expect(xml).toContain('w:type="linesAndChars"');
      expect(xml).not.toMatch(/[\u200B-\u200D\u2060\uFEFF]/);
      const ours = pageLines(pdf);
      const theirs = pageLines(lo);
      const agreement = lineAgreement(ours, theirs);
      const plain = withoutLatin(ours, theirs);
      measured[name] = { ...agreement, linesWithoutLatin: plain.lines, linesWithoutLatinSame: plain.same, goal: GOAL };
      mkdirSync(screenshots, { recursive: true });
      for (const f of readdirSync(screenshots).filter((f) => f.startsWith(`docx-${name}-`))) rmSync(join(screenshots, f));
      writePageImages(lo, 60, screenshots, `docx-${name}-lo`);
      writePageImages(pdf, 60, screenshots, `docx-${name}-pdf`);
      writeFileSync(join(screenshots, `docx-${name}.docx`), docx);
      process.stderr.write(
        `docx ${name}: pages ours ${pages}, LibreOffice ${agreement.pagesOther}; lines same on the same page ${agreement.linesSame}/${agreement.linesReference} (${(agreement.ratio * 100).toFixed(1)}%, goal ${GOAL * 100}%), in order anywhere ${agreement.linesSameAnywhere}; lines without Latin or digits found ${plain.same}/${plain.lines}\n`,
      );
      expect(agreement.pagesOther).toBe(pages);
      // The goal: 95 % on the reference fixture. LibreOffice 7.4 sets the default file at 241/250
      // (96.4 %), the demo at 100/108 (92.6 %). The rest (bench-reference): 7 lines with more
      // Han/Latin places than Word and WPS let us pay for (2025年2月8日: five places, 16 pt of
      // LibreOffice's autospace, more than the next line's first character; Word honours
      // w:autoSpaceDE/DN off, LibreOffice's import drops them), and 2 after one of those.
      expect(agreement.ratio).toBeGreaterThanOrEqual(name === 'demo' ? 0.92 : GOAL);
    }, 240_000);
  }

  it('bench-reference: the 报头 and the 报尾 are where our PDF has them', async () => {
    const { pdf, lo } = await exportBoth('bench-reference');
    const ours = pageLines(pdf);
    const theirs = pageLines(lo);
    // First page: mark, name, issue, publisher and date, the title, in the same order.
    expect(theirs[0]!.slice(0, 5)).toEqual(ours[0]!.slice(0, 5));
    // Last page: the 报尾 rows end the page's text, before the page number.
    const tailOf = (page: readonly string[]) => page.slice(-3, -1);
    expect(tailOf(theirs.at(-1)!)).toEqual(tailOf(ours.at(-1)!));
  }, 240_000);

  it('demo: LibreOffice draws the native chart from its data, its labels as text where our PDF has them', async () => {
    const { pdf, lo } = await exportBoth('demo');
    const dir = mkdtempSync(join(tmpdir(), 'bs-img-'));
    try {
      writeFileSync(join(dir, 'lo.pdf'), lo);
      const images = execFileSync('pdfimages', ['-list', join(dir, 'lo.pdf')], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim() !== '');
      const ours = pageLines(pdf);
      const theirs = pageLines(lo);
      const chartPage = theirs.findIndex((p) => p.some((l) => l.startsWith('图1')));
      expect(chartPage).toBeGreaterThanOrEqual(0);
      // No picture: the chart is drawn by LibreOffice, its axis, values and categories are text.
      expect(images.filter((l) => Number(l.trim().split(/\s+/)[0]) === chartPage + 1)).toEqual([]);
      const page = theirs[chartPage]!;
      for (const label of ['单位：亿元', '7000', '0', '6087（推算）', '南京杭州']) expect(page).toContain(label);
      // In the PDF's order on the page: from the title through the source line.
      const from = ours[chartPage]!.findIndex((l) => l.startsWith('图1'));
      const to = ours[chartPage]!.findIndex((l) => l.startsWith('资料来源'));
      expect(page.slice(page.indexOf(ours[chartPage]![from]!), page.findIndex((l) => l.startsWith('资料来源')) + 1)).toEqual(ours[chartPage]!.slice(from, to + 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('embedFonts: LibreOffice sets 楷体 text in the embedded font with no installed font of that name', async () => {
    const briefing = loadBriefing('demo');
    const template = loadTemplate().template;
    const pdf = await renderOk(briefing);
    const data = new Uint8Array(readFileSync(join(paths.resourcesDir, 'fonts', 'LXGWWenKai-Regular.ttf')));
    const docx = await writeBriefingDocx({ briefing, template, layout: pdf.layout, now: PINNED, embedFonts: [{ role: 'kaiti', family: 'LXGW WenKai', data }] });
    // Only the system's fonts: LXGW WenKai is not installed, so only the embedded copy can draw it.
    const dir = mkdtempSync(join(tmpdir(), 'bs-fc-plain-'));
    try {
      const conf = join(dir, 'fonts.conf');
      writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>\n`);
      expect(execFileSync('fc-list', ['LXGW WenKai'], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: conf } }).trim()).toBe('');
      const lo = sofficeToPdf(docx, conf);
      const pdfFile = join(dir, 'lo.pdf');
      writeFileSync(pdfFile, lo);
      const fonts = execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' });
      expect(fonts).toMatch(/LXGWWenKai/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

// Every built-in template's sample, written with the real fonts and layout: the template's own
// furniture reaches the Word file (公文 form: 发文字号 and 主送 under the title; 会后收回 and 份号).
describe('.docx export of every built-in template', () => {
  for (const id of ['gongzuo-jianbao', 'xinxi-zhuanbao', 'huiyi-cailiao', 'lingdao-canyue', 'chengshi-duibiao']) {
    it(`${id}: the sample's masthead, title, body and 报尾 are in the document`, async () => {
      const loaded = loadTemplate(id);
      const briefing = sampleBriefing(loaded.template);
      const rendered = await render(briefing, {}, loaded);
      if (!rendered.ok) throw new Error(rendered.message);
      const docx = await writeBriefingDocx({ briefing, template: loaded.template, layout: rendered.value.layout, now: PINNED });
      const doc = strFromU8(unzipSync(docx)['word/document.xml']!);
      const text = (doc.match(/<w:t[^>]*>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join('');
      const m = briefing.meta;
      expect(text).toContain(m.seriesName.trim() || loaded.template.name);
      expect(text).toContain(briefing.title.trim().slice(0, 6));
      if (loaded.template.masthead.docNumber && m.docNumber.trim() !== '') expect(text).toContain(m.docNumber.trim());
      if (loaded.template.tail.baoPosition === 'under-title' && m.distribution.bao.length > 0) expect(text).toContain(`${m.distribution.bao[0]}：`);
      if (loaded.template.masthead.fixedMark) expect(text).toContain(loaded.template.masthead.fixedMark);
      if (loaded.template.masthead.copyNumber.always || m.printCopyNumber) expect(text).toContain('000001');
      const lastRow = m.distribution.fa[0] ?? m.distribution.song[0];
      if (lastRow) expect(text).toContain(lastRow);
    }, 60_000);
  }
});
