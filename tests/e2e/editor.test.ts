// The editor's interactions in real Chromium through the harness, on the one ProseMirror body: the
// empty state, `/` commands (typed, and 、 from a Chinese input method), paste from Word, bold,
// a library indicator dropped between blocks (a paragraph with a linked figure) and into a sentence
// (a linked figure there), 取消关联, undo and redo from the application menu, the preview following
// a template switch, and a block moved by its drag handle. Each step checks the screen and the
// draft file on disk.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, Briefing } from '../../src/shared/briefing';
import { chromiumAvailability } from './harness/browser';
import { blockTexts, bodyTexts, briefingOnDisk, clickAtEnd, editorReady, openApp, savedBriefing, screenshotsDir, typeAsPerson, type Session } from './support';

const chromium = chromiumAvailability();
const ITEM = 'nj-tech-transfer-rate-2023';

type Paragraph = Extract<Block, { type: 'paragraph' }>;
/** The linked runs of every paragraph, as saved. */
const linkedRuns = (b: Briefing) => b.blocks.flatMap((x) => (x.type === 'paragraph' ? x.runs.filter((r) => r.link) : []));
const paragraphWith = (b: Briefing, text: string) => b.blocks.find((x): x is Paragraph => x.type === 'paragraph' && blockTexts([x])[0]!.includes(text));

