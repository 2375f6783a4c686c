import { parseArgs } from 'node:util';
import { formatCitation, type LibraryIndex } from '../../core/library';
import {
  isKnownCity,
  isLibraryTheme,
  kindLabels,
  knownCities,
  knownPlaces,
  libraryThemes,
  qualifierLabels,
  qualifiers,
  type ItemKind,
  type LibraryFilters,
  type LibraryItem,
  type Qualifier,
} from '../../shared/library';
import { isUserError } from '../../shared/errors';
import { loadLibrary } from '../../main/library';
import { findAppPaths } from '../../main/paths';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Candidate } from '../../core/extract';
import { printable } from '../../shared/validation';
import { CliUserError, type CliCommand, type CliIo } from '../io';

const USAGE = `用法 Usage:
  briefsmith library search <查询> [筛选] [--limit 20] [--json]   在资料库中查找（中文、拼音或拼音首字母）
  briefsmith library list [筛选] [--json]                        列出全部条目（或筛选后的条目）
  briefsmith library show <条目编号> [--json]                     显示一条的原文、数值与出处
  briefsmith library extract <文件> [--json]                      从 .txt/.docx/.pdf/.html 中提取候选指标与措施（待人工确认）
  briefsmith library import <文件> [--accept 选择] [--title 篇名] [--outlet 出处] [--date 2025-01-15] [--json] [--data-dir 目录]
        读入 .txt/.docx/.pdf/.html，提取候选条目并列出编号；--accept 选中的条目收入用户资料库
  briefsmith library sources [--json] [--data-dir 目录]        列出用户资料库中的来源（编号供 pack export --source 使用）
  briefsmith library pack export <资料包.bspack> [--source 来源编号 …] [--by 姓名] [--unit 编印单位] [--data-dir 目录]
        把用户资料库的来源（缺省为全部）及其条目导出为一个资料包，注明制作人与时间
  briefsmith library pack import <资料包.bspack> [--preview] [--on-conflict skip|keep-both|replace] [--source 来源编号 …] [--json] [--data-dir 目录]
        导入资料包：先校验，重复的来源和条目不再收入，数值冲突逐条列出；全部收入或全部不收入

--accept 选择（可重复，也可用逗号连写，取并集）:
  all          全部候选指标和措施
  high         置信度高（≥0.8）的候选
  medium       置信度中等及以上（≥0.5）的候选
  none         只收入来源本身，不收条目
  3,5,8-12     按 import 列出的编号（从 1 起）
  不给 --accept 时只列出候选，不写入任何内容。同一文件再次导入时认作同一来源，已收入的条目不会重复。

--on-conflict（资料包中的数值与资料库中同一指标、地点、性质、年份的数值不同时）:
  skip         保留资料库中的数值，不导入资料包的这一条（缺省）
  keep-both    两条都保留
  replace      导入资料包的这一条，并删除用户资料库中与之冲突的条目（内置资料不删）

数据目录 Data folder: --data-dir 目录，否则环境变量 BRIEFSMITH_DATA_DIR，否则当前目录下的 .briefsmith-cli
  （与 briefsmith export、template 相同）；用户资料库在 <数据目录>/library/user-library.json。
  search、list、show 也查用户资料库（数据目录中有时）。

筛选 Filters（可重复）:
  --city 杭州        城市：${knownCities.join('、')}
  --district 萧山区  区、县（市）
  --kind indicator   类型：indicator（指标）或 measure（措施）
  --theme 人才       主题：${libraryThemes.join('、')}
  --qualifier target 性质：target（目标）、actual（实际）、comparison（对比）、threshold（门槛）
  --year 2025        年份
  --source <标识>    来源文章
  --metric <指标键>  指标键，如 tech-transfer-rate

示例 Examples:
  briefsmith library search 研发投入
  briefsmith library search hzrc --kind indicator
  briefsmith library search 技术转化率 --city 南京 --json
  briefsmith library list --json
  briefsmith library import 政府工作报告.docx                 列出候选及编号（不写入）
  briefsmith library import 政府工作报告.docx --accept high,12 --data-dir ~/简报数据
  briefsmith library pack export 南京资料.bspack --by 张三 --unit 南京市发展和改革委员会
  briefsmith library pack import 南京资料.bspack --preview`;

