// Every built-in template: valid with no warning; renders its own sample and the reference
// briefing (tests/fixtures/briefings/bench-reference.json) to PDFs that qpdf accepts; the sample's
// pages match the golden images in tests/golden/templates/<id>/; and the GB/T 9704 checks that
// apply to each hold on the PDF read back (positions in mm from the sheet's top-left).
// After an intended change to a template, regenerate the images and LOOK at them:
//   UPDATE_GOLDEN=1 npx vitest run --project node tests/unit/templates/builtins.test.ts
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderBriefingPdf } from '../../../src/core/pdf';
import { sampleBriefing, withTemplate } from '../../../src/core/template';
import { findAppPaths } from '../../../src/main/paths';
import { createEngine } from '../../../src/main/engine';
import { createTemplateRegistry, type ResolvedTemplate } from '../../../src/main/templates';
import { parseBriefingJson, type Briefing } from '../../../src/shared/briefing';
import { extractRuns, extractVectors, linesOf, PT_TO_MM, qpdfCheck, requireTools, type ExtractedPage, type VectorMark } from '../pdf/extract';
import { imageDifference, pagePngs } from '../../support/page-images';

const paths = findAppPaths(import.meta.dirname);
const update = process.env.UPDATE_GOLDEN === '1';
const DPI = 40;
const PINNED = new Date('2025-02-12T00:00:00Z');
const host = { resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: mkdtempSync(join(tmpdir(), 'bs-builtins-')), appVersion: '0.0.0-test', now: () => PINNED };
const registry = createTemplateRegistry({ ...host, keepVersions: false });
const engine = createEngine({ ...host, systemFontDirs: [], clock: host.now, keepTemplateVersions: false });
const BUILTINS = ['gongzuo-jianbao', 'lingdao-canyue', 'chengshi-duibiao', 'huiyi-cailiao', 'xinxi-zhuanbao'] as const;
const strip = (s: string) => s.replace(/\s+/g, '');
const PAGE_NUMBER = /^—\d+—$/;