describe.skipIf(!chromium.available)(`editor interactions in Chromium${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  let page: Page;
  let id = '';
  const disk = () => briefingOnDisk(s.harness.dataDir, id);
  const saved = (check: (b: Briefing) => boolean) => savedBriefing(s.harness.dataDir, id, check);
  /** Waits until the disk and the screen both hold `expected` as the blocks' text. */
  const both = async (expected: string[]) => {
    await saved((b) => JSON.stringify(blockTexts(b.blocks)) === JSON.stringify(expected));
    expect(await bodyTexts(page)).toEqual(expected);
  };

  beforeAll(async () => {
    s = await openApp();
    page = s.page;
    await page.getByTestId('drafts-home').waitFor();
    // A blank draft (no template sections), to start from the empty state.
    id = await page.evaluate<string>(`(async () => {
      const created = await window.api.createDraft({ title: '' });
      await window.api.saveDraft({ draft: { ...created.value, blocks: [] } });
      return created.value.id;
    })()`);
    await page.reload();
    await page.getByTestId('draft-row').first().click();
    await page.getByTestId('editor').waitFor();
    await editorReady(page);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('says what to do next in an empty briefing', async () => {
    await page.getByTestId('editor-empty').waitFor();
    await expect(page.getByTestId('editor-empty').textContent()).resolves.toContain('在空段落开头输入');
    // The body is one placeholder paragraph, and the file has no blocks.
    expect(await bodyTexts(page)).toEqual(['']);
    expect(disk().blocks).toEqual([]);
    await page.screenshot({ path: join(screenshotsDir, 'editor-empty.png') });
  });

  it('inserts blocks with the / command (also 、 from a Chinese input method)', async () => {
    await page.locator('[data-testid="body"] > p').first().click();
    await page.keyboard.type('/');
    await page.getByTestId('slash-menu').waitFor();
    await page.screenshot({ path: join(screenshotsDir, 'editor-slash.png') });
    await page.keyboard.type('ej');
    await page.keyboard.press('Enter');
    await page.getByTestId('slash-menu').waitFor({ state: 'detached' });
    await expect(page.locator('[data-testid="body"] > h2 .bs-num').textContent()).resolves.toBe('（一）');
    await typeAsPerson(page, '主要做法');
    await page.keyboard.press('Enter');
    // 、 is what a pinyin input method commits on the / key.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.insertText', { text: '、' });
    await cdp.detach();
    await page.keyboard.type('fy');
    await page.getByTestId('slash-menu').waitFor();
    await page.keyboard.press('Enter');
    await both(['主要做法', '[pageBreak]']);
    expect(disk().blocks[0]).toMatchObject({ type: 'heading', level: 2, text: '主要做法' });
  });

  it('pastes from Word as paragraphs without styles', async () => {
    await page.getByTestId('add-paragraph').click();
    await expect.poll(() => bodyTexts(page)).toEqual(['主要做法', '[pageBreak]', '']);
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/html', '<html><body><p class=MsoNormal style="text-indent:32pt"><span style="font-family:仿宋;color:red">一是强化"链主"引领,</span></p><p class=MsoNormal>二是优化服务。</p><p class=MsoNormal>&nbsp;</p></body></html>');
      data.setData('text/plain', 'plain');
      document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
    // Each Word paragraph is a paragraph (the punctuation is another test's business).
    const b = await saved((x) => blockTexts(x.blocks).includes('二是优化服务。'));
    const texts = blockTexts(b.blocks);
    expect(texts.slice(0, 2)).toEqual(['主要做法', '[pageBreak]']);
    expect(texts[2]!.replace(/["“”]/g, '"').replace(/[,，]/g, ',')).toBe('一是强化"链主"引领,');
    expect(texts[3]).toBe('二是优化服务。');
    expect(await bodyTexts(page)).toEqual(texts);
    // No style came along: no colour, font or indent in the body's DOM, none in the file.
    expect(await page.locator('[data-testid="body"] [style]').count()).toBe(0);
    expect(JSON.stringify(b.blocks)).not.toMatch(/仿宋|color|MsoNormal|font/);
  });

  it('pastes from Word with the punctuation made full-width and the blank (&nbsp;) paragraph dropped', async () => {
    expect(blockTexts(disk().blocks)).toEqual(['主要做法', '[pageBreak]', '一是强化“链主”引领，', '二是优化服务。']);
  });

  it('makes the selection bold with Ctrl+B', async () => {
    await page.locator('[data-testid="body"] > p', { hasText: '二是优化服务' }).click();
    await page.keyboard.press('Home');
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.up('Shift');
    await page.keyboard.press('Control+b');
    await expect(page.locator('[data-testid="body"] strong').first().textContent()).resolves.toBe('二是');
    await expect(page.getByTestId('bold').getAttribute('aria-pressed')).resolves.toBe('true');
    const b = await saved((x) => paragraphWith(x, '二是优化服务')?.runs.some((r) => r.bold) ?? false);
    expect(paragraphWith(b, '二是优化服务')!.runs).toEqual([{ text: '二是', bold: true }, { text: '优化服务。' }]);
  });

  it('inserts a library indicator dropped between blocks as a paragraph with a linked figure, and unlinks the figure', async () => {
    const before = await bodyTexts(page);
    await page.getByTestId('library-search').fill('技术转化率');
    const hit = page.locator(`[data-testid="library-hit"][data-item-id="${ITEM}"]`);
    await hit.waitFor();
    // Dropped on the lower edge of the heading: between the heading and the page break.
    const target = page.locator('[data-testid="body"] > h2');
    const box = (await target.boundingBox())!;
    await hit.dragTo(target, { targetPosition: { x: box.width / 2, y: box.height - 3 } });
    await expect.poll(() => page.locator('[data-testid="body"] > p .bs-figure').count()).toBe(1);
    const texts = await bodyTexts(page);
    expect(texts[1]).toContain('28%');
    expect(texts).toEqual([before[0], texts[1], ...before.slice(1)]);
    const statement = texts[1]!;
    const figure = page.locator('[data-testid="body"] > p').nth(0).locator('span.bs-figure');
    await expect(figure.textContent()).resolves.toBe('28%');
    await both(texts);
    expect(linkedRuns(disk())).toEqual([expect.objectContaining({ text: '28%', link: expect.objectContaining({ itemId: ITEM }) })]);
    await page.screenshot({ path: join(screenshotsDir, 'editor-statement.png') });
    // 取消关联: click the figure (selected whole), then the toolbar button.
    await figure.click();
    await page.getByTestId('figure-unlink').click();
    await expect.poll(() => page.locator('[data-testid="body"] .bs-figure').count()).toBe(0);
    await saved((b) => linkedRuns(b).length === 0);
    // The words stay as they were, now plain text.
    expect(blockTexts(disk().blocks)).toEqual(texts);
    expect(await bodyTexts(page)).toEqual(texts);
    expect(statement.startsWith('南京')).toBe(true);
  });

  it('undoes and redoes from the application menu (编辑 › 撤销 / 重做)', async () => {
    await page.evaluate(`window.__harness.menu('undo')`);
    await expect.poll(() => page.locator('[data-testid="body"] .bs-figure').count()).toBe(1);
    await saved((b) => linkedRuns(b).length === 1);
    await page.evaluate(`window.__harness.menu('redo')`);
    await expect.poll(() => page.locator('[data-testid="body"] .bs-figure').count()).toBe(0);
    await saved((b) => linkedRuns(b).length === 0);
  });

  it('drops an indicator into a sentence: a linked figure right there', async () => {
    const before = await bodyTexts(page);
    const para = page.locator('[data-testid="body"] > p', { hasText: '一是强化' });
    const hit = page.locator(`[data-testid="library-hit"][data-item-id="${ITEM}"]`);
    // Just after the last character of the sentence.
    await clickAtEnd(page, para);
    const end = await page.evaluate<{ x: number; y: number }>(`(() => { const r = window.getSelection().getRangeAt(0).getBoundingClientRect(); return { x: r.left, y: r.top + r.height / 2 }; })()`);
    const paraBox = (await para.boundingBox())!;
    await hit.dragTo(para, { targetPosition: { x: end.x - paraBox.x + 1, y: end.y - paraBox.y } });
    await expect.poll(() => para.locator('.bs-figure').count()).toBe(1);
    const b = await saved((x) => linkedRuns(x).length === 1);
    const runs = paragraphWith(b, '一是强化')!.runs;
    expect(runs.map((r) => r.text).join('')).toBe(`${before.find((t) => t.startsWith('一是强化'))}28%`);
    expect(runs.at(-1)).toMatchObject({ text: '28%', link: { itemId: ITEM } });
    // No new block: the figure went into the sentence.
    expect(blockTexts(b.blocks).length).toBe(before.length);
    await page.getByTestId('undo').click();
    await saved((x) => linkedRuns(x).length === 0);
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
    await saved((b) => b.template.id === other);
    await page.getByTestId('undo').click();
    await expect(page.getByTestId('meta-template').inputValue()).resolves.toBe('gongzuo-jianbao');
    await saved((b) => b.template.id === 'gongzuo-jianbao');
    await page.getByTestId('tab-preview').click();
  });

  it('reorders a block by dragging its handle', async () => {
    const before = await bodyTexts(page);
    expect(before.indexOf('[pageBreak]')).toBe(2);
    const pageBreak = page.locator('[data-testid="body"] > hr');
    await pageBreak.hover();
    const handle = page.getByTestId('block-handle');
    await handle.waitFor();
    const last = page.locator('[data-testid="body"] > *').last();
    const box = (await last.boundingBox())!;
    // Press on the handle and move down gradually, as a hand does, to the lower edge of the last block.
    const from = (await handle.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 20, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 3, { steps: 10 });
    await page.mouse.up();
    const after = [...before.slice(0, 2), ...before.slice(3), '[pageBreak]'];
    await both(after);
    expect(s.pageErrors).toEqual([]);
    expect(s.harness.logged).toEqual([]);
  });
});
