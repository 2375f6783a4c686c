/**
 * Numerals in Chinese text: finding them (Arabic digits with an optional 万/亿 magnitude, and runs
 * of Chinese numeral characters), reading Chinese numerals, and the magnitudes that Chinese units
 * carry (万亿元 = 10¹² 元). Used to check that an item's figure is the one its quote writes, and by
 * the completeness test that accounts for every numeral of the source text.
 */

/** Chinese numeral characters. 双 and 半 are not counted: they are words, not numerals. */
const CHINESE_NUMERAL_CHARS = '〇零一二两三四五六七八九十百千万亿';

const NUMERAL_PATTERN = new RegExp(`\\d+(?:\\.\\d+)?(?:万亿|[万亿])?|[${CHINESE_NUMERAL_CHARS}]+`, 'g');

/** One numeral found in a text. */
export interface NumeralToken {
  /** as written: `1.85万亿`, `28`, `十八`, `千` */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly kind: 'arabic' | 'chinese';
}

/**
 * Every numeral of `text`, left to right: Arabic numbers (`2025`, `1.85`, `10万`, `1.85万亿`; a
 * 万/亿 right after the digits belongs to the number) and maximal runs of Chinese numeral
 * characters (`三`, `十八`, `千`, also inside words such as 一直 — the caller decides what they are).
 */
export function findNumerals(text: string): NumeralToken[] {
  const out: NumeralToken[] = [];
  for (const match of text.matchAll(NUMERAL_PATTERN)) {
    const start = match.index;
    out.push({
      text: match[0],
      start,
      end: start + match[0].length,
      kind: /^\d/.test(match[0]) ? 'arabic' : 'chinese',
    });
  }
  return out;
}

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const LARGE_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/**
 * Reads a run of Chinese numeral characters: 十八 → 18, 千 → 1000, 五 → 5, 三千五百 → 3500,
 * 亿 → 100000000. Returns NaN for anything that is not such a run.
 */
export function parseChineseNumeral(text: string): number {
  if (text.length === 0) return Number.NaN;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of text) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const small = SMALL_UNITS[ch];
    if (small !== undefined) {
      section += (digit ?? 1) * small;
      digit = null;
      continue;
    }
    const large = LARGE_UNITS[ch];
    if (large !== undefined) {
      const value = (section + (digit ?? 0)) || 1;
      total = (total + value) * large;
      section = 0;
      digit = null;
      continue;
    }
    return Number.NaN;
  }
  return total + section + (digit ?? 0);
}

/** The magnitude prefixes Chinese statistics put in front of a unit, longest first. */
const MAGNITUDES: readonly (readonly [string, number])[] = [
  ['万亿', 1e12],
  ['亿', 1e8],
  ['万', 1e4],
];

/** A unit split into its magnitude and base: 万亿元 → 10¹² × 元; 万 → 10⁴ × (none); % → 1 × %. */
export interface UnitParts {
  readonly magnitude: string;
  readonly multiplier: number;
  /** The unit without its magnitude; empty when the unit is a bare magnitude (10万 人才). */
  readonly base: string;
}

/** Splits a unit as written into its magnitude prefix and its base unit. */
export function splitUnit(unit: string): UnitParts {
  for (const [magnitude, multiplier] of MAGNITUDES) {
    if (unit.startsWith(magnitude)) return { magnitude, multiplier, base: unit.slice(magnitude.length) };
  }
  return { magnitude: '', multiplier: 1, base: unit };
}

/** The base units that mean the same thing (people counted as 名 or 人). */
const BASE_UNIT_ALIASES: Record<string, string> = { 名: '人' };

/** The canonical base unit for comparisons: 名 and 人 are both people. */
export function canonicalBaseUnit(unit: string): string {
  return BASE_UNIT_ALIASES[unit] ?? unit;
}

/** The figure a written value holds: `突破1.85万亿元` → 1.85 with magnitude 万亿; `千亩` → 1000. */
export interface WrittenFigure {
  /** the number as written (Chinese numerals read): 1.85, 28, 1000 */
  readonly number: number;
  /** the magnitude written right after Arabic digits (万, 亿, 万亿), or '' */
  readonly magnitude: string;
  readonly kind: 'arabic' | 'chinese';
  /** the numeral as written */
  readonly numeral: string;
}

/** Reads the first numeral of a written figure; undefined when it has none. */
export function readWrittenFigure(text: string): WrittenFigure | undefined {
  const token = findNumerals(text)[0];
  if (!token) return undefined;
  if (token.kind === 'arabic') {
    const digits = /^\d+(?:\.\d+)?/.exec(token.text)![0];
    return { number: Number(digits), magnitude: token.text.slice(digits.length), kind: 'arabic', numeral: token.text };
  }
  return { number: parseChineseNumeral(token.text), magnitude: '', kind: 'chinese', numeral: token.text };
}
