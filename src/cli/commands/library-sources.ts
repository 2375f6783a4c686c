// `briefsmith library import` and `briefsmith library pack export|import`: the user library of a
// data folder from the command line — a document in, its candidates accepted by number or class;
// packs out and in with the same checks, duplicates and conflicts as the app.
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Candidate } from '../../core/extract';
import { loadLibrary } from '../../main/library';
import { findAppPaths } from '../../main/paths';
import { buildItems, dateText, suggestMetric } from '../../main/user-library/accept';
import { mergeLibraryData } from '../../main/user-library/merge';
import { itemIdentity, sourceContentHash } from '../../main/user-library/pack';
import { exportPackFile, importPackFile, previewPackFile, type PackLibraryDeps } from '../../main/user-library/pack-library';
import { checkUserLibrary, createUserLibraryStore, USER_LIBRARY_FILE, type UserLibraryData, type UserLibraryStore } from '../../main/user-library/store';
import type { AcceptedItem } from '../../shared/api';
import { conflictResolutions, describePackFinding, type ConflictResolution, type PackPreview } from '../../shared/api/source-packs';
import { isUserError, type Failure } from '../../shared/errors';
import { qualifierLabels, type LibraryData, type LibrarySource } from '../../shared/library';
import { parseJsonSafely, printable } from '../../shared/validation';
import { CliUserError, type CliIo } from '../io';
import { dataDirOf } from './library';

const IMPORT_OPTIONS = {
  accept: { type: 'string', multiple: true },
  title: { type: 'string' },
  outlet: { type: 'string' },
  date: { type: 'string' },
  json: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
} as const;

const PACK_OPTIONS = {
  source: { type: 'string', multiple: true },
  by: { type: 'string' },
  unit: { type: 'string' },
  preview: { type: 'boolean', default: false },
  'on-conflict': { type: 'string' },
  json: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
} as const;


/** The clock: SOURCE_DATE_EPOCH (seconds) pins it, as for export. */
function clockOf(env: CliIo['env']): () => Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) {
    const pinned = new Date(Number(epoch) * 1000);
    return () => pinned;
  }
  return () => new Date();
}

/** One line of a failure: its sentence without line breaks. */
const line = (failure: Failure) => failure.message.replace(/\s*\n+\s*/g, '；').replace(/；$/, '');

function parse<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean; default?: boolean }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const option = printable(/'(-[^' ]*)/.exec((error as Error).message)?.[1] ?? '', 60);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliUserError(`未知选项“${option}”（briefsmith library --help 查看用法）。`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new CliUserError(`选项 ${option} 需要一个值（briefsmith library --help 查看用法）。`);
    throw error;
  }
}

interface Context {
  readonly store: UserLibraryStore;
  readonly deps: PackLibraryDeps;
  readonly dataDir: string;
}

function contextFor(io: CliIo, dataDirOption: string | undefined, resourcesDir: () => string): Context {
  const dataDir = dataDirOf(io, dataDirOption);
  const now = clockOf(io.env);
  const store = createUserLibraryStore(dataDir, { now });
  let bundled: LibraryData;
  try {
    bundled = loadLibrary(resourcesDir()).data;
  } catch (error) {
    if (isUserError(error)) throw new CliUserError(error.message);
    throw error;
  }
  let counter = 0;
  const stamp = now().getTime().toString(36);
  const random = Math.random().toString(36).slice(2, 8);
  const deps: PackLibraryDeps = {
    store,
    library: () => mergeLibraryData(bundled, store.data()),
    newId: () => `${stamp}${random}${(++counter).toString(36)}`,
    now,
    appVersion: findAppPaths(import.meta.dirname).version,
  };
  for (const notice of store.notices()) io.err(`注意：用户资料库文件已损坏，已移到 ${notice.movedTo}，从空库开始。\n`);
  return { store, deps, dataDir };
}

// ---------------------------------------------------------------------------------------------
// library import