const OPTIONS = {
  city: { type: 'string', multiple: true },
  district: { type: 'string', multiple: true },
  kind: { type: 'string', multiple: true },
  theme: { type: 'string', multiple: true },
  qualifier: { type: 'string', multiple: true },
  year: { type: 'string', multiple: true },
  source: { type: 'string', multiple: true },
  metric: { type: 'string', multiple: true },
  limit: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const KIND_ALIASES: Record<string, ItemKind> = { indicator: 'indicator', measure: 'measure', 指标: 'indicator', 措施: 'measure' };
const QUALIFIER_ALIASES: Record<string, Qualifier> = Object.fromEntries([
  ...qualifiers.map((q) => [q, q] as const),
  ...qualifiers.map((q) => [qualifierLabels[q], q] as const),
]);

/** Turns the filter options into search filters, refusing unknown values with one Chinese line. */
function toFilters(values: Values, index: LibraryIndex): LibraryFilters {
  const filters: { -readonly [K in keyof LibraryFilters]: LibraryFilters[K] } = {};
  if (values.city) {
    for (const c of values.city) if (!isKnownCity(c)) throw new CliUserError(`未知城市“${c}”。可选：${knownCities.join('、')}。`);
    filters.cities = values.city;
  }
  if (values.district) {
    const all = knownPlaces.flatMap((p) => p.districts);
    for (const d of values.district) if (!all.includes(d)) throw new CliUserError(`未知区、县（市）“${d}”。可选：${all.join('、')}。`);
    filters.districts = values.district;
  }
  if (values.kind) {
    filters.kinds = values.kind.map((k) => {
      const kind = KIND_ALIASES[k];
      if (!kind) throw new CliUserError(`未知类型“${k}”。可选：indicator（指标）、measure（措施）。`);
      return kind;
    });
  }
  if (values.theme) {
    for (const t of values.theme) if (!isLibraryTheme(t)) throw new CliUserError(`未知主题“${t}”。可选：${libraryThemes.join('、')}。`);
    filters.themes = values.theme;
  }
  if (values.qualifier) {
    filters.qualifiers = values.qualifier.map((q) => {
      const qualifier = QUALIFIER_ALIASES[q];
      if (!qualifier) throw new CliUserError(`未知性质“${q}”。可选：target（目标）、actual（实际）、comparison（对比）、threshold（门槛）。`);
      return qualifier;
    });
  }
  if (values.year) {
    filters.years = values.year.map((y) => {
      if (!/^\d{4}$/.test(y)) throw new CliUserError(`年份“${y}”无效，应为四位数字，如 2025。`);
      return Number(y);
    });
  }
  if (values.source) {
    for (const s of values.source) {
      if (!index.getSource(s)) throw new CliUserError(`未知来源“${s}”。可选：${index.catalog.sources.map((x) => x.id).join('、')}。`);
    }
    filters.sourceIds = values.source;
  }
  if (values.metric) {
    for (const m of values.metric) if (!index.getMetric(m)) throw new CliUserError(`未知指标键“${m}”（briefsmith library list --json 可查看全部指标键）。`);
    filters.metrics = values.metric;
  }
  return filters;
}

/** parseArgs with its (English) parse errors turned into one Chinese line. */
function parseOptions(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const option = /'(-[^']*)'/.exec((error as Error).message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliUserError(`未知选项“${option}”（briefsmith library --help 查看用法）。`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new CliUserError(`选项 ${option.split(' ')[0]} 需要一个值（briefsmith library --help 查看用法）。`);
    throw error;
  }
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 20;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 500) throw new CliUserError(`--limit “${text}”无效，应为 1 到 500 的整数。`);
  return n;
}

/** One item in Chinese for the terminal: heading line, quote, citation, id. */
function describe(item: LibraryItem, index: LibraryIndex, n?: number): string {
  const place = item.district ? `${item.city}${item.district}` : item.city;
  const facts: string[] = [];
  if (item.year !== undefined) facts.push(`${item.year}年${item.yearBasis === 'implied' ? '（年份据上下文推定）' : ''}`);
  if (item.qualifier) facts.push(qualifierLabels[item.qualifier]);
  const figure = item.kind === 'indicator' ? `：${item.valueText}` : '';
  const head = `${n === undefined ? '' : `${n}. `}[${kindLabels[item.kind]}] ${place} · ${item.subject}${figure}${facts.length ? ` · ${facts.join(' · ')}` : ''}`;
  const source = index.getSource(item.sourceId);
  const indent = n === undefined ? '' : '   ';
  const lines = [head, `${indent}原文：${item.quote}`];
  if (source) lines.push(`${indent}出处：${formatCitation(source, { paragraph: item.paragraph })}`);
  if (item.note) lines.push(`${indent}说明：${item.note}`);
  lines.push(`${indent}编号：${item.id}`);
  return lines.join('\n');
}

