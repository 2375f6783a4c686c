import { describe, expect, it } from 'vitest';
import { magnitudeOf, parseArabic, parseChineseNumeral } from './numbers';

describe('Chinese numerals (the traps the npm parsers fall into)', () => {
  it.each([
    ['三千三百六十', 3360],
    ['两千零五十', 2050],
    ['一万二千三百四十五点六', 12345.6],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['一百零五', 105],
    ['三千零十', 3010],
    ['三万亿', 3e12],
    ['两千零五十亿', 205e9],
    ['二〇二五', 2025],
    ['百', 100],
    ['千', 1000],
  ])('%s = %d', (text, value) => {
    expect(parseChineseNumeral(text)).toBeCloseTo(value, 6);
  });

  it('refuses what is not a numeral', () => {
    expect(parseChineseNumeral('')).toBeNull();
    expect(parseChineseNumeral('三个')).toBeNull();
    expect(parseChineseNumeral('点五')).toBeNull();
    expect(parseChineseNumeral('一点二点三')).toBeNull();
  });

  it('reads Arabic numbers with separators and full-width digits, and magnitudes', () => {
    expect(parseArabic('1.85')).toBe(1.85);
    expect(parseArabic('12,345')).toBe(12345);
    expect(parseArabic('３３６０')).toBe(3360);
    expect(parseArabic('5G')).toBeNull();
    expect(magnitudeOf('万亿')).toBe(1e12);
    expect(magnitudeOf('亿')).toBe(1e8);
    expect(magnitudeOf('')).toBe(1);
  });
});
