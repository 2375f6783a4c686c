import { describe, expect, it } from 'vitest';
import { canonicalBaseUnit, findNumerals, parseChineseNumeral, readWrittenFigure, splitUnit } from '.';

describe('findNumerals', () => {
  it('finds Arabic numbers with their 万/亿 magnitude as one token', () => {
    expect(findNumerals('南京以1.85万亿元GDP总量,差距3360亿元').map((t) => t.text)).toEqual(['1.85万亿', '3360亿']);
  });

  it('finds runs of Chinese numerals, including inside words', () => {
    const tokens = findNumerals('三个15%，罗汉堂源自十八罗汉，一直厚植');
    expect(tokens.map((t) => [t.text, t.kind])).toEqual([
      ['三', 'chinese'],
      ['15', 'arabic'],
      ['十八', 'chinese'],
      ['一', 'chinese'],
    ]);
  });

  it('reports offsets that slice back to the token', () => {
    const text = '精度达到0.02毫米;第八年';
    for (const t of findNumerals(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('does not count 双 or 半 as numerals', () => {
    expect(findNumerals('双聘制、超前半步')).toEqual([]);
  });

  it('reads list numbering 1. as the number 1', () => {
    expect(findNumerals('1.南京的产业图谱').map((t) => t.text)).toEqual(['1']);
  });
});

describe('parseChineseNumeral', () => {
  it.each([
    ['五', 5],
    ['十', 10],
    ['十八', 18],
    ['百', 100],
    ['千', 1000],
    ['三千五百', 3500],
    ['二十三', 23],
    ['亿', 1e8],
    ['两万', 20000],
  ])('%s → %d', (text, value) => expect(parseChineseNumeral(text)).toBe(value));

  it('returns NaN for text that is not a numeral', () => {
    expect(parseChineseNumeral('杭州')).toBeNaN();
    expect(parseChineseNumeral('')).toBeNaN();
  });
});

describe('units', () => {
  it('splits magnitude and base', () => {
    expect(splitUnit('万亿元')).toEqual({ magnitude: '万亿', multiplier: 1e12, base: '元' });
    expect(splitUnit('亿元')).toEqual({ magnitude: '亿', multiplier: 1e8, base: '元' });
    expect(splitUnit('万')).toEqual({ magnitude: '万', multiplier: 1e4, base: '' });
    expect(splitUnit('%')).toEqual({ magnitude: '', multiplier: 1, base: '%' });
  });

  it('treats 名 and 人 as the same base unit', () => {
    expect(canonicalBaseUnit('名')).toBe(canonicalBaseUnit('人'));
  });

  it('reads written figures', () => {
    expect(readWrittenFigure('突破1.85万亿元')).toEqual({ number: 1.85, magnitude: '万亿', kind: 'arabic', numeral: '1.85万亿' });
    expect(readWrittenFigure('千亩')).toMatchObject({ number: 1000, kind: 'chinese' });
    expect(readWrittenFigure('至少五年')).toMatchObject({ number: 5 });
    expect(readWrittenFigure('亿元级')).toMatchObject({ number: 1e8 });
    expect(readWrittenFigure('以上')).toBeUndefined();
  });
});
