// The first vertical slice, in real Chromium through the harness: create a briefing, type Chinese,
// see it saved to a real file, export a real PDF whose text layer holds what was typed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, pdfText, squash } from '../support/tools';
import { chromiumAvailability } from './harness/browser';
import { filesContaining, openApp, screenshotsDir, type Session } from './support';

const chromium = chromiumAvailability();
const TITLE = '杭州“六小龙”现象对我市的启示';
const PARAGRAPH = '杭州以“三个15%”支持科技创新，全社会研发投入强度达到3.85%。';

describe.skipIf(!chromium.available)(`vertical slice in Chromium${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows the empty drafts home in Chinese', async () => {
    await s.page.getByTestId('drafts-home').waitFor();
    await expect(s.page.getByRole('heading', { name: '草稿箱' }).isVisible()).resolves.toBe(true);
    await expect(s.page.getByTestId('new-draft').textContent()).resolves.toBe('新建简报');
  });

  it('creates a briefing and saves typed Chinese to a real file', async () => {
    await s.page.getByTestId('new-draft').click();
    await s.page.getByTestId('editor').waitFor();
    await s.page.getByTestId('title-input').click();
    await s.page.keyboard.insertText(TITLE);
    await s.page.getByTestId('add-paragraph').click();
    await s.page.getByTestId('paragraph-input').last().click();
    await s.page.keyboard.insertText(PARAGRAPH);
    await s.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 5_000 });
    expect(await s.page.getByTestId('save-status').textContent()).toMatch(/已保存/);
    const files = filesContaining(s.harness.dataDir, PARAGRAPH.slice(0, 12));
    expect(files.length).toBeGreaterThan(0);
    const onDisk = JSON.parse(readFileSync(files[0]!, 'utf8')) as unknown;
    expect(JSON.stringify(onDisk)).toContain(TITLE.replace(/“|”/g, (q) => q));
    expect(JSON.stringify(onDisk)).toContain(PARAGRAPH);
  });

  it('survives a reload: the draft is listed and opens with the text', async () => {
    await s.page.reload();
    await s.page.getByTestId('draft-row').first().waitFor();
    expect(await s.page.getByTestId('draft-row').first().textContent()).toContain(TITLE);
    await s.page.getByTestId('draft-row').first().click();
    await s.page.getByTestId('editor').waitFor();
    expect(await s.page.getByTestId('paragraph-input').last().inputValue()).toBe(PARAGRAPH);
  });

  it.runIf(hasTool('pdftotext'))('exports a real PDF containing what was typed', async () => {
    await s.page.getByTestId('export-pdf').click();
    await s.page.getByTestId('export-done').waitFor({ timeout: 30_000 });
    const pdfPath = s.harness.calls.includes('export:pdf') ? (await s.page.locator('[data-testid="export-done"] .path').textContent())! : '';
    expect(existsSync(pdfPath)).toBe(true);
    expect(pdfPath.startsWith(s.harness.exportsDir)).toBe(true);
    expect(statSync(pdfPath).size).toBeGreaterThan(1000);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    const text = squash(pdfText(pdfPath));
    expect(text).toContain(squash(TITLE));
    expect(text).toContain(squash(PARAGRAPH));
    await s.page.screenshot({ path: join(screenshotsDir, 'slice-editor.png') });
    expect(s.pageErrors, s.pageErrors.join("\n")).toEqual([]);
    expect(s.harness.logged).toEqual([]);
  });
});
