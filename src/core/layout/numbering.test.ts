import { describe, expect, it } from 'vitest';
import { HeadingCounter, chineseNumeral, headingPrefix, stripTypedNumber } from '.';

describe('heading numbering 一、（一）1.（1）', () => {
  it('writes Chinese numerals the way officials count', () => {
    expect([1, 2, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 115].map(chineseNumeral)).toEqual([
      '一', '二', '九', '十', '十一', '十九', '二十', '二十一', '九十九', '一百', '一百零一', '一百一十', '一百一十五',
    ]);
  });
  it('formats each level', () => {
    expect(headingPrefix('chinese-dun', 3)).toBe('三、');
    expect(headingPrefix('chinese-paren', 12)).toBe('（十二）');
    expect(headingPrefix('arabic-dot', 4)).toBe('4.');
    expect(headingPrefix('arabic-paren', 2)).toBe('（2）');
    expect(headingPrefix('none', 2)).toBe('');
  });
  it('counts per level and resets deeper levels', () => {
    const c = new HeadingCounter();
    expect([c.next(1), c.next(2), c.next(2), c.next(3), c.next(1), c.next(2), c.next(4), c.next(3)]).toEqual([1, 1, 2, 1, 2, 1, 1, 1]);
  });
  it('removes a number the author typed', () => {
    expect(stripTypedNumber('一、总体要求')).toBe('总体要求');
    expect(stripTypedNumber('（二）主要目标')).toBe('主要目标');
    expect(stripTypedNumber('3.加强统筹')).toBe('加强统筹');
    expect(stripTypedNumber('(4)细则')).toBe('细则');
    expect(stripTypedNumber('2025年工作')).toBe('2025年工作');
  });
});
