// The library as the editor asks for it: every indicator (table and chart builders), items by id
// (the checks), an item with its source (insertion from the library panel or a drop). Reads the
// renderer's one library model (state/library-model.ts); nothing here converts or freezes.
import type { LibraryItemLike, LibrarySourceLike } from '../../../core/briefing';
import { api } from '../../api';
import { loadLibrary, type CatalogClient, type LibraryModel } from '../../state/library-model';

/** What the editor asks of the library. */
export interface LibraryAccess {
  /** Every indicator with a figure. */
  indicators(): Promise<LibraryItemLike[]>;
  /** Items by id; ids the library does not have are returned in `missing`. */
  items(ids: readonly string[]): Promise<{ items: LibraryItemLike[]; missing: string[] }>;
  /** Every source (article) by id, as cited. */
  sources(): Promise<ReadonlyMap<string, LibrarySourceLike>>;
  /** One item with the source it came from, or null when the library does not have it. */
  item(id: string): Promise<{ item: LibraryItemLike; source: LibrarySourceLike | undefined } | null>;
}

/** The editor's access to a library model (loaded once per session through `client`). */
export function libraryAccessOf(client: CatalogClient): LibraryAccess {
  // A library that does not load is an empty one to the editor (the panel shows the error).
  const model = async (): Promise<LibraryModel | null> => {
    const result = await loadLibrary(client);
    return result.ok ? result.value : null;
  };
  return {
    async indicators() {
      return [...((await model())?.indicators ?? [])];
    },
    async sources() {
      return (await model())?.sources ?? new Map();
    },
    async items(ids) {
      const m = await model();
      if (!m || m.items.length === 0) return { items: [], missing: [] };
      return { items: ids.flatMap((id) => m.byId.get(id) ?? []), missing: ids.filter((id) => !m.byId.has(id)) };
    },
    async item(id) {
      const m = await model();
      const item = m?.byId.get(id);
      return m && item ? { item, source: m.sources.get(item.sourceId) } : null;
    },
  };
}

/** The library through the API. */
export const libraryAccess: LibraryAccess = libraryAccessOf(api);
