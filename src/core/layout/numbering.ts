import type { HeadingStyle } from '../../shared/template';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (the way officials count headings). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS[n % 10]!}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]!}十${n % 10 === 0 ? '' : DIGITS[n % 10]!}`;
  if (n < 1000) {
    const rest = n % 100;
    const head = `${DIGITS[Math.floor(n / 100)]!}百`;
    if (rest === 0) return head;
    return rest < 10 ? `${head}零${DIGITS[rest]!}` : `${head}${rest < 20 ? '一' : ''}${chineseNumeral(rest)}`;
  }
  return String(n);
}

/** The number prefix of heading `n` in a numbering style: 一、 （一） 1. （1）. */
export function headingPrefix(numbering: HeadingStyle['numbering'], n: number): string {
  switch (numbering) {
    case 'chinese-dun':
      return `${chineseNumeral(n)}、`;
    case 'chinese-paren':
      return `（${chineseNumeral(n)}）`;
    case 'arabic-dot':
      return `${n}.`;
    case 'arabic-paren':
      return `（${n}）`;
    case 'none':
      return '';
  }
}

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
}
