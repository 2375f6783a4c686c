// The template workflow in real Chromium through the harness. A maintainer makes a template with
// `briefsmith template new --from 工作简报 --extends` and changes the masthead name and colour, the
// 编印单位 and the body size; it is imported into the gallery, shown with page 1 of its sample and
// its report, exported to share; a draft is compared side by side, moved to it and exported with
// it (id@version in the PDF's metadata). An official writes a 信息专报 in 公文 form. The
// maintainer ships 1.1.0: the draft pinned to 1.0.0 still opens with it and is offered the move.
// Finally, on an official's own machine (a fresh app), the shared file imports and exports.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, pdfText, squash } from '../support/tools';
import { extractRuns } from '../unit/pdf/extract';
import { chromiumAvailability } from './harness/browser';
import { blockTexts, draftIdByTitle, editorReady, filesContaining, openApp, savedBriefing, screenshotsDir, typeAsPerson, type Session } from './support';

const chromium = chromiumAvailability();
const root = join(import.meta.dirname, '..', '..');
const TITLE = '区委工作简报模板试用稿';
const PARAGRAPH = '今年以来，全区围绕科技成果转化建立重点项目清单。';

/**
 * The maintainer's template, made the way the README says: `briefsmith template new … --from 工作简报
 * --extends` (the built CLI), then edited — masthead name and colour, 编印单位, body size.
 */
function maintainerTemplate(version = '1.0.0', color = '#C8102E'): string {
  const dir = mkdtempSync(join(tmpdir(), 'bs-e2e-tpl-'));
  const made = spawnSync(process.execPath, [join(root, 'bin', 'briefsmith.js'), 'template', 'new', 'quwei-jianbao', '--from', '工作简报', '--extends', '--name', '区委工作简报'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, BRIEFSMITH_DATA_DIR: join(dir, '.data') },
  });
  expect(made.status, made.stderr).toBe(0);
  const file = join(dir, 'quwei-jianbao.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete json.$schema; // points into the app's folder; the shared file stands alone
  Object.assign(json, {
    version,
    description: '区委办公室的工作简报：报头名称改为“区委工作简报”，中国红，编印单位区委办公室，正文 15 磅。',
    masthead: { seriesName: { style: { role: 'xiaobiaosong', sizePt: 40, color } }, rule: { color } },
    body: { style: { role: 'fangsong', sizePt: 15 } },
    skeleton: { meta: { seriesName: '区委工作简报', publisher: '区委办公室' } },
    sample: { meta: { seriesName: '区委工作简报', publisher: '区委办公室' } },
  });
  writeFileSync(file, JSON.stringify(json, null, 2));
  const checked = spawnSync(process.execPath, [join(root, 'bin', 'briefsmith.js'), 'template', 'check', file], { encoding: 'utf8', env: { ...process.env, BRIEFSMITH_DATA_DIR: join(dir, '.data') } });
  expect(checked.status, checked.stderr).toBe(0);
  return file;
}

/** Where the maintainer's template, exported from the gallery to share, was written. */
let shared = '';

