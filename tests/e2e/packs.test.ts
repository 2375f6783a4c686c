// Library packs (资料包, issue 14 item 5) through the real UI in Chromium on the real services. On a
// first machine (data folder) two user sources are set up through the API, then 资料包 ▾ → 导出资料包…
// is driven by keys and clicks (one source left out by keyboard, the maker typed) and the .bspack on
// disk is read back. On a second machine (a fresh data folder) the pack is imported by keys and
// clicks: first clean, then again (its duplicates listed, nothing added), then a pack whose figure
// disagrees with one in the library, 替换 chosen by keyboard; user-library.json on disk says what
// arrived. A .bspack that is not a zip is refused with the Chinese message of its code.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../src/shared/api';
import { errorCatalogue } from '../../src/shared/errors';
import { chromiumAvailability } from './harness/browser';
import { editorReady, openApp, screenshotsDir, type Session } from './support';

const chromium = chromiumAvailability();

interface UserLibraryFile {
  sources: { id: string; title: string }[];
  items: { id: string; subject: string; valueText?: string; sourceId: string; metric?: string; year?: number }[];
}

const REPORT = '2026年南京市政府工作报告';
const BULLETIN = '南京市2025年统计公报';

async function openEditor(s: Session): Promise<void> {
  await s.page.getByTestId('new-draft').click();
  await s.page.getByTestId('editor').waitFor();
  await s.page.getByTestId('library-results').waitFor();
  await editorReady(s.page);
}

