import { describe, expect, it } from 'vitest';
import { frozenItemSchema } from '../../shared/briefing';
import { citationOf, figureSpanInQuote, formatCitation, quoteInContext, toFrozenItem } from '.';
import { bundledLibrary } from './test-support';

const source = (id: string) => bundledLibrary.sources.find((s) => s.id === id)!;
const item = (id: string) => bundledLibrary.items.find((i) => i.id === id)!;

describe('formatCitation', () => {
  it('cites 《篇名》，出处（原载…），日期', () => {
    expect(formatCitation(source('why-hangzhou'))).toBe('《DeepSeek为什么会出现在杭州?》，上海证券报（原载新华日报“交汇点”客户端），2025年2月7日');
  });

  it('adds the paragraph when asked', () => {
    expect(formatCitation(source('what-do-we-have'), { paragraph: 10 })).toBe(
      '《杭州有DeepSeek,我们有什么?》，上海证券报（原载新华日报“交汇点”客户端），2025年2月8日，第10段',
    );
  });

  it('lists several paragraphs in the order given', () => {
    expect(formatCitation(source('what-do-we-have'), { paragraph: [10, 18] })).toMatch(/，2025年2月8日，第10、18段$/);
    expect(formatCitation(source('what-do-we-have'), { paragraph: [] })).toMatch(/，2025年2月8日$/);
  });

  it('cites the 上海证券报 article without a reprint note, and the introduction by outlet', () => {
    expect(formatCitation(source('six-little-dragons'))).toBe('《“六小龙”出圈杭州趁势憋大招》，上海证券报，2025年2月');
    expect(formatCitation(source('intro'))).toBe('上海证券报（导语），2025年2月');
  });
});

describe('toFrozenItem', () => {
  it('builds a copy the briefing model accepts, with figure and citation', () => {
    const frozen = toFrozenItem(item('nj-tech-transfer-rate-2023'), source('what-do-we-have'));
    expect(frozenItemSchema.parse(frozen)).toEqual(frozen);
    expect(frozen).toMatchObject({
      kind: 'indicator',
      city: '南京',
      subject: '技术转化率',
      figure: { value: 28, unit: '%', year: 2023, qualifier: 'actual' },
      citation: { sourceId: 'what-do-we-have', sourceTitle: '杭州有DeepSeek,我们有什么?', date: '2025年2月8日', paragraph: 10 },
    });
    expect(frozen.quote).toContain('28%');
  });

  it('keeps the district and leaves a measure without figure', () => {
    const frozen = toFrozenItem(item('hz-etdz-dual-appointment'), source('why-hangzhou'));
    expect(frozenItemSchema.parse(frozen).district).toBe('杭州经济技术开发区');
    expect(frozen.figure).toBeUndefined();
  });

  it('accepts every bundled item', () => {
    for (const i of bundledLibrary.items) expect(() => frozenItemSchema.parse(toFrozenItem(i, source(i.sourceId)))).not.toThrow();
  });

  it('refuses a source the item does not cite (a bug)', () => {
    expect(() => toFrozenItem(item('nj-gdp-2024'), source('why-hangzhou'))).toThrow();
  });

  it('freezes a view of an item (absent fields null) as it freezes the item itself', () => {
    const stated = item('nj-tech-transfer-rate-2023');
    const view = { ...stated, district: null, baseValue: null, note: null };
    expect(toFrozenItem(view, source('what-do-we-have'))).toEqual(toFrozenItem(stated, source('what-do-we-have')));
    const measure = { id: 'm', kind: 'measure' as const, city: '杭州', district: null, subject: '双聘制', quote: '推行“双聘制”', value: null, unit: null, year: null, qualifier: null, sourceId: 'why-hangzhou', paragraph: 0 };
    expect(toFrozenItem(measure, source('why-hangzhou'))).toEqual({
      kind: 'measure',
      city: '杭州',
      subject: '双聘制',
      quote: '推行“双聘制”',
      citation: { sourceId: 'why-hangzhou', sourceTitle: 'DeepSeek为什么会出现在杭州?', outlet: '上海证券报（原载新华日报“交汇点”客户端）', date: '2025年2月7日', paragraph: 1 },
    });
  });

  it('cites by source id only when the source is unknown', () => {
    expect(toFrozenItem(item('nj-gdp-2024'), undefined).citation).toEqual({ sourceId: 'what-do-we-have', sourceTitle: '', outlet: '', date: '', paragraph: item('nj-gdp-2024').paragraph });
  });

  it('prints the outlet with the original publisher', () => {
    expect(citationOf(item('nj-gdp-2024'), source('what-do-we-have')).outlet).toBe('上海证券报（原载新华日报“交汇点”客户端）');
  });
});

describe('quote in context', () => {
  it('splits the paragraph around the quote', () => {
    const ctx = quoteInContext(source('why-hangzhou'), item('hz-talent-code'))!;
    expect(ctx.paragraph).toBe(9);
    expect(`${ctx.before}${ctx.quote}${ctx.after}`).toBe(source('why-hangzhou').paragraphs[8]!.text);
    expect(ctx.before.endsWith('53个创新孵化器;')).toBe(true);
    expect(ctx.previous).toBe('创新雨林的生态法则');
  });

  it('finds the written figure inside the quote (the n-th occurrence when repeated)', () => {
    const second = item('hz-new-revenue-sci-tech-share-2025');
    const [s, e] = figureSpanInQuote(second)!;
    expect(second.quote.slice(s, e)).toBe('15%以上');
    expect(second.quote.slice(0, s)).toContain('新增财力的');
    expect(second.quote.slice(0, s)).not.toContain('新增财力的15%以上');
    expect(figureSpanInQuote(item('nj-ning-manyi'))).toBeUndefined();
  });
});
