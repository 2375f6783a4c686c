// Shared set-up for browser tests: a harness on a fresh data directory and a Chromium page on it.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinyin } from 'pinyin-pro';
import type { Browser, CDPSession, Locator, Page } from 'playwright-core';
import type { Block, Briefing } from '../../src/shared/briefing';
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

// ---------------------------------------------------------------------------------------------
// The ProseMirror body (issue 11): typing with real keys and input-method compositions, and what
// reached the draft file on disk.

/** Text of each saved block (a paragraph's runs joined, a linked figure reads as its text; atoms as `[type]`). */
export function blockTexts(blocks: readonly Block[]): string[] {
  return blocks.map((b) => {
    switch (b.type) {
      case 'paragraph':
        return b.runs.map((r) => r.text).join('');
      case 'heading':
      case 'note':
        return b.text;
      default:
        return `[${b.type}]`;
    }
  });
}

/** The ids of the drafts stored under `dataDir` (their files, `<dataDir>/drafts/files/<id>.json`). */
export function draftIdsOnDisk(dataDir: string): string[] {
  const dir = join(dataDir, 'drafts', 'files');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length));
}

/** Creates a draft with the 新建 button, as a person does, and waits for its file: its id. */
export async function newDraftOnDisk(page: Page, dataDir: string): Promise<string> {
  await page.getByTestId('drafts-home').waitFor();
  await page.getByTestId('new-draft').click();
  await page.getByTestId('editor').waitFor();
  for (let i = 0; i < 100 && draftIdsOnDisk(dataDir).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  const [id] = draftIdsOnDisk(dataDir);
  if (!id) throw new Error('the new draft never reached the disk');
  return id;
}

/** The briefing in draft `id`'s file on disk (field `briefing`), as saved. */
export function briefingOnDisk(dataDir: string, id: string): Briefing {
  return (JSON.parse(readFileSync(join(dataDir, 'drafts', 'files', `${id}.json`), 'utf8')) as { briefing: Briefing }).briefing;
}

/** The id of the draft on disk whose title is `title` (waits until its file exists). */
export async function draftIdByTitle(dataDir: string, title: string, timeoutMs = 8_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const id of draftIdsOnDisk(dataDir)) {
      try {
        if (briefingOnDisk(dataDir, id).title === title) return id;
      } catch {
        // being written: read it again on the next round
      }
    }
    if (Date.now() > until) throw new Error(`no draft titled ${title} on disk`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the file of draft `id` holds a briefing for which `check` returns true; returns it. */
export async function savedBriefing(dataDir: string, id: string, check: (b: Briefing) => boolean, timeoutMs = 8_000): Promise<Briefing> {
  const until = Date.now() + timeoutMs;
  let last: Briefing | null = null;
  for (;;) {
    try {
      last = briefingOnDisk(dataDir, id);
      if (check(last)) return last;
    } catch {
      // being written
    }
    if (Date.now() > until) throw new Error(`draft ${id} on disk never matched; last saved blocks: ${JSON.stringify(last ? blockTexts(last.blocks) : null)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The text of each top-level block of the body on screen, in order: paragraphs, headings and
 * notes as their text without the decorations (heading numbers, 〔n〕 markers), atoms and page
 * breaks as `[type]` — the same shape as `blockTexts`.
 */
export function bodyTexts(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('[data-testid="body"] > *')].map((el) => {
    if (el.dataset.type) return '[' + el.dataset.type + ']';
    if (el.tagName === 'HR') return '[pageBreak]';
    if (el.tagName === 'SECTION') return '[attachment]';
    const clone = el.cloneNode(true);
    clone.querySelectorAll('.bs-num, .bs-marker').forEach((n) => n.remove());
    return clone.textContent;
  })`);
}

/** The `data-block-id` of each top-level block of the body, in order. */
export function bodyBlockIds(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('[data-testid="body"] > [data-block-id]')].map((el) => el.dataset.blockId)`);
}

/** Waits until the editor has settled as it has by the time a person clicks: fonts loaded, first preview drawn. */
export async function editorReady(page: Page): Promise<void> {
  await page.locator('[data-testid="body"]').waitFor();
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ state: 'attached', timeout: 30_000 });
}

/** Types `hanzi` as a pinyin input method does (CDP): composition updates letter by letter, then the commit. */
export async function compose(cdp: CDPSession, pinyin: string, hanzi: string): Promise<void> {
  for (let i = 1; i <= pinyin.length; i++) {
    const text = pinyin.slice(0, i);
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  }
  await cdp.send('Input.imeSetComposition', { text: hanzi, selectionStart: hanzi.length, selectionEnd: hanzi.length });
  await cdp.send('Input.insertText', { text: hanzi });
}

/** Puts the caret at the end of the body's last paragraph with a real click and End. */
export async function clickEndOfLastParagraph(page: Page): Promise<void> {
  await page.locator('[data-testid="body"] > p.bs-para').last().click();
  await page.keyboard.press('End');
}

/**
 * Types `text` at the caret as a person with a pinyin input method does: each run of Chinese
 * characters as a composition of its pinyin (CDP IME events), full-width punctuation committed by
 * the input method (CDP insertText, as an IME sends it), everything else with real key events.
 */
export async function typeAsPerson(page: Page, text: string, delay = 0): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const [, han, other, ascii] of text.matchAll(/(\p{Script=Han}+)|([^\x20-\x7e\p{Script=Han}]+)|([\x20-\x7e]+)/gu)) {
      if (han) await compose(cdp, pinyin(han, { toneType: 'none', separator: '' }), han);
      else if (other) await cdp.send('Input.insertText', { text: other });
      else if (ascii) await page.keyboard.type(ascii, { delay });
    }
  } finally {
    await cdp.detach();
  }
}

/** Puts the caret at the end of a block's text with a real click at its last line's end, then End. */
export async function clickAtEnd(page: Page, block: Locator): Promise<void> {
  const box = await block.boundingBox();
  if (!box) throw new Error('block not on screen');
  await block.click({ position: { x: box.width - 3, y: box.height - 6 } });
  await page.keyboard.press('End');
}
