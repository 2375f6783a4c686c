import { formatCitation, toFrozenItem } from '../../core/library';
import { fail, ok } from '../../shared/errors';
import type { LibrarySourceSummary } from '../../shared/library';
import { loadLibrary, type LoadedLibrary } from '../library';
import type { ServiceHost } from './host';
import type { ServiceGroup } from './types';


/** Drops a source's paragraphs: what lists and details carry. */
function summary(source: LibrarySourceSummary & { paragraphs?: unknown }): LibrarySourceSummary {
  const { paragraphs: _paragraphs, ...rest } = source;
  return rest;
}

/**
 * Library services over the bundled data (resources/library), loaded and indexed on first use and
 * cached for the process. A broken data file surfaces as LIBRARY_INVALID with its Chinese detail.
 */
export function createLibraryServices(
  host: ServiceHost,
  /** the library served: the bundled one, or the bundled one merged with the user's (services/index.ts) */
  library: () => LoadedLibrary = () => loadLibrary(host.resourcesDir),
): ServiceGroup<'searchLibrary' | 'getLibraryItem' | 'getLibrarySource' | 'listLibraryItems'> {
  return {
    async searchLibrary(request) {
      return ok(library().index.search(request));
    },
    async getLibraryItem({ id }) {
      const { index } = library();
      const item = index.getItem(id);
      if (!item) return fail('LIBRARY_ITEM_NOT_FOUND', `（${id}）`);
      const source = index.getSource(item.sourceId);
      if (!source) return fail('LIBRARY_INVALID', `（条目 ${id} 的来源 ${item.sourceId} 不存在）`);
      return ok({
        item,
        source: summary(source),
        metric: item.metric === undefined ? null : (index.getMetric(item.metric) ?? null),
        citation: formatCitation(source, { paragraph: item.paragraph }),
        frozen: toFrozenItem(item, source),
        related: (item.related ?? []).map((r) => index.getItem(r)).filter((r) => r !== undefined),
      });
    },
    async getLibrarySource({ id }) {
      const source = library().data.sources.find((s) => s.id === id);
      if (!source) return fail('LIBRARY_SOURCE_NOT_FOUND', `（${id}）`);
      return ok(source);
    },
    async listLibraryItems() {
      const { data } = library();
      return ok({
        items: data.items,
        metrics: data.metrics,
        derivations: data.derivations,
        sources: data.sources.map(summary),
      });
    },
  };
}
