// Editor figures, measured in Debian Chromium through the harness (the built renderer on the real
// services): keystroke to screen in a 30-page briefing, preview refreshed after typing stops in a
// 10-page briefing, and the app ready (drafts list shown).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Briefing } from '../../src/shared/briefing';
import { chromiumAvailability } from '../e2e/harness/browser';
import { openApp, type Session } from '../e2e/support';
import { median, percentile, type BenchFigure } from './util';

const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/briefings/bench-reference.json'), 'utf8')) as Briefing;

/** The reference briefing (~10 pages) repeated `times` over, with fresh block ids. */
function scaled(times: number, id: string): Briefing {
  const blocks = Array.from({ length: times }, (_, k) => reference.blocks.map((b) => ({ ...b, id: `${b.id}-${k}` }))).flat();
  return { ...reference, id, blocks } as Briefing;
}

// The page-side code is plain JavaScript in strings: this file is type-checked without the DOM library.

/** Saves `briefing` as a draft of the store (through the page's own API) and opens it in the editor. */
async function openBriefing(page: Page, briefing: Briefing): Promise<void> {
  const saved = await page.evaluate(
    `(async (draft) => {
      const created = await window.api.createDraft({});
      const saved = await window.api.saveDraft({ draft: { ...draft, id: created.value.id } });
      return saved.ok ? 'ok' : JSON.stringify(saved);
    })(${JSON.stringify(briefing)})`,
  );
  if (saved !== 'ok') throw new Error(String(saved));
  await page.reload();
  await page.getByTestId('draft-row').first().click();
  await page.getByTestId('editor').waitFor();
  await page.locator('[data-testid="preview"][data-state="ready"]').waitFor({ timeout: 60_000 });
}

async function appReady(s: Session): Promise<number[]> {
  const page = s.page;
  await page.evaluate(`(async () => { for (let i = 0; i < 50; i++) await window.api.createDraft({ title: '第' + (i + 1) + '份草稿' }); })()`);
  // When the first row of the drafts list is in the DOM, measured from navigation start.
  await page.context().addInitScript({
    content: `new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="draft-row"]')) { window.__readyAt = performance.now(); observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true });`,
  });
  const times: number[] = [];
  for (let run = 0; run < 8; run++) {
    await page.reload();
    await page.waitForFunction('window.__readyAt !== undefined', undefined, { timeout: 10_000 });
    times.push(Number(await page.evaluate('window.__readyAt')));
  }
  return times.slice(2);
}

/** A briefing of `count` paragraphs of about 80 characters each. */
function paragraphsBriefing(count: number, id: string): Briefing {
  const sentence = '杭州以“三个15%”撬动科技创新，全社会研发投入强度力争突破4%，我市应加快建设科创金融体系，推动成果转化。';
  const blocks = Array.from({ length: count }, (_, k) => ({ id: `p${k}`, type: 'paragraph', runs: [{ text: `${k + 1}.${sentence}` }] }));
  return { ...reference, id, blocks } as Briefing;
}

/**
 * Keystroke to screen: from `keydown` to the end of the task that handled it, then style and layout
 * forced (what the next frame paints). Real key events (page.keyboard.press), in bursts of 10 at
 * 40 ms with pauses in which autosave and the preview run, as when someone types. `selector` is
 * the element typed into: the editor's body, or the baseline (a plain contenteditable, no editor).
 */
async function keystrokes(page: Page, selector: string): Promise<{ times: number[]; slowEvents: number }> {
  const target = page.locator(selector).nth(100);
  await target.scrollIntoViewIfNeeded();
  await target.click();
  await page.keyboard.press('End');
  await page.evaluate(`(() => {
    window.__ks = [];
    window.__slow = 0;
    document.addEventListener('keydown', () => {
      const t0 = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { void document.body.offsetHeight; window.__ks.push(performance.now() - t0); };
      channel.port2.postMessage(null);
    }, true);
    // Event Timing: input events whose next paint came 16 ms or more after the key.
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (['keydown', 'keypress', 'beforeinput', 'input', 'keyup'].includes(e.name)) window.__slow++;
    }).observe({ type: 'event', durationThreshold: 16 });
  })()`);
  const keys = 'hangzhoukejichuangxinyanfatouru';
  for (let burst = 0; burst < 10; burst++) {
    for (let k = 0; k < 10; k++) {
      await page.keyboard.press(keys[(burst * 10 + k) % keys.length]!);
      await page.waitForTimeout(40);
    }
    await page.waitForTimeout(700);
  }
  return (await page.evaluate('({ times: window.__ks, slowEvents: window.__slow })')) as { times: number[]; slowEvents: number };
}

