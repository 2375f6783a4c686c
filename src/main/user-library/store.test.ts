import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LibraryData, LibraryItem, LibrarySource } from '../../shared/library';
import { createUserLibraryStore } from './store';
import { markSuperseded, mergeLibraryData, mergedLibraryCache } from './merge';
import { buildItems, suggestMetric } from './accept';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bs-userlib-'));
  dirs.push(d);
  return d;
};
const now = () => new Date('2026-01-02T03:04:05Z');

const source: LibrarySource = {
  id: 'u-src-1',
  kind: 'article',
  title: '南京市统计公报',
  outlet: '南京市统计局',
  date: '2026-02-01',
  dateText: '2026年2月1日',
  paragraphs: [{ text: '2025年南京市地区生产总值1.9万亿元。' }],
  origin: 'user',
};
const item = (over: Partial<LibraryItem> = {}): LibraryItem => ({
  id: 'u-1',
  kind: 'indicator',
  city: '南京',
  subject: '地区生产总值',
  value: 1.9,
  unit: '万亿元',
  valueText: '1.9万亿元',
  baseValue: 1.9e12,
  baseUnit: '元',
  qualifier: 'actual',
  year: 2025,
  yearBasis: 'stated',
  metric: 'gdp',
  themes: ['经济总量'],
  quote: '2025年南京市地区生产总值1.9万亿元。',
  sourceId: 'u-src-1',
  paragraph: 1,
  origin: 'user',
  ...over,
});
const gdp = { key: 'gdp', label: '地区生产总值', unit: '万亿元' };

describe('user library store', () => {
  it('starts empty, writes atomically and keeps the previous file as a backup', () => {
    const dataDir = tempDir();
    const store = createUserLibraryStore(dataDir, { now });
    expect(store.data()).toEqual({ sources: [], items: [], metrics: [] });
    expect(store.write({ sources: [source], items: [], metrics: [] })).toEqual({ ok: true, value: null });
    expect(store.revision()).toBe(1);
    expect(existsSync(`${store.path}.bak`)).toBe(false);
    expect(store.write({ sources: [source], items: [item()], metrics: [gdp] }).ok).toBe(true);
    const backup = JSON.parse(readFileSync(`${store.path}.bak`, 'utf8'));
    expect(backup.items).toEqual([]);
    expect(JSON.parse(readFileSync(store.path, 'utf8')).items[0].id).toBe('u-1');
    // No temp files left behind.
    expect(readdirSync(join(dataDir, 'library')).sort()).toEqual(['user-library.json', 'user-library.json.bak']);
    // A new store reads it back.
    expect(createUserLibraryStore(dataDir, { now }).data().items).toHaveLength(1);
  });

  it('refuses invalid contents without touching the file', () => {
    const dataDir = tempDir();
    const store = createUserLibraryStore(dataDir, { now });
    store.write({ sources: [source], items: [], metrics: [] });
    const before = readFileSync(store.path, 'utf8');
    const bad = store.write({ sources: [source], items: [item({ quote: '原文没有这句' })], metrics: [gdp] });
    expect(bad).toMatchObject({ ok: false, code: 'LIBRARY_INVALID' });
    expect(readFileSync(store.path, 'utf8')).toBe(before);
    expect(store.revision()).toBe(1);
  });

  it('moves a damaged file aside with a notice and starts empty (broken JSON, and valid JSON with a bad item)', () => {
    for (const damaged of ['{"schemaVersion":1,"sources":[', JSON.stringify({ schemaVersion: 1, sources: [source], items: [item({ paragraph: 9 })], metrics: [gdp] })]) {
      const dataDir = tempDir();
      mkdirSync(join(dataDir, 'library'));
      writeFileSync(join(dataDir, 'library', 'user-library.json'), damaged);
      const store = createUserLibraryStore(dataDir, { now });
      expect(store.data()).toEqual({ sources: [], items: [], metrics: [] });
      expect(store.notices()).toHaveLength(1);
      const [notice] = store.notices();
      expect(notice!.code).toBe('USER_LIBRARY_DAMAGED');
      expect(readFileSync(notice!.movedTo, 'utf8')).toBe(damaged);
      expect(existsSync(store.path)).toBe(false);
    }
  });
});

