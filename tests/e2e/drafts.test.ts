// The drafts home, trash, history and import/export through the real UI in Chromium, on the real
// store (a temp data dir): what the user does, and what is then on disk.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/main/node-host';
import { findAppPaths } from '../../src/main/paths';
import { createDraftServices } from '../../src/main/services/drafts';
import { chromiumAvailability } from './harness/browser';
import { blockTexts, bodyTexts, clickAtEnd, draftIdByTitle, editorReady, openApp, savedBriefing, screenshotsDir, typeAsPerson, type Session } from './support';

const chromium = chromiumAvailability();
const TITLE_A = '杭州“六小龙”现象对我市的启示';
const TITLE_B = '南京科技成果转化情况汇报';
const FIRST_TEXT = '杭州以“三个15%”支持科技创新。';
const LATER_TEXT = '这段是送审后才加的内容，恢复送审稿后应当消失。';

/** Creates a draft through the UI, types a title and one paragraph, waits until it is on disk, returns to the home. */
async function createDraft(s: Session, title: string, paragraph: string): Promise<void> {
  await s.page.getByTestId('new-draft').click();
  await s.page.getByTestId('editor').waitFor();
  await editorReady(s.page);
  await s.page.getByTestId('title-input').click();
  await s.page.keyboard.insertText(title);
  // The template's first section starts with an empty paragraph: click into it and type.
  await s.page.locator('[data-testid="body"] > p.bs-para').first().click();
  await typeAsPerson(s.page, paragraph);
  await s.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 5_000 });
  const id = await draftIdByTitle(s.harness.dataDir, title);
  await savedBriefing(s.harness.dataDir, id, (b) => blockTexts(b.blocks).includes(paragraph));
  await s.page.getByTestId('nav-drafts').click();
  await s.page.getByTestId('drafts-home').waitFor();
}

/** The text of every block in the open editor, once its body is shown (new drafts start with the template's skeleton). */
async function paragraphs(s: Session): Promise<string[]> {
  await s.page.locator('[data-testid="body"]').waitFor();
  return bodyTexts(s.page);
}
/** The body's top-level block `index` (as counted by `paragraphs`). */
const bodyBlock = (s: Session, index: number) => s.page.locator('[data-testid="body"] > *').nth(index);

const row = (s: Session, title: string) => s.page.locator('li.draft', { has: s.page.getByText(title, { exact: true }) });

