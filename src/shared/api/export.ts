import { z } from 'zod';
import { briefingSchema } from '../briefing';
import type { TemplateSummary } from '../template';
import { defineMethod } from './define';

const draftId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** Which font served a role in an export (the export report). */
export interface FontUsage {
  readonly role: 'xiaobiaosong' | 'songti' | 'fangsong' | 'heiti' | 'kaiti' | 'fallback';
  readonly family: string;
  readonly postscriptName: string;
  /** user / template file, installed system font, or a bundled open font */
  readonly origin: 'user' | 'template' | 'system' | 'bundled';
  readonly location: string;
  /** Distinct characters of this role that a later font of the chain had to draw. */
  readonly fallbackCharacters: number;
}

/** The formats an export writes: PDF, Word (.docx), OFD (GB/T 33190). */
export const EXPORT_FORMATS = ['pdf', 'docx', 'ofd'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One numbered copy written by a multi-copy export. */
export interface ExportedCopy {
  /** 份号, six digits by default */
  readonly copyNumber: string;
  readonly recipient: string;
  /** The copy's first file (its PDF when PDF was asked for). */
  readonly path: string;
  /** The copy's file per format written. */
  readonly files?: { readonly [F in ExportFormat]?: string };
}

/** One file an export wrote. */
export interface ExportedFile {
  readonly format: ExportFormat | 'csv';
  readonly path: string;
  /** 份号 of a numbered copy; null for a single file or the 分发登记表. */
  readonly copyNumber: string | null;
}

/** What `exportPdf` reports. */
export interface ExportPdfResult {
  /** The first file written (the PDF when asked for; the first copy when several were written). */
  readonly path: string;
  readonly pageCount: number;
  /** Size of `path` in bytes. */
  readonly byteSize: number;
  readonly fonts: FontUsage[];
  /** Numbered copies, when copies or recipients were asked for. */
  readonly copies: ExportedCopy[];
  /** 分发登记表 as PDF and CSV, when copies were numbered. */
  readonly register: { readonly pdf: string; readonly csv: string } | null;
  /** What was left out and why (a template's logo that could not be read), in Chinese. */
  readonly warnings?: readonly string[];
  /** The formats written, in the order asked. */
  readonly formats?: readonly ExportFormat[];
  /** Every file written, in order: copies (each with its formats), then the register. */
  readonly files?: readonly ExportedFile[];
}

/** What `previewPdf` returns: the PDF bytes for the in-app preview. */
export interface PreviewPdfResult {
  readonly pdf: Uint8Array;
  readonly pageCount: number;
  readonly fonts: FontUsage[];
  /** Where each block's glyphs are on the pages: a click on the preview finds its block and character by id. */
  readonly sources?: readonly PreviewSourceRun[];
}

/** One run of a block's (or a field's) glyphs on a preview page, in points from the page's top-left corner. */
export interface PreviewSourceRun {
  readonly page: number;
  /** The block shown; '' when the run shows a field outside the body (`field`). */
  readonly blockId: string;
  /** The briefing field shown (the title, the masthead's lines), when not a block. */
  readonly field?: PreviewSourceField;
  readonly top: number;
  readonly bottom: number;
  readonly chars: readonly string[];
  readonly xs: readonly number[];
  readonly size: number;
}

/** Briefing fields outside the body that the preview can point back to. */
export type PreviewSourceField = 'title' | 'seriesName' | 'issueNumber' | 'docNumber' | 'publisher' | 'issueDate' | 'classification' | 'urgency' | 'copyNumber';

/** Parts of the page that show no block or briefing field of their own. */
export type GlyphPagePart = 'masthead' | 'note' | 'tail' | 'pageNumber' | 'watermark' | 'other';

/** Where a character occurs on the page: a block, a briefing field, or a part of the page. */
export interface GlyphPlace {
  readonly blockId?: string;
  readonly field?: PreviewSourceField;
  readonly part?: GlyphPagePart;
}

/** A character no font can draw. */
export interface MissingGlyphInfo {
  readonly char: string;
  readonly codePoint: number;
  /** Where it occurs (up to five places), worded by whoever shows it. */
  readonly where: GlyphPlace[];
}

/** What `checkBriefing` (校对) reports. */
export interface CheckBriefingResult {
  readonly missingGlyphs: MissingGlyphInfo[];
  /** Typography warnings in Chinese (ASCII punctuation next to Chinese, …). */
  readonly warnings: string[];
  readonly fonts: FontUsage[];
}

/** An existing file that an export would replace (the export dialog lists them and asks first). */
export interface ExportConflict {
  readonly path: string;
  /** `copy`: a numbered copy (份号 in `copyNumber`); `register-pdf` / `register-csv`: the 分发登记表 */
  readonly role: 'copy' | 'register-pdf' | 'register-csv';
  readonly copyNumber: string | null;
  /** The format of a copy's file (a set written in several formats lists each). */
  readonly format?: ExportFormat;
  readonly byteSize: number;
  /** ISO time of the file's last change */
  readonly modifiedAt: string;
}

/** How far an export job has come (polled by the export dialog's progress bar). */
export interface ExportProgress {
  /**
   * `dialog`: waiting for the save dialog; `confirm`: files of the set already exist and the job
   * waits for `confirmExportReplace` (see `conflicts`); `rendering`: writing copies (into a
   * temporary folder); `done`: finished or failed.
   */
  readonly phase: 'dialog' | 'confirm' | 'rendering' | 'done';
  /** In the `confirm` phase: the existing files the export would replace. */
  readonly conflicts?: readonly ExportConflict[];
  /** Copies written so far. */
  readonly done: number;
  /** Copies to write (1 for a single file; the register counts as part of the last copy). */
  readonly total: number;
  readonly cancelled: boolean;
}

const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '任务标识只能包含字母、数字、- 和 _');