function load(resourcesDir: () => string): LibraryIndex {
  try {
    return loadLibrary(resourcesDir()).index;
  } catch (error) {
    if (isUserError(error)) throw new CliUserError(error.message);
    throw error;
  }
}

/**
 * The bundled library, with the user library of the data folder beside it when that folder has
 * one (read only: a damaged file is reported and left where it is, never moved by a search).
 */
async function loadWithUser(resourcesDir: () => string, io: CliIo, dataDirOption: string | undefined): Promise<LibraryIndex> {
  const dataDir = dataDirOf(io, dataDirOption);
  // Most searches have no user library: then nothing of the user-library code is loaded.
  if (!existsSync(join(dataDir, 'library', 'user-library.json'))) return load(resourcesDir);
  const { readUserLibraryIfAny } = await import('./library-sources');
  const user = readUserLibraryIfAny(dataDir, io);
  if (user === null) return load(resourcesDir);
  const { createLibraryIndex } = await import('../../core/library');
  const { mergeLibraryData } = await import('../../main/user-library/merge');
  try {
    return createLibraryIndex(mergeLibraryData(loadLibrary(resourcesDir()).data, user));
  } catch (error) {
    if (isUserError(error)) throw new CliUserError(error.message);
    throw error;
  }
}

/** The data folder: --data-dir, else BRIEFSMITH_DATA_DIR, else ./.briefsmith-cli (as export and template). */
export function dataDirOf(io: CliIo, option: string | undefined): string {
  if (option !== undefined) return resolve(io.cwd, option);
  return io.env.BRIEFSMITH_DATA_DIR ? resolve(io.cwd, io.env.BRIEFSMITH_DATA_DIR) : resolve(io.cwd, '.briefsmith-cli');
}

/** The candidate as the CLI contract prints it (checks outside the project read these fields). */
function contractCandidate(c: Candidate) {
  return {
    kind: c.kind,
    quote: c.quote,
    valueText: c.valueText,
    value: c.value,
    ...(c.valueHigh !== undefined ? { valueHigh: c.valueHigh } : {}),
    unit: c.unit,
    baseValue: c.baseValue,
    baseUnit: c.baseUnit,
    qualifier: c.qualifier,
    bound: c.bound,
    year: c.year,
    city: c.city,
    district: c.district,
    subject: c.subject,
    ...(c.name !== undefined ? { name: c.name } : {}),
    paragraph: c.paragraph,
    offset: c.offset,
    confidence: c.confidence,
  };
}

/** `library extract <file>`: reads a source and prints its candidates (one JSON object with --json). */
async function extract(rest: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(rest);
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new CliUserError('请给出一个文件，如 briefsmith library extract 政府工作报告.docx --json。');
  const { readSource } = await import('../../main/sources');
  const { extractCandidates, documentPlace } = await import('../../core/extract');
  const read = await readSource(resolve(io.cwd, file));
  if (!read.ok) throw new CliUserError(`${printable(file, 200)}：${read.message}`);
  const source = read.value;
  const year = source.date ? Number(source.date.slice(0, 4)) : null;
  const candidates = extractCandidates(source.paragraphs, { year, city: documentPlace(source.title ?? '', source.paragraphs) }).filter((c) => c.kind !== 'name');
  if (values.json) {
    io.out(`${JSON.stringify({ source: { title: source.title, date: source.date, publisher: source.publisher, docNumber: source.docNumber, paragraphs: source.paragraphs }, candidates: candidates.map(contractCandidate) })}\n`);
    return 0;
  }
  io.out(`${source.title ?? '（无标题）'}${source.date ? ` · ${source.date}` : ''} · ${source.paragraphs.length} 段\n`);
  const indicators = candidates.filter((c) => c.kind === 'indicator');
  const measures = candidates.filter((c) => c.kind === 'measure');
  io.out(`候选指标 ${indicators.length} 条，候选措施 ${measures.length} 条（待人工确认）：\n`);
  for (const c of indicators) io.out(`[指标] ${c.city ?? ''}${c.district ?? ''} · ${c.subject ?? ''}：${c.valueText}${c.qualifier ? ` · ${qualifierLabels[c.qualifier]}` : ''}${c.year ? ` · ${c.year}年` : ''}（第${c.paragraph}段）\n`);
  for (const c of measures) io.out(`[措施] ${c.city ?? ''} · ${c.name ?? c.subject ?? ''}（第${c.paragraph}段）\n`);
  return 0;
}

