import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { findAppPaths } from '../../main/paths';
import { createEngine, type Engine } from '../../main/engine';
import { userCacheDir } from '../../main/fonts/metrics-cache';
import { exportBriefingToFile, resolveTemplate } from '../../main/services/export';
import type { ExportFormat, ExportPdfResult } from '../../shared/api/export';
import { parseBriefingJson, type Briefing } from '../../shared/briefing';
import { fail, type Failure } from '../../shared/errors';
import { isTemplateId, printable } from '../../shared/validation';
import { parseArgs } from 'node:util';
import { CliUserError, type CliCommand, type CliIo } from '../io';

/** One line: a failure's message without its line breaks. */
export function oneLine(failure: Failure): string {
  return failure.message.replace(/\s*\n+\s*/g, '；').replace(/；$/, '');
}

/** The clock: SOURCE_DATE_EPOCH (seconds) pins it for reproducible output. */
export function clockFrom(env: CliIo['env']): () => Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) {
    const pinned = new Date(Number(epoch) * 1000);
    return () => pinned;
  }
  return () => new Date();
}

/** Reads and validates a briefing JSON file, or throws a one-line user error. */
export function readBriefing(path: string): Briefing {
  const shown = printable(path, 300);
  if (!existsSync(path)) throw new CliUserError(`找不到文件：${shown}`);
  let text: string;
  try {
    if (statSync(path).size > MAX_BRIEFING_BYTES) throw new CliUserError(`${shown}：文件过大（上限 ${MAX_BRIEFING_BYTES / 1024 / 1024} MB），不是简报文件`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CliUserError) throw error;
    throw new CliUserError(`无法读取文件：${shown}`);
  }
  // Safe JSON (size, nesting, syntax located in Chinese, prototype keys), then the schema.
  const parsed = parseBriefingJson(text);
  if (!parsed.ok) throw new CliUserError(`${shown}：${printable(oneLine(parsed), 1500)}`);
  return parsed.value;
}

/** Largest briefing file the CLI reads (a briefing is text: a few hundred KB at most). */
const MAX_BRIEFING_BYTES = 20 * 1024 * 1024;

/**
 * The template of an export: `-t` may name an id or a template file; without it, the draft's own
 * template id — data from the file, so it is looked up in the registry by id only and never
 * opened as a path, whatever it contains.
 */
function exportTemplate(engine: Engine, briefing: Briefing, option: string | undefined, cwd: string) {
  if (option !== undefined) return resolveTemplate(engine, option, cwd);
  const id = briefing.template.id;
  if (!isTemplateId(id)) return fail('UNKNOWN_TEMPLATE', `（简报记录的模板标识“${printable(id, 80)}”无效：只能用小写字母、数字和连字符；可用 -t 指定模板）`);
  return engine.templates.resolve(id);
}

/** Options of `runExport`. */
export interface RunExportOptions {
  readonly briefing: Briefing;
  readonly out: string;
  readonly template?: string;
  readonly copies?: number;
  readonly recipients?: readonly string[];
  readonly outDir?: string;
  readonly watermark?: string;
  readonly pdfa?: boolean;
  /** Word: embed the fonts drawn (subsets) instead of naming the official ones. */
  readonly embedFonts?: boolean;
  /** Formats to write (default: PDF only). */
  readonly formats?: readonly ExportFormat[];
}

/** Exports through the same function as the app's export service; prints a short report. */
export async function runExport(io: CliIo, options: RunExportOptions): Promise<ExportPdfResult> {
  const paths = findAppPaths(import.meta.dirname);
  const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: resolve(io.cwd, '.briefsmith-cli'), cacheDir: userCacheDir(io.env), clock: clockFrom(io.env), appVersion: paths.version });
  const loaded = exportTemplate(engine, options.briefing, options.template, io.cwd);
  if (!loaded.ok) throw new CliUserError(oneLine(loaded));
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const result = await exportBriefingToFile(engine, {
      briefing: options.briefing,
      template: loaded.value,
      outPath: resolve(io.cwd, options.out),
      // Every format in one export, as the app does: each numbered copy laid out once and written
      // in each format, with the export's 共印N份 and 印发日期.
      formats: options.formats ?? ['pdf'],
      ...(options.copies !== undefined ? { copies: options.copies } : {}),
      ...(options.recipients !== undefined ? { recipients: options.recipients } : {}),
      ...(options.outDir !== undefined ? { outDir: resolve(io.cwd, options.outDir) } : {}),
      ...(options.watermark !== undefined ? { watermark: options.watermark } : {}),
      ...(options.pdfa ? { pdfa: true } : {}),
      ...(options.embedFonts ? { embedFonts: true } : {}),
      signal: controller.signal,
      onProgress: (done, total) => {
        if (total > 1) io.err(`\r已导出 ${done}/${total} 份`);
        if (total > 1 && done === total) io.err('\n');
      },
    });
    if (!result.ok) throw new CliUserError(oneLine(result));
    const r = result.value;
    if (r.copies.length === 0) {
      // One file per format, in the order asked.
      for (const file of r.files ?? [{ format: 'pdf', path: r.path, copyNumber: null }]) io.out(`已导出：${file.path}（${r.pageCount} 页，${Math.round(statSync(file.path).size / 1024)} KB）\n`);
    } else {
      io.out(`已导出：${r.path}（${r.pageCount} 页，${Math.round(r.byteSize / 1024)} KB）\n`);
      const formats = r.formats ?? ['pdf'];
      const each = formats.length > 1 || formats[0] !== 'pdf' ? `（每份 ${formats.map((f) => formatName[f]).join('、')}）` : '';
      io.out(`编号副本 ${r.copies.length} 份${each}，分发登记表：${r.register?.pdf ?? ''}、${r.register?.csv ?? ''}\n`);
    }
    io.out(`字体：${r.fonts.map((f) => `${roleName[f.role]}=${f.family}（${originName[f.origin]}）`).join('，')}\n`);
    for (const warning of r.warnings ?? []) io.err(`警告：${warning}\n`);
    return r;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