describe.skipIf(!chromium.available)(`templates in Chromium${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a draft exists to move', async () => {
    await s.page.getByTestId('new-draft').click();
    await s.page.getByTestId('editor').waitFor();
    await editorReady(s.page);
    await s.page.getByTestId('title-input').click();
    await s.page.keyboard.insertText(TITLE);
    // Into the template's first empty paragraph, typed as a person types (pinyin compositions).
    await s.page.locator('[data-testid="body"] > p.bs-para').first().click();
    await typeAsPerson(s.page, PARAGRAPH);
    await s.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 5_000 });
    const id = await draftIdByTitle(s.harness.dataDir, TITLE);
    await savedBriefing(s.harness.dataDir, id, (b) => blockTexts(b.blocks).includes(PARAGRAPH));
  });

  it('imports the maintainer’s template and shows it in the gallery with page 1 of its sample', async () => {
    await s.page.getByTestId('nav-templates').click();
    await s.page.getByTestId('templates').waitFor();
    await s.page.locator('[data-testid="template-card"]').first().waitFor();
    const before = await s.page.getByTestId('template-card').count();
    s.harness.queueOpenPath(maintainerTemplate());
    await s.page.getByTestId('import-template').click();
    const card = s.page.locator('[data-testid="template-card"][data-id="quwei-jianbao"]');
    await card.waitFor({ timeout: 30_000 });
    expect(await s.page.getByTestId('template-card').count()).toBe(before + 1);
    expect(await s.page.getByTestId('templates-notice').textContent()).toContain('已导入“区委工作简报”1.0.0 版');
    // the thumbnail is pdf.js's drawing of the sample's page 1
    await card.locator('img').waitFor({ timeout: 30_000 });
    expect(await card.locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await card.click();
    await s.page.getByTestId('report-summary').waitFor();
    expect(await s.page.getByTestId('report-summary').textContent()).toContain('检查通过');
    expect(await s.page.getByTestId('template-facts').textContent()).toContain('继承');
    await s.page.screenshot({ path: join(screenshotsDir, 'templates-gallery.png') });
    await s.page.getByTestId('template-details').scrollIntoViewIfNeeded();
    await s.page.screenshot({ path: join(screenshotsDir, 'templates-details.png') });
    // on disk, in the user's data
    expect(JSON.parse(readFileSync(join(s.harness.dataDir, 'templates', 'quwei-jianbao', 'template.json'), 'utf8')).id).toBe('quwei-jianbao');
    // shared: 导出模板 writes one self-contained file (extends resolved) to send to colleagues
    await s.page.getByTestId('export-template').click();
    await expect.poll(() => s.page.getByTestId('templates-notice').textContent()).toContain('已导出到');
    const written = readdirSync(s.harness.exportsDir).filter((f) => f.endsWith('.json'));
    expect(written).toHaveLength(1);
    shared = join(s.harness.exportsDir, written[0]!);
    const sharedJson = JSON.parse(readFileSync(shared, 'utf8')) as { id: string; extends?: string; body: { style: { sizePt: number } } };
    expect([sharedJson.id, sharedJson.extends, sharedJson.body.style.sizePt]).toEqual(['quwei-jianbao', undefined, 15]);
  });

  it('shows the draft side by side in its own template and in the new one, and moves it', async () => {
    const select = s.page.getByTestId('compare-draft');
    const value = await select.locator('option', { hasText: TITLE }).getAttribute('value');
    await select.selectOption(value!);
    await s.page.locator('[data-testid="compare-other"] img').first().waitFor({ timeout: 30_000 });
    await s.page.locator('[data-testid="compare-own"] img').first().waitFor({ timeout: 30_000 });
    expect(await s.page.getByTestId('compare-own').textContent()).toContain('工作简报 1.0.0');
    expect(await s.page.getByTestId('compare-other').textContent()).toContain('区委工作简报 1.0.0');
    await s.page.getByTestId('compare-other').scrollIntoViewIfNeeded();
    await s.page.screenshot({ path: join(screenshotsDir, 'templates-compare.png') });
    await s.page.getByTestId('apply-template').click();
    await expect.poll(() => s.page.getByTestId('templates-notice').textContent()).toContain('已改用“区委工作简报”1.0.0 版');
    const files = filesContaining(join(s.harness.dataDir, 'drafts'), PARAGRAPH.slice(0, 10));
    expect(files.length).toBeGreaterThan(0);
    const draft = JSON.parse(readFileSync(files[0]!, 'utf8')) as { template?: unknown; draft?: { template?: unknown } };
    expect(JSON.stringify(draft)).toContain('"template":{"id":"quwei-jianbao","version":"1.0.0"}');
  });

  it.runIf(hasTool('pdftotext'))('exports the draft with the new template', async () => {
    await s.page.getByTestId('nav-drafts').click();
    await s.page.getByTestId('drafts-home').waitFor();
    await s.page.locator('li.draft', { has: s.page.getByText(TITLE, { exact: true }) }).getByTestId('draft-row').click();
    await s.page.getByTestId('editor').waitFor();
    await s.page.getByTestId('export-pdf').click();
    await s.page.getByTestId('export-done').waitFor({ timeout: 30_000 });
    const pdfs = readdirSync(s.harness.exportsDir).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    const file = join(s.harness.exportsDir, pdfs[0]!);
    expect(readFileSync(file).toString('latin1')).toContain('quwei-jianbao@1.0.0');
    const text = squash(pdfText(file));
    expect(text).toContain(squash(TITLE));
    expect(text).toContain(squash(PARAGRAPH));
    // the maintainer's body size (15 pt instead of 16) is what the official's PDF is set in
    const pages = await extractRuns(new Uint8Array(readFileSync(file)));
    const body = pages.flatMap((p) => p.runs).filter((r) => PARAGRAPH.includes(r.str.trim()) && r.str.trim().length > 3);
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((r) => Math.abs(r.size - 15) < 0.05)).toBe(true);
    expect(s.harness.logged).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  it.runIf(hasTool('pdftotext'))('an official writes a 信息专报 in 公文 form: 发文字号 and 主送 in the panel, both in the exported PDF', async () => {
    await s.page.getByTestId('nav-drafts').click();
    await s.page.getByTestId('drafts-home').waitFor();
    await s.page.getByTestId('new-template').selectOption('xinxi-zhuanbao');
    await s.page.getByTestId('new-draft').click();
    await s.page.getByTestId('editor').waitFor();
    await s.page.getByTestId('title-input').click();
    await s.page.keyboard.insertText('关于科技成果转化工作的情况报告');
    await s.page.getByTestId('tab-meta').click();
    const doc = s.page.getByTestId('meta-doc-number');
    await doc.waitFor();
    await doc.fill('市政办[2025]012号');
    const bao = s.page.getByTestId('meta-bao').locator('input');
    await bao.fill('市委办公室');
    await bao.press('Enter');
    expect(await s.page.getByTestId('meta-bao').textContent()).toContain('主送');
    // 校对 offers the official form of the 发文字号 and one click applies it
    await s.page.getByTestId('tab-checks').click();
    const issue = s.page.locator('[data-testid="check-issue"][data-code="doc-number-format"]');
    await issue.waitFor({ timeout: 10_000 });
    await issue.getByTestId('check-fix').click();
    await s.page.getByTestId('tab-meta').click();
    await expect.poll(() => s.page.getByTestId('meta-doc-number').inputValue()).toBe('市政办〔2025〕12号');
    await s.page.getByTestId('meta-panel').screenshot({ path: join(screenshotsDir, 'meta-panel-gongwen.png') });
    await s.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    const before = new Set(readdirSync(s.harness.exportsDir));
    await s.page.getByTestId('export-pdf').click();
    await s.page.getByTestId('export-done').waitFor({ timeout: 30_000 });
    const written = readdirSync(s.harness.exportsDir).filter((f) => f.endsWith('.pdf') && !before.has(f));
    expect(written).toHaveLength(1);
    const file = join(s.harness.exportsDir, written[0]!);
    expect(readFileSync(file).toString('latin1')).toContain('xinxi-zhuanbao@2.0.0');
    const text = squash(pdfText(file));
    expect(text).toContain(squash('市政办〔2025〕12号'));
    expect(text).toContain(squash('市委办公室：'));
    expect(s.pageErrors).toEqual([]);
  });

  it.runIf(hasTool('pdftotext'))('会议材料: even the one-click export writes numbered copies and the register; the dialog has no single-file choice', async () => {
    await s.page.getByTestId('nav-drafts').click();
    await s.page.getByTestId('drafts-home').waitFor();
    await s.page.getByTestId('new-template').selectOption('huiyi-cailiao');
    await s.page.getByTestId('new-draft').click();
    await s.page.getByTestId('editor').waitFor();
    await s.page.getByTestId('title-input').click();
    await s.page.keyboard.insertText('关于设立引导基金的汇报');
    await s.page.getByTestId('tab-meta').click();
    await s.page.getByTestId('meta-copies').fill('2');
    await s.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    expect(await s.page.getByTestId('meta-copy-number').isDisabled()).toBe(true);
    await expect.poll(() => s.page.getByTestId('export-pdf').getAttribute('title')).toContain('总是编号印制');
    await s.page.getByTestId('export-options').click();
    await s.page.getByTestId('export-numbered-required').waitFor();
    expect(await s.page.getByTestId('export-single').isDisabled()).toBe(true);
    const focused = await s.page.evaluate<string>("document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? ''");
    await s.page.getByTestId('export-dialog').screenshot({ path: join(screenshotsDir, 'export-numbered-required.png') });
    expect(focused).toBe('export-numbered');
    await s.page.keyboard.press('Escape');
    await s.page.getByTestId('export-dialog').waitFor({ state: 'detached' });
    const before = new Set(readdirSync(s.harness.exportsDir));
    await s.page.getByTestId('export-pdf').click();
    await s.page.getByTestId('export-done').waitFor({ timeout: 30_000 });
    const written = readdirSync(s.harness.exportsDir).filter((f) => !before.has(f)).sort();
    expect(written.filter((f) => /-00000[12]\.pdf$/.test(f))).toHaveLength(2);
    expect(written.some((f) => f.endsWith('分发登记表.csv'))).toBe(true);
    const second = join(s.harness.exportsDir, written.find((f) => f.endsWith('-000002.pdf'))!);
    const text = squash(pdfText(second));
    expect(text).toContain('会后收回');
    expect(text).toContain('000002');
    expect(s.pageErrors).toEqual([]);
  });

  it('offers a draft pinned to 1.0.0 the move to 1.1.0, side by side, and moves it', async () => {
    await s.page.getByTestId('nav-templates').click();
    await s.page.locator('[data-testid="template-card"][data-id="quwei-jianbao"]').waitFor();
    s.harness.queueOpenPath(maintainerTemplate('1.1.0', '#A00000'));
    await s.page.getByTestId('import-template').click();
    await expect.poll(() => s.page.getByTestId('templates-notice').textContent(), { timeout: 30_000 }).toContain('1.1.0');
    await s.page.getByTestId('nav-drafts').click();
    await s.page.locator('li.draft', { has: s.page.getByText(TITLE, { exact: true }) }).getByTestId('draft-row').click();
    const notice = s.page.getByTestId('template-version-notice');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.getAttribute('data-state')).toBe('outdated');
    expect(await notice.textContent()).toContain('1.1.0');
    await s.page.getByTestId('version-compare').click();
    await notice.locator('img').first().waitFor({ timeout: 30_000 });
    await s.page.screenshot({ path: join(screenshotsDir, 'templates-version-notice.png') });
    await s.page.getByTestId('version-move').click();
    await s.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    const files = filesContaining(join(s.harness.dataDir, 'drafts', 'files'), PARAGRAPH.slice(0, 10));
    expect(files.length).toBe(1);
    expect(readFileSync(files[0]!, 'utf8')).toContain('"template":{"id":"quwei-jianbao","version":"1.1.0"}');
    expect(s.pageErrors).toEqual([]);
  });

  it.runIf(hasTool('pdftotext'))('on an official’s own machine, the shared file imports and a new briefing exports with it', async () => {
    expect(shared).not.toBe('');
    const official = await openApp();
    try {
      const { page, harness } = official;
      await page.getByTestId('nav-templates').click();
      await page.locator('[data-testid="template-card"]').first().waitFor();
      harness.queueOpenPath(shared);
      await page.getByTestId('import-template').click();
      await page.locator('[data-testid="template-card"][data-id="quwei-jianbao"]').waitFor({ timeout: 30_000 });
      await page.getByTestId('nav-drafts').click();
      await page.getByTestId('drafts-home').waitFor();
      await page.getByTestId('new-template').selectOption('quwei-jianbao');
      await page.getByTestId('new-draft').click();
      await page.getByTestId('editor').waitFor();
      await editorReady(page);
      await page.getByTestId('title-input').click();
      await page.keyboard.insertText('区委办公室关于基层减负工作的简报');
      await page.locator('[data-testid="body"] > p.bs-para').first().click();
      await typeAsPerson(page, PARAGRAPH);
      await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
      const id = await draftIdByTitle(harness.dataDir, '区委办公室关于基层减负工作的简报');
      await savedBriefing(harness.dataDir, id, (b) => blockTexts(b.blocks).includes(PARAGRAPH));
      await page.getByTestId('export-pdf').click();
      await page.getByTestId('export-done').waitFor({ timeout: 30_000 });
      const pdfs = readdirSync(harness.exportsDir).filter((f) => f.endsWith('.pdf'));
      expect(pdfs).toHaveLength(1);
      const file = join(harness.exportsDir, pdfs[0]!);
      expect(readFileSync(file).toString('latin1')).toContain('quwei-jianbao@1.0.0');
      const text = squash(pdfText(file));
      expect(text).toContain(squash('区委工作简报'));
      expect(text).toContain(squash('区委办公室'));
      const runs = (await extractRuns(new Uint8Array(readFileSync(file)))).flatMap((p) => p.runs);
      const body = runs.filter((r) => PARAGRAPH.includes(r.str.trim()) && r.str.trim().length > 3);
      expect(body.length).toBeGreaterThan(0);
      expect(body.every((r) => Math.abs(r.size - 15) < 0.05)).toBe(true);
      expect(official.pageErrors).toEqual([]);
    } finally {
      await official.close();
    }
  });
});
