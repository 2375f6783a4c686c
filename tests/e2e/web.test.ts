// The browser mode end to end (issue 16): `briefsmith open --print-url` of the built CLI, driven in
// Debian Chromium — a new draft typed with real keys, exported into the export folder and
// downloaded; closing the tab right after typing loses nothing; Ctrl+C (SIGINT) saves and releases
// the data folder's lock; a second instance on the same folder is refused in Chinese.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchChromium } from './harness/browser';
import { startOpen, type OpenedServer } from './harness/cli-open';
import { blockTexts, draftIdsOnDisk, editorReady, savedBriefing, screenshotsDir } from './support';

const chromium = chromiumAvailability();
const built = existsSync(join(import.meta.dirname, '..', '..', 'out', 'cli', 'index.js')) && existsSync(join(import.meta.dirname, '..', '..', 'out', 'renderer', 'index.html'));

describe.skipIf(!chromium.available || !built)('browser mode: briefsmith open --print-url in Chromium', () => {
  let dataDir: string;
  let exportDir: string;
  let server: OpenedServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let draftId = '';

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'bs-web-e2e-'));
    dataDir = join(root, 'data');
    exportDir = join(root, '导出');
    server = await startOpen(dataDir, ['--export-dir', exportDir]);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie and shows the app at a clean URL', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    await page.goto(server.url);
    await page.getByTestId('drafts-home').waitFor();
    expect(page.url()).toBe(`http://127.0.0.1:${server.port}/`);
    const cookies = await context.cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([{ name: `briefsmith-session-${server.port}`, httpOnly: true, sameSite: 'Strict' }]);
    // the page script cannot read it
    expect(await page.evaluate('document.cookie')).toBe('');
  });

  it('a new draft typed with real keys reaches the desktop data folder', async () => {
    await page.getByTestId('new-draft').click();
    await page.getByTestId('editor').waitFor();
    // the first preview starts the render worker: slow on a loaded machine
    await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ state: 'attached', timeout: 90_000 });
    await editorReady(page);
    for (let i = 0; i < 100 && draftIdsOnDisk(dataDir).length === 0; i++) await page.waitForTimeout(100);
    draftId = draftIdsOnDisk(dataDir)[0] ?? '';
    expect(draftId).toBeTruthy();
    await page.locator('[data-testid="body"] > p.bs-para').last().click();
    await page.keyboard.press('End');
    await page.keyboard.type('Browser mode 2025', { delay: 20 });
    await page.keyboard.insertText('浏览器模式写的字');
    const saved = await savedBriefing(dataDir, draftId, (b) => blockTexts(b.blocks).some((t) => t.includes('Browser mode 2025浏览器模式写的字')));
    expect(saved.id).toBe(draftId);
    await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ state: 'attached', timeout: 90_000 });
    await page.screenshot({ path: join(screenshotsDir, 'browser-mode.png') });
  });

  it('exports into the export folder and offers the PDF as a download', async () => {
    const downloading = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId('export-pdf').click();
    await page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    const download = await downloading;
    const written = readdirSync(exportDir).filter((f) => f.endsWith('.pdf'));
    expect(written).toHaveLength(1);
    expect(download.suggestedFilename()).toBe(written[0]);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.equals(readFileSync(join(exportDir, written[0]!)))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('Word beside PDF: the PDF downloads by itself, the .docx from its own 下载 in the result', async () => {
    await page.getByTestId('export-options').click();
    await page.getByTestId('export-dialog').waitFor();
    if (!(await page.getByTestId('export-format-docx').isChecked())) await page.getByTestId('export-format-docx').click();
    const first = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId('export-confirm').click();
    // The same name as the export before: replace it.
    const replace = page.getByTestId('export-replace');
    await page.getByTestId('export-result').or(replace).waitFor({ timeout: 60_000 });
    if (await replace.isVisible()) await replace.click();
    await page.getByTestId('export-result').waitFor({ timeout: 60_000 });
    expect((await first).suggestedFilename()).toMatch(/\.pdf$/);
    const files = await page.getByTestId('export-file').allTextContents();
    const docx = files.findIndex((f) => f.endsWith('.docx'));
    expect(docx).toBeGreaterThanOrEqual(0);
    await page.getByTestId('export-reveal').waitFor();
    await page.screenshot({ path: join(screenshotsDir, 'browser-mode-export-result.png') });
    const second = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByTestId('export-file-open').nth(docx).click();
    const download = await second;
    const name = files[docx]!.split(/[\\/]/).pop()!;
    expect(download.suggestedFilename()).toBe(name);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.equals(readFileSync(join(exportDir, name)))).toBe(true);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    await page.getByTestId('export-close').click();
    expect(pageErrors).toEqual([]);
  });

  it('closing the tab right after typing loses nothing (pagehide: the close guard saves, keepalive)', async () => {
    await page.locator('[data-testid="body"] > p.bs-para').last().click();
    await page.keyboard.press('End');
    // well inside the autosave's quiet time (500 ms): only the close can save this
    await page.keyboard.type(' tab closed', { delay: 5 });
    await page.close({ runBeforeUnload: true });
    const saved = await savedBriefing(dataDir, draftId, (b) => blockTexts(b.blocks).some((t) => t.endsWith('浏览器模式写的字 tab closed')), 10_000);
    expect(blockTexts(saved.blocks).join('\n')).toContain('tab closed');
  });

  it('a second instance on the same data folder is refused with a Chinese message', async () => {
    await expect(startOpen(dataDir, [], {})).rejects.toThrow(/数据目录正被另一个简报工坊使用（进程号 \d+/);
  });

  it('Ctrl+C (SIGINT) saves, releases the store lock and exits 0', async () => {
    const lock = join(dataDir, 'drafts', 'store.lock');
    expect(existsSync(lock)).toBe(true);
    expect(await server.stop('SIGINT')).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(server.stderr()).toContain('已保存，数据目录已释放');
    // and the next start takes the folder at once
    const next = await startOpen(dataDir);
    try {
      expect(next.url).toContain('token=');
    } finally {
      expect(await next.stop('SIGTERM')).toBe(0);
    }
  });
});
