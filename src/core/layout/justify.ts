import { isSpace, isWordChar } from './chars';
import { breakLines, breakOpportunities, type LineSpan } from './line-break';
import type { Atom } from './shape';
import type { PlacedGlyph, StructRef, TextItem } from './types';

/** Alignment of a composed line. */
export type Align = 'justify' | 'left' | 'center' | 'right';

/** A line of atoms with final pen positions, relative to the line's left edge (indent included). */
export interface ComposedLine {
  readonly atoms: readonly { readonly atom: Atom; readonly x: number }[];
  /** Width actually covered (for centring checks and tests). */
  readonly width: number;
  readonly last: boolean;
}

/** Options of `composeParagraph`. */
export interface ComposeOptions {
  /** Available width of every line, points. */
  readonly width: number;
  /** Indent of the first line, points. */
  readonly firstIndent?: number;
  /** Indent of the following lines (hanging indent after 报：), points. */
  readonly restIndent?: number;
  readonly align: Align;
  /** Alignment of the paragraph's last line when `align` is justify (default left). */
  readonly lastAlign?: Exclude<Align, 'justify'>;
}

/** True when justification space may go between these two atoms. */
function stretchable(a: Atom, b: Atom): boolean {
  if (b.noBreakBefore) return false;
  if (isWordChar(a.char) && isWordChar(b.char)) return false;
  if ((a.char === '—' || a.char === '…') && a.char === b.char) return false;
  if (!a.fullWidth && !b.fullWidth && !isSpace(a.char) && !isSpace(b.char)) return false;
  return true;
}

/**
 * Breaks and places a paragraph: every line but the last ends flush with the right edge
 * (justify), space going between characters but never inside a Latin word, a number or ——.
 */
export function composeParagraph(atoms: readonly Atom[], options: ComposeOptions): ComposedLine[] {
  const firstIndent = options.firstIndent ?? 0;
  const restIndent = options.restIndent ?? 0;
  const allowed = breakOpportunities(atoms.map((a) => a.char));
  atoms.forEach((a, i) => {
    if (a.noBreakBefore) allowed[i] = false;
  });
  const spans = avoidRunt(atoms, breakLines(atoms, (line) => options.width - (line === 0 ? firstIndent : restIndent), allowed), allowed);
  return spans.map((span, index) => placeLine(atoms, span, index === 0 ? firstIndent : restIndent, options));
}

/**
 * No lone character on a paragraph's last line (孤字, e.g. “间。”): the line before gives up its
 * last character (at a legal break), so the last line holds at least two.
 */
function avoidRunt(atoms: readonly Atom[], spans: LineSpan[], allowed: readonly boolean[]): LineSpan[] {
  if (spans.length < 2) return spans;
  const last = spans[spans.length - 1]!;
  const prev = spans[spans.length - 2]!;
  let content = 0;
  for (let k = last.start; k < last.end; k++) if (atoms[k]!.squeezeFrom === null && !isSpace(atoms[k]!.char)) content++;
  if (content > 1 || last.end - last.start > 3) return spans;
  let b = prev.end - 1;
  while (b > prev.start + 1 && !allowed[b]) b--;
  if (b <= prev.start + 1 || prev.end - b > 3) return spans;
  return [
    ...spans.slice(0, -2),
    { start: prev.start, end: b, squeeze: prev.squeeze.slice(0, b - prev.start).map(() => 0), last: false },
    { start: b, end: last.end, squeeze: new Array<number>(last.end - b).fill(0), last: true },
  ];
}

function placeLine(atoms: readonly Atom[], span: LineSpan, indent: number, options: ComposeOptions): ComposedLine {
  let end = span.end;
  while (end > span.start && isSpace(atoms[end - 1]!.char)) end--;
  const widths: number[] = [];
  let natural = 0;
  for (let k = span.start; k < end; k++) {
    const w = atoms[k]!.width - (span.squeeze[k - span.start] ?? 0);
    widths.push(w);
    natural += w;
  }
  const available = options.width - indent;
  const align: Align = options.align === 'justify' && span.last ? (options.lastAlign ?? 'left') : options.align;
  let gapExtra = 0;
  let start = indent;
  const count = end - span.start;
  if (align === 'justify' && count > 1) {
    let gaps = 0;
    for (let k = span.start; k + 1 < end; k++) if (stretchable(atoms[k]!, atoms[k + 1]!)) gaps++;
    if (gaps > 0 && available - natural > 0) gapExtra = (available - natural) / gaps;
  } else if (align === 'center') {
    start = indent + (available - natural) / 2;
  } else if (align === 'right') {
    start = indent + available - natural;
  }
  const placed: { atom: Atom; x: number }[] = [];
  let x = start;
  for (let k = span.start; k < end; k++) {
    const atom = atoms[k]!;
    const squeeze = span.squeeze[k - span.start] ?? 0;
    const shift = atom.squeezeFrom === 'left' ? -squeeze : 0;
    placed.push({ atom, x: x + atom.glyphOffset + shift });
    x += widths[k - span.start]!;
    if (gapExtra > 0 && k + 1 < end && stretchable(atom, atoms[k + 1]!)) x += gapExtra;
  }
  return { atoms: placed, width: x - start, last: span.last };
}

/**
 * Turns a composed line into text items (one per run of face, size, colour, weight and rise), at
 * `left` + the atom positions and on `baseline` (raised atoms above it).
 */
export function lineToItems(line: ComposedLine, left: number, baseline: number, struct: StructRef): TextItem[] {
  const items: TextItem[] = [];
  let current: { face: Atom['face']; size: number; color: Atom['color']; bold: boolean; rise: number; glyphs: PlacedGlyph[] } | undefined;
  for (const { atom, x } of line.atoms) {
    if (isSpace(atom.char)) continue;
    const rise = atom.rise ?? 0;
    if (!current || current.face !== atom.face || current.size !== atom.size || current.color !== atom.color || current.bold !== atom.bold || current.rise !== rise) {
      if (current) items.push(toItem(current, baseline - current.rise, struct));
      current = { face: atom.face, size: atom.size, color: atom.color, bold: atom.bold, rise, glyphs: [] };
    }
    current.glyphs.push(atom.scaleX !== undefined ? { char: atom.char, x: left + x, scaleX: atom.scaleX } : { char: atom.char, x: left + x });
  }
  if (current) items.push(toItem(current, baseline - current.rise, struct));
  return items;
}

function toItem(run: { face: Atom['face']; size: number; color: Atom['color']; bold: boolean; glyphs: PlacedGlyph[] }, baseline: number, struct: StructRef): TextItem {
  return { kind: 'text', face: run.face, size: run.size, color: run.color, baseline, glyphs: run.glyphs, ...(run.bold ? { bold: true } : {}), struct };
}
