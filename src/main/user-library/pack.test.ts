import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { PackImportChoices } from '../../shared/api/source-packs';
import type { LibraryData, LibraryItem, LibrarySource } from '../../shared/library';
import { fixtureGdp, fixtureItemsFile, fixtureSourcesFile } from '../../shared/library/test-support';
import { mergeLibraryData } from './merge';
import { buildPack, PACK_LIMITS, readPack, sourceContentHash } from './pack';
import { exportPackFile, importPackFile, previewPackFile, type PackLibraryDeps } from './pack-library';
import { createUserLibraryStore, type UserLibraryStore } from './store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bs-pack-'));
  dirs.push(d);
  return d;
};
const now = () => new Date('2026-03-04T05:06:07Z');

/** The bundled library of the tests: the shared fixtures (南京 GDP 2024 = 1.85万亿元 among them). */
const bundled: LibraryData = { sources: fixtureSourcesFile().sources, ...fixtureItemsFile() };

const report: LibrarySource = {
  id: 'u-src-report',
  kind: 'article',
  title: '2026年南京市政府工作报告',
  outlet: '南京市人民政府',
  date: '2026-01-20',
  dateText: '2026年1月20日',
  docNumber: '宁政〔2026〕1号',
  paragraphs: [{ text: '一、2025年工作回顾', heading: true }, { text: '2025年全市地区生产总值1.9万亿元。新增高新技术企业1200家。' }, { text: '实施“宁聚计划”，引进青年人才30万人。' }],
  origin: 'user',
};
const gdp2025: LibraryItem = {
  id: 'u-gdp-2025',
  kind: 'indicator',
  city: '南京',
  subject: '地区生产总值',
  value: 1.9,
  unit: '万亿元',
  valueText: '1.9万亿元',
  baseValue: 1.9e12,
  baseUnit: '元',
  qualifier: 'actual',
  year: 2025,
  yearBasis: 'stated',
  metric: 'gdp',
  themes: ['经济总量'],
  quote: '2025年全市地区生产总值1.9万亿元。',
  sourceId: 'u-src-report',
  paragraph: 2,
  origin: 'user',
};
const hightech: LibraryItem = {
  id: 'u-hightech-2025',
  kind: 'indicator',
  city: '南京',
  subject: '新增高新技术企业',
  value: 1200,
  unit: '家',
  valueText: '1200家',
  baseValue: 1200,
  baseUnit: '家',
  qualifier: 'actual',
  year: 2025,
  yearBasis: 'implied',
  metric: 'u-m-hightech',
  themes: ['企业培育'],
  quote: '新增高新技术企业1200家。',
  sourceId: 'u-src-report',
  paragraph: 2,
  origin: 'user',
};
const ningju: LibraryItem = {
  id: 'u-ningju',
  kind: 'measure',
  city: '南京',
  name: '“宁聚计划”',
  subject: '实施“宁聚计划”引进青年人才',
  themes: ['人才'],
  quote: '实施“宁聚计划”，引进青年人才30万人。',
  sourceId: 'u-src-report',
  paragraph: 3,
  origin: 'user',
};
const hightechMetric = { key: 'u-m-hightech', label: '新增高新技术企业', unit: '家' };

/** A machine: a data dir with its user library, the merged library and deterministic ids. */
function machine(initial?: { sources: LibrarySource[]; items: LibraryItem[]; metrics: { key: string; label: string; unit: string }[] }) {
  const dataDir = tempDir();
  const store = createUserLibraryStore(dataDir, { now });
  if (initial) expect(store.write(initial).ok).toBe(true);
  let n = 0;
  const deps: PackLibraryDeps = {
    store,
    library: () => mergeLibraryData(bundled, store.data()),
    newId: () => `n${++n}`,
    now,
    appVersion: '0.9.0-test',
  };
  return { dataDir, store, deps };
}

