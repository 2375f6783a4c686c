// Sources in, through the real UI in Chromium on the real services: 导入资料 in the library panel,
// a .txt picked in the (preset) open dialog, the review screen driven by keys (Enter accept, Delete
// reject, E edit, ↑↓) and by a click on a mark in the text, the accepted figures saved into the user
// library in the data folder, found by the library search, inserted into a draft whose file on disk
// cites the imported source.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from './harness/browser';
import { draftIdsOnDisk, editorReady, openApp, savedBriefing, screenshotsDir, type Session } from './support';

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
    await s.page.getByTestId('new-draft').click();
    await s.page.getByTestId('editor').waitFor();
    await s.page.getByTestId('library-results').waitFor();
    await editorReady(s.page);
    for (let i = 0; i < 100 && draftIdsOnDisk(s.harness.dataDir).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    draftId = draftIdsOnDisk(s.harness.dataDir)[0]!;
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
