// Shared set-up for browser tests: a harness on a fresh data directory and a Chromium page on it.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './harness/browser';
import { startHarness, type Harness } from './harness/server';

export const screenshotsDir = join(import.meta.dirname, 'screenshots');

/** A harness, a browser and a page showing the app at 1280 × 800 (the smallest supported size). */
export interface Session {
  readonly harness: Harness;
  readonly browser: Browser;
  readonly page: Page;
  /** Errors the page logged or threw. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

export async function openApp(options: { dataDir?: string; viewport?: { width: number; height: number } } = {}): Promise<Session> {
  const harness = await startHarness({ dataDir: options.dataDir ?? mkdtempSync(join(tmpdir(), 'bs-e2e-')) });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, locale: 'zh-CN' });
  await context.addInitScript(harness.initScript);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(harness.url);
  return {
    harness,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await harness.close();
    },
  };
}

/** Every file under `dir` (recursively) whose text contains `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.json') && readFileSync(path, 'utf8').includes(needle)) found.push(path);
    }
  };
  walk(dir);
  return found;
}
