import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { formatChineseDate, isoDateInChina } from '../../core/briefing';
import type { FontReportEntry } from '../../core/fonts';
import { typographyWarnings } from '../../core/layout';
import { EXPORT_FORMATS, type ExportConflict, type ExportFormat, type ExportPdfResult, type ExportProgress, type ExportedCopy, type ExportedFile, type FontUsage } from '../../shared/api/export';
import type { Briefing } from '../../shared/briefing';
import { fail, ok, type Result } from '../../shared/errors';
import { parseTemplateJson, templateTraits, type Template, type TemplateSummary } from '../../shared/template';
import { fsFailure, syncDirectory } from '../fs/atomic-file';
import type { Engine } from '../engine';
import { createRenderer, type JobCallbacks, type RenderedCopy, type Renderer, type RenderJob } from '../render-worker';
import { runJob } from '../render-worker/jobs';
import type { ServiceHost } from './host';
import type { ServiceGroup } from './types';

/** What the export services need from the drafts store (injected; the store is built elsewhere). */
export interface ExportDraftSource {
  getDraft(id: string): Promise<Result<Briefing>>;
  /** Called before a draft is exported (e.g. to flush a pending save). */
  beforeExport?(id: string): Promise<void>;
}

/** A loaded template and the directory its relative font files resolve against. */
export interface LoadedTemplate {
  readonly template: Template;
  readonly dir: string;
  readonly file: string;
  /** Folders its relative files (fonts, logo) are looked up in, nearest first; default: `dir`. */
  readonly assetDirs?: readonly string[];
}

/** Template files in a directory (every *.json but the schema). */
function templateFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'template.schema.json')
    .sort()
    .map((f) => join(dir, f));
}

/** Loads and validates one template file. */
export function loadTemplateFile(file: string): Result<LoadedTemplate> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fail('UNKNOWN_TEMPLATE', `（无法读取模板文件 ${file}）`);
  }
  const parsed = parseTemplateJson(text, basename(file));
  return parsed.ok ? ok({ template: parsed.value, dir: dirname(file), file }) : parsed;
}

/** Directories templates are read from: built-in, then the user's own (dataDir/templates). */
function templateDirs(host: Pick<ServiceHost, 'templatesDir' | 'dataDir'>): string[] {
  return [host.templatesDir, join(host.dataDir, 'templates')];
}

/** Every valid template (invalid files are skipped and logged). */
export function listTemplateFiles(host: Pick<ServiceHost, 'templatesDir' | 'dataDir' | 'log'>): LoadedTemplate[] {
  const out: LoadedTemplate[] = [];
  for (const dir of templateDirs(host)) {
    for (const file of templateFiles(dir)) {
      const loaded = loadTemplateFile(file);
      if (loaded.ok) {
        if (!out.some((t) => t.template.id === loaded.value.template.id)) out.push(loaded.value);
      } else {
        host.log('warn', `Invalid template skipped: ${file}: ${loaded.message}`);
      }
    }
  }
  return out;
}

/** Finds a template by id (built-in or user, through the engine's template registry), or checks and loads a template file. */
export function resolveTemplate(engine: Engine, ref: string, cwd = process.cwd()): Result<LoadedTemplate> {
  const registry = engine.templates;
  if (ref.endsWith('.json') || ref.includes('/') || ref.includes('\\')) {
    const file = isAbsolute(ref) ? ref : resolve(cwd, ref);
    if (!existsSync(file)) return fail('UNKNOWN_TEMPLATE', `（模板文件不存在：${file}）`);
    const checked = registry.check(file);
    if (!checked.template) return fail('INVALID_TEMPLATE', `（${basename(file)}）\n${checked.report.issues.filter((i) => i.severity === 'error').slice(0, 10).map((i) => `${basename(i.file)}:${i.line}:${i.column} ${i.message}`).join('\n')}`);
    return ok({ template: checked.template, dir: dirname(file), file, assetDirs: assetDirsOf(file, checked.report.chain) });
  }
  return registry.resolve(ref);
}

/** The folders a template file's relative files are looked up in: its own, then its bases' (from its extends chain). */
export function assetDirsOf(file: string, chain: readonly string[]): string[] {
  return [...new Set([dirname(file), ...chain.map((f) => dirname(f))])];
}

/** The export report's font list. */
export function toFontUsage(report: readonly FontReportEntry[]): FontUsage[] {
  return report.map((r) => ({ role: r.role, family: r.family, postscriptName: r.postscriptName, origin: r.origin, location: r.location, fallbackCharacters: r.fallbackCharacters }));
}

