import type { FigureLink, TextRun } from '../../shared/briefing';

// Paragraph text as runs (加粗 or not; a run with `link` is a linked library figure). Every function
// returns new, normalised runs: adjacent plain runs of the same weight merged, empty plain runs
// dropped, and always at least one run. A linked run is an atom: it is never merged with its
// neighbours, never dropped, never cut in half. Offsets count UTF-16 code units of `runsText`, a
// linked run counting its text. An edit whose range cuts into a linked run widens to take the
// whole run (as a selection of a ProseMirror atom does); an insertion inside one goes after it.

/** The plain text of runs (a linked figure as written). */
export function runsText(runs: readonly TextRun[]): string {
  let out = '';
  for (const r of runs) out += r.text;
  return out;
}

/** True when the run is a linked library figure. */
export function isLinkedRun(run: TextRun): run is TextRun & { link: FigureLink } {
  return run.link !== undefined;
}

/** The linked runs of a paragraph with their offsets in `runsText`: [start, end). */
export function linkedRunSpans(runs: readonly TextRun[]): { run: TextRun & { link: FigureLink }; start: number; end: number; index: number }[] {
  const out: { run: TextRun & { link: FigureLink }; start: number; end: number; index: number }[] = [];
  let at = 0;
  runs.forEach((run, index) => {
    if (isLinkedRun(run)) out.push({ run, start: at, end: at + run.text.length, index });
    at += run.text.length;
  });
  return out;
}

function plain(text: string, bold: boolean): TextRun {
  return bold ? { text, bold } : { text };
}

function linked(run: TextRun & { link: FigureLink }): TextRun {
  return run.bold === true ? { text: run.text, bold: true, link: run.link } : { text: run.text, link: run.link };
}

/** Merges plain neighbours of equal weight, drops empty plain runs and `bold: false`; never returns []. */
export function normalizeRuns(runs: readonly TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const r of runs) {
    if (isLinkedRun(r)) {
      out.push(linked(r));
      continue;
    }
    if (r.text === '') continue;
    const bold = r.bold === true;
    const last = out[out.length - 1];
    if (last && !isLinkedRun(last) && (last.bold === true) === bold) out[out.length - 1] = plain(last.text + r.text, bold);
    else out.push(plain(r.text, bold));
  }
  return out.length === 0 ? [{ text: '' }] : out;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** True when two links name the same item with the same frozen copy. */
export function linksEqual(a: FigureLink | undefined, b: FigureLink | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.itemId === b.itemId && sameValue(a.frozen, b.frozen);
}

/**
 * One entry per UTF-16 code unit: its weight, and the index of the linked run it belongs to (−1 for
 * plain text). Rebuilt into runs by `fromUnits`, which keeps each linked run whole.
 */
interface Units {
  readonly bold: boolean[];
  readonly link: number[];
}

function unitsOf(runs: readonly TextRun[]): Units {
  const bold: boolean[] = [];
  const link: number[] = [];
  runs.forEach((r, index) => {
    for (let i = 0; i < r.text.length; i++) {
      bold.push(r.bold === true);
      link.push(isLinkedRun(r) ? index : -1);
    }
  });
  return { bold, link };
}

function fromUnits(text: string, units: Units, source: readonly TextRun[]): TextRun[] {
  const runs: TextRun[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || units.bold[i] !== units.bold[start] || units.link[i] !== units.link[start]) {
      const index = units.link[start]!;
      const run = index >= 0 ? source[index] : undefined;
      // Callers keep linked units whole; a linked run appears once with its own text.
      if (run && isLinkedRun(run)) runs.push(linked(run));
      else runs.push(plain(text.slice(start, i), units.bold[start] === true));
      start = i;
    }
  }
  return normalizeRuns(runs);
}

/** The linked run that `offset` falls strictly inside, as [start, end), or undefined. */
function linkAround(runs: readonly TextRun[], offset: number): { start: number; end: number } | undefined {
  return linkedRunSpans(runs).find((s) => s.start < offset && offset < s.end);
}

/** Widens [start, end) so that it cuts no linked run; an empty range inside one moves after it. */
function widen(runs: readonly TextRun[], start: number, end: number): [number, number] {
  if (start === end) {
    const around = linkAround(runs, start);
    return around ? [around.end, around.end] : [start, end];
  }
  return [linkAround(runs, start)?.start ?? start, linkAround(runs, end)?.end ?? end];
}

/** Replaces units [start, end) of `runs` by `insert` (plain, of weight `bold`), keeping the rest. */
function splice(runs: readonly TextRun[], start: number, end: number, insert: string, bold: boolean): TextRun[] {
  const text = runsText(runs);
  const u = unitsOf(runs);
  const n = insert.length;
  return fromUnits(
    text.slice(0, start) + insert + text.slice(end),
    { bold: [...u.bold.slice(0, start), ...Array<boolean>(n).fill(bold), ...u.bold.slice(end)], link: [...u.link.slice(0, start), ...Array<number>(n).fill(-1), ...u.link.slice(end)] },
    runs,
  );
}

