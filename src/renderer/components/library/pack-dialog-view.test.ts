// The 资料包 dialog and menu in jsdom on a fake client: the menu by keys, the export list and maker,
// the import preview's conflict table with a choice per row, Esc closing.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { PackPreview } from '../../../shared/api/source-packs';
import { errorCatalogue, fail, ok } from '../../../shared/errors';
import PackDialog from './PackDialog.svelte';
import PackMenu from './PackMenu.svelte';
import type { PackClient } from './pack-dialog.svelte';

const preview: PackPreview = {
  path: '/tmp/南京.bspack',
  pack: { formatVersion: 1, createdAt: '2026-03-04T05:06:07Z', madeBy: { name: '张三', unit: null }, appVersion: '0.1.0', packHash: 'b'.repeat(64) },
  sources: [{ packSourceId: 'p-src', title: '南京市2025年统计公报', outlet: '南京市统计局', date: '2026-03-01', docNumber: null, itemCount: 1, duplicateOf: null }],
  items: [{ packItemId: 'p-gdp', packSourceId: 'p-src', kind: 'indicator', subject: '地区生产总值', city: '南京', district: null, year: 2025, valueText: '18900亿元', status: 'conflict' }],
  duplicates: [],
  conflicts: [
    {
      code: 'PACK_CONFLICT',
      params: { packItemId: 'p-gdp', packSourceId: 'p-src', metric: 'gdp', metricLabel: '地区生产总值', city: '南京', district: null, year: 2025, qualifier: 'actual', packValueText: '18900亿元', existing: [{ id: 'u-gdp', valueText: '1.9万亿元', origin: 'user', sourceTitle: '政府工作报告' }] },
    },
  ],
};

function client(overrides: Partial<PackClient> = {}): PackClient & { importArgs: unknown[] } {
  const importArgs: unknown[] = [];
  return {
    importArgs,
    listSources: async () => ok({ sources: [{ id: 'u-a', title: '政府工作报告', outlet: '南京市人民政府', date: '2026-01-20', docNumber: null, paragraphCount: 2, itemCount: 2 }], notices: [] }),
    exportPack: async () => ok({ path: '/x/资料包.bspack', sources: 1, items: 2, bytes: 2048 }),
    previewPackImport: async () => ok(structuredClone(preview)),
    importPack: async (args) => {
      importArgs.push(args);
      return ok({ sourcesAdded: ['u-new'], itemsAdded: ['u-i'], duplicateSources: 0, duplicateItems: 0, skipped: [], replaced: ['u-gdp'], superseded: [], arrivedSuperseded: [] });
    },
    ...overrides,
  };
}

describe('资料包 ▾ menu', () => {
  it('↓ opens it on 导出资料包…, ↓ moves, Enter chooses; Esc closes it', async () => {
    const onchoose = vi.fn();
    render(PackMenu, { onchoose });
    const trigger = screen.getByTestId('pack-menu');
    trigger.focus();
    await fireEvent.keyDown(trigger, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('pack-export-open')));
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('pack-import-open'));
    await fireEvent.click(document.activeElement!);
    expect(onchoose).toHaveBeenCalledWith('import');
    await fireEvent.keyDown(trigger, { key: 'ArrowDown' });
    await waitFor(() => expect(screen.queryByRole('menu')).not.toBeNull());
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });
});

describe('PackDialog', () => {
  it('export: the sources checked, the maker from the 编印单位, the file named after the export', async () => {
    render(PackDialog, { mode: 'export', publisher: '南京市发改委', onclose: () => {}, client: client() });
    await waitFor(() => expect(screen.getAllByTestId('pack-source')).toHaveLength(1));
    expect((screen.getByTestId('pack-source') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('pack-maker') as HTMLInputElement).value).toBe('南京市发改委');
    await fireEvent.click(screen.getByTestId('pack-export'));
    await waitFor(() => expect(screen.getByTestId('pack-exported').textContent).toContain('资料包.bspack'));
    expect(document.activeElement).toBe(screen.getByTestId('pack-close'));
  });

  it('import: the conflict side by side, 替换 chosen for it, the library told afterwards', async () => {
    const c = client();
    const onimported = vi.fn();
    render(PackDialog, { mode: 'import', onclose: () => {}, onimported, client: c });
    const row = await screen.findByTestId('pack-conflict');
    expect(row.textContent).toContain('1.9万亿元');
    expect(row.textContent).toContain('18900亿元');
    expect(row.dataset.resolution).toBe('skip');
    await waitFor(() => expect(document.activeElement).toBe(screen.getAllByTestId('pack-resolve-skip')[0]));
    await fireEvent.click(screen.getByTestId('pack-resolve-replace'));
    expect(row.dataset.resolution).toBe('replace');
    // (Tab kept inside the dialog is checked in Chromium, tests/e2e/packs.test.ts: jsdom's selector engine lists a selector group out of document order.)
    const importButton = screen.getByTestId('pack-import');
    await fireEvent.click(importButton);
    await screen.findByTestId('pack-imported');
    expect(c.importArgs).toEqual([{ path: preview.path, packHash: 'b'.repeat(64), choices: { onConflict: 'replace', resolutions: { 'p-gdp': 'replace' } } }]);
    expect(onimported).toHaveBeenCalledTimes(1);
  });

  it('a refused pack shows the Chinese text of its code and offers no import; Esc closes', async () => {
    const onclose = vi.fn();
    render(PackDialog, { mode: 'import', onclose, client: client({ previewPackImport: async () => fail('PACK_UNSAFE_PATH') }) });
    expect((await screen.findByTestId('pack-error')).textContent).toBe(errorCatalogue.PACK_UNSAFE_PATH);
    expect(screen.queryByTestId('pack-import')).toBeNull();
    await fireEvent.keyDown(screen.getByTestId('pack-dialog'), { key: 'Escape' });
    expect(onclose).toHaveBeenCalledTimes(1);
  });
});
