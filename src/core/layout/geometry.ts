import type { Template } from '../../shared/template';

/** Points per millimetre (1 pt = 1/72 in). */
export const PT_PER_MM = 72 / 25.4;
export const mm = (value: number): number => value * PT_PER_MM;
export const toMm = (points: number): number => points / PT_PER_MM;

/** Ideographic em box: CJK faces put the baseline 0.88 em below the em-box top (−0.12 … 0.88 em). */
export const EM_ASCENT = 0.88;

/**
 * Page geometry in points, y from the top of the page. The body grid follows the template's line
 * model:
 * - `gb-line` (Model B of gbt9704.md §1.4): the first line's em box touches the type-area top and
 *   the last line's touches its bottom; pitch = (height − size) / (lines − 1) = 29.61 pt for 22 lines.
 * - `word-grid` (Model A): pitch = height / lines, each glyph centred in its line box.
 */
export interface Geometry {
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly right: number;
  readonly bottom: number;
  readonly bodySize: number;
  /** Width of a full-width body character: type-area width / characters per line. */
  readonly cell: number;
  readonly linePitch: number;
  readonly lines: number;
  /** Em-box top of body slot k (0-based). */
  slotTop(k: number): number;
  /** First slot whose em-box top is at or below `y` (may be ≥ lines). */
  slotAtOrBelow(y: number): number;
}

export function geometryOf(template: Template): Geometry {
  const area = template.page.typeArea;
  const top = mm(area.topMm);
  const left = mm(area.leftMm);
  const width = mm(area.widthMm);
  const height = mm(area.heightMm);
  const lines = template.grid.linesPerPage;
  const bodySize = template.body.style.sizePt;
  const gbLine = template.grid.lineModel === 'gb-line';
  const linePitch = gbLine ? (height - bodySize) / (lines - 1) : height / lines;
  const first = gbLine ? top : top + (linePitch - bodySize) / 2;
  const slotTop = (k: number) => first + k * linePitch;
  return {
    pageWidth: mm(template.page.widthMm),
    pageHeight: mm(template.page.heightMm),
    left,
    top,
    width,
    height,
    right: left + width,
    bottom: top + height,
    bodySize,
    cell: width / template.grid.charsPerLine,
    linePitch,
    lines,
    slotTop,
    slotAtOrBelow: (y) => Math.max(0, Math.ceil((y - first) / linePitch - 1e-6)),
  };
}

/** Baseline for text of `size` centred on a body slot whose em box starts at `slotTop`. */
export function baselineInSlot(slotTop: number, bodySize: number, size: number): number {
  return slotTop + (bodySize - size) / 2 + EM_ASCENT * size;
}