/** Machine A with the report and its three items; its pack on disk. */
function packFromA(): { path: string; bytes: Uint8Array } {
  const a = machine({ sources: [report], items: [gdp2025, hightech, ningju], metrics: [hightechMetric] });
  const path = join(tempDir(), '南京资料.bspack');
  const exported = exportPackFile(path, [report.id], { name: '张三', unit: '南京市发展和改革委员会' }, a.deps);
  expect(exported.ok).toBe(true);
  return { path, bytes: readFileSync(path) };
}

const fileOf = (store: UserLibraryStore) => (existsSync(store.path) ? readFileSync(store.path, 'utf8') : null);

describe('library pack: export and import round trip', () => {
  it('carries the sources, items and user metrics to another machine, ids kept, maker and time named', () => {
    const { path } = packFromA();
    const b = machine();
    const preview = previewPackFile(path, b.deps);
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.value.pack).toMatchObject({ formatVersion: 1, createdAt: '2026-03-04T05:06:07.000Z', madeBy: { name: '张三', unit: '南京市发展和改革委员会' }, appVersion: '0.9.0-test' });
    expect(preview.value.sources).toEqual([{ packSourceId: report.id, title: report.title, outlet: report.outlet, date: report.date, docNumber: '宁政〔2026〕1号', itemCount: 3, duplicateOf: null }]);
    expect(preview.value.items.map((i) => i.status)).toEqual(['new', 'new', 'new']);
    expect(preview.value.duplicates).toEqual([]);
    expect(preview.value.conflicts).toEqual([]);
    expect(fileOf(b.store)).toBeNull();

    const imported = importPackFile(path, {}, preview.value.pack.packHash, b.deps);
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.value).toMatchObject({ sourcesAdded: [report.id], itemsAdded: [gdp2025.id, hightech.id, ningju.id], duplicateSources: 0, duplicateItems: 0, skipped: [], replaced: [] });
    const data = b.store.data();
    expect(data.sources).toEqual([report]);
    expect(data.items).toEqual([gdp2025, hightech, ningju]);
    expect(data.metrics).toEqual([hightechMetric]);
    // the 2025 figure supersedes the bundled 2024 one of the same metric and place
    expect(imported.value.superseded).toEqual([fixtureGdp.id]);
    expect(imported.value.arrivedSuperseded).toEqual([]);
  });

  it('writes a zip of pack.json and one entry per source, the same bytes for the same input and clock', () => {
    const a = machine({ sources: [report], items: [gdp2025, hightech, ningju], metrics: [hightechMetric] });
    const build = () => buildPack(a.store.data(), [report.id], { madeBy: { name: '张三', unit: null }, now: now(), appVersion: '1.0.0', metrics: bundled.metrics });
    const first = build();
    const second = build();
    if (!first.ok || !second.ok) throw new Error('build failed');
    expect(Buffer.from(first.value.bytes).equals(Buffer.from(second.value.bytes))).toBe(true);
    const files = unzipSync(first.value.bytes);
    expect(Object.keys(files).sort()).toEqual(['pack.json', 'sources/0001.json']);
    const manifest = JSON.parse(strFromU8(files['pack.json']!)) as { format: string; madeBy: unknown; metrics: { key: string }[] };
    expect(manifest.format).toBe('briefsmith-library-pack');
    expect(manifest.madeBy).toEqual({ name: '张三', unit: null });
    // the bundled metric gdp travels too, so a machine with an older library still knows it
    expect(manifest.metrics.map((m) => m.key).sort()).toEqual(['gdp', 'u-m-hightech']);
  });

  it('refuses to export a source that is not in the user library', () => {
    const a = machine({ sources: [report], items: [], metrics: [] });
    const result = exportPackFile(join(tempDir(), 'x.bspack'), ['u-src-nope'], { name: '张三', unit: null }, a.deps);
    expect(result.ok ? null : result.code).toBe('LIBRARY_SOURCE_NOT_FOUND');
  });

  it('imports the committed format-1 fixture (the format stays readable)', () => {
    const b = machine();
    const path = join(import.meta.dirname, '../../../tests/fixtures/packs/v1-nanjing.bspack');
    const imported = importPackFile(path, {}, undefined, b.deps);
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.value.itemsAdded).toEqual([gdp2025.id, hightech.id, ningju.id]);
    expect(b.store.data().sources[0]!.title).toBe(report.title);
  });
});

