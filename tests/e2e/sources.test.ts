// Sources in, through the real UI in Chromium on the real services: 导入资料 in the library panel,
// a .txt picked in the (preset) open dialog, the review screen driven by keys (Enter accept, Delete
// reject, E edit, ↑↓) and by a click on a mark in the text, the accepted figures saved into the user
// library in the data folder, found by the library search, inserted into a draft whose file on disk
// cites the imported source. Then (second part) a .docx and a .pdf generated here: a long PDF's
// progress bar and 取消, review by keys with a merge (and its undo), search in Chinese and pinyin,
// insert, export, and the exported PDF's 资料来源 citing both imported sources.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppPaths } from '../../src/main/paths';
import { longReport, sourceFont, writeSourceDocx, writeSourcePdf } from '../../src/main/sources/test-support';
import { chromiumAvailability } from './harness/browser';
import { hasTool, pdfText, squash } from '../support/tools';
import { editorReady, newDraftOnDisk, openApp, savedBriefing, screenshotsDir, type Session } from './support';

const chromium = chromiumAvailability();
const report = join(import.meta.dirname, '..', 'fixtures', 'sources', 'report.txt');
const TITLE = '2025年南京市政府工作报告（节选）';

interface UserLibraryFile {
  sources: { id: string; title: string; outlet: string; date: string; paragraphs: { text: string }[] }[];
  items: { id: string; subject: string; valueText?: string; sourceId: string; origin: string; metric?: string }[];
}

