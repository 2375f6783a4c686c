// Library packs (资料包, `.bspack`): the user's sources with their accepted items in one zip, made on one
// machine and imported on another. The container is a zip (fflate): Chinese text compresses about
// threefold, each source travels as its own entry with its own checksum, and later versions can add
// entries (the original files) without changing the format of the ones that exist.
//
//   pack.json            manifest: format, formatVersion, createdAt, madeBy, appVersion, sources[], metrics[]
//   sources/0001.json    { source, items } — one user source, verbatim, and its items
//
// Import is read → validate (zip limits, zod at the boundary, checksums, quotes verbatim in their
// paragraph) → plan (duplicates, conflicts, ids) → apply the person's choices → one write of the
// user library through its store (atomic, with backup). Nothing is half-imported.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import type {
  ConflictResolution,
  PackConflictingItem,
  PackFinding,
  PackImportChoices,
  PackImportResult,
  PackInfo,
  PackItemPreview,
  PackMaker,
  PackPreview,
  PackSourcePreview,
} from '../../shared/api/source-packs';
import { packImportChoicesSchema, packMakerSchema } from '../../shared/api/source-packs';
import { fail, ok, type Result } from '../../shared/errors';
import {
  LIBRARY_SCHEMA_VERSION,
  checkItemQuote,
  libraryItemSchema,
  librarySourceSchema,
  metricDefinitionSchema,
  type LibraryData,
  type LibraryItem,
  type LibrarySource,
  type MetricDefinition,
} from '../../shared/library';
import { formatIssues, parseJsonSafely, printable, toValidationIssues } from '../../shared/validation';
import { markSuperseded } from './merge';
import { readZip, writeZip, type ZipLimits } from './pack-zip';
import type { UserLibraryData } from './store';

export const PACK_FORMAT = 'briefsmith-library-pack';
/** The pack format this build writes and reads; a newer one is refused (PACK_NEWER_VERSION). */
export const PACK_FORMAT_VERSION = 1;
const MANIFEST = 'pack.json';

/** Limits of a pack (and so of what a hostile file can make us do). */
export const PACK_LIMITS: ZipLimits & { readonly maxSources: number; readonly maxItems: number } = {
  maxFileBytes: 64 * 1024 * 1024,
  maxSources: 2_000,
  maxEntries: 2_001,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxItems: 50_000,
};

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** The identity of a source's text: sha256 of its paragraphs, verbatim, one per line. */
export function sourceContentHash(source: Pick<LibrarySource, 'paragraphs'>): string {
  return sha256(source.paragraphs.map((p) => p.text).join('\n'));
}

const manifestSchema = z.strictObject({
  format: z.literal(PACK_FORMAT),
  formatVersion: z.literal(PACK_FORMAT_VERSION),
  librarySchemaVersion: z.literal(LIBRARY_SCHEMA_VERSION),
  createdAt: z.iso.datetime(),
  madeBy: packMakerSchema,
  appVersion: z.string().min(1).max(40),
  sources: z
    .array(
      z.strictObject({
        file: z.string().regex(/^sources\/\d{4,5}\.json$/),
        id: librarySourceSchema.shape.id,
        title: z.string().min(1).max(200),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        itemCount: z.number().int().min(0).max(PACK_LIMITS.maxItems),
      }),
    )
    .min(1)
    .max(PACK_LIMITS.maxSources),
  metrics: z.array(metricDefinitionSchema).max(10_000),
});
type Manifest = z.output<typeof manifestSchema>;

const sourceFileSchema = z.strictObject({
  source: librarySourceSchema,
  items: z.array(libraryItemSchema).max(PACK_LIMITS.maxItems),
});

/** A pack read and validated: every item's quote is verbatim in its own source. */
export interface ParsedPack {
  readonly info: PackInfo;
  readonly entries: readonly { readonly source: LibrarySource; readonly items: readonly LibraryItem[] }[];
  readonly metrics: readonly MetricDefinition[];
}

// ---------------------------------------------------------------------------------------------
// Export

