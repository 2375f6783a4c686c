// Closing a browser tab never loses edits, whatever the draft's size (issue 16): against
// `briefsmith open --print-url` itself, in Debian Chromium, with real key events and the tab closed
// at once (page.close with beforeunload, well inside the autosave's quiet time).
// - A small draft: no question; the keepalive save lands.
// - A draft of ~150 KB (over Chromium's 64 KiB keepalive budget): the browser asks to stay; staying,
//   the save finishes and the text is on disk.
// - Leaving anyway with the save cut off: the draft is kept in the page's storage and, when the app
//   is opened again, becomes a recovery copy offered with 恢复; 恢复 puts the text on disk.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchChromium } from './harness/browser';
import { startOpen, type OpenedServer } from './harness/cli-open';
import { blockTexts, briefingOnDisk, draftIdsOnDisk, editorReady, savedBriefing, screenshotsDir } from './support';

const chromium = chromiumAvailability();
const root = join(import.meta.dirname, '..', '..');
const built = existsSync(join(root, 'out', 'cli', 'index.js')) && existsSync(join(root, 'out', 'renderer', 'index.html'));

describe.skipIf(!chromium.available || !built)('browser mode: closing the tab loses nothing, whatever the draft’s size', () => {
  let dataDir: string;
  let server: OpenedServer;
  let browser: Browser;
  let context: BrowserContext;
  const base = () => `http://127.0.0.1:${server.port}/`;

  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'bs-web-close-')), 'data');
    server = await startOpen(dataDir);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    // The token becomes the session cookie of this context.
    const first = await context.newPage();
    await first.goto(server.url);
    await first.getByTestId('drafts-home').waitFor();
    await first.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
  });

  /** A page showing draft `id` in the editor, the caret at the end of its last paragraph. */
  async function openDraft(id: string): Promise<{ page: Page; dialogs: string[] }> {
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => dialogs.push(dialog.type()));
    await page.goto(base());
    await page.getByTestId('drafts-home').waitFor();
    await page.locator(`[data-testid="draft-row"]`).first().click();
    await page.getByTestId('editor').waitFor();
    await editorReady(page);
    expect(await page.evaluate('window.location.pathname')).toBe('/');
    expect(id).toBeTruthy();
    await page.locator('[data-testid="body"] > p.bs-para').last().click();
    await page.keyboard.press('Control+End');
    return { page, dialogs };
  }

  let id = '';

  it('a small draft: typed, the tab closed at once — no question, the text on disk', async () => {
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => dialogs.push(dialog.type()));
    await page.goto(base());
    await page.getByTestId('new-draft').click();
    await page.getByTestId('editor').waitFor();
    await editorReady(page);
    for (let i = 0; i < 100 && draftIdsOnDisk(dataDir).length === 0; i++) await page.waitForTimeout(100);
    id = draftIdsOnDisk(dataDir)[0]!;
    await page.locator('[data-testid="body"] > p.bs-para').last().click();
    await page.keyboard.type('small close', { delay: 5 });
    await page.close({ runBeforeUnload: true });
    const saved = await savedBriefing(dataDir, id, (b) => blockTexts(b.blocks).some((t) => t.includes('small close')), 10_000);
    expect(blockTexts(saved.blocks).join('')).toContain('small close');
    expect(dialogs).toEqual([]);
  });

  it('a draft of ~150 KB: the browser asks to stay; staying, the save finishes and the text is on disk', async () => {
    // Set-up through the API: 60 paragraphs of 800 characters.
    const setup = await context.newPage();
    await setup.goto(base());
    await setup.getByTestId('drafts-home').waitFor();
    const bytes = await setup.evaluate(async (draftId) => {
      const api = (window as unknown as { api: { getDraft(r: unknown): Promise<{ ok: boolean; value: { blocks: unknown[] } }>; saveDraft(r: unknown): Promise<{ ok: boolean }> } }).api;
      const got = await api.getDraft({ id: draftId });
      const text = '杭州提出落细“三个15%”相关科技政策，即市财政科技投入年均增长要达到15%以上，'.repeat(20).slice(0, 800);
      const blocks = [...got.value.blocks, ...Array.from({ length: 60 }, (_, i) => ({ id: `big${i}`, type: 'paragraph', runs: [{ text }] }))];
      const draft = { ...got.value, blocks };
      const saved = await api.saveDraft({ draft });
      if (!saved.ok) throw new Error(JSON.stringify(saved));
      return new TextEncoder().encode(JSON.stringify({ draft })).length;
    }, id);
    expect(bytes).toBeGreaterThan(100_000);
    await setup.close();

    const { page, dialogs } = await openDraft(id);
    page.removeAllListeners('dialog');
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await page.keyboard.type(' stay and save', { delay: 5 });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs, { timeout: 10_000 }).toEqual(['beforeunload']);
    expect(page.isClosed()).toBe(false);
    const saved = await savedBriefing(dataDir, id, (b) => blockTexts(b.blocks).some((t) => t.endsWith(' stay and save')), 15_000);
    expect(saved.blocks.length).toBeGreaterThan(60);
    await page.screenshot({ path: join(screenshotsDir, 'web-close-stayed.png') });
    // Everything saved: the tab now closes without a question.
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed(), { timeout: 10_000 }).toBe(true);
    expect(dialogs).toEqual(['beforeunload']);
  });

  it('leaving anyway with the save cut off: kept in the page, a recovery copy at the next open, 恢复 puts it on disk', async () => {
    const { page, dialogs } = await openDraft(id);
    page.removeAllListeners('dialog');
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.keyboard.type(' left anyway', { delay: 5 });
    // The save never reaches the server (the connection is gone): only the page's stash can keep the text.
    await context.setOffline(true);
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed(), { timeout: 10_000 }).toBe(true);
    expect(dialogs).toEqual(['beforeunload']);
    await context.setOffline(false);
    expect(blockTexts(briefingOnDisk(dataDir, id).blocks).some((t) => t.endsWith(' left anyway'))).toBe(false);

    // Opened again: the stash becomes a recovery copy, offered with 恢复.
    const again = await context.newPage();
    await again.goto(base());
    await again.getByTestId('recovery-notice').waitFor({ timeout: 15_000 });
    const recovery = JSON.parse(readFileSync(join(dataDir, 'recovery', `${id}.json`), 'utf8')) as { draft?: { blocks: unknown[] }; briefing?: { blocks: unknown[] } };
    expect(JSON.stringify(recovery)).toContain(' left anyway');
    await again.screenshot({ path: join(screenshotsDir, 'web-close-recovery.png') });
    await again.getByTestId('recovery-restore').click();
    const restored = await savedBriefing(dataDir, id, (b) => blockTexts(b.blocks).some((t) => t.endsWith(' left anyway')), 10_000);
    expect(restored.blocks.length).toBeGreaterThan(60);
    // The stash is gone: opening once more offers nothing.
    expect(await again.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('briefsmith.unsaved.')))).toEqual([]);
    await again.close();
  });
});
