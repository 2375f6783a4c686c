import { existsSync, mkdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { renderBriefingPdf } from '../../core/pdf';
import { formatIssue, pathProblem, sampleBriefing, summaryLine, withTemplate } from '../../core/template';
import { findAppPaths } from '../../main/paths';
import { createEngine, type Engine } from '../../main/engine';
import { assetDirsOf, toFontUsage } from '../../main/services/export';
import type { TemplateRegistry } from '../../main/templates';
import { copyInto, writeFileAtomic } from '../../main/templates/files';
import type { TemplateCheckReport } from '../../shared/api/templates';
import type { Briefing } from '../../shared/briefing';
import { FONT_ROLES } from '../../shared/template';
import { isTemplateId, printable } from '../../shared/validation';
import { CliUserError, type CliCommand, type CliIo } from '../io';
import { clockFrom, oneLine, readBriefing } from './export';

/** One preview rendering, as reported to tests and to the terminal. */
export interface PreviewRender {
  readonly ok: boolean;
  /** Milliseconds from the change being seen (or the start) to the PDF being written. */
  readonly ms: number;
  readonly pages: number;
  readonly errors: number;
  /** The number of this rendering (1 = the first). */
  readonly n: number;
}

/** Hooks for tests: stop a `--watch` run, observe each rendering. */
export interface TemplateCommandOptions {
  readonly signal?: AbortSignal;
  readonly onRender?: (render: PreviewRender) => void;
  /** Debounce of file-change events, ms (editors write a file in several steps). */
  readonly debounceMs?: number;
}

const USAGE = `用法 Usage:
  briefsmith template check <模板.json> [--json]
      检查模板：列出全部问题（文件、JSON 路径、行、列、原因与改法）；有错误时退出码为 1
  briefsmith template preview <模板.json> -o <预览.pdf> [--draft <简报.json>] [--watch]
      用模板的示例内容（或 --draft 指定的简报）生成 PDF；--watch 在每次保存后 300 毫秒内重新生成
  briefsmith template new <标识> --from <模板名称或标识> [--name <名称>] [--extends] [-o <文件或目录>] [--force]
      基于已有模板（如 --from 工作简报）新建模板文件；--extends 只写继承关系和不同之处
  briefsmith template list
      列出内置模板和用户模板`;

/** `briefsmith template …` with injectable hooks (tests stop `--watch` through `signal`). */
export function createTemplateCommand(options: TemplateCommandOptions = {}): CliCommand {
  return {
    name: 'template',
    summary: { zh: '模板维护：检查、预览（可自动刷新）、新建、列出', en: 'template maintenance: check, preview (with --watch), new, list' },
    usage: USAGE,
    async run(args, io) {
      const [sub, ...rest] = args;
      switch (sub) {
        case 'check':
          return check(rest, io);
        case 'preview':
          return preview(rest, io, options);
        case 'new':
          return create(rest, io);
        case 'list':
          return list(io);
        case undefined:
          throw new CliUserError(`缺少子命令。\n${USAGE}`);
        default:
          throw new CliUserError(`未知的子命令“${printable(sub, 60)}”。可用：check、preview、new、list（briefsmith template --help 查看用法）`);
      }
    },
  };
}

/** `briefsmith template` as registered in the command list. */
export const templateCommand: CliCommand = createTemplateCommand();

function registryFor(io: CliIo): { registry: TemplateRegistry; engine: Engine; templatesDir: string } {
  const paths = findAppPaths(import.meta.dirname);
  const dataDir = io.env.BRIEFSMITH_DATA_DIR ? resolve(io.cwd, io.env.BRIEFSMITH_DATA_DIR) : resolve(io.cwd, '.briefsmith-cli');
  // The CLI reads user templates (for extends by id) but never writes into the data folder.
  const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir, clock: clockFrom(io.env), appVersion: paths.version, keepTemplateVersions: false });
  return { registry: engine.templates, engine, templatesDir: paths.templatesDir };
}