/** Export and template methods: PDF export, preview, template list, pre-export check. */
export const exportMethods = {
  /**
   * Exports a saved draft as PDF, Word and/or OFD; the path is asked through the save dialog, never
   * taken from the renderer (the other formats sit beside it under the same name).
   */
  exportPdf: defineMethod<ExportPdfResult>()(
    'export:pdf',
    z.strictObject({
      draftId,
      copies: z.number().int().min(1).max(10_000).optional(),
      recipients: z.array(z.string().trim().min(1).max(100)).max(10_000).optional(),
      watermark: z.string().max(50).optional(),
      /** A name to suggest in the save dialog (a file name only; the user still chooses the place). */
      fileName: z.string().trim().min(1).max(200).optional(),
      /** Chosen by the renderer so it can poll progress and cancel while the export runs. */
      jobId: jobId.optional(),
      /** What to write, one or several at once (default: PDF); each numbered copy in every format. */
      formats: z
        .array(z.enum(EXPORT_FORMATS))
        .min(1)
        .max(EXPORT_FORMATS.length)
        .refine((f) => new Set(f).size === f.length, '导出格式不能重复')
        .optional(),
      /**
       * Word: embed the fonts the document draws with (cut to its characters) instead of naming the
       * official fonts installed on the reader's machine (仿宋_GB2312 …). Other formats ignore it.
       */
      embedFonts: z.boolean().optional(),
    }),
  ),
  /** Progress of a running export; null when the job is unknown (not started or long finished). */
  getExportProgress: defineMethod<ExportProgress | null>()('export:progress', z.strictObject({ jobId })),
  /**
   * Answers a job waiting in the `confirm` phase: `replace: true` writes the set over the listed
   * files, `false` cancels the export (nothing is written; exportPdf answers CANCELLED).
   */
  confirmExportReplace: defineMethod<null>()('export:confirm-replace', z.strictObject({ jobId, replace: z.boolean() })),
  /**
   * Cancels a running export: only this job's temporary files are removed, files that existed
   * before are never touched; exportPdf answers CANCELLED.
   */
  cancelExport: defineMethod<null>()('export:cancel', z.strictObject({ jobId })),
  /** Renders a briefing (unsaved edits included) for the in-app preview. */
  previewPdf: defineMethod<PreviewPdfResult>()('export:preview', z.strictObject({ briefing: briefingSchema })),
  listTemplates: defineMethod<TemplateSummary[]>()('template:list', z.strictObject({})),
  /** 校对: characters without a font and typography warnings. */
  checkBriefing: defineMethod<CheckBriefingResult>()('export:check', z.strictObject({ briefing: briefingSchema })),
};
