import { describe, expect, it } from 'vitest';
import { coversPinyin, findPinyinRuns, NO_CLASS, PinyinQuery, PinyinTable, pinyinKeysOf } from './pinyin';

/** Builds a table and the class arrays of some fields (joined with NO_CLASS like the index does). */
function fields(...texts: string[]) {
  const table = new PinyinTable();
  const arrays = texts.map((t) => Uint16Array.from([...t].map((ch) => table.classFor(ch.charCodeAt(0)))));
  table.finish();
  const joined = Uint16Array.from(arrays.flatMap((a) => [...a, NO_CLASS]));
  const covers = (letters: string) => coversPinyin(new PinyinQuery(letters, table), joined, 0, joined.length);
  return { table, arrays, covers };
}

describe('coversPinyin', () => {
  const { covers } = fields('人才政策', '杭州');

  it('matches full pinyin and initials of a run', () => {
    expect(covers('rencai')).toBe(true);
    expect(covers('rc')).toBe(true);
    expect(covers('rencaizhengce')).toBe(true);
    expect(covers('rczc')).toBe(true);
    expect(covers('rencaizc')).toBe(true);
  });

  it('covers a word by runs in different fields, in any order', () => {
    expect(covers('hzrc')).toBe(true);
    expect(covers('rchz')).toBe(true);
    expect(covers('hangzhourencai')).toBe(true);
  });

  it('accepts a prefix of the last syllable (typing in progress)', () => {
    expect(covers('hangzh')).toBe(true);
    expect(covers('renca')).toBe(true);
  });

  it('refuses runs of a single letter and letters not covered', () => {
    expect(covers('hr')).toBe(false); // 杭 and 人 each give one letter: no run of two
    expect(covers('rcx')).toBe(false);
    expect(covers('caizheng')).toBe(true); // 才政 is a run
    expect(covers('zhengren')).toBe(true); // 政 and 人 apart: each full syllable is a run of 2+ letters
  });

  it('knows every reading of a polyphone (率 lv/lu/shuai, 长 chang/zhang)', () => {
    const { covers: c } = fields('转化率', '长三角');
    expect(c('zhuanhualv')).toBe(true);
    expect(c('zhuanhualu')).toBe(true);
    expect(c('zhuanhuashuai')).toBe(true);
    expect(c('changsanjiao')).toBe(true);
    expect(c('zhangsanjiao')).toBe(true);
  });
});

describe('findPinyinRuns', () => {
  it('returns the runs of one cover, longest first', () => {
    const { table, arrays } = fields('“人才码”整合服务', '杭州');
    expect(findPinyinRuns('hangzhourencai', table, arrays)).toEqual([
      { field: 1, start: 0, end: 2 },
      { field: 0, start: 1, end: 3 },
    ]);
  });

  it('returns nothing when there is no cover', () => {
    const { table, arrays } = fields('杭州');
    expect(findPinyinRuns('nanjing', table, arrays)).toEqual([]);
  });
});

describe('pinyinKeysOf', () => {
  it('gives initials and full pinyin of a whole value', () => {
    expect(pinyinKeysOf('杭州')).toEqual(['hz', 'hangzhou']);
    expect(pinyinKeysOf('技术转化率')).toEqual(['jszhl', 'jishuzhuanhualv', 'jishuzhuanhualu']);
  });
});
