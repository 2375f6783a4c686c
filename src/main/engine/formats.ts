// Word and OFD from the same engine world as the PDF: the same template, fonts, images, clock and
// layout (one layout per copy, with its 份号 and watermark), written by core/docx and core/ofd.
// An export that also writes the PDF hands its layout over (`writeDocument`), so a copy is laid
// out once whatever the formats.
import { missingImages, type LayoutDocument, type MissingImage } from '../../core/layout';
import { prepareLayout } from '../../core/render-prep';
import type { FontReportEntry } from '../../core/fonts';
import type { Briefing } from '../../shared/briefing';
import { ok, type Result } from '../../shared/errors';
import type { Engine, EngineTemplate } from '.';

/** The export formats besides PDF. */
export type DocumentFormat = 'docx' | 'ofd';

/** What one copy is laid out with: its 份号, watermark, recipient, and the export's 共印N份 / 印发日期. */
export interface DocumentCopyOptions {
  readonly copyNumber?: string;
  readonly watermark?: string;
  /** Named in the .docx (the PDF and OFD carry it in the watermark). */
  readonly recipient?: string;
  /** 共印N份 (default: the draft's 印数). */
  readonly copies?: number;
  /** 印发日期, YYYY-MM-DD (default: the issue date). */
  readonly printedDate?: string;
  /** Word: embed the fonts the layout draws with (subsets, core/docx/embed) instead of naming the official ones. */
  readonly embedFonts?: boolean;
  readonly signal?: AbortSignal;
}

/** A laid-out copy: what the writers draw and what the export reports. */
export interface LaidOutCopy {
  readonly layout: LayoutDocument;
  readonly pageCount: number;
  readonly fontReport: FontReportEntry[];
  readonly missingImages: readonly MissingImage[];
}

/**
 * The briefing as the writers of other formats read it: the .docx writer prints 共印N份 from the
 * draft's 印数, so an export's number of copies is put there.
 */
function printedBriefing(briefing: Briefing, options: DocumentCopyOptions): Briefing {
  return options.copies !== undefined ? { ...briefing, meta: { ...briefing.meta, copies: options.copies } } : briefing;
}

/**
 * The PDF render's steps up to the writer, for a copy written only as .docx / .ofd (core/render-prep):
 * the layout, then the glyph check of its runs (a character no font can draw stops the export),
 * with the template's images checked once.
 */
export async function layoutCopy(engine: Engine, briefing: Briefing, loaded: EngineTemplate, options: DocumentCopyOptions = {}): Promise<Result<LaidOutCopy>> {
  const { recipient: _recipient, embedFonts: _embed, ...prepare } = options;
  const laid = await prepareLayout(briefing, loaded.template, engine.hostFor(loaded), prepare);
  if (!laid.ok) return laid;
  const layout = laid.value;
  return ok({ layout, pageCount: layout.pages.length, fontReport: layout.fontReport, missingImages: missingImages(layout) });
}

/** Writes a laid-out copy as a .docx or .ofd file's bytes (the layout of the same copy: 份号, watermark). */
export async function writeDocument(
  engine: Engine,
  format: DocumentFormat,
  briefing: Briefing,
  loaded: EngineTemplate,
  layout: LayoutDocument,
  options: DocumentCopyOptions = {},
): Promise<Uint8Array> {
  const host = engine.hostFor(loaded);
  // Loaded on first use: a PDF export (and the CLI's cold start) never pays for the docx library.
  if (format === 'ofd') {
    const { createOfdFontCache, writeOfd } = await import('../../core/ofd');
    // Subset OFD fonts kept by the engine (one per worker), released with it.
    const cache = (engine.formatCaches.ofd ??= createOfdFontCache());
    const meta = layout.metadata;
    return writeOfd(layout, {
      title: meta.title,
      ...(meta.author ? { author: meta.author } : {}),
      creationDate: host.now(),
      templateRef: `${meta.templateId}@${meta.templateVersion}`,
      appVersion: host.appVersion,
      cache,
    });
  }
  const { docxEmbeddedFonts, writeBriefingDocx } = await import('../../core/docx');
  return writeBriefingDocx({
    briefing: printedBriefing(briefing, options),
    template: loaded.template,
    layout,
    now: host.now(),
    appVersion: host.appVersion,
    ...(options.copyNumber !== undefined ? { copyNumber: options.copyNumber } : {}),
    ...(options.recipient ? { recipient: options.recipient } : {}),
    ...(options.printedDate !== undefined ? { printedDate: options.printedDate } : {}),
    ...(options.embedFonts ? { embedFonts: docxEmbeddedFonts(layout) } : {}),
  });
}

/** One copy of a briefing as a .docx or .ofd file's bytes. */
export async function renderDocument(engine: Engine, format: DocumentFormat, briefing: Briefing, loaded: EngineTemplate, options: DocumentCopyOptions = {}): Promise<Result<Uint8Array>> {
  const laid = await layoutCopy(engine, briefing, loaded, options);
  if (!laid.ok) return laid;
  return ok(await writeDocument(engine, format, briefing, loaded, laid.value.layout, options));
}
