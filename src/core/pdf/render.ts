import { findMissingGlyphs, type FontProvider, type FontReportEntry, type MissingGlyph } from '../fonts';
import { layoutBriefing, layoutCoverage, missingImages, type ImageProvider, type LayoutDocument, type MissingImage } from '../layout';
import type { Briefing } from '../../shared/briefing';
import { fail, ok, type Result } from '../../shared/errors';
import type { Template } from '../../shared/template';
import { prepareLayout } from '../render-prep';
import type { RenderCache } from './cache';
import { writePdf } from './writer';

/** What the engine needs from its host: fonts, the clock, the app version (and the ICC profile for PDF/A, the template's images). */
export interface EngineHost {
  readonly fonts: FontProvider;
  /** The template's images (its masthead logo), read relative to the template's folder. */
  readonly images?: ImageProvider;
  now(): Date;
  readonly appVersion: string;
  /** sRGB ICC profile bytes, needed only for PDF/A-2b. */
  iccProfile?(): Uint8Array;
  /** Kept between renders by the engine (font programs): same bytes, less work. Optional. */
  readonly cache?: RenderCache;
}

/** Options of one rendering. */
export interface RenderOptions {
  /** 份号 of this copy, zero-padded by the caller (6 digits in the default template). */
  readonly copyNumber?: string;
  /** Watermark text (征求意见稿, a recipient's name); default: the briefing's own. */
  readonly watermark?: string;
  /** 共印N份: the number of copies exported (default: the draft's 印数). */
  readonly copies?: number;
  /** 印发日期 (YYYY-MM-DD, the export's day) for templates that print it (default: the issue date). */
  readonly printedDate?: string;
  readonly pdfa?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A rendered PDF and what went into it. */
export interface RenderResult {
  readonly pdf: Uint8Array;
  readonly pageCount: number;
  readonly fontReport: FontReportEntry[];
  readonly layout: LayoutDocument;
  /** Images the template names that could not be used: left out of the PDF, reported here. */
  readonly missingImages: readonly MissingImage[];
}

/** Every character the layout draws checked against the face it draws it in (校对: lays the briefing out). */
export function checkGlyphs(briefing: Briefing, template: Template, fonts: FontProvider, extra: { copyNumber?: string; watermark?: string } = {}): MissingGlyph[] {
  return findMissingGlyphs(layoutCoverage(layoutBriefing({ briefing, template, fonts, ...extra })));
}

/**
 * briefing + template → PDF bytes: layout, glyph coverage check of the layout's runs (a character
 * no font can draw stops the export with MISSING_GLYPH), PDF writing. Same briefing, template and clock ⇒ same bytes.
 */
export async function renderBriefingPdf(briefing: Briefing, template: Template, host: EngineHost, options: RenderOptions = {}): Promise<Result<RenderResult>> {
  // Fonts, images, layout and the glyph check of its runs: the steps every format shares.
  const prepared = await prepareLayout(briefing, template, host, options);
  if (!prepared.ok) return prepared;
  const layout = prepared.value;
  try {
    const pdf = await writePdf(layout, {
      creationDate: host.now(),
      appVersion: host.appVersion,
      ...(options.pdfa ? { pdfa: true, iccProfile: host.iccProfile?.() } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(host.cache ? { cache: host.cache } : {}),
    });
    return ok({ pdf, pageCount: layout.pages.length, fontReport: layout.fontReport, layout, missingImages: missingImages(layout) });
  } catch (error) {
    if (isAbort(error)) return fail('CANCELLED');
    throw error;
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
