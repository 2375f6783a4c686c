// A template with a logo in a subfolder imported in the browser mode (issue 16): against
// `briefsmith open --print-url` itself, the user picks the template's JSON and its logo together in
// the browser's own file chooser (which uploads them without their folders); the template names the
// logo `images/徽标.png`, and the import finds it there and draws it in the PDF preview.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes } from '../support/images';
import { chromiumAvailability, launchChromium } from './harness/browser';
import { startOpen, type OpenedServer } from './harness/cli-open';
import { screenshotsDir } from './support';

const chromium = chromiumAvailability();
const root = join(import.meta.dirname, '..', '..');
const built = existsSync(join(root, 'out', 'cli', 'index.js')) && existsSync(join(root, 'out', 'renderer', 'index.html'));

describe.skipIf(!chromium.available || !built)('browser mode: importing a template whose logo is in a subfolder', () => {
  let dataDir: string;
  let server: OpenedServer;
  let browser: Browser;
  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'bs-web-template-')), 'data');
    server = await startOpen(dataDir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
  });

  it('uploads the picked files, puts the logo where the template names it, and imports the template', async () => {
    const files = mkdtempSync(join(tmpdir(), 'bs-web-template-files-'));
    const base = JSON.parse(readFileSync(join(root, 'templates', 'gongzuo-jianbao.json'), 'utf8')) as { masthead: Record<string, unknown> } & Record<string, unknown>;
    const template = { ...base, id: 'qu-jianbao', name: '区工作简报', version: '1.0.0', masthead: { ...base.masthead, logo: { file: 'images/徽标.png', widthMm: 18, heightMm: 18, topMm: 32, align: 'left' } } };
    writeFileSync(join(files, '区工作简报.json'), JSON.stringify(template, null, 2));
    writeFileSync(join(files, '徽标.png'), pngBytes({ width: 48, height: 48, colorType: 6, pixel: (x, y) => [200, 20 + x * 4, 20 + y * 4, 255] }));

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(server.url);
    await page.getByTestId('nav-templates').click();
    await page.locator('[data-testid="template-card"]').first().waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-template').click();
    await (await chooser).setFiles([join(files, '区工作简报.json'), join(files, '徽标.png')]);
    const card = page.locator('[data-testid="template-card"][data-id="qu-jianbao"]');
    await card.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('templates-notice').textContent()).toContain('已导入“区工作简报”');
    // In the user's data: the template and its logo at the path it names.
    const installed = join(dataDir, 'templates', 'qu-jianbao');
    expect(existsSync(join(installed, 'images', '徽标.png'))).toBe(true);
    await card.locator('img').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(screenshotsDir, 'web-template-import.png') });
    await page.close();
  });
});