/** The baseline: the same 200 paragraphs in a plain contenteditable in a blank page, no editor. */
async function plainBaseline(s: Session): Promise<{ times: number[]; slowEvents: number }> {
  const page = await s.page.context().newPage();
  const text = (paragraphsBriefing(200, 'x').blocks as { runs: { text: string }[] }[]).map((b) => b.runs[0]!.text);
  await page.setContent(`<div id="plain" contenteditable="true" style="font: 17px serif; line-height: 1.9; width: 560px">${text.map((t) => `<p style="text-indent: 2em; margin: 0">${t}</p>`).join('')}</div>`);
  try {
    return await keystrokes(page, '#plain > p');
  } finally {
    await page.close();
  }
}

/** Preview refresh: from the last edit to the visible pages repainted with the new PDF. */
interface Refresh {
  ms: number;
  firstPageMs: number;
  phases: { wait: number; engine: number; open: number; paint: number };
}

async function previewRefresh(page: Page): Promise<Refresh[]> {
  const area = page.locator('[data-testid="body"] > p').nth(3);
  await area.click();
  await page.keyboard.press('End');
  await page.waitForTimeout(1000);
  const times: Refresh[] = [];
  for (let run = 0; run < 22; run++) {
    // (Statement, not expression: evaluate would wait for the promise.)
    await page.evaluate(`void (window.__next = new Promise((resolve) => window.addEventListener('briefsmith:preview-rendered', (e) => resolve(e.detail), { once: true })))`);
    await page.keyboard.insertText(run % 2 === 0 ? '新' : '增');
    times.push((await page.evaluate('window.__next')) as Refresh);
    await page.waitForTimeout(300);
  }
  return times.slice(2);
}

export default async function editorBench(): Promise<BenchFigure[]> {
  const chromium = chromiumAvailability();
  if (!chromium.available) return [{ name: 'editor bench skipped', value: 0, unit: 'count', note: chromium.reason }];
  const figures: BenchFigure[] = [];

  const ready = await openApp();
  try {
    const times = await appReady(ready);
    figures.push({ name: 'app ready (drafts list of 50 shown), p95', value: percentile(times, 95), unit: 'ms', goal: { max: 1000 }, note: `median ${median(times).toFixed(0)} ms, ${times.length} loads` });
  } finally {
    await ready.close();
  }

  const big = await openApp();
  try {
    await openBriefing(big.page, paragraphsBriefing(200, 'bench200'));
    const pages = Number(await big.page.getByTestId('preview').getAttribute('data-pages'));
    // The editor and its baseline in the same run, on the same machine, the same keys.
    const editor = await keystrokes(big.page, '[data-testid="body"] > p');
    const plain = await plainBaseline(big);
    figures.push({
      name: `keystroke to screen, 200 paragraphs (${pages} pages), p95`,
      value: percentile(editor.times, 95),
      unit: 'ms',
      goal: { max: 16 },
      note: `median ${median(editor.times).toFixed(2)} ms over ${editor.times.length} keys; Event Timing: ${editor.slowEvents} input events ≥ 16 ms to next paint; baseline plain contenteditable, same run: p95 ${percentile(plain.times, 95).toFixed(2)} ms, median ${median(plain.times).toFixed(2)} ms`,
    });
    figures.push({ name: 'keystroke to screen, plain contenteditable baseline (same run), p95', value: percentile(plain.times, 95), unit: 'ms' });
  } finally {
    await big.close();
  }

  const ten = await openApp();
  try {
    await openBriefing(ten.page, scaled(1, 'bench10'));
    const pages = Number(await ten.page.getByTestId('preview').getAttribute('data-pages'));
    const refreshes = await previewRefresh(ten.page);
    const times = refreshes.map((r) => r.ms);
    const part = (k: keyof Refresh['phases']) => median(refreshes.map((r) => r.phases[k])).toFixed(0);
    figures.push({
      name: `preview refreshed after typing stops, ${pages}-page briefing, p95`,
      value: percentile(times, 95),
      unit: 'ms',
      goal: { max: 300 },
      note: `all pages on screen repainted; median ${median(times).toFixed(0)} ms over ${times.length} edits = quiet time ${part('wait')} + engine (previewPdf) ${part('engine')} + pdf.js open ${part('open')} + paint ${part('paint')} (medians)`,
    });
    const first = refreshes.map((r) => r.firstPageMs);
    figures.push({
      name: `preview: page in view repainted after typing stops, ${pages}-page briefing, p95`,
      value: percentile(first, 95),
      unit: 'ms',
      note: `median ${median(first).toFixed(0)} ms`,
    });
  } finally {
    await ten.close();
  }
  return figures;
}
