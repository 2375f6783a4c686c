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
 *    position to its item and field — substring, word and phrase matches come from it. (A
 *    character-bigram inverted index was tried: it made rare words ten times faster but added half
 *    again to the build, and did nothing for the common words that set the p95, so it went.)
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
const WEIGHTS = TEXT_FIELDS.map((f) => FIELD_WEIGHT[f]);
/** name, subject, metric, city, district, themes: a query equal to one of them is an exact match */
const SHORT_FIELD_LAST = TEXT_FIELDS.indexOf('themes');
/** Fields whose pinyin is indexed (short, descriptive). */
const PINYIN_FIELDS = ['name', 'subject', 'metric', 'city', 'district', 'themes'] as const;
const FIELD_SEP = '\u0001';
const ITEM_SEP = '\u0002';
const THEME_SEP = '\u0003';
const THEME_CODE = 3;
const FIELD_CODE = 1;
const ITEM_CODE = 2;
const TIER = { phrase: 3, words: 2, pinyin: 1, all: 0 } as const;
/** Scores are integers below MAX_SCORE; sort keys pack (MAX_SCORE − score, item index) into one float. */
const MAX_SCORE = 2 ** 24;
const INDEX_SPACE = 2 ** 24;

/** Per-search working arrays of one index, cleared at the start of each search. */
class Scratch {
  readonly fail: Int32Array;
  readonly relevant: Uint8Array;
  readonly tier: Int8Array;
  readonly score: Float64Array;
  readonly phraseBest: Float64Array;
  readonly termScore: Float64Array;
  readonly matchedTerms: Int32Array;
  readonly viaPinyin: Uint8Array;
  readonly seenThisTerm: Int32Array;
  /** bit per text field in which the phrase or a word occurs literally */
  readonly fieldMask: Int32Array;
  /** the hits of the search, in order */
  readonly hits: Int32Array;
  /** 1 when the phrase is an entire short field of the item */
  readonly exact: Uint8Array;
  constructor(n: number) {
    this.exact = new Uint8Array(n);
    this.hits = new Int32Array(n);
    this.fieldMask = new Int32Array(n);
    this.fail = new Int32Array(n);
    this.relevant = new Uint8Array(n);
    this.tier = new Int8Array(n);
    this.score = new Float64Array(n);
    this.phraseBest = new Float64Array(n);
    this.termScore = new Float64Array(n);
    this.matchedTerms = new Int32Array(n);
    this.viaPinyin = new Uint8Array(n);
    this.seenThisTerm = new Int32Array(n);
  }
  reset(): this {
    this.fail.fill(0);
    this.score.fill(0);
    this.phraseBest.fill(0);
    this.termScore.fill(0);
    this.matchedTerms.fill(0);
    this.viaPinyin.fill(0);
    this.seenThisTerm.fill(-1);
    this.fieldMask.fill(0);
    this.exact.fill(0);
    return this;
  }
}

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
  private byIdMap: Map<string, number> | null = null;
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
  private readonly themeDim = facetNames.indexOf('theme');
  private readonly literalCache = new Map<string, boolean>();
  /** per-search scratch arrays, reused (search is synchronous) to spare the garbage collector */
  private readonly scratch: Scratch;
  /** per item, filled on demand: pinyin keys (initials, full) of its whole short values */
  private readonly valueKeys: (readonly string[] | undefined)[];
  private readonly keyCache = new Map<string, readonly string[]>();
  /**
   * Pinyin words compiled against this index's table, with their per-item start filter, by
   * letters: a word typed on is compiled again at every keystroke of the words after it
   * (`hz r`, `hz rc` …) and the highlighter needs the same compilation.
   */
  private readonly pinyinCache = new Map<string, { readonly query: PinyinQuery; readonly mayStart: (item: number) => boolean }>();

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
    //    Fields are read once per item, in TEXT_FIELDS order; the short ones are kept for pinyin.
    const PF = PINYIN_FIELDS.length;
    const parts: string[] = new Array<string>(n);
    const rawLengths = new Int32Array(n * NF);
    // pinyin classes of the short fields (the first six text fields), separated by NO_CLASS
    this.pinyinStart = new Int32Array(n + 1);
    this.pinyinFieldStart = new Int32Array(n * (PF + 1));
    let codes = new Uint16Array(Math.max(1024, n * 64));
    let used = 0;
    const classOf = this.table.classOf;
    for (let i = 0; i < n; i++) {
      const item = this.items[i]!;
      const name = item.name ?? '';
      const metric = item.metric === undefined ? '' : (this.metrics.get(item.metric)?.label ?? '');
      const district = item.district ?? '';
      const themes = item.themes.join(THEME_SEP);
      const valueText = item.valueText ?? '';
      const note = item.note ?? '';
      // TEXT_FIELDS order: name, subject, metric, city, district, themes, valueText, quote, note
      const base = i * NF;
      rawLengths[base] = name.length;
      rawLengths[base + 1] = item.subject.length;
      rawLengths[base + 2] = metric.length;
      rawLengths[base + 3] = item.city.length;
      rawLengths[base + 4] = district.length;
      rawLengths[base + 5] = themes.length;
      rawLengths[base + 6] = valueText.length;
      rawLengths[base + 7] = item.quote.length;
      rawLengths[base + 8] = note.length;
      parts[i] = `${name}\u0001${item.subject}\u0001${metric}\u0001${item.city}\u0001${district}\u0001${themes}\u0001${valueText}\u0001${item.quote}\u0001${note}\u0001\u0002`;
      this.pinyinStart[i] = used;
      const short = [name, item.subject, metric, item.city, district, themes];
      for (let f = 0; f < PF; f++) {
        this.pinyinFieldStart[i * (PF + 1) + f] = used;
        const raw = short[f]!;
        if (used + raw.length + 1 > codes.length) {
          const grown = new Uint16Array((used + raw.length + 1) * 2);
          grown.set(codes.subarray(0, used));
          codes = grown;
        }
        for (let k = 0; k < raw.length; k++) {
          const code = raw.charCodeAt(k);
          const known = classOf[code]!;
          codes[used++] = known !== 0 ? known : this.table.classFor(code);
        }
        codes[used++] = NO_CLASS;
      }
      this.pinyinFieldStart[i * (PF + 1) + PF] = used;
    }
    this.pinyinStart[n] = used;
    let haystack = normalizeForSearch(parts.join(''));
    let boundaries = fieldBoundaries(haystack, n, rawLengths);
    if (!boundaries) {
      // a field contained a separator character: strip them and join again (never in real data)
      haystack = normalizeForSearch(
        this.items
          .map((item) => TEXT_FIELDS.map((f) => stripSeparators(this.fieldText(item, f))).join(FIELD_SEP) + FIELD_SEP + ITEM_SEP)
          .join(''),
      );
      boundaries = fieldBoundaries(haystack, n, rawLengths)!;
    }
    this.haystack = haystack;
    this.itemStart = boundaries.itemStart;
    this.fieldStart = boundaries.fieldStart;
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < NF; f++) {
        const k = i * (NF + 1) + f;
        if (this.fieldStart[k + 1]! - 1 - this.fieldStart[k]! !== rawLengths[i * NF + f]) {
          const { map } = normalizeWithMap(stripSeparators(this.fieldText(this.items[i]!, TEXT_FIELDS[f]!)));
          if (map) this.fieldMaps.set(i * NF + f, map);
        }
      }
    }

    // 2. The pinyin readings of the classes met, and the per-item pinyin summaries.
    this.pinyin = codes.slice(0, used);
    this.table.finish();
    this.pinyinFilter = new PinyinFilter(this.table, this.pinyin, this.pinyinStart);

    // 3. Pinyin keys of whole values are computed on demand (valueKeysOf), only for pinyin hits.
    this.valueKeys = new Array<readonly string[] | undefined>(n);

    this.scratch = new Scratch(n);

    // Facet dimensions (theme handled as a bitmask).
    const sourceOrder = catalog.sources.map((s) => s.id);
    const metricOrder = catalog.metrics.map((m) => m.key);
    const districtOrder = knownPlaces.flatMap((p) => p.districts);
    // one pass per dimension: provisional codes in order of appearance, then renumbered in display order
    const codeDimension = (name: FacetName, get: (item: LibraryItem) => string | number | undefined, order: (a: string | number, b: string | number) => number) => {
      const seen = new Map<string | number, number>();
      const provisional = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = get(this.items[i]!);
        if (v === undefined) continue;
        let code = seen.get(v);
        if (code === undefined) seen.set(v, (code = seen.size + 1));
        provisional[i] = code;
      }
      const sorted = [...seen.keys()].sort(order);
      const values: (string | number)[] = ['', ...sorted];
      const remap = new Int32Array(seen.size + 1);
      sorted.forEach((v, k) => (remap[seen.get(v)!] = k + 1));
      for (let i = 0; i < n; i++) provisional[i] = remap[provisional[i]!]!;
      return { dim: { name, values, codes: new Map(values.map((v, k) => [v, k])) } as FacetDim, codes: provisional };
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
    const coded = facetNames.map((name) =>
      name === 'theme'
        ? { dim: { name, values: ['', ...this.themeOrder], codes: new Map() } as FacetDim, codes: new Int32Array(n) }
        : codeDimension(name, getters[name], orders[name]),
    );
    this.dims = coded.map((c) => c.dim);
    this.itemCodes = coded.map((c) => c.codes);
    this.themeBits = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let bits = 0;
      for (const t of this.items[i]!.themes) bits |= 1 << Math.min(30, this.themeIndex.get(t)!);
      this.themeBits[i] = bits;
    }
  }

  /** The pinyin keys of item i's place, name, metric and themes (computed once, cached per value). */
  private valueKeysOf(i: number): readonly string[] {
    let keys = this.valueKeys[i];
    if (!keys) {
      const item = this.items[i]!;
      const set = new Set<string>();
      for (const v of [item.city, item.district ?? '', item.name ?? '', this.fieldText(item, 'metric'), ...item.themes]) {
        if (v === '') continue;
        let k = this.keyCache.get(v);
        if (!k) this.keyCache.set(v, (k = pinyinKeysOf(v)));
        for (const key of k) set.add(key);
      }
      keys = [...set];
      this.valueKeys[i] = keys;
    }
    return keys;
  }

  /** A pinyin word compiled against the table, and its start filter (kept for the last 64 words). */
  private compiledPinyin(letters: string): { readonly query: PinyinQuery; readonly mayStart: (item: number) => boolean } {
    let compiled = this.pinyinCache.get(letters);
    if (!compiled) {
      if (this.pinyinCache.size >= 64) this.pinyinCache.delete(this.pinyinCache.keys().next().value!);
      compiled = { query: new PinyinQuery(letters, this.table), mayStart: this.pinyinFilter.compile(letters) };
      this.pinyinCache.set(letters, compiled);
    }
    return compiled;
  }

  getItem(id: string): LibraryItem | undefined {
    if (!this.byIdMap) this.byIdMap = new Map(this.items.map((item, i) => [item.id, i]));
    const i = this.byIdMap.get(id);
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
    if (n === 0) {
      return { query: parsed.normalized, total: 0, offset, hits: [], facets: this.facetCounts(this.dims.map((d) => new Int32Array(d.values.length)), this.compileFilters(filters)), truncated: parsed.truncated };
    }

    // 1. Filters: a bit per failed dimension; items failing two or more are out of everything.
    const { fail, relevant, tier, score } = this.scratch.reset();
    const filterSets = this.compileFilters(filters);
    for (let d = 0; d < this.dims.length; d++) {
      const allowed = filterSets[d];
      if (!allowed) continue;
      const bit = 1 << d;
      if (d === this.themeDim) {
        const mask = allowed.mask;
        for (let i = 0; i < n; i++) if ((this.themeBits[i]! & mask) === 0) fail[i]! |= bit;
      } else {
        const codes = this.itemCodes[d]!;
        const set = allowed.codes;
        for (let i = 0; i < n; i++) if (set[codes[i]!] !== 1) fail[i]! |= bit;
      }
    }
    for (let i = 0; i < n; i++) {
      const f = fail[i]!;
      relevant[i] = f === 0 || (f & (f - 1)) === 0 ? 1 : 0;
    }

    // 2. Query: tier and score per item (tier -1: no match).
    const pinyinTerms: (QueryTerm | null)[] = [];
    if (parsed.phrase === null) {
      for (let i = 0; i < n; i++) tier[i] = relevant[i] ? TIER.all : -1;
    } else {
      this.matchQuery(parsed, relevant, tier, score, pinyinTerms);
    }

    // 3. Hits (no failed filter) count in every facet; an item failing exactly one filter counts
    //    in that filter's facet only (disjunctive facets: the other values of an active filter).
    const hits = this.scratch.hits;
    let hitCount = 0;
    const counts = this.dims.map((dim) => new Int32Array(dim.values.length));
    const dimCount = this.dims.length;
    const themeDim = this.themeDim;
    const themeCounts = counts[themeDim]!;
    const codeArrays = this.itemCodes;
    const themeBits = this.themeBits;
    for (let i = 0; i < n; i++) {
      if (tier[i]! < 0) continue;
      const f = fail[i]!;
      if (f === 0) {
        hits[hitCount++] = i;
        for (let d = 0; d < dimCount; d++) if (d !== themeDim) counts[d]![codeArrays[d]![i]!]!++;
        for (let b = themeBits[i]!; b !== 0; b &= b - 1) themeCounts[32 - Math.clz32(b & -b)]!++;
      } else {
        const d = 31 - Math.clz32(f);
        if (d === themeDim) {
          for (let b = themeBits[i]!; b !== 0; b &= b - 1) themeCounts[32 - Math.clz32(b & -b)]!++;
        } else {
          counts[d]![codeArrays[d]![i]!]!++;
        }
      }
    }
    // best score first, then library order: one numeric sort on (score, index) keys
    if (parsed.phrase !== null && hitCount > 1) {
      const keys = new Float64Array(hitCount);
      for (let k = 0; k < hitCount; k++) keys[k] = (MAX_SCORE - score[hits[k]!]!) * INDEX_SPACE + hits[k]!;
      keys.sort();
      for (let k = 0; k < hitCount; k++) hits[k] = keys[k]! % INDEX_SPACE;
    }
    const page: LibrarySearchHit[] = [];
    for (let k = offset; k < Math.min(hitCount, offset + limit); k++) {
      const i = hits[k]!;
      page.push(this.toHit(i, parsed, tier[i]!, score[i]!, pinyinTerms));
    }
    return {
      query: parsed.normalized,
      total: hitCount,
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
          if (k !== undefined) mask |= 1 << Math.min(30, k);
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
            ? (active.mask & (1 << Math.min(30, code - 1))) !== 0
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

  /**
   * For every occurrence of `needle`, calls back with (item, field, exact) — exact when the
   * occurrence is a whole field (or a whole theme). Walks items monotonically along the haystack.
   */
  private scan(needle: string, visit: (item: number, field: number, exact: boolean) => void, only?: Int32Array): void {
    const hay = this.haystack;
    const starts = this.itemStart;
    const fields = this.fieldStart;
    const len = needle.length;
    const report = (at: number, item: number) => {
      const base = item * (NF + 1);
      let f = 0;
      while (f < NF - 1 && fields[base + f + 1]! <= at) f++;
      const fieldEnd = fields[base + f + 1]! - 1;
      // a match may not run over a field boundary (separators never occur in queries, but be sure)
      if (at + len > fieldEnd) return;
      const before = at === fields[base + f]! || hay.charCodeAt(at - 1) === THEME_CODE;
      const after = at + len === fieldEnd || hay.charCodeAt(at + len) === THEME_CODE;
      visit(item, f, before && after);
    };
    if (only) {
      // a few candidate items: search each one's text instead of the whole haystack
      for (let k = 0; k < only.length; k++) {
        const item = only[k]!;
        const from = starts[item]!;
        const text = hay.slice(from, starts[item + 1]!);
        for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) report(from + at, item);
      }
      return;
    }
    let item = 0;
    for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
      while (starts[item + 1]! <= at) item++;
      report(at, item);
    }
  }

  /**
   * Scores every relevant item against the query. Words are matched from the longest (usually the
   * rarest) down; once few items are left, the next words are looked for in those items only, and
   * the search stops as soon as none is left. The whole phrase is looked for last, among the items
   * that have every word (an item holding the phrase holds each of its words).
   */
  private matchQuery(parsed: ParsedQuery, relevant: Uint8Array, tier: Int8Array, score: Float64Array, pinyinTerms: (QueryTerm | null)[]): void {
    const n = this.size;
    const phrase = parsed.phrase!;
    const { phraseBest, termScore, matchedTerms, viaPinyin, seenThisTerm, fieldMask, exact } = this.scratch;
    tier.fill(-1);
    const few = Math.max(64, n >> 4);
    const phraseVisit = (i: number, f: number, whole: boolean) => {
      const w = WEIGHTS[f]!;
      if (w > phraseBest[i]!) phraseBest[i] = w;
      fieldMask[i]! |= 1 << f;
      // the query is an entire short field: the item's name, subject, place or a theme
      if (whole && f <= SHORT_FIELD_LAST) exact[i] = 1;
    };
    const terms = [...parsed.terms].sort((a, b) => b.text.length - a.text.length);
    if (terms.length === 0) {
      this.scan(phrase, phraseVisit);
      for (let i = 0; i < n; i++) {
        if (relevant[i] && phraseBest[i]! > 0) {
          tier[i] = TIER.phrase;
          score[i] = TIER.phrase * 1e6 + phraseBest[i]! * 20;
        }
      }
      return;
    }
    // a one-word query is its own phrase: one scan serves both
    const single = terms.length === 1 && terms[0]!.text === phrase;
    let survivors: Int32Array | null = null; // null: every relevant item is still in the running
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      this.scan(
        term.text,
        (i, f, whole) => {
          if (single) phraseVisit(i, f, whole);
          fieldMask[i]! |= 1 << f;
          if (seenThisTerm[i] !== t && matchedTerms[i] === t) {
            seenThisTerm[i] = t;
            matchedTerms[i]!++;
            termScore[i]! += WEIGHTS[f]!;
          }
        },
        survivors ?? undefined,
      );
      // Short Latin words that occur in the text (ai, gdp, cad) are acronyms, not pinyin.
      const usePinyin = term.pinyin !== null && !(term.pinyin.length <= 3 && this.occursLiterally(term.text));
      pinyinTerms.push(usePinyin ? term : null);
      if (usePinyin) {
        const { query: q, mayStart } = this.compiledPinyin(term.pinyin!);
        const tryItem = (i: number) => {
          // only items still in the running: all previous words matched, this one not literally
          if (!relevant[i] || seenThisTerm[i] === t || matchedTerms[i] !== t || !mayStart(i)) return;
          if (coversPinyin(q, this.pinyin, this.pinyinStart[i]!, this.pinyinStart[i + 1]!)) {
            seenThisTerm[i] = t;
            matchedTerms[i]!++;
            viaPinyin[i] = 1;
            // whole values spelled out (hz + rc = 杭州 + 人才) rank before chance initials (人测)
            termScore[i]! += isCoveredByKeys(term.pinyin!, this.valueKeysOf(i)) ? 50 : 1;
          }
        };
        if (survivors) for (let k = 0; k < survivors.length; k++) tryItem(survivors[k]!);
        else for (let i = 0; i < n; i++) tryItem(i);
      }
      // who is left after this word
      let left = 0;
      if (survivors) {
        for (let k = 0; k < survivors.length; k++) if (matchedTerms[survivors[k]!] === t + 1) survivors[left++] = survivors[k]!;
        survivors = survivors.subarray(0, left);
      } else {
        for (let i = 0; i < n; i++) if (relevant[i] && matchedTerms[i] === t + 1) left++;
        if (left <= few) {
          survivors = new Int32Array(left);
          let k = 0;
          for (let i = 0; i < n; i++) if (relevant[i] && matchedTerms[i] === t + 1) survivors[k++] = i;
        }
      }
      if (left === 0) return;
    }
    if (!single) this.scan(phrase, phraseVisit, survivors ?? undefined);
    for (let i = 0; i < n; i++) {
      if (!relevant[i] || matchedTerms[i] !== terms.length) continue;
      if (phraseBest[i]! > 0) {
        tier[i] = TIER.phrase;
        score[i] = TIER.phrase * 1e6 + phraseBest[i]! * 20 + termScore[i]! + (exact[i] ? 100 : 0);
      } else {
        const t = viaPinyin[i] ? TIER.pinyin : TIER.words;
        tier[i] = t;
        score[i] = t * 1e6 + termScore[i]!;
      }
    }
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
      const mask = this.scratch.fieldMask[i]!;
      for (let f = 0; f < NF; f++) {
        if ((mask & (1 << f)) === 0) continue;
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
      for (const run of findPinyinRuns(term.pinyin!, this.table, fields, this.compiledPinyin(term.pinyin!).query)) add(PINYIN_FIELDS[run.field]!, run.start, run.end);
    }
  }
}

