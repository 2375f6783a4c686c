// Runs a render job on an engine: the same code in the worker and in the in-thread fallback.
import { threadId } from 'node:worker_threads';
import { layoutRegister, sourceRuns } from '../../core/layout';
import { checkGlyphs, renderBriefingPdf, writePdf } from '../../core/pdf';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-file';
import type { Engine } from '../engine';
import { FontFileChangedError } from '../fonts';
import { layoutCopy, writeDocument, type LaidOutCopy } from '../engine/formats';
import type { ExportFormat } from '../../shared/api/export';
import type { CheckJob, GlyphCheck, RenderedCopy, RenderJob } from './protocol';

/** Where a job's results go, in order: each copy as it is finished (written first when the job names files), then the register. */
export interface JobSink {
  copy(copy: RenderedCopy): void;
  register(pdf: Uint8Array): void;
}

/**
 * Renders the job's copies one after the other — each in every format asked, from one layout —
 * then its register (and writes them when the job names files). A cancel is honoured before each
 * copy, between its formats and inside the render (the core checks the signal between its phases).
 *
 * A font file that changed on disk while in use (a font update while the app runs) makes the
 * engine read its fonts again and the whole job run once more, so every copy is set from the same
 * files; copies already reported are not reported twice (their files are written again).
 */
export async function runJob(engine: Engine, job: RenderJob, signal: AbortSignal, sink: JobSink): Promise<Result<null>> {
  let reported = 0;
  const counting: JobSink = {
    copy: (copy) => {
      reported++;
      sink.copy(copy);
    },
    register: (pdf) => sink.register(pdf),
  };
  try {
    return await runJobOnce(engine, job, signal, counting);
  } catch (error) {
    if (!(error instanceof FontFileChangedError)) throw error;
    engine.options.log?.('warn', `font file changed on disk during a render; fonts read again, the job runs again: ${error.path}`);
    engine.renewFonts();
    let skip = reported;
    const again: JobSink = {
      copy: (copy) => {
        if (skip > 0) skip--;
        else sink.copy(copy);
      },
      register: (pdf) => sink.register(pdf),
    };
    return runJobOnce(engine, job, signal, again);
  }
}

async function runJobOnce(engine: Engine, job: RenderJob, signal: AbortSignal, sink: JobSink): Promise<Result<null>> {
  const host = engine.hostFor(job.template);
  const template = job.template.template;
  // Without files a job returns a PDF's bytes (the preview); with files it writes every format asked.
  const formats = job.files ? (job.formats ?? ['pdf']) : (['pdf'] as const);
  const printed = {
    ...(job.printed?.copies !== undefined ? { copies: job.printed.copies } : {}),
    ...(job.printed?.date !== undefined ? { printedDate: job.printed.date } : {}),
  };
  for (const [index, spec] of job.copies.entries()) {
    if (signal.aborted) return fail('CANCELLED');
    const copy = {
      ...(spec.copyNumber !== undefined ? { copyNumber: spec.copyNumber } : {}),
      ...(spec.watermark !== undefined ? { watermark: spec.watermark } : {}),
    };
    const names = job.files?.copyNames[index] ?? {};
    const sizes: Partial<Record<ExportFormat, number>> = {};
    const write = (format: ExportFormat, bytes: Uint8Array): Result<null> => {
      const name = names[format];
      if (!job.files || name === undefined) return ok(null);
      sizes[format] = bytes.byteLength;
      return writeFileAtomic(join(job.files.dir, name), bytes);
    };
    // One layout per copy: the PDF's when a PDF is written, handed to the other writers.
    let laid: LaidOutCopy;
    let pdf: Uint8Array | null = null;
    if (formats.includes('pdf')) {
      const rendered = await renderBriefingPdf(job.briefing, template, host, { ...copy, ...printed, ...(job.pdfa ? { pdfa: true } : {}), signal });
      if (!rendered.ok) return rendered;
      laid = rendered.value;
      pdf = rendered.value.pdf;
      const written = write('pdf', pdf);
      if (!written.ok) return written;
    } else {
      const rendered = await layoutCopy(engine, job.briefing, job.template, { ...copy, ...printed, signal });
      if (!rendered.ok) return rendered;
      laid = rendered.value;
    }
    for (const format of formats) {
      if (format === 'pdf') continue;
      if (signal.aborted) return fail('CANCELLED');
      const bytes = await writeDocument(engine, format, job.briefing, job.template, laid.layout, { ...copy, ...printed, ...(spec.recipient ? { recipient: spec.recipient } : {}), ...(job.embedFonts ? { embedFonts: true } : {}) });
      const written = write(format, bytes);
      if (!written.ok) return written;
    }
    sink.copy({
      index,
      pdf: job.files ? null : pdf,
      ...(job.files ? { sizes } : {}),
      pageCount: laid.pageCount,
      fontReport: laid.fontReport,
      missingImages: laid.missingImages,
      ...(job.sources ? { sources: sourceRuns(laid.layout) } : {}),
    });
    // Between copies the thread answers its messages (a cancel; on the fallback path, the window).
    if (index < job.copies.length - 1) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (job.register) {
    if (signal.aborted) return fail('CANCELLED');
    const layout = layoutRegister({ ...job.register, rows: [...job.register.rows], template, fonts: host.fonts });
    const pdf = await writePdf(layout, { creationDate: new Date(job.now), appVersion: host.appVersion });
    if (job.files?.registerName !== undefined) {
      const written = writeFileAtomic(join(job.files.dir, job.files.registerName), pdf);
      if (!written.ok) return written;
    } else sink.register(pdf);
  }
  if (job.files?.csv) {
    const written = writeFileAtomic(join(job.files.dir, job.files.csv.name), job.files.csv.text);
    if (!written.ok) return written;
  }
  return ok(null);
}

const ROLES = ['xiaobiaosong', 'songti', 'fangsong', 'heiti', 'kaiti', 'fallback'] as const;

/**
 * 校对's glyph check: lays the briefing out with its template's fonts and lists the characters the
 * layout drew in a face that lacks them (no font can draw them), with the first face of each role.
 * Synchronous: the worker answers it between the phases of a running export.
 */
export function runCheck(engine: Engine, job: CheckJob): GlyphCheck {
  try {
    return runCheckOnce(engine, job);
  } catch (error) {
    if (!(error instanceof FontFileChangedError)) throw error;
    engine.options.log?.('warn', `font file changed on disk during a check; fonts read again: ${error.path}`);
    engine.renewFonts();
    return runCheckOnce(engine, job);
  }
}

function runCheckOnce(engine: Engine, job: CheckJob): GlyphCheck {
  const fonts = engine.hostFor(job.template).fonts;
  const missing = checkGlyphs(job.briefing, job.template.template, fonts);
  const primary = ROLES.flatMap((role) => {
    const face = fonts.chain(role)[0];
    return face ? [{ role, family: face.family, postscriptName: face.postscriptName, origin: face.origin, location: face.location, fallbackCharacters: 0 }] : [];
  });
  return { missing, fonts: primary };
}

/** The thread this code runs on (the worker reports it; tests check that rendering left the main thread). */
export const renderThreadId = threadId;
