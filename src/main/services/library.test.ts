import { describe, expect, it } from 'vitest';
import { excerptFromItem } from '../../core/briefing';
import { frozenItemSchema } from '../../shared/briefing';
import { findAppPaths } from '../paths';
import { createNodeHost } from '../node-host';
import { createDispatcher } from './dispatch';
import { createLibraryServices } from './library';
import type { Services } from './types';

const paths = findAppPaths(import.meta.dirname);
const host = createNodeHost({ paths, dataDir: paths.root });
const services = createLibraryServices(host);
// The dispatcher validates requests against the contract; only library channels are called here.
const dispatch = createDispatcher(services as unknown as Services, () => undefined);

describe('library services', () => {
  it('searchLibrary returns hits with spans and facets', async () => {
    const result = await services.searchLibrary({ query: 'hzrc', filters: { kinds: ['indicator'] }, limit: 5, offset: 0 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.hits.length).toBe(5);
    expect(result.value.hits.every((h) => h.item.city === '杭州' && h.item.kind === 'indicator' && h.match === 'pinyin')).toBe(true);
    expect(result.value.facets.kind.find((f) => f.value === 'indicator')?.selected).toBe(true);
  });

  it('getLibraryItem returns the item with citation, frozen copy and related items', async () => {
    const result = await services.getLibraryItem({ id: 'hz-talent-code' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.citation).toBe('《DeepSeek为什么会出现在杭州?》，上海证券报（原载新华日报“交汇点”客户端），2025年2月7日，第9段');
    expect(frozenItemSchema.parse(result.value.frozen).citation.paragraph).toBe(9);
    expect(result.value.related.map((i) => i.id)).toEqual(['hz-talent-code-services']);
    expect(result.value.source).not.toHaveProperty('paragraphs');
    expect(result.value.metric).toBeNull();
  });

  it('getLibraryItem freezes the item as the editor does (one toFrozenItem): outlet 上海证券报（原载…）', async () => {
    const result = await services.getLibraryItem({ id: 'nj-tech-transfer-rate-2023' });
    if (!result.ok) throw new Error(result.message);
    const { item, source, frozen } = result.value;
    expect(frozen.citation.outlet).toBe('上海证券报（原载新华日报“交汇点”客户端）');
    const editorSource = { id: source.id, title: source.title, outlet: source.outlet, originalPublisher: source.originalPublisher, date: source.dateText };
    expect(excerptFromItem({ ...item, metric: '技术转化率' }, editorSource, 'e1').frozen).toEqual(frozen);
  });

  it('getLibraryItem fails with LIBRARY_ITEM_NOT_FOUND for an unknown id', async () => {
    expect(await services.getLibraryItem({ id: 'no-such-item' })).toEqual({
      ok: false,
      code: 'LIBRARY_ITEM_NOT_FOUND',
      message: '资料库中找不到该条目。（no-such-item）',
      detail: '（no-such-item）',
    });
  });

  it('getLibrarySource returns the paragraphs in which a quote can be shown', async () => {
    const result = await services.getLibrarySource({ id: 'what-do-we-have' });
    expect(result.ok && result.value.paragraphs[9]!.text).toContain('技术转化率仅为28%');
    expect((await services.getLibrarySource({ id: 'nope' })).ok).toBe(false);
  });

  it('listLibraryItems returns the whole catalogue without paragraphs', async () => {
    const result = await services.listLibraryItems({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.items.length).toBe(100);
    expect(result.value.metrics.length).toBeGreaterThan(50);
    expect(result.value.derivations.length).toBe(2);
    expect(result.value.sources.every((s) => !('paragraphs' in s))).toBe(true);
  });
});

describe('library channels through the dispatcher', () => {
  it('applies the request defaults', async () => {
    const result = await dispatch('library:search', { query: '研发投入' });
    expect(result.ok && (result.value as { hits: unknown[] }).hits.length).toBeGreaterThan(0);
  });

  it('refuses a query longer than 10,000 characters and malformed filters', async () => {
    expect(await dispatch('library:search', { query: 'x'.repeat(10_001) })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await dispatch('library:search', { query: '杭州', filters: { kinds: ['policy'] } })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await dispatch('library:search', { query: '杭州', limit: 10_000 })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await dispatch('library:search', { query: '杭州', extra: 1 })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });

  it('refuses ids that are not library slugs', async () => {
    const result = await dispatch('library:get', { id: '../../etc/passwd' });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(result.ok ? '' : result.message).toContain('标识只能由小写字母、数字和连字符组成');
  });
});
