// The library the services serve: the bundled items and the user's accepted items side by side in
// one index (searched in Chinese and pinyin alike), with newer user figures superseding older ones.
import { createLibraryIndex } from '../../core/library';
import type { LibraryData, LibraryItem } from '../../shared/library';
import type { LoadedLibrary } from '../library';
import type { UserLibraryData } from './store';

const placeKey = (item: LibraryItem) => `${item.metric ?? ''}|${item.city}|${item.district ?? ''}|${item.qualifier ?? ''}`;

/**
 * Marks superseded figures: a user indicator with a metric, place and qualifier supersedes every
 * item (bundled or user) of the same metric, city, district and qualifier with an earlier year.
 * Returns new item objects only where `supersededBy` is set; the rest are the same objects.
 */
export function markSuperseded(items: readonly LibraryItem[]): LibraryItem[] {
  const newest = new Map<string, LibraryItem>();
  for (const item of items) {
    if (item.origin !== 'user' || item.kind !== 'indicator' || item.metric === undefined || item.year === undefined) continue;
    const key = placeKey(item);
    const was = newest.get(key);
    if (!was || (was.year ?? 0) < item.year) newest.set(key, item);
  }
  return items.map((item) => {
    if (item.kind !== 'indicator' || item.metric === undefined || item.year === undefined) return item;
    const newer = newest.get(placeKey(item));
    if (!newer || newer.id === item.id || (newer.year ?? 0) <= item.year) return item;
    return { ...item, supersededBy: newer.id };
  });
}

/** The bundled data and the user's, one catalogue (user metrics that repeat a bundled key are dropped). */
export function mergeLibraryData(bundled: LibraryData, user: UserLibraryData): LibraryData {
  const bundledKeys = new Set(bundled.metrics.map((m) => m.key));
  return {
    sources: [...bundled.sources, ...user.sources],
    items: markSuperseded([...bundled.items, ...user.items]),
    metrics: [...bundled.metrics, ...user.metrics.filter((m) => !bundledKeys.has(m.key))],
    derivations: bundled.derivations,
  };
}

/** Remembers the merged library until the user library's revision changes. */
export function mergedLibraryCache(bundled: () => LoadedLibrary, user: () => { data: UserLibraryData; revision: number }): () => LoadedLibrary {
  let cached: { base: LoadedLibrary; revision: number; merged: LoadedLibrary } | null = null;
  return () => {
    const base = bundled();
    const { data, revision } = user();
    if (cached && cached.base === base && cached.revision === revision) return cached.merged;
    const merged: LoadedLibrary =
      data.items.length === 0 && data.sources.length === 0
        ? base
        : (() => {
            const all = mergeLibraryData(base.data, data);
            return { data: all, index: createLibraryIndex(all), dir: base.dir };
          })();
    cached = { base, revision, merged };
    return merged;
  };
}
