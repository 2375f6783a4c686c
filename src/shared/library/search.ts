import { z } from 'zod';
import { itemKinds, qualifiers, type LibraryItem } from './schema';

/** The longest query the API accepts; the search itself looks at the first MAX_MATCHED_QUERY characters. */
export const MAX_QUERY_LENGTH = 10_000;
/** The most hits one search returns. */
export const MAX_SEARCH_LIMIT = 500;

const name = z.string().min(1).max(64);

/** Filters of a search: within one filter any value may match (OR); across filters all must (AND). */
export const libraryFiltersSchema = z.strictObject({
  cities: z.array(name).max(50).optional(),
  districts: z.array(name).max(50).optional(),
  kinds: z.array(z.enum(itemKinds)).max(2).optional(),
  themes: z.array(name).max(50).optional(),
  qualifiers: z.array(z.enum(qualifiers)).max(4).optional(),
  years: z.array(z.number().int().min(1900).max(2200)).max(50).optional(),
  sourceIds: z.array(name).max(50).optional(),
  metrics: z.array(name).max(200).optional(),
});

/** A search request: the query (Chinese, pinyin or both; empty lists everything), filters, a page. */
export const librarySearchRequestSchema = z.strictObject({
  query: z.string().max(MAX_QUERY_LENGTH).default(''),
  filters: libraryFiltersSchema.default({}),
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});

export type LibraryFilters = z.infer<typeof libraryFiltersSchema>;
/** What callers pass (every field optional). */
export type LibrarySearchRequest = z.input<typeof librarySearchRequestSchema>;

/** The filters that have facet counts, in display order. */
export const facetNames = ['city', 'district', 'kind', 'theme', 'qualifier', 'year', 'source', 'metric'] as const;
export type FacetName = (typeof facetNames)[number];

/** One filter chip: a value, its Chinese label, how many hits it would give, whether it is on. */
export interface FacetCount {
  readonly value: string | number;
  readonly label: string;
  /** hits with this value, under the query and every *other* active filter */
  readonly count: number;
  readonly selected: boolean;
}

export type LibraryFacets = Record<FacetName, FacetCount[]>;

/**
 * How a hit matched, best first: the whole query as one phrase, every word of it, at least one word
 * only through pinyin; `all` when the query is empty (a filtered listing).
 */
export type MatchKind = 'phrase' | 'words' | 'pinyin' | 'all';

/** The text fields of an item that carry highlight spans (`metric` spans the metric's label). */
export type HighlightField = 'subject' | 'name' | 'city' | 'district' | 'valueText' | 'quote' | 'note' | 'metric';

/** [start, end) in UTF-16 code units of the field's text. */
export type HighlightSpan = readonly [start: number, end: number];

/** One search result. */
export interface LibrarySearchHit {
  readonly item: LibraryItem;
  readonly score: number;
  readonly match: MatchKind;
  /** matched spans per field, sorted and merged */
  readonly highlights: Partial<Record<HighlightField, HighlightSpan[]>>;
  /** themes the query matched (for highlighting chips) */
  readonly matchedThemes: string[];
}

/** A page of results with facet counts over all of them. */
export interface LibrarySearchResult {
  /** the query as searched: normalised, possibly cut */
  readonly query: string;
  /** all hits under the query and filters (not only this page) */
  readonly total: number;
  readonly offset: number;
  readonly hits: LibrarySearchHit[];
  readonly facets: LibraryFacets;
  /** true when the query was longer than the search looks at and was cut */
  readonly truncated: boolean;
}
