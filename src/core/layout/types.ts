import type { PreviewSourceField } from '../../shared/api';
import type { FontFace, FontReportEntry } from '../fonts';

/** A colour: `#RRGGBB` (DeviceRGB) or CMYK components 0–1. */
export type Colour = string | readonly [number, number, number, number];

/**
 * The logical structure an item belongs to (tagged PDF): consecutive items with the same `id` form
 * one structure element. `Artifact` marks furniture (page numbers, rules, watermark).
 */
export interface StructRef {
  readonly type: 'Title' | 'H1' | 'H2' | 'H3' | 'H4' | 'P' | 'Note' | 'Caption' | 'Table' | 'Figure' | 'Masthead' | 'Tail' | 'Artifact';
  readonly id: number;
  /** The briefing block the element shows (the preview maps a click to it); not written to the PDF. */
  readonly blockId?: string;
  /** The briefing field a masthead or title element shows (the preview maps a click to it); not written to the PDF. */
  readonly field?: SourceField;
}

/** Briefing fields outside the body that the layout prints and the preview can point back to. */
export type SourceField = PreviewSourceField;

/** One glyph of a run: its character(s) and its pen position, in points from the page's left edge. */
export interface PlacedGlyph {
  readonly char: string;
  readonly x: number;
  /** Horizontal scale of this glyph (an em dash stretched to a full em). */
  readonly scaleX?: number;
}

/** Glyphs of one face, size and colour on one baseline: what the PDF writer turns into one TJ. */
export interface TextItem {
  readonly kind: 'text';
  readonly face: FontFace;
  readonly size: number;
  readonly color: Colour;
  /** Baseline, in points from the top of the page. */
  readonly baseline: number;
  readonly glyphs: readonly PlacedGlyph[];
  /** Horizontal scale of the whole run (a masthead name compressed to fit). */
  readonly scaleX?: number;
  /** Faux bold (fill + thin stroke) for 加粗 runs in faces without a bold weight. */
  readonly bold?: boolean;
  readonly struct: StructRef;
}

/** A straight line, in points from the top-left of the page. */
export interface RuleItem {
  readonly kind: 'rule';
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly width: number;
  readonly color: Colour;
  readonly struct: StructRef;
}

/** A filled and/or stroked rectangle. */
export interface RectItem {
  readonly kind: 'rect';
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly fill?: Colour;
  readonly stroke?: Colour;
  readonly lineWidth?: number;
  readonly struct: StructRef;
}

/** A diagonal watermark drawn as outlines (never in the text layer). */
export interface WatermarkItem {
  readonly kind: 'watermark';
  readonly face: FontFace;
  readonly size: number;
  readonly gray: number;
  readonly angleDeg: number;
  readonly cx: number;
  readonly cy: number;
  /** Glyphs positioned along the unrotated baseline, x relative to the text's centre. */
  readonly glyphs: readonly PlacedGlyph[];
}

/**
 * A raster image (PNG or JPEG) drawn into a box, in points from the top-left of the page. Without
 * `data` it could not be used: nothing is drawn, and `problem` says why (the export reports it).
 */
export interface ImageItem {
  readonly kind: 'image';
  /** The file as the template names it. */
  readonly file: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** The PNG or JPEG bytes. */
  readonly data?: Uint8Array;
  /** Why the image was left out (Chinese), when there is no `data`. */
  readonly problem?: string;
  readonly struct: StructRef;
}

export type LayoutItem = TextItem | RuleItem | RectItem | ImageItem | WatermarkItem;

/** One page of the layout. */
export interface LayoutPage {
  /** 0-based index. */
  readonly index: number;
  /** The printed page number, or null when none is printed. */
  readonly pageNumber: number | null;
  readonly items: LayoutItem[];
}

/** An outline entry (bookmark). */
export interface Bookmark {
  readonly title: string;
  readonly level: number;
  readonly pageIndex: number;
  /** Top of the heading, in points from the page top. */
  readonly y: number;
}

/** Document metadata for the PDF Info dictionary and XMP. */
export interface LayoutMetadata {
  readonly title: string;
  readonly author: string;
  readonly subject: string;
  readonly keywords: readonly string[];
  readonly templateId: string;
  readonly templateVersion: string;
}

/** What the layout phase hands to the PDF writer: positioned pages, all in points. */
export interface LayoutDocument {
  readonly width: number;
  readonly height: number;
  readonly pages: LayoutPage[];
  readonly bookmarks: Bookmark[];
  readonly metadata: LayoutMetadata;
  readonly fontReport: FontReportEntry[];
  /** Every face drawn, so the writer can register them once. */
  readonly faces: readonly FontFace[];
}
