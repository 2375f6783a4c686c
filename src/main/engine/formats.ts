// Word and OFD from the same engine world as the PDF: the same template, fonts, images, clock and
// layout (one layout per copy, with its 份号 and watermark), written by core/docx and core/ofd.
import { writeBriefingDocx } from '../../core/docx';
import { checkGlyphs } from '../../core/pdf';
import { layoutBriefing } from '../../core/layout';
import { renderBriefingOfd } from '../../core/ofd';
import type { Briefing } from '../../shared/briefing';
import { fail, ok, type Result } from '../../shared/errors';
import type { Engine, EngineTemplate } from '.';

/** The export formats besides PDF. */
export type DocumentFormat = 'docx' | 'ofd';

/** One copy of a briefing as a .docx or .ofd file's bytes. */
export async function renderDocument(
  engine: Engine,
  format: DocumentFormat,
  briefing: Briefing,
  loaded: EngineTemplate,
  options: { copyNumber?: string; watermark?: string; recipient?: string; signal?: AbortSignal } = {},
): Promise<Result<Uint8Array>> {
  const host = engine.hostFor(loaded);
  const template = loaded.template;
  const copy = {
    ...(options.copyNumber !== undefined ? { copyNumber: options.copyNumber } : {}),
    ...(options.watermark !== undefined ? { watermark: options.watermark } : {}),
  };
  if (format === 'ofd') {
    const rendered = await renderBriefingOfd(briefing, template, host, { ...copy, ...(options.signal ? { signal: options.signal } : {}) });
    return rendered.ok ? ok(rendered.value.ofd) : rendered;
  }
  // The PDF's own check first: a character no font can draw stops a Word export too.
  const missing = checkGlyphs(briefing, template, host.fonts);
  if (missing.length > 0) return fail('MISSING_GLYPH', `（${missing.map((m) => m.char).join('')}）`);
  const layout = layoutBriefing({ briefing, template, fonts: host.fonts, ...(host.images ? { images: host.images } : {}), ...copy });
  const docx = await writeBriefingDocx({
    briefing,
    template,
    layout,
    now: host.now(),
    appVersion: host.appVersion,
    ...(options.copyNumber !== undefined ? { copyNumber: options.copyNumber } : {}),
    ...(options.recipient ? { recipient: options.recipient } : {}),
  });
  return ok(docx);
}