const reference: Briefing = (() => {
  const parsed = parseBriefingJson(readFileSync(join(paths.root, 'tests', 'fixtures', 'briefings', 'bench-reference.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();

interface Rendered {
  readonly pdf: Uint8Array;
  readonly pages: ExtractedPage[];
  readonly vectors: VectorMark[][];
  readonly fonts: Record<string, string>;
}

async function render(loaded: ResolvedTemplate, briefing: Briefing): Promise<Rendered> {
  const result = await renderBriefingPdf(briefing, loaded.template, engine.hostFor(loaded));
  if (!result.ok) throw new Error(result.message);
  const [pages, vectors] = await Promise.all([extractRuns(result.value.pdf), extractVectors(result.value.pdf)]);
  return { pdf: result.value.pdf, pages, vectors, fonts: Object.fromEntries(result.value.fontReport.map((f) => [f.role, f.postscriptName])) };
}

const rendered = new Map<string, { template: ResolvedTemplate; sample: Rendered; reference: Rendered }>();
beforeAll(async () => {
  for (const id of BUILTINS) {
    const loaded = registry.resolve(id);
    if (!loaded.ok) throw new Error(loaded.message);
    const sample = await render(loaded.value, sampleBriefing(loaded.value.template));
    const ref = await render(loaded.value, withTemplate(reference, loaded.value.template));
    rendered.set(id, { template: loaded.value, sample, reference: ref });
  }
}, 120_000);

const get = (id: string) => rendered.get(id)!;

describe.each(BUILTINS)('built-in template %s', (id) => {
  it('is valid with no warning, and carries its id@version into the PDF metadata', () => {
    const report = registry.checkInstalled(id);
    expect(report.ok && [report.value.errors, report.value.warnings]).toEqual([0, 0]);
    const version = get(id).template.template.version;
    for (const r of [get(id).sample, get(id).reference]) expect(Buffer.from(r.pdf).toString('latin1').includes(`${id}@${version}`), `${id}@${version} in the PDF`).toBe(true);
  });

  it('renders its sample and the reference briefing to PDFs qpdf accepts', () => {
    const { sample, reference: ref } = get(id);
    expect(sample.pages.length).toBeGreaterThanOrEqual(1);
    expect(ref.pages.length).toBeGreaterThanOrEqual(8);
    if (!requireTools('qpdf')) return;
    qpdfCheck(sample.pdf);
    qpdfCheck(ref.pdf);
  });

  it('sample pages match the golden images', () => {
    if (!requireTools('pdftoppm')) return;
    const dir = join(paths.root, 'tests', 'golden', 'templates', id);
    const pngs = pagePngs(get(id).sample.pdf, DPI);
    if (update) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      pngs.forEach((png, i) => writeFileSync(join(dir, `sample-page-${i + 1}.png`), png));
    }
    expect(existsSync(dir), 'missing references: run UPDATE_GOLDEN=1 (see the top of this file)').toBe(true);
    expect(pngs).toHaveLength(readdirSync(dir).filter((f) => /^sample-page-\d+\.png$/.test(f)).length);
    pngs.forEach((png, i) => {
      const diff = imageDifference(png, readFileSync(join(dir, `sample-page-${i + 1}.png`)));
      expect(diff.sameSize).toBe(true);
      expect(diff.mean, `page ${i + 1}: mean difference`).toBeLessThan(1);
      expect(diff.changed, `page ${i + 1}: changed pixels`).toBeLessThan(0.003);
    });
  });

  it('§6.1: A4 pages; all text but page numbers inside the 版心 (x 28–184, y 37–262 mm, ±1)', () => {
    for (const r of [get(id).sample, get(id).reference]) {
      for (const page of r.pages) {
        expect(page.width).toBeCloseTo(595.28, 1);
        expect(page.height).toBeCloseTo(841.89, 1);
        for (const run of page.runs) {
          if (PAGE_NUMBER.test(strip(run.str))) continue;
          const sizeMm = run.size * PT_TO_MM;
          expect(run.x, run.str).toBeGreaterThanOrEqual(27);
          // The engine may hang a closing punctuation mark half a character past the right edge.
          expect(run.x1, run.str).toBeLessThanOrEqual(/[。，、；：？！”）》]$/.test(run.str) ? 184 + (16 * PT_TO_MM) / 2 + 0.1 : 185);
          expect(run.baseline - 0.88 * sizeMm, run.str).toBeGreaterThanOrEqual(36);
          expect(run.baseline + 0.12 * sizeMm, run.str).toBeLessThanOrEqual(263);
        }
      }
    }
  });

  it('§6.2–6.3: body paragraphs in 3号仿宋 on the 28-character grid (start at 28.0 or 39.1 mm)', () => {
    const r = get(id).reference;
    const body = r.fonts.fangsong;
    let checked = 0;
    for (const page of r.pages.slice(1)) {
      for (const line of linesOf(page.runs)) {
        if (line.baseline > 262 || !line.runs.every((x) => x.font === body && Math.abs(x.size - 16) < 0.05)) continue;
        const x = line.x;
        expect(Math.abs(x - 28) <= 0.5 || Math.abs(x - (28 + (2 * 156) / 28)) <= 0.5, `${line.text} @ ${x.toFixed(2)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('§6.7: page numbers “— N —” 4号, 7 mm under the 版心, odd pages right and even pages left, one character in', () => {
    const r = get(id).reference;
    r.pages.forEach((page, i) => {
      const line = linesOf(page.runs).find((l) => PAGE_NUMBER.test(strip(l.text)));
      expect(line, `page ${i + 1}`).toBeDefined();
      expect(strip(line!.text)).toBe(`—${i + 1}—`);
      expect(line!.baseline).toBeGreaterThan(262 + 5);
      expect(line!.baseline).toBeLessThan(262 + 12);
      if ((i + 1) % 2 === 1) expect(Math.abs(line!.x1 - (184 - 14 * PT_TO_MM))).toBeLessThanOrEqual(1);
      else expect(Math.abs(line!.x - (28 + 14 * PT_TO_MM))).toBeLessThanOrEqual(1);
    });
  });

  it('§6.6: the 报尾 / 版记 on the last page, its last 0.35 mm rule on the 版心 bottom (262 mm)', () => {
    for (const r of [get(id).sample, get(id).reference]) {
      const last = r.vectors[r.vectors.length - 1]!;
      const bottom = last.filter((v) => v.kind === 'stroke' && Math.abs(v.y1 - 262) < 0.3 && Math.abs(v.y2 - 262) < 0.3);
      expect(bottom.length).toBeGreaterThan(0);
      expect(bottom[0]!.width * PT_TO_MM).toBeCloseTo(0.35, 2);
      expect(Math.abs(bottom[0]!.x1 - 28)).toBeLessThan(0.3);
      expect(Math.abs(bottom[0]!.x2 - 184)).toBeLessThan(0.3);
      const tail = linesOf(r.pages[r.pages.length - 1]!.runs).filter((l) => l.baseline > 200 && l.baseline < 262 && Math.abs(l.runs[0]!.size - 14) < 0.05);
      expect(tail.length).toBeGreaterThan(0);
    }
  });
});

/** The masthead name's run on page 1 and the colour it was drawn in. */
function seriesName(r: Rendered, name: string) {
  const page = r.pages[0]!;
  const run = page.runs.find((x) => strip(x.str) === name)!;
  const coloured = page.coloured.find((c) => strip(c.text) === name);
  return { run, color: coloured?.color };
}

describe('what each built-in is for', () => {
  it('工作简报: red masthead 42 pt with its glyph top at 62 mm; 资料来源 listed', () => {
    const { run, color } = seriesName(get('gongzuo-jianbao').sample, '工作简报');
    expect(run.size).toBeCloseTo(42, 0);
    expect(run.baseline - 0.88 * run.size * PT_TO_MM).toBeCloseTo(62, 0);
    expect(color).toEqual([1, 0, 0]);
    expect(strip(get('gongzuo-jianbao').reference.pages.map((p) => p.runs.map((x) => x.str).join('')).join(''))).toContain('资料来源：');
  });

  it('领导参阅件: red 48 pt name, “仅供领导参阅” at the top left, 报送：/抄送： in the tail', () => {
    const r = get('lingdao-canyue').sample;
    const { run, color } = seriesName(r, '领导参阅件');
    expect(run.size).toBeCloseTo(48, 0);
    expect(color).toEqual([1, 0, 0]);
    const mark = r.pages[0]!.runs.find((x) => x.str.includes('仅供领导参阅'))!;
    expect(mark.x).toBeCloseTo(28, 0);
    const tail = linesOf(r.pages[r.pages.length - 1]!.runs).map((l) => strip(l.text));
    expect(tail.some((t) => t.startsWith('报送：'))).toBe(true);
    expect(tail.some((t) => t.startsWith('抄送：'))).toBe(true);
  });

  it('城市对标分析: the skeleton starts with a table and a chart; three-line table rules, no vertical borders', () => {
    const t = get('chengshi-duibiao').template.template;
    expect(t.skeleton.blocks.slice(0, 3).map((b) => b.type)).toEqual(['heading', 'table', 'chart']);
    const r = get('chengshi-duibiao').sample;
    const text = r.pages.map((p) => strip(p.runs.map((x) => x.str).join(''))).join('');
    expect(text).toContain('表1南京与杭州部分创新指标对比');
    expect(text).toContain('图1南京与杭州私募基金管理规模');
    const caption = r.pages[0]!.runs.find((x) => x.str.includes('表1'))!;
    const rules = r.vectors[0]!.filter((v) => v.kind === 'stroke' && v.y1 > caption.baseline && v.y1 < caption.baseline + 40);
    expect(rules.some((v) => Math.abs(v.x1 - v.x2) < 0.01 && Math.abs(v.y1 - v.y2) > 2)).toBe(false);
    expect(rules.filter((v) => Math.abs(v.y1 - v.y2) < 0.01).length).toBeGreaterThanOrEqual(3);
  });

  it('会议材料: black name and rule, 份号 000001 top right, 会后收回 top left, 材料N, 会后收回 in the tail', () => {
    const r = get('huiyi-cailiao').sample;
    const { color } = seriesName(r, '市政府常务会议材料');
    expect(color).toEqual([0, 0, 0]);
    const first = linesOf(r.pages[0]!.runs)[0]!;
    expect(strip(first.text)).toBe('会后收回000001');
    expect(first.runs[0]!.x).toBeCloseTo(28, 0);
    expect(first.runs[first.runs.length - 1]!.x1).toBeCloseTo(184, 0);
    expect(r.pages[0]!.runs.some((x) => strip(x.str) === '材料3')).toBe(true);
    expect(r.vectors[0]!.filter((v) => v.kind === 'stroke' && v.color !== '#000000')).toEqual([]);
    expect(strip(r.pages[0]!.runs.map((x) => x.str).join(''))).toContain('（共印35份，会后收回）');
    // 会后收回 comes from the template (the sample's own classification is empty), 份号 is always on
    expect(get('huiyi-cailiao').template.template.sample.meta.classification).toBe('');
    expect(get('huiyi-cailiao').template.template.masthead.copyNumber.always).toBe(true);
  });

  it('会议材料: a draft that turned 份号 off and wrote 会后收回 itself still gets one 会后收回 and 份号 000001', async () => {
    const loaded = get('huiyi-cailiao').template;
    const base = sampleBriefing(loaded.template);
    const r = await render(loaded, { ...base, meta: { ...base.meta, printCopyNumber: false, classification: '会后收回' } });
    expect(strip(linesOf(r.pages[0]!.runs)[0]!.text)).toBe('会后收回000001');
    expect(strip(r.pages[0]!.runs.map((x) => x.str).join('')).match(/会后收回/g)?.length).toBe(2); // the mark and the tail
  });

  it('信息专报 (GB/T 9704): 份号 line 1, red 发文机关标志 35 mm under the 版心 top, 发文字号 centred two lines below, red rule 4 mm under it, no 编印单位 row', () => {
    const r = get('xinxi-zhuanbao').sample;
    const lines = linesOf(r.pages[0]!.runs);
    expect(strip(lines[0]!.text)).toBe('000001');
    expect(lines[0]!.x).toBeCloseTo(28, 0);
    expect(lines[0]!.baseline - 0.88 * 16 * PT_TO_MM).toBeCloseTo(37, 0);
    const { run, color } = seriesName(r, '市人民政府办公室信息专报');
    expect(color).toEqual([1, 0, 0]);
    expect(Math.abs(run.baseline - 0.88 * run.size * PT_TO_MM - 72)).toBeLessThan(0.6);
    const docNumber = lines.find((l) => strip(l.text) === '市政办〔2025〕12号')!;
    expect(docNumber, '发文字号').toBeDefined();
    expect((docNumber.x + docNumber.runs[docNumber.runs.length - 1]!.x1) / 2).toBeCloseTo(106, 0);
    // two empty body lines (29.61 pt each) between the name and the 发文字号
    expect((docNumber.baseline - run.baseline) / PT_TO_MM).toBeGreaterThan(2 * 29.61);
    expect(lines.some((l) => strip(l.text) === '第12期')).toBe(false);
    const red = r.vectors[0]!.filter((v) => v.kind === 'stroke' && v.color.toLowerCase() === '#ff0000');
    expect(red).toHaveLength(1);
    expect(red[0]!.width).toBeCloseTo(1.5, 2);
    // GB/T 9704 §7.2.5: the rule 4 mm under the 发文字号 (its em box bottom)
    expect(red[0]!.y1 - (docNumber.baseline + 0.12 * 16 * PT_TO_MM)).toBeCloseTo(4, 0);
    // nothing between the 发文字号 and the rule: no 编印单位 / date row in the 版头
    expect(lines.filter((l) => l.baseline > docNumber.baseline + 1 && l.baseline < red[0]!.y1)).toEqual([]);
  });

  it('信息专报 (GB/T 9704): 主送机关 under the title, flush left with a colon; 版记 with 抄送 and “印发机关 … 年月日印发”; no 资料来源', () => {
    const r = get('xinxi-zhuanbao').sample;
    const lines = linesOf(r.pages[0]!.runs);
    const main = lines.find((l) => strip(l.text) === '市委办公室：')!;
    expect(main, '主送机关').toBeDefined();
    expect(main.x).toBeCloseTo(28, 0);
    // one empty line between the title's last line and the 主送机关
    const titleLast = lines[lines.indexOf(main) - 1]!;
    expect('杭州市落实“三个15%”科技政策的有关情况').toContain(strip(titleLast.text));
    expect((main.baseline - titleLast.baseline) / PT_TO_MM).toBeGreaterThan(1.5 * 29.61);
    const last = r.pages[r.pages.length - 1]!;
    const tail = linesOf(last.runs).map((l) => ({ text: strip(l.text), line: l }));
    expect(tail.some((t) => t.text.startsWith('主送：'))).toBe(false);
    expect(tail.some((t) => t.text.startsWith('抄送：市科技局'))).toBe(true);
    const printed = tail.find((t) => t.text === '市人民政府办公室2025年2月21日印发');
    expect(printed, '印发机关和印发日期').toBeDefined();
    // 印发机关 one character in from the left, 印发日期 one character in from the right (14 pt = 4.94 mm)
    expect(printed!.line.x).toBeCloseTo(28 + 14 * PT_TO_MM, 0);
    expect(printed!.line.runs[printed!.line.runs.length - 1]!.x1).toBeCloseTo(184 - 14 * PT_TO_MM, 0);
    expect(strip(get('xinxi-zhuanbao').reference.pages.map((p) => p.runs.map((x) => x.str).join('')).join(''))).not.toContain('资料来源：');
  });

  it('信息专报: a draft without a 发文字号 shows its 期号 in that place', async () => {
    const loaded = get('xinxi-zhuanbao').template;
    const base = sampleBriefing(loaded.template);
    const r = await render(loaded, { ...base, meta: { ...base.meta, docNumber: '' } });
    const lines = linesOf(r.pages[0]!.runs);
    const issue = lines.find((l) => strip(l.text) === '第12期');
    expect(issue).toBeDefined();
    expect((issue!.x + issue!.runs[issue!.runs.length - 1]!.x1) / 2).toBeCloseTo(106, 0);
  });

  it('an old draft pinned to 信息专报 1.0.0 keeps rendering with 1.0.0 (期号, 主送 in the 版记)', async () => {
    const old = createTemplateRegistry({ ...host }).resolve('xinxi-zhuanbao', '1.0.0');
    if (!old.ok) throw new Error(old.message);
    expect(old.value.template.version).toBe('1.0.0');
    const base = sampleBriefing(get('xinxi-zhuanbao').template.template);
    const r = await render(old.value, { ...base, template: { id: 'xinxi-zhuanbao', version: '1.0.0' } });
    const text = r.pages.map((p) => strip(p.runs.map((x) => x.str).join(''))).join('');
    expect(text).toContain('第12期');
    expect(text).toContain('主送：市委办公室');
    expect(text).not.toContain('市政办〔2025〕12号');
  });
});
