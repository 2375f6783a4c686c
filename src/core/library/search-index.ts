import {
  facetNames,
  kindLabels,
  knownCities,
  knownPlaces,
  libraryThemes,
  librarySearchRequestSchema,
  qualifierLabels,
  type FacetCount,
  type FacetName,
  type HighlightField,
  type HighlightSpan,
  type LibraryCatalog,
  type LibraryFacets,
  type LibraryFilters,
  type LibraryItem,
  type LibrarySearchHit,
  type LibrarySearchRequest,
  type LibrarySearchResult,
  type LibrarySourceSummary,
  type MatchKind,
  type MetricDefinition,
} from '../../shared/library';
import { mapSpan, normalizeForSearch, normalizeWithMap } from './normalize';
import { coversPinyin, findPinyinRuns, NO_CLASS, PinyinFilter, pinyinKeysOf, PinyinQuery, PinyinTable } from './pinyin';
import { parseQuery, type ParsedQuery, type QueryTerm } from './query';

/**
 * The library's search index, built once from the catalogue. Why not minisearch: it indexes
 * whitespace tokens, while Chinese needs substring matches anywhere (研发投入 inside
 * 全社会研发投入强度), spans for highlighting and pinyin covers across fields. The index here is
 *  - one normalised haystack string holding every item's text fields, scanned with indexOf (V8's
 *    string search runs at memory speed: about 1 ms for 20,000 items), with offset tables to map a
 *    position to its item and field — substring, word and phrase matches come from it;
 *  - per item, the pinyin classes of its short fields (name, subject, metric, place, themes) for
 *    the bit-parallel pinyin matcher;
 *  - small integer codes per item for every filter, so filters and disjunctive facet counts are
 *    array lookups.
 */