describe('library pack: duplicates', () => {
  it('recognises the same source by its text and the same items by source, quote and value: nothing written twice', () => {
    const { path } = packFromA();
    // B imported the same report itself: another id, one of the same items under another id.
    const own = { ...report, id: 'u-src-mine' };
    const b = machine({ sources: [own], items: [{ ...gdp2025, id: 'u-mine-gdp', sourceId: own.id }], metrics: [] });
    const before = fileOf(b.store);
    const preview = previewPackFile(path, b.deps);
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.value.sources[0]!.duplicateOf).toBe('u-src-mine');
    expect(preview.value.duplicates).toEqual([
      { code: 'PACK_DUPLICATE_SOURCE', params: { packSourceId: report.id, existingSourceId: 'u-src-mine', title: report.title, withinPack: false } },
      { code: 'PACK_DUPLICATE_ITEM', params: { packItemId: gdp2025.id, existingItemId: 'u-mine-gdp', subject: '地区生产总值', valueText: '1.9万亿元' } },
    ]);
    expect(preview.value.items.map((i) => i.status)).toEqual(['duplicate', 'new', 'new']);

    const imported = importPackFile(path, {}, undefined, b.deps);
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.value).toMatchObject({ sourcesAdded: [], itemsAdded: [hightech.id, ningju.id], duplicateSources: 1, duplicateItems: 1 });
    // the new items hang on B's own copy of the source
    expect(b.store.data().items.filter((i) => i.sourceId === 'u-src-mine').map((i) => i.id)).toEqual(['u-mine-gdp', hightech.id, ningju.id]);
    expect(fileOf(b.store)).not.toBe(before);

    // a second import finds everything there and writes nothing
    const revision = b.store.revision();
    const again = importPackFile(path, {}, undefined, b.deps);
    if (!again.ok) throw new Error(again.message);
    expect(again.value).toMatchObject({ itemsAdded: [], sourcesAdded: [], duplicateSources: 1, duplicateItems: 3 });
    expect(b.store.revision()).toBe(revision);
  });

  it('draws new ids where the pack ids are taken by something else on this machine', () => {
    const { path } = packFromA();
    const other = { ...report, id: 'u-src-report', paragraphs: [{ text: '另一份文件的文字，2025年全市地区生产总值1.9万亿元。' }] };
    const b = machine({ sources: [other], items: [{ ...gdp2025, paragraph: 1, quote: '2025年全市地区生产总值1.9万亿元。' }], metrics: [] });
    const imported = importPackFile(path, { onConflict: 'keep-both' }, undefined, b.deps);
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.value.sourcesAdded).toEqual(['u-src-n1']);
    expect(imported.value.itemsAdded).toEqual(['u-n2', hightech.id, ningju.id]);
    expect(b.store.data().items.find((i) => i.id === 'u-n2')?.sourceId).toBe('u-src-n1');
  });
});

