// Font roles and resolution: ordering of role chains, per-character face resolution over an
// injected font provider, and the glyph-coverage check that runs before layout.
export { orderChain, isEmbeddable, embeddingFromFsType, FaceResolver, needsGlyph } from './chain';
export { findMissingGlyphs, describeMissingGlyphs, type CoverageItem } from './coverage';
export type { FontFace, FontProvider, FontOrigin, EmbeddingPermission, FontReportEntry, MissingGlyph } from './types';
