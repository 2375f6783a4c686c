// The 资料包 dialog state on a fake client: export of the chosen sources with the maker, a
// cancelled save dialog, a refused pack shown from its code, the preview's counts, duplicates and
// conflicts, per-conflict and all-at-once choices sent to importPack with the preview's hash.
import { describe, expect, it } from 'vitest';
import type { UserSourceSummary } from '../../../shared/api';
import type { PackImportChoices, PackPreview } from '../../../shared/api/source-packs';
import { errorCatalogue, fail, ok } from '../../../shared/errors';
import { fileNameOf } from '../../format';
import { PackDialogState, conflictRow, type PackClient } from './pack-dialog.svelte';

const sources: UserSourceSummary[] = [
  { id: 'u-src-a', title: '2026年南京市政府工作报告', outlet: '南京市人民政府', date: '2026-01-20', docNumber: null, paragraphCount: 3, itemCount: 3 },
  { id: 'u-src-b', title: '南京市2025年统计公报', outlet: '南京市统计局', date: '2026-03-01', docNumber: null, paragraphCount: 1, itemCount: 1 },
];

const preview: PackPreview = {
  path: '/tmp/in/南京.bspack',
  pack: { formatVersion: 1, createdAt: '2026-03-04T05:06:07Z', madeBy: { name: '张三', unit: '南京市发改委' }, appVersion: '0.1.0', packHash: 'a'.repeat(64) },
  sources: [
    { packSourceId: 'p-src-a', title: '2026年南京市政府工作报告', outlet: '南京市人民政府', date: '2026-01-20', docNumber: null, itemCount: 2, duplicateOf: 'u-src-a' },
    { packSourceId: 'p-src-b', title: '南京市2025年统计公报', outlet: '南京市统计局', date: '2026-03-01', docNumber: null, itemCount: 2, duplicateOf: null },
  ],
  items: [
    { packItemId: 'p-1', packSourceId: 'p-src-a', kind: 'indicator', subject: '新增高新技术企业', city: '南京', district: null, year: 2025, valueText: '1200家', status: 'duplicate' },
    { packItemId: 'p-2', packSourceId: 'p-src-a', kind: 'measure', subject: '宁聚计划', city: '南京', district: null, year: null, valueText: null, status: 'new' },
    { packItemId: 'p-gdp', packSourceId: 'p-src-b', kind: 'indicator', subject: '地区生产总值', city: '南京', district: null, year: 2025, valueText: '18900亿元', status: 'conflict' },
    { packItemId: 'p-jobs', packSourceId: 'p-src-b', kind: 'indicator', subject: '城镇新增就业', city: '南京', district: '江宁区', year: 2025, valueText: '3万人', status: 'conflict' },
  ],
  duplicates: [
    { code: 'PACK_DUPLICATE_SOURCE', params: { packSourceId: 'p-src-a', existingSourceId: 'u-src-a', title: '2026年南京市政府工作报告', withinPack: false } },
    { code: 'PACK_DUPLICATE_ITEM', params: { packItemId: 'p-1', existingItemId: 'u-hightech', subject: '新增高新技术企业', valueText: '1200家' } },
  ],
  conflicts: [
    {
      code: 'PACK_CONFLICT',
      params: { packItemId: 'p-gdp', packSourceId: 'p-src-b', metric: 'gdp', metricLabel: '地区生产总值', city: '南京', district: null, year: 2025, qualifier: 'actual', packValueText: '18900亿元', existing: [{ id: 'u-gdp', valueText: '1.9万亿元', origin: 'user', sourceTitle: '2026年南京市政府工作报告' }] },
    },
    {
      code: 'PACK_CONFLICT',
      params: { packItemId: 'p-jobs', packSourceId: 'p-src-b', metric: 'u-m-jobs', metricLabel: null, city: '南京', district: '江宁区', year: 2025, qualifier: 'target', packValueText: '3万人', existing: [{ id: 'b-jobs', valueText: '2.8万人', origin: 'bundled', sourceTitle: null }] },
    },
  ],
};

function fakeClient(overrides: Partial<PackClient> = {}) {
  const calls: { method: string; args: unknown }[] = [];
  const client: PackClient = {
    async listSources(args) {
      calls.push({ method: 'listSources', args });
      return ok({ sources: structuredClone(sources), notices: [] });
    },
    async exportPack(args) {
      calls.push({ method: 'exportPack', args });
      return ok({ path: '/home/x/导出/资料包.bspack', sources: args.sourceIds.length, items: 3, bytes: 4096 });
    },
    async previewPackImport(args) {
      calls.push({ method: 'previewPackImport', args });
      return ok(structuredClone(preview));
    },
    async importPack(args) {
      calls.push({ method: 'importPack', args });
      return ok({ sourcesAdded: ['u-new'], itemsAdded: ['u-i1', 'u-i2'], duplicateSources: 1, duplicateItems: 1, skipped: [], replaced: [], superseded: [], arrivedSuperseded: [] });
    },
    ...overrides,
  };
  return { client, calls };
}