describe('library pack: conflicts', () => {
  const rival: LibrarySource = {
    id: 'u-src-bulletin',
    kind: 'article',
    title: '南京市2025年统计公报',
    outlet: '南京市统计局',
    date: '2026-03-01',
    dateText: '2026年3月1日',
    paragraphs: [{ text: '2025年全市地区生产总值18900亿元。' }],
    origin: 'user',
  };
  const rivalGdp: LibraryItem = { ...gdp2025, id: 'u-bulletin-gdp', value: 18900, unit: '亿元', valueText: '18900亿元', baseValue: 1.89e12, quote: '2025年全市地区生产总值18900亿元。', sourceId: rival.id, paragraph: 1 };

  it('shows a figure of the same metric, place, qualifier and year with another value as a structured conflict', () => {
    const { path } = packFromA();
    const b = machine({ sources: [rival], items: [rivalGdp], metrics: [] });
    const preview = previewPackFile(path, b.deps);
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.value.conflicts).toEqual([
      {
        code: 'PACK_CONFLICT',
        params: {
          packItemId: gdp2025.id,
          packSourceId: report.id,
          metric: 'gdp',
          metricLabel: '地区生产总值',
          city: '南京',
          district: null,
          year: 2025,
          qualifier: 'actual',
          packValueText: '1.9万亿元',
          existing: [{ id: 'u-bulletin-gdp', valueText: '18900亿元', origin: 'user', sourceTitle: '南京市2025年统计公报' }],
        },
      },
    ]);
    expect(preview.value.items.find((i) => i.packItemId === gdp2025.id)?.status).toBe('conflict');
  });

  it('does not call the same figure written another way (1.9万亿元 = 19000亿元) a conflict', () => {
    const { path } = packFromA();
    const same = { ...rivalGdp, value: 19000, valueText: '19000亿元', baseValue: 1.9e12, quote: '2025年全市地区生产总值19000亿元。' };
    const b = machine({ sources: [{ ...rival, paragraphs: [{ text: '2025年全市地区生产总值19000亿元。' }] }], items: [same], metrics: [] });
    const preview = previewPackFile(path, b.deps);
    expect(preview.ok && preview.value.conflicts).toEqual([]);
  });

  it.each<[PackImportChoices, string[], string[]]>([
    [{}, [rivalGdp.id, hightech.id, ningju.id], [gdp2025.id]],
    [{ onConflict: 'keep-both' }, [rivalGdp.id, gdp2025.id, hightech.id, ningju.id], []],
    [{ onConflict: 'replace' }, [gdp2025.id, hightech.id, ningju.id], []],
    [{ onConflict: 'keep-both', resolutions: { [gdp2025.id]: 'skip' } }, [rivalGdp.id, hightech.id, ningju.id], [gdp2025.id]],
  ])('applies the choice %j', (choices, ids, skipped) => {
    const { path } = packFromA();
    const b = machine({ sources: [rival], items: [rivalGdp], metrics: [] });
    const imported = importPackFile(path, choices, undefined, b.deps);
    if (!imported.ok) throw new Error(imported.message);
    expect(b.store.data().items.map((i) => i.id)).toEqual(ids);
    expect(imported.value.skipped).toEqual(skipped);
    expect(imported.value.replaced).toEqual(choices.onConflict === 'replace' ? [rivalGdp.id] : []);
  });

  it('names bundled figures as such and keeps them under replace (only the user’s own figures are removed)', () => {
    const a = machine({ sources: [report], items: [{ ...gdp2025, year: 2024, yearBasis: 'implied' }], metrics: [] });
    const path = join(tempDir(), 'p.bspack');
    expect(exportPackFile(path, [report.id], { name: '李四', unit: null }, a.deps).ok).toBe(true);
    const b = machine();
    const preview = previewPackFile(path, b.deps);
    if (!preview.ok) throw new Error(preview.message);
    const conflict = preview.value.conflicts[0];
    expect(conflict?.code === 'PACK_CONFLICT' && conflict.params.existing).toEqual([{ id: fixtureGdp.id, valueText: '1.85万亿元', origin: 'bundled', sourceTitle: '示例文章' }]);
    const imported = importPackFile(path, { onConflict: 'replace' }, undefined, b.deps);
    expect(imported.ok && imported.value.replaced).toEqual([]);
    expect(b.store.data().items.map((i) => i.id)).toEqual([gdp2025.id]);
  });

  it('reports pack figures that arrive older than one in the library (superseded on arrival)', () => {
    const newer = { ...rival, id: 'u-src-2026', paragraphs: [{ text: '2026年全市地区生产总值2.0万亿元。' }] };
    const newerGdp = { ...rivalGdp, id: 'u-gdp-2026', year: 2026, value: 2, unit: '万亿元', valueText: '2.0万亿元', baseValue: 2e12, quote: '2026年全市地区生产总值2.0万亿元。', sourceId: newer.id };
    const { path } = packFromA();
    const b = machine({ sources: [newer], items: [newerGdp], metrics: [] });
    const imported = importPackFile(path, {}, undefined, b.deps);
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.value.arrivedSuperseded).toEqual([gdp2025.id]);
    expect(imported.value.superseded).toEqual([]);
  });

  it('imports only the chosen sources', () => {
    const a = machine({ sources: [report, rival], items: [gdp2025, hightech, ningju, rivalGdp], metrics: [hightechMetric] });
    const path = join(tempDir(), 'two.bspack');
    expect(exportPackFile(path, [report.id, rival.id], { name: '张三', unit: null }, a.deps).ok).toBe(true);
    const b = machine();
    const imported = importPackFile(path, { sources: [rival.id] }, undefined, b.deps);
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.value.sourcesAdded).toEqual([rival.id]);
    expect(b.store.data().items.map((i) => i.id)).toEqual([rivalGdp.id]);
    expect(b.store.data().metrics).toEqual([]);
    const unknown = importPackFile(path, { sources: ['u-src-nope'] }, undefined, b.deps);
    expect(unknown.ok ? null : unknown.code).toBe('LIBRARY_SOURCE_NOT_FOUND');
  });

  it('treats two pack sources of the same text as one, whichever is chosen', () => {
    const twin = { ...report, id: 'u-src-twin', title: '同一文件的第二份' };
    const a = machine({ sources: [report, twin], items: [gdp2025, { ...hightech, sourceId: twin.id }], metrics: [hightechMetric] });
    const path = join(tempDir(), 'twins.bspack');
    expect(exportPackFile(path, [report.id, twin.id], { name: '张三', unit: null }, a.deps).ok).toBe(true);
    const b = machine();
    const preview = previewPackFile(path, b.deps);
    expect(preview.ok && preview.value.duplicates).toEqual([{ code: 'PACK_DUPLICATE_SOURCE', params: { packSourceId: twin.id, existingSourceId: report.id, title: twin.title, withinPack: true } }]);
    const imported = importPackFile(path, { sources: [twin.id] }, undefined, b.deps);
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.value.sourcesAdded).toEqual([report.id]);
    expect(b.store.data().items).toEqual([{ ...hightech, sourceId: report.id }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile packs

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Unzips a good pack, lets `change` edit its files (JSON as objects), fixes the checksums, zips it again. */
function tamper(bytes: Uint8Array, change: (files: Record<string, unknown>) => void, options: { fixChecksums?: boolean } = {}): Uint8Array {
  const raw = unzipSync(bytes);
  const files: Record<string, unknown> = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, JSON.parse(strFromU8(v))]));
  change(files);
  const out: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) if (k !== 'pack.json') out[k] = typeof v === 'string' ? strToU8(v) : strToU8(JSON.stringify(v));
  const manifest = files['pack.json'] as { sources?: { file: string; sha256: string }[] };
  if (options.fixChecksums !== false && Array.isArray(manifest?.sources)) for (const s of manifest.sources) if (out[s.file]) s.sha256 = sha(out[s.file]!);
  out['pack.json'] = typeof files['pack.json'] === 'string' ? strToU8(files['pack.json']) : strToU8(JSON.stringify(files['pack.json']));
  return zipSync(out);
}