/** 资料包 ▾ by keyboard: focus, ↓ opens the menu on its first entry, ↓ again for the second, Enter. */
async function openPackDialog(s: Session, mode: 'export' | 'import'): Promise<void> {
  await s.page.getByTestId('pack-menu').focus();
  await s.page.keyboard.press('ArrowDown');
  if (mode === 'import') await s.page.keyboard.press('ArrowDown');
  await expect.poll(() => s.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe(`pack-${mode}-open`);
  await s.page.keyboard.press('Enter');
  await s.page.getByTestId('pack-dialog').waitFor();
}

describe.skipIf(!chromium.available)(`library packs: export and import through the UI${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let a: Session;
  let b: Session;
  let packPath = '';
  let conflictPath = '';
  const libraryB = () => JSON.parse(readFileSync(join(b.harness.dataDir, 'library', 'user-library.json'), 'utf8')) as UserLibraryFile;

  beforeAll(async () => {
    a = await openApp({ viewport: { width: 1440, height: 900 } });
    await openEditor(a);
    // Set-up only: two sources with their accepted items in machine A's user library.
    const added = await a.page.evaluate(
      async ([report, bulletin]) => {
        const api = (window as unknown as { api: Api }).api;
        const one = await api.acceptCandidates({
          source: { title: report, outlet: '南京市人民政府', date: '2026-01-20', docNumber: null, paragraphs: ['2025年全市地区生产总值1.9万亿元。新增高新技术企业1200家。'] },
          items: [
            { kind: 'indicator', subject: '地区生产总值', quote: '2025年全市地区生产总值1.9万亿元。', paragraph: 1, value: 1.9, unit: '万亿元', valueText: '1.9万亿元', baseValue: 1.9e12, baseUnit: '元', qualifier: 'actual', year: 2025, city: '南京', metric: 'gdp' },
            { kind: 'indicator', subject: '新增高新技术企业', quote: '新增高新技术企业1200家。', paragraph: 1, value: 1200, unit: '家', valueText: '1200家', baseValue: 1200, baseUnit: '家', qualifier: 'actual', year: 2025, city: '南京', metricLabel: '新增高新技术企业' },
          ],
        });
        const two = await api.acceptCandidates({
          source: { title: bulletin, outlet: '南京市统计局', date: '2026-03-01', docNumber: null, paragraphs: ['2025年全市地区生产总值18900亿元。'] },
          items: [{ kind: 'indicator', subject: '地区生产总值', quote: '2025年全市地区生产总值18900亿元。', paragraph: 1, value: 18900, unit: '亿元', valueText: '18900亿元', baseValue: 1.89e12, baseUnit: '元', qualifier: 'actual', year: 2025, city: '南京', metric: 'gdp' }],
        });
        return [one.ok ? one.value.sourceId : one.message, two.ok ? two.value.sourceId : two.message];
      },
      [REPORT, BULLETIN] as const,
    );
    expect(added.every((id) => id.startsWith('u-'))).toBe(true);
    // The bulletin alone as a second pack (set-up through the API): its 地区生产总值 disagrees with the report's.
    mkdirSync(a.harness.exportsDir, { recursive: true });
    conflictPath = join(a.harness.exportsDir, '统计公报.bspack');
    const exported = await a.page.evaluate(async ([id, path]) => (window as unknown as { api: Api }).api.exportPack({ sourceIds: [id!], path: path!, madeBy: { name: '李四', unit: '南京市统计局' } }), [added[1], conflictPath]);
    expect(exported.ok ? null : exported.message).toBeNull();
    // The panel shows the new sources once reloaded.
    await a.page.reload();
    await openEditor(a);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('exports the chosen sources by keyboard: one left out, the maker typed; the .bspack on disk names them', async () => {
    await openPackDialog(a, 'export');
    const boxes = a.page.getByTestId('pack-source');
    await expect.poll(() => boxes.count()).toBe(2);
    expect(await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual([true, true]);
    // Focus is on the first source; Tab to the bulletin and Space leaves it out.
    await expect.poll(() => a.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('pack-source');
    const titles = await a.page.locator('[data-testid="pack-dialog"] .title').allTextContents();
    const bulletinAt = titles.indexOf(BULLETIN);
    if (bulletinAt === 1) await a.page.keyboard.press('Tab');
    await a.page.keyboard.press('Space');
    expect(await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual(titles.map((t) => t !== BULLETIN));
    await a.page.getByTestId('pack-maker').fill('');
    await a.page.getByTestId('pack-maker').pressSequentially('张三');
    await a.page.getByTestId('pack-unit').fill('南京市发展和改革委员会');
    // Focus stays in the dialog: Tab from the last control wraps inside it.
    for (let i = 0; i < 8; i++) await a.page.keyboard.press('Tab');
    expect(await a.page.evaluate(() => !!document.activeElement?.closest('[data-testid="pack-dialog"]'))).toBe(true);
    await a.page.screenshot({ path: join(screenshotsDir, 'packs-export.png') });
    await a.page.getByTestId('pack-export').click();
    const done = a.page.getByTestId('pack-exported');
    await done.waitFor();
    expect(await done.textContent()).toContain('1 个来源、2 条条目');
    packPath = join(a.harness.exportsDir, (await done.getAttribute('data-file'))!);
    expect(packPath.endsWith('.bspack')).toBe(true);
    expect(existsSync(packPath)).toBe(true);
    const entries = unzipSync(readFileSync(packPath));
    const manifest = JSON.parse(strFromU8(entries['pack.json']!)) as { madeBy: { name: string; unit: string | null }; sources: unknown[] };
    expect(manifest.madeBy).toEqual({ name: '张三', unit: '南京市发展和改革委员会' });
    expect(JSON.stringify(manifest)).toContain(REPORT);
    expect(JSON.stringify(manifest)).not.toContain(BULLETIN);
    await a.page.keyboard.press('Enter'); // 完成 has the focus
    await a.page.getByTestId('pack-dialog').waitFor({ state: 'detached' });
  });

  it('imports the pack on another machine: a preview of who made it, then the items in the library', async () => {
    b = await openApp({ dataDir: mkdtempSync(join(tmpdir(), 'bs-e2e-packs-b-')), viewport: { width: 1440, height: 900 } });
    await openEditor(b);
    b.harness.queueOpenPath(packPath);
    await openPackDialog(b, 'import');
    const preview = b.page.getByTestId('pack-preview');
    await preview.waitFor();
    expect(await b.page.getByTestId('pack-maker-shown').textContent()).toBe('张三');
    expect(await preview.textContent()).toContain('南京市发展和改革委员会');
    expect(await b.page.getByTestId('pack-counts').textContent()).toContain('新来源 1 个、新条目 2 条');
    expect(await b.page.getByTestId('pack-conflict').count()).toBe(0);
    await b.page.getByTestId('pack-import').click();
    await b.page.getByTestId('pack-imported').waitFor();
    expect(await b.page.getByTestId('pack-imported').textContent()).toContain('已导入 1 个来源、2 条条目');
    const lib = libraryB();
    expect(lib.sources.map((s) => s.title)).toEqual([REPORT]);
    expect(lib.items.map((i) => i.valueText).sort()).toEqual(['1.9万亿元', '1200家']);
    // The library panel shows the new items.
    await b.page.getByTestId('pack-close').press('Enter');
    await b.page.getByTestId('library-search').fill('高新技术企业');
    const ids = lib.items.map((i) => i.id);
    await expect.poll(() => b.page.getByTestId('library-hit').evaluateAll((els, known) => els.some((e) => known.includes((e as HTMLElement).dataset.itemId ?? '')), ids)).toBe(true);
  });

  it('the same pack again: its duplicates are listed and nothing is added', async () => {
    const before = libraryB();
    b.harness.queueOpenPath(packPath);
    await openPackDialog(b, 'import');
    await b.page.getByTestId('pack-preview').waitFor();
    expect(await b.page.getByTestId('pack-counts').textContent()).toContain('新来源 0 个、新条目 0 条');
    const dups = await b.page.getByTestId('pack-duplicate').allTextContents();
    expect(dups.some((d) => d.includes(REPORT) && d.includes('已在资料库中'))).toBe(true);
    expect(dups.filter((d) => d.startsWith('条目')).length).toBe(2);
    await b.page.getByTestId('pack-import').click();
    await b.page.getByTestId('pack-imported').waitFor();
    expect(await b.page.getByTestId('pack-imported').textContent()).toContain('已导入 0 个来源、0 条条目');
    expect(libraryB()).toEqual(before);
  });

  it('a conflicting figure is shown side by side; 替换 chosen by keyboard replaces it on disk', async () => {
    b.harness.queueOpenPath(conflictPath);
    await b.page.getByTestId('pack-pick').click();
    const row = b.page.getByTestId('pack-conflict');
    await row.waitFor();
    expect(await row.count()).toBe(1);
    const text = await row.textContent();
    expect(text).toContain('地区生产总值');
    expect(text).toContain('南京');
    expect(text).toContain('2025年');
    expect(text).toContain('1.9万亿元');
    expect(text).toContain('18900亿元');
    expect(await row.getAttribute('data-resolution')).toBe('skip');
    await b.page.screenshot({ path: join(screenshotsDir, 'packs-import-conflict.png') });
    // Focus is on the row's 跳过; → → moves the choice to 替换.
    await expect.poll(() => b.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('pack-resolve-skip');
    await b.page.keyboard.press('ArrowRight');
    await b.page.keyboard.press('ArrowRight');
    expect(await row.getAttribute('data-resolution')).toBe('replace');
    await b.page.getByTestId('pack-import').focus();
    await b.page.keyboard.press('Enter');
    await b.page.getByTestId('pack-imported').waitFor();
    expect(await b.page.getByTestId('pack-imported').textContent()).toContain('替换 1 条');
    const lib = libraryB();
    expect(lib.sources.map((s) => s.title).sort()).toEqual([REPORT, BULLETIN].sort());
    const gdp = lib.items.filter((i) => i.metric === 'gdp' && i.year === 2025).map((i) => i.valueText);
    expect(gdp).toEqual(['18900亿元']);
    await b.page.getByTestId('pack-close').press('Enter');
  });

  it('a .bspack that is not a zip is refused with the Chinese message of its code; nothing is imported', async () => {
    const before = libraryB();
    const bad = join(mkdtempSync(join(tmpdir(), 'bs-e2e-badpack-')), '坏的.bspack');
    writeFileSync(bad, '这不是一个资料包，只是一段文字。');
    b.harness.queueOpenPath(bad);
    await openPackDialog(b, 'import');
    const error = b.page.getByTestId('pack-error');
    await error.waitFor();
    const shown = (await error.textContent())!.trim();
    expect([errorCatalogue.PACK_INVALID, errorCatalogue.PACK_DAMAGED].some((m) => shown.startsWith(m))).toBe(true);
    expect(await b.page.getByTestId('pack-import').count()).toBe(0);
    await b.page.keyboard.press('Escape');
    await b.page.getByTestId('pack-dialog').waitFor({ state: 'detached' });
    expect(libraryB()).toEqual(before);
    expect(b.pageErrors).toEqual([]);
    expect(a.pageErrors).toEqual([]);
  });
});
