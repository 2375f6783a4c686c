// The policy library engine (pure: runs in the renderer and in Node): the search index (Chinese
// substring and words, pinyin, filters with facet counts, highlight spans), citations and frozen
// copies for excerpt blocks, and comparison tables and bar charts built from metric keys.
export { createLibraryIndex, mergeSpans, type LibraryIndex } from './search-index';
export { parseQuery, MAX_MATCHED_QUERY, MAX_QUERY_TERMS, type ParsedQuery, type QueryTerm } from './query';
export { splitHighlights, type TextSegment } from './highlight';
export { formatCitation, formatOutlet, citationOf, toFrozenItem, quoteInContext, figureSpanInQuote, type QuoteInContext } from './citation';
export {
  metricValues,
  computeDerivation,
  buildComparisonTable,
  buildBarChart,
  placeLabel,
  formatFigure,
  type MetricValue,
  type ComparisonTableOptions,
  type BarChartOptions,
} from './compare';
