import { z } from 'zod';
import type { FrozenItem } from '../briefing';
import {
  librarySearchRequestSchema,
  type LibraryCatalog,
  type LibraryItem,
  type LibrarySearchResult,
  type LibrarySource,
  type LibrarySourceSummary,
  type MetricDefinition,
} from '../library';
import { defineMethod } from './define';

const libraryId = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '标识只能由小写字母、数字和连字符组成');

/** An item with what the detail view needs: its source, metric, citation and frozen copy. */
export interface LibraryItemDetail {
  readonly item: LibraryItem;
  readonly source: LibrarySourceSummary;
  readonly metric: MetricDefinition | null;
  /** 《篇名》，出处，日期，第N段 */
  readonly citation: string;
  /** the copy an excerpt block keeps (`frozenItemSchema`) */
  readonly frozen: FrozenItem;
  /** the items listed in `item.related` (a measure and its figures) */
  readonly related: LibraryItem[];
}

/** Library methods: search, an item, a source with its paragraphs, the whole catalogue. */
export const libraryMethods = {
  /** Searches the library (query in Chinese or pinyin, filters, page): hits with spans and facet counts. */
  searchLibrary: defineMethod<LibrarySearchResult>()('library:search', librarySearchRequestSchema),
  getLibraryItem: defineMethod<LibraryItemDetail>()('library:get', z.strictObject({ id: libraryId })),
  /** A source with its verbatim paragraphs, to show a quote in context. */
  getLibrarySource: defineMethod<LibrarySource>()('library:source', z.strictObject({ id: libraryId })),
  /** Every item, metric, derivation and source summary (enough to build the index in the renderer). */
  listLibraryItems: defineMethod<LibraryCatalog>()('library:list', z.strictObject({})),
};
