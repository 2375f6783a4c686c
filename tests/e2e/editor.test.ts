// The editor's interactions in real Chromium through the harness: the empty state, `/` commands,
// paste from Word, drag from the library and by the handle, bold, unlink, undo and redo from the
// application menu, and the preview following the caret.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from './harness/browser';
import { openApp, screenshotsDir, type Session } from './support';

const chromium = chromiumAvailability();

const blockTypes = (page: Page) => page.locator('[data-testid="block"]').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { type?: string } }).dataset.type ?? ''));
const paragraphs = (page: Page) => page.getByTestId('paragraph-input').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));

describe.skipIf(!chromium.available)(`editor interactions in Chromium${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  let page: Page;
  beforeAll(async () => {
    s = await openApp();
    page = s.page;
    await page.getByTestId('drafts-home').waitFor();
    // A blank draft (no template sections), to start from the empty state.
    await page.evaluate(`(async () => {
      const created = await window.api.createDraft({ title: '' });
      await window.api.saveDraft({ draft: { ...created.value, blocks: [] } });
    })()`);
    await page.reload();
    await page.getByTestId('draft-row').first().click();
    await page.getByTestId('editor').waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('says what to do next in an empty briefing', async () => {
    await page.getByTestId('editor-empty').waitFor();
    await expect(page.getByTestId('editor-empty').textContent()).resolves.toContain('在段落开头输入');
    await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(screenshotsDir, 'editor-empty.png') });
  });

  it('inserts blocks with the / command (also 、 from a Chinese input method)', async () => {
    await page.getByTestId('editor-empty').getByRole('button', { name: '开始写段落' }).click();
    await page.keyboard.type('/');
    await page.getByTestId('slash-menu').waitFor();
    await page.screenshot({ path: join(screenshotsDir, 'editor-slash.png') });
    await page.keyboard.type('ej');
    await page.keyboard.press('Enter');
    expect(await blockTypes(page)).toEqual(['heading']);
    await expect(page.getByTestId('heading-number').first().textContent()).resolves.toBe('（一）');
    await page.keyboard.insertText('主要做法');
    await page.keyboard.press('Enter');
    expect(await blockTypes(page)).toEqual(['heading', 'paragraph']);
    await page.keyboard.insertText('、');
    await page.keyboard.type('fy');
    await page.keyboard.press('Enter');
    expect(await blockTypes(page)).toEqual(['heading', 'pageBreak']);
  });

  it('pastes from Word as paragraphs without styles', async () => {
    await page.getByTestId('append-paragraph').click();
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/html', '<html><body><p class=MsoNormal style="text-indent:32pt"><span style="font-family:仿宋;color:red">一是强化"链主"引领,</span></p><p class=MsoNormal><b>二是</b>优化服务。</p><p class=MsoNormal>&nbsp;</p></body></html>');
      data.setData('text/plain', 'plain');
      document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
    expect(await paragraphs(page)).toEqual(['一是强化“链主”引领，', '二是优化服务。']);
  });

  it('makes the selection bold with Ctrl+B', async () => {
    const area = page.getByTestId('paragraph-input').last();
    await area.click();
    await area.evaluate((el) => (el as unknown as { setSelectionRange(a: number, b: number): void }).setSelectionRange(0, 2));
    await page.keyboard.press('Control+b');
    await expect(page.locator('.mirror b').first().textContent()).resolves.toBe('二是');
  });

  it('inserts a library item dropped between blocks, and unlinks it', async () => {
    await page.getByTestId('library-search').fill('技术转化率');
    const hit = page.locator('[data-testid="library-hit"][data-item-id="nj-tech-transfer-rate-2023"]');
    await hit.waitFor();
    const target = page.locator('[data-testid="block"][data-type="heading"]');
    const box = (await target.boundingBox())!;
    await hit.dragTo(target, { targetPosition: { x: box.width / 2, y: box.height - 4 } });
    await expect.poll(() => blockTypes(page)).toEqual(['heading', 'excerpt', 'pageBreak', 'paragraph', 'paragraph']);
    const excerpt = page.locator('[data-testid="block"][data-type="excerpt"]');
    await expect(excerpt.getByTestId('figure-chip').textContent()).resolves.toContain('28%');
    await expect(excerpt.getByTestId('statement-before').inputValue()).resolves.toBe('南京技术转化率仅为');
    await page.screenshot({ path: join(screenshotsDir, 'editor-statement.png') });
    await excerpt.hover();
    await excerpt.getByTestId('excerpt-unlink').click();
    expect(await blockTypes(page)).toEqual(['heading', 'paragraph', 'pageBreak', 'paragraph', 'paragraph']);
    expect((await paragraphs(page))[0]).toBe('南京技术转化率仅为28%（江苏省科技厅2023年数据）。');
  });

  it('undoes and redoes from the application menu (编辑 › 撤销 / 重做)', async () => {
    await page.evaluate(`window.__harness.menu('undo')`);
    expect(await blockTypes(page)).toEqual(['heading', 'excerpt', 'pageBreak', 'paragraph', 'paragraph']);
    await page.evaluate(`window.__harness.menu('redo')`);
    expect(await blockTypes(page)).toEqual(['heading', 'paragraph', 'pageBreak', 'paragraph', 'paragraph']);
  });

  it('re-renders the preview when the template is switched', async () => {
    await page.getByTestId('tab-meta').click();
    const options = await page.getByTestId('meta-template').locator('option').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    const other = options.find((o) => o !== 'gongzuo-jianbao');
    expect(other).toBeDefined();
    await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ state: 'attached' });
    const before = Number(await page.getByTestId('preview').getAttribute('data-generation'));
    await page.getByTestId('meta-template').selectOption(other!);
    await expect.poll(async () => Number(await page.getByTestId('preview').getAttribute('data-generation')), { timeout: 15_000 }).toBeGreaterThan(before);
    await page.getByTestId('undo').click();
    await expect(page.getByTestId('meta-template').inputValue()).resolves.toBe('gongzuo-jianbao');
    await page.getByTestId('tab-preview').click();
  });

  it('reorders a block by dragging its handle', async () => {
    const handle = page.locator('[data-testid="block"][data-type="pageBreak"]').getByTestId('block-handle');
    await page.locator('[data-testid="block"][data-type="pageBreak"]').hover();
    const last = page.locator('[data-testid="block"]').last();
    const box = (await last.boundingBox())!;
    await handle.dragTo(last, { targetPosition: { x: box.width / 2, y: box.height - 3 } });
    expect(await blockTypes(page)).toEqual(['heading', 'paragraph', 'paragraph', 'paragraph', 'pageBreak']);
    expect(s.pageErrors).toEqual([]);
    expect(s.harness.logged).toEqual([]);
  });
});
