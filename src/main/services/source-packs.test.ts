// The pack methods of the sources services (services/sources.ts), through the contract's dispatcher.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PackImportResult, PackPreview } from '../../shared/api/source-packs';
import { findAppPaths } from '../paths';
import { createNodeHost } from '../node-host';
import { createDispatcher } from './dispatch';
import { createServices } from './index';

const paths = findAppPaths(import.meta.dirname);
const report = join(paths.root, 'tests', 'fixtures', 'sources', 'report.txt');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(dialogs: { open?: (string | null)[]; save?: (string | null)[] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bs-packsvc-'));
  dirs.push(dataDir);
  let n = 0;
  const host = createNodeHost({
    paths,
    dataDir,
    now: () => new Date('2026-05-06T07:08:09Z'),
    newId: () => `id${++n}`,
    dialogs: { pickSavePath: async () => dialogs.save?.shift() ?? null, pickOpenPath: async () => dialogs.open?.shift() ?? null },
  });
  const set = createServices(host);
  return { dataDir, services: set.services, dispatch: createDispatcher(set.services, () => undefined), close: set.close };
}

/** A machine whose user library holds the report with two accepted figures. */
async function machineWithReport() {
  const m = setup({ open: [report] });
  const imported = await m.services.importSource({});
  if (!imported.ok) throw new Error(imported.message);
  const { source, candidates } = imported.value;
  const pick = candidates.filter((c) => c.valueText === '1200家' || c.valueText === '32.6万人');
  const accepted = await m.services.acceptCandidates({
    source: { title: source.title!, outlet: '南京市人民政府', date: source.date!, docNumber: null, paragraphs: source.paragraphs },
    items: pick.map((c) => ({ kind: 'indicator' as const, subject: c.subject!, quote: c.quote, paragraph: c.paragraph, value: c.value, unit: c.unit, valueText: c.valueText, baseValue: c.baseValue, baseUnit: c.baseUnit, qualifier: c.qualifier, year: c.year, city: '南京', district: null, metric: c.metric, name: null, metricLabel: null })),
  });
  if (!accepted.ok) throw new Error(accepted.message);
  return { ...m, sourceId: accepted.value.sourceId, itemIds: accepted.value.itemIds };
}

describe('pack services', () => {
  it('export (save dialog) → preview (open dialog) → import on another machine; the items are searchable there', async () => {
    const a = await machineWithReport();
    const file = join(a.dataDir, 'out.bspack');
    const exported = await setupDialogExport(a, file);
    expect(exported).toMatchObject({ ok: true, value: { path: file, sources: 1, items: 2 } });

    const b = setup({ open: [file] });
    const preview = await b.dispatch('sources:pack-preview', {});
    if (!preview.ok) throw new Error(preview.message);
    const p = preview.value as PackPreview;
    expect(p.path).toBe(file);
    expect(p.pack).toMatchObject({ createdAt: '2026-05-06T07:08:09.000Z', madeBy: { name: '王五', unit: '南京市科技局' }, appVersion: paths.version });
    expect(p.items.map((i) => i.status)).toEqual(['new', 'new']);
    expect(existsSync(join(b.dataDir, 'library', 'user-library.json'))).toBe(false);

    const imported = await b.dispatch('sources:pack-import', { path: file, packHash: p.pack.packHash });
    if (!imported.ok) throw new Error(imported.message);
    expect((imported.value as PackImportResult).itemsAdded).toEqual(a.itemIds);
    const found = await b.services.searchLibrary({ query: '高新技术企业', filters: { sourceIds: [a.sourceId] }, limit: 10, offset: 0 });
    expect(found.ok && found.value.hits.map((h) => h.item.id)).toContain(a.itemIds[0]);
    const listed = await b.services.listSources({});
    expect(listed.ok && listed.value.sources.map((s) => s.itemCount)).toEqual([2]);
    await Promise.all([a.close(), b.close()]);
  });

  it('answers CANCELLED when a dialog is cancelled, and refuses bad choices at the boundary', async () => {
    const a = await machineWithReport();
    expect(await a.dispatch('sources:pack-export', { sourceIds: [a.sourceId] })).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(await a.dispatch('sources:pack-preview', {})).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(await a.dispatch('sources:pack-import', { path: 'x.bspack', choices: { onConflict: 'merge' } })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await a.dispatch('sources:pack-export', { sourceIds: [] })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await a.dispatch('sources:pack-export', { sourceIds: [a.sourceId], path: join(a.dataDir, '.bashrc') })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await a.dispatch('sources:pack-export', { sourceIds: [a.sourceId], madeBy: { name: '张'.repeat(101) } })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    await a.close();
  });

  it('refuses a pack changed since its preview, and a hostile file with its code', async () => {
    const a = await machineWithReport();
    const file = join(a.dataDir, 'out.bspack');
    expect((await a.dispatch('sources:pack-export', { sourceIds: [a.sourceId], path: file })).ok).toBe(true);
    const b = setup();
    const preview = await b.dispatch('sources:pack-preview', { path: file });
    if (!preview.ok) throw new Error(preview.message);
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 30) ^ 1, bytes.length - 30);
    writeFileSync(file, bytes);
    expect(await b.dispatch('sources:pack-import', { path: file, packHash: (preview.value as PackPreview).pack.packHash })).toMatchObject({ ok: false, code: 'PACK_CHANGED' });
    writeFileSync(file, 'not a pack');
    expect(await b.dispatch('sources:pack-preview', { path: file })).toMatchObject({ ok: false, code: 'PACK_INVALID' });
    expect(existsSync(join(b.dataDir, 'library', 'user-library.json'))).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });
});

/** Exports through the save dialog: a fresh service set whose dialog answers `file`. */
async function setupDialogExport(a: Awaited<ReturnType<typeof machineWithReport>>, file: string) {
  let n = 1000;
  const host = createNodeHost({
    paths,
    dataDir: a.dataDir,
    now: () => new Date('2026-05-06T07:08:09Z'),
    newId: () => `x${++n}`,
    dialogs: { pickSavePath: async () => file, pickOpenPath: async () => null },
  });
  const set = createServices(host);
  const dispatch = createDispatcher(set.services, () => undefined);
  const result = await dispatch('sources:pack-export', { sourceIds: [a.sourceId], madeBy: { name: '王五', unit: '南京市科技局' } });
  await set.close();
  return result;
}
