import type { TextRun } from '../../shared/briefing';

// Paragraph text as runs (加粗 or not). Every function returns new, normalised runs: adjacent runs
// of the same weight merged, empty runs dropped, and always at least one run.

/** The plain text of runs. */
export function runsText(runs: readonly TextRun[]): string {
  let out = '';
  for (const r of runs) out += r.text;
  return out;
}

/** Merges neighbours of equal weight, drops empty runs and `bold: false`; never returns []. */
export function normalizeRuns(runs: readonly TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const r of runs) {
    if (r.text === '') continue;
    const bold = r.bold === true;
    const last = out[out.length - 1];
    if (last && (last.bold === true) === bold) out[out.length - 1] = bold ? { text: last.text + r.text, bold } : { text: last.text + r.text };
    else out.push(bold ? { text: r.text, bold } : { text: r.text });
  }
  return out.length === 0 ? [{ text: '' }] : out;
}

/** True when two run lists read and weigh the same. */
export function runsEqual(a: readonly TextRun[], b: readonly TextRun[]): boolean {
  const x = normalizeRuns(a);
  const y = normalizeRuns(b);
  return x.length === y.length && x.every((r, i) => r.text === y[i]!.text && (r.bold === true) === (y[i]!.bold === true));
}

/** One boolean per UTF-16 code unit: is it bold. */
function weights(runs: readonly TextRun[]): boolean[] {
  const out: boolean[] = [];
  for (const r of runs) for (let i = 0; i < r.text.length; i++) out.push(r.bold === true);
  return out;
}

function fromWeights(text: string, bold: readonly boolean[]): TextRun[] {
  const runs: TextRun[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || bold[i] !== bold[start]) {
      runs.push(bold[start] ? { text: text.slice(start, i), bold: true } : { text: text.slice(start, i) });
      start = i;
    }
  }
  return normalizeRuns(runs);
}

/** Whether the character at `offset` is bold (the one before it at the end). */
export function isBoldAt(runs: readonly TextRun[], offset: number): boolean {
  const w = weights(runs);
  return w[Math.min(offset, w.length - 1)] ?? false;
}

/**
 * Carries the weights over to a new text after the user typed, deleted or pasted: the common
 * prefix and suffix keep their weight; inserted text takes the weight of the character before it
 * (or after it, at the start).
 */
export function applyTextChange(runs: readonly TextRun[], next: string): TextRun[] {
  const prev = runsText(runs);
  if (prev === next) return normalizeRuns(runs);
  const w = weights(runs);
  let p = 0;
  const max = Math.min(prev.length, next.length);
  while (p < max && prev.charCodeAt(p) === next.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && prev.charCodeAt(prev.length - 1 - s) === next.charCodeAt(next.length - 1 - s)) s++;
  const inserted = next.length - p - s;
  const inheritedBold = p > 0 ? (w[p - 1] ?? false) : (w[prev.length - s] ?? false);
  const bold = [...w.slice(0, p), ...Array<boolean>(inserted).fill(inheritedBold), ...w.slice(prev.length - s)];
  return fromWeights(next, bold);
}

/** Bolds [start, end), or un-bolds it when it is bold already throughout. */
export function toggleBold(runs: readonly TextRun[], start: number, end: number): TextRun[] {
  const text = runsText(runs);
  const a = Math.max(0, Math.min(start, end, text.length));
  const b = Math.min(text.length, Math.max(start, end));
  if (a === b) return normalizeRuns(runs);
  const w = weights(runs);
  const allBold = w.slice(a, b).every(Boolean);
  for (let i = a; i < b; i++) w[i] = !allBold;
  return fromWeights(text, w);
}

/** The runs of [start, end). */
export function sliceRuns(runs: readonly TextRun[], start: number, end?: number): TextRun[] {
  const text = runsText(runs);
  const b = end ?? text.length;
  return fromWeights(text.slice(start, b), weights(runs).slice(start, b));
}

/** Splits runs at `offset` (Enter in the middle of a paragraph). */
export function splitRuns(runs: readonly TextRun[], offset: number): [TextRun[], TextRun[]] {
  return [sliceRuns(runs, 0, offset), sliceRuns(runs, offset)];
}

/** Joins two paragraphs' runs (Backspace at the start of the second). */
export function concatRuns(a: readonly TextRun[], b: readonly TextRun[]): TextRun[] {
  return normalizeRuns([...a, ...b]);
}

/** Replaces [start, end) with `insert`, which takes the weight of the character before it. */
export function replaceInRuns(runs: readonly TextRun[], start: number, end: number, insert: string): TextRun[] {
  const text = runsText(runs);
  const w = weights(runs);
  const inherit = start > 0 ? (w[start - 1] ?? false) : (w[end] ?? false);
  return fromWeights(text.slice(0, start) + insert + text.slice(end), [...w.slice(0, start), ...Array<boolean>(insert.length).fill(inherit), ...w.slice(end)]);
}
