// The library in the renderer — one typed model, converted once per session from the catalogue
// `listLibraryItems` hands over (the shared/library schema's types): the search index the panel
// uses, and the same items as core/briefing works with them (metric labels filled in, the library's
// 推算 values derived), with their sources. The panel, the editor's insertions, the table and chart
// builders and 校对 all read this one model; freezing an item is core's (toFrozenItem, through
// excerptFromItem / statementParagraph / linkedFigureRun), nowhere else.
import { deriveItem, type LibraryItemLike, type LibrarySourceLike } from '../../core/briefing';
import { createLibraryIndex, type LibraryIndex } from '../../core/library';
import type { Api } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { splitUnit, type LibraryCatalog, type LibraryItem, type LibrarySourceSummary } from '../../shared/library';

export interface LibraryModel {
  /** the search index (the library panel) */
  readonly index: LibraryIndex;
  /** ms the index took to build */
  readonly buildMs: number;
  /** every item as core/briefing sees it, the derived (推算) ones after the stated ones */
  readonly items: readonly LibraryItemLike[];
  readonly byId: ReadonlyMap<string, LibraryItemLike>;
  /** the items with a figure (tables, charts, the contradiction check) */
  readonly indicators: readonly LibraryItemLike[];
  /** every source by id, as cited */
  readonly sources: ReadonlyMap<string, LibrarySourceLike>;
}

/** A library item as core/briefing works with it; `metricLabel` names its metric (技术转化率). */
export function toItemLike(item: LibraryItem, metricLabel: (key: string) => string | undefined): LibraryItemLike {
  return {
    id: item.id,
    kind: item.kind,
    city: item.city,
    district: item.district ?? null,
    subject: item.subject,
    value: item.value ?? null,
    unit: item.unit ?? null,
    baseValue: item.baseValue ?? null,
    year: item.year ?? null,
    qualifier: item.qualifier ?? null,
    quote: item.quote,
    sourceId: item.sourceId,
    paragraph: item.paragraph,
    metric: item.metric === undefined ? null : (metricLabel(item.metric) ?? item.metric),
    note: item.note ?? null,
    supersededBy: item.supersededBy ?? null,
  };
}

/** A source as a citation needs it (the date as printed: 2025年2月7日). */
export function toSourceLike(source: LibrarySourceSummary): LibrarySourceLike {
  return {
    id: source.id,
    title: source.title,
    outlet: source.outlet,
    ...(source.originalPublisher ? { originalPublisher: source.originalPublisher } : {}),
    kind: source.kind,
    date: source.dateText,
  };
}

/** Converts the catalogue once: index, items (with the derived ones) and sources. */
export function libraryModel(catalog: LibraryCatalog, now: () => number = () => performance.now()): LibraryModel {
  const started = now();
  const index = createLibraryIndex(catalog);
  const buildMs = now() - started;
  const labels = new Map(catalog.metrics.map((m) => [m.key, m.label]));
  const stated = catalog.items.map((i) => toItemLike(i, (key) => labels.get(key)));
  const statedById = new Map(stated.map((i) => [i.id, i]));
  const derived = catalog.derivations.flatMap((d) => {
    const made = deriveItem(d, d.operands.map((id) => statedById.get(id)), labels.get(d.metric) ?? d.metric, splitUnit(d.unit).multiplier);
    return made ? [made] : [];
  });
  const items = [...stated, ...derived];
  return {
    index,
    buildMs,
    items,
    byId: new Map(items.map((i) => [i.id, i])),
    indicators: items.filter((i) => i.kind === 'indicator' && i.value !== null && i.value !== undefined),
    sources: new Map(catalog.sources.map((s) => [s.id, toSourceLike(s)])),
  };
}

/** The library method of the API the model loads with (a fake in tests). */
export type CatalogClient = Pick<Api, 'listLibraryItems'>;

// One model per session, shared by every panel and editor (the editor is re-created per draft).
let loading: Promise<Result<LibraryModel>> | null = null;

/** The library, loaded and converted once per session; a failed load is tried again next time. */
export function loadLibrary(client: CatalogClient): Promise<Result<LibraryModel>> {
  loading ??= (async (): Promise<Result<LibraryModel>> => {
    const result = await client.listLibraryItems({});
    if (!result.ok) {
      loading = null;
      return result;
    }
    return { ok: true, value: libraryModel(result.value) };
  })();
  return loading;
}

/** Forgets the loaded library (tests). */
export function resetLibraryModel(): void {
  loading = null;
}
