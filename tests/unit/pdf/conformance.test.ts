// Conformance of exported PDFs with the GB/T 9704 checklist (gbt9704.md §6) that applies to a 简报.
// Every assertion reads the PDF back (pdf.js for text runs and vector marks, poppler for text,
// fonts and page images); positions in mm from the sheet's top-left, ±0.5 mm unless stated.
import { beforeAll, describe, expect, it } from 'vitest';
import { excerptText, headingPrefix, NO_LINE_END, NO_LINE_START, HeadingCounter, stripTypedNumber } from '../../../src/core/layout';
import { citationKey, citationMarkers, citationMarkerText } from '../../../src/core/briefing';
import type { RenderResult } from '../../../src/core/pdf';
import type { Briefing } from '../../../src/shared/briefing';
import { extractRuns, extractVectors, linesOf, popplerFonts, popplerText, PT_TO_MM, qpdfCheck, renderGray, requireTools, type ExtractedPage, type VectorMark } from './extract';
import { loadBriefing, loadTemplate, renderOk } from './render';

const LEFT = 28;
const RIGHT = 184;
const TOP = 37;
const BOTTOM = 262;
const CELL = 156 / 28;
const PAGE_NUMBER = /^—\s?\d+\s?—$/;
const strip = (s: string) => s.replace(/\s+/g, '');
const template = loadTemplate().template;

interface Rendered {
  briefing: Briefing;
  result: RenderResult;
  pages: ExtractedPage[];
  vectors: VectorMark[][];
  fontOf: (role: string) => string;
}

async function prepare(name: string, options: Parameters<typeof renderOk>[1] = {}): Promise<Rendered> {
  const briefing = loadBriefing(name);
  const result = await renderOk(briefing, options);
  const [pages, vectors] = await Promise.all([extractRuns(result.pdf), extractVectors(result.pdf)]);
  const fontOf = (role: string) => result.fontReport.find((f) => f.role === role)!.postscriptName;
  return { briefing, result, pages, vectors, fontOf };
}

/** A superscript citation marker 〔n〕 (it rides on a body line in a smaller size). */
const isMarker = (text: string) => /^〔\d+〕$/.test(text.trim());

/** Lines of a page inside the type area (page numbers excluded). */
function bodyLines(page: ExtractedPage) {
  return linesOf(page.runs).filter((l) => l.baseline < BOTTOM + 2);
}

let demo: Rendered;
let grid: Rendered;
let numbered: Rendered;

beforeAll(async () => {
  [demo, grid, numbered] = await Promise.all([prepare('demo'), prepare('full-grid'), prepare('numbered', { copyNumber: '000017' })]);
}, 60_000);