type Files = Record<string, unknown>;
const manifestOf = (f: Files) => f['pack.json'] as Record<string, unknown> & { sources: Record<string, unknown>[] };
const sourceFileOf = (f: Files) => f['sources/0001.json'] as { source: Record<string, unknown>; items: Record<string, unknown>[] };

/** Sets the declared uncompressed size of every entry named `name` (central directory and local header). */
function lieAboutSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 < out.length; at++) {
    const sig = view.getUint32(at, true);
    if (sig === 0x02014b50 && strFromU8(out.subarray(at + 46, at + 46 + view.getUint16(at + 28, true))) === name) view.setUint32(at + 24, size, true);
    if (sig === 0x04034b50 && strFromU8(out.subarray(at + 30, at + 30 + view.getUint16(at + 26, true))) === name) view.setUint32(at + 22, size, true);
  }
  return out;
}

describe('library pack: hostile files are refused, each with its code, and nothing is imported', () => {
  const good = () => packFromA().bytes;
  const cases: [string, () => Uint8Array, string][] = [
    ['not a zip', () => strToU8('{"format":"briefsmith-library-pack"}'), 'PACK_INVALID'],
    ['a zip of something else (a .docx)', () => zipSync({ 'word/document.xml': strToU8('<w:document/>') }), 'PACK_INVALID'],
    ['no manifest', () => zipSync({ 'sources/0001.json': strToU8('{}') }), 'PACK_INVALID'],
    ['a newer format', () => tamper(good(), (f) => void (manifestOf(f).formatVersion = 2)), 'PACK_NEWER_VERSION'],
    ['wrong types in the manifest', () => tamper(good(), (f) => void (manifestOf(f).createdAt = 20260304)), 'PACK_INVALID'],
    ['wrong types in an item', () => tamper(good(), (f) => void (sourceFileOf(f).items[0]!.value = '1.9')), 'PACK_INVALID'],
    ['an oversized string', () => tamper(good(), (f) => void (sourceFileOf(f).source.title = '长'.repeat(100_000))), 'PACK_INVALID'],
    ['an oversized maker name', () => tamper(good(), (f) => void (manifestOf(f).madeBy = { name: '张'.repeat(5_000), unit: null })), 'PACK_INVALID'],
    ['a quote that is not in its source', () => tamper(good(), (f) => void (sourceFileOf(f).items[0]!.quote = '2025年全市地区生产总值9.9万亿元。')), 'PACK_INVALID'],
    ['an item of another source', () => tamper(good(), (f) => void (sourceFileOf(f).items[0]!.sourceId = 'nj-elsewhere')), 'PACK_INVALID'],
    ['an undefined metric', () => tamper(good(), (f) => void (manifestOf(f).metrics = [])), 'PACK_INVALID'],
    ['a prototype-polluting key', () => tamper(good(), (f) => void (f['sources/0001.json'] = JSON.stringify(sourceFileOf(f)).replace('{"source":', '{"__proto__":{"x":1},"source":'))), 'PACK_INVALID'],
    ['deep nesting', () => tamper(good(), (f) => void (f['sources/0001.json'] = `${'['.repeat(5000)}${']'.repeat(5000)}`)), 'PACK_INVALID'],
    ['a changed source without its checksum', () => tamper(good(), (f) => void (sourceFileOf(f).source.title = '改过的标题'), { fixChecksums: false }), 'PACK_DAMAGED'],
    ['a truncated file', () => good().slice(0, 200), 'PACK_INVALID'],
    ['path traversal', () => tamper(good(), (f) => void (f['../../evil.json'] = {})), 'PACK_UNSAFE_PATH'],
    ['an absolute path', () => tamper(good(), (f) => void (f['/etc/cron.d/x'] = {})), 'PACK_UNSAFE_PATH'],
    ['a Windows path', () => tamper(good(), (f) => void (f['C:\\x.json'] = {})), 'PACK_UNSAFE_PATH'],
    ['an entry the manifest does not list', () => tamper(good(), (f) => void (f['sources/0002.json'] = {})), 'PACK_UNSAFE_PATH'],
    ['a manifest listing a file twice', () => tamper(good(), (f) => void manifestOf(f).sources.push({ ...manifestOf(f).sources[0]! })), 'PACK_INVALID'],
    [
      'too many entries',
      () => {
        const files: Zippable = {};
        for (let k = 0; k <= PACK_LIMITS.maxEntries; k++) files[`sources/${String(k).padStart(5, '0')}.json`] = strToU8('{}');
        return zipSync(files, { level: 0 });
      },
      'PACK_TOO_MANY_ENTRIES',
    ],
    ['an entry that declares more than the limit (zip bomb)', () => lieAboutSize(zipSync({ 'pack.json': new Uint8Array(1000) }), 'pack.json', PACK_LIMITS.maxEntryBytes + 1), 'PACK_ZIP_BOMB'],
    ['an entry that inflates beyond what it declares (zip bomb)', () => lieAboutSize(zipSync({ 'pack.json': new Uint8Array(2 * 1024 * 1024) }), 'pack.json', 1000), 'PACK_ZIP_BOMB'],
  ];

  it.each(cases)('%s', (_name, make, code) => {
    const b = machine({ sources: [], items: [], metrics: [] });
    const before = fileOf(b.store);
    const path = join(tempDir(), 'hostile.bspack');
    writeFileSync(path, make());
    const preview = previewPackFile(path, b.deps);
    expect(preview.ok ? 'ok' : preview.code).toBe(code);
    const imported = importPackFile(path, { onConflict: 'keep-both' }, undefined, b.deps);
    expect(imported.ok ? 'ok' : imported.code).toBe(code);
    expect(fileOf(b.store)).toBe(before);
  });

  it('refuses a file over the size limit before reading it', () => {
    const b = machine();
    const path = join(tempDir(), 'huge.bspack');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, PACK_LIMITS.maxFileBytes + 1);
    closeSync(fd);
    const preview = previewPackFile(path, b.deps);
    expect(preview.ok ? 'ok' : preview.code).toBe('PACK_TOO_LARGE');
  });

  it('refuses a pack changed since its preview', () => {
    const { path, bytes } = packFromA();
    const b = machine();
    const preview = previewPackFile(path, b.deps);
    if (!preview.ok) throw new Error(preview.message);
    writeFileSync(path, tamper(bytes, (f) => void (sourceFileOf(f).items.pop(), (manifestOf(f).sources[0]!.itemCount = 2))));
    const imported = importPackFile(path, {}, preview.value.pack.packHash, b.deps);
    expect(imported.ok ? 'ok' : imported.code).toBe('PACK_CHANGED');
    expect(fileOf(b.store)).toBeNull();
  });

  it('imports nothing when the second source of a pack is bad', () => {
    const a = machine({ sources: [report, { ...report, id: 'u-src-two', paragraphs: [{ text: '第二份文件。' }] }], items: [gdp2025], metrics: [] });
    const path = join(tempDir(), 'two.bspack');
    expect(exportPackFile(path, [report.id, 'u-src-two'], { name: '张三', unit: null }, a.deps).ok).toBe(true);
    writeFileSync(path, tamper(readFileSync(path), (f) => void ((f['sources/0002.json'] as { source: { paragraphs: unknown } }).source.paragraphs = [])));
    const b = machine({ sources: [], items: [], metrics: [] });
    const before = fileOf(b.store);
    const imported = importPackFile(path, {}, undefined, b.deps);
    expect(imported.ok ? 'ok' : imported.code).toBe('PACK_INVALID');
    expect(imported.ok ? null : imported.location?.file).toBe('sources/0002.json');
    expect(fileOf(b.store)).toBe(before);
    expect(b.store.data().sources).toEqual([]);
  });

  it('leaves the user library as it was when the write itself fails', () => {
    const { path } = packFromA();
    const b = machine({ sources: [], items: [], metrics: [] });
    const before = fileOf(b.store);
    // the backup copy cannot be made: the store refuses before touching the file
    mkdirSync(`${b.store.path}.bak`);
    const imported = importPackFile(path, {}, undefined, b.deps);
    expect(imported.ok).toBe(false);
    expect(fileOf(b.store)).toBe(before);
    expect(b.store.data().items).toEqual([]);
  });
});

describe('sourceContentHash', () => {
  it('depends on the text only, not on ids or metadata', () => {
    expect(sourceContentHash(report)).toBe(sourceContentHash({ ...report, id: 'x', title: 'y' } as LibrarySource));
    expect(sourceContentHash(report)).not.toBe(sourceContentHash({ paragraphs: [{ text: '别的' }] }));
  });

  it('readPack reports the pack hash of the bytes', () => {
    const { bytes } = packFromA();
    const pack = readPack(bytes);
    expect(pack.ok && pack.value.info.packHash).toBe(sha(bytes));
  });
});
