// Typing as people type, in real Chromium through the harness: real key events (page.keyboard)
// at a person's pace (8 characters a second) and fast (60 a second), pinyin compositions through
// CDP's IME events, the clipboard, 校对 → 定位 and a click on the preview. Every case checks the
// editor AND the draft file on disk, then undo and redo.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, Briefing } from '../../src/shared/briefing';
import { chromiumAvailability } from './harness/browser';
import { blockTexts as texts, compose, newDraftOnDisk, openApp, screenshotsDir, type Session } from './support';

const chromium = chromiumAvailability();
const SLOW = 125; // ms between keys: 8 characters a second
const FAST = 16; // about 60 characters a second

describe.skipIf(!chromium.available)(`typing as people type${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  let page: Page;
  let cdp: CDPSession;
  let draftFile = '';

  /** The briefing as it is on disk now. */
  const onDisk = (): Briefing => (JSON.parse(readFileSync(draftFile, 'utf8')) as { briefing: Briefing }).briefing;
  /** The blocks' text on screen, read from the model the editor shows. */
  const onScreen = () =>
    page.locator('[data-testid="body"] > *').evaluateAll((els) =>
      els.map((e) => {
        const el = e as unknown as { dataset: { bsBlock?: string; type?: string }; tagName: string; textContent: string; querySelectorAll(s: string): { length: number } };
        if (el.dataset.type) return `[${el.dataset.type}]`;
        if (el.tagName === 'HR') return '[pageBreak]';
        // Heading numbers and citation markers are decorations, not text.
        const clone = (e as unknown as { cloneNode(deep: boolean): { querySelectorAll(s: string): { forEach(f: (n: { remove(): void }) => void): void }; textContent: string } }).cloneNode(true);
        clone.querySelectorAll('.bs-num, .bs-marker').forEach((n) => n.remove());
        return clone.textContent;
      }),
    );
  /** Waits until the file on disk has `expected` as its blocks' text (autosave is 500 ms after the last key). */
  const saved = async (expected: string[]) => {
    await expect.poll(() => texts(onDisk().blocks), { timeout: 15_000, interval: 100 }).toEqual(expected);
    expect(await onScreen()).toEqual(expected);
  };
  /** Sets the body to `paragraphs` (set-up only: through the API, then reopened). */
  const setBody = async (blocks: Block[], title?: string) => {
    await page.getByTestId('editor').waitFor();
    // What the last case typed is on disk first: a late autosave must not overwrite the set-up.
    await expect.poll(async () => ['saved', 'idle'].includes((await page.getByTestId('save-status').getAttribute('data-state')) ?? 'idle'), { timeout: 15_000 }).toBe(true);
    const id = onDisk().id;
    await page.evaluate(`(async () => {
      const d = await window.api.getDraft({ id: ${JSON.stringify(id)} });
      await window.api.saveDraft({ draft: { ...d.value, ${title !== undefined ? `title: ${JSON.stringify(title)},` : ''} blocks: ${JSON.stringify(blocks)} } });
    })()`);
    await page.reload();
    await page.getByTestId('draft-row').first().click();
    await page.locator('[data-testid="body"]').waitFor();
    // Let the screen settle (fonts, the first preview) as it has by the time a person clicks.
    await page.evaluate('document.fonts.ready.then(() => true)');
    await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ timeout: 20_000 });
  };
  const paras = (...list: string[]): Block[] => list.map((text, i) => ({ id: `p${i + 1}`, type: 'paragraph', runs: [{ text }] }));
  /** Puts the caret at the end of paragraph `n` (1-based) with a real click, then End. */
  const clickInto = async (n: number) => {
    await page.locator('[data-testid="body"] > p').nth(n - 1).click();
    await page.keyboard.press('End');
  };
  const undoRedo = async (before: string[], after: string[]) => {
    for (let i = 0; i < 20; i++) {
      if (JSON.stringify(await onScreen()) === JSON.stringify(before)) break;
      await page.keyboard.press('Control+z');
    }
    await saved(before);
    for (let i = 0; i < 20; i++) {
      if (JSON.stringify(await onScreen()) === JSON.stringify(after)) break;
      await page.keyboard.press('Control+y');
    }
    await saved(after);
  };

  beforeAll(async () => {
    s = await openApp();
    page = s.page;
    cdp = await page.context().newCDPSession(page);
    draftFile = join(s.harness.dataDir, 'drafts', 'files', `${await newDraftOnDisk(page, s.harness.dataDir)}.json`);
  });
  afterAll(async () => {
    await s?.close();
  });

  for (const [pace, delay] of [
    ['slowly', SLOW],
    ['fast', FAST],
  ] as const) {
    it(`types, presses Enter at the end and types on (${pace}): the new paragraph reads forwards`, async () => {
      await setBody(paras('第一段。'));
      await clickInto(1);
      await page.keyboard.press('Enter');
      await page.keyboard.type('Second paragraph.', { delay });
      await saved(['第一段。', 'Second paragraph.']);
      await undoRedo(['第一段。'], ['第一段。', 'Second paragraph.']);
    });
  }

  it('splits a paragraph with Enter in the middle and types at the start of the second half', async () => {
    await setBody(paras('ABCDEF'));
    await clickInto(1);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.keyboard.type('xy', { delay: SLOW });
    await saved(['ABC', 'xyDEF']);
    await undoRedo(['ABCDEF'], ['ABC', 'xyDEF']);
  });

  it('joins with Backspace at a paragraph start, then types at the join', async () => {
    await setBody(paras('one', 'two'));
    await page.locator('[data-testid="body"] > p').nth(1).click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('-', { delay: SLOW });
    await saved(['one-two']);
    await undoRedo(['one', 'two'], ['one-two']);
  });

  it('joins with Delete at a paragraph end, then types at the join', async () => {
    await setBody(paras('one', 'two'));
    await clickInto(1);
    await page.keyboard.press('Delete');
    await page.keyboard.type('+', { delay: FAST });
    await saved(['one+two']);
  });

  it('starts a new paragraph with Shift+Enter (the saved format has no line break inside one)', async () => {
    await setBody(paras('line'));
    await clickInto(1);
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('next', { delay: FAST });
    await saved(['line', 'next']);
  });

  it('moves with the arrows, Home and End across paragraphs and headings, then types', async () => {
    await setBody([{ id: 'h1', type: 'heading', level: 1, text: 'Heading' }, ...paras('alpha', 'beta')]);
    // Keys back to back, faster than a person: click, End, ↑, Home, "1", ↑ can all fall within 200 ms
    // of the focus, where ProseMirror used to take the last ↑ back (keys-after-focus.ts).
    const press = (key: string) => page.keyboard.press(key);
    await page.locator('[data-testid="body"] > p').nth(1).click();
    await press('End');
    await press('ArrowUp');
    await press('Home');
    await page.keyboard.type('1', { delay: SLOW });
    await press('ArrowUp');
    await press('End');
    await page.keyboard.type('2', { delay: SLOW });
    await press('ArrowDown');
    await press('ArrowDown');
    await press('End');
    await press('ArrowLeft');
    await page.keyboard.type('3', { delay: SLOW });
    await press('ArrowRight');
    await page.keyboard.type('4', { delay: SLOW });
    await saved(['Heading2', '1alpha', 'bet3a4']);
  });

  it('types over a selection across three paragraphs', async () => {
    await setBody(paras('first', 'second', 'third', 'fourth'));
    await page.locator('[data-testid="body"] > p').nth(0).click();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.up('Shift');
    await page.screenshot({ path: join(screenshotsDir, 'editor-selection.png') });
    await page.keyboard.type('X', { delay: SLOW });
    await saved(['fiXird', 'fourth']);
    await undoRedo(['first', 'second', 'third', 'fourth'], ['fiXird', 'fourth']);
  });

  it('cuts three paragraphs and pastes them elsewhere', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await setBody(paras('A1', 'B2', 'C3', 'D4'));
    await page.locator('[data-testid="body"] > p').nth(0).click();
    await page.keyboard.press('Home');
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.up('Shift');
    await page.keyboard.press('Control+x');
    await saved(['', 'D4']);
    await page.locator('[data-testid="body"] > p').nth(1).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+v');
    await saved(['', 'D4', 'A1', 'B2', 'C3']);
    const ids = onDisk().blocks.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('types before and after a linked figure, never inside it', async () => {
    const frozen = {
      kind: 'indicator',
      city: '南京',
      subject: '技术转化率',
      quote: '但技术转化率仅为28%',
      figure: { value: 28, unit: '%' },
      citation: { sourceId: 'src-3', sourceTitle: '杭州有DeepSeek,我们有什么?', outlet: '上海证券报', date: '2025-02-08', paragraph: 12 },
    };
    await setBody([{ id: 'p1', type: 'paragraph', runs: [{ text: '南京技术转化率为' }, { text: '28%', link: { itemId: 'nj-tech-transfer-rate-2023', frozen } } as never, { text: '。' }] }]);
    const figure = page.locator('.bs-figure');
    await expect(figure.textContent()).resolves.toBe('28%');
    await page.screenshot({ path: join(screenshotsDir, 'editor-linked-figure.png') });
    // Just before the figure: End, then left past 。 and the figure.
    await clickInto(1);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('b', { delay: SLOW });
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('a', { delay: SLOW });
    await saved(['南京技术转化率为a28%b。']);
    const runs = (onDisk().blocks[0] as Extract<Block, { type: 'paragraph' }>).runs;
    expect(runs.find((r) => r.link)?.text).toBe('28%');
    // A click on the figure selects it whole; typing replaces it, it is never half-edited.
    await figure.click();
    await page.keyboard.type('3', { delay: SLOW });
    const after = (onDisk().blocks[0] as Extract<Block, { type: 'paragraph' }>).runs;
    await expect.poll(() => texts(onDisk().blocks)[0]).not.toContain('238%');
    expect(after.every((r) => !r.link || r.text === '28%')).toBe(true);
  });

  it('takes a pinyin composition, a cancelled one, and one across Enter', async () => {
    await setBody(paras(''));
    await page.locator('[data-testid="body"] > p').first().click();
    await compose(cdp, 'woshi', '我市');
    // A pause: the next words are a new undo step.
    await page.waitForTimeout(900);
    // Cancelled: the composition text goes away, nothing is saved of it.
    await cdp.send('Input.imeSetComposition', { text: 'jishu', selectionStart: 5, selectionEnd: 5 });
    await cdp.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 });
    await page.keyboard.press('Enter');
    await compose(cdp, 'jishuzhuanhua', '技术转化');
    await saved(['我市', '技术转化']);
    await undoRedo(['我市'], ['我市', '技术转化']);
  });

  it('converts ASCII punctuation after Chinese and then takes a composition right after it', async () => {
    await setBody(paras('我市'));
    await clickInto(1);
    await page.keyboard.type(',', { delay: SLOW });
    await compose(cdp, 'jiakuai', '加快');
    await page.keyboard.type('.', { delay: SLOW });
    await saved(['我市，加快。']);
    // Backspace right after a conversion gives the ASCII mark back.
    await page.keyboard.press('Backspace');
    await saved(['我市，加快.']);
  });

  it('jumps from 校对 to the exact place, then deletes and types there (the "28" that became "82")', async () => {
    await page.getByTestId('full-width').uncheck();
    await setBody(paras('我市技术转化率为38%,远低于杭州。'));
    await page.getByTestId('open-checks').click();
    const issue = page.locator('[data-testid="check-issue"]', { hasText: '半角' }).first();
    await issue.waitFor();
    await issue.getByRole('button', { name: /定位/ }).click();
    // The caret is at the ASCII comma: delete the three characters before it and type the figure.
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('28%', { delay: SLOW });
    await saved(['我市技术转化率为28%,远低于杭州。']);
    await page.getByTestId('full-width').check();
  });

  it('finds with Ctrl+F and replaces everywhere with Ctrl+H as one undo step', async () => {
    await setBody(paras('研发投入强度达到3%。', '提高研发投入。', '其他内容。'));
    await clickInto(3);
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-bar').waitFor();
    await page.keyboard.type('yanfa', { delay: FAST });
    await expect(page.getByTestId('find-input').inputValue()).resolves.toBe('yanfa');
    // Typed letters, no match: the count says so.
    await expect(page.getByTestId('find-count').textContent()).resolves.toContain('没有找到');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await compose(cdp, 'yanfa', '研发');
    await expect.poll(() => page.getByTestId('find-count').textContent()).toContain('正文 1/2 处');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('find-count').textContent()).toContain('正文 2/2 处');
    await page.screenshot({ path: join(screenshotsDir, 'editor-find.png') });
    await page.keyboard.press('Control+h');
    await page.getByTestId('replace-input').click();
    await compose(cdp, 'keji', '科技');
    await page.getByTestId('replace-all').click();
    await saved(['科技投入强度达到3%。', '提高科技投入。', '其他内容。']);
    await page.keyboard.press('Escape');
    await page.getByTestId('find-bar').waitFor({ state: 'detached' });
    await page.locator('[data-testid="body"] > p').nth(2).click();
    await page.keyboard.press('Control+z');
    await saved(['研发投入强度达到3%。', '提高研发投入。', '其他内容。']);
  });

  it('flags a typed figure that contradicts the library and links the library figure in one click', async () => {
    await setBody(paras(''));
    // The 编印单位 says whose 我市 it is.
    await page.getByTestId('tab-meta').click();
    await page.getByTestId('meta-publisher').click();
    await compose(cdp, 'nanjingshi', '南京市科技局');
    await page.locator('[data-testid="body"] > p').first().click();
    await compose(cdp, 'woshijishuzhuanhualvwei', '我市技术转化率为');
    await page.keyboard.type('38%', { delay: SLOW });
    await compose(cdp, 'ju', '。');
    await saved(['我市技术转化率为38%。']);
    await page.getByTestId('open-checks').click();
    const issue = page.locator('[data-testid="check-issue"][data-code="figure-contradiction"]');
    await issue.waitFor({ timeout: 10_000 });
    await expect(issue.textContent()).resolves.toContain('28');
    await page.screenshot({ path: join(screenshotsDir, 'editor-contradiction.png') });
    await issue.getByTestId('check-fix').click();
    await saved(['我市技术转化率为28%。']);
    const runs = (onDisk().blocks[0] as Extract<Block, { type: 'paragraph' }>).runs;
    expect(runs.find((r) => r.link)?.link?.itemId).toBeTruthy();
    await expect(page.locator('.bs-figure').first().textContent()).resolves.toBe('28%');
  });

  it('puts the caret at the character clicked on the preview (by id from the layout), then types there', async () => {
    // Two paragraphs with the same words: only the layout's ids can tell which one was clicked.
    await setBody(paras('第二段文字在这里。', '第二段文字在这里。'));
    await page.getByTestId('tab-preview').click();
    await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ timeout: 20_000 });
    const sheet = page.getByTestId('preview-page').first();
    const box = (await sheet.boundingBox())!;
    // Aim down the page at the middle of the lines, as a person aims at the line they see, until
    // the caret lands in the second paragraph (a click on the masthead opens 简报信息: go back).
    let landed = false;
    for (let y = box.y + box.height * 0.2; y < box.y + box.height * 0.9 && !landed; y += 4) {
      if (!(await sheet.isVisible())) await page.getByTestId('tab-preview').click();
      await page.mouse.click(box.x + box.width * 0.3, y);
      await page.waitForTimeout(120);
      landed = await page.evaluate(`(() => { const n = window.getSelection()?.anchorNode; const p = n && (n.nodeType === 1 ? n : n.parentElement)?.closest('p'); return !!p && p === document.querySelectorAll('[data-testid="body"] > p')[1]; })()`);
    }
    expect(landed).toBe(true);
    await page.keyboard.type('Z', { delay: SLOW });
    await expect.poll(() => texts(onDisk().blocks)[1], { timeout: 15_000 }).toContain('Z');
    const [first, second] = texts(onDisk().blocks);
    expect(first).toBe('第二段文字在这里。');
    // Not at the start of the block (the old text-matching jump): where the pointer was.
    expect(second!.indexOf('Z')).toBeGreaterThan(0);
    expect(s.pageErrors).toEqual([]);
  });
  it('a click on the preview title puts the caret at that character of the title; a click on the 简报名称 opens its field', async () => {
    const title = '关于加快科技成果转化的情况报告';
    await setBody(paras('正文一段。'), title);
    await page.getByTestId('tab-preview').click();
    const sheet = page.getByTestId('preview-page').first();
    const box = (await sheet.boundingBox())!;
    // Down the middle of the page from the top, as a person aims at the title they see, until the
    // title field has the caret (the masthead above opens 简报信息: go back to the preview).
    let landed = false;
    let masthead = false;
    for (let y = box.y + box.height * 0.05; y < box.y + box.height * 0.6 && !landed; y += 4) {
      if (!(await sheet.isVisible())) {
        masthead ||= await page.getByTestId('meta-series').isVisible();
        await page.getByTestId('tab-preview').click();
      }
      await page.mouse.click(box.x + box.width * 0.52, y);
      await page.waitForTimeout(120);
      landed = await page.evaluate(`document.activeElement?.getAttribute('data-testid') === 'title-input'`);
    }
    expect(landed).toBe(true);
    // On the way down the pointer crossed the red 简报名称: its field opened.
    expect(masthead).toBe(true);
    await page.keyboard.type('Z', { delay: SLOW });
    await expect.poll(() => onDisk().title, { timeout: 15_000 }).toContain('Z');
    const at = onDisk().title.indexOf('Z');
    // Where the pointer was (the middle of the title line), not at its start or end.
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(title.length);
    expect(onDisk().title.replace('Z', '')).toBe(title);
    expect(s.pageErrors).toEqual([]);
  });
});
