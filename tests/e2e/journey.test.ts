// A new user's whole day in the editor, in real Chromium through the harness: create a briefing from
// 工作简报, fill the metadata, insert three library items found by 研发投入, a comparison table of
// 南京 and 杭州, a bar chart, a paragraph typed through an input method (CDP IME events), reorder,
// undo and redo, fix a 校对 warning, and export three numbered copies — then read the PDFs on disk.
// The body is the ProseMirror surface: typed with real key events and pinyin compositions, and
// each step checks the draft file on disk as well as the screen.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, pdfText, squash } from '../support/tools';
import { chromiumAvailability } from './harness/browser';
import type { Block, Briefing } from '../../src/shared/briefing';
import { blockTexts, bodyBlockIds, bodyTexts, briefingOnDisk, compose, draftIdByTitle, editorReady, openApp, savedBriefing, screenshotsDir, type Session } from './support';

const chromium = chromiumAvailability();
const TITLE = '杭州“六小龙”现象对我市的启示';
/** What the IME session below types, character for character. */
const TYPED = '杭州以“三个15%”撬动科技创新，我市应加快建设科创金融体系。';
const PUBLISHER = '市发展和改革委员会办公室';
const RECIPIENTS = ['市委办公室', '市政府办公室', '各区发展改革部门'];

/** The ids of the body's blocks on screen, in order. */
const blockOrder = (page: Page) => bodyBlockIds(page);

/** The id of the block the caret is in (the body's selection), or null when the body has no focus. */
const caretBlock = (page: Page) =>
  page.evaluate<string | null>(`(() => {
    const body = document.querySelector('[data-testid="body"]');
    const node = window.getSelection()?.anchorNode;
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    if (!body || !el || !body.contains(el) || document.activeElement !== body) return null;
    return el.closest('[data-testid="body"] > [data-block-id]')?.dataset.blockId ?? null;
  })()`);

/** Every library item id a saved block refers to (an excerpt's, a linked figure's). */
const itemIdsIn = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.type === 'excerpt' ? [b.itemId] : b.type === 'paragraph' ? b.runs.flatMap((r) => (r.link ? [r.link.itemId] : [])) : []));

