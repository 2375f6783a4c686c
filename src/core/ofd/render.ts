import type { FontReportEntry } from '../fonts';
import { missingImages, type LayoutDocument, type MissingImage } from '../layout';
import type { EngineHost } from '../pdf/render';
import { prepareLayout, type PrepareOptions } from '../render-prep';
import type { Briefing } from '../../shared/briefing';
import { ok, type Result } from '../../shared/errors';
import type { Template } from '../../shared/template';
import { writeOfd, type OfdFontCache } from './writer';

/** Options of one OFD rendering (as the PDF's: 份号, watermark, 共印N份 and 印发日期 come into the layout). */
export interface OfdRenderOptions extends PrepareOptions {
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
 * briefing + template → OFD bytes: the steps every export shares up to the writer (`prepareLayout`:
 * glyph coverage check → MISSING_GLYPH, the template's images checked once, layout) and then
 * `writeOfd` with the host's clock. Same briefing, template and clock ⇒ same bytes, and the same pages as the PDF.
 */
export async function renderBriefingOfd(briefing: Briefing, template: Template, host: EngineHost, options: OfdRenderOptions = {}): Promise<Result<OfdRenderResult>> {
  const prepared = await prepareLayout(briefing, template, host, options);
  if (!prepared.ok) return prepared;
  const layout = prepared.value;
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
