// Numbers as Chinese policy texts write them: Arabic (3360, 1.85, 12,345), Chinese (三千三百六十,
// 两千零五十, 一万二千三百四十五点六, 二〇二五), and magnitudes (万, 亿, 万亿) that may follow either.
// Our own code on purpose: the npm parsers measured here mis-read 1.85万亿, 两千零五十亿 or
// 一万二千三百四十五点六 (see the regression tests).

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Characters a Chinese numeral is made of (without the magnitudes 万/亿, which also follow Arabic numbers). */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千';

/**
 * The value of a Chinese numeral (with 万/亿 inside it and 点 for decimals), or null when `text`
 * is not one. A run of digits without units (二〇二五) reads digit by digit.
 */
export function parseChineseNumeral(text: string): number | null {
  if (text === '') return null;
  const [intPart = '', fracPart, extra] = text.split('点');
  if (extra !== undefined) return null;
  let fraction = 0;
  if (fracPart !== undefined) {
    if (fracPart === '' || [...fracPart].some((c) => DIGITS[c] === undefined)) return null;
    fraction = Number(`0.${[...fracPart].map((c) => DIGITS[c]).join('')}`);
  }
  const chars = [...intPart];
  if (chars.some((c) => DIGITS[c] === undefined && SMALL_UNITS[c] === undefined && c !== '万' && c !== '亿')) return null;
  // 二〇二五, 一九: digits only → positional.
  if (chars.length > 1 && chars.every((c) => DIGITS[c] !== undefined)) return Number(chars.map((c) => DIGITS[c]).join('')) + fraction;
  let total = 0;
  let section = 0;
  let num = 0;
  for (const c of chars) {
    const digit = DIGITS[c];
    if (digit !== undefined) {
      num = digit;
    } else if (SMALL_UNITS[c] !== undefined) {
      // 十 alone is ten, 十五 fifteen, 三千零十 3010.
      section += (num === 0 ? 1 : num) * SMALL_UNITS[c]!;
      num = 0;
    } else if (c === '万') {
      total += (section + num) * 1e4;
      section = 0;
      num = 0;
    } else if (c === '亿') {
      total = (total + section + num) * 1e8;
      section = 0;
      num = 0;
    }
  }
  if (intPart === '' && fracPart !== undefined) return null;
  return total + section + num + fraction;
}

/** The multiplier of a magnitude written after a number: 万, 亿, 万亿, 千亿 … (1 when none). */
export function magnitudeOf(text: string): number {
  switch (text) {
    case '十':
      return 10;
    case '百':
      return 100;
    case '千':
      return 1e3;
    case '万':
      return 1e4;
    case '十万':
      return 1e5;
    case '百万':
      return 1e6;
    case '千万':
      return 1e7;
    case '亿':
      return 1e8;
    case '十亿':
      return 1e9;
    case '百亿':
      return 1e10;
    case '千亿':
      return 1e11;
    case '万亿':
      return 1e12;
    default:
      return 1;
  }
}

/** The value of an Arabic number as written (full-width digits, thousands separators). */
export function parseArabic(text: string): number | null {
  const normal = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[．]/g, '.').replace(/[,，](?=\d{3})/g, '');
  if (!/^\d+(?:\.\d+)?$/.test(normal)) return null;
  return Number(normal);
}

/** Rounds away binary noise from value × magnitude (1.85 × 1e12 = 1850000000000.0002). */
export function scaled(value: number, factor: number): number {
  const product = value * factor;
  return Math.abs(product) >= 1 ? Number(product.toPrecision(15)) : product;
}