describe('merging and superseding', () => {
  const bundled: LibraryData = {
    sources: [{ ...source, id: 'article-1', origin: undefined } as LibrarySource],
    items: [item({ id: 'nj-gdp-2024', year: 2024, origin: undefined, sourceId: 'article-1' })],
    metrics: [gdp],
    derivations: [],
  };

  it('a newer user figure of the same metric, place and qualifier supersedes older ones; others are untouched', () => {
    const marked = markSuperseded([
      item({ id: 'old', year: 2024, origin: undefined }),
      item({ id: 'target', year: 2024, qualifier: 'target', origin: undefined }),
      item({ id: 'hz', year: 2024, city: '杭州' }),
      item({ id: 'new', year: 2025 }),
    ]);
    expect(marked.map((i) => [i.id, i.supersededBy])).toEqual([
      ['old', 'new'],
      ['target', undefined],
      ['hz', undefined],
      ['new', undefined],
    ]);
  });

  it('merges sources, items and metrics; the cache rebuilds the index only when the revision changes', () => {
    const merged = mergeLibraryData(bundled, { sources: [source], items: [item()], metrics: [gdp] });
    expect(merged.items.map((i) => i.id)).toEqual(['nj-gdp-2024', 'u-1']);
    expect(merged.items[0]!.supersededBy).toBe('u-1');
    expect(merged.metrics).toHaveLength(1);
    const base = { data: bundled, index: null as never, dir: '' };
    let revision = 0;
    let user = { sources: [] as LibrarySource[], items: [] as LibraryItem[], metrics: [] as (typeof gdp)[] };
    const get = mergedLibraryCache(() => base, () => ({ data: user, revision }));
    expect(get()).toBe(base);
    user = { sources: [source], items: [item()], metrics: [] };
    revision = 1;
    const first = get();
    expect(first.index.search({ query: 'dqsczz' }).hits.map((h) => h.item.id)).toContain('u-1');
    expect(get()).toBe(first);
  });

  it('builds items from accepted candidates: suggested metric reused, new metric created, themes from the metric', () => {
    expect(suggestMetric('全市地区生产总值', [gdp, { key: 'rd', label: '研发投入强度', unit: '%' }])).toBe('gdp');
    expect(suggestMetric('新认定高新技术企业', [gdp])).toBeNull();
    // A growth rate of the GDP is not the GDP.
    expect(suggestMetric('全市地区生产总值', [gdp], '%')).toBeNull();
    expect(suggestMetric('全市地区生产总值', [gdp], '万亿元')).toBe('gdp');
    let n = 0;
    const { items, metrics } = buildItems(
      [
        { kind: 'indicator', subject: '地区生产总值', quote: source.paragraphs[0]!.text, paragraph: 1, value: 1.9, unit: '万亿元', valueText: '1.9万亿元', baseValue: 1.9e12, baseUnit: '元', year: 2025, city: '南京', metric: 'gdp' },
        { kind: 'indicator', subject: '总量', quote: source.paragraphs[0]!.text, paragraph: 1, value: 1.9, unit: '万亿元', valueText: '1.9万亿元', baseValue: 1.9e12, baseUnit: '元', year: 2025, city: '南京', metricLabel: '经济总量' },
      ],
      source,
      { existing: bundled.items, metrics: [gdp], newId: () => `x${++n}` },
    );
    expect(items.map((i) => [i.id, i.metric, i.origin, i.qualifier, i.yearBasis])).toEqual([
      ['u-x1', 'gdp', 'user', 'actual', 'stated'],
      ['u-x2', 'u-m-x3', 'user', 'actual', 'stated'],
    ]);
    expect(metrics).toEqual([{ key: 'u-m-x3', label: '经济总量', unit: '万亿元' }]);
    expect(items[0]!.themes).toEqual(['经济总量']);
  });
});
