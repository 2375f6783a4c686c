import { SvelteMap } from 'svelte/reactivity';
import type { Api } from '../../shared/api';
import type { Result } from '../../shared/errors';
import type {
  FacetName,
  LibraryFilters,
  LibraryItem,
  LibrarySearchResult,
  LibrarySource,
  LibrarySourceSummary,
} from '../../shared/library';
import type { LibraryIndex } from '../../core/library';
import { api } from '../api';
import { loadLibrary, resetLibraryModel, type LibraryModel } from './library-model';

/**
 * The library panel's state. Search runs here, in the renderer, on the pure core index: the
 * catalogue (about 100 items, ~60 KB) is fetched once per session through `listLibraryItems`, the
 * index is built once (a few ms), and every keystroke is a synchronous in-memory search (well under
 * a millisecond on the bundled library; ~1–3 ms at 20,000 items per the core bench). A round trip
 * per keystroke would cost more than the search itself (IPC serialisation of 50 hits with their
 * quotes, plus the main process's event loop being busy with saves) and would need cancelling of
 * stale answers; the measured figures are in tests/e2e/library.test.ts.
 */

/** The library methods of the API this state uses (a fake in component tests). */
export type LibraryClient = Pick<Api, 'listLibraryItems' | 'getLibrarySource'>;

/** The facets the panel offers as filter chips, in order, with their Chinese names. */
export const panelFacets = [
  ['city', '城市'],
  ['kind', '类别'],
  ['theme', '主题'],
  ['qualifier', '口径'],
  ['year', '年份'],
  ['source', '来源'],
] as const satisfies readonly (readonly [FacetName, string])[];

/** The facet a filter key belongs to. */
const filterKeyOf = {
  city: 'cities',
  district: 'districts',
  kind: 'kinds',
  theme: 'themes',
  qualifier: 'qualifiers',
  year: 'years',
  source: 'sourceIds',
  metric: 'metrics',
} as const satisfies Record<FacetName, keyof LibraryFilters>;

/** Hits shown at most (the bundled library has ~100 items; a synthetic one may have 20,000). */
export const RESULT_LIMIT = 200;

/** Requests to focus the library search box (menu 在资料库中查找, Ctrl+K); the panel watches it. */
export const libraryFocus = $state({ requests: 0 });

/** Asks the library panel on screen to focus its search box. */
export function requestLibraryFocus(): void {
  libraryFocus.requests++;
}

// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache of requests, never rendered
const sourceCache = new Map<string, Promise<Result<LibrarySource>>>();

/** Forgets the loaded library and the fetched sources (tests). */
export function resetLibraryCache(): void {
  resetLibraryModel();
  sourceCache.clear();
}

/** The search box, filters, results, the active item and its source, for one panel. */
export class LibraryState {
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  query = $state('');
  filters = $state<LibraryFilters>({});
  /** index of the active (keyboard-selected) hit */
  activeIndex = $state(0);
  /** ms the index took to build (shown in the panel's title for the curious, read by the e2e test) */
  buildMs = $state(0);
  readonly sources = new SvelteMap<string, LibrarySource | { error: string }>();
  #index = $state.raw<LibraryIndex | null>(null);
  #model: LibraryModel | null = null;
  readonly #client: LibraryClient;

  /** The search for the current query and filters, with how long it took. */
  searched = $derived.by((): { result: LibrarySearchResult; ms: number } | null => {
    const index = this.#index;
    if (!index) return null;
    const started = performance.now();
    const result = index.search({ query: this.query, filters: this.filters, limit: RESULT_LIMIT });
    return { result, ms: performance.now() - started };
  });

  result = $derived(this.searched?.result ?? null);
  active = $derived(this.result?.hits[this.activeIndex] ?? null);
  /** how many filters are on */
  filterCount = $derived(Object.values(this.filters).reduce((n, values) => n + (values?.length ?? 0), 0));

  constructor(client: LibraryClient = api) {
    this.#client = client;
  }

  /** Loads the catalogue (once per session) and builds the index. */
  async load(): Promise<void> {
    this.status = 'loading';
    const result = await loadLibrary(this.#client);
    if (!result.ok) {
      this.status = 'error';
      this.error = result.message;
      return;
    }
    this.#model = result.value;
    this.#index = result.value.index;
    this.buildMs = result.value.buildMs;
    this.status = 'ready';
  }

  get index(): LibraryIndex | null {
    return this.#index;
  }

  /** The loaded library (items as the editor inserts them, sources), or null before it loads. */
  get model(): LibraryModel | null {
    return this.#model;
  }

  setQuery(query: string): void {
    this.query = query;
    this.activeIndex = 0;
  }

  /** Moves the keyboard selection by `delta` hits (clamped). */
  move(delta: number): void {
    const n = this.result?.hits.length ?? 0;
    if (n === 0) return;
    this.activeIndex = Math.min(n - 1, Math.max(0, this.activeIndex + delta));
  }

  select(index: number): void {
    this.activeIndex = index;
  }

  /** Turns a filter chip on or off (values of one facet combine with OR, facets with AND). */
  toggle(facet: FacetName, value: string | number): void {
    const key = filterKeyOf[facet];
    const current = (this.filters[key] ?? []) as readonly (string | number)[];
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    const filters: Record<string, unknown> = { ...this.filters };
    if (next.length > 0) filters[key] = next;
    else delete filters[key];
    this.filters = filters as LibraryFilters;
    this.activeIndex = 0;
  }

  clearFilters(): void {
    this.filters = {};
    this.activeIndex = 0;
  }

  /** The source summary of an item (title, outlet, date) for its citation. */
  sourceOf(item: LibraryItem): LibrarySourceSummary | undefined {
    return this.#index?.getSource(item.sourceId);
  }

  /** The metric's label (技术转化率) of an indicator. */
  metricLabel(item: LibraryItem): string | undefined {
    return item.metric === undefined ? undefined : this.#index?.getMetric(item.metric)?.label;
  }

  /** Fetches a source's paragraphs (once) so the detail can show the quote in its paragraph. */
  async loadSource(id: string): Promise<void> {
    if (this.sources.has(id)) return;
    let pending = sourceCache.get(id);
    if (!pending) {
      pending = this.#client.getLibrarySource({ id });
      sourceCache.set(id, pending);
    }
    const result = await pending;
    if (!result.ok) sourceCache.delete(id);
    this.sources.set(id, result.ok ? result.value : { error: result.message });
  }
}