/** `{简报名称}第{期号}期.pdf` (or the format's extension), without characters file systems refuse. */
export function defaultFileName(briefing: Briefing, format: ExportFormat = 'pdf'): string {
  const name = (briefing.meta.seriesName.trim() || '简报').replace(/[\\/:*?"<>|\s]+/g, '');
  const issue = briefing.meta.issueNumber !== null ? `第${briefing.meta.issueNumber}期` : '';
  return `${name}${issue}.${format}`;
}


/** Options of `exportBriefingToFile` (the CLI and the export service share it). */
export interface ExportToFileOptions {
  readonly briefing: Briefing;
  readonly template: LoadedTemplate;
  /** The file path (single copy; the other formats sit beside it), or the base name for numbered copies. */
  readonly outPath: string;
  /** What to write, one or several (default: PDF); each numbered copy in every format. */
  readonly formats?: readonly ExportFormat[];
  /** Number of numbered copies (份号 000001 …); with recipients, at least one per recipient. */
  readonly copies?: number;
  readonly recipients?: readonly string[];
  /** Directory for numbered copies and the register; default: the directory of outPath. */
  readonly outDir?: string;
  readonly watermark?: string;
  readonly pdfa?: boolean;
  /** Word: embed the fonts drawn (subsets) instead of naming the official ones (see `exportPdf`). */
  readonly embedFonts?: boolean;
  readonly signal?: AbortSignal;
  /** Progress: (copies done, copies total). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Asked when files of the set already exist (copies, register, a single export's other formats):
   * true replaces them once the new set is complete, false cancels before anything is written.
   * Without it they are replaced.
   */
  readonly confirmReplace?: (conflicts: ExportConflict[]) => Promise<boolean>;
  /** Renders in the render worker (the services); without it, on the calling thread (the CLI). */
  readonly renderer?: Renderer;
}

/** A path's name without the extension of an export format (other extensions stay part of the name). */
function exportStem(path: string): string {
  const ext = extname(path);
  return (EXPORT_FORMATS as readonly string[]).includes(ext.slice(1).toLowerCase()) ? basename(path, ext) : basename(path);
}

/**
 * Renders a briefing to file(s) in one or several formats (PDF, .docx, .ofd): one file per format,
 * or numbered copies each with its 6-digit 份号 (and the recipient's name as watermark) in every
 * format, plus the 分发登记表 as PDF and CSV. An export prints 共印N份 from the copies it writes (a
 * single file keeps the draft's 印数: it is printed as many times) and 印发日期 from the engine's
 * clock. Files are written atomically; a set of files is built in a temporary folder beside the
 * target and moved into place at the end, so a cancel or a failure leaves every file that existed
 * before as it was.
 */
export async function exportBriefingToFile(world: Engine, options: ExportToFileOptions): Promise<Result<ExportPdfResult>> {
  const template = options.template.template;
  const recipients = options.recipients ?? [];
  const formats = options.formats && options.formats.length > 0 ? [...new Set(options.formats)] : (['pdf'] as ExportFormat[]);
  // The render worker when the caller has one (the services); otherwise this thread (the CLI).
  const render = (job: RenderJob, callbacks: JobCallbacks) => (options.renderer ? options.renderer.run(job, callbacks) : renderHere(world, job, callbacks));
  const now = world.options.clock();
  const printedDate = isoDateInChina(now);
  // A template that always numbers its copies (会议材料: collected after the meeting by 份号) gets
  // numbered copies and a register even for one copy; by default as many as the draft's 印数.
  const always = template.masthead.copyNumber.always === true;
  const numbered = always || (options.copies !== undefined && options.copies > 1) || recipients.length > 0;
  const outPath = resolve(options.outPath);
  const baseWatermark = options.watermark ?? options.briefing.meta.watermark;
  const stem = exportStem(outPath);
  if (!numbered && formats.length === 1) {
    // One file, written (atomically) by whoever renders: the fsync stays off this thread.
    const format = formats[0]!;
    const path = extname(outPath).toLowerCase() === `.${format}` ? outPath : join(dirname(outPath), `${stem}.${format}`);
    let single: RenderedCopy | undefined;
    const rendered = await render(
      {
        briefing: options.briefing,
        template: options.template,
        copies: [options.watermark !== undefined ? { watermark: options.watermark } : {}],
        formats,
        printed: { date: printedDate },
        ...(options.pdfa ? { pdfa: true } : {}),
        ...(options.embedFonts ? { embedFonts: true } : {}),
        files: { dir: dirname(path), copyNames: [{ [format]: basename(path) }] },
        now: now.getTime(),
      },
      { ...(options.signal ? { signal: options.signal } : {}), onCopy: (copy) => (single = copy) },
    );
    if (!rendered.ok) return rendered;
    if (!single) return fail('CANCELLED');
    options.onProgress?.(1, 1);
    return ok(summary(path, single, [], null, formats, [{ format, path, copyNumber: null }]));
  }
  const total = numbered ? Math.max(options.copies ?? (always ? (options.briefing.meta.copies ?? 1) : 0), recipients.length, 1) : 1;
  const dir = resolve(options.outDir ?? dirname(outPath));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return fsFailure(error, dir);
  }
  const digits = template.masthead.copyNumber.digits;
  const copyNumberOf = (k: number) => String(k).padStart(digits, '0');
  // A single export in several formats: the picked name for its own format, the same stem for the others.
  const fileName = (k: number, format: ExportFormat) =>
    numbered ? `${stem}-${copyNumberOf(k)}.${format}` : extname(outPath).toLowerCase() === `.${format}` ? basename(outPath) : `${stem}.${format}`;
  const registerPdfName = `${stem}-分发登记表.pdf`;
  const registerCsvName = `${stem}-分发登记表.csv`;
  const copyFiles = Array.from({ length: total }, (_, i) => Object.fromEntries(formats.map((f) => [f, fileName(i + 1, f)])) as { [F in ExportFormat]?: string });
  const names = [...copyFiles.flatMap((c) => formats.map((f) => c[f]!)), ...(numbered ? [registerPdfName, registerCsvName] : [])];
  // Files of an earlier export are never destroyed unasked: existing files of the set are listed
  // and the caller asked first (the export dialog); without a way to ask, they are replaced only
  // at the very end, all at once, after every new file is complete. The file picked in the save
  // dialog of a single export was confirmed there already.
  const conflicts = existingFiles(dir, [
    ...copyFiles.flatMap((c, i) => formats.map((format) => ({ name: c[format]!, role: 'copy' as const, copyNumber: numbered ? copyNumberOf(i + 1) : null, format }))),
    ...(numbered
      ? [
          { name: registerPdfName, role: 'register-pdf' as const, copyNumber: null },
          { name: registerCsvName, role: 'register-csv' as const, copyNumber: null },
        ]
      : []),
  ]).filter((c) => numbered || c.path !== outPath);
  if (conflicts.length > 0 && options.confirmReplace && !(await options.confirmReplace(conflicts))) return fail('CANCELLED');
  if (options.signal?.aborted) return fail('CANCELLED');
  // Everything is written into a temporary folder beside the target and moved into place at the
  // end; a cancel or a failure removes this folder, and only it.
  let staging: string;
  try {
    staging = mkdtempSync(join(dir, `.${stem.slice(0, 40)}.导出中-`));
  } catch (error) {
    return fsFailure(error, dir);
  }
  const discard = <T>(result: T): T => {
    rmSync(staging, { recursive: true, force: true });
    return result;
  };
  const copies: ExportedCopy[] = numbered
    ? Array.from({ length: total }, (_, i) => {
        const files = Object.fromEntries(formats.map((f) => [f, join(dir, copyFiles[i]![f]!)])) as { [F in ExportFormat]?: string };
        return { copyNumber: copyNumberOf(i + 1), recipient: recipients[i] ?? '', path: files[formats[0]!]!, files };
      })
    : [];
  const date = formatChineseDate(printedDate);
  const rows = copies.map((c) => ({ copyNumber: c.copyNumber, recipient: c.recipient, date }));
  const meta = options.briefing.meta;
  // The copies, the register and its CSV are rendered and written into the staging folder by
  // whoever renders (the worker): an fsync takes up to tens of ms, too long for this thread. Here
  // stay the decisions: conflicts, the staging folder, the final move, the cleanup after a cancel.
  const csv = `\uFEFF份号,接收人,分发日期\r\n${rows.map((r) => [r.copyNumber, r.recipient, r.date].map(csvField).join(',')).join('\r\n')}\r\n`;
  const stop = new AbortController();
  const abort = () => stop.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  let first: RenderedCopy | undefined;
  let written = 0;
  const rendered = await render(
    {
      briefing: options.briefing,
      template: options.template,
      copies: numbered
        ? copies.map((c) => ({ copyNumber: c.copyNumber, watermark: [baseWatermark.trim(), c.recipient].filter((w) => w !== '').join('　'), ...(c.recipient ? { recipient: c.recipient } : {}) }))
        : [options.watermark !== undefined ? { watermark: options.watermark } : {}],
      formats,
      printed: { ...(numbered ? { copies: total } : {}), date: printedDate },
      ...(options.pdfa ? { pdfa: true } : {}),
      ...(options.embedFonts ? { embedFonts: true } : {}),
      ...(numbered ? { register: { title: `${meta.seriesName}${meta.issueNumber !== null ? `第${meta.issueNumber}期` : ''}分发登记表`, subtitle: `${options.briefing.title}（共${copies.length}份）`, rows } } : {}),
      files: { dir: staging, copyNames: copyFiles, ...(numbered ? { registerName: registerPdfName, csv: { name: registerCsvName, text: csv } } : {}) },
      now: now.getTime(),
    },
    {
      signal: stop.signal,
      onCopy: (copy) => {
        first ??= copy;
        written++;
        options.onProgress?.(written, total);
      },
    },
  );
  options.signal?.removeEventListener('abort', abort);
  if (!rendered.ok) return discard(rendered);
  if (options.signal?.aborted || !first || written < total) return discard(fail('CANCELLED'));
  // The last moment a cancel is honoured: after this the set is moved into place.
  if (options.signal?.aborted) return discard(fail('CANCELLED'));
  const moved = moveSetIntoPlace(staging, dir, names);
  if (!moved.ok) return discard(moved);
  discard(null);
  const files: ExportedFile[] = [
    ...copyFiles.flatMap((c, i) => formats.map((format) => ({ format, path: join(dir, c[format]!), copyNumber: numbered ? copyNumberOf(i + 1) : null }))),
    ...(numbered ? [{ format: 'pdf' as const, path: join(dir, registerPdfName), copyNumber: null }, { format: 'csv' as const, path: join(dir, registerCsvName), copyNumber: null }] : []),
  ];
  return ok(summary(files[0]!.path, first, copies, numbered ? { pdf: join(dir, registerPdfName), csv: join(dir, registerCsvName) } : null, formats, files));
}

/** Runs a render job on this thread with `world` (no worker): the CLI, and the worker's own code. */
async function renderHere(world: Engine, job: RenderJob, callbacks: JobCallbacks): Promise<Result<null>> {
  return runJob(world, job, callbacks.signal ?? new AbortController().signal, { copy: (c) => callbacks.onCopy?.(c), register: (pdf) => callbacks.onRegister?.(pdf) });
}

/** The files of a set that already exist in `dir`, with their size and time. */
function existingFiles(dir: string, set: readonly { name: string; role: ExportConflict['role']; copyNumber: string | null; format?: ExportFormat }[]): ExportConflict[] {
  const out: ExportConflict[] = [];
  for (const file of set) {
    const path = join(dir, file.name);
    let stats;
    try {
      stats = statSync(path);
    } catch {
      continue;
    }
    out.push({ path, role: file.role, copyNumber: file.copyNumber, ...(file.format ? { format: file.format } : {}), byteSize: stats.size, modifiedAt: stats.mtime.toISOString() });
  }
  return out;
}

/**
 * Moves the finished files from the staging folder into `dir`. Files they replace are first moved
 * aside into the staging folder, so a failure half-way puts every earlier file back (the set is
 * replaced whole or not at all); the staging folder is the caller's to remove.
 */
function moveSetIntoPlace(staging: string, dir: string, names: readonly string[]): Result<null> {
  const aside = join(staging, '.replaced');
  const done: { name: string; replaced: boolean }[] = [];
  try {
    mkdirSync(aside);
    for (const name of names) {
      const target = join(dir, name);
      const replaced = existsSync(target);
      if (replaced) renameSync(target, join(aside, name));
      done.push({ name, replaced });
      renameSync(join(staging, name), target);
    }
    syncDirectory(dir);
    return ok(null);
  } catch (error) {
    for (const { name, replaced } of done.reverse()) {
      try {
        if (existsSync(join(staging, name))) {
          // this one's rename in failed: only its old file needs to come back
        } else {
          renameSync(join(dir, name), join(staging, name));
        }
        if (replaced) renameSync(join(aside, name), join(dir, name));
      } catch {
        // best effort: the staging folder still holds what could not be put back
      }
    }
    return fsFailure(error, dir);
  }
}

function csvField(value: string): string {
  // Quote fields with separators, quotes or a leading formula character (CSV injection).
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function summary(path: string, rendered: RenderedCopy, copies: ExportedCopy[], register: ExportPdfResult['register'], formats: readonly ExportFormat[], files: readonly ExportedFile[]): ExportPdfResult {
  const warnings = rendered.missingImages.map((m) => m.message);
  return { path, pageCount: rendered.pageCount, byteSize: statSync(path).size, fonts: toFontUsage(rendered.fontReport), copies, register, ...(warnings.length > 0 ? { warnings } : {}), formats: [...formats], files: [...files] };
}

const noDrafts: ExportDraftSource = {
  getDraft: async () => fail('DRAFT_NOT_FOUND'),
};

/** Export services: exportPdf (save dialog → PDF), previewPdf (bytes), listTemplates, checkBriefing (校对). */
/** The save dialog's file type per format. */
const FORMAT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  pdf: { name: 'PDF 文件', extensions: ['pdf'] },
  docx: { name: 'Word 文档', extensions: ['docx'] },
  ofd: { name: 'OFD 文件', extensions: ['ofd'] },
};

/** The save dialog's title for the formats asked. */
function dialogTitle(formats: readonly ExportFormat[]): string {
  const names: Record<ExportFormat, string> = { pdf: 'PDF', docx: 'Word', ofd: 'OFD' };
  return `导出 ${formats.map((f) => names[f]).join('、')}`;
}

/**
 * A file name the renderer suggests for the save dialog, reduced to a safe base name: no folders,
 * no control or reserved characters, ending in the format's extension (.pdf by default). Null when
 * nothing usable is left.
 */
export function safeSuggestedName(name: string, format: ExportFormat = 'pdf'): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '').replace(/^[.\s]+/, '').trim();
  const stem = exportStem(cleaned);
  if (stem === '' || cleaned === '' || (EXPORT_FORMATS as readonly string[]).includes(cleaned.toLowerCase())) return null;
  return new RegExp(`\\.${format}$`, 'i').test(cleaned) ? cleaned : `${stem}.${format}`;
}

