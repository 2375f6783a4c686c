import { FaceResolver, describeMissingGlyphs, findMissingGlyphs, type FontReportEntry } from '../fonts';
import { coverageItems, layoutBriefing, missingImages, verifiedImages, type LayoutDocument, type MissingImage } from '../layout';
import type { EngineHost } from '../pdf/render';
import type { Briefing } from '../../shared/briefing';
import { fail, ok, type Result } from '../../shared/errors';
import type { Template } from '../../shared/template';
import { writeOfd, type OfdFontCache } from './writer';

/** Options of one OFD rendering (as the PDF's: the copy's 份号 and the watermark come into the layout). */
export interface OfdRenderOptions {
  readonly copyNumber?: string;
  readonly watermark?: string;
  readonly signal?: AbortSignal;
  /** Subset fonts kept between exports (one per engine): same bytes, less work. */
  readonly cache?: OfdFontCache;
}

/** A rendered OFD and what went into it. */
export interface OfdRenderResult {
  readonly ofd: Uint8Array;
  readonly pageCount: number;
  readonly fontReport: FontReportEntry[];
  readonly layout: LayoutDocument;
  readonly missingImages: readonly MissingImage[];
}

/**
 * briefing + template → OFD bytes, the same steps as `renderBriefingPdf` up to the writer (glyph
 * coverage check → MISSING_GLYPH, the template's images checked once, layout) and then `writeOfd`
 * with the host's clock. Same briefing, template and clock ⇒ same bytes, and the same pages as the PDF.
 */
export async function renderBriefingOfd(briefing: Briefing, template: Template, host: EngineHost, options: OfdRenderOptions = {}): Promise<Result<OfdRenderResult>> {
  const extra = {
    ...(options.copyNumber !== undefined ? { copyNumber: options.copyNumber } : {}),
    ...(options.watermark !== undefined ? { watermark: options.watermark } : {}),
  };
  for (const role of ['fangsong', 'fallback'] as const) {
    if (host.fonts.chain(role).length === 0 && host.fonts.chain('fallback').length === 0) {
      return fail('FONT_UNAVAILABLE', `（没有可用于“${role}”的字体，请检查 resources/fonts 是否完整）`);
    }
  }
  const missing = findMissingGlyphs(coverageItems(briefing, template, extra), new FaceResolver((role) => host.fonts.chain(role)));
  if (missing.length > 0) return fail('MISSING_GLYPH', describeMissingGlyphs(missing));
  if (options.signal?.aborted) return fail('CANCELLED');
  const logo = template.masthead.logo;
  const images = logo && host.images ? await verifiedImages([logo.file], host.images) : host.images;
  let layout: LayoutDocument;
  try {
    layout = layoutBriefing({ briefing, template, fonts: host.fonts, ...extra, ...(images ? { images } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return fail('CANCELLED');
    throw error;
  }
  const meta = layout.metadata;
  const ofd = writeOfd(layout, {
    title: meta.title,
    ...(meta.author ? { author: meta.author } : {}),
    creationDate: host.now(),
    templateRef: `${meta.templateId}@${meta.templateVersion}`,
    appVersion: host.appVersion,
    ...(options.cache ? { cache: options.cache } : {}),
  });
  return ok({ ofd, pageCount: layout.pages.length, fontReport: layout.fontReport, layout, missingImages: missingImages(layout) });
}
