import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LibraryCatalog, LibraryItem, LibrarySearchHit } from '../../shared/library';
import { createLibraryIndex, MAX_MATCHED_QUERY } from '.';
import { bundledLibrary } from './test-support';

const index = createLibraryIndex(bundledLibrary);
const ids = (hits: readonly LibrarySearchHit[]) => hits.map((h) => h.item.id);
const all = (query: string, filters = {}) => index.search({ query, filters, limit: 500 });
const tierOf = { phrase: 3, words: 2, pinyin: 1, all: 0 } as const;
/** The text a span covers in a hit's field. */
const spanTexts = (hit: LibrarySearchHit, field: 'subject' | 'quote' | 'city' | 'name') =>
  (hit.highlights[field] ?? []).map(([s, e]) => (hit.item[field] ?? '').slice(s, e));

describe('Chinese substring and word matches', () => {
  it('finds 研发投入 as a phrase wherever it occurs (subject, metric, theme, quote)', () => {
    const result = all('研发投入');
    expect(result.total).toBeGreaterThan(3);
    expect(result.hits[0]!.match).toBe('phrase');
    expect(ids(result.hits)).toContain('hz-rd-intensity-2025');
    for (const hit of result.hits.filter((h) => h.match === 'phrase')) {
      const text = [hit.item.name, hit.item.subject, hit.item.quote, hit.item.note, index.getMetric(hit.item.metric ?? '')?.label, ...hit.item.themes].join('|');
      expect(text).toContain('研发投入');
    }
  });

  it('returns spans that cover exactly the matched text', () => {
    const hit = all('研发投入').hits.find((h) => h.item.id === 'hz-rd-intensity-2025')!;
    expect(hit.highlights.subject).toEqual([[3, 7]]);
    expect(spanTexts(hit, 'subject')).toEqual(['研发投入']);
    for (const text of spanTexts(hit, 'quote')) expect(['研发投入', '研发', '投入']).toContain(text);
    expect(hit.matchedThemes).toEqual(['研发投入']);
  });

  it('finds a figure as written (三个15%, 28%)', () => {
    expect(ids(all('三个15%').hits)[0]).toBe('hz-three-15-policy-2025');
    expect(ids(all('28%').hits)[0]).toBe('nj-tech-transfer-rate-2023');
  });

  it('matches words in any order and field (杭州 人才)', () => {
    const result = all('杭州 人才');
    expect(result.total).toBeGreaterThan(5);
    for (const hit of result.hits) {
      expect(hit.match).toBe('words');
      const text = JSON.stringify(hit.item) + index.getMetric(hit.item.metric ?? '')?.label;
      expect(text).toContain('杭州');
      expect(text).toContain('人才');
    }
  });

  it('ranks an exact name before other phrase matches (双聘制)', () => {
    expect(ids(all('双聘制').hits)[0]).toBe('hz-etdz-dual-appointment');
  });

  it('is case- and width-insensitive (ＤｅｅｐＳｅｅｋ, r&d)', () => {
    expect(ids(all('ＤｅｅｐＳｅｅｋ').hits)).toEqual(ids(all('deepseek').hits));
    expect(all('DeepSeek').total).toBeGreaterThan(0);
    expect(ids(all('r&d').hits)).toContain('hz-xiaoshan-rd-intensity-2025');
  });
});