describe('§6.1 page and type area', () => {
  it('1. every page is A4 portrait (595.28 × 841.89 pt)', () => {
    for (const r of [demo, grid, numbered]) {
      for (const page of r.pages) {
        expect(page.width).toBeCloseTo(595.28, 1);
        expect(page.height).toBeCloseTo(841.89, 1);
      }
    }
  });

  it('2. all text but page numbers lies within x ∈ [27, 185], y ∈ [36, 263] mm', () => {
    for (const r of [demo, grid, numbered]) {
      for (const page of r.pages) {
        for (const run of page.runs) {
          if (PAGE_NUMBER.test(strip(run.str)) || run.baseline > 263) continue;
          const sizeMm = run.size * PT_TO_MM;
          expect(run.x, run.str).toBeGreaterThanOrEqual(27);
          expect(run.x1, run.str).toBeLessThanOrEqual(185);
          expect(run.baseline - 0.88 * sizeMm, run.str).toBeGreaterThanOrEqual(36);
          expect(run.baseline + 0.12 * sizeMm, run.str).toBeLessThanOrEqual(263);
        }
      }
    }
  });

  it('3–4. body lines start at 28.0 mm, or 39.14 mm (two-character indent) for a paragraph’s first line', () => {
    let checked = 0;
    for (const r of [demo, numbered]) {
      const body = r.fontOf('fangsong');
      for (const page of r.pages) {
        for (const line of bodyLines(page)) {
          // (superscript citation markers 〔n〕 ride on body lines)
          if (!line.runs.filter((x) => !isMarker(x.str)).every((x) => x.font === body && Math.abs(x.size - 16) < 0.05)) continue;
          const atLeft = Math.abs(line.x - LEFT) <= 0.5;
          const indented = Math.abs(line.x - (LEFT + 2 * CELL)) <= 0.5;
          expect(atLeft || indented, `${line.text} @ ${line.x.toFixed(2)}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('3. every justified body line ends at 184.0 mm; only a paragraph’s last line ends short', () => {
    for (const r of [demo, grid]) {
      const body = r.fontOf('fangsong');
      const sequence = r.pages.flatMap((page) => bodyLines(page).filter((l) => l.baseline > 110 || page !== r.pages[0]));
      const isBody = (l: (typeof sequence)[number]) => l.runs.filter((x) => !isMarker(x.str)).every((x) => x.font === body && Math.abs(x.size - 16) < 0.05);
      sequence.forEach((line, i) => {
        if (!isBody(line) || Math.abs(line.x1 - RIGHT) <= 0.5) return;
        expect(line.x1, line.text).toBeLessThan(RIGHT + 0.5);
        const next = sequence[i + 1];
        // A short line ends its paragraph: what follows is another element or a new (indented) paragraph.
        if (next && isBody(next)) expect(Math.abs(next.x - (LEFT + 2 * CELL)) <= 0.5 || next.x > LEFT + 2 * CELL, `${line.text} → ${next.text}`).toBe(true);
      });
    }
  });
});

describe('§6.2 grid', () => {
  it('5. a page of continuous body text has 22 baselines 29.61 pt apart; the first glyph top is at 37.0 mm', () => {
    const page = grid.pages[1]!;
    const lines = bodyLines(page);
    expect(lines).toHaveLength(22);
    expect(lines[0]!.baseline - 0.88 * 16 * PT_TO_MM).toBeCloseTo(TOP, 0);
    expect(Math.abs(lines[0]!.baseline - 0.88 * 16 * PT_TO_MM - TOP)).toBeLessThanOrEqual(0.5);
    for (let k = 1; k < lines.length; k++) {
      expect(Math.abs((lines[k]!.baseline - lines[k - 1]!.baseline) / PT_TO_MM - 29.61)).toBeLessThanOrEqual(0.1);
    }
    expect(Math.abs(lines[21]!.baseline + 0.12 * 16 * PT_TO_MM - BOTTOM)).toBeLessThanOrEqual(0.5);
  });

  it('6. a full line of Chinese has 28 characters at a 15.79 pt pitch', () => {
    const body = grid.fontOf('fangsong');
    const full = grid.pages
      .flatMap((p) => bodyLines(p))
      .filter((l) => /^\p{Script=Han}+$/u.test(strip(l.text)) && Math.abs(l.x - LEFT) < 0.5 && Math.abs(l.x1 - RIGHT) < 0.5 && l.runs.every((r) => r.font === body));
    expect(full.length).toBeGreaterThan(20);
    for (const line of full) {
      expect([...strip(line.text)]).toHaveLength(28);
      expect(Math.abs((line.x1 - line.x) / PT_TO_MM / 28 - 15.79)).toBeLessThanOrEqual(0.05);
    }
  });
});

describe('§6.3 fonts and sizes', () => {
  it('7. body 16 pt, title 22 pt, 报尾 and page numbers 14 pt, 标识 16 pt', () => {
    const first = demo.pages[0]!;
    const title = first.runs.find((r) => r.str.includes('启示'))!;
    expect(title.size).toBeCloseTo(22, 1);
    const mark = first.runs.find((r) => r.str.includes('内部资料'))!;
    expect(mark.size).toBeCloseTo(16, 1);
    const last = demo.pages[demo.pages.length - 1]!;
    for (const line of linesOf(last.runs).filter((l) => /^(报|送|发)：|共印/.test(strip(l.text)))) {
      for (const run of line.runs) expect(run.size).toBeCloseTo(14, 1);
    }
    const bodyRun = demo.pages[1]!.runs.find((r) => r.font === demo.fontOf('fangsong') && r.baseline > 100)!;
    expect(bodyRun.size).toBeCloseTo(16, 1);
  });

  it('8. headings use their role by level: 一、黑体 （一）楷体 1. （1）仿宋, title 小标宋', () => {
    const lines = demo.pages.flatMap((p) => bodyLines(p));
    const roleOf = (regex: RegExp) => lines.filter((l) => regex.test(strip(l.text)) && Math.abs(l.x - (LEFT + 2 * CELL)) < 0.6);
    const l1 = roleOf(/^[一二三四五六七八九十]+、/);
    const l2 = roleOf(/^（[一二三四五六七八九十]+）/);
    const l3 = roleOf(/^\d+\.\p{Script=Han}/u);
    const l4 = roleOf(/^（\d+）/);
    expect([l1.length, l2.length, l3.length, l4.length].every((n) => n > 0)).toBe(true);
    for (const l of l1) expect(l.runs[0]!.font).toBe(demo.fontOf('heiti'));
    for (const l of l2) expect(l.runs[0]!.font).toBe(demo.fontOf('kaiti'));
    for (const l of [...l3, ...l4]) expect(l.runs[0]!.font).toBe(demo.fontOf('fangsong'));
    const title = demo.pages[0]!.runs.find((r) => r.str.includes('启示'))!;
    expect(title.font).toBe(demo.fontOf('xiaobiaosong'));
  });

  it('9. every font is embedded and subset with ToUnicode; no Type 3 fonts', () => {
    if (!requireTools('pdffonts')) return;
    for (const r of [demo, grid, numbered]) {
      const fonts = popplerFonts(r.result.pdf);
      expect(fonts.length).toBeGreaterThan(2);
      for (const f of fonts) {
        expect(f.emb && f.sub && f.uni, f.name).toBe(true);
        expect(f.type).not.toContain('Type 3');
        expect(f.name).toMatch(/^[A-Z]{6}\+/);
      }
    }
  });

  it('9. the text layer equals the source text (pdftotext and pdf.js)', () => {
    if (!requireTools('pdftotext')) return;
    for (const r of [demo, grid]) {
      const expected = expectedTexts(r.briefing);
      const fromPoppler = strip(popplerText(r.result.pdf)).replace(/—\d+—/g, '');
      const fromPdfjs = strip(r.pages.map((p) => linesOf(p.runs).map((l) => l.text).join('')).join('')).replace(/—\d+—/g, '');
      for (const [source, text] of [
        ['poppler', fromPoppler],
        ['pdf.js', fromPdfjs],
      ] as const) {
        let from = 0;
        for (const piece of expected) {
          const at = text.indexOf(piece, from);
          expect(at, `${source}: “${piece.slice(0, 30)}…” not found in order`).toBeGreaterThanOrEqual(0);
          from = at + piece.length;
        }
      }
    }
  });
});

/** What each text block of a briefing must read as in the PDF, in order (whitespace removed). */
function expectedTexts(briefing: Briefing): string[] {
  const counter = new HeadingCounter();
  const out: string[] = [strip(briefing.title), strip(briefing.meta.editorNote)];
  // Each linked figure and excerpt is followed by its source's marker 〔n〕, numbered as 资料来源.
  const markers = citationMarkers(briefing.blocks);
  const marker = (frozen: Parameters<typeof citationKey>[0]) => citationMarkerText(markers.get(citationKey(frozen))!);
  for (const block of briefing.blocks) {
    if (block.type === 'heading') {
      const h = template.headings[block.level - 1]!;
      out.push(strip(`${headingPrefix(h.numbering, counter.next(block.level))}${stripTypedNumber(block.text)}`));
    } else if (block.type === 'paragraph') out.push(strip(block.runs.map((r) => (r.link ? `${r.text}${marker(r.link.frozen)}` : r.text)).join('')));
    else if (block.type === 'excerpt') out.push(strip(`${excerptText(block)}${marker(block.frozen)}`));
    else if (block.type === 'note') out.push(strip(block.text));
  }
  for (const block of briefing.blocks) if (block.type === 'attachment') out.push(...block.paragraphs.map(strip));
  return out.filter((s) => s !== '');
}

describe('briefing elements', () => {
  it('按语 is set in 楷体 after a 黑体 label', () => {
    const note = linesOf(demo.pages[0]!.runs).find((l) => strip(l.text).startsWith('编者按：'))!;
    expect(note.runs[0]!.font).toBe(demo.fontOf('heiti'));
    expect(note.runs[note.runs.length - 1]!.font).toBe(demo.fontOf('kaiti'));
  });

  it('no heading stands alone at the foot of a page', () => {
    const heading = /^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.\p{Script=Han}|（\d+）)/u;
    for (const r of [demo, grid]) {
      r.pages.forEach((page, index) => {
        const lines = bodyLines(page);
        const last = lines[lines.length - 1];
        if (!last || index === r.pages.length - 1) return;
        expect(heading.test(strip(last.text)) && Math.abs(last.x - (LEFT + 2 * CELL)) < 0.6, `page ${index + 1} ends with ${last.text}`).toBe(false);
      });
    }
  });

  it('tables put units in the header, right-align numbers and mark derived values; charts mark 推算; 资料来源 lists the sources', () => {
    const all = demo.pages.flatMap((p) => linesOf(p.runs));
    const text = strip(all.map((l) => l.text).join(''));
    // Each header cell: the label, then its unit on its own line when the label needs the width.
    expect(text).toContain('技术转化率私募基金管理规模2024年GDP');
    expect(text).toContain('（%）（亿元）（万亿元）');
    const runs = demo.pages.flatMap((p) => p.runs);
    const [a, b] = [runs.find((r) => strip(r.str) === '28')!, runs.find((r) => strip(r.str) === '45')!];
    expect(Math.abs(a.x1 - b.x1)).toBeLessThanOrEqual(0.2);
    expect(text).toContain('6087*');
    expect(text).toContain('6087（推算）');
    expect(text).toContain('资料来源：1.《杭州有DeepSeek，我们有什么？》，上海证券报，2025年2月8日，第3、10、18、20段。');
  });
});

describe('§6.4 / §6.9 masthead (报头)', () => {
  it('10. 份号 is six digits on slot 1 at the right; 密级 matches the GB form on slot 1 at 28 mm; 紧急程度 below', () => {
    const lines = linesOf(numbered.pages[0]!.runs);
    const slot1 = lines.find((l) => Math.abs(l.baseline - 41.95) < 0.5)!;
    const number = slot1.runs.filter((r) => /^\d{6}$/.test(strip(r.str)));
    expect(number).toHaveLength(1);
    expect(strip(number[0]!.str)).toBe('000017');
    expect(Math.abs(number[0]!.x1 - RIGHT)).toBeLessThanOrEqual(0.5);
    const mark = slot1.runs.find((r) => /^(绝密|机密|秘密)(★\d+年)?$/.test(strip(r.str)))!;
    expect(Math.abs(mark.x - LEFT)).toBeLessThanOrEqual(0.5);
    expect(mark.font).toBe(numbered.fontOf('heiti'));
    const urgent = lines.find((l) => strip(l.text) === '特急')!;
    expect(Math.abs(urgent.baseline - (41.95 + 10.447))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(urgent.x - LEFT)).toBeLessThanOrEqual(0.5);
  });

  it('11/27. 简报名称 is red, ≥ 26 pt, centred on 106 mm, glyph top at 62 mm (top third)', () => {
    const page = demo.pages[0]!;
    const name = page.runs.find((r) => strip(r.str) === '工作简报')!;
    expect(name.size).toBeGreaterThanOrEqual(26);
    expect(Math.abs((name.x + name.x1) / 2 - 106)).toBeLessThanOrEqual(1);
    const top = name.baseline - 0.88 * name.size * PT_TO_MM;
    expect(Math.abs(top - 62)).toBeLessThanOrEqual(1);
    expect(top).toBeLessThanOrEqual(110);
    const drawn = page.coloured.find((c) => c.text === '工作简报')!;
    expect(drawn.color[0]).toBeGreaterThanOrEqual(0.8);
    expect(drawn.color[1]).toBeLessThanOrEqual(0.3);
    expect(drawn.color[2]).toBeLessThanOrEqual(0.3);
  });

  it('28–29. 期号 centred; 编印单位 left and 印发日期 right on one row', () => {
    const lines = linesOf(demo.pages[0]!.runs);
    const issue = lines.find((l) => /^第[1-9]\d*期(（总第\d+期）)?$/.test(strip(l.text)))!;
    expect(Math.abs((issue.x + issue.x1) / 2 - 106)).toBeLessThanOrEqual(1);
    const row = lines.find((l) => l.text.includes('办公室'))!;
    expect(Math.abs(row.x - LEFT)).toBeLessThanOrEqual(0.5);
    const date = row.runs[row.runs.length - 1]!;
    expect(strip(date.str)).toMatch(/^\d{4}年(?:[1-9]|1[0-2])月(?:[1-9]|[12]\d|3[01])日$/);
    expect(Math.abs(date.x1 - RIGHT)).toBeLessThanOrEqual(0.5);
  });

  it('13/30. the red rule spans 28–184 mm, 2.25 pt, 4 mm below the 编印单位 row', () => {
    const row = linesOf(demo.pages[0]!.runs).find((l) => l.text.includes('办公室'))!;
    const red = demo.vectors[0]!.filter((m) => m.kind === 'stroke' && m.color === '#ff0000');
    expect(red).toHaveLength(1);
    const rule = red[0]!;
    expect(Math.abs(rule.x1 - LEFT)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(rule.x2 - RIGHT)).toBeLessThanOrEqual(0.5);
    expect(rule.width).toBeCloseTo(template.masthead.rule.widthPt, 2);
    const glyphBottom = row.baseline + 0.12 * 16 * PT_TO_MM;
    expect(Math.abs(rule.y1 - glyphBottom - 4)).toBeLessThanOrEqual(0.5);
  });

  it('14. title: 22 pt 小标宋, centred on 106 mm, one empty slot below the red rule', () => {
    const title = linesOf(demo.pages[0]!.runs).find((l) => l.text.includes('启示'))!;
    expect(Math.abs((title.x + title.x1) / 2 - 106)).toBeLessThanOrEqual(1);
    const rule = demo.vectors[0]!.find((m) => m.color === '#ff0000')!;
    expect(title.baseline - 0.88 * 22 * PT_TO_MM - rule.y1).toBeGreaterThan(8);
  });

  it('31. 内部资料 注意保存 at slot 1, x = 28 mm', () => {
    const mark = linesOf(demo.pages[0]!.runs).find((l) => strip(l.text).startsWith('内部资料'))!;
    expect(Math.abs(mark.baseline - 41.95)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(mark.x - LEFT)).toBeLessThanOrEqual(0.5);
  });
});

describe('§6.5 attachments', () => {
  it('16. 附件说明 starts with 附件： at 39.1 mm; attachment pages carry 附件N (黑体, slot 1, 28 mm) and a centred title on slot 3', () => {
    const lines = grid.pages.flatMap((p) => bodyLines(p));
    const note = lines.find((l) => strip(l.text).startsWith('附件：'))!;
    expect(Math.abs(note.x - (LEFT + 2 * CELL))).toBeLessThanOrEqual(0.5);
    expect(strip(note.text)).toMatch(/^附件：1\.\S+[^。；，]$/);
    const labels = grid.pages.map((p) => linesOf(p.runs).find((l) => /^附件\d*$/.test(strip(l.text)))).filter((l) => l !== undefined);
    expect(labels).toHaveLength(2);
    for (const label of labels) {
      expect(Math.abs(label.baseline - 41.95)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(label.x - LEFT)).toBeLessThanOrEqual(0.5);
      expect(label.runs[0]!.font).toBe(grid.fontOf('heiti'));
    }
    const attachmentPage = grid.pages.find((p) => linesOf(p.runs).some((l) => strip(l.text) === '附件1'))!;
    const title = linesOf(attachmentPage.runs).find((l) => strip(l.text) === '重点企业名单')!;
    expect(Math.abs((title.x + title.x1) / 2 - 106)).toBeLessThanOrEqual(1);
    const slot3Centre = 36.98 + 2 * 10.447 + 5.644 / 2;
    expect(Math.abs(title.baseline - 0.38 * 22 * PT_TO_MM - slot3Centre)).toBeLessThanOrEqual(1);
  });
});

describe('§6.6 / §6.9 报尾 on the last page', () => {
  it('17/32. two thick rules (0.35 mm) and thin ones (0.25 mm), 156 mm from x = 28, the last on 262 mm', () => {
    for (const r of [demo, grid, numbered]) {
      const marks = r.vectors[r.vectors.length - 1]!.filter((m) => m.kind === 'stroke' && Math.abs(m.y1 - m.y2) < 0.01 && m.x2 - m.x1 > 150);
      const thick = marks.filter((m) => Math.abs(m.width - 0.992) <= 0.14);
      const thin = marks.filter((m) => Math.abs(m.width - 0.709) <= 0.14);
      expect(thick).toHaveLength(2);
      expect(thick.length + thin.length).toBe(marks.length);
      for (const m of marks) {
        expect(Math.abs(m.x1 - LEFT)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(m.x2 - m.x1 - 156)).toBeLessThanOrEqual(0.5);
      }
      expect(Math.abs(Math.max(...thick.map((m) => m.y1)) - BOTTOM)).toBeLessThanOrEqual(0.5);
    }
  });

  it('18. 报/送/发 rows in 14 pt from 28 + 4.94 mm ending with 。; 共印N份 ends 4.94 mm inside the right edge', () => {
    const last = demo.pages[demo.pages.length - 1]!;
    const lines = linesOf(last.runs);
    const rows = lines.filter((l) => /^(报|送|发)：/.test(strip(l.text)));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(Math.abs(row.x - (LEFT + 4.94))).toBeLessThanOrEqual(0.7);
    expect(strip(rows[rows.length - 1]!.text).endsWith('。')).toBe(true);
    const copies = lines.find((l) => /（共印\d+份）$/.test(strip(l.text)))!;
    expect(Math.abs(copies.x1 - (RIGHT - 4.94))).toBeLessThanOrEqual(0.7);
    expect(copies.runs[0]!.size).toBeCloseTo(14, 1);
  });
});

describe('§6.7 page numbers', () => {
  it('19–20. one — N — per page in 14 pt 宋体, consecutive; odd pages right (179.1 mm), even pages left (32.9 mm)', () => {
    for (const r of [demo, grid]) {
      r.pages.forEach((page, index) => {
        const numbers = linesOf(page.runs).filter((l) => PAGE_NUMBER.test(strip(l.text)));
        expect(numbers).toHaveLength(1);
        const n = numbers[0]!;
        expect(strip(n.text)).toBe(`—${index + 1}—`);
        for (const run of n.runs) {
          expect(run.size).toBeCloseTo(14, 1);
          expect(run.font).toBe(r.fontOf('songti'));
        }
        if ((index + 1) % 2 === 1) expect(Math.abs(n.x1 - 179.06)).toBeLessThanOrEqual(1);
        else expect(Math.abs(n.x - 32.94)).toBeLessThanOrEqual(1);
      });
    }
  });

  it('21. the 一字线 stroke is 7 mm below the type area (y = 269 mm), measured on the rendered page', () => {
    if (!requireTools('pdftoppm')) return;
    const dpi = 300;
    for (const pageNumber of [1, 2]) {
      const image = renderGray(demo.result.pdf, pageNumber, dpi);
      const line = linesOf(demo.pages[pageNumber - 1]!.runs).find((l) => PAGE_NUMBER.test(strip(l.text)))!;
      // Dark pixels in the first dash's span (its first 4 mm), between 264 and 274 mm.
      const px = (mm: number) => Math.round((mm / 25.4) * dpi);
      const rows: number[] = [];
      for (let y = px(264); y < px(274); y++) {
        let dark = 0;
        for (let x = px(line.x + 0.5); x < px(line.x + 4); x++) if (image.pixels[y * image.width + x]! < 128) dark++;
        if (dark > px(2)) rows.push(y);
      }
      expect(rows.length).toBeGreaterThan(0);
      const centre = ((rows[0]! + rows[rows.length - 1]!) / 2 / dpi) * 25.4;
      expect(Math.abs(centre - 269)).toBeLessThanOrEqual(1);
    }
  });
});

describe('§6.8 typography hygiene', () => {
  it('23. no line starts with a no-start or ends with a no-end mark; —— …… and numbers never split', () => {
    for (const r of [demo, grid, numbered]) {
      const sequence = r.pages.flatMap((p) => bodyLines(p).filter((l) => l.runs.every((x) => Math.abs(x.size - 16) < 0.05)));
      sequence.forEach((line, i) => {
        const text = strip(line.text);
        const first = text[0]!;
        const last = text[text.length - 1]!;
        if (!(text.startsWith('——') || text.startsWith('……'))) expect(NO_LINE_START.has(first), `line starts with ${first}: ${text}`).toBe(false);
        expect(NO_LINE_END.has(last), `line ends with ${last}: ${text}`).toBe(false);
        const next = sequence[i + 1];
        if (!next) return;
        const nextFirst = strip(next.text)[0]!;
        expect(last === '—' && nextFirst === '—', `—— split: ${text}`).toBe(false);
        expect(last === '…' && nextFirst === '…', `…… split: ${text}`).toBe(false);
        expect(/\d/.test(last) && /\d/.test(nextFirst) && next.x < LEFT + 0.5, `number split: ${text} / ${next.text}`).toBe(false);
      });
    }
  });

  it('24. no ASCII , ; : ( ) next to Chinese in the demo', () => {
    if (!requireTools('pdftotext')) return;
    const text = popplerText(demo.result.pdf);
    expect(text).not.toMatch(/\p{Script=Han}[,;:()]|[,;:()]\p{Script=Han}/u);
  });

  it('25. only red and black ink: text is black except the 简报名称; other fills are greys', () => {
    for (const r of [demo, numbered]) {
      for (const [index, page] of r.pages.entries()) {
        for (const c of page.coloured) {
          const black = c.color.every((v) => v < 0.01);
          if (!black) {
            expect(index).toBe(0);
            expect(c.text).toBe('工作简报');
          }
        }
        for (const m of r.vectors[index]!) {
          const [red, green, blue] = [1, 3, 5].map((k) => parseInt(m.color.slice(k, k + 2), 16));
          const grey = red === green && green === blue;
          if (!grey) expect(m.color).toBe('#ff0000');
        }
      }
    }
  });

  it('25. the watermark is light grey outlines in an optional-content layer, outside the text layer', async () => {
    if (!requireTools('pdftotext')) return;
    expect(popplerText(numbered.result.pdf)).not.toContain('征求意见稿');
    const grey = numbered.vectors[0]!.filter((m) => m.kind === 'fill' && m.color === '#d9d9d9');
    expect(grey).toHaveLength([...'征求意见稿'].length);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(numbered.result.pdf), verbosity: 0 }).promise;
    const config = await doc.getOptionalContentConfig();
    const groups = [...(config as unknown as Iterable<[string, { name: string }]>)].map(([, g]) => g.name);
    expect(groups).toContain('水印');
    await doc.destroy();
  });

  it('26. metadata: Title, Author (编印单位), Creator/Producer with the app, template id; XMP escaped', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(numbered.result.pdf), verbosity: 0 }).promise;
    const { info, metadata } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown>; metadata: { get(key: string): unknown } | null };
    expect(info.Title).toBe('关于“A&B<C>”项目进展情况的报告');
    expect(info.Author).toBe('市发展和改革委员会办公室');
    expect(String(info.Creator)).toContain('简报工坊 BriefSmith');
    expect(String(info.Producer)).toContain('简报工坊 BriefSmith');
    expect((info.Custom as Record<string, string>).BriefSmithTemplate).toBe('gongzuo-jianbao@1.0.0');
    expect(metadata).not.toBeNull();
    expect(metadata!.get('dc:title')).toBe('关于“A&B<C>”项目进展情况的报告');
    await doc.destroy();
  });
});

describe('PDF features', () => {
  it('bookmarks follow the headings, numbered and nested by level', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(demo.result.pdf), verbosity: 0 }).promise;
    const outline = (await doc.getOutline()) as { title: string; items: { title: string; items: { title: string }[] }[] }[];
    expect(outline[0]!.title).toBe('杭州“六小龙”现象对我市的启示');
    const top = outline[0]!.items.map((i) => i.title);
    expect(top).toEqual(['一、基本情况', '二、杭州的主要做法', '三、我市与杭州的主要差距', '四、对我市的启示和建议']);
    expect(outline[0]!.items[1]!.items.map((i) => i.title)).toEqual(['（一）真金白银加大科技投入', '（二）以“园丁”姿态营造创新生态']);
    await doc.destroy();
  });

  it('is a tagged PDF with a structure tree', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(demo.result.pdf), verbosity: 0 }).promise;
    const markInfo = await doc.getMarkInfo();
    expect(markInfo?.Marked).toBe(true);
    const tree = (await (await doc.getPage(2)).getStructTree()) as { children: { role: string; children: { role: string }[] }[] };
    const roles = JSON.stringify(tree);
    expect(roles).toContain('"role":"P"');
    expect(roles).toContain('"role":"H1"');
    await doc.destroy();
  });

  it('passes qpdf --check', () => {
    if (!requireTools('qpdf')) return;
    for (const r of [demo, grid, numbered]) expect(qpdfCheck(r.result.pdf)).toContain('No syntax or stream encoding errors');
  });
});
