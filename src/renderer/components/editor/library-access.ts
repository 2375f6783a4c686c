// The library as the editor needs it: every indicator (table and chart builders), items by id (the
// checks), an item with its source (insertion from the library panel). Adapts the library group
// of the API to the shapes core/briefing works with.
import type { LibraryItemLike, LibrarySourceLike } from '../../../core/briefing';
import { api } from '../../api';

/** What the editor asks of the library. */
export interface LibraryAccess {
  /** Every indicator with a figure. */
  indicators(): Promise<LibraryItemLike[]>;
  /** Items by id; ids the library does not have are returned in `missing`. */
  items(ids: readonly string[]): Promise<{ items: LibraryItemLike[]; missing: string[] }>;
  /** One item with the source it came from, or null. */
  item(id: string): Promise<{ item: LibraryItemLike; source: LibrarySourceLike | undefined } | null>;
}

type Loose = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A library item (whatever its exact field names) as the editor sees it. */
export function toItemLike(raw: unknown): LibraryItemLike | null {
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
    metric: str(r.metric) ?? str(r.metricKey) ?? null,
  };
}

/** A library source (an article) as the editor sees it. */
export function toSourceLike(raw: unknown): LibrarySourceLike | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Loose;
  const id = str(r.id);
  if (!id) return undefined;
  return { id, title: str(r.title) ?? '', outlet: str(r.outlet) ?? str(r.publisher) ?? '', date: str(r.date) ?? '' };
}

type Call = (request: Loose) => Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }>;

/** The library group of the API, by the method names it is being built with. */
function method(name: string): Call | undefined {
  const table = (api ?? {}) as unknown as Record<string, unknown>;
  const fn = table[name];
  return typeof fn === 'function' ? (fn as Call) : undefined;
}

let allItems: Promise<LibraryItemLike[]> | null = null;
const sources = new Map<string, Promise<LibrarySourceLike | undefined>>();

async function everything(): Promise<LibraryItemLike[]> {
  allItems ??= (async () => {
    const list = method('listLibraryItems') ?? method('listItems');
    if (!list) return [];
    const result = await list({});
    if (!result.ok) {
      allItems = null;
      return [];
    }
    const value = result.value as unknown;
    const rows = Array.isArray(value) ? value : Array.isArray((value as Loose).items) ? ((value as Loose).items as unknown[]) : [];
    return rows.map(toItemLike).filter((i): i is LibraryItemLike => i !== null);
  })();
  return allItems;
}

async function sourceOf(id: string): Promise<LibrarySourceLike | undefined> {
  let found = sources.get(id);
  if (!found) {
    found = (async () => {
      const get = method('getLibrarySource') ?? method('getSource');
      if (!get) return undefined;
      const result = await get({ id });
      if (!result.ok) return undefined;
      const value = result.value as Loose;
      return toSourceLike(value.source ?? value);
    })();
    sources.set(id, found);
  }
  return found;
}

/** The library through the API. */
export const libraryAccess: LibraryAccess = {
  async indicators() {
    return (await everything()).filter((i) => i.kind === 'indicator' && i.value !== null && i.value !== undefined);
  },
  async items(ids) {
    const all = await everything();
    const byId = new Map(all.map((i) => [i.id, i]));
    if (all.length === 0) return { items: [], missing: [] };
    return { items: ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])), missing: ids.filter((id) => !byId.has(id)) };
  },
  async item(id) {
    const get = method('getLibraryItem') ?? method('getItem');
    let raw: unknown;
    if (get) {
      const result = await get({ id });
      if (!result.ok) return null;
      raw = result.value;
    } else {
      raw = (await everything()).find((i) => i.id === id);
    }
    const value = raw as Loose;
    const item = toItemLike(value.item ?? value);
    if (!item) return null;
    const source = toSourceLike(value.source) ?? (item.sourceId ? await sourceOf(item.sourceId) : undefined);
    return { item, source };
  },
};
