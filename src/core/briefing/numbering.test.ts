import { describe, expect, it } from 'vitest';
import type { Block } from '../../shared/briefing';
import { chineseNumeral, headingNumbers } from '.';

const h = (id: string, level: number): Block => ({ id, type: 'heading', level, text: id });
const p = (id: string): Block => ({ id, type: 'paragraph', runs: [{ text: '正文' }] });

describe('chineseNumeral', () => {
  it('writes numbers the way headings count', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 111].map(chineseNumeral)).toEqual([
      '一', '九', '十', '十一', '十九', '二十', '二十一', '九十九', '一百', '一百零一', '一百一十', '一百一十一',
    ]);
  });
});

describe('headingNumbers', () => {
  it('numbers levels 1–4 as 一、（一）1.（1） and resets deeper levels', () => {
    const blocks = [h('a', 1), h('b', 2), h('c', 3), h('d', 4), h('e', 4), p('x'), h('f', 3), h('g', 2), h('h', 1), h('i', 2)];
    const n = headingNumbers(blocks);
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((id) => n.get(id))).toEqual([
      '一、', '（一）', '1.', '（1）', '（2）', '2.', '（二）', '二、', '（一）',
    ]);
    expect(n.has('x')).toBe(false);
  });

  it('counts a skipped level from one (一、 then 1.)', () => {
    const n = headingNumbers([h('a', 1), h('b', 3), h('c', 3)]);
    expect([n.get('a'), n.get('b'), n.get('c')]).toEqual(['一、', '1.', '2.']);
  });
});