/**
 * Field and item start offsets in the normalised haystack, found from its separators; null when
 * the separators are not where n items of NF fields put them (a field held a separator).
 */
function fieldBoundaries(haystack: string, n: number, rawLengths: Int32Array): { itemStart: Int32Array; fieldStart: Int32Array } | null {
  const itemStart = new Int32Array(n + 1);
  const fieldStart = new Int32Array(n * (NF + 1));
  let offset = 0;
  for (let i = 0; i < n; i++) {
    itemStart[i] = offset;
    for (let f = 0; f < NF; f++) {
      fieldStart[i * (NF + 1) + f] = offset;
      // normalisation rarely changes a length: try where the raw length puts the separator first
      let end = offset + rawLengths[i * NF + f]!;
      if (haystack.charCodeAt(end) !== FIELD_CODE) end = haystack.indexOf(FIELD_SEP, offset);
      if (end < 0) return null;
      offset = end + 1;
    }
    fieldStart[i * (NF + 1) + NF] = offset;
    if (haystack.charCodeAt(offset) !== ITEM_CODE) return null;
    offset += 1;
  }
  itemStart[n] = offset;
  return offset === haystack.length ? { itemStart, fieldStart } : null;
}

// eslint-disable-next-line no-control-regex
const SEPARATORS = /[\u0001-\u0003]/g;
/** Removes the characters the haystack uses as separators (never in real text; be sure). */
function stripSeparators(text: string): string {
  return text.includes('\u0001') || text.includes('\u0002') || text.includes('\u0003') ? text.replace(SEPARATORS, ' ') : text;
}

/** Whether `letters` is a concatenation of the given keys (any order, repeats allowed). */
function isCoveredByKeys(letters: string, keys: readonly string[]): boolean {
  const L = letters.length;
  if (L < 31) {
    // reachable positions as the bits of one number (no allocation: called for every pinyin hit)
    let reached = 1;
    for (let i = 0; i < L; i++) {
      if ((reached & (1 << i)) === 0) continue;
      for (const key of keys) if (letters.startsWith(key, i)) reached |= 1 << (i + key.length);
    }
    return (reached & (1 << L)) !== 0;
  }
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
  // most fields of a hit hold one match: no copy, filter or sort
  if (spans.length === 1) {
    const [s, e] = spans[0]!;
    return e > s ? [[s, e]] : [];
  }
  const sorted = [...spans].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