describe('pinyin', () => {
  const isHangzhouTalent = (item: LibraryItem) => item.city === '杭州' && (item.themes.includes('人才') || item.subject.includes('人才') || (item.name ?? '').includes('人才'));

  it('hzrc (initials) finds 杭州’s 人才 items, those first', () => {
    const result = all('hzrc');
    expect(result.total).toBeGreaterThan(5);
    expect(result.hits.every((h) => h.match === 'pinyin' && h.item.city === '杭州')).toBe(true);
    const expected = bundledLibrary.items.filter((i) => i.city === '杭州' && i.themes.includes('人才')).map((i) => i.id);
    expect(ids(result.hits.slice(0, expected.length)).sort()).toEqual([...expected].sort());
    expect(ids(result.hits)).toContain('hz-talent-code');
  });

  it('hangzhou rencai (full pinyin, two words) finds the same 杭州 人才 items', () => {
    const result = all('hangzhou rencai');
    expect(result.hits.every((h) => isHangzhouTalent(h.item))).toBe(true);
    const expected = bundledLibrary.items.filter((i) => i.city === '杭州' && i.themes.includes('人才')).map((i) => i.id);
    expect(ids(result.hits)).toEqual(expect.arrayContaining(expected));
  });

  it('highlights the characters a pinyin word matched', () => {
    const hit = all('hzrc').hits.find((h) => h.item.id === 'hz-talent-code')!;
    expect(spanTexts(hit, 'city')).toEqual(['杭州']);
    expect(spanTexts(hit, 'name')).toEqual(['人才']);
  });

  it('reads polyphones every way (率 lv / lu) and accepts a prefix while typing (hangz)', () => {
    expect(ids(all('jishuzhuanhualv').hits).sort()).toEqual(['hz-tech-transfer-rate', 'nj-tech-transfer-rate-2023']);
    expect(ids(all('jishu zhuanhualu').hits)).toEqual(expect.arrayContaining(['hz-tech-transfer-rate', 'nj-tech-transfer-rate-2023']));
    const typing = all('hangz');
    expect(typing.total).toBeGreaterThan(20);
    expect(typing.hits.every((h) => JSON.stringify(h.item).includes('杭'))).toBe(true);
  });

  it('mixes Chinese words and pinyin words (南京 rencai)', () => {
    const result = all('南京 rencai');
    expect(result.total).toBeGreaterThan(0);
    expect(result.hits.every((h) => h.item.city === '南京' && h.match === 'pinyin')).toBe(true);
  });

  it('does not read a short acronym that occurs in the text as pinyin (ai)', () => {
    expect(all('ai').hits.every((h) => h.match !== 'pinyin')).toBe(true);
  });
});

describe('ranking', () => {
  it('orders phrase > words > pinyin', () => {
    const base = bundledLibrary.items[0]!;
    const make = (id: string, subject: string, note?: string): LibraryItem => ({
      ...base,
      id,
      subject,
      quote: '原文',
      name: undefined,
      metric: undefined,
      kind: 'measure',
      value: undefined,
      unit: undefined,
      valueText: undefined,
      baseValue: undefined,
      baseUnit: undefined,
      qualifier: undefined,
      year: undefined,
      yearBasis: undefined,
      approximate: undefined,
      themes: ['产业'],
      ...(note ? { note } : {}),
    });
    const catalog: LibraryCatalog = {
      items: [make('c-pinyin', '人才政策'), make('b-words', '政策与人才', 'rencai'), make('a-phrase', '政策 rencai 摘要')],
      metrics: [],
      derivations: [],
      sources: bundledLibrary.sources,
    };
    const result = createLibraryIndex(catalog).search({ query: '政策 rencai' });
    expect(result.hits.map((h) => [h.item.id, h.match])).toEqual([
      ['a-phrase', 'phrase'],
      ['b-words', 'words'],
      ['c-pinyin', 'pinyin'],
    ]);
  });

  it('keeps every tier ahead of the next in the bundled library', () => {
    for (const q of ['研发投入', '技术转化率', '人才', 'hzrc', '私募基金']) {
      const tiers = all(q).hits.map((h) => tierOf[h.match]);
      expect([...tiers].sort((a, b) => b - a)).toEqual(tiers);
    }
  });
});