describe.skipIf(!chromium.available)(`drafts home, trash, history, import/export in Chromium${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('types, waits, reloads the page: the text is there', async () => {
    await s.page.getByTestId('drafts-home').waitFor();
    await createDraft(s, TITLE_A, FIRST_TEXT);
    await createDraft(s, TITLE_B, '南京技术转化率约为28%。');
    await s.page.reload();
    await s.page.getByTestId('draft-row').nth(1).waitFor();
    expect(await s.page.getByTestId('drafts-count').textContent()).toBe('共 2 份');
    // newest edit first, with the relative time in Chinese
    expect(await s.page.getByTestId('draft-row').first().textContent()).toContain(TITLE_B);
    expect(await s.page.getByTestId('draft-row').first().textContent()).toContain('刚刚');
    await row(s, TITLE_A).getByTestId('draft-row').click();
    await s.page.getByTestId('editor').waitFor();
    expect(await paragraphs(s)).toContain(FIRST_TEXT);
    await s.page.getByTestId('nav-drafts').click();
    await s.page.getByTestId('drafts-home').waitFor();
  });

  it('searches, renames in place and sorts by title', async () => {
    await s.page.getByTestId('drafts-search').fill('南京');
    await expect.poll(() => s.page.getByTestId('draft-row').count()).toBe(1);
    await s.page.getByTestId('drafts-search').press('Escape');
    await expect.poll(() => s.page.getByTestId('draft-row').count()).toBe(2);

    await row(s, TITLE_B).getByTestId('rename-draft').click();
    await s.page.getByTestId('rename-input').fill('南京技术转化率对比');
    await s.page.getByTestId('rename-input').press('Enter');
    await s.page.getByText('南京技术转化率对比', { exact: true }).waitFor();
    await s.page.getByTestId('drafts-sort').selectOption('title');
    // zh-CN collation by pinyin: 杭 (hang) before 南 (nan)
    await expect.poll(async () => (await s.page.locator('[data-testid="draft-row"] .title').allTextContents())).toEqual([TITLE_A, '南京技术转化率对比']);
    await s.page.screenshot({ path: join(screenshotsDir, 'drafts-home.png') });
    // the new title reached the draft file on disk
    const files = readdirSync(join(s.harness.dataDir, 'drafts', 'files')).map((f) => readFileSync(join(s.harness.dataDir, 'drafts', 'files', f), 'utf8'));
    expect(files.some((f) => f.includes('南京技术转化率对比'))).toBe(true);
  });

  it('deletes to the trash and restores from it', async () => {
    await row(s, '南京技术转化率对比').getByTestId('delete-draft').click();
    await s.page.getByTestId('deleted-strip').waitFor();
    expect(await s.page.getByTestId('deleted-strip').textContent()).toContain('30 天内可以恢复');
    await expect.poll(() => s.page.getByTestId('draft-row').count()).toBe(1);
    expect(readdirSync(join(s.harness.dataDir, 'drafts', 'trash')).length).toBe(1);

    await s.page.getByTestId('nav-trash').click();
    const trashRow = s.page.getByTestId('trash-row');
    await trashRow.waitFor();
    expect(await trashRow.textContent()).toContain('南京技术转化率对比');
    expect(await trashRow.textContent()).toMatch(/(30|29) 天后永久删除/);
    await s.page.screenshot({ path: join(screenshotsDir, 'drafts-trash.png') });
    await trashRow.getByTestId('restore-draft').click();
    await s.page.getByTestId('trash-empty').waitFor();
    await s.page.getByTestId('nav-drafts').click();
    await expect.poll(() => s.page.getByTestId('draft-row').count()).toBe(2);
    expect(readdirSync(join(s.harness.dataDir, 'drafts', 'trash')).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('names a version, edits on, and restores the version in place (undoable)', async () => {
    await row(s, TITLE_A).getByTestId('history-draft').click();
    await s.page.getByTestId('history-drawer').waitFor();
    await s.page.getByTestId('version-name').fill('送审稿');
    await s.page.getByTestId('save-version').click();
    await s.page.locator('[data-testid="history-entry"][data-reason="named"]').waitFor();
    await s.page.getByRole('button', { name: '关闭历史版本' }).click();

    await row(s, TITLE_A).getByTestId('draft-row').click();
    await s.page.getByTestId('editor').waitFor();
    await editorReady(s.page);
    await clickAtEnd(s.page, bodyBlock(s, (await paragraphs(s)).indexOf(FIRST_TEXT)));
    await typeAsPerson(s.page, LATER_TEXT);
    await s.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 5_000 });
    const id = await draftIdByTitle(s.harness.dataDir, TITLE_A);
    await savedBriefing(s.harness.dataDir, id, (b) => blockTexts(b.blocks).includes(FIRST_TEXT + LATER_TEXT));
    await s.page.getByTestId('nav-drafts').click();

    await row(s, TITLE_A).getByTestId('history-draft').click();
    const named = s.page.locator('[data-testid="history-entry"][data-reason="named"]');
    await named.waitFor();
    expect(await named.textContent()).toContain('送审稿');
    await named.getByTestId('restore-version').click();
    await s.page.getByTestId('confirm-restore').click();
    await s.page.getByTestId('restore-done').waitFor();
    // the store snapshotted the state before the restore: it is listed, so the restore can be undone
    await s.page.locator('[data-testid="history-entry"][data-reason="before-restore"]').waitFor();
    await s.page.screenshot({ path: join(screenshotsDir, 'drafts-history.png') });
    await s.page.getByRole('button', { name: '关闭历史版本' }).click();

    await row(s, TITLE_A).getByTestId('draft-row').click();
    await s.page.getByTestId('editor').waitFor();
    expect(await paragraphs(s)).toContain(FIRST_TEXT);
    expect((await paragraphs(s)).join('')).not.toContain(LATER_TEXT);
    await s.page.getByTestId('nav-drafts').click();

    // undo the restore: the later text comes back
    await row(s, TITLE_A).getByTestId('history-draft').click();
    const before = s.page.locator('[data-testid="history-entry"][data-reason="before-restore"]').first();
    await before.getByTestId('restore-version').click();
    await s.page.getByTestId('confirm-restore').click();
    await s.page.getByTestId('restore-done').waitFor();
    await s.page.getByRole('button', { name: '关闭历史版本' }).click();
    await row(s, TITLE_A).getByTestId('draft-row').click();
    await s.page.getByTestId('editor').waitFor();
    expect(await paragraphs(s)).toContain(FIRST_TEXT + LATER_TEXT);
    await s.page.getByTestId('nav-drafts').click();
  });

  it('restores a version in place from the editor’s history tab', async () => {
    const EXTRA = '定稿后又补的一句。';
    await row(s, TITLE_A).getByTestId('draft-row').click();
    await s.page.getByTestId('editor').waitFor();
    await s.page.getByTestId('tab-history').click();
    await s.page.getByTestId('history-panel').waitFor();
    await s.page.getByTestId('version-name').fill('定稿');
    await s.page.getByTestId('save-version').click();
    const named = s.page.locator('[data-testid="history-entry"][data-reason="named"]', { hasText: '定稿' });
    await named.waitFor();

    const index = (await paragraphs(s)).indexOf(FIRST_TEXT + LATER_TEXT);
    expect(index).toBeGreaterThanOrEqual(0);
    await clickAtEnd(s.page, bodyBlock(s, index));
    await typeAsPerson(s.page, EXTRA);
    await s.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 5_000 });
    expect(await paragraphs(s)).toContain(FIRST_TEXT + LATER_TEXT + EXTRA);
    const id = await draftIdByTitle(s.harness.dataDir, TITLE_A);
    await savedBriefing(s.harness.dataDir, id, (b) => blockTexts(b.blocks).includes(FIRST_TEXT + LATER_TEXT + EXTRA));

    await named.getByTestId('restore-version').click();
    await s.page.getByTestId('confirm-restore').click();
    await s.page.getByTestId('restore-done').waitFor();
    // restored in place: the open editor shows the version, without reopening the draft
    await expect.poll(async () => (await paragraphs(s)).join('')).not.toContain(EXTRA);
    expect(await paragraphs(s)).toContain(FIRST_TEXT + LATER_TEXT);
    // and the file on disk holds the version, not what was typed after it
    await savedBriefing(s.harness.dataDir, id, (b) => blockTexts(b.blocks).includes(FIRST_TEXT + LATER_TEXT) && !blockTexts(b.blocks).join('').includes(EXTRA));
    await s.page.screenshot({ path: join(screenshotsDir, 'drafts-history-editor.png') });
    await s.page.getByTestId('nav-drafts').click();
    await s.page.getByTestId('drafts-home').waitFor();
  });

  it('exports a .briefing.json and imports it back as a new copy', async () => {
    await row(s, TITLE_A).getByTestId('export-draft').click();
    await expect.poll(() => s.page.getByTestId('notice').textContent()).toContain('已导出草稿文件');
    const exported = readdirSync(s.harness.exportsDir).find((f) => f.endsWith('.briefing.json'));
    expect(exported).toBeDefined();
    const path = join(s.harness.exportsDir, exported!);
    const json = JSON.parse(readFileSync(path, 'utf8')) as { title?: string; draft?: { title?: string } };
    expect(JSON.stringify(json)).toContain(TITLE_A);

    s.harness.queueOpenPath(path);
    await s.page.getByTestId('import-draft').click();
    await s.page.getByTestId('editor').waitFor();
    await expect.poll(() => s.page.getByTestId('notice').textContent()).toContain('已导入');
    expect(await s.page.getByTestId('title-input').inputValue()).toBe(`${TITLE_A}（导入副本）`);
    await s.page.getByTestId('nav-drafts').click();
    await expect.poll(() => s.page.getByTestId('draft-row').count()).toBe(3);
  });

  it('rejects a malicious or broken file with a clear Chinese message', async () => {
    const dir = s.harness.dataDir;
    const cases: [string, string, RegExp][] = [
      ['proto.briefing.json', '{"schemaVersion":1,"id":"x","__proto__":{"polluted":true}}', /不安全/],
      ['broken.briefing.json', '{"schemaVersion":1,"title":"半截', /JSON|无效/],
      ['future.briefing.json', JSON.stringify({ schemaVersion: 999, id: 'x' }), /更新版本/],
    ];
    for (const [name, text, message] of cases) {
      const path = join(dir, name);
      writeFileSync(path, text);
      s.harness.queueOpenPath(path);
      await s.page.getByTestId('import-draft').click();
      const notice = s.page.locator('[data-testid="notice"][role="alert"]');
      await notice.waitFor();
      const shown = (await notice.textContent()) ?? '';
      expect(shown).toMatch(/^导入失败：/);
      expect(shown).toMatch(message);
      expect(shown).toMatch(/[\u4e00-\u9fff]/);
      if (name === 'proto.briefing.json') await s.page.screenshot({ path: join(screenshotsDir, 'drafts-import-rejected.png') });
      await s.page.getByRole('button', { name: '关闭提示' }).click();
    }
    expect(await s.page.getByTestId('draft-row').count()).toBe(3);
  });

  it('opens help with F1', async () => {
    await s.page.keyboard.press('F1');
    await s.page.getByTestId('help').waitFor();
    const help = (await s.page.getByTestId('help').textContent()) ?? '';
    expect(help).toContain('快速上手');
    // the menu's accelerators, from the same table the menu is built from
    await s.page.getByRole('tab', { name: '快捷键' }).click();
    const keys = (await s.page.getByTestId('help').textContent()) ?? '';
    for (const row of ['Ctrl + Shift + O导入简报文件', 'Ctrl + E导出（PDF/Word/OFD）…', 'Ctrl + Z / Ctrl + Y撤销 / 重做', 'Ctrl + K在资料库中查找']) expect(keys.replace(/\s*\n\s*/g, '')).toContain(row);
    await s.page.screenshot({ path: join(screenshotsDir, 'drafts-help.png') });
    await s.page.keyboard.press('Escape');
    expect(await s.page.getByTestId('help').count()).toBe(0);
  });

  it('logged no errors, in the page or in the services', () => {
    expect(s.pageErrors, s.pageErrors.join('\n')).toEqual([]);
    expect(s.harness.logged, s.harness.logged.join('\n')).toEqual([]);
  });
});

describe.skipIf(!chromium.available)('recovery notice in Chromium', () => {
  it('tells the user a damaged draft was recovered and where the damaged file is', async () => {
    // A store with one saved draft (written by the real services, then closed: lock released).
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-e2e-recovery-'));
    const drafts = createDraftServices(createNodeHost({ paths: findAppPaths(import.meta.dirname), dataDir }));
    const created = await drafts.createDraft({ title: '将被损坏的草稿' });
    if (!created.ok) throw new Error(created.message);
    const saved = await drafts.saveDraft({ draft: { ...created.value, blocks: [{ id: 'p1', type: 'paragraph', runs: [{ text: '第一段文字，已保存。' }] }] } });
    if (!saved.ok) throw new Error(saved.message);
    await drafts.close();

    // Corrupt the draft file as a power cut might (truncated JSON).
    const filesDir = join(dataDir, 'drafts', 'files');
    const file = readdirSync(filesDir).find((f) => f.endsWith('.json'))!;
    const text = readFileSync(join(filesDir, file), 'utf8');
    writeFileSync(join(filesDir, file), text.slice(0, Math.floor(text.length / 2)));

    const s = await openApp({ dataDir });
    try {
      await s.page.getByTestId('draft-row').first().waitFor();
      const notice = s.page.getByTestId('store-notice').first();
      await notice.waitFor({ timeout: 10_000 });
      const path = (await notice.getByTestId('quarantine-path').textContent()) ?? '';
      expect(path).toContain('quarantine');
      expect(existsSync(path)).toBe(true);
      expect(await notice.textContent()).toMatch(/已损坏/);
      expect(await notice.textContent()).toMatch(/恢复/);
      await s.page.screenshot({ path: join(screenshotsDir, 'drafts-recovery.png') });
      await notice.getByTestId('dismiss-store-notice').click();
      await expect.poll(() => s.page.getByTestId('store-notice').count()).toBe(0);
    } finally {
      await s.close();
    }
  });
});
