import { describe, expect, it } from 'vitest';
import { checkItemFigure, checkItemQuote, validateLibraryData, type LibraryItem } from '.';
import { fixtureGdp, fixtureIndicator, fixtureItemsFile, fixtureMeasure, fixtureSource, fixtureSourcesFile } from './test-support';

const messages = (item: LibraryItem) => checkItemFigure(item).map((p) => `${String(p.field)}：${p.message}`);

describe('checkItemFigure', () => {
  it('passes figures written as in the quote', () => {
    expect(messages(fixtureIndicator)).toEqual([]);
    expect(messages(fixtureGdp)).toEqual([]);
  });

  it('fails a value that does not appear in its own quote', () => {
    expect(messages({ ...fixtureIndicator, valueText: '38%', value: 38, baseValue: 38 })).toContain('valueText：原文数值“38%”未出现在引文中');
  });

  it('fails a value that differs from the written figure', () => {
    expect(messages({ ...fixtureIndicator, value: 29, baseValue: 29 })).toEqual(['value：数值 29 与原文“28%”不符']);
  });

  it('fails a unit without the magnitude the text writes', () => {
    expect(messages({ ...fixtureGdp, unit: '元' }).join('\n')).toContain('数量级');
  });

  it('fails a wrong base value', () => {
    expect(messages({ ...fixtureGdp, baseValue: 1.85e8 }).join('\n')).toContain('基本单位数值应为 1850000000000');
  });

  it('fails a valueIndex beyond the occurrences', () => {
    expect(messages({ ...fixtureIndicator, valueIndex: 1 }).join('\n')).toContain('valueIndex 过大');
  });

  it('reads Chinese numerals and ranks', () => {
    const rank: LibraryItem = { ...fixtureGdp, id: 'nj-gdp-rank-2024', value: 10, unit: '名', valueText: '第十', baseValue: 10, baseUnit: '名', metric: 'gdp-rank' };
    expect(messages(rank)).toEqual([]);
    expect(messages({ ...rank, value: 9, baseValue: 9 }).join('\n')).toContain('读作 10');
  });

  it('ignores measures', () => {
    expect(messages(fixtureMeasure)).toEqual([]);
  });
});

describe('checkItemQuote', () => {
  it('passes a verbatim quote', () => {
    expect(checkItemQuote(fixtureIndicator, fixtureSource)).toBeUndefined();
  });

  it('fails a quote that is not verbatim (full-width comma instead of the source half-width one)', () => {
    const item = { ...fixtureIndicator, quote: fixtureIndicator.quote.replace(',', '，') };
    expect(checkItemQuote(item, fixtureSource)).toMatch(/^引文不是《示例文章》第 2 段的原文/);
  });

  it('fails a paragraph number out of range and a missing source', () => {
    expect(checkItemQuote({ ...fixtureIndicator, paragraph: 9 }, fixtureSource)).toContain('没有第 9 段');
    expect(checkItemQuote(fixtureIndicator, undefined)).toContain('不存在');
  });
});

describe('validateLibraryData', () => {
  it('finds no issue in consistent files', () => {
    expect(validateLibraryData(fixtureSourcesFile(), fixtureItemsFile())).toEqual([]);
  });

  it('reports duplicate ids', () => {
    const items = fixtureItemsFile();
    items.items.push(structuredClone(fixtureMeasure));
    expect(validateLibraryData(fixtureSourcesFile(), items)).toContainEqual({ file: 'items.json', path: 'items[3].id', message: '条目标识“nj-ning-manyi”重复' });
  });

  it('reports a metric key that is not defined', () => {
    const items = fixtureItemsFile();
    items.items[0]!.metric = 'no-such-metric';
    expect(validateLibraryData(fixtureSourcesFile(), items).map((i) => i.message)).toContain('指标键“no-such-metric”未在 metrics 中定义');
  });

  it('reports related ids and derivation operands that do not exist', () => {
    const items = fixtureItemsFile();
    items.items[2]!.related = ['nj-missing'];
    items.derivations.push({ id: 'hz-x', metric: 'gdp', city: '杭州', op: 'sum', operands: ['nj-gdp-2024', 'nj-nothing'], unit: '万亿元', note: '推算' });
    const found = validateLibraryData(fixtureSourcesFile(), items).map((i) => `${i.path}：${i.message}`);
    expect(found).toContain('items[2].related[0]：关联条目“nj-missing”不存在');
    expect(found).toContain('derivations[0].operands[1]：推算所用条目“nj-nothing”不存在');
  });

  it('reports a non-verbatim quote with its path', () => {
    const items = fixtureItemsFile();
    items.items[1]!.quote = '南京以1.85万亿元GDP总量位列全国第十。';
    expect(validateLibraryData(fixtureSourcesFile(), items)[0]).toMatchObject({ path: 'items[1].quote' });
  });
});