describe.skipIf(!chromium.available)(`sources in: import, review, accept, search, insert${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  let draftId = '';
  const candidate = (valueText: string) => s.page.locator(`[data-testid="review-candidate"][data-value-text="${valueText}"]`);
  const activeValue = () => s.page.locator('[data-testid="review-candidate"][aria-selected="true"]').getAttribute('data-value-text');
  const userLibrary = () => JSON.parse(readFileSync(join(s.harness.dataDir, 'library', 'user-library.json'), 'utf8')) as UserLibraryFile;

  beforeAll(async () => {
    s = await openApp({ viewport: { width: 1440, height: 900 } });
    draftId = await newDraftOnDisk(s.page, s.harness.dataDir);
    await s.page.getByTestId('library-results').waitFor();
    await editorReady(s.page);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('imports the .txt picked in the open dialog: metadata proposed, candidates listed and marked in the text', async () => {
    await s.page.getByTestId('import-source').click();
    await s.page.getByTestId('source-review').waitFor();
    s.harness.queueOpenPath(report);
    await s.page.getByTestId('review-pick-file').click();
    await s.page.getByTestId('review-list').waitFor();
    expect(await s.page.getByTestId('review-title').inputValue()).toBe(TITLE);
    expect(await s.page.getByTestId('review-outlet').inputValue()).toBe('南京市人民政府');
    expect(await s.page.getByTestId('review-date').inputValue()).toBe('2025-01-15');
    const count = await s.page.getByTestId('review-candidate').count();
    expect(count).toBeGreaterThan(15);
    // Every candidate is marked in the text; the figure marks read as the figure.
    const marked = await s.page.getByTestId('review-mark').evaluateAll((els) => els.map((e) => (e as unknown as { textContent: string }).textContent));
    expect(marked).toContain('1.85万亿元');
    expect(marked).toContain('1200家');
    // Names (十四五, 5G) are not offered as facts.
    expect(await candidate('十四五').count()).toBe(0);
  });

  it('reviews by keyboard: Enter accepts, Delete rejects, ↓ moves, E edits; a click on a mark jumps to its candidate', async () => {
    const list = s.page.getByTestId('review-list');
    await candidate('1.85万亿元').click();
    expect(await activeValue()).toBe('1.85万亿元');
    await list.press('Enter');
    expect(await candidate('1.85万亿元').getAttribute('data-status')).toBe('accepted');
    expect(await activeValue()).toBe('4.5%左右');
    await list.press('Delete');
    expect(await candidate('4.5%左右').getAttribute('data-status')).toBe('rejected');
    // ↓ to 1200家, then edit its subject and accept with Enter in the form.
    for (let i = 0; i < 10 && (await activeValue()) !== '1200家'; i++) await s.page.keyboard.press('ArrowDown');
    expect(await activeValue()).toBe('1200家');
    await s.page.keyboard.press('e');
    const subject = s.page.getByTestId('edit-subject');
    await expect.poll(() => subject.evaluate((e) => e === (e.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    await s.page.keyboard.press('Control+a');
    await s.page.keyboard.insertText('新认定高新技术企业数');
    await s.page.screenshot({ path: join(screenshotsDir, 'sources-edit.png') });
    await s.page.keyboard.press('Enter');
    expect(await candidate('1200家').getAttribute('data-status')).toBe('accepted');
    expect(await candidate('1200家').locator('.subject').textContent()).toBe('新认定高新技术企业数');
    // A click on the 32.6万人 mark in the text makes its candidate the active one.
    await s.page.locator('[data-testid="review-mark"]', { hasText: '32.6万人' }).click();
    expect(await activeValue()).toBe('32.6万人');
    await s.page.keyboard.press('Enter');
    expect(await candidate('32.6万人').getAttribute('data-status')).toBe('accepted');
    // The list's selection shows on the text: the active candidate's mark is outlined.
    await s.page.keyboard.press('ArrowUp');
    const active = await s.page.locator('[data-testid="review-mark"].active').first().textContent();
    expect(active).toBe(await activeValue());
    await s.page.screenshot({ path: join(screenshotsDir, 'sources-review.png') });
  });

  it('saves the accepted candidates with the source into the user library on disk', async () => {
    expect(await s.page.getByTestId('review-tally').textContent()).toContain('已接受 3');
    await s.page.getByTestId('review-save').click();
    await s.page.getByTestId('review-saved').waitFor();
    const file = userLibrary();
    expect(file.sources.map((x) => [x.title, x.outlet, x.date])).toEqual([[TITLE, '南京市人民政府', '2025-01-15']]);
    expect(file.sources[0]!.paragraphs.map((p) => p.text)).toEqual(readFileSync(report, 'utf8').split('\n').filter(Boolean));
    expect(file.items.map((i) => i.valueText).sort()).toEqual(['1.85万亿元', '1200家', '32.6万人'].sort());
    expect(file.items.every((i) => i.origin === 'user' && i.sourceId === file.sources[0]!.id)).toBe(true);
    expect(file.items.find((i) => i.valueText === '1.85万亿元')!.metric).toBe('gdp');
    expect(await candidate('1200家').getAttribute('data-status')).toBe('saved');
  });

  it('finds the accepted figure in the library, inserts it, and the draft on disk cites the imported source', async () => {
    await s.page.getByTestId('review-close').click();
    await s.page.getByTestId('source-review').waitFor({ state: 'detached' });
    const search = s.page.getByTestId('library-search');
    await search.click();
    await search.pressSequentially('高新技术企业数');
    const id = userLibrary().items.find((i) => i.valueText === '1200家')!.id;
    const hit = s.page.locator(`[data-testid="library-hit"][data-item-id="${id}"]`);
    await hit.waitFor();
    await hit.click();
    await search.focus();
    for (let i = 0; i < 20 && (await s.page.locator('[data-testid="library-hit"][aria-selected="true"]').getAttribute('data-item-id')) !== id; i++) await s.page.keyboard.press('ArrowDown');
    await s.page.keyboard.press('Enter');
    const sourceId = userLibrary().sources[0]!.id;
    const saved = await savedBriefing(s.harness.dataDir, draftId, (b) => JSON.stringify(b.blocks).includes(id));
    const json = JSON.stringify(saved.blocks);
    expect(json).toContain(`"sourceId":"${sourceId}"`);
    expect(json).toContain(`"sourceTitle":"${TITLE}"`);
    expect(json).toContain('"outlet":"南京市人民政府"');
    expect(json).toContain('1200家');
    expect(s.pageErrors).toEqual([]);
  });

  it('lists the imported source; removing it empties the library of its items and the draft keeps its frozen copy', async () => {
    await s.page.getByTestId('import-source').click();
    const listed = s.page.getByTestId('user-sources').locator('li');
    await listed.first().waitFor();
    expect(await listed.count()).toBe(1);
    expect(await listed.first().textContent()).toContain(`《${TITLE}》，南京市人民政府，2025-01-15 · 3 条`);
    s.page.once('dialog', (dialog) => void dialog.accept());
    await s.page.getByTestId('remove-source').click();
    await s.page.getByTestId('user-sources').waitFor({ state: 'detached' });
    expect(userLibrary()).toMatchObject({ sources: [], items: [] });
    await s.page.getByTestId('review-close').click();
    // The search no longer finds it; the draft still cites it.
    const search = s.page.getByTestId('library-search');
    await search.fill('');
    await search.pressSequentially('高新技术企业数');
    await expect.poll(() => s.page.locator('[data-testid="library-hit"][data-item-id^="u-"]').count()).toBe(0);
    const json = JSON.stringify((await savedBriefing(s.harness.dataDir, draftId, () => true)).blocks);
    expect(json).toContain(`"sourceTitle":"${TITLE}"`);
    expect(s.pageErrors).toEqual([]);
  });
});

const DOCX = ['关于2025年无锡市人才工作情况的报告', '无锡市人才工作领导小组办公室', '2025年3月10日', '2024年，全市新引进高层次人才2860名，人才总量达到210万人。', '力争2025年新增高技能人才5万人。'];
const PDF = ['2025年苏州市科技创新发展报告', '苏州市科学技术局', '2025年2月18日', '2024年，全市研发投入强度达到3.9%，比上年提高0.1个百分点。', '全市技术合同成交额突破1200亿元，高新技术企业达到1.6万家。'];

describe.skipIf(!chromium.available)(`sources in from .docx and .pdf: progress, merge, search, insert, export${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  let draftId = '';
  const files = { docx: '', pdf: '', long: '' };
  const candidates = () => s.page.getByTestId('review-candidate');
  const activeValue = () => s.page.locator('[data-testid="review-candidate"][aria-selected="true"]').getAttribute('data-value-text');
  const libraryFile = () => join(s.harness.dataDir, 'library', 'user-library.json');
  const userLibrary = () => JSON.parse(readFileSync(libraryFile(), 'utf8')) as Omit<UserLibraryFile, 'items'> & { items: (UserLibraryFile['items'][number] & { quote: string })[] };

  beforeAll(async () => {
    const paths = findAppPaths(import.meta.dirname);
    const dir = mkdtempSync(join(tmpdir(), 'bs-e2e-sources-'));
    const font = sourceFont(paths.resourcesDir);
    files.docx = await writeSourceDocx(join(dir, '无锡人才.docx'), DOCX);
    files.pdf = await writeSourcePdf(join(dir, '苏州科技.pdf'), PDF, { font });
    const long = longReport(1500);
    files.long = await writeSourcePdf(join(dir, '长报告.pdf'), long.paragraphs, { font, breaks: long.breaks });
    s = await openApp({ viewport: { width: 1440, height: 900 } });
    draftId = await newDraftOnDisk(s.page, s.harness.dataDir);
    await s.page.getByTestId('library-results').waitFor();
    await editorReady(s.page);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a 1,500-page PDF shows its pages read with 取消; 取消 returns to the start and nothing is imported', async () => {
    await s.page.getByTestId('import-source').click();
    await s.page.getByTestId('source-review').waitFor();
    s.harness.queueOpenPath(files.long);
    await s.page.getByTestId('review-pick-file').click();
    const progress = s.page.getByTestId('import-progress');
    // long enough that the pages are still being read after the screenshot (a busy machine included)
    await expect.poll(async () => Number((await progress.getAttribute('data-done', { timeout: 30_000 })) ?? 0), { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(100);
    expect(await progress.getAttribute('data-total')).toBe('1500');
    expect(await s.page.getByTestId('import-progress-text').textContent()).toMatch(/正在读取第 \d+ \/ 1500 页/);
    expect(Number(await progress.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(5);
    await s.page.screenshot({ path: join(screenshotsDir, 'sources-import-progress.png') });
    await s.page.getByTestId('import-cancel').click();
    await progress.waitFor({ state: 'detached' });
    expect(await s.page.getByTestId('review-pick-file').isEnabled()).toBe(true);
    expect(await s.page.getByTestId('review-list').count()).toBe(0);
    expect(s.harness.calls).toContain('sources:import-cancel');
    // nothing reached the data folder
    expect(existsSync(libraryFile())).toBe(false);
  });

  it('imports the .docx: metadata proposed, reviewed by keys (Enter accepts, Delete rejects), saved to the user library on disk', async () => {
    s.harness.queueOpenPath(files.docx);
    await s.page.getByTestId('review-pick-file').click();
    await s.page.getByTestId('review-list').waitFor();
    expect(await s.page.getByTestId('review-title').inputValue()).toBe(DOCX[0]);
    expect(await s.page.getByTestId('review-outlet').inputValue()).toBe(DOCX[1]);
    expect(await s.page.getByTestId('review-date').inputValue()).toBe('2025-03-10');
    expect(await candidates().evaluateAll((els) => els.map((e) => e.getAttribute('data-value-text')))).toEqual(['2860名', '210万人', '5万人']);
    expect(await activeValue()).toBe('2860名');
    await s.page.keyboard.press('Enter');
    expect(await activeValue()).toBe('210万人');
    await s.page.keyboard.press('Enter');
    await s.page.keyboard.press('Delete');
    expect(await candidates().evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['accepted', 'accepted', 'rejected']);
    await s.page.getByTestId('review-save').click();
    await s.page.getByTestId('review-saved').waitFor();
    const file = userLibrary();
    expect(file.sources.map((x) => [x.title, x.outlet, x.date])).toEqual([[DOCX[0], DOCX[1], '2025-03-10']]);
    expect(file.sources[0]!.paragraphs.map((p) => p.text)).toEqual(DOCX);
    expect(file.items.map((i) => [i.valueText, i.subject])).toEqual([['2860名', '全市新引进高层次人才'], ['210万人', '人才总量']]);
    // Esc closes the screen
    await s.page.keyboard.press('Escape');
    await s.page.getByTestId('source-review').waitFor({ state: 'detached' });
  });

  it('imports the .pdf and merges two figures of one sentence with Shift+↓ and M (F switches its figure, Ctrl+Z undoes it); the merged item is saved with the sentence', async () => {
    await s.page.getByTestId('import-source').click();
    s.harness.queueOpenPath(files.pdf);
    await s.page.getByTestId('review-pick-file').click();
    await s.page.getByTestId('review-list').waitFor();
    expect(await s.page.getByTestId('review-title').inputValue()).toBe(PDF[0]);
    expect(await s.page.getByTestId('review-outlet').inputValue()).toBe(PDF[1]);
    expect(await s.page.getByTestId('review-date').inputValue()).toBe('2025-02-18');
    expect(await candidates().evaluateAll((els) => els.map((e) => e.getAttribute('data-value-text')))).toEqual(['3.9%', '0.1个百分点', '突破1200亿元', '1.6万家']);
    // Shift+↓ selects 3.9% and 0.1个百分点, M merges them into one row
    await s.page.keyboard.press('Shift+ArrowDown');
    expect(await candidates().evaluateAll((els) => els.map((e) => e.getAttribute('data-selected')))).toEqual(['true', 'true', 'false', 'false']);
    await s.page.keyboard.press('m');
    expect(await candidates().count()).toBe(3);
    const merged = s.page.locator('[data-testid="review-candidate"][data-merged="true"]');
    expect(await merged.getAttribute('data-value-text')).toBe('3.9%');
    expect(await merged.getByTestId('merged-quote').textContent()).toBe(`“${PDF[3]}”`);
    // both figures stay marked in the text, as the one merged row
    const marks = s.page.locator('[data-testid="review-mark"][data-row="0"]');
    expect(await marks.allTextContents()).toEqual(['3.9%', '0.1个百分点']);
    expect(await s.page.getByTestId('review-notice').textContent()).toContain('已将 2 条合并为一条');
    await s.page.screenshot({ path: join(screenshotsDir, 'sources-merge.png') });
    // Ctrl+Z: the two rows are back
    await s.page.keyboard.press('Control+z');
    expect(await candidates().evaluateAll((els) => els.map((e) => e.getAttribute('data-value-text')))).toEqual(['3.9%', '0.1个百分点', '突破1200亿元', '1.6万家']);
    expect(await merged.count()).toBe(0);
    // merged again; F takes the figure from the other part and back (the sentence stays)
    await s.page.keyboard.press('Shift+ArrowDown');
    await s.page.keyboard.press('m');
    await s.page.keyboard.press('f');
    expect(await merged.getAttribute('data-value-text')).toBe('0.1个百分点');
    expect(await merged.locator('[data-testid="merged-figure"][aria-pressed="true"]').textContent()).toBe('0.1个百分点');
    await s.page.keyboard.press('f');
    expect(await merged.getAttribute('data-value-text')).toBe('3.9%');
    // accepted; 1200亿元 accepted, 1.6万家 rejected
    await s.page.keyboard.press('Enter');
    await s.page.keyboard.press('Enter');
    await s.page.keyboard.press('Delete');
    expect(await candidates().evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['accepted', 'accepted', 'rejected']);
    await s.page.getByTestId('review-save').click();
    await s.page.getByTestId('review-saved').waitFor();
    const file = userLibrary();
    expect(file.sources.map((x) => x.title)).toEqual([DOCX[0], PDF[0]]);
    expect(file.sources[1]!.paragraphs.map((p) => p.text)).toEqual(PDF);
    const pdfItems = file.items.filter((i) => i.sourceId === file.sources[1]!.id);
    expect(pdfItems.map((i) => [i.valueText, i.quote])).toEqual([
      ['3.9%', PDF[3]],
      ['突破1200亿元', PDF[4]],
    ]);
    await s.page.keyboard.press('Escape');
    await s.page.getByTestId('source-review').waitFor({ state: 'detached' });
  });

  /** Types the query with keys, waits for the item's hit, selects it with ↓ and inserts it with Enter. */
  async function insertByKeys(query: string, itemId: string) {
    const search = s.page.getByTestId('library-search');
    await search.click();
    await s.page.keyboard.press('Control+a');
    await s.page.keyboard.press('Backspace');
    await search.pressSequentially(query);
    const hit = s.page.locator(`[data-testid="library-hit"][data-item-id="${itemId}"]`);
    await hit.waitFor();
    for (let i = 0; i < 30 && (await s.page.locator('[data-testid="library-hit"][aria-selected="true"]').getAttribute('data-item-id')) !== itemId; i++) await s.page.keyboard.press('ArrowDown');
    expect(await s.page.locator('[data-testid="library-hit"][aria-selected="true"]').getAttribute('data-item-id')).toBe(itemId);
    await s.page.keyboard.press('Enter');
  }

  it('finds the docx item in Chinese and the pdf item in pinyin, inserts both; the draft on disk cites both sources', async () => {
    const file = userLibrary();
    const talent = file.items.find((i) => i.valueText === '2860名')!;
    const rd = file.items.find((i) => i.valueText === '3.9%')!;
    await insertByKeys('高层次人才', talent.id);
    await savedBriefing(s.harness.dataDir, draftId, (b) => JSON.stringify(b.blocks).includes(talent.id));
    // pinyin: 苏州 研发 spelled out
    await insertByKeys('suzhou yanfa', rd.id);
    const saved = await savedBriefing(s.harness.dataDir, draftId, (b) => JSON.stringify(b.blocks).includes(rd.id));
    const json = JSON.stringify(saved.blocks);
    for (const source of file.sources) {
      expect(json).toContain(`"sourceId":"${source.id}"`);
      expect(json).toContain(`"sourceTitle":"${source.title}"`);
    }
    expect(json).toContain('2860名');
    expect(json).toContain('3.9%');
    expect(s.pageErrors).toEqual([]);
  });

  it.runIf(hasTool('pdftotext'))('exports the PDF: its 资料来源 cites both imported sources by title', async () => {
    await s.page.getByTestId('export-options').click();
    await s.page.getByTestId('export-dialog').waitFor();
    await s.page.getByTestId('export-confirm').click();
    await s.page.getByTestId('export-result').waitFor({ timeout: 90_000 });
    const pdfs = readdirSync(s.harness.exportsDir).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    const flat = squash(pdfText(join(s.harness.exportsDir, pdfs[0]!)));
    const at = flat.lastIndexOf('资料来源');
    expect(at).toBeGreaterThan(0);
    const sources = flat.slice(at);
    expect(sources).toContain(`《${DOCX[0]}》`);
    expect(sources).toContain(`《${PDF[0]}》`);
    expect(sources).toContain(DOCX[1]);
    expect(sources).toContain(PDF[1]);
    await s.page.getByTestId('export-close').click();
    expect(s.pageErrors).toEqual([]);
    expect(s.harness.logged).toEqual([]);
  });
});