/** Paths in messages: relative to the working directory when below it; control characters removed. */
function display(io: CliIo, file: string): string {
  const rel = relative(io.cwd, file);
  return printable(rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file, 300);
}

function printReport(io: CliIo, report: TemplateCheckReport): void {
  const shown = { ...report, file: display(io, report.file) };
  // Messages quote the template's own text (keys, values): each part is made printable on one line.
  for (const i of report.issues) io.err(`${formatIssue({ ...i, file: display(io, i.file), path: printable(i.path, 200), message: printable(i.message, 1000), hint: printable(i.hint, 1000) })}\n`);
  (report.errors > 0 ? io.err : io.out)(`${summaryLine(shown)}\n`);
}

function inputFile(io: CliIo, positional: string | undefined, usage: string): string {
  if (positional === undefined) throw new CliUserError(`缺少模板文件。用法：${usage}`);
  const file = resolve(io.cwd, positional);
  if (!existsSync(file)) throw new CliUserError(`找不到文件：${display(io, file)}`);
  if (statSync(file).isDirectory()) {
    const inside = join(file, 'template.json');
    if (existsSync(inside)) return inside;
    throw new CliUserError(`这是一个文件夹，其中没有 template.json：${display(io, file)}`);
  }
  return file;
}

async function check(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length > 1) throw new CliUserError(`多余的参数：${printable(positionals.slice(1).join(' '), 120)}`);
  const file = inputFile(io, positionals[0], 'briefsmith template check <模板.json>');
  const { registry } = registryFor(io);
  const { report } = registry.check(file, { fresh: true });
  if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(io, report);
  return report.errors > 0 ? 1 : 0;
}

async function list(io: CliIo): Promise<number> {
  const { registry } = registryFor(io);
  for (const t of registry.list()) {
    const state = t.valid ? (t.warnings > 0 ? `可用（${t.warnings} 处警告）` : '可用') : `有 ${t.errors} 处错误`;
    io.out(`${t.id.padEnd(20)} ${t.name}  ${t.version}  ${t.origin === 'builtin' ? '内置' : '用户'}${t.extends ? `  继承 ${t.extends}` : ''}  ${state}\n`);
  }
  return 0;
}

