// Exports never destroy files they did not create, through the export dialog in Chromium: a
// complete numbered export, then a second one of the same name — the dialog lists the existing
// files and asks; Esc cancels and says so; every earlier file is still there, byte for byte.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from './harness/browser';
import { newDraftOnDisk, openApp, screenshotsDir, type Session } from './support';

const chromium = chromiumAvailability();

describe.skipIf(!chromium.available)(`exports never destroy files they did not create${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  let page: Page;
  /** Every file (and folder) of the exports folder with its bytes. */
  const exported = () => Object.fromEntries(readdirSync(s.harness.exportsDir).sort().map((f) => [f, readFileSync(join(s.harness.exportsDir, f)).toString('base64')]));

  const exportNumbered = async (copies: number) => {
    await page.getByTestId('export-options').click();
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-numbered').check();
    await page.getByTestId('export-copies').fill(String(copies));
    await page.getByTestId('export-confirm').click();
  };

  beforeAll(async () => {
    s = await openApp();
    page = s.page;
    await newDraftOnDisk(page, s.harness.dataDir);
    await page.locator('[data-testid="save-status"][data-state="saved"], [data-testid="save-status"][data-state="idle"]').first().waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a first numbered export writes three copies and the register', async () => {
    await exportNumbered(3);
    await page.getByTestId('export-result').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('export-file').count()).toBe(5);
    await page.getByTestId('export-close').click();
    const names = Object.keys(exported());
    expect(names.filter((n) => /-00000[1-3]\.pdf$/.test(n))).toHaveLength(3);
    expect(names.filter((n) => n.includes('分发登记表'))).toHaveLength(2);
  });

  it('the same name again: the dialog lists the existing files, Esc cancels, and every earlier file is unchanged', async () => {
    const before = exported();
    await exportNumbered(5);
    const prompt = page.getByTestId('export-conflicts');
    await prompt.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('export-conflict').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')))).toEqual(['copy', 'copy', 'copy', 'register-pdf', 'register-csv']);
    expect(await prompt.textContent()).toContain('以下 5 个文件已存在');
    // the dialog fits in 1280 × 800
    const box = await page.getByTestId('export-dialog').boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 800 && box.x >= 0 && box.x + box.width <= 1280).toBe(true);
    // the safe answer has the focus
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null")).toBe('export-keep');
    await page.screenshot({ path: join(screenshotsDir, 'export-replace.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('export-cancelled').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('export-cancelled').textContent()).toContain('原有文件均未改动');
    expect(exported()).toEqual(before);
  });

  it('replacing after confirmation writes the new set whole; no temporary folder is left', async () => {
    await page.getByTestId('export-confirm').click();
    await page.getByTestId('export-conflicts').waitFor({ timeout: 30_000 });
    await page.getByTestId('export-replace').click();
    await page.getByTestId('export-result').waitFor({ timeout: 60_000 });
    const names = Object.keys(exported());
    expect(names.filter((n) => /-00000[1-5]\.pdf$/.test(n))).toHaveLength(5);
    expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
    const csv = readFileSync(join(s.harness.exportsDir, names.find((n) => n.endsWith('.csv'))!), 'utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(6);
    expect(s.pageErrors).toEqual([]);
  });

  it('Esc during a running export cancels it and leaves no file of the new run', async () => {
    await page.getByTestId('export-close').click();
    const before = exported();
    await page.getByTestId('export-options').click();
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-numbered').check();
    await page.getByTestId('export-copies').fill('40');
    // the same name: replace the set, then press Esc while the copies are being written
    await page.getByTestId('export-confirm').click();
    await page.getByTestId('export-conflicts').waitFor({ timeout: 30_000 });
    await page.getByTestId('export-replace').click();
    await page.getByTestId('export-progress').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('export-cancelled').waitFor({ timeout: 60_000 });
    // replacing was confirmed, but the run was cancelled before the end: the set in place is the earlier one
    expect(exported()).toEqual(before);
  });
});
