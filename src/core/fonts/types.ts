import type { GlyphPlace } from '../../shared/api/export';
import type { FontRole } from '../../shared/template';

/** Where a face came from, in resolution order. */
export type FontOrigin = 'user' | 'template' | 'system' | 'bundled';

/** OS/2 fsType embedding permission, simplified. */
export type EmbeddingPermission = 'installable' | 'preview-print' | 'editable' | 'restricted' | 'bitmap-only';

/**
 * One font face as the engine sees it: metrics and coverage, plus an opaque handle the PDF writer
 * passes to pdfkit. The host (Node: src/main/fonts) parses the file; the engine never reads files.
 */
export interface FontFace {
  /** Unique within a process: `bundled:NotoSerifCJKsc-Regular`. */
  readonly key: string;
  readonly family: string;
  readonly postscriptName: string;
  readonly origin: FontOrigin;
  /** File path or name, for the export report. */
  readonly location: string;
  readonly embedding: EmbeddingPermission;
  hasGlyph(codePoint: number): boolean;
  /** Advance width in em (1 = the font size). */
  advance(codePoint: number): number;
  /** The glyph outline as an SVG path in font units (y up, origin on the baseline), and the units per em. */
  outline(codePoint: number): { readonly path: string; readonly unitsPerEm: number };
  /** The glyph's ink box in em (y up from the baseline). */
  bounds(codePoint: number): { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
  /** Opaque font object for the PDF writer (a fontkit font). */
  readonly pdfFont: unknown;
}

/** The faces available for each role, best first (already filtered for embedding permission). */
export interface FontProvider {
  chain(role: FontRole): readonly FontFace[];
}

/** Which face served a role, for the export report. */
export interface FontReportEntry {
  readonly role: FontRole;
  readonly family: string;
  readonly postscriptName: string;
  readonly origin: FontOrigin;
  readonly location: string;
  /** Distinct characters of this role drawn with a later face of the chain (or the fallback role). */
  readonly fallbackCharacters: number;
}

/** A character no face can draw, with where it occurs (structured: worded only where shown). */
export interface MissingGlyph {
  readonly char: string;
  readonly codePoint: number;
  /** Up to five places: a block, a briefing field or a part of the page. */
  readonly where: readonly GlyphPlace[];
}
