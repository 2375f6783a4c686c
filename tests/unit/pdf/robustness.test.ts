// Bad and extreme input: every case gives a correct PDF or a typed error, never a crash or a
// broken file. Plus determinism, PDF/A, numbered copies with the register, cancellation and a
// property test over random valid briefings.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderBriefingPdf } from '../../../src/core/pdf';
import { exportBriefingToFile, resolveTemplate } from '../../../src/main/services/export';
import type { Block, Briefing } from '../../../src/shared/briefing';
import { briefingSchema } from '../../../src/shared/briefing';
import { isErrorCode } from '../../../src/shared/errors';
import { extractRuns, linesOf, popplerFonts, popplerText, qpdfCheck, requireTools } from './extract';
import { loadBriefing, loadTemplate, PINNED, render, renderOk, testEngine } from './render';

const strip = (s: string) => s.replace(/\s+/g, '');

/** A PDF is valid when qpdf, poppler and pdf.js all open it. */
async function expectValidPdf(pdf: Uint8Array): Promise<void> {
  expect(Buffer.from(pdf.subarray(0, 8)).toString('latin1')).toMatch(/^%PDF-1\.7/);
  expect(Buffer.from(pdf.subarray(pdf.length - 6)).toString('latin1')).toContain('%%EOF');
  if (requireTools('qpdf', 'pdftotext')) {
    qpdfCheck(pdf);
    popplerText(pdf);
  }
  const pages = await extractRuns(pdf);
  expect(pages.length).toBeGreaterThan(0);
}

