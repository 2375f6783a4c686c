// The library as the editor needs it: every indicator (table and chart builders), items by id (the
// checks), an item with its source (insertion from the library panel). Adapts the library group
// of the API to the shapes core/briefing works with.
import { deriveItem, type DerivationLike, type LibraryItemLike, type LibrarySourceLike } from '../../../core/briefing';
import type { FrozenItem } from '../../../shared/briefing';
import { splitUnit } from '../../../shared/library';
import { api } from '../../api';

/** What the editor asks of the library. */
export interface LibraryAccess {
  /** Every indicator with a figure. */
  indicators(): Promise<LibraryItemLike[]>;
  /** Items by id; ids the library does not have are returned in `missing`. */
  items(ids: readonly string[]): Promise<{ items: LibraryItemLike[]; missing: string[] }>;
  /** Every source (article) by id, as cited. */
  sources(): Promise<ReadonlyMap<string, LibrarySourceLike>>;
  /** One item with the source it came from (and the library's own frozen copy when it has one), or null. */
  item(id: string): Promise<{ item: LibraryItemLike; source: LibrarySourceLike | undefined; frozen?: FrozenItem } | null>;
}

type Loose = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A library item (whatever its exact field names) as the editor sees it; `metrics` maps metric keys to labels. */
export function toItemLike(raw: unknown, metrics: ReadonlyMap<string, string> = metricLabels): LibraryItemLike | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Loose;
  const figure = (typeof r.figure === 'object' && r.figure !== null ? r.figure : {}) as Loose;
  const source = (typeof r.source === 'object' && r.source !== null ? r.source : {}) as Loose;
  const id = str(r.id);
  const kind = r.kind === 'indicator' || r.kind === 'measure' ? r.kind : undefined;
  if (!id || !kind) return null;
  return {
    id,
    kind,
    city: str(r.city) ?? '',
    district: str(r.district) ?? null,
    subject: str(r.subject) ?? str(r.title) ?? '',
    value: num(r.value) ?? num(figure.value) ?? null,
    unit: str(r.unit) ?? str(figure.unit) ?? null,
    baseValue: num(r.baseValue) ?? num(r.normalizedValue) ?? num(r.valueBase) ?? num(r.normalized) ?? null,
    year: num(r.year) ?? num(figure.year) ?? null,
    qualifier: (str(r.qualifier) ?? str(figure.qualifier) ?? null) as LibraryItemLike['qualifier'],
    quote: str(r.quote) ?? '',
    sourceId: str(r.sourceId) ?? str(source.id) ?? '',
    paragraph: num(r.paragraph) ?? num(r.paragraphIndex) ?? num(source.paragraph) ?? 1,
    metric: ((key) => (key ? (metrics.get(key) ?? key) : null))(str(r.metric) ?? str(r.metricKey)),
    note: str(r.note) ?? null,
  };
}

/** A library source (an article) as the editor sees it. */
export function toSourceLike(raw: unknown): LibrarySourceLike | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Loose;
  const id = str(r.id);
  if (!id) return undefined;
  const outlet = str(r.outlet) ?? str(r.publisher) ?? '';
  const original = str(r.originalPublisher);
  const kind = r.kind === 'introduction' || r.kind === 'article' ? r.kind : undefined;
  // Raw fields: core/library alone writes them the way the library cites them (上海证券报（原载…）).
  return { id, title: str(r.title) ?? '', outlet, ...(original ? { originalPublisher: original } : {}), ...(kind ? { kind } : {}), date: str(r.dateText) ?? str(r.date) ?? '' };
}

/** Metric key → label (技术转化率), filled when the catalogue loads. */
let metricLabels: ReadonlyMap<string, string> = new Map();
let catalogue: Promise<{ items: LibraryItemLike[]; sources: Map<string, LibrarySourceLike> }> | null = null;
const sources = new Map<string, Promise<LibrarySourceLike | undefined>>();

/** The whole library once per session: items with metric labels, the derived (推算) values, the sources. */
async function everything(): Promise<{ items: LibraryItemLike[]; sources: Map<string, LibrarySourceLike> }> {
  catalogue ??= (async () => {
    const empty = { items: [], sources: new Map<string, LibrarySourceLike>() };
    if (!api) return empty;
    const result = await api.listLibraryItems({});
    if (!result.ok) {
      catalogue = null;
      return empty;
    }
    const value = result.value as unknown;
    const data = (Array.isArray(value) ? { items: value } : value) as Loose;
    const rawMetrics = Array.isArray(data.metrics) ? (data.metrics as Loose[]) : [];
    metricLabels = new Map(rawMetrics.flatMap((m) => (str(m.key) && str(m.label) ? [[str(m.key)!, str(m.label)!] as [string, string]] : [])));
    const items = (Array.isArray(data.items) ? (data.items as unknown[]) : []).map((i) => toItemLike(i)).filter((i): i is LibraryItemLike => i !== null);
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const raw of Array.isArray(data.derivations) ? (data.derivations as Loose[]) : []) {
      const d = raw as unknown as DerivationLike & { metric: string };
      if (!d.id || !Array.isArray(d.operands)) continue;
      const made = deriveItem(d, d.operands.map((id) => byId.get(id)), metricLabels.get(d.metric) ?? d.metric, splitUnit(d.unit).multiplier);
      if (made) items.push(made);
    }
    const sourceMap = new Map<string, LibrarySourceLike>();
    for (const raw of Array.isArray(data.sources) ? (data.sources as unknown[]) : []) {
      const like = toSourceLike(raw);
      if (like) sourceMap.set(like.id, like);
    }
    return { items, sources: sourceMap };
  })();
  return catalogue;
}

async function sourceOf(id: string): Promise<LibrarySourceLike | undefined> {
  const known = (await everything()).sources.get(id);
  if (known) return known;
  let found = sources.get(id);
  if (!found) {
    found = api.getLibrarySource({ id }).then((r) => (r.ok ? toSourceLike(r.value) : undefined));
    sources.set(id, found);
  }
  return found;
}

/** The library through the API (listLibraryItems once per session, getLibraryItem for one item). */
export const libraryAccess: LibraryAccess = {
  async indicators() {
    return (await everything()).items.filter((i) => i.kind === 'indicator' && i.value !== null && i.value !== undefined);
  },
  async sources() {
    return (await everything()).sources;
  },
  async items(ids) {
    const all = (await everything()).items;
    if (all.length === 0) return { items: [], missing: [] };
    const byId = new Map(all.map((i) => [i.id, i]));
    return { items: ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])), missing: ids.filter((id) => !byId.has(id)) };
  },
  async item(id) {
    const all = await everything();
    const known = all.items.find((i) => i.id === id);
    if (known?.derived) return { item: known, source: known.sourceId ? await sourceOf(known.sourceId) : undefined };
    const result = await api.getLibraryItem({ id });
    if (!result.ok) return null;
    const item = known ?? toItemLike(result.value.item);
    return item ? { item, source: toSourceLike(result.value.source), frozen: result.value.frozen } : null;
  },
};