/** Parses the --accept values into a predicate over (1-based number, candidate). */
export function parseAccept(values: readonly string[]): { none: boolean; pick: (n: number, c: Candidate) => boolean } {
  const tests: ((n: number, c: Candidate) => boolean)[] = [];
  let none = false;
  for (const token of values.flatMap((v) => v.split(/[,，\s]+/)).filter((t) => t !== '')) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(token);
    if (token === 'all') tests.push(() => true);
    else if (token === 'high') tests.push((_n, c) => c.confidence >= 0.8);
    else if (token === 'medium') tests.push((_n, c) => c.confidence >= 0.5);
    else if (token === 'none') none = true;
    else if (range) {
      const from = Number(range[1]);
      const to = range[2] === undefined ? from : Number(range[2]);
      if (from < 1 || to < from) throw new CliUserError(`--accept 的编号“${token}”无效：编号从 1 起，区间写成 3-8。`);
      tests.push((n) => n >= from && n <= to);
    } else throw new CliUserError(`--accept 的值“${printable(token, 40)}”无效。可用：all、high、medium、none 或编号如 1,3,5-8。`);
  }
  return { none, pick: (n, c) => tests.some((t) => t(n, c)) };
}

const ISO_DATE = /^\d{4}-\d{2}(?:-\d{2})?$/;