describe('bad and extreme input', () => {
  it('an empty briefing gives a one-page PDF with masthead, page number and nothing else', async () => {
    const result = await renderOk(loadBriefing('empty'));
    await expectValidPdf(result.pdf);
    expect(result.pageCount).toBe(1);
    const text = strip(popplerText(result.pdf));
    expect(text).toContain('工作简报');
    expect(text).toContain('—1—');
  });

  it('a 5,000-character paragraph without punctuation breaks into justified lines and keeps every character', async () => {
    const briefing = loadBriefing('long-paragraph');
    const result = await renderOk(briefing);
    await expectValidPdf(result.pdf);
    const source = (briefing.blocks[0] as Extract<Block, { type: 'paragraph' }>).runs[0]!.text;
    expect(source).toHaveLength(5000);
    expect(strip(popplerText(result.pdf)).replace(/—\d+—/g, '')).toContain(source);
    // 5,000 characters: 22 × 28 per page, so about nine pages with the masthead.
    expect(result.pageCount).toBeGreaterThanOrEqual(9);
  });

  it('a table wider than the page is split into column groups that fit, with every value kept', async () => {
    const briefing = loadBriefing('wide-table');
    const result = await renderOk(briefing);
    await expectValidPdf(result.pdf);
    const pages = await extractRuns(result.pdf);
    for (const page of pages) for (const run of page.runs) expect(run.x1).toBeLessThanOrEqual(185);
    const text = strip(popplerText(result.pdf));
    const table = briefing.blocks.find((b) => b.type === 'table')!;
    for (const row of table.rows) for (const cell of row.cells) expect(text).toContain(cell.text);
    expect(text).toContain('（续表）');
  });

  it('a table longer than a page repeats its header row on every page', async () => {
    const base = loadBriefing('empty');
    const rows = Array.from({ length: 70 }, (_, i) => ({ label: `第${i + 1}区`, cells: [{ text: String(100 + i), value: 100 + i }, { text: `${(i % 9) + 1}.5`, value: (i % 9) + 1.5 }] }));
    const briefing: Briefing = {
      ...base,
      title: '长表格',
      blocks: [{ id: 't', type: 'table', caption: '表1　各区指标', columns: [{ label: '地区' }, { label: '企业数', unit: '家' }, { label: '增速', unit: '%' }], rows }],
    };
    const result = await renderOk(briefing);
    await expectValidPdf(result.pdf);
    const pages = await extractRuns(result.pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) {
      const text = strip(linesOf(page.runs).map((l) => l.text).join(''));
      expect(text).toContain('企业数（家）');
    }
    const all = strip(pages.map((p) => linesOf(p.runs).map((l) => l.text).join('')).join(''));
    for (const row of rows) expect(all).toContain(`${row.label}${row.cells[0]!.text}`);
  });

  it('oversized parts (a 500-character title, a 2,000-character chart note, 300 recipients) stay inside the type area', async () => {
    const base = loadBriefing('demo');
    const chart = base.blocks.find((b) => b.type === 'chart')!;
    const briefing: Briefing = {
      ...base,
      title: '关于科技创新工作的情况报告'.repeat(40).slice(0, 500),
      blocks: [{ ...chart, note: '说明'.repeat(1000) }],
      meta: { ...base.meta, distribution: { bao: Array.from({ length: 300 }, (_, i) => `第${i + 1}单位`), song: [], fa: [] } },
    };
    const result = await renderOk(briefing);
    await expectValidPdf(result.pdf);
    for (const page of await extractRuns(result.pdf)) {
      for (const run of page.runs) {
        if (/^—/.test(run.str.trim()) && run.baseline > 263) continue;
        expect(run.baseline - (0.88 * run.size * 25.4) / 72, run.str).toBeGreaterThanOrEqual(36);
        expect(run.baseline + (0.12 * run.size * 25.4) / 72, run.str).toBeLessThanOrEqual(263);
      }
    }
    expect(strip(popplerText(result.pdf))).toContain('第300单位');
  });

  it('a chart with no data draws an empty frame with a note', async () => {
    const result = await renderOk(loadBriefing('chart-empty'));
    await expectValidPdf(result.pdf);
    expect(strip(popplerText(result.pdf))).toContain('（暂无数据）');
  });

  it('a character no font can draw stops the export with MISSING_GLYPH naming it and where it is', async () => {
    const result = await render(loadBriefing('missing-glyph'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('MISSING_GLYPH');
      expect(result.message).toContain('U+E000');
      expect(result.message).toContain('第1块（段落）');
    }
  });

  it('a rare character only the fallback font has (Ext-B 𠁡) is drawn from it, never as a box', async () => {
    const result = await renderOk(loadBriefing('rare-chars'));
    await expectValidPdf(result.pdf);
    // 𠁡 is the one character the body (仿宋) and the title (小标宋) fonts lack.
    const fallback = Object.fromEntries(result.fontReport.map((f) => [f.role, f.fallbackCharacters]));
    expect(fallback.fangsong).toBe(1);
    expect(fallback.xiaobiaosong).toBe(1);
    if (!requireTools('pdffonts')) return;
    expect(popplerFonts(result.pdf).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toContain('HanaMinB');
    expect(popplerText(result.pdf)).toContain('𠁡');
  });

  it('missing fonts give FONT_UNAVAILABLE, not a crash', async () => {
    const loaded = loadTemplate();
    const result = await renderBriefingPdf(loadBriefing('demo'), loaded.template, { fonts: { chain: () => [] }, now: () => PINNED, appVersion: 'test' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('FONT_UNAVAILABLE');
  });

  it('a template naming fonts that do not exist falls back to the bundled fonts', async () => {
    const loaded = loadTemplate();
    const template = {
      ...loaded.template,
      fonts: { ...loaded.template.fonts, fangsong: { files: ['/nonexistent/仿宋.ttf'], systemFamilies: ['不存在的字体'] } },
    };
    const result = await render(loadBriefing('numbered'), {}, { ...loaded, template });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.fontReport.find((f) => f.role === 'fangsong')!.origin).toBe('bundled');
  });

  it('an unknown template is a typed UNKNOWN_TEMPLATE error', () => {
    const result = resolveTemplate(testEngine, 'no-such-template');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('UNKNOWN_TEMPLATE');
    const file = resolveTemplate(testEngine, './missing/template.json', '/tmp');
    expect(file.ok).toBe(false);
  });

  it('an unwritable path is a typed error and leaves no partial file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-unwritable-'));
    const template = loadTemplate();
    const briefing = loadBriefing('empty');
    const missingDir = await exportBriefingToFile(testEngine, { briefing, template, outPath: join(dir, 'no', 'such', 'dir', 'x.pdf') });
    expect(missingDir.ok).toBe(false);
    if (!missingDir.ok) expect(missingDir.code).toBe('WRITE_FAILED');
    mkdirSync(join(dir, 'is-a-directory.pdf'));
    const isDir = await exportBriefingToFile(testEngine, { briefing, template, outPath: join(dir, 'is-a-directory.pdf') });
    expect(isDir.ok).toBe(false);
    if (!isDir.ok) expect(['WRITE_FAILED', 'PERMISSION_DENIED']).toContain(isDir.code);
    expect(readdirSync(dir)).toEqual(['is-a-directory.pdf']);
  });

  it('a 300-page briefing renders with progress, and can be cancelled', async () => {
    const paragraph = '杭州的创新基因始于南宋临安的市舶司盛于改革开放后的杭铁头精神当互联网浪潮初起时这座城市展现出惊人的产业适配能力'.repeat(12);
    const base = loadBriefing('empty');
    const blocks: Block[] = Array.from({ length: 300 }, (_, i) => ({ id: `p${i}`, type: 'paragraph', runs: [{ text: paragraph }] }));
    const briefing: Briefing = { ...base, title: '三百页压力测试', blocks };
    const progress: number[] = [];
    const started = performance.now();
    const result = await renderOk(briefing, { onProgress: (done) => progress.push(done) });
    const elapsed = performance.now() - started;
    expect(result.pageCount).toBeGreaterThanOrEqual(300);
    expect(progress[progress.length - 1]).toBe(result.pageCount);
    expect(elapsed).toBeLessThan(30_000);
    if (requireTools('qpdf')) qpdfCheck(result.pdf);

    const controller = new AbortController();
    const cancelled = await render(briefing, { signal: controller.signal, onProgress: (done) => (done === 20 ? controller.abort() : undefined) });
    expect(cancelled.ok).toBe(false);
    if (!cancelled.ok) expect(cancelled.code).toBe('CANCELLED');
  }, 60_000);
});

