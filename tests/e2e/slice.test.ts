// The first vertical slice, in real Chromium through the harness: create a briefing, type Chinese
// through an input method (CDP composition events) into the body, see it saved to the draft's real
// file, export a real PDF whose text layer holds what was typed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, pdfText, squash } from '../support/tools';
import { chromiumAvailability } from './harness/browser';
import { blockTexts, bodyTexts, compose, draftIdByTitle, editorReady, openApp, savedBriefing, screenshotsDir, type Session } from './support';

const chromium = chromiumAvailability();
const TITLE = '杭州“六小龙”现象对我市的启示';
const PARAGRAPH = '杭州以“三个15%”支持科技创新，全社会研发投入强度达到3.85%。';

describe.skipIf(!chromium.available)(`vertical slice in Chromium${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  let id = '';
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

  it('creates a briefing and saves Chinese typed through an input method to its file', async () => {
    await s.page.getByTestId('new-draft').click();
    await s.page.getByTestId('editor').waitFor();
    await editorReady(s.page);
    // The title is a form field: set up directly.
    await s.page.getByTestId('title-input').click();
    await s.page.keyboard.insertText(TITLE);
    id = await draftIdByTitle(s.harness.dataDir, TITLE);
    // The template's first section has an empty paragraph: click into it and type, as a person does.
    const first = s.page.locator('[data-testid="body"] > p.bs-para').first();
    await first.click();
    const cdp: CDPSession = await s.page.context().newCDPSession(s.page);
    await compose(cdp, 'hangzhouyi', '杭州以');
    await cdp.send('Input.insertText', { text: '“' });
    await compose(cdp, 'sange', '三个');
    await s.page.keyboard.type('15%');
    await cdp.send('Input.insertText', { text: '”' });
    await compose(cdp, 'zhichikejichuangxin', '支持科技创新');
    await s.page.keyboard.type(',');
    await compose(cdp, 'quanshehuiyanfatouruqiangdudadao', '全社会研发投入强度达到');
    await s.page.keyboard.type('3.85%.');
    await cdp.detach();
    await s.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 5_000 });
    expect(await s.page.getByTestId('save-status').textContent()).toMatch(/已保存/);
    const saved = await savedBriefing(s.harness.dataDir, id, (b) => blockTexts(b.blocks).includes(PARAGRAPH));
    expect(saved.title).toBe(TITLE);
    // The paragraph took the place of the section's empty one: right after 基本情况.
    expect(blockTexts(saved.blocks).slice(0, 2)).toEqual(['基本情况', PARAGRAPH]);
    expect(await bodyTexts(s.page)).toEqual(blockTexts(saved.blocks));
  });

  it('survives a reload: the draft is listed and opens with the text', async () => {
    await s.page.reload();
    await s.page.getByTestId('draft-row').first().waitFor();
    expect(await s.page.getByTestId('draft-row').first().textContent()).toContain(TITLE);
    await s.page.getByTestId('draft-row').first().click();
    await s.page.getByTestId('editor').waitFor();
    await editorReady(s.page);
    expect(await bodyTexts(s.page)).toContain(PARAGRAPH);
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
    expect(s.pageErrors, s.pageErrors.join('\n')).toEqual([]);
    expect(s.harness.logged).toEqual([]);
  });
});