async function create(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { from: { type: 'string' }, name: { type: 'string' }, extends: { type: 'boolean' }, output: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [id, ...extra] = positionals;
  if (id === undefined) throw new CliUserError('缺少新模板的标识。用法：briefsmith template new <标识> --from 工作简报');
  // The id names the output file: checked before it is used in a path.
  if (!isTemplateId(id)) throw new CliUserError(`模板标识“${printable(id, 80)}”无效：只能用小写字母、数字和连字符，如 shiwei-jianbao`);
  if (extra.length > 0) throw new CliUserError(`多余的参数：${printable(extra.join(' '), 120)}`);
  if (!values.from) throw new CliUserError('请用 --from 指定基于哪个模板，如 --from 工作简报 或 --from gongzuo-jianbao');
  let out = resolve(io.cwd, values.output ?? `${id}.json`);
  if (existsSync(out) && statSync(out).isDirectory()) out = join(out, `${id}.json`);
  if (existsSync(out) && !values.force) throw new CliUserError(`文件已存在：${display(io, out)}（加 --force 覆盖）`);
  const { registry, templatesDir } = registryFor(io);
  let schema = relative(dirname(out), join(templatesDir, 'template.schema.json')).split(sep).join('/');
  if (!schema.startsWith('.')) schema = `./${schema}`;
  const text = registry.newTemplateText(values.from, { id, ...(values.name ? { name: values.name } : {}), mode: values.extends ? 'extends' : 'copy', schema });
  if (!text.ok) throw new CliUserError(oneLine(text));
  try {
    mkdirSync(dirname(out), { recursive: true });
  } catch {
    throw new CliUserError(`无法创建目录：${dirname(out)}`);
  }
  const written = writeFileAtomic(out, text.value.text);
  if (!written.ok) throw new CliUserError(oneLine(written));
  // A full copy brings the fonts and logo it names, next to it (an existing file is left alone).
  for (const asset of text.value.assets) {
    const to = resolve(dirname(out), asset.file);
    if (existsSync(to)) continue;
    const copied = copyInto(asset.from, to);
    if (!copied.ok) throw new CliUserError(oneLine(copied));
    io.out(`已复制：${display(io, to)}\n`);
  }
  const checked = registry.check(out, { fresh: true });
  io.out(`已创建模板：${display(io, out)}（${checked.report.name ?? id}，基于“${values.from}”${values.extends ? '，用 extends 继承' : ''}）\n`);
  if (!checked.report.ok) printReport(io, checked.report);
  io.out(`下一步：修改后运行 briefsmith template preview ${display(io, out)} -o 预览.pdf --watch\n`);
  return checked.report.ok ? 0 : 1;
}

async function preview(args: string[], io: CliIo, options: TemplateCommandOptions): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { output: { type: 'string', short: 'o' }, draft: { type: 'string' }, watch: { type: 'boolean', short: 'w' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new CliUserError(`多余的参数：${printable(positionals.slice(1).join(' '), 120)}`);
  const file = inputFile(io, positionals[0], 'briefsmith template preview <模板.json> -o <预览.pdf>');
  if (!values.output) throw new CliUserError('缺少输出文件，请用 -o 指定，如 -o 预览.pdf');
  const out = resolve(io.cwd, values.output);
  const draftFile = values.draft !== undefined ? resolve(io.cwd, values.draft) : undefined;
  if (draftFile !== undefined && !existsSync(draftFile)) throw new CliUserError(`找不到简报文件：${display(io, draftFile)}`);
  const { registry, engine } = registryFor(io);
  let count = 0;
  let watched: string[] = [file, ...(draftFile ? [draftFile] : [])];

  /** Checks and renders once; in watch mode problems are printed, not thrown. */
  const renderOnce = async (started: number): Promise<PreviewRender> => {
    count += 1;
    const checked = registry.check(file, { fresh: true });
    watched = [...new Set([...checked.report.chain, file, ...(draftFile ? [draftFile] : [])])];
    const stamp = values.watch ? `[${clock()}] ` : '';
    if (!checked.template) {
      printReport(io, checked.report);
      return { ok: false, ms: performance.now() - started, pages: 0, errors: checked.report.errors, n: count };
    }
    let briefing: Briefing;
    if (draftFile) {
      try {
        briefing = withTemplate(readBriefing(draftFile), checked.template);
      } catch (error) {
        if (!(error instanceof CliUserError)) throw error;
        io.err(`${stamp}错误：${error.message}\n`);
        return { ok: false, ms: performance.now() - started, pages: 0, errors: 1, n: count };
      }
    } else briefing = sampleBriefing(checked.template);
    // The fonts and the logo the template brings are watched too: replacing the logo re-renders.
    const assets = [...FONT_ROLES.flatMap((role) => checked.template!.fonts[role].files), ...(checked.template.masthead.logo ? [checked.template.masthead.logo.file] : [])];
    watched = [...new Set([...watched, ...assets.filter((a) => !pathProblem(a)).map((a) => resolve(dirname(file), a))])];
    const loaded = { template: checked.template, dir: dirname(file), file, assetDirs: assetDirsOf(file, checked.report.chain) };
    const rendered = await renderBriefingPdf(briefing, checked.template, engine.hostFor(loaded));
    if (!rendered.ok) {
      io.err(`${stamp}错误：${oneLine(rendered)}\n`);
      return { ok: false, ms: performance.now() - started, pages: 0, errors: 1, n: count };
    }
    const written = writeFileAtomic(out, rendered.value.pdf);
    if (!written.ok) {
      io.err(`${stamp}错误：${oneLine(written)}\n`);
      return { ok: false, ms: performance.now() - started, pages: 0, errors: 1, n: count };
    }
    const ms = performance.now() - started;
    const fonts = toFontUsage(rendered.value.fontReport).map((f) => `${f.role}=${f.family}`).join('，');
    io.out(`${stamp}已生成预览：${display(io, out)}（${rendered.value.pageCount} 页，${Math.round(ms)} 毫秒${count === 1 ? `；字体：${fonts}` : ''}）\n`);
    for (const w of checked.report.issues.filter((i) => i.severity === 'warning')) io.err(`${formatIssue({ ...w, file: display(io, w.file) })}\n`);
    for (const m of rendered.value.missingImages) io.err(`${stamp}警告：${m.message}\n`);
    return { ok: true, ms, pages: rendered.value.pageCount, errors: 0, n: count };
  };

  if (!values.watch) {
    const first = await renderOnce(performance.now());
    options.onRender?.(first);
    return first.ok ? 0 : 1;
  }
  // Watching: whatever one rendering meets (a broken, hostile or half-saved file, even a bug) is
  // reported and the watch goes on; the next save renders again.
  const guarded = async (started: number): Promise<PreviewRender> => {
    try {
      return await renderOnce(started);
    } catch (error) {
      const detail = error instanceof CliUserError ? error.message : `程序内部错误（${printable(error instanceof Error ? error.message : String(error), 200)}）`;
      io.err(`[${clock()}] 错误：${detail}；修改并保存后将重新生成\n`);
      return { ok: false, ms: performance.now() - started, pages: 0, errors: 1, n: count };
    }
  };
  const first = await guarded(performance.now());
  options.onRender?.(first);
  return watchAndRender(io, () => watched, guarded, options);
}

/**
 * Re-renders after each change of a watched file: the folders are watched (editors save by
 * writing a temp file and renaming it over the original), events are debounced, and a change
 * during a rendering queues exactly one more. Ends on Ctrl+C (or the test's signal).
 */
async function watchAndRender(io: CliIo, files: () => string[], render: (started: number) => Promise<PreviewRender>, options: TemplateCommandOptions): Promise<number> {
  const debounce = options.debounceMs ?? 30;
  const watchers = new Map<string, FSWatcher>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let pending: number | undefined;
  let firstSeen: number | undefined;

  const run = async () => {
    if (running) return;
    running = true;
    while (pending !== undefined) {
      const started = pending;
      pending = undefined;
      const result = await render(started);
      options.onRender?.(result);
      sync();
    }
    running = false;
  };
  const changed = () => {
    firstSeen ??= performance.now();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      pending = firstSeen;
      firstSeen = undefined;
      void run();
    }, debounce);
  };
  const sync = () => {
    const wanted = new Map<string, Set<string>>();
    for (const f of files()) {
      const dir = dirname(f);
      if (!wanted.has(dir)) wanted.set(dir, new Set());
      wanted.get(dir)!.add(basename(f));
    }
    for (const [dir, watcher] of watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const [dir] of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, (_event, name) => {
          const names = new Map<string, Set<string>>();
          for (const f of files()) names.set(dirname(f), (names.get(dirname(f)) ?? new Set()).add(basename(f)));
          if (name === null || names.get(dir)?.has(String(name))) changed();
        });
        watcher.on('error', () => undefined);
        watchers.set(dir, watcher);
      } catch {
        io.err(`警告：无法监视目录 ${dir}\n`);
      }
    }
  };
  sync();
  io.out(`正在监视 ${files().map((f) => display(io, f)).join('、')}，保存后自动重新生成预览（按 Ctrl+C 结束）\n`);
  await new Promise<void>((done) => {
    const stop = () => done();
    if (options.signal) {
      if (options.signal.aborted) return done();
      options.signal.addEventListener('abort', stop, { once: true });
    } else process.once('SIGINT', stop);
  });
  if (timer) clearTimeout(timer);
  for (const w of watchers.values()) w.close();
  while (running) await new Promise((r) => setTimeout(r, 10));
  io.out('已停止监视。\n');
  return 0;
}

function clock(): string {
  const d = new Date();
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}