describe('output properties', () => {
  it('is byte-identical for the same briefing, template and clock', async () => {
    const briefing = loadBriefing('demo');
    const [a, b] = [await renderOk(briefing), await renderOk(briefing)];
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
  });

  it('writes PDF/A-2b identification and an sRGB output intent on request', async () => {
    const result = await renderOk(loadBriefing('numbered'), { pdfa: true });
    await expectValidPdf(result.pdf);
    const raw = Buffer.from(result.pdf).toString('latin1');
    expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(raw).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(raw).toContain('/OutputIntents');
    expect(raw).toContain('GTS_PDFA1');
  });

  it('numbered copies carry their own 份号 and recipient watermark, with a 分发登记表 as PDF and CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-copies-'));
    const progress: string[] = [];
    const result = await exportBriefingToFile(testEngine, {
      briefing: loadBriefing('demo'),
      template: loadTemplate(),
      outPath: join(dir, '工作简报第5期.pdf'),
      copies: 3,
      recipients: ['张三', '李四'],
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
    expect(result.value.copies.map((c) => [c.copyNumber, c.recipient])).toEqual([
      ['000001', '张三'],
      ['000002', '李四'],
      ['000003', ''],
    ]);
    for (const copy of result.value.copies) {
      const pdf = readFileSync(copy.path);
      const first = (await extractRuns(pdf))[0]!;
      const number = linesOf(first.runs).flatMap((l) => l.runs).find((r) => /^\d{6}$/.test(r.str.trim()));
      expect(number?.str.trim()).toBe(copy.copyNumber);
      // The recipient's name is a watermark: drawn, but not in the text layer.
      if (copy.recipient && requireTools('pdftotext')) expect(popplerText(pdf)).not.toContain(copy.recipient);
    }
    const csv = readFileSync(result.value.register!.csv, 'utf8');
    expect(csv).toBe('\uFEFF份号,接收人,分发日期\r\n000001,张三,2025年2月12日\r\n000002,李四,2025年2月12日\r\n000003,,2025年2月12日\r\n');
    const register = readFileSync(result.value.register!.pdf);
    await expectValidPdf(register);
    if (requireTools('pdftotext')) {
      const text = strip(popplerText(register));
      expect(text).toContain('工作简报第5期分发登记表');
      for (const name of ['000001', '张三', '000002', '李四', '000003']) expect(text).toContain(name);
    }
  });
});

