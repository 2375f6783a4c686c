import { beforeEach, describe, expect, it } from 'vitest';
import { bundledLibrary } from '../../core/library/test-support';
import { fail, ok } from '../../shared/errors';
import type { LibraryCatalog } from '../../shared/library';
import { libraryModel, loadLibrary, resetLibraryModel } from './library-model';

const catalog: LibraryCatalog = { ...bundledLibrary, sources: bundledLibrary.sources.map(({ paragraphs: _p, ...summary }) => summary) };

beforeEach(() => resetLibraryModel());

describe('the renderer’s library model (converted once from the typed catalogue)', () => {
  it('has every stated item with its metric’s label, the derived (推算) values and every source', () => {
    const model = libraryModel(catalog);
    const stated = catalog.items.find((i) => i.id === 'nj-tech-transfer-rate-2023')!;
    expect(model.byId.get(stated.id)).toMatchObject({ id: stated.id, metric: '技术转化率', value: stated.value, baseValue: stated.baseValue, sourceId: stated.sourceId });
    expect(catalog.derivations.length).toBeGreaterThan(0);
    const derived = model.items.filter((i) => i.derived);
    expect(derived.map((i) => i.id).sort()).toEqual(catalog.derivations.map((d) => d.id).sort());
    expect(model.indicators.every((i) => i.kind === 'indicator' && typeof i.value === 'number')).toBe(true);
    expect(model.sources.get('what-do-we-have')).toMatchObject({ title: '杭州有DeepSeek,我们有什么?', date: '2025年2月8日' });
    expect(model.index.search({ query: '技术转化率', limit: 5 }).hits.length).toBeGreaterThan(0);
  });

  it('loads once per session, and tries again after a failed load', async () => {
    let calls = 0;
    let failing = true;
    const client = {
      listLibraryItems: async () => {
        calls++;
        return failing ? fail('LIBRARY_INVALID') : ok(structuredClone(catalog));
      },
    };
    expect((await loadLibrary(client)).ok).toBe(false);
    failing = false;
    const [a, b] = await Promise.all([loadLibrary(client), loadLibrary(client)]);
    expect(a.ok && b.ok && a.value === b.value).toBe(true);
    expect(calls).toBe(2);
  });
});
