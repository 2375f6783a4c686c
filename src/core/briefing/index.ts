// Briefing operations: pure functions that create, read, edit and check briefings (shared by the
// renderer, main and CLI).
export { createBriefing, emptyMeta, isoDateInChina, formatChineseDate, type NewBriefingInput } from './create';
export { blockText, countHanzi, citationMarkers, citationMarkerText, citationKey, citedSources, frozenItems, referencedItemIds, type CitedSource } from './text';
export { chineseNumeral, headingMarker, headingNumbers, headingPrefix, figureNumbers, figureLabel, stripFigureNumber, DEFAULT_HEADING_NUMBERING, type HeadingNumbering } from './numbering';
export {
  runsText,
  normalizeRuns,
  linksEqual,
  isLinkedRun,
  linkedRunSpans,
  applyTextChange,
  toggleBold,
  sliceRuns,
  splitRuns,
  concatRuns,
  unlinkRun,
} from './runs';
export { isChineseChar, fullWidthFor, findAsciiPunctuation, toFullWidthPunctuation, type PunctuationFinding } from './punctuation';
export { pastedTextToParagraphs } from './paste';
export {
  emptyBlock,
  indexOfBlock,
  insertBlocks,
  insertBlocksAfter,
  removeBlocks,
  moveBlock,
  moveBlockBy,
  replaceBlock,
  updateBlock,
  setMeta,
  setTitle,
  unlinkExcerpt,
  setHeadingLevel,
  setBlockField,
  parseTypedNumber,
} from './ops';
export {
  figureOf,
  formatNumber,
  figureText,
  statementWording,
  excerptFromItem,
  statementParagraph,
  linkedFigureRun,
  metricOf,
  placeOf,
  pickIndicator,
  comparisonTable,
  barChart,
  deriveItem,
  metricCatalogue,
  sourcesLine,
  groupByMetric,
  type DerivationLike,
  type LibraryItemLike,
  type LibrarySourceLike,
  type ComparisonTableOptions,
} from './library-blocks';
export { proofread, CHECK_RULES, type CheckRule, type CheckEnv } from './check-rules';
export {
  applyFix,
  blockFields,
  mapBlockField,
  blockTypeName,
  type CheckIssue,
  type CheckFix,
  type CheckTarget,
  type CheckCode,
  type GlyphProblem,
  type ProofreadContext,
} from './checks';
export { locateCharacters } from './locate';
export { draftPlace, findContradictions, type FigureContradiction } from './contradictions';