async function run(args: string[], io: CliIo, resourcesDir: () => string): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) throw new CliUserError('缺少子命令：search、list、show、extract、import、sources 或 pack（briefsmith library --help 查看用法）。');
  if (sub === 'extract') return extract(rest, io);
  if (sub === 'import') return (await import('./library-sources')).importSourceCommand(rest, io, resourcesDir);
  if (sub === 'pack') return (await import('./library-sources')).packCommand(rest, io, resourcesDir);
  if (sub === 'sources') return (await import('./library-sources')).listSourcesCommand(rest, io);
  if (sub !== 'search' && sub !== 'list' && sub !== 'show') {
    throw new CliUserError(`未知子命令“${sub}”。可用：search、list、show、extract、import、sources、pack（briefsmith library --help 查看用法）。`);
  }
  const { values, positionals } = parseOptions(rest);
  const index = await loadWithUser(resourcesDir, io, values['data-dir']);
  const out = (text: string) => io.out(text.endsWith('\n') ? text : `${text}\n`);

  if (sub === 'show') {
    const id = positionals[0];
    if (id === undefined || positionals.length > 1) throw new CliUserError('请给出一个条目编号，如 briefsmith library show hz-rd-intensity-2025。');
    const item = index.getItem(id);
    if (!item) throw new CliUserError(`资料库中没有编号为“${id}”的条目。`);
    out(values.json ? JSON.stringify(item, null, 2) : describe(item, index));
    return 0;
  }

  const filters = toFilters(values, index);
  if (sub === 'list') {
    if (positionals.length > 0) throw new CliUserError(`list 不接受查询词（“${positionals.join(' ')}”）；查找请用 briefsmith library search。`);
    const items: LibraryItem[] = [];
    let total = 0;
    for (let offset = 0; ; offset += 500) {
      const page = index.search({ query: '', filters, limit: 500, offset });
      total = page.total;
      items.push(...page.hits.map((h) => h.item));
      if (items.length >= total || page.hits.length === 0) break;
    }
    if (values.json) out(JSON.stringify(items, null, 2));
    else {
      out(`共 ${total} 条：`);
      for (const item of items) {
        const place = item.district ? `${item.city}${item.district}` : item.city;
        out(`${item.id}  [${kindLabels[item.kind]}] ${place} · ${item.subject}${item.kind === 'indicator' ? `：${item.valueText}` : ''}`);
      }
    }
    return 0;
  }

  const query = positionals.join(' ').trim();
  if (query === '') throw new CliUserError('缺少查询词。用法：briefsmith library search <查询> [--city 杭州] [--kind indicator] [--json]');
  const limit = parseLimit(values.limit);
  const result = index.search({ query, filters, limit });
  if (values.json) {
    out(JSON.stringify(result, null, 2));
    return 0;
  }
  if (result.total === 0) {
    out(`没有找到与“${result.query}”相符的条目。可以换个说法，或用拼音首字母（如 hzrc）试试。`);
    return 0;
  }
  const shown = result.hits.length < result.total ? `，显示前 ${result.hits.length} 条` : '';
  out(`“${result.query}”：共 ${result.total} 条${shown}${result.truncated ? '（查询过长，只取了开头部分）' : ''}。\n`);
  result.hits.forEach((hit, k) => out(`${describe(hit.item, index, k + 1)}\n`));
  return 0;
}

/** `briefsmith library`, reading the library from `resourcesDir()` (injectable for tests). */
export function createLibraryCommand(resourcesDir: () => string): CliCommand {
  return {
    name: 'library',
    summary: { zh: '在资料库中查找政策措施与指标（中文或拼音）', en: 'search the policy library (Chinese or pinyin)' },
    usage: USAGE,
    async run(args, io) {
      return run(args, io, resourcesDir);
    },
  };
}

/** `briefsmith library`: search, list and show library items. */
export const libraryCommand: CliCommand = createLibraryCommand(() => findAppPaths(import.meta.dirname).resourcesDir);