const roleName = { xiaobiaosong: '小标宋', songti: '宋体', fangsong: '仿宋', heiti: '黑体', kaiti: '楷体', fallback: '后备' } as const;
const formatName = { pdf: 'PDF', docx: 'Word', ofd: 'OFD' } as const;
const originName = { user: '用户指定', template: '模板指定', system: '系统字体', bundled: '内置开源字体' } as const;


/** `briefsmith export <draft.json> -o out.pdf …`: exports a briefing file with a template. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: { zh: '把简报文件导出为 PDF、Word 或 OFD（可按份编号）', en: 'export a briefing JSON file as PDF, .docx or .ofd (optionally numbered copies)' },
  usage: `用法 Usage: briefsmith export <简报.json> -o <输出.pdf> [选项]
  -o, --output        输出文件（必填；Word、OFD 文件与它同名，扩展名为 .docx、.ofd）
  --format 格式       pdf、docx、ofd，可用逗号同时导出多种，如 --format pdf,docx,ofd（默认 pdf）
  -t, --template      模板标识（如 gongzuo-jianbao）或模板文件路径；默认用简报中记录的模板
  --copies N          导出 N 份编号副本（份号 000001 起），并生成分发登记表
  --recipients 文件   每行一个接收人；每份副本以接收人姓名作水印
  --out-dir 目录      编号副本与登记表的输出目录（默认：输出文件所在目录）
  --watermark 文字    水印文字，如“征求意见稿”
  --pdfa              输出 PDF/A-2b
  --embed-fonts       Word 文件嵌入所用字体（按文中字符裁剪），未装公文字体的电脑也按原样显示`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        output: { type: 'string', short: 'o' },
        template: { type: 'string', short: 't' },
        copies: { type: 'string' },
        recipients: { type: 'string' },
        'out-dir': { type: 'string' },
        watermark: { type: 'string' },
        pdfa: { type: 'boolean' },
        'embed-fonts': { type: 'boolean' },
        format: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [input, ...extra] = positionals;
    if (input === undefined) throw new CliUserError('缺少简报文件。用法：briefsmith export <简报.json> -o <输出.pdf>');
    if (extra.length > 0) throw new CliUserError(`多余的参数：${printable(extra.join(' '), 120)}`);
    if (!values.output) throw new CliUserError('缺少输出文件，请用 -o 指定，如 -o 简报.pdf');
    let copies: number | undefined;
    if (values.copies !== undefined) {
      if (!/^\d+$/.test(values.copies) || Number(values.copies) < 1 || Number(values.copies) > 10_000) {
        throw new CliUserError(`份数应为 1 到 10000 的整数：${printable(values.copies, 40)}`);
      }
      copies = Number(values.copies);
    }
    let recipients: string[] | undefined;
    if (values.recipients !== undefined) {
      const file = resolve(io.cwd, values.recipients);
      if (!existsSync(file)) throw new CliUserError(`找不到接收人名单：${printable(file, 300)}`);
      recipients = readFileSync(file, 'utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
      if (recipients.length === 0) throw new CliUserError(`接收人名单为空：${printable(file, 300)}`);
    }
    const formats = (values.format ?? 'pdf').split(/[,，\s]+/).filter((f) => f !== '');
    for (const f of formats) if (f !== 'pdf' && f !== 'docx' && f !== 'ofd') throw new CliUserError(`未知格式“${printable(f, 20)}”：可用 pdf、docx、ofd`);
    if (formats.length === 0) throw new CliUserError('--format 需要至少一种格式：pdf、docx、ofd');
    if (values['embed-fonts'] && !formats.includes('docx')) throw new CliUserError('--embed-fonts 只用于 Word 文件：请同时指定 --format docx');
    const briefing = readBriefing(resolve(io.cwd, input));
    await runExport(io, {
      briefing,
      out: values.output,
      ...(values.template !== undefined ? { template: values.template } : {}),
      ...(copies !== undefined ? { copies } : {}),
      ...(recipients !== undefined ? { recipients } : {}),
      ...(values['out-dir'] !== undefined ? { outDir: values['out-dir'] } : {}),
      ...(values.watermark !== undefined ? { watermark: values.watermark } : {}),
      ...(values.pdfa ? { pdfa: true } : {}),
      ...(values['embed-fonts'] ? { embedFonts: true } : {}),
      formats: [...new Set(formats)] as ExportFormat[],
    });
    return 0;
  },
};
