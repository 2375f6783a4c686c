
// One implementation of Chinese heading numbers, shared with the editor (core/briefing).
export { chineseNumeral, headingPrefix } from '../briefing/numbering';

/** A number the author typed before the heading text (一、 （二） 3. （4） 1、 (1) …), to avoid doubling it. */
const TYPED_PREFIX = /^\s*(?:[一二三四五六七八九十百零〇]+[、.．]|[（(][一二三四五六七八九十百零〇]+[）)]|\d+[.．、]|[（(]\d+[）)])\s*/u;

/** The heading text without a number the author typed by hand. */
export function stripTypedNumber(text: string): string {
  return text.replace(TYPED_PREFIX, '');
}

/**
 * Numbers headings automatically: each level counts up, a higher level resets the deeper ones.
 * Levels may be skipped downwards (一、 then 1.), as GB/T 9704 practice allows.
 */
export class HeadingCounter {
  readonly #counts = [0, 0, 0, 0];
  /** Advances the counter for `level` (1–4) and returns its number. */
  next(level: number): number {
    const index = Math.min(Math.max(level, 1), 4) - 1;
    this.#counts[index]!++;
    for (let k = index + 1; k < 4; k++) this.#counts[k] = 0;
    return this.#counts[index]!;
  }
  /** The counts, to come back to when a trial placement is undone. */
  save(): readonly number[] {
    return [...this.#counts];
  }
  restore(counts: readonly number[]): void {
    counts.forEach((n, k) => (this.#counts[k] = n));
  }
}