describe('filters and facets', () => {
  it('filters by city and kind, counting each facet under the other filters', () => {
    const result = all('', { cities: ['南京'], kinds: ['indicator'] });
    expect(result.total).toBe(bundledLibrary.items.filter((i) => i.city === '南京' && i.kind === 'indicator').length);
    expect(result.hits.every((h) => h.item.city === '南京' && h.item.kind === 'indicator')).toBe(true);
    const city = Object.fromEntries(result.facets.city.map((f) => [f.value, f]));
    expect(city['杭州']).toMatchObject({ selected: false, count: bundledLibrary.items.filter((i) => i.city === '杭州' && i.kind === 'indicator').length });
    expect(city['南京']).toMatchObject({ selected: true, count: result.total });
    const kind = Object.fromEntries(result.facets.kind.map((f) => [f.value, f]));
    expect(kind['measure']).toMatchObject({ label: '措施', count: bundledLibrary.items.filter((i) => i.city === '南京' && i.kind === 'measure').length });
  });

  it('filters by district, theme, qualifier, year, source and metric', () => {
    expect(ids(all('', { districts: ['萧山区'], kinds: ['indicator'] }).hits)).toEqual(['hz-xiaoshan-rd-intensity-2025']);
    expect(all('', { themes: ['城市更新'] }).hits.every((h) => h.item.themes.includes('城市更新'))).toBe(true);
    expect(all('', { qualifiers: ['comparison'] }).hits.every((h) => h.item.qualifier === 'comparison')).toBe(true);
    expect(all('', { years: [2024] }).hits.map((h) => h.item.year)).toEqual([2024, 2024, 2024]);
    expect(all('', { sourceIds: ['why-hangzhou'] }).hits.every((h) => h.item.sourceId === 'why-hangzhou')).toBe(true);
    expect(ids(all('', { metrics: ['tech-transfer-rate'] }).hits)).toEqual(['nj-tech-transfer-rate-2023', 'hz-tech-transfer-rate']);
  });

  it('combines a query with filters and labels facets in Chinese', () => {
    const result = all('人才', { cities: ['南京'] });
    expect(result.hits.every((h) => h.item.city === '南京')).toBe(true);
    expect(result.facets.source.map((f) => f.label)).toContain('《杭州有DeepSeek,我们有什么?》');
    expect(result.facets.year.every((f) => f.label === `${f.value}年`)).toBe(true);
    expect(result.facets.qualifier.map((f) => f.label)).toEqual(expect.arrayContaining(['实际']));
  });

  it('shows a selected value that has no hits, with count 0', () => {
    const result = all('', { cities: ['苏州'], kinds: ['measure'] });
    expect(result.total).toBe(0);
    expect(result.facets.city.find((f) => f.value === '苏州')).toMatchObject({ count: 0, selected: true });
  });

  it('lists everything in library order for an empty query, paged', () => {
    const first = index.search({ limit: 10 });
    expect(first.total).toBe(bundledLibrary.items.length);
    expect(first.hits.map((h) => h.match)).toEqual(Array(10).fill('all'));
    expect(ids(first.hits)).toEqual(bundledLibrary.items.slice(0, 10).map((i) => i.id));
    expect(ids(index.search({ limit: 10, offset: 95 }).hits)).toEqual(bundledLibrary.items.slice(95).map((i) => i.id));
  });
});

describe('hostile queries', () => {
  it.each([['.*+?^${}()|[]\\'], ['(?<x>'], ['%'], ['😀😀'], ['杭州😀人才'], ['\u0000\u0001\u0002'], ['DeepSeek杭州'], ['R&D 4%'], ['  ']])('does not throw on %j', (q) => {
    expect(() => index.search({ query: q })).not.toThrow();
  });

  it('cuts a 10,000-character query and says so, quickly', () => {
    const text = bundledLibrary.sources.flatMap((s) => s.paragraphs.map((p) => p.text)).join('');
    const query = text.repeat(2).slice(0, 10_000);
    const start = performance.now();
    const result = index.search({ query });
    expect(performance.now() - start).toBeLessThan(100);
    expect(result.truncated).toBe(true);
    expect(result.query.length).toBeLessThanOrEqual(MAX_MATCHED_QUERY);
    expect(query.toLowerCase().startsWith(result.query)).toBe(true);
  });

  it('flags a query longer than the API allows instead of throwing', () => {
    expect(index.search({ query: 'x'.repeat(20_000) }).truncated).toBe(true);
  });

  it('never cuts a surrogate pair', () => {
    const result = index.search({ query: `${'a'.repeat(MAX_MATCHED_QUERY - 1)}😀` });
    expect(result.query.endsWith('\ud83d')).toBe(false);
  });

  it('never throws on arbitrary text and returns consistent pages', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 30 }), (query, limit) => {
        const result = index.search({ query, limit });
        expect(result.hits.length).toBeLessThanOrEqual(Math.min(limit, result.total));
        for (const hit of result.hits) {
          for (const spans of Object.values(hit.highlights)) {
            for (const [s, e] of spans) expect(s).toBeLessThan(e);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to defaults for a malformed request instead of throwing', () => {
    expect(() => index.search({ limit: 0, query: 42 } as never)).not.toThrow();
  });

  it('maps spans back to the original text when normalisation changes lengths', () => {
    const base = bundledLibrary.items[0]!;
    const item: LibraryItem = { ...base, id: 'x-ligature', subject: 'ﬁ科技ﬁnance' };
    const result = createLibraryIndex({ ...bundledLibrary, items: [item] }).search({ query: 'finance' });
    expect(result.hits[0]!.highlights.subject).toEqual([[3, 9]]);
    expect(item.subject.slice(3, 9)).toBe('ﬁnance');
  });
});