// Random valid briefings: text from a pool that mixes Chinese, punctuation, digits and Latin.
const pool = [...'国家科技创新发展人才资本产业生态南京杭州推进完善建立工作会议，。、；：？！“”（）《》——……·～%1234567890ABCxyz 　'];
const text = (max: number) => fc.array(fc.constantFrom(...pool), { maxLength: max }).map((a) => a.join(''));
const blockArb = (i: number): fc.Arbitrary<Block> =>
  fc.oneof(
    fc.record({ id: fc.constant(`h${i}`), type: fc.constant('heading' as const), level: fc.integer({ min: 1, max: 4 }), text: text(40) }),
    fc.record({ id: fc.constant(`p${i}`), type: fc.constant('paragraph' as const), runs: fc.array(fc.record({ text: text(300), bold: fc.boolean() }), { maxLength: 3 }) }),
    fc.record({ id: fc.constant(`n${i}`), type: fc.constant('note' as const), text: text(120) }),
    fc.record({
      id: fc.constant(`t${i}`),
      type: fc.constant('table' as const),
      caption: text(20),
      columns: fc.array(fc.record({ label: text(8), unit: fc.constantFrom('%', '亿元', '') }), { minLength: 1, maxLength: 8 }),
      rows: fc.array(fc.record({ label: text(8), cells: fc.array(fc.record({ text: text(10), derived: fc.boolean() }), { maxLength: 8 }) }), { maxLength: 6 }),
    }),
    fc.record({
      id: fc.constant(`c${i}`),
      type: fc.constant('chart' as const),
      title: text(20),
      unit: fc.constantFrom('%', '亿元'),
      bars: fc.array(fc.record({ label: text(6), value: fc.double({ min: -1e6, max: 1e6, noNaN: true }), derived: fc.boolean() }), { maxLength: 8 }),
    }),
    fc.constant({ id: `b${i}`, type: 'pageBreak' as const }),
    fc.record({ id: fc.constant(`a${i}`), type: fc.constant('attachment' as const), title: text(20), paragraphs: fc.array(text(200), { maxLength: 2 }) }),
  );

describe('property: random valid briefings', () => {
  it('always export a valid PDF or return a typed error', async () => {
    if (!requireTools('qpdf')) return;
    const base = loadBriefing('demo');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => blockArb(i)))),
        text(60),
        text(200),
        async (blocks, title, note) => {
          const candidate = { ...base, title, meta: { ...base.meta, editorNote: note }, blocks };
          const parsed = briefingSchema.safeParse(candidate);
          if (!parsed.success) return;
          const result = await render(parsed.data);
          if (!result.ok) {
            expect(isErrorCode(result.code)).toBe(true);
            return;
          }
          qpdfCheck(result.value.pdf);
          expect(result.value.pageCount).toBeGreaterThan(0);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40), seed: Number(process.env.PROPERTY_SEED ?? 20250212) },
    );
  }, 120_000);
});
