// The layout phase: briefing + template → positioned pages in points (glyph runs, rules, tables,
// charts). Knows nothing of PDF; fonts come through the FontProvider interface.
export { layoutBriefing, type LayoutInput } from './document';
export { geometryOf, mm, toMm, PT_PER_MM, EM_ASCENT, type Geometry } from './geometry';
export { breakLines, breakOpportunities, type BreakAtom, type LineSpan } from './line-break';
export { composeParagraph, type ComposedLine, type Align } from './justify';
export { shapeText, compressAdjacentPunctuation, type Atom, type RunStyle } from './shape';
export { chineseNumeral, headingPrefix, stripTypedNumber, HeadingCounter } from './numbering';
export { excerptText, figureText, citationText } from './text';
export { NO_LINE_START, NO_LINE_END, isFullWidth, isHan } from './chars';
export type {
  LayoutDocument,
  LayoutPage,
  LayoutItem,
  TextItem,
  RuleItem,
  RectItem,
  WatermarkItem,
  ImageItem,
  PlacedGlyph,
  Bookmark,
  LayoutMetadata,
  StructRef,
  Colour,
} from './types';
export { layoutCoverage, glyphPlaceWording } from './coverage-items';
export { missingImages, verifiedImages, readImageHeader, type ImageProvider, type MissingImage, type Logo } from './image';
export { layoutRegister, type RegisterRow } from './register';
export { typographyWarnings } from './typography';
export { sourceRuns, type SourceRun } from './source-map';
export { createLayoutCache, type LayoutCache } from './shape-cache';
