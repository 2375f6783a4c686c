// The policy library engine (pure: runs in the renderer and in Node): the search index (Chinese
// substring and words, pinyin, filters with facet counts, highlight spans), figures as written,
// citations, and the frozen copies of items that drafts keep. Tables and charts built from items
// are briefing blocks: see core/briefing (library-blocks.ts), which freezes and cites through here.
export { createLibraryIndex, mergeSpans, type LibraryIndex } from './search-index';
export { parseQuery, MAX_MATCHED_QUERY, MAX_QUERY_TERMS, type ParsedQuery, type QueryTerm } from './query';
export { splitHighlights, type TextSegment } from './highlight';
export { formatFigure, figureOf, type FreezableItem } from './figures';
export {
  formatCitation,
  formatOutlet,
  citationOf,
  toFrozenItem,
  quoteInContext,
  figureSpanInQuote,
  type CitableSource,
  type QuoteInContext,
} from './citation';
