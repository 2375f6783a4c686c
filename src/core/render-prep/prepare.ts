import { describeMissingGlyphs, findMissingGlyphs, type FontProvider } from '../fonts';
import { glyphPlaceWording, layoutBriefing, layoutCoverage, verifiedImages, type ImageProvider, type LayoutCache, type LayoutDocument } from '../layout';
import type { Briefing } from '../../shared/briefing';
import { fail, ok, type Result } from '../../shared/errors';
import type { Template } from '../../shared/template';

/** What the steps before a writer need of the engine's host (the PDF and OFD exports' `EngineHost` has both). */
export interface PrepareHost {
  readonly fonts: FontProvider;
  /** The template's images (its masthead logo), read relative to the template's folder. */
  readonly images?: ImageProvider;
  /** Kept between renders by the engine: the layout's part (shaped strings, broken paragraphs). */
  readonly cache?: { readonly layout: LayoutCache };
}

/** What changes the layout of one copy: 份号, watermark, 共印N份 and 印发日期, and cancellation. */
export interface PrepareOptions {
  readonly copyNumber?: string;
  readonly watermark?: string;
  readonly copies?: number;
  readonly printedDate?: string;
  readonly signal?: AbortSignal;
}

/** True for the errors an AbortSignal raises (cancelled or timed out): they become CANCELLED, not bugs. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * The steps every export takes before its writer (PDF, OFD, Word), as the PDF export takes them: a
 * body font must exist (FONT_UNAVAILABLE), the template's images are read and checked once (what
 * cannot be drawn is left out), the layout (with the engine's layout cache when it keeps one), then
 * every character of the layout's own runs must have a glyph in the face it was drawn in
 * (MISSING_GLYPH, placed in the draft's words). A cancelled signal gives CANCELLED. Same briefing,
 * template and options ⇒ the same layout.
 */
export async function prepareLayout(briefing: Briefing, template: Template, host: PrepareHost, options: PrepareOptions = {}): Promise<Result<LayoutDocument>> {
  const extra = {
    ...(options.copyNumber !== undefined ? { copyNumber: options.copyNumber } : {}),
    ...(options.watermark !== undefined ? { watermark: options.watermark } : {}),
  };
  for (const role of ['fangsong', 'fallback'] as const) {
    if (host.fonts.chain(role).length === 0 && host.fonts.chain('fallback').length === 0) {
      return fail('FONT_UNAVAILABLE', `（没有可用于“${role}”的字体，请检查 resources/fonts 是否完整）`);
    }
  }
  if (options.signal?.aborted) return fail('CANCELLED');
  const logo = template.masthead.logo;
  const images = logo && host.images ? await verifiedImages([logo.file], host.images) : host.images;
  const printed = { ...(options.copies !== undefined ? { copies: options.copies } : {}), ...(options.printedDate !== undefined ? { printedDate: options.printedDate } : {}) };
  let layout: LayoutDocument;
  try {
    layout = layoutBriefing({ briefing, template, fonts: host.fonts, ...extra, ...printed, ...(images ? { images } : {}), ...(options.signal ? { signal: options.signal } : {}), ...(host.cache ? { cache: host.cache.layout } : {}) });
  } catch (error) {
    if (isAbort(error)) return fail('CANCELLED');
    throw error;
  }
  // The layout's own runs, each in the face it was drawn in: a character no font can draw stops here.
  const missing = findMissingGlyphs(layoutCoverage(layout));
  if (missing.length > 0) return fail('MISSING_GLYPH', describeMissingGlyphs(missing, glyphPlaceWording(briefing)));
  return ok(layout);
}