/** The weight text inserted at `start` takes: the character before it (after it, at the start). */
function inheritedBold(runs: readonly TextRun[], start: number, end: number): boolean {
  const w = unitsOf(runs).bold;
  return start > 0 ? (w[start - 1] ?? false) : (w[end] ?? false);
}

/**
 * Carries the weights and links over to a new text after the user typed, deleted or pasted: the
 * common prefix and suffix keep their weight; inserted text takes the weight of the character
 * before it (or after it, at the start). The result always reads `next`. A change that can be read
 * as happening beside a linked figure is placed there (typing 2 before “28%” keeps the link); one
 * that really changes a figure's characters turns that figure into plain text.
 */
export function applyTextChange(runs: readonly TextRun[], next: string): TextRun[] {
  const prev = runsText(runs);
  if (prev === next) return normalizeRuns(runs);
  let p = 0;
  const max = Math.min(prev.length, next.length);
  while (p < max && prev.charCodeAt(p) === next.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && prev.charCodeAt(prev.length - 1 - s) === next.charCodeAt(next.length - 1 - s)) s++;
  const deleted = prev.length - p - s;
  const inserted = next.length - p - s;
  // The same edit may sit further left when the text repeats (“2” typed before “28%”): slide it
  // left while it reads the same, and take the first place that cuts no linked run.
  const spans = linkedRunSpans(runs);
  const cuts = (a: number, b: number) => spans.some((l) => (l.start < a && a < l.end) || (l.start < b && b < l.end));
  let at = p;
  for (let j = p, steps = 0; j >= 0 && steps < 256; j--, steps++) {
    if (j < p && next.slice(j + inserted) !== prev.slice(j + deleted)) break;
    if (!cuts(j, j + deleted)) {
      at = j;
      break;
    }
    at = -1;
  }
  if (at >= 0) return splice(runs, at, at + deleted, next.slice(at, at + inserted), inheritedBold(runs, at, at + deleted));
  // No reading keeps every figure whole: the figures the change cuts become plain text.
  const [a, b] = [linkAround(runs, p)?.start ?? p, linkAround(runs, p + deleted)?.end ?? p + deleted];
  return splice(runs, a, b, next.slice(a, next.length - (prev.length - b)), inheritedBold(runs, a, b));
}

/** Bolds [start, end), or un-bolds it when it is bold already throughout; a linked figure touched is bolded whole. */
export function toggleBold(runs: readonly TextRun[], start: number, end: number): TextRun[] {
  const text = runsText(runs);
  const [a, b] = widen(runs, Math.max(0, Math.min(start, end, text.length)), Math.min(text.length, Math.max(start, end)));
  if (a === b) return normalizeRuns(runs);
  const u = unitsOf(runs);
  const allBold = u.bold.slice(a, b).every(Boolean);
  for (let i = a; i < b; i++) u.bold[i] = !allBold;
  const source = runs.map((r, index) => (isLinkedRun(r) && u.link.slice(a, b).includes(index) ? { ...r, bold: !allBold } : r));
  return fromUnits(text, u, source);
}

/**
 * The runs of [start, end). A boundary inside a linked figure moves to the figure's end, so
 * `sliceRuns(r, 0, k)` and `sliceRuns(r, k)` always add up to `r`.
 */
export function sliceRuns(runs: readonly TextRun[], start: number, end?: number): TextRun[] {
  const text = runsText(runs);
  const snap = (k: number) => linkAround(runs, k)?.end ?? k;
  const a = snap(Math.max(0, Math.min(start, text.length)));
  const b = Math.max(a, snap(Math.min(end ?? text.length, text.length)));
  const u = unitsOf(runs);
  return fromUnits(text.slice(a, b), { bold: u.bold.slice(a, b), link: u.link.slice(a, b) }, runs);
}

/** Splits runs at `offset` (Enter in the middle of a paragraph; inside a linked figure, after it). */
export function splitRuns(runs: readonly TextRun[], offset: number): [TextRun[], TextRun[]] {
  return [sliceRuns(runs, 0, offset), sliceRuns(runs, offset)];
}

/** Joins two paragraphs' runs (Backspace at the start of the second). */
export function concatRuns(a: readonly TextRun[], b: readonly TextRun[]): TextRun[] {
  return normalizeRuns([...a, ...b]);
}

/** Turns a linked figure (by its run index) into plain text: 取消关联. Unchanged when it is not one. */
export function unlinkRun(runs: readonly TextRun[], index: number): TextRun[] {
  const run = runs[index];
  if (!run || !isLinkedRun(run)) return normalizeRuns(runs);
  return normalizeRuns(runs.map((r, k) => (k === index ? plain(r.text, r.bold === true) : r)));
}