/** Builds the pack of `sourceIds` from the user library (items without their merge-time marks). */
export function buildPack(
  user: UserLibraryData,
  sourceIds: readonly string[],
  context: { readonly madeBy: PackMaker; readonly now: Date; readonly appVersion: string; readonly metrics: readonly MetricDefinition[] },
): Result<{ bytes: Uint8Array; sources: number; items: number }> {
  const byId = new Map(user.sources.map((s) => [s.id, s]));
  const ids = [...new Set(sourceIds)];
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) return fail('LIBRARY_SOURCE_NOT_FOUND', `（${missing.slice(0, 5).join('、')}）`);
  if (ids.length > PACK_LIMITS.maxSources) return fail('PACK_TOO_MANY_ENTRIES', `（${ids.length} 个来源，上限 ${PACK_LIMITS.maxSources}）`);
  const madeBy = packMakerSchema.parse(context.madeBy);
  const metricByKey = new Map([...context.metrics, ...user.metrics].map((m) => [m.key, m]));
  const usedMetrics = new Map<string, MetricDefinition>();
  const entries = new Map<string, Uint8Array>();
  const listed: Manifest['sources'] = [];
  let itemCount = 0;
  ids.forEach((id, k) => {
    const source = byId.get(id)!;
    const items = user.items
      .filter((i) => i.sourceId === id)
      .map(({ supersededBy: _dropped, ...item }) => item);
    for (const item of items) {
      const metric = item.metric === undefined ? undefined : metricByKey.get(item.metric);
      if (metric) usedMetrics.set(metric.key, metric);
    }
    const file = `sources/${String(k + 1).padStart(4, '0')}.json`;
    const bytes = new TextEncoder().encode(`${JSON.stringify({ source, items })}\n`);
    entries.set(file, bytes);
    listed.push({ file, id, title: source.title, sha256: sha256(bytes), itemCount: items.length });
    itemCount += items.length;
  });
  const manifest: Manifest = {
    format: PACK_FORMAT,
    formatVersion: PACK_FORMAT_VERSION,
    librarySchemaVersion: LIBRARY_SCHEMA_VERSION,
    createdAt: context.now.toISOString(),
    madeBy,
    appVersion: context.appVersion,
    sources: listed,
    metrics: [...usedMetrics.values()],
  };
  const all = new Map([[MANIFEST, new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`)], ...entries]);
  return ok({ bytes: writeZip(all, context.now), sources: ids.length, items: itemCount });
}

// ---------------------------------------------------------------------------------------------
// Import: read and validate

/** The bytes of a pack file: its size is checked before a byte is read. */
export function readPackBytes(path: string): Result<Uint8Array> {
  try {
    const size = statSync(path).size;
    if (size > PACK_LIMITS.maxFileBytes) return fail('PACK_TOO_LARGE', `（${Math.ceil(size / 1024 / 1024)} MB，上限 ${PACK_LIMITS.maxFileBytes / 1024 / 1024} MB）`);
    return ok(readFileSync(path));
  } catch {
    return fail('READ_FAILED', `（${printable(path, 200)}）`);
  }
}

/** sha256 of a pack's bytes: what the preview reports and the import checks. */
export const packHashOf = (bytes: Uint8Array) => sha256(bytes);

/** Reads and validates a pack file. */
export function readPackFile(path: string): Result<ParsedPack> {
  const bytes = readPackBytes(path);
  return bytes.ok ? readPack(bytes.value) : bytes;
}

/** Decodes UTF-8 JSON of a pack entry and parses it safely (depth, forbidden keys). */
function entryJson(name: string, bytes: Uint8Array): Result<unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('PACK_INVALID', `（${name} 不是 UTF-8 文本）`);
  }
  const json = parseJsonSafely(text, { maxLength: PACK_LIMITS.maxEntryBytes });
  if (!json.ok) return fail('PACK_INVALID', `（${name}：${json.message}）`, { file: name });
  return json;
}

const invalid = (file: string, error: z.ZodError) => fail('PACK_INVALID', `（${file}）\n${formatIssues(toValidationIssues(error))}`, { file, path: toValidationIssues(error)[0]?.path });

/** Validates a pack's bytes: zip limits, manifest, checksums, every source and item. */
export function readPack(bytes: Uint8Array): Result<ParsedPack> {
  const zip = readZip(bytes, PACK_LIMITS);
  if (!zip.ok) return zip;
  const files = zip.value;
  const manifestBytes = files.get(MANIFEST);
  if (!manifestBytes) return fail('PACK_INVALID', '（缺少 pack.json）');
  const json = entryJson(MANIFEST, manifestBytes);
  if (!json.ok) return json;
  // The format and its version first: a newer pack is named as such, not as a list of odd fields.
  const head = z.looseObject({ format: z.literal(PACK_FORMAT), formatVersion: z.number().int().min(1) }).safeParse(json.value);
  if (!head.success) return fail('PACK_INVALID', '（不是简报工坊资料包）');
  if (head.data.formatVersion > PACK_FORMAT_VERSION) return fail('PACK_NEWER_VERSION', `（资料包格式第 ${head.data.formatVersion} 版，本程序只认第 ${PACK_FORMAT_VERSION} 版）`);
  const parsed = manifestSchema.safeParse(json.value);
  if (!parsed.success) return invalid(MANIFEST, parsed.error);
  const manifest = parsed.data;

  const listed = new Set([MANIFEST, ...manifest.sources.map((s) => s.file)]);
  if (listed.size !== manifest.sources.length + 1) return fail('PACK_INVALID', '（pack.json 重复列出同一文件）');
  for (const name of files.keys()) if (!listed.has(name)) return fail('PACK_UNSAFE_PATH', `（“${printable(name, 80)}”不在 pack.json 的清单中）`);
  const totalItems = manifest.sources.reduce((n, s) => n + s.itemCount, 0);
  if (totalItems > PACK_LIMITS.maxItems) return fail('PACK_TOO_MANY_ENTRIES', `（${totalItems} 个条目，上限 ${PACK_LIMITS.maxItems}）`);

  const entries: { source: LibrarySource; items: LibraryItem[] }[] = [];
  const sourceIds = new Set<string>();
  const itemIds = new Set<string>();
  let itemsSeen = 0;
  for (const listedSource of manifest.sources) {
    const data = files.get(listedSource.file);
    if (!data) return fail('PACK_DAMAGED', `（缺少 ${listedSource.file}）`);
    if (sha256(data) !== listedSource.sha256) return fail('PACK_DAMAGED', `（${listedSource.file} 校验不符）`);
    const entryValue = entryJson(listedSource.file, data);
    if (!entryValue.ok) return entryValue;
    const entry = sourceFileSchema.safeParse(entryValue.value);
    if (!entry.success) return invalid(listedSource.file, entry.error);
    const { source, items } = entry.data;
    itemsSeen += items.length;
    if (itemsSeen > PACK_LIMITS.maxItems) return fail('PACK_TOO_MANY_ENTRIES', `（超过 ${PACK_LIMITS.maxItems} 个条目）`);
    if (source.id !== listedSource.id || items.length !== listedSource.itemCount) return fail('PACK_INVALID', `（${listedSource.file} 与 pack.json 不符）`, { file: listedSource.file });
    if (sourceIds.has(source.id)) return fail('PACK_INVALID', `（来源标识“${source.id}”重复）`, { file: listedSource.file });
    sourceIds.add(source.id);
    for (const [k, item] of items.entries()) {
      const at = (field: string) => ({ file: listedSource.file, path: `items[${k}].${field}` });
      if (item.sourceId !== source.id) return fail('PACK_INVALID', `（${listedSource.file}：items[${k}] 属于另一来源）`, at('sourceId'));
      if (itemIds.has(item.id)) return fail('PACK_INVALID', `（条目标识“${item.id}”重复）`, at('id'));
      itemIds.add(item.id);
      const quote = checkItemQuote(item, source);
      if (quote) return fail('PACK_INVALID', `（${listedSource.file}：items[${k}]：${quote}）`, at('quote'));
      if (item.metric !== undefined && !manifest.metrics.some((m) => m.key === item.metric)) {
        return fail('PACK_INVALID', `（${listedSource.file}：items[${k}] 的指标键“${item.metric}”未在 pack.json 中定义）`, at('metric'));
      }
    }
    // Whatever a pack says, its sources and items are the user's on this machine, unmarked.
    entries.push({
      source: { ...source, origin: 'user' },
      items: items.map(({ supersededBy: _dropped, ...item }) => ({ ...item, origin: 'user' as const })),
    });
  }
  const info: PackInfo = {
    formatVersion: manifest.formatVersion,
    createdAt: manifest.createdAt,
    madeBy: manifest.madeBy,
    appVersion: manifest.appVersion,
    packHash: sha256(bytes),
  };
  return ok({ info, entries, metrics: manifest.metrics });
}

// ---------------------------------------------------------------------------------------------
// Import: plan and apply

/** What importing a pack into this library would do, before any choice. */
export interface PackPlan {
  readonly preview: Omit<PackPreview, 'path'>;
  /** pack source id → the user source id its items go to (an existing one for duplicates) */
  readonly sourceTarget: ReadonlyMap<string, string>;
  /** the new sources, with their ids on this machine */
  readonly newSources: readonly { readonly packSourceId: string; readonly source: LibrarySource }[];
  /** the items to add unless a choice says otherwise, with their ids and metric keys on this machine */
  readonly newItems: readonly { readonly packItemId: string; readonly packSourceId: string; readonly item: LibraryItem; readonly conflictsWith: readonly string[] }[];
  /** metrics to add to the user library */
  readonly newMetrics: readonly MetricDefinition[];
}

/**
 * When two items are the same: same source, kind and quote, and the same value with its unit (an
 * indicator) or the same programme name, else subject (a measure: one sentence may announce two).
 */
export function itemIdentity(sourceId: string, item: Pick<LibraryItem, 'kind' | 'quote' | 'value' | 'unit' | 'name' | 'subject'>): string {
  return item.kind === 'indicator'
    ? JSON.stringify([sourceId, item.kind, item.quote, item.value ?? null, item.unit ?? null])
    : JSON.stringify([sourceId, item.kind, item.quote, item.name ?? item.subject]);
}
const itemKey = itemIdentity;
const placeKey = (item: LibraryItem) => JSON.stringify([item.metric ?? null, item.city, item.district ?? null, item.qualifier ?? null, item.year ?? null]);
const sameFigure = (a: LibraryItem, b: LibraryItem) =>
  a.baseValue !== undefined && b.baseValue !== undefined ? Math.abs(a.baseValue - b.baseValue) <= 1e-9 * Math.max(1, Math.abs(a.baseValue)) : a.value === b.value && a.unit === b.unit;

/**
 * Plans the import of `pack` into `user` (the user library) beside `library` (the merged library:
 * bundled + user). Duplicates: a source with the same text (content hash) as a user source is that
 * source; an item with the same source, kind, quote and value (with its unit) is that item. Conflicts:
 * an indicator of the same metric, place, qualifier and year as a library figure with another value.
 * Pack ids are kept where free on this machine, else new ones are drawn.
 */
export function planPackImport(pack: ParsedPack, user: UserLibraryData, library: LibraryData, newId: () => string): PackPlan {
  const userSourceByHash = new Map(user.sources.map((s) => [sourceContentHash(s), s]));
  const takenSourceIds = new Set(library.sources.map((s) => s.id));
  const takenItemIds = new Set(library.items.map((i) => i.id));
  const existingKeys = new Map(user.items.map((i) => [itemKey(i.sourceId, i), i]));
  const byPlace = new Map<string, LibraryItem[]>();
  for (const item of library.items) {
    if (item.kind !== 'indicator' || item.metric === undefined || item.year === undefined) continue;
    const list = byPlace.get(placeKey(item)) ?? [];
    list.push(item);
    byPlace.set(placeKey(item), list);
  }
  const sourceTitle = new Map(library.sources.map((s) => [s.id, s.title]));
  const metricLabel = new Map(library.metrics.map((m) => [m.key, m.label]));
  const userItemIds = new Set(user.items.map((i) => i.id));

  // Metrics: a key known here is used as is; else a metric of the same label here; else added.
  const metricMap = new Map<string, string>();
  const newMetrics: MetricDefinition[] = [];
  const keyByLabel = new Map(library.metrics.map((m) => [m.label, m.key]));
  for (const m of pack.metrics) {
    if (metricLabel.has(m.key)) metricMap.set(m.key, m.key);
    else if (keyByLabel.has(m.label)) metricMap.set(m.key, keyByLabel.get(m.label)!);
    else {
      metricMap.set(m.key, m.key);
      newMetrics.push(m);
      keyByLabel.set(m.label, m.key);
      metricLabel.set(m.key, m.label);
    }
  }

  const sources: PackSourcePreview[] = [];
  const items: PackItemPreview[] = [];
  const duplicates: PackFinding[] = [];
  const conflicts: PackFinding[] = [];
  const sourceTarget = new Map<string, string>();
  const newSources: { packSourceId: string; source: LibrarySource }[] = [];
  const newItems: { packItemId: string; packSourceId: string; item: LibraryItem; conflictsWith: string[] }[] = [];
  const plannedHashes = new Map<string, string>();
  const plannedKeys = new Map<string, string>();
  const itemIdMap = new Map<string, string>();

  for (const { source, items: packItems } of pack.entries) {
    const hash = sourceContentHash(source);
    const existing = userSourceByHash.get(hash);
    const earlier = plannedHashes.get(hash);
    let target: string;
    if (existing) {
      target = existing.id;
      duplicates.push({ code: 'PACK_DUPLICATE_SOURCE', params: { packSourceId: source.id, existingSourceId: existing.id, title: source.title, withinPack: false } });
    } else if (earlier) {
      target = earlier;
      duplicates.push({ code: 'PACK_DUPLICATE_SOURCE', params: { packSourceId: source.id, existingSourceId: earlier, title: source.title, withinPack: true } });
    } else {
      target = takenSourceIds.has(source.id) ? `u-src-${newId()}` : source.id;
      takenSourceIds.add(target);
      plannedHashes.set(hash, target);
      newSources.push({ packSourceId: source.id, source: { ...source, id: target } });
      sourceTitle.set(target, source.title);
    }
    sourceTarget.set(source.id, target);
    sources.push({
      packSourceId: source.id,
      title: source.title,
      outlet: source.outlet,
      date: source.date,
      docNumber: source.docNumber ?? null,
      itemCount: packItems.length,
      duplicateOf: existing ? existing.id : null,
    });

    for (const packItem of packItems) {
      const metric = packItem.metric === undefined ? undefined : metricMap.get(packItem.metric);
      const key = itemKey(target, packItem);
      const same = existingKeys.get(key);
      const preview = {
        packItemId: packItem.id,
        packSourceId: source.id,
        kind: packItem.kind,
        subject: packItem.subject,
        city: packItem.city,
        district: packItem.district ?? null,
        year: packItem.year ?? null,
        valueText: packItem.valueText ?? null,
      };
      const repeated = plannedKeys.get(key);
      if (same || repeated) {
        const existingItemId = same ? same.id : repeated!;
        duplicates.push({ code: 'PACK_DUPLICATE_ITEM', params: { packItemId: packItem.id, existingItemId, subject: packItem.subject, valueText: packItem.valueText ?? null } });
        items.push({ ...preview, status: 'duplicate' });
        itemIdMap.set(packItem.id, existingItemId);
        continue;
      }
      const id = takenItemIds.has(packItem.id) ? `u-${newId()}` : packItem.id;
      takenItemIds.add(id);
      itemIdMap.set(packItem.id, id);
      plannedKeys.set(key, id);
      const item: LibraryItem = { ...packItem, id, sourceId: target, ...(metric !== undefined ? { metric } : {}) };
      const rivals = (byPlace.get(placeKey(item)) ?? []).filter((other) => !sameFigure(other, item));
      if (rivals.length > 0 && item.year !== undefined && item.metric !== undefined) {
        const existingList: PackConflictingItem[] = rivals.map((r) => ({
          id: r.id,
          valueText: r.valueText ?? null,
          origin: r.origin === 'user' && userItemIds.has(r.id) ? 'user' : 'bundled',
          sourceTitle: sourceTitle.get(r.sourceId) ?? null,
        }));
        conflicts.push({
          code: 'PACK_CONFLICT',
          params: {
            packItemId: packItem.id,
            packSourceId: source.id,
            metric: item.metric,
            metricLabel: metricLabel.get(item.metric) ?? null,
            city: item.city,
            district: item.district ?? null,
            year: item.year,
            qualifier: item.qualifier ?? 'actual',
            packValueText: item.valueText ?? null,
            existing: existingList,
          },
        });
      }
      items.push({ ...preview, status: rivals.length > 0 ? 'conflict' : 'new' });
      newItems.push({ packItemId: packItem.id, packSourceId: source.id, item, conflictsWith: rivals.map((r) => r.id) });
    }
  }

  // `related` may only point at items that exist here after the import.
  for (const entry of newItems) {
    const related = entry.item.related?.map((id) => itemIdMap.get(id)).filter((id): id is string => id !== undefined && id !== entry.item.id);
    const { related: _old, ...rest } = entry.item;
    entry.item = related && related.length > 0 ? { ...rest, related } : rest;
  }

  return {
    preview: { pack: pack.info, sources, items, duplicates, conflicts },
    sourceTarget,
    newSources,
    newItems,
    newMetrics,
  };
}

/**
 * Applies the person's choices to a plan: the user library as it will be written (one write, or
 * none), and what the import did. Sources with no item left to add are still added when new (their
 * text is the point of a source); unchosen sources add nothing.
 */
export function applyPackPlan(plan: PackPlan, user: UserLibraryData, rawChoices: PackImportChoices): Result<{ next: UserLibraryData; result: Omit<PackImportResult, 'superseded' | 'arrivedSuperseded'> }> {
  const parsedChoices = packImportChoicesSchema.safeParse(rawChoices);
  if (!parsedChoices.success) return fail('INVALID_ARGUMENT', `\n${formatIssues(toValidationIssues(parsedChoices.error))}`);
  const choices = parsedChoices.data;
  const packSourceIds = new Set(plan.preview.sources.map((s) => s.packSourceId));
  const unknown = (choices.sources ?? []).filter((id) => !packSourceIds.has(id));
  if (unknown.length > 0) return fail('LIBRARY_SOURCE_NOT_FOUND', `（资料包中没有来源 ${unknown.slice(0, 5).join('、')}）`);
  const chosen = new Set(choices.sources ?? packSourceIds);
  const userItemIds = new Set(user.items.map((i) => i.id));

  const skipped: string[] = [];
  const remove = new Set<string>();
  const added: LibraryItem[] = [];
  for (const entry of plan.newItems) {
    if (!chosen.has(entry.packSourceId)) {
      skipped.push(entry.packItemId);
      continue;
    }
    if (entry.conflictsWith.length > 0) {
      const resolution: ConflictResolution = choices.resolutions[entry.packItemId] ?? choices.onConflict;
      if (resolution === 'skip') {
        skipped.push(entry.packItemId);
        continue;
      }
      if (resolution === 'replace') for (const id of entry.conflictsWith) if (userItemIds.has(id)) remove.add(id);
    }
    added.push(entry.item);
  }
  // A chosen source whose text repeats an unchosen one of the pack goes to that one's new source.
  const targets = new Set([...chosen].map((id) => plan.sourceTarget.get(id)));
  const sourcesAdded = plan.newSources.filter((s) => targets.has(s.source.id)).map((s) => s.source);
  const usedMetrics = new Set(added.map((i) => i.metric));
  const metrics = plan.newMetrics.filter((m) => usedMetrics.has(m.key));
  const duplicateSources = plan.preview.duplicates.filter((d) => d.code === 'PACK_DUPLICATE_SOURCE' && chosen.has(d.params.packSourceId)).length;
  const duplicateItems = plan.preview.items.filter((i) => i.status === 'duplicate' && chosen.has(i.packSourceId)).length;
  const next: UserLibraryData = {
    sources: [...user.sources, ...sourcesAdded],
    items: [...user.items.filter((i) => !remove.has(i.id)), ...added],
    metrics: [...user.metrics, ...metrics],
  };
  return ok({
    next,
    result: {
      sourcesAdded: sourcesAdded.map((s) => s.id),
      itemsAdded: added.map((i) => i.id),
      duplicateSources,
      duplicateItems,
      skipped,
      replaced: [...remove],
    },
  });
}

/**
 * Superseding after an import, as the merge computes it: the items of `merged` (bundled + user)
 * that the `added` items supersede, and the added items that a newer figure already supersedes.
 */
export function supersedingOf(merged: readonly LibraryItem[], added: readonly string[]): { superseded: string[]; arrivedSuperseded: string[] } {
  const ids = new Set(added);
  const marked = markSuperseded(merged);
  return {
    superseded: marked.filter((i) => i.supersededBy !== undefined && ids.has(i.supersededBy)).map((i) => i.id),
    arrivedSuperseded: marked.filter((i) => i.supersededBy !== undefined && ids.has(i.id)).map((i) => i.id),
  };
}