describe.skipIf(!chromium.available)(`a new user's journey in the editor${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  let page: Page;
  let id = '';
  const disk = (): Briefing => briefingOnDisk(s.harness.dataDir, id);
  const saved = (check: (b: Briefing) => boolean) => savedBriefing(s.harness.dataDir, id, check);
  beforeAll(async () => {
    s = await openApp();
    page = s.page;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('creates a briefing from the 工作简报 template', async () => {
    await page.getByTestId('drafts-home').waitFor();
    const template = page.getByTestId('new-template');
    if (await template.count()) await template.selectOption('gongzuo-jianbao');
    await page.getByTestId('new-draft').click();
    await page.getByTestId('editor').waitFor();
    await expect(page.getByTestId('masthead').textContent()).resolves.toContain('工作简报');
    // The preview shows the real PDF from the engine.
    await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ timeout: 20_000 });
    expect(Number(await page.getByTestId('preview').getAttribute('data-pages'))).toBeGreaterThan(0);
    await editorReady(page);
    // The template's sections, each with an empty paragraph to write in.
    expect(await bodyTexts(page)).toEqual(['基本情况', '', '主要做法', '', '下一步工作', '']);
  });

  it('fills the metadata: title, 期号, 编印单位, date, 份号, 报送发 and 印数', async () => {
    await page.getByTestId('title-input').click();
    await page.keyboard.insertText(TITLE);
    id = await draftIdByTitle(s.harness.dataDir, TITLE);
    await page.getByTestId('tab-meta').click();
    await expect(page.getByTestId('meta-template').inputValue()).resolves.toBe('gongzuo-jianbao');
    await page.getByTestId('meta-issue').fill('3');
    await page.getByTestId('meta-total').fill('12');
    await page.getByTestId('meta-publisher').fill(PUBLISHER);
    await page.getByTestId('meta-date').fill('2025-02-08');
    await expect(page.getByTestId('meta-date-shown').textContent()).resolves.toBe('2025年2月8日');
    await page.getByTestId('meta-copy-number').check();
    for (const [list, name] of [['meta-bao', RECIPIENTS[0]], ['meta-song', RECIPIENTS[1]], ['meta-fa', RECIPIENTS[2]]] as const) {
      await page.getByTestId(list).locator('input').fill(name!);
      await page.getByTestId(list).locator('input').press('Enter');
    }
    // Fewer copies than recipients: 校对 will say so (and fix it) before export.
    await page.getByTestId('meta-copies').fill('2');
    const masthead = page.locator('.paper');
    await expect(masthead.textContent()).resolves.toContain('第3期（总第12期）');
    await expect(masthead.textContent()).resolves.toContain('2025年2月8日');
    await page.screenshot({ path: join(screenshotsDir, 'editor-metadata.png') });
    const meta = (await saved((b) => b.meta.copies === 2)).meta;
    expect([meta.issueNumber, meta.totalIssueNumber, meta.publisher, meta.issueDate, meta.printCopyNumber]).toEqual([3, 12, PUBLISHER, '2025-02-08', true]);
    expect([meta.distribution.bao, meta.distribution.song, meta.distribution.fa]).toEqual([[RECIPIENTS[0]], [RECIPIENTS[1]], [RECIPIENTS[2]]]);
  });

  it('finds 研发投入 in the library and inserts three items', async () => {
    await page.getByTestId('tab-preview').click();
    // The caret in the empty paragraph of the first section (a real click): insertions go there.
    await page.locator('[data-testid="body"] > p').first().click();
    await page.getByTestId('library-search').fill('研发投入');
    await page.getByTestId('library-hit').first().waitFor();
    const hits = page.getByTestId('library-hit');
    expect(await hits.count()).toBeGreaterThanOrEqual(3);
    const inserted: string[] = [];
    // What an item became: an indicator a paragraph with its linked figure, a measure a quote.
    const fromLibrary = () => page.locator('[data-testid="body"] > p:has(.bs-figure), [data-testid="body"] > [data-type="excerpt"]').count();
    for (let i = 0; i < 3; i++) {
      await hits.nth(i).click();
      inserted.push((await hits.nth(i).getAttribute('data-item-id'))!);
      await page.getByTestId('insert-item').click();
      await expect.poll(fromLibrary).toBe(i + 1);
    }
    await page.screenshot({ path: join(screenshotsDir, 'editor-library.png') });
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 5_000 });
    const b = await saved((x) => itemIdsIn(x.blocks).length === 3);
    expect(itemIdsIn(b.blocks)).toEqual(inserted);
    // In the first section, in the order inserted, in place of its empty paragraph.
    expect(blockTexts(b.blocks)[0]).toBe('基本情况');
    expect(itemIdsIn(b.blocks.slice(1, 4))).toEqual(inserted);
    expect(blockTexts(b.blocks)[4]).toBe('主要做法');
    expect(await bodyTexts(page)).toEqual(blockTexts(b.blocks));
  });

  it('adds a comparison table of 南京 and 杭州 on 技术转化率 and 私募基金管理规模', async () => {
    await page.getByTestId('add-table').click();
    await page.getByTestId('table-builder').waitFor();
    await page.locator('[data-testid="table-metric"][data-metric="技术转化率"]').check();
    await page.locator('[data-testid="table-metric"][data-metric="私募基金管理规模"]').check();
    await expect(page.locator('[data-testid="table-place"][data-place="南京"]').isChecked()).resolves.toBe(true);
    await expect(page.locator('[data-testid="table-place"][data-place="杭州"]').isChecked()).resolves.toBe(true);
    await page.getByTestId('table-builder-preview').waitFor();
    await page.screenshot({ path: join(screenshotsDir, 'editor-table-builder.png') });
    await page.getByTestId('table-insert').click();
    const cells = await page.getByTestId('table-cell').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(cells).toEqual(['28', '2800', '45', '6087']);
    // 杭州's 私募基金管理规模 is computed (2800亿元 ÷ 46%), and marked so.
    await expect(page.locator('[data-testid="table-grid"] td.derived').count()).resolves.toBe(1);
    const table = (await saved((b) => b.blocks.some((x) => x.type === 'table'))).blocks.find((x) => x.type === 'table')!;
    expect(table.type === 'table' && table.rows.flatMap((r) => r.cells.map((c) => c.text))).toEqual(['28', '2800', '45', '6087']);
    expect(table.type === 'table' && table.rows.flatMap((r) => r.cells.filter((c) => c.derived)).length).toBe(1);
  });

  it('adds a bar chart of 私募基金管理规模', async () => {
    await page.getByTestId('add-chart').click();
    await page.getByTestId('chart-filter').fill('私募基金管理规模');
    await page.locator('[data-testid="chart-item"][data-item="nj-private-fund-aum-2023"]').check();
    await page.locator('[data-testid="chart-item"][data-item="hz-private-fund-aum-2023-derived"]').check();
    await page.getByTestId('chart-insert').click();
    await expect(page.getByTestId('chart-svg').getAttribute('aria-label')).resolves.toBe('私募基金管理规模对比：南京2800亿元，杭州6087亿元');
    const chart = (await saved((b) => b.blocks.some((x) => x.type === 'chart'))).blocks.find((x) => x.type === 'chart')!;
    expect(chart.type === 'chart' && chart.bars.map((bar) => [bar.label, bar.value, bar.derived ?? false])).toEqual([
      ['南京', 2800, false],
      ['杭州', 6087, true],
    ]);
  });

  it('types a paragraph through an input method without losing, doubling or reordering a character', async () => {
    // Into the last section's empty paragraph, with a real click.
    const last = page.locator('[data-testid="body"] > p').last();
    await last.click();
    const lastId = (await last.getAttribute('data-block-id'))!;
    await expect.poll(() => caretBlock(page)).toBe(lastId);
    const cdp: CDPSession = await page.context().newCDPSession(page);
    await compose(cdp, 'hangzhou', '杭州');
    await compose(cdp, 'yi', '以');
    await cdp.send('Input.insertText', { text: '“' });
    await compose(cdp, 'sange', '三个');
    await page.keyboard.type('15%');
    await cdp.send('Input.insertText', { text: '”' });
    await compose(cdp, 'qiaodong', '撬动');
    await compose(cdp, 'kejichuangxin', '科技创新');
    // An ASCII comma typed after Chinese becomes full-width by default.
    await page.keyboard.type(',');
    await compose(cdp, 'woshi', '我市');
    await compose(cdp, 'yingjiakuai', '应加快');
    await compose(cdp, 'jianshe', '建设');
    await compose(cdp, 'kechuangjinrong', '科创金融');
    await compose(cdp, 'tixi', '体系');
    await page.keyboard.type('.');
    await cdp.detach();
    await expect(page.locator(`[data-testid="body"] > [data-block-id="${lastId}"]`).textContent()).resolves.toBe(TYPED);
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 5_000 });
    const b = await saved((x) => blockTexts(x.blocks).at(-1) === TYPED);
    expect(b.blocks.at(-1)).toEqual({ id: lastId, type: 'paragraph', runs: [{ text: TYPED }] });
    expect(blockTexts(b.blocks).at(-2)).toBe('下一步工作');
  });

  it('reorders two blocks with Alt+↑, then undoes and redoes it', async () => {
    const before = await blockOrder(page);
    const typedId = before.at(-1)!;
    expect(await caretBlock(page)).toBe(typedId);
    const order = async () => (await saved(() => true)).blocks.map((b) => b.id);
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => blockOrder(page)).not.toEqual(before);
    const moved = await blockOrder(page);
    expect(moved.indexOf(typedId)).toBe(before.length - 2);
    expect(moved.slice(0, -2)).toEqual(before.slice(0, -2));
    // The caret stays in the moved paragraph.
    expect(await caretBlock(page)).toBe(typedId);
    await expect.poll(order).toEqual(moved);
    await page.keyboard.press('Control+z');
    await expect.poll(() => blockOrder(page)).toEqual(before);
    await expect.poll(order).toEqual(before);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => blockOrder(page)).toEqual(moved);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+y');
    await expect.poll(() => blockOrder(page)).toEqual(moved);
    await expect.poll(order).toEqual(moved);
    await expect(page.locator(`[data-testid="body"] > [data-block-id="${typedId}"]`).textContent()).resolves.toBe(TYPED);
    expect(blockTexts(disk().blocks)[moved.indexOf(typedId)]).toBe(TYPED);
    await page.locator('[data-testid="preview"][data-state="ready"]').waitFor();
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(screenshotsDir, 'editor-main.png') });
  });

  it('fixes a 校对 warning with one click', async () => {
    await page.getByTestId('open-checks').click();
    const issue = page.locator('[data-testid="check-issue"][data-code="copies-too-few"]');
    await issue.waitFor();
    await expect(issue.textContent()).resolves.toContain('印数 2 份少于报送对象 3 个');
    await page.screenshot({ path: join(screenshotsDir, 'editor-checks.png') });
    await issue.getByTestId('check-fix').click();
    await expect.poll(() => page.locator('[data-testid="check-issue"][data-code="copies-too-few"]').count()).toBe(0);
    await page.getByTestId('tab-meta').click();
    await expect(page.getByTestId('meta-copies').inputValue()).resolves.toBe('3');
    // Empty paragraphs left from the template go too.
    await page.getByTestId('tab-checks').click();
    for (;;) {
      const empty = page.locator('[data-testid="check-issue"][data-code="empty-block"] [data-testid="check-fix"]');
      if ((await empty.count()) === 0) break;
      await empty.first().click();
    }
    await expect(page.locator('[data-testid="check-issue"][data-severity="error"]').count()).resolves.toBe(0);
    const b = await saved((x) => x.meta.copies === 3 && !blockTexts(x.blocks).includes(''));
    expect(blockTexts(b.blocks)).toContain(TYPED);
    expect(await bodyTexts(page)).toEqual(blockTexts(b.blocks));
  });

  it.runIf(hasTool('pdftotext'))('exports three numbered copies whose PDFs carry the text, 份号 000001–000003 and the typed paragraph', async () => {
    await page.getByTestId('export-options').click();
    await page.getByTestId('export-dialog').waitFor();
    await expect(page.getByTestId('export-filename').textContent()).resolves.toBe('工作简报第3期.pdf');
    await page.getByTestId('export-numbered').check();
    await page.getByTestId('export-copies').fill('3');
    await expect(page.getByTestId('export-recipients').inputValue()).resolves.toBe(RECIPIENTS.join('\n'));
    await page.screenshot({ path: join(screenshotsDir, 'editor-export.png') });
    await page.getByTestId('export-confirm').click();
    await page.getByTestId('export-result').waitFor({ timeout: 60_000 });
    const listed = await page.getByTestId('export-file').allTextContents();
    expect(listed).toHaveLength(5);
    await page.screenshot({ path: join(screenshotsDir, 'editor-export-done.png') });

    const pdfs = readdirSync(s.harness.exportsDir).filter((f) => /^工作简报第3期-\d{6}\.pdf$/.test(f)).sort();
    expect(pdfs).toEqual(['工作简报第3期-000001.pdf', '工作简报第3期-000002.pdf', '工作简报第3期-000003.pdf']);
    for (const [k, name] of pdfs.entries()) {
      const file = join(s.harness.exportsDir, name);
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
      const text = squash(pdfText(file));
      expect(text).toContain(squash(TITLE));
      expect(text).toContain(TYPED);
      expect(text).toContain(`00000${k + 1}`);
      expect(text).toContain('第3期');
      expect(text).toContain(PUBLISHER);
      expect(text).toContain('2025年2月8日');
      expect(text).toContain('技术转化率');
      expect(text).toContain('6087');
      // Every figure can be traced: the table and chart notes cite the article they come from.
      expect(text).toContain('资料来源');
      expect(text).toContain('杭州有DeepSeek');
      expect(text).toContain(RECIPIENTS[k]!);
    }
    expect(existsSync(join(s.harness.exportsDir, '工作简报第3期-分发登记表.csv'))).toBe(true);
    const register = readFileSync(join(s.harness.exportsDir, '工作简报第3期-分发登记表.csv'), 'utf8');
    for (const [k, name] of RECIPIENTS.entries()) expect(register).toContain(`00000${k + 1},${name}`);

    await page.getByTestId('export-reveal').click();
    await page.getByTestId('export-close').click();
    expect(s.harness.calls).toContain('app:show-in-folder');
  });

  /** Where 基本情况 sits on page 1 of the preview, as fractions of the page (from the exported PDF: the same layout). */
  let headingAt: { x: number; y: number } | null = null;
  const clickHeadingInPreview = async () => {
    await page.getByTestId('tab-preview').click();
    await page.locator('[data-testid="preview"][data-state="ready"]').waitFor();
    if (!headingAt) {
      const file = join(s.harness.exportsDir, '工作简报第3期-000001.pdf');
      const bbox = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
      const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(bbox)!;
      const word = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].find((m) => m[5]!.includes('基本情况'));
      expect(word).toBeDefined();
      headingAt = { x: (Number(word![1]) + Number(word![3])) / 2 / Number(size[1]), y: (Number(word![2]) + Number(word![4])) / 2 / Number(size[2]) };
    }
    const pageBox = (await page.getByTestId('preview-page').first().boundingBox())!;
    // The centre column scrolled to the bottom, far from the heading.
    await page.getByTestId('centre-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.mouse.click(pageBox.x + headingAt.x * pageBox.width, pageBox.y + headingAt.y * pageBox.height);
    return disk().blocks.find((b) => b.type === 'heading' && b.text === '基本情况')!.id;
  };

  // ProseMirror scrolls a selection into view only when it owns the page's selection: the jump
  // focuses the body first (the click came from the preview).
  it.runIf(hasTool('pdftotext'))('scrolls the editor to the block clicked in the preview', async () => {
    // Working outside the body last (the library search), as after the export dialog above.
    await page.getByTestId('library-search').click();
    const headingId = await clickHeadingInPreview();
    await expect.poll(() => caretBlock(page)).toBe(headingId);
    const heading = page.locator(`[data-testid="body"] > [data-block-id="${headingId}"]`);
    const inView = async () => {
      const scroller = (await page.getByTestId('centre-scroll').boundingBox())!;
      const seen = (await heading.boundingBox())!;
      return seen.y >= scroller.y && seen.y + seen.height <= scroller.y + scroller.height;
    };
    await expect.poll(inView, { timeout: 3_000 }).toBe(true);
  });

  it.runIf(hasTool('pdftotext'))('puts the caret in the block clicked in the preview, and typing goes there', async () => {
    const headingId = await clickHeadingInPreview();
    await expect.poll(() => caretBlock(page)).toBe(headingId);
    await page.keyboard.press('End');
    await page.keyboard.type('X');
    await saved((b) => b.blocks.some((x) => x.id === headingId && x.type === 'heading' && x.text === '基本情况X'));
    await page.keyboard.press('Backspace');
    await saved((b) => b.blocks.some((x) => x.id === headingId && x.type === 'heading' && x.text === '基本情况'));
    expect(s.pageErrors).toEqual([]);
    expect(s.harness.logged).toEqual([]);
  });
});