/** Searched text fields, in haystack order, with their ranking weights. */
const TEXT_FIELDS = ['name', 'subject', 'metric', 'city', 'district', 'themes', 'valueText', 'quote', 'note'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const FIELD_WEIGHT: Record<TextField, number> = {
  name: 12,
  subject: 10,
  metric: 8,
  city: 7,
  district: 7,
  themes: 6,
  valueText: 5,
  quote: 3,
  note: 1,
};
const NF = TEXT_FIELDS.length;
/** Fields whose pinyin is indexed (short, descriptive). */
const PINYIN_FIELDS = ['name', 'subject', 'metric', 'city', 'district', 'themes'] as const;
const FIELD_SEP = '\u0001';
const ITEM_SEP = '\u0002';
const THEME_SEP = '\u0003';
const TIER = { phrase: 3, words: 2, pinyin: 1, all: 0 } as const;

/** A built index: search, look-ups and the catalogue it was built from. */
export interface LibraryIndex {
  readonly catalog: LibraryCatalog;
  readonly size: number;
  /** Searches: query (Chinese, pinyin, mixed; empty lists all), filters, page. Never throws on any query text. */
  search(request?: LibrarySearchRequest): LibrarySearchResult;
  getItem(id: string): LibraryItem | undefined;
  getSource(id: string): LibrarySourceSummary | undefined;
  getMetric(key: string): MetricDefinition | undefined;
}

interface FacetDim {
  readonly name: FacetName;
  /** code → value; code 0 = none */
  readonly values: (string | number)[];
  readonly codes: Map<string | number, number>;
}

/** Builds the search index for a catalogue. */
export function createLibraryIndex(catalog: LibraryCatalog): LibraryIndex {
  return new IndexImpl(catalog);
}

class IndexImpl implements LibraryIndex {
  readonly catalog: LibraryCatalog;
  readonly size: number;
  private readonly items: readonly LibraryItem[];
  private readonly byId = new Map<string, number>();
  private readonly sources = new Map<string, LibrarySourceSummary>();
  private readonly metrics = new Map<string, MetricDefinition>();
  private readonly haystack: string;
  private readonly itemStart: Int32Array;
  /** start of field f of item i at [i * (NF + 1) + f]; the extra slot is the item's end */
  private readonly fieldStart: Int32Array;
  /** original-offset maps for fields whose normalisation changed length (rare) */
  private readonly fieldMaps = new Map<number, Int32Array>();
  private readonly table = new PinyinTable();
  private readonly pinyin: Uint16Array;
  private readonly pinyinStart: Int32Array;
  /** pinyin field boundaries per item: [i * (PF + 1) + f] */
  private readonly pinyinFieldStart: Int32Array;
  /** per-item pinyin summaries for a fast necessary check before the matcher */
  private readonly pinyinFilter: PinyinFilter;
  private readonly dims: FacetDim[];
  /** code per item per single-valued dimension, by dimension index (theme is a bitmask) */
  private readonly itemCodes: Int32Array[];
  private readonly themeBits: Int32Array;
  private readonly themeIndex = new Map<string, number>();
  private readonly themeOrder: string[];
  private readonly literalCache = new Map<string, boolean>();
  /** per item: pinyin keys (initials, full) of its whole short values — place, theme, name, metric */
  private readonly valueKeys: (readonly string[])[];

  constructor(catalog: LibraryCatalog) {
    this.catalog = catalog;
    this.items = catalog.items;
    const n = this.items.length;
    this.size = n;
    catalog.sources.forEach((s) => this.sources.set(s.id, s));
    catalog.metrics.forEach((m) => this.metrics.set(m.key, m));

    // Themes: known ones first in their order, then any others the data brings.
    this.themeOrder = [...libraryThemes];
    for (const item of this.items) for (const t of item.themes) if (!this.themeOrder.includes(t)) this.themeOrder.push(t);
    this.themeOrder.forEach((t, k) => this.themeIndex.set(t, k));

    // 1. The haystack: raw fields joined with separators, normalised in one pass (NFKC and lower
    //    case per field would cost a call per field); fields whose length changed get offset maps.
    const parts: string[] = [];
    const rawLengths = new Int32Array(n * NF);
    for (let i = 0; i < n; i++) {
      const item = this.items[i]!;
      this.byId.set(item.id, i);
      for (let f = 0; f < NF; f++) {
        const raw = stripSeparators(this.fieldText(item, TEXT_FIELDS[f]!));
        rawLengths[i * NF + f] = raw.length;
        parts.push(raw, FIELD_SEP);
      }
      parts.push(ITEM_SEP);
    }
    this.haystack = normalizeForSearch(parts.join(''));
    this.itemStart = new Int32Array(n + 1);
    this.fieldStart = new Int32Array(n * (NF + 1));
    let offset = 0;
    for (let i = 0; i < n; i++) {
      this.itemStart[i] = offset;
      for (let f = 0; f < NF; f++) {
        this.fieldStart[i * (NF + 1) + f] = offset;
        const end = this.haystack.indexOf(FIELD_SEP, offset);
        if (end - offset !== rawLengths[i * NF + f]) {
          const { map } = normalizeWithMap(stripSeparators(this.fieldText(this.items[i]!, TEXT_FIELDS[f]!)));
          if (map) this.fieldMaps.set(i * NF + f, map);
        }
        offset = end + 1;
      }
      this.fieldStart[i * (NF + 1) + NF] = offset;
      offset += 1; // ITEM_SEP
    }
    this.itemStart[n] = offset;

    // 2. Pinyin classes of the short fields, separated by NO_CLASS.
    const PF = PINYIN_FIELDS.length;
    this.pinyinStart = new Int32Array(n + 1);
    this.pinyinFieldStart = new Int32Array(n * (PF + 1));
    let codes = new Uint16Array(Math.max(1024, n * 64));
    let used = 0;
    for (let i = 0; i < n; i++) {
      const item = this.items[i]!;
      this.pinyinStart[i] = used;
      for (let f = 0; f < PF; f++) {
        this.pinyinFieldStart[i * (PF + 1) + f] = used;
        const raw = this.fieldText(item, PINYIN_FIELDS[f]!);
        if (used + raw.length + 1 > codes.length) {
          const grown = new Uint16Array((used + raw.length + 1) * 2);
          grown.set(codes.subarray(0, used));
          codes = grown;
        }
        for (let k = 0; k < raw.length; k++) codes[used++] = this.table.classFor(raw.charCodeAt(k));
        codes[used++] = NO_CLASS;
      }
      this.pinyinFieldStart[i * (PF + 1) + PF] = used;
    }
    this.pinyinStart[n] = used;
    this.pinyin = codes.slice(0, used);
    this.table.finish();
    this.pinyinFilter = new PinyinFilter(this.table, this.pinyin, this.pinyinStart);

    // 3. Keys of whole values, computed once per distinct combination (cities and themes repeat).
    const keyCache = new Map<string, string[]>();
    const combos = new Map<string, readonly string[]>();
    this.valueKeys = this.items.map((item) => {
      const metric = this.fieldText(item, 'metric');
      const combo = `${item.city}\u0003${item.district ?? ''}\u0003${item.name ?? ''}\u0003${metric}\u0003${item.themes.join('\u0003')}`;
      let keys = combos.get(combo);
      if (!keys) {
        const set = new Set<string>();
        for (const v of [item.city, item.district ?? '', item.name ?? '', metric, ...item.themes]) {
          if (v === '') continue;
          let k = keyCache.get(v);
          if (!k) keyCache.set(v, (k = pinyinKeysOf(v)));
          for (const key of k) set.add(key);
        }
        keys = [...set];
        combos.set(combo, keys);
      }
      return keys;
    });

    // Facet dimensions (theme handled as a bitmask).
    const sourceOrder = catalog.sources.map((s) => s.id);
    const metricOrder = catalog.metrics.map((m) => m.key);
    const districtOrder = knownPlaces.flatMap((p) => p.districts);
    const collect = (name: FacetName, get: (item: LibraryItem) => string | number | undefined, order: (a: string | number, b: string | number) => number): FacetDim => {
      const set = new Set<string | number>();
      for (const item of this.items) {
        const v = get(item);
        if (v !== undefined) set.add(v);
      }
      const values: (string | number)[] = ['', ...[...set].sort(order)];
      return { name, values, codes: new Map(values.map((v, k) => [v, k])) };
    };
    const byList = (list: readonly (string | number)[]) => (a: string | number, b: string | number) => {
      const ia = list.indexOf(a);
      const ib = list.indexOf(b);
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || String(a).localeCompare(String(b));
    };
    const getters: Record<Exclude<FacetName, 'theme'>, (item: LibraryItem) => string | number | undefined> = {
      city: (item) => item.city,
      district: (item) => item.district,
      kind: (item) => item.kind,
      qualifier: (item) => item.qualifier,
      year: (item) => item.year,
      source: (item) => item.sourceId,
      metric: (item) => item.metric,
    };
    const orders: Record<Exclude<FacetName, 'theme'>, (a: string | number, b: string | number) => number> = {
      city: byList(knownCities),
      district: byList(districtOrder),
      kind: byList(['measure', 'indicator']),
      qualifier: byList(['target', 'actual', 'comparison', 'threshold']),
      year: (a, b) => Number(b) - Number(a),
      source: byList(sourceOrder),
      metric: byList(metricOrder),
    };
    this.dims = facetNames.map((name) =>
      name === 'theme'
        ? { name, values: ['', ...this.themeOrder], codes: new Map() }
        : collect(name, getters[name], orders[name]),
    );
    this.itemCodes = this.dims.map((dim) => {
      const codes = new Int32Array(n);
      if (dim.name === 'theme') return codes;
      const get = getters[dim.name as Exclude<FacetName, 'theme'>];
      for (let i = 0; i < n; i++) {
        const v = get(this.items[i]!);
        codes[i] = v === undefined ? 0 : dim.codes.get(v)!;
      }
      return codes;
    });
    this.themeBits = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let bits = 0;
      for (const t of this.items[i]!.themes) bits |= 1 << (this.themeIndex.get(t)! % 31);
      this.themeBits[i] = bits;
    }
  }

  getItem(id: string): LibraryItem | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.items[i];
  }

  getSource(id: string): LibrarySourceSummary | undefined {
    return this.sources.get(id);
  }

  getMetric(key: string): MetricDefinition | undefined {
    return this.metrics.get(key);
  }

  private fieldText(item: LibraryItem, field: TextField | (typeof PINYIN_FIELDS)[number]): string {
    switch (field) {
      case 'metric':
        return item.metric === undefined ? '' : (this.metrics.get(item.metric)?.label ?? '');
      case 'themes':
        return item.themes.join(THEME_SEP);
      case 'name':
      case 'district':
      case 'valueText':
      case 'note':
        return item[field] ?? '';
      default:
        return item[field];
    }
  }

  search(request: LibrarySearchRequest = {}): LibrarySearchResult {
    const parsedRequest = librarySearchRequestSchema.safeParse(request);
    const { query, filters, limit, offset } = parsedRequest.success
      ? parsedRequest.data
      : { query: typeof request.query === 'string' ? request.query : '', filters: {}, limit: 50, offset: 0 };
    const parsed = parseQuery(query);
    const n = this.size;

    // 1. Filters: a bit per failed dimension; items failing two or more are out of everything.
    const filterSets = this.compileFilters(filters);
    const fail = new Int32Array(n);
    for (let d = 0; d < this.dims.length; d++) {
      const allowed = filterSets[d];
      if (!allowed) continue;
      const bit = 1 << d;
      if (this.dims[d]!.name === 'theme') {
        const mask = allowed.mask;
        for (let i = 0; i < n; i++) if ((this.themeBits[i]! & mask) === 0) fail[i]! |= bit;
      } else {
        const codes = this.itemCodes[d]!;
        const set = allowed.codes;
        for (let i = 0; i < n; i++) if (set[codes[i]!] !== 1) fail[i]! |= bit;
      }
    }
    const relevant = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const f = fail[i]!;
      relevant[i] = f === 0 || (f & (f - 1)) === 0 ? 1 : 0;
    }

    // 2. Query: tier and score per item.
    const tier = new Int8Array(n);
    const score = new Float64Array(n);
    const pinyinTerms: (QueryTerm | null)[] = [];
    if (parsed.phrase === null) {
      tier.fill(TIER.all);
      for (let i = 0; i < n; i++) if (!relevant[i]) tier[i] = -1;
    } else {
      this.matchQuery(parsed, relevant, tier, score, pinyinTerms);
    }

    // 3. Facets (disjunctive: each dimension counted under all *other* filters) and hits.
    const counts = this.dims.map((d) => new Int32Array(d.values.length));
    const hits: number[] = [];
    for (let i = 0; i < n; i++) {
      if (tier[i]! < 0) continue;
      const f = fail[i]!;
      if (f === 0) hits.push(i);
      for (let d = 0; d < this.dims.length; d++) {
        if (f !== 0 && f !== 1 << d) continue;
        if (this.dims[d]!.name === 'theme') {
          const bits = this.themeBits[i]!;
          for (let k = 0; k < this.themeOrder.length; k++) if (bits & (1 << (k % 31))) counts[d]![k + 1]!++;
        } else {
          counts[d]![this.itemCodes[d]![i]!]!++;
        }
      }
    }
    hits.sort((a, b) => score[b]! - score[a]! || a - b);
    const page = hits.slice(offset, offset + limit).map((i) => this.toHit(i, parsed, tier[i]!, score[i]!, pinyinTerms));
    return {
      query: parsed.normalized,
      total: hits.length,
      offset,
      hits: page,
      facets: this.facetCounts(counts, filterSets),
      truncated: parsed.truncated,
    };
  }

  private compileFilters(filters: LibraryFilters): ({ codes: Uint8Array; mask: number } | null)[] {
    const wanted: Record<FacetName, readonly (string | number)[] | undefined> = {
      city: filters.cities,
      district: filters.districts,
      kind: filters.kinds,
      theme: filters.themes,
      qualifier: filters.qualifiers,
      year: filters.years,
      source: filters.sourceIds,
      metric: filters.metrics,
    };
    return this.dims.map((dim) => {
      const values = wanted[dim.name];
      if (!values || values.length === 0) return null;
      const codes = new Uint8Array(dim.values.length);
      let mask = 0;
      for (const v of values) {
        if (dim.name === 'theme') {
          const k = this.themeIndex.get(String(v));
          if (k !== undefined) mask |= 1 << (k % 31);
        } else {
          const code = dim.codes.get(v);
          if (code !== undefined && code !== 0) codes[code] = 1;
        }
      }
      return { codes, mask };
    });
  }

  private facetCounts(counts: Int32Array[], filterSets: ({ codes: Uint8Array; mask: number } | null)[]): LibraryFacets {
    const facets = {} as Record<FacetName, FacetCount[]>;
    this.dims.forEach((dim, d) => {
      const list: FacetCount[] = [];
      const active = filterSets[d];
      for (let code = 1; code < dim.values.length; code++) {
        const value = dim.values[code]!;
        const selected = active
          ? dim.name === 'theme'
            ? (active.mask & (1 << ((code - 1) % 31))) !== 0
            : active.codes[code] === 1
          : false;
        const count = counts[d]![code]!;
        if (count === 0 && !selected) continue;
        list.push({ value, label: this.facetLabel(dim.name, value), count, selected });
      }
      facets[dim.name] = list;
    });
    return facets;
  }

  private facetLabel(name: FacetName, value: string | number): string {
    switch (name) {
      case 'kind':
        return kindLabels[value as 'measure'] ?? String(value);
      case 'qualifier':
        return qualifierLabels[value as 'target'] ?? String(value);
      case 'year':
        return `${value}年`;
      case 'source': {
        const source = this.sources.get(String(value));
        return source ? `《${source.title}》` : String(value);
      }
      case 'metric':
        return this.metrics.get(String(value))?.label ?? String(value);
      default:
        return String(value);
    }
  }

  /** True when `text` occurs anywhere in the library (cached). */
  private occursLiterally(text: string): boolean {
    let known = this.literalCache.get(text);
    if (known === undefined) {
      known = this.haystack.includes(text);
      if (this.literalCache.size > 1000) this.literalCache.clear();
      this.literalCache.set(text, known);
    }
    return known;
  }

  /** For every occurrence of `needle`, calls back with (item, field); walks items monotonically. */
  private scan(needle: string, visit: (item: number, field: number) => void): void {
    const hay = this.haystack;
    const starts = this.itemStart;
    const fields = this.fieldStart;
    let item = 0;
    for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
      while (starts[item + 1]! <= at) item++;
      const base = item * (NF + 1);
      let f = 0;
      while (f < NF - 1 && fields[base + f + 1]! <= at) f++;
      // a match may not run over a field boundary (separators never occur in queries, but be sure)
      if (at + needle.length < fields[base + f + 1]!) visit(item, f);
    }
  }

  private matchQuery(parsed: ParsedQuery, relevant: Uint8Array, tier: Int8Array, score: Float64Array, pinyinTerms: (QueryTerm | null)[]): void {
    const n = this.size;
    const terms = parsed.terms;
    const phrase = parsed.phrase!;
    tier.fill(-1);
    // phrase: field weights where the whole query occurs
    const phraseBest = new Float64Array(n);
    this.scan(phrase, (i, f) => {
      const w = FIELD_WEIGHT[TEXT_FIELDS[f]!];
      if (w > phraseBest[i]!) phraseBest[i] = w;
    });
    if (terms.length === 0) {
      for (let i = 0; i < n; i++) {
        if (relevant[i] && phraseBest[i]! > 0) {
          tier[i] = TIER.phrase;
          score[i] = TIER.phrase * 1e6 + phraseBest[i]! * 20;
        }
      }
      return;
    }
    // words: every term must match, literally or (failing that) through pinyin
    const termScore = new Float64Array(n);
    const matchedTerms = new Int32Array(n);
    const viaPinyin = new Uint8Array(n);
    const seenThisTerm = new Int32Array(n).fill(-1);
    terms.forEach((term, t) => {
      this.scan(term.text, (i, f) => {
        const w = FIELD_WEIGHT[TEXT_FIELDS[f]!];
        if (seenThisTerm[i] !== t) {
          seenThisTerm[i] = t;
          matchedTerms[i]!++;
          termScore[i]! += w;
        }
      });
      // Short Latin words that occur in the text (ai, gdp, cad) are acronyms, not pinyin.
      const usePinyin = term.pinyin !== null && !(term.pinyin.length <= 3 && this.occursLiterally(term.text));
      pinyinTerms.push(usePinyin ? term : null);
      if (!usePinyin) return;
      const q = new PinyinQuery(term.pinyin!, this.table);
      const mayStart = this.pinyinFilter.compile(term.pinyin!);
      for (let i = 0; i < n; i++) {
        // only items still in the running: all previous terms matched, this one not literally
        if (!relevant[i] || seenThisTerm[i] === t || matchedTerms[i] !== t) continue;
        if (!mayStart(i)) continue;
        if (coversPinyin(q, this.pinyin, this.pinyinStart[i]!, this.pinyinStart[i + 1]!)) {
          seenThisTerm[i] = t;
          matchedTerms[i]!++;
          viaPinyin[i] = 1;
          // whole values spelled out (hz + rc = 杭州 + 人才) rank before chance initials (人测)
          termScore[i]! += isCoveredByKeys(term.pinyin!, this.valueKeys[i]!) ? 50 : 1;
        }
      }
    });
    for (let i = 0; i < n; i++) {
      if (!relevant[i]) continue;
      if (phraseBest[i]! > 0) {
        tier[i] = TIER.phrase;
        score[i] = TIER.phrase * 1e6 + phraseBest[i]! * 20 + termScore[i]! + this.exactBonus(i, phrase);
      } else if (matchedTerms[i] === terms.length) {
        const t = viaPinyin[i] ? TIER.pinyin : TIER.words;
        tier[i] = t;
        score[i] = t * 1e6 + termScore[i]!;
      }
    }
  }

  /** A bonus when the query is an entire short field (the item's name, subject, place or theme). */
  private exactBonus(i: number, phrase: string): number {
    const item = this.items[i]!;
    const lower = phrase;
    const candidates = [item.name, item.subject, item.city, item.district, ...item.themes];
    return candidates.some((c) => c !== undefined && c.toLowerCase() === lower) ? 100 : 0;
  }

  private toHit(i: number, parsed: ParsedQuery, tierValue: number, scoreValue: number, pinyinTerms: (QueryTerm | null)[]): LibrarySearchHit {
    const item = this.items[i]!;
    const match: MatchKind = tierValue === TIER.phrase ? 'phrase' : tierValue === TIER.words ? 'words' : tierValue === TIER.pinyin ? 'pinyin' : 'all';
    const spans = new Map<TextField, [number, number][]>();
    const add = (field: TextField, start: number, end: number) => {
      let list = spans.get(field);
      if (!list) spans.set(field, (list = []));
      list.push([start, end]);
    };
    if (parsed.phrase !== null) {
      const needles = [parsed.phrase, ...parsed.terms.map((t) => t.text)];
      for (let f = 0; f < NF; f++) {
        const from = this.fieldStart[i * (NF + 1) + f]!;
        const to = this.fieldStart[i * (NF + 1) + f + 1]! - 1;
        const text = this.haystack.slice(from, to);
        const map = this.fieldMaps.get(i * NF + f) ?? null;
        for (const needle of needles) {
          for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
            const [s, e] = mapSpan(map, at, at + needle.length);
            add(TEXT_FIELDS[f]!, s, e);
          }
        }
      }
      if (match === 'pinyin') this.addPinyinSpans(i, pinyinTerms, add);
    }
    const highlights: Partial<Record<HighlightField, HighlightSpan[]>> = {};
    const matchedThemes: string[] = [];
    for (const [field, list] of spans) {
      if (field === 'themes') {
        // offsets are within the themes joined by THEME_SEP: name the themes instead
        let at = 0;
        for (const theme of item.themes) {
          const end = at + theme.length;
          if (list.some(([s, e]) => s < end && e > at)) matchedThemes.push(theme);
          at = end + 1;
        }
        continue;
      }
      highlights[field] = mergeSpans(list);
    }
    return { item, score: scoreValue, match, highlights, matchedThemes };
  }

  private addPinyinSpans(i: number, pinyinTerms: (QueryTerm | null)[], add: (field: TextField, start: number, end: number) => void): void {
    const PF = PINYIN_FIELDS.length;
    const fields: Uint16Array[] = [];
    for (let f = 0; f < PF; f++) {
      fields.push(this.pinyin.subarray(this.pinyinFieldStart[i * (PF + 1) + f]!, this.pinyinFieldStart[i * (PF + 1) + f + 1]! - 1));
    }
    for (const term of pinyinTerms) {
      if (!term) continue;
      for (const run of findPinyinRuns(term.pinyin!, this.table, fields)) add(PINYIN_FIELDS[run.field]!, run.start, run.end);
    }
  }
}

// eslint-disable-next-line no-control-regex
const SEPARATORS = /[\u0001-\u0003]/g;
/** Removes the characters the haystack uses as separators (never in real text; be sure). */
function stripSeparators(text: string): string {
  return text.includes('\u0001') || text.includes('\u0002') || text.includes('\u0003') ? text.replace(SEPARATORS, ' ') : text;
}

/** Whether `letters` is a concatenation of the given keys (any order, repeats allowed). */
function isCoveredByKeys(letters: string, keys: readonly string[]): boolean {
  const reach = new Uint8Array(letters.length + 1);
  reach[0] = 1;
  for (let i = 0; i < letters.length; i++) {
    if (!reach[i]) continue;
    for (const key of keys) if (letters.startsWith(key, i)) reach[i + key.length] = 1;
  }
  return reach[letters.length] === 1;
}

/** Sorts spans and merges overlapping or touching ones. */
export function mergeSpans(spans: readonly (readonly [number, number])[]): HighlightSpan[] {
  const sorted = [...spans].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
