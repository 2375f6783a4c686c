// The export dialog offers PDF, Word and OFD, one or several at once, in Chromium with real clicks
// and keys: the files on disk are opened (the .docx and .ofd zips, the PDF with poppler) and their
// pages and text checked; the choice is remembered the next time the dialog opens.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from './harness/browser';
import { newDraftOnDisk, openApp, screenshotsDir, type Session } from './support';

const chromium = chromiumAvailability();

/** The text runs of a .docx body (its w:t elements). */
const docxRuns = (bytes: Uint8Array) => [...strFromU8(unzipSync(bytes)['word/document.xml']!).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
const docxText = (bytes: Uint8Array) => docxRuns(bytes).join('');
/** The pages of an .ofd package and the text of each (its TextCode elements). */
function ofdPages(bytes: Uint8Array): string[] {
  const zip = unzipSync(bytes);
  return Object.keys(zip)
    .filter((name) => /^Doc_0\/Pages\/Page_\d+\/Content\.xml$/.test(name))
    .sort((a, b) => Number(/Page_(\d+)/.exec(a)![1]) - Number(/Page_(\d+)/.exec(b)![1]))
    .map((name) => [...strFromU8(zip[name]!).matchAll(/<ofd:TextCode[^>]*>([^<]*)<\/ofd:TextCode>/g)].map((m) => m[1]).join(''));
}
const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
const squash = (text: string) => text.replace(/\s+/g, '');

describe.skipIf(!chromium.available)(`export dialog: PDF, Word and OFD${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  let page: Page;
  const files = () => readdirSync(s.harness.exportsDir).filter((f) => !f.startsWith('.')).sort();
  const checked = (format: string) => page.getByTestId(`export-format-${format}`).isChecked();

  beforeAll(async () => {
    s = await openApp();
    page = s.page;
    await newDraftOnDisk(page, s.harness.dataDir);
    await page.locator('[data-testid="save-status"][data-state="saved"], [data-testid="save-status"][data-state="idle"]').first().waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('Word and OFD chosen by click and key beside PDF: one export writes the three files', async () => {
    await page.getByTestId('export-options').click();
    await page.getByTestId('export-dialog').waitFor();
    // A fresh machine offers PDF alone.
    expect([await checked('pdf'), await checked('docx'), await checked('ofd')]).toEqual([true, false, false]);
    expect(await page.getByTestId('export-filename').textContent()).toMatch(/\.pdf$/);
    // Word by a click on its label; OFD from the keyboard (Tab from Word, Space).
    await page.getByText('Word（.docx）', { exact: true }).click();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)).toBe('export-format-ofd');
    await page.keyboard.press('Space');
    expect([await checked('pdf'), await checked('docx'), await checked('ofd')]).toEqual([true, true, true]);
    // None chosen cannot export: PDF off and on again.
    await page.getByTestId('export-format-pdf').uncheck();
    await page.getByTestId('export-format-docx').uncheck();
    await page.getByTestId('export-format-ofd').uncheck();
    await page.getByTestId('export-formats-empty').waitFor();
    expect(await page.getByTestId('export-confirm').isDisabled()).toBe(true);
    await page.getByTestId('export-format-docx').check();
    await page.getByTestId('export-format-ofd').check();
    await page.getByTestId('export-format-pdf').check();
    const names = (await page.getByTestId('export-filename').textContent()) ?? '';
    expect(names.split('、').map((n) => n.replace(/^.*\./, ''))).toEqual(['pdf', 'docx', 'ofd']);
    expect(await page.locator('#export-title').textContent()).toBe('导出 PDF、Word、OFD');
    // the dialog fits in 1280 × 800
    const box = await page.getByTestId('export-dialog').boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 800).toBe(true);
    await page.screenshot({ path: join(screenshotsDir, 'export-formats-dialog.png') });

    await page.getByTestId('export-confirm').click();
    await page.getByTestId('export-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('export-file').count()).toBe(3);
    await page.screenshot({ path: join(screenshotsDir, 'export-formats-done.png') });
    await page.getByTestId('export-close').click();

    const written = files();
    expect(written.map((f) => f.replace(/^.*\./, '')).sort()).toEqual(['docx', 'ofd', 'pdf']);
    const stem = written[0]!.replace(/\.[^.]+$/, '');
    expect(written.every((f) => f.startsWith(`${stem}.`))).toBe(true);
    const pdf = join(s.harness.exportsDir, `${stem}.pdf`);
    const pages = pdfPages(pdf);
    const pdfBody = squash(pdfText(pdf));
    // The .docx: a Word package whose text is the PDF's — the series name, and nearly every run
    // of four characters or more found in the PDF's text (a paragraph cut by a page break may not be).
    const runs = docxRuns(readFileSync(join(s.harness.exportsDir, `${stem}.docx`))).map(squash).filter((r) => r.length >= 4);
    expect(runs.length).toBeGreaterThan(5);
    expect(squash(runs.join(''))).toContain(stem.replace(/第\d+期$/, ''));
    expect(runs.filter((r) => pdfBody.includes(r)).length / runs.length).toBeGreaterThanOrEqual(0.8);
    // The .ofd: as many pages as the PDF, each page's text in the PDF's text.
    const ofd = ofdPages(readFileSync(join(s.harness.exportsDir, `${stem}.ofd`)));
    expect(ofd.length).toBe(pages);
    for (const text of ofd) expect(pdfBody).toContain(squash(text).slice(0, 12));
    expect(s.pageErrors).toEqual([]);
  });

  it('the choice is remembered, and numbered copies come in every format with one register', async () => {
    await page.getByTestId('export-options').click();
    await page.getByTestId('export-dialog').waitFor();
    expect([await checked('pdf'), await checked('docx'), await checked('ofd')]).toEqual([true, true, true]);
    // Word and OFD only, two numbered copies.
    await page.getByTestId('export-format-pdf').click();
    await page.getByTestId('export-numbered').check();
    await page.getByTestId('export-copies').fill('2');
    await page.getByTestId('export-confirm').click();
    await page.getByTestId('export-result').waitFor({ timeout: 120_000 });
    await page.getByTestId('export-close').click();
    const numbered = files().filter((f) => /-00000\d\.|分发登记表/.test(f));
    expect(numbered.map((f) => f.replace(/^.*-/, ''))).toEqual(['000001.docx', '000001.ofd', '000002.docx', '000002.ofd', '分发登记表.csv', '分发登记表.pdf']);
    const second = numbered.find((f) => f.endsWith('000002.docx'))!;
    const word = docxText(readFileSync(join(s.harness.exportsDir, second)));
    expect(word).toContain('000002');
    expect(word).toContain('共印2份');
    const ofd = ofdPages(readFileSync(join(s.harness.exportsDir, second.replace(/docx$/, 'ofd'))));
    expect(ofd.join('')).toContain('000002');
    expect(ofd.join('')).toContain('（共印2份）');
    // Reopened: Word and OFD still chosen.
    await page.getByTestId('export-options').click();
    await page.getByTestId('export-dialog').waitFor();
    expect([await checked('pdf'), await checked('docx'), await checked('ofd')]).toEqual([false, true, true]);
    await page.keyboard.press('Escape');
    expect(s.pageErrors).toEqual([]);
  });

  it('the same set again: the replace question names each file’s format, and 取消 keeps every file', async () => {
    const before = Object.fromEntries(files().map((f) => [f, readFileSync(join(s.harness.exportsDir, f)).toString('base64')]));
    await page.getByTestId('export-options').click();
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-numbered').check();
    await page.getByTestId('export-copies').fill('2');
    await page.getByTestId('export-confirm').click();
    await page.getByTestId('export-conflicts').waitFor({ timeout: 60_000 });
    const labels = await page.locator('[data-testid="export-conflict"] .what').allTextContents();
    expect(labels).toEqual(['第 000001 份（Word）', '第 000001 份（OFD）', '第 000002 份（Word）', '第 000002 份（OFD）', '分发登记表（PDF）', '分发登记表（CSV）']);
    await page.screenshot({ path: join(screenshotsDir, 'export-formats-replace.png') });
    await page.getByTestId('export-keep').click();
    await page.getByTestId('export-cancelled').waitFor({ timeout: 30_000 });
    const after = Object.fromEntries(files().map((f) => [f, readFileSync(join(s.harness.exportsDir, f)).toString('base64')]));
    expect(after).toEqual(before);
    await page.keyboard.press('Escape');
    expect(s.pageErrors).toEqual([]);
  });

  it('Word 嵌入字体: offered only with Word, chosen from the keyboard, the .docx carries the fonts, remembered', async () => {
    await page.getByTestId('export-options').click();
    await page.getByTestId('export-dialog').waitFor();
    // Word and OFD from the last export: the option is there, off on a fresh machine.
    const embed = page.getByTestId('export-embed-fonts');
    expect(await embed.isChecked()).toBe(false);
    // Without Word it is not offered.
    await page.getByTestId('export-format-docx').uncheck();
    expect(await embed.count()).toBe(0);
    await page.getByTestId('export-format-docx').check();
    await page.getByTestId('export-format-ofd').uncheck();
    await embed.focus();
    await page.keyboard.press('Space');
    expect(await embed.isChecked()).toBe(true);
    expect(await page.getByTestId('export-embed-fonts-label').locator('xpath=following-sibling::small[1]').textContent()).toContain('嵌入文中所用字形');
    await page.screenshot({ path: join(screenshotsDir, 'export-formats-embed.png') });
    const before = new Set(files());
    await page.getByTestId('export-confirm').click();
    await page.getByTestId('export-result').waitFor({ timeout: 120_000 });
    await page.getByTestId('export-close').click();
    const written = files().filter((f) => !before.has(f) || f.endsWith('.docx'));
    const docx = written.find((f) => f.endsWith('.docx') && !/-\d{6}\./.test(f))!;
    const zip = unzipSync(readFileSync(join(s.harness.exportsDir, docx)));
    const fonts = Object.keys(zip).filter((p) => p.endsWith('.odttf'));
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    expect(strFromU8(zip['word/fontTable.xml']!)).toContain('<w:embedRegular');
    // Reopened: still chosen.
    await page.getByTestId('export-options').click();
    await page.getByTestId('export-dialog').waitFor();
    expect(await page.getByTestId('export-embed-fonts').isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    expect(s.pageErrors).toEqual([]);
  });
});
