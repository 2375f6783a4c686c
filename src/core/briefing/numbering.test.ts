import { describe, expect, it } from 'vitest';
import type { Block } from '../../shared/briefing';
import { chineseNumeral, figureLabel, figureNumbers, headingNumbers } from '.';

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

describe('table and chart numbers', () => {
  const blocks: Block[] = [
    { id: 't1', type: 'table', caption: '对比', columns: [{ label: '指标' }], rows: [] },
    { id: 'p1', type: 'paragraph', runs: [{ text: '正文' }] },
    { id: 'c1', type: 'chart', title: '', unit: '%', bars: [] },
    { id: 't2', type: 'table', caption: '', columns: [{ label: '指标' }], rows: [] },
    { id: 'c2', type: 'chart', title: '图 7：规模', unit: '%', bars: [] },
  ];

  it('numbers tables 表1, 表2 and charts 图1, 图2, each on its own, in document order', () => {
    expect([...figureNumbers(blocks)]).toEqual([
      ['t1', '表1'],
      ['c1', '图1'],
      ['t2', '表2'],
      ['c2', '图2'],
    ]);
  });

  it('labels a caption with its number, replacing a number typed at its start', () => {
    expect(figureLabel('表1', '南京与杭州对比')).toBe('表1\u3000南京与杭州对比');
    expect(figureLabel('表2', '')).toBe('表2');
    expect(figureLabel('图2', '图 7：规模')).toBe('图2\u3000规模');
    expect(figureLabel('表1', '表1\u3000南京与杭州对比')).toBe('表1\u3000南京与杭州对比');
    expect(figureLabel(undefined, ' 规模 ')).toBe('规模');
    // a caption that only starts with the word is left alone
    expect(figureLabel('表1', '表彰情况')).toBe('表1\u3000表彰情况');
  });
});