describe('资料包 export', () => {
  it('lists the user sources all chosen, the maker prefilled from the 编印单位, and exports the chosen ones', async () => {
    const { client, calls } = fakeClient();
    const pack = new PackDialogState(client, 'export', '南京市发展和改革委员会');
    await pack.start();
    expect(pack.phase).toBe('choose');
    expect(pack.chosenIds).toEqual(['u-src-a', 'u-src-b']);
    expect(pack.chosenItems).toBe(4);
    expect(pack.makerName).toBe('南京市发展和改革委员会');
    pack.toggle('u-src-b');
    expect(pack.chosenIds).toEqual(['u-src-a']);
    pack.makerUnit = '综合处';
    expect(await pack.exportChosen()).toBe(true);
    expect(calls.at(-1)).toEqual({ method: 'exportPack', args: { sourceIds: ['u-src-a'], madeBy: { name: '南京市发展和改革委员会', unit: '综合处' } } });
    expect(pack.phase).toBe('exported');
    expect(fileNameOf(pack.exported!.path)).toBe('资料包.bspack');
  });

  it('cannot export with nothing chosen; a blank maker leaves the account name to the service', async () => {
    const { client, calls } = fakeClient();
    const pack = new PackDialogState(client, 'export');
    await pack.start();
    pack.setAllSelected(false);
    expect(pack.canExport).toBe(false);
    expect(await pack.exportChosen()).toBe(false);
    expect(calls.some((c) => c.method === 'exportPack')).toBe(false);
    pack.setAllSelected(true);
    expect(await pack.exportChosen()).toBe(true);
    expect(calls.at(-1)?.args).toEqual({ sourceIds: ['u-src-a', 'u-src-b'] });
  });

  it('a cancelled save dialog keeps the choice without an error; a failure is shown from its code', async () => {
    let answer = fail('CANCELLED');
    const { client } = fakeClient({ exportPack: async () => answer });
    const pack = new PackDialogState(client, 'export');
    await pack.start();
    expect(await pack.exportChosen()).toBe(false);
    expect(pack.phase).toBe('choose');
    expect(pack.error).toBeNull();
    answer = fail('DISK_FULL');
    expect(await pack.exportChosen()).toBe(false);
    expect(pack.error).toBe(errorCatalogue.DISK_FULL);
  });
});

describe('资料包 import', () => {
  it('previews: counts, duplicates in Chinese, conflicts side by side, every conflict 跳过 by default', async () => {
    const { client } = fakeClient();
    const pack = new PackDialogState(client, 'import');
    await pack.start();
    expect(pack.phase).toBe('preview');
    expect(pack.counts).toEqual({ sources: 2, newSources: 1, duplicateSources: 1, items: 4, newItems: 1, duplicateItems: 1, conflicts: 2 });
    expect(pack.duplicateLines[0]).toContain('已在资料库中');
    expect(pack.duplicateLines[1]).toContain('新增高新技术企业 1200家');
    expect(pack.conflicts.map((c) => [c.metric, c.place, c.year, c.qualifier, c.incoming, c.existing])).toEqual([
      ['地区生产总值', '南京', 2025, '实际', '18900亿元', ['1.9万亿元（《2026年南京市政府工作报告》）']],
      ['u-m-jobs', '南京·江宁区', 2025, '目标', '3万人', ['2.8万人（内置资料）']],
    ]);
    expect(pack.resolutions).toEqual({ 'p-gdp': 'skip', 'p-jobs': 'skip' });
    expect(pack.allResolution).toBe('skip');
  });

  it('sends each choice and the all-at-once choice with the preview hash', async () => {
    const { client, calls } = fakeClient();
    const pack = new PackDialogState(client, 'import');
    await pack.start();
    pack.resolve('p-gdp', 'replace');
    expect(pack.allResolution).toBeNull();
    expect(await pack.importPreviewed()).toBe(true);
    const sent = calls.at(-1)?.args as { path: string; packHash: string; choices: PackImportChoices };
    expect(sent).toEqual({ path: preview.path, packHash: 'a'.repeat(64), choices: { onConflict: 'skip', resolutions: { 'p-gdp': 'replace', 'p-jobs': 'skip' } } });
    expect(pack.phase).toBe('imported');
    expect(pack.imported?.itemsAdded).toHaveLength(2);

    await pack.pickPack();
    pack.resolveAll('keep-both');
    expect(pack.allResolution).toBe('keep-both');
    await pack.importPreviewed();
    expect((calls.at(-1)?.args as { choices: PackImportChoices }).choices).toEqual({ onConflict: 'keep-both', resolutions: { 'p-gdp': 'keep-both', 'p-jobs': 'keep-both' } });
  });

  it('a hostile pack is refused with the Chinese text of its code and nothing is imported', async () => {
    const { client, calls } = fakeClient({ previewPackImport: async () => fail('PACK_ZIP_BOMB') });
    const pack = new PackDialogState(client, 'import');
    expect(await pack.pickPack()).toBe(false);
    expect(pack.error).toBe(errorCatalogue.PACK_ZIP_BOMB);
    expect(pack.preview).toBeNull();
    expect(await pack.importPreviewed()).toBe(false);
    expect(calls.some((c) => c.method === 'importPack')).toBe(false);
  });

  it('a cancelled open dialog shows no error; a pack changed since its preview is refused from its code', async () => {
    const { client } = fakeClient({ importPack: async () => fail('PACK_CHANGED') });
    const cancelled = new PackDialogState(fakeClient({ previewPackImport: async () => fail('CANCELLED') }).client, 'import');
    expect(await cancelled.pickPack()).toBe(false);
    expect(cancelled.error).toBeNull();
    expect(cancelled.phase).toBe('choose');
    const pack = new PackDialogState(client, 'import');
    await pack.pickPack();
    expect(await pack.importPreviewed()).toBe(false);
    expect(pack.phase).toBe('preview');
    expect(pack.error).toBe(errorCatalogue.PACK_CHANGED);
  });

  it('conflictRow names a metric without a label by its key and a figure without a value', () => {
    const row = conflictRow({ ...preview.conflicts[1], params: { ...(preview.conflicts[1] as { params: object }).params, packValueText: null } } as never);
    expect(row.incoming).toBe('（无数值）');
  });
});