interface ExportJob {
  readonly controller: AbortController;
  progress: ExportProgress;
  /** Set while the job waits for the user's answer about existing files. */
  answer?: (replace: boolean) => void;
}

/** Export services and the render worker's lifetime (closed with the service set). */
export type ExportServices = ServiceGroup<'exportPdf' | 'previewPdf' | 'listTemplates' | 'checkBriefing' | 'getExportProgress' | 'cancelExport' | 'confirmExportReplace'> & {
  /** Stops the render worker. */
  closeRenderer(): Promise<void>;
};

export function createExportServices(
  host: ServiceHost,
  drafts: ExportDraftSource = noDrafts,
  /** The renderer to use (tests, the bench); default: a render worker started at the first render. */
  renderer?: Renderer,
): ExportServices {
  // Preview and export render in the worker; this thread only routes (and writes the files).
  let own: Renderer | undefined;
  const render = (): Renderer => renderer ?? (own ??= createRenderer({ engine: host.engine, log: (level, message, error) => host.log(level, message, error) }));
  // Running and recently finished export jobs, by the renderer's job id (finished ones are kept
  // briefly so a last poll sees `done`).
  const jobs = new Map<string, ExportJob>();
  const finish = (id: string | undefined, job: ExportJob) => {
    if (id === undefined) return;
    job.progress = { phase: 'done', done: job.progress.done, total: job.progress.total, cancelled: job.progress.cancelled };
    setTimeout(() => {
      if (jobs.get(id) === job) jobs.delete(id);
    }, 60_000).unref?.();
  };
  // A draft renders with the version it is pinned to while that version is kept (see the template registry).
  const templateFor = (briefing: Briefing): Result<LoadedTemplate> => {
    const used = host.engine.templates.useRef(briefing.template);
    return used.ok ? ok(used.value.loaded) : used;
  };
  return {
    async exportPdf({ draftId, copies, recipients, watermark, fileName, jobId, formats: asked, embedFonts }) {
      const formats = asked ?? ['pdf'];
      const first = formats[0]!;
      const job: ExportJob = { controller: new AbortController(), progress: { phase: 'dialog', done: 0, total: Math.max(copies ?? 1, recipients?.length ?? 0, 1), cancelled: false } };
      if (jobId !== undefined) jobs.set(jobId, job);
      try {
        await drafts.beforeExport?.(draftId);
        const draft = await drafts.getDraft(draftId);
        if (!draft.ok) return draft;
        const loaded = templateFor(draft.value);
        if (!loaded.ok) return loaded;
        // One place and name for all formats: the dialog asks for the first; the others sit beside it.
        const path = await host.dialogs.pickSavePath({
          title: dialogTitle(formats),
          defaultName: (fileName !== undefined ? safeSuggestedName(fileName, first) : null) ?? defaultFileName(draft.value, first),
          filters: [FORMAT_FILTERS[first]],
        });
        if (path === null || job.controller.signal.aborted) return fail('CANCELLED');
        job.progress = { ...job.progress, phase: 'rendering' };
        let refusedSet: ExportConflict[] = [];
        const result = await exportBriefingToFile(host.engine, {
          briefing: draft.value,
          template: loaded.value,
          outPath: path,
          formats,
          signal: job.controller.signal,
          renderer: render(),
          onProgress: (done, total) => {
            job.progress = { ...job.progress, done, total };
          },
          ...(copies !== undefined ? { copies } : {}),
          ...(recipients !== undefined ? { recipients } : {}),
          ...(watermark !== undefined ? { watermark } : {}),
          ...(embedFonts ? { embedFonts: true } : {}),
          // The renderer's dialog lists the files and answers through confirmExportReplace; a
          // caller that cannot be asked (no job id) gets the set only if nothing would be replaced.
          confirmReplace: (conflicts) => {
            if (jobId === undefined) {
              refusedSet = conflicts;
              return Promise.resolve(false);
            }
            return new Promise<boolean>((resolve) => {
              job.answer = (replace) => {
                job.answer = undefined;
                job.progress = { phase: 'rendering', done: job.progress.done, total: job.progress.total, cancelled: job.progress.cancelled };
                resolve(replace);
              };
              job.progress = { ...job.progress, phase: 'confirm', conflicts };
            });
          },
        });
        // Without a job nobody could be asked: say why nothing was written (the dialog can ask).
        if (!result.ok && result.code === 'CANCELLED' && refusedSet.length > 0) {
          return fail('WRITE_FAILED', `（同名的编号文件已存在，未替换：${basename(refusedSet[0]!.path)} 等 ${refusedSet.length} 个。请在“导出选项”中导出，确认后替换）`);
        }
        return result;
      } finally {
        finish(jobId, job);
      }
    },
    async getExportProgress({ jobId }) {
      return ok(jobs.get(jobId)?.progress ?? null);
    },
    async cancelExport({ jobId }) {
      const job = jobs.get(jobId);
      if (job && job.progress.phase !== 'done') {
        job.controller.abort();
        job.progress = { ...job.progress, cancelled: true };
        job.answer?.(false);
      }
      return ok(null);
    },
    async confirmExportReplace({ jobId, replace }) {
      const job = jobs.get(jobId);
      if (!job?.answer) return fail('INVALID_ARGUMENT', '（该导出任务没有在等待确认）');
      job.answer(replace);
      return ok(null);
    },
    async previewPdf({ briefing }) {
      const loaded = templateFor(briefing);
      if (!loaded.ok) return loaded;
      // A newer preview supersedes this one: it then answers CANCELLED (the renderer ignores it).
      const rendered = await render().preview({ briefing, template: loaded.value, copies: [{}], sources: true, now: host.engine.options.clock().getTime() });
      if (!rendered.ok) return rendered;
      const { copy, pdf } = rendered.value;
      return ok({ pdf, pageCount: copy.pageCount, fonts: toFontUsage(copy.fontReport), sources: copy.sources ?? [] });
    },
    async closeRenderer() {
      await own?.close();
      own = undefined;
    },
    async listTemplates() {
      const registry = host.engine.templates;
      const list: TemplateSummary[] = registry.list().flatMap((t) => {
        const resolved = t.valid ? registry.resolve(t.id) : null;
        return resolved?.ok ? [{ id: t.id, name: t.name, version: t.version, description: t.description, traits: templateTraits(resolved.value.template) }] : [];
      });
      return ok(list);
    },
    async checkBriefing({ briefing }) {
      const loaded = templateFor(briefing);
      if (!loaded.ok) return loaded;
      // In the render worker, whose fonts are warm: this thread parses no font for 校对.
      const checked = await render().check({ briefing, template: loaded.value });
      if (!checked.ok) return checked;
      return ok({
        missingGlyphs: checked.value.missing.map((m) => ({ char: m.char, codePoint: m.codePoint, where: [...m.where] })),
        warnings: typographyWarnings(briefing),
        fonts: toFontUsage(checked.value.fonts),
      });
    },
  };
}
