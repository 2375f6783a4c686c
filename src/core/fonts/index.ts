// Font roles and resolution: ordering of role chains, per-character face resolution over an
// injected font provider, and the glyph-coverage check of the layout's own runs.
export { orderChain, isEmbeddable, embeddingFromFsType, FaceResolver, needsGlyph } from './chain';
export { findMissingGlyphs, describeMissingGlyphs, type CoverageRun, type PlaceWording } from './coverage';
export type { FontFace, FontProvider, FontOrigin, EmbeddingPermission, FontReportEntry, MissingGlyph } from './types';
