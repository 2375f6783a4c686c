import { NO_LINE_END, NO_LINE_START, isDigit, isSpace, isUnitChar, isWordChar } from './chars';

/**
 * Chinese line breaking (避头尾) over measured atoms. Pure: atoms carry their widths in points.
 *
 * Rules:
 * - a break may fall between any two characters except where a no-start character would start
 *   the next line or a no-end character would end this one (NO_LINE_START / NO_LINE_END);
 * - `——` and `……` are never split; a Latin word or a number (with `.`, `,`, `%`) is never split,
 *   and a number keeps up to three unit characters after it (2025年, 1.85万亿元);
 * - when the first character that does not fit may not start a line, the line first tries to take
 *   it in by squeezing the blank halves of its punctuation (缩排, nearest the end first); otherwise
 *   the last character(s) move down and the line is stretched (伸排) by the justifier;
 * - punctuation never hangs outside the type area.
 */

/** What the breaker needs of one atom. */
export interface BreakAtom {
  readonly char: string;
  /** Width in points (after any fixed compression). */
  readonly width: number;
  /** How much of the width may be squeezed away at a line end or to take in a character. */
  readonly squeezable: number;
}

/** One line: atoms [start, end), how much each atom is squeezed, and whether it ends the paragraph. */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
  /** Squeeze per atom of the span, indexed from `start` (0 when none). */
  readonly squeeze: readonly number[];
  readonly last: boolean;
}

const EPSILON = 0.01;

/**
 * `allowed[i]` is true when a line may break before atom i (i ≥ 1). Index 0 is always false.
 */
export function breakOpportunities(chars: readonly string[]): boolean[] {
  const n = chars.length;
  const allowed = new Array<boolean>(n).fill(true);
  if (n > 0) allowed[0] = false;
  // Numbers: digit runs with inner . , and following units.
  const inNumberTail = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    if (!isDigit(chars[i])) continue;
    let j = i;
    while (j + 1 < n && (isDigit(chars[j + 1]) || ((chars[j + 1] === '.' || chars[j + 1] === ',') && isDigit(chars[j + 2])))) j++;
    for (let k = i + 1; k <= j; k++) inNumberTail[k] = true;
    let units = 0;
    while (j + 1 < n && units < 3 && isUnitChar(chars[j + 1])) {
      inNumberTail[j + 1] = true;
      j++;
      units++;
    }
    i = j;
  }
  for (let i = 1; i < n; i++) {
    const prev = chars[i - 1]!;
    const cur = chars[i]!;
    if (isSpace(cur)) {
      allowed[i] = false; // break after the space run, not before it
      continue;
    }
    if (isSpace(prev)) {
      allowed[i] = !NO_LINE_START.has(cur) || cur === '—' || cur === '…';
      continue;
    }
    if (inNumberTail[i]) allowed[i] = false;
    else if (isWordChar(prev) && isWordChar(cur)) allowed[i] = false;
    else if ((cur === '—' || cur === '…') && prev === cur) allowed[i] = false;
    else if ((cur === '—' || cur === '…') && chars[i + 1] === cur) allowed[i] = !NO_LINE_END.has(prev); // a pair may begin a line
    else if (NO_LINE_START.has(cur)) allowed[i] = false;
    else if (NO_LINE_END.has(prev)) allowed[i] = false;
    else if ((prev === '第' || prev === '〕' || prev === '-' || prev === '.') && isDigit(cur)) allowed[i] = false;
    else if (isDigit(prev) && (cur === '-' || cur === '.' || cur === '/')) allowed[i] = false;
  }
  return allowed;
}

/**
 * Breaks atoms into lines. `widthOf(line)` is the available width of line `line` (the first line is
 * shorter by its indent). Always makes progress: a run longer than a line is broken by force.
 */
export function breakLines(atoms: readonly BreakAtom[], widthOf: (line: number) => number, allowed = breakOpportunities(atoms.map((a) => a.char))): LineSpan[] {
  const n = atoms.length;
  const lines: LineSpan[] = [];
  let i = 0;
  while (i < n && isSpace(atoms[i]!.char)) i++;
  while (i < n) {
    const width = widthOf(lines.length);
    let sum = 0;
    let e = i;
    while (e < n && sum + atoms[e]!.width <= width + EPSILON) {
      sum += atoms[e]!.width;
      e++;
    }
    if (e >= n) {
      lines.push({ start: i, end: n, squeeze: new Array<number>(n - i).fill(0), last: true });
      break;
    }
    let end = e;
    let squeeze: number[] | undefined;
    if (isSpace(atoms[e]!.char)) {
      end = e;
    } else if (!allowed[e] || e === i) {
      // Push in: take the atoms up to the next break opportunity (at most 3) by squeezing.
      let next = e + 1;
      while (next < n && !allowed[next] && next - e < 3) next++;
      if (e > i && (next >= n || allowed[next]) && !isSpace(atoms[next - 1]!.char)) {
        let need = -width;
        for (let k = i; k < next; k++) need += atoms[k]!.width;
        const plan = planSqueeze(atoms, i, next, need);
        if (plan) {
          end = next;
          squeeze = plan;
        }
      }
      if (!squeeze) {
        // Push out: the last opportunity inside the line.
        let b = e;
        while (b > i && !allowed[b]) b--;
        end = b > i ? b : Math.max(e, i + 1); // a run longer than the line: break it by force
      }
    }
    const count = end - i;
    lines.push({ start: i, end, squeeze: squeeze ?? new Array<number>(count).fill(0), last: end >= n });
    i = end;
    while (i < n && isSpace(atoms[i]!.char)) i++;
  }
  if (lines.length > 0) {
    const lastLine = lines[lines.length - 1]!;
    if (!lastLine.last) lines[lines.length - 1] = { ...lastLine, last: true };
  }
  return lines;
}

/**
 * Squeeze amounts for atoms [start, end) removing `need` points, from the end of the line backwards.
 * The line's first and last atoms are never squeezed: their boxes stay on the type-area edges (a
 * line still starts at the indent and ends at the right edge).
 */
function planSqueeze(atoms: readonly BreakAtom[], start: number, end: number, need: number): number[] | undefined {
  if (need <= EPSILON) return new Array<number>(end - start).fill(0);
  const plan = new Array<number>(end - start).fill(0);
  let left = need;
  for (let k = end - 2; k > start && left > EPSILON; k--) {
    const take = Math.min(atoms[k]!.squeezable, left);
    plan[k - start] = take;
    left -= take;
  }
  return left > EPSILON ? undefined : plan;
}