/** `library import <file>`: read, extract, list numbered candidates, accept the chosen ones. */
export async function importSourceCommand(rest: string[], io: CliIo, resourcesDir: () => string): Promise<number> {
  const { values, positionals } = parse(rest, IMPORT_OPTIONS);
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new CliUserError('请给出一个文件，如 briefsmith library import 政府工作报告.docx --accept high。');
  if (values.date !== undefined && !ISO_DATE.test(values.date)) throw new CliUserError(`--date “${printable(values.date, 40)}”无效，应为 YYYY-MM-DD 或 YYYY-MM。`);
  const accept = values.accept === undefined ? null : parseAccept(values.accept);
  const { readSource } = await import('../../main/sources');
  const { extractCandidates, documentPlace } = await import('../../core/extract');
  const path = resolve(io.cwd, file);
  const read = await readSource(path);
  if (!read.ok) throw new CliUserError(`${printable(file, 200)}：${read.message}`);
  const text = read.value;
  const title = values.title ?? text.title ?? basename(path, extname(path));
  const city = documentPlace(title, text.paragraphs);
  const docYear = values.date ? Number(values.date.slice(0, 4)) : text.date ? Number(text.date.slice(0, 4)) : null;
  const candidates = extractCandidates(text.paragraphs, { year: docYear, city }).filter((c) => c.kind !== 'name');

  const ctx = contextFor(io, values['data-dir'], resourcesDir);
  const warnings: string[] = [];
  let outlet = values.outlet ?? text.publisher;
  if (!outlet) {
    outlet = '未注明';
    warnings.push('未能从文件中识别发布单位，出处记为“未注明”（可用 --outlet 指定）');
  }
  let date = values.date ?? text.date;
  if (!date) {
    date = ctx.deps.now().toISOString().slice(0, 10);
    warnings.push(`未能从文件中识别日期，记为今天 ${date}（可用 --date 指定）`);
  }

  const numbered = candidates.map((c, k) => ({ n: k + 1, c }));
  const chosen = accept ? numbered.filter(({ n, c }) => accept.pick(n, c)) : [];
  const outOfRange = accept ? (values.accept ?? []).flatMap((v) => v.split(/[,，\s]+/)).filter((t) => /^\d+/.test(t) && Number(t.split('-')[0]) > candidates.length) : [];
  if (outOfRange.length > 0) throw new CliUserError(`--accept 的编号 ${outOfRange.join('、')} 超出范围：本文件共 ${candidates.length} 条候选。`);

  let stored: { sourceId: string; newSource: boolean; itemIds: string[]; duplicates: number; skipped: { n: number; why: string }[]; superseded: string[] } | null = null;
  if (accept) {
    const user = ctx.store.data();
    const hash = sourceContentHash({ paragraphs: text.paragraphs.map((t) => ({ text: t })) });
    const existing = user.sources.find((s) => sourceContentHash(s) === hash);
    const source: LibrarySource = existing ?? {
      id: `u-src-${ctx.deps.newId()}`,
      kind: 'article',
      title: title.slice(0, 200),
      outlet: outlet.slice(0, 100),
      date,
      dateText: dateText(date),
      paragraphs: text.paragraphs.map((t) => ({ text: t })),
      origin: 'user',
      ...(text.docNumber ? { docNumber: text.docNumber.slice(0, 100) } : {}),
    };
    const merged = ctx.deps.library();
    const skipped: { n: number; why: string }[] = [];
    const accepted: AcceptedItem[] = [];
    const have = new Set(user.items.filter((i) => i.sourceId === source.id).map((i) => itemIdentity(source.id, i)));
    let duplicates = 0;
    for (const { n, c } of chosen) {
      if (c.kind === 'name') continue;
      const place = (c.city ?? city)?.trim().slice(0, 32);
      if (!place) {
        skipped.push({ n, why: '未能确定地点' });
        continue;
      }
      const subject = (c.subject || c.name || c.quote).trim().slice(0, 300);
      const name = c.name?.slice(0, 100);
      const identity = itemIdentity(source.id, { kind: c.kind, quote: c.quote, value: c.value ?? undefined, unit: c.unit ?? undefined, name, subject });
      if (have.has(identity)) {
        duplicates += 1;
        continue;
      }
      have.add(identity);
      accepted.push({
        kind: c.kind,
        subject,
        name: name ?? null,
        quote: c.quote,
        paragraph: c.paragraph,
        value: c.kind === 'indicator' ? c.value : null,
        unit: c.kind === 'indicator' ? c.unit : null,
        valueText: c.kind === 'indicator' ? c.valueText : null,
        baseValue: c.kind === 'indicator' ? c.baseValue : null,
        baseUnit: c.kind === 'indicator' ? c.baseUnit : null,
        qualifier: c.kind === 'indicator' ? c.qualifier : null,
        year: c.year,
        city: place,
        district: c.district,
        metric: c.kind === 'indicator' ? suggestMetric(c.subject, merged.metrics, c.unit) : null,
      });
    }
    const built = buildItems(accepted, source, { existing: merged.items, metrics: merged.metrics, newId: ctx.deps.newId });
    // Nothing new (the same file again, every chosen item already there): no write, no new backup.
    if (!existing || built.items.length > 0) {
      const written = ctx.store.write({
        sources: existing ? user.sources : [...user.sources, source],
        items: [...user.items, ...built.items],
        metrics: [...user.metrics, ...built.metrics],
      });
      if (!written.ok) throw new CliUserError(line(written));
    }
    const ids = new Set(built.items.map((i) => i.id));
    const superseded = ctx.deps
      .library()
      .items.filter((i) => i.supersededBy !== undefined && ids.has(i.supersededBy))
      .map((i) => i.id);
    stored = { sourceId: source.id, newSource: !existing, itemIds: built.items.map((i) => i.id), duplicates, skipped, superseded };
  }

  if (values.json) {
    io.out(
      `${JSON.stringify({
        source: { title, outlet, date, docNumber: text.docNumber, paragraphs: text.paragraphs.length },
        candidates: numbered.map(({ n, c }) => ({ n, kind: c.kind, subject: c.subject, valueText: c.valueText, city: c.city, year: c.year, qualifier: c.qualifier, paragraph: c.paragraph, confidence: c.confidence })),
        stored,
        dataDir: ctx.dataDir,
        warnings,
      })}\n`,
    );
    return 0;
  }
  for (const w of warnings) io.err(`注意：${w}。\n`);
  io.out(`${title}${date ? ` · ${date}` : ''} · ${text.paragraphs.length} 段 · 候选 ${candidates.length} 条：\n`);
  for (const { n, c } of numbered) {
    const mark = stored && chosen.some((x) => x.n === n) ? '✓' : ' ';
    const conf = c.confidence >= 0.8 ? '高' : c.confidence >= 0.5 ? '中' : '低';
    if (c.kind === 'indicator') {
      io.out(`${mark}${String(n).padStart(4)}. [指标·${conf}] ${c.city ?? city ?? ''}${c.district ?? ''} · ${c.subject ?? ''}：${c.valueText}${c.qualifier ? ` · ${qualifierLabels[c.qualifier]}` : ''}${c.year ? ` · ${c.year}年` : ''}（第${c.paragraph}段）\n`);
    } else io.out(`${mark}${String(n).padStart(4)}. [措施·${conf}] ${c.city ?? city ?? ''} · ${c.name ?? c.subject ?? ''}（第${c.paragraph}段）\n`);
  }
  if (!stored) {
    io.out('未写入：用 --accept all|high|medium|none|编号 选择要收入用户资料库的条目。\n');
    return 0;
  }
  io.out(`已收入用户资料库（${ctx.dataDir}）：来源 ${stored.sourceId}${stored.newSource ? '（新）' : '（已有，同一文本）'}，新条目 ${stored.itemIds.length} 条${stored.duplicates ? `，已有而未重复收入 ${stored.duplicates} 条` : ''}。\n`);
  for (const s of stored.skipped) io.out(`未收入第 ${s.n} 条：${s.why}（可在应用中审核后收入）。\n`);
  if (stored.superseded.length > 0) io.out(`新数据取代了较早年份的 ${stored.superseded.length} 条：${stored.superseded.join('、')}。\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// library pack

function printPreview(preview: PackPreview, io: CliIo): void {
  const by = `${preview.pack.madeBy.name}${preview.pack.madeBy.unit ? `（${preview.pack.madeBy.unit}）` : ''}`;
  io.out(`资料包：${by} 制作于 ${preview.pack.createdAt}（简报工坊 ${preview.pack.appVersion}，格式第 ${preview.pack.formatVersion} 版）\n`);
  const counts = { new: 0, duplicate: 0, conflict: 0 };
  for (const item of preview.items) counts[item.status] += 1;
  io.out(`来源 ${preview.sources.length} 个，条目 ${preview.items.length} 条：新 ${counts.new}，重复 ${counts.duplicate}，冲突 ${counts.conflict}。\n`);
  for (const s of preview.sources) io.out(`  ${s.packSourceId}  《${s.title}》 ${s.outlet} ${s.date} · ${s.itemCount} 条${s.duplicateOf ? ` · 已有（${s.duplicateOf}）` : ''}\n`);
  // Every conflict (the person decides on each); duplicates only the first few (nothing to decide).
  const shown = 20;
  for (const d of preview.duplicates.slice(0, shown)) io.out(`重复：${describePackFinding(d)}\n`);
  if (preview.duplicates.length > shown) io.out(`重复：……另有 ${preview.duplicates.length - shown} 处（--json 列出全部）\n`);
  for (const c of preview.conflicts) io.out(`冲突：${describePackFinding(c)}\n`);
}

/** `library pack export|import`. */
export async function packCommand(rest: string[], io: CliIo, resourcesDir: () => string): Promise<number> {
  const [action, ...args] = rest;
  if (action !== 'export' && action !== 'import') {
    throw new CliUserError(action === undefined || action.startsWith('-') ? '缺少 pack 的子命令：export 或 import（briefsmith library --help 查看用法）。' : `未知的 pack 子命令“${printable(action, 40)}”。可用：export、import。`);
  }
  const { values, positionals } = parse(args, PACK_OPTIONS);
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    throw new CliUserError(action === 'export' ? '请给出资料包文件名，如 briefsmith library pack export 南京资料.bspack。' : '请给出一个资料包文件，如 briefsmith library pack import 南京资料.bspack。');
  }
  const path = resolve(io.cwd, file);
  const ctx = contextFor(io, values['data-dir'], resourcesDir);

  if (action === 'export') {
    for (const option of ['preview', 'on-conflict'] as const) if (values[option] !== undefined && values[option] !== false) throw new CliUserError(`--${option} 只用于 pack import。`);
    const user = ctx.store.data();
    const ids = values.source ?? user.sources.map((s) => s.id);
    if (ids.length === 0) throw new CliUserError(`用户资料库（${ctx.dataDir}）中还没有来源，无可导出。`);
    const name = (values.by ?? io.env.BRIEFSMITH_USER ?? safeUserName()).trim();
    if (name === '' || name.length > 100) throw new CliUserError('请用 --by 给出制作人姓名（1 到 100 个字）。');
    if (values.unit !== undefined && (values.unit.trim() === '' || values.unit.length > 100)) throw new CliUserError('--unit 编印单位应为 1 到 100 个字。');
    const result = exportPackFile(path, ids, { name, unit: values.unit?.trim() ?? null }, ctx.deps);
    if (!result.ok) throw new CliUserError(line(result));
    if (values.json) io.out(`${JSON.stringify(result.value)}\n`);
    else io.out(`已导出资料包 ${result.value.path}：来源 ${result.value.sources} 个，条目 ${result.value.items} 条，${Math.ceil(result.value.bytes / 1024)} KB；制作人 ${name}${values.unit ? `（${values.unit.trim()}）` : ''}。\n`);
    return 0;
  }

  for (const option of ['by', 'unit'] as const) if (values[option] !== undefined) throw new CliUserError(`--${option} 只用于 pack export。`);
  const onConflict = values['on-conflict'] ?? 'skip';
  if (!(conflictResolutions as readonly string[]).includes(onConflict)) throw new CliUserError(`--on-conflict “${printable(onConflict, 40)}”无效。可用：skip、keep-both、replace。`);
  if (!existsSync(path)) throw new CliUserError(`找不到文件：${printable(file, 300)}`);
  const preview = previewPackFile(path, ctx.deps);
  if (!preview.ok) throw new CliUserError(`${printable(file, 200)}：${line(preview)}`);
  if (values.preview) {
    if (values.json) io.out(`${JSON.stringify(preview.value)}\n`);
    else {
      printPreview(preview.value, io);
      io.out('（预览，未写入。）\n');
    }
    return 0;
  }
  const imported = importPackFile(path, { onConflict: onConflict as ConflictResolution, ...(values.source ? { sources: values.source } : {}) }, preview.value.pack.packHash, ctx.deps);
  if (!imported.ok) throw new CliUserError(`${printable(file, 200)}：${line(imported)}`);
  if (values.json) {
    io.out(`${JSON.stringify({ preview: preview.value, result: imported.value })}\n`);
    return 0;
  }
  printPreview(preview.value, io);
  const r = imported.value;
  io.out(`已导入用户资料库（${ctx.dataDir}）：新来源 ${r.sourcesAdded.length} 个，新条目 ${r.itemsAdded.length} 条；重复来源 ${r.duplicateSources} 个、重复条目 ${r.duplicateItems} 条未重复收入`);
  io.out(`${r.skipped.length ? `；未导入 ${r.skipped.length} 条（冲突时保留资料库中的数值：--on-conflict keep-both 或 replace 可改）` : ''}${r.replaced.length ? `；替换并删除了 ${r.replaced.length} 条` : ''}。\n`);
  if (r.superseded.length > 0) io.out(`新数据取代了较早年份的 ${r.superseded.length} 条：${r.superseded.join('、')}。\n`);
  if (r.arrivedSuperseded.length > 0) io.out(`导入的 ${r.arrivedSuperseded.length} 条比资料库中已有的数据年份早，已标为被取代：${r.arrivedSuperseded.join('、')}。\n`);
  return 0;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/** The user library of `dataDir` when it has one and it is valid (else a warning and null); never moves a file. */
export function readUserLibraryIfAny(dataDir: string, io: CliIo): UserLibraryData | null {
  const path = join(dataDir, 'library', USER_LIBRARY_FILE);
  if (!existsSync(path)) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    io.err(`注意：无法读取用户资料库 ${path}，只查内置资料。\n`);
    return null;
  }
  const json = parseJsonSafely(text);
  const checked = json.ok ? checkUserLibrary(json.value) : json;
  if (!checked.ok) {
    io.err(`注意：用户资料库 ${path} 无效（${line(checked)}），只查内置资料。\n`);
    return null;
  }
  return checked.value;
}

/** `library sources`: the user library's sources with their item counts. */
export async function listSourcesCommand(rest: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(rest, { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } } as const);
  if (positionals.length > 0) throw new CliUserError(`sources 不接受参数（“${printable(positionals.join(' '), 60)}”）。`);
  const dataDir = dataDirOf(io, values['data-dir']);
  const user = readUserLibraryIfAny(dataDir, io) ?? { sources: [], items: [], metrics: [] };
  const list = user.sources.map((s) => ({ id: s.id, title: s.title, outlet: s.outlet, date: s.date, docNumber: s.docNumber ?? null, items: user.items.filter((i) => i.sourceId === s.id).length }));
  if (values.json) {
    io.out(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (list.length === 0) {
    io.out(`用户资料库（${dataDir}）中还没有来源。用 briefsmith library import <文件> --accept … 导入。\n`);
    return 0;
  }
  io.out(`用户资料库（${dataDir}）共 ${list.length} 个来源：\n`);
  for (const s of list) io.out(`${s.id}  《${s.title}》 ${s.outlet} ${s.date}${s.docNumber ? ` ${s.docNumber}` : ''} · ${s.items} 条\n`);
  return 0;
}
