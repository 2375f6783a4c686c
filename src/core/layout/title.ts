import { breakLines } from './line-break';
import { composeParagraph, type ComposedLine } from './justify';
import type { Atom } from './shape';

/**
 * Breaks a title into the fewest lines that fit `width`, then balances them: every line as long as
 * the widest needed for that many lines, so the shape is a trapezoid (top lines longer, never an
 * hourglass). Each line is centred.
 */
export function balanceTitle(atoms: readonly Atom[], width: number): ComposedLine[] {
  if (atoms.length === 0) return [];
  const full = breakLines(atoms, () => width);
  const count = full.length;
  let spans = full;
  if (count > 1) {
    const total = atoms.reduce((s, a) => s + a.width, 0);
    const step = Math.max(1, atoms[0]!.width / 4);
    for (let w = total / count; w <= width; w += step) {
      const candidate = breakLines(atoms, () => w);
      if (candidate.length === count) {
        spans = candidate;
        break;
      }
    }
  }
  return spans.map((span) => {
    const slice = atoms.slice(span.start, span.end);
    return composeParagraph(slice, { width: Math.max(width, slice.reduce((s, a) => s + a.width, 0)), align: 'center' })[0]!;
  });
}
