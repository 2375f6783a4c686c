// Runs a render job on an engine: the same code in the worker and in the in-thread fallback.
import { threadId } from 'node:worker_threads';
import { layoutRegister, sourceRuns } from '../../core/layout';
import { renderBriefingPdf, writePdf } from '../../core/pdf';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-file';
import type { Engine } from '../engine';
import type { RenderedCopy, RenderJob } from './protocol';

/** Where a job's results go, in order: each copy as it is finished (written first when the job names files), then the register. */
export interface JobSink {
  copy(copy: RenderedCopy): void;
  register(pdf: Uint8Array): void;
}

/**
 * Renders the job's copies one after the other, then its register (and writes them when the job
 * names files). A cancel is honoured before
 * each copy and inside the render (the core checks the signal between its phases).
 */
export async function runJob(engine: Engine, job: RenderJob, signal: AbortSignal, sink: JobSink): Promise<Result<null>> {
  const host = engine.hostFor(job.template);
  const template = job.template.template;
  for (const [index, spec] of job.copies.entries()) {
    if (signal.aborted) return fail('CANCELLED');
    const rendered = await renderBriefingPdf(job.briefing, template, host, {
      ...(spec.copyNumber !== undefined ? { copyNumber: spec.copyNumber } : {}),
      ...(spec.watermark !== undefined ? { watermark: spec.watermark } : {}),
      ...(job.pdfa ? { pdfa: true } : {}),
      signal,
    });
    if (!rendered.ok) return rendered;
    const r = rendered.value;
    const name = job.files?.copyNames[index];
    if (job.files && name !== undefined) {
      const written = writeFileAtomic(join(job.files.dir, name), r.pdf);
      if (!written.ok) return written;
    }
    sink.copy({ index, pdf: job.files ? null : r.pdf, pageCount: r.pageCount, fontReport: r.fontReport, missingImages: r.missingImages, ...(job.sources ? { sources: sourceRuns(r.layout) } : {}) });
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

/** The thread this code runs on (the worker reports it; tests check that rendering left the main thread). */
export const renderThreadId = threadId;
