// The render worker's messages. Everything is a plain value (structured clone); PDF bytes travel as
// transferred ArrayBuffers, so a 20-copy export copies no PDF between the threads.
import type { FontReportEntry, MissingGlyph } from '../../core/fonts';
import type { RenderResult } from '../../core/pdf';
import type { SourceRun } from '../../core/layout';
import type { Briefing } from '../../shared/briefing';
import type { ExportFormat } from '../../shared/api/export';
import type { Failure } from '../../shared/errors';
import type { EngineOptions, EngineTemplate } from '../engine';

/** One copy of a job: a numbered copy (份号, recipient watermark) or the single/preview document. */
export interface CopySpec {
  readonly copyNumber?: string;
  readonly watermark?: string;
  /** The copy's recipient (the .docx names it; the PDF and OFD carry it in the watermark). */
  readonly recipient?: string;
}

/** The 分发登记表 of a numbered set, rendered after the copies. */
export interface RegisterSpec {
  readonly title: string;
  readonly subtitle: string;
  readonly rows: readonly { copyNumber: string; recipient: string; date: string }[];
}

/** A render job: one briefing, its template (resolved by the host), one file per copy and format. */
export interface RenderJob {
  readonly briefing: Briefing;
  readonly template: EngineTemplate;
  readonly copies: readonly CopySpec[];
  /** What each copy is written as (default: PDF only). Without `files` only a PDF is returned. */
  readonly formats?: readonly ExportFormat[];
  /**
   * 共印N份 and 印发日期 of an export (the copies exported; the host clock's day, YYYY-MM-DD). A
   * preview leaves them out: it shows the draft's own 印数 and issue date.
   */
  readonly printed?: { readonly copies?: number; readonly date?: string };
  readonly pdfa?: boolean;
  /** Word files embed the fonts drawn (subsets) instead of naming the official ones. */
  readonly embedFonts?: boolean;
  /** Also return where each block's glyphs are (the preview's click map). */
  readonly sources?: boolean;
  readonly register?: RegisterSpec;
  /**
   * Write the PDFs as files (atomically, fsynced) instead of returning their bytes: an fsync takes
   * 1–36 ms on the test machines, which must not happen on the host's event loop. The host
   * decides the folder (an export's staging folder) and the names: `copyNames[i][format]` for copy i.
   */
  readonly files?: {
    readonly dir: string;
    readonly copyNames: readonly { readonly [F in ExportFormat]?: string }[];
    readonly registerName?: string;
    readonly csv?: { readonly name: string; readonly text: string };
  };
  /** The host clock's reading for this job (ms since the epoch): PDF dates equal the host's, pinned or not. */
  readonly now: number;
}

/** One finished copy of a job (all its formats). */
export interface RenderedCopy {
  readonly index: number;
  /** The PDF's bytes; null when the job wrote its files (or wrote no PDF). */
  readonly pdf: Uint8Array | null;
  /** Bytes written per format, when the job wrote files. */
  readonly sizes?: { readonly [F in ExportFormat]?: number };
  readonly pageCount: number;
  readonly fontReport: FontReportEntry[];
  readonly missingImages: RenderResult['missingImages'];
  readonly sources?: readonly SourceRun[];
}

/** A 校对 glyph check: the briefing laid out with its template's fonts, its runs checked. */
export interface CheckJob {
  readonly briefing: Briefing;
  readonly template: EngineTemplate;
}

/** What a glyph check found: characters no font can draw, and the first face of each role. */
export interface GlyphCheck {
  readonly missing: readonly MissingGlyph[];
  readonly fonts: readonly FontReportEntry[];
}

/** What the worker is built from: the engine's options without functions (the clock comes per job). */
export type WorkerEngineOptions = Omit<EngineOptions, 'clock' | 'log'>;

export type ToWorker =
  | { readonly type: 'run'; readonly id: number; readonly job: RenderJob }
  | { readonly type: 'check'; readonly id: number; readonly job: CheckJob }
  | { readonly type: 'cancel'; readonly id: number };

export type FromWorker =
  | { readonly type: 'ready'; readonly threadId: number }
  | { readonly type: 'copy'; readonly id: number; readonly copy: RenderedCopy }
  | { readonly type: 'register'; readonly id: number; readonly pdf: Uint8Array }
  | { readonly type: 'checked'; readonly id: number; readonly check: GlyphCheck }
  | { readonly type: 'done'; readonly id: number; readonly threadId: number; readonly failure: Failure | null }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string; readonly stack?: string };
