// The library panel in the real UI in Chromium, on the real services: search 研发投入 and hzrc,
// choose and insert by keyboard alone, drag an item onto the text, export the briefing and find the
// items' text in the PDF. Also measures search in the renderer against a round trip per keystroke.
// An indicator comes into the ProseMirror body as a paragraph with its linked figure, a measure as
// a 资料摘录 (its quote); both are checked on screen and in the draft file on disk.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryItem } from '../../src/shared/library';
import { percentile } from '../bench/util';
import { hasTool, pdfText, squash } from '../support/tools';
import { chromiumAvailability } from './harness/browser';
import type { Block } from '../../src/shared/briefing';
import { briefingOnDisk, draftIdsOnDisk, editorReady, openApp, savedBriefing, screenshotsDir, type Session } from './support';

const chromium = chromiumAvailability();
/** What page callbacks read of an element (this tsconfig has no DOM types). */
type Dataset = { dataset: Record<string, string | undefined> };
const items = (JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/library/items.json'), 'utf8')) as { items: LibraryItem[] }).items;
const byId = new Map(items.map((i) => [i.id, i]));

/** The longest run of Chinese characters in a text: robust against punctuation width changes in layout. */
function longestHanRun(text: string): string {
  return (text.match(/[\u4e00-\u9fff]+/g) ?? []).reduce((a, b) => (b.length > a.length ? b : a), '');
}

describe.skipIf(!chromium.available)(`library panel in Chromium${chromium.available ? '' : ` (skipped: ${chromium.reason})`}`, () => {
  let s: Session;
  const hitIds = () => s.page.getByTestId('library-hit').evaluateAll((els) => els.map((e) => (e as unknown as Dataset).dataset.itemId!));
  const activeId = () => s.page.locator('[data-testid="library-hit"][aria-selected="true"]').getAttribute('data-item-id');
  /** A block the library put in the body: a 资料摘录 (its quote) or a paragraph with a linked figure (its words and the figure). */
  type FromLibrary = { id: string; kind: 'quote' | 'statement'; text: string; figure: string };
  /** Every block of the body that came from the library, with its text as shown (without 〔n〕 markers). */
  const fromLibrary = () =>
    s.page.evaluate<FromLibrary[]>(`[...document.querySelectorAll('[data-testid="body"] > [data-type="excerpt"], [data-testid="body"] > p')]
      .filter((el) => el.dataset.type === 'excerpt' || el.querySelector('.bs-figure'))
      .map((el) => {
        const shown = (el.dataset.type === 'excerpt' ? el.querySelector('.quote') : el).cloneNode(true);
        shown.querySelectorAll('.marker, .bs-marker').forEach((n) => n.remove());
        return { id: el.dataset.blockId, kind: el.dataset.type === 'excerpt' ? 'quote' : 'statement', text: shown.textContent, figure: el.querySelector('.bs-figure')?.textContent ?? '' };
      })`);
  /** Waits for one new block from the library and returns it. */
  async function newFromLibrary(before: { id: string }[]): Promise<FromLibrary> {
    const known = new Set(before.map((e) => e.id));
    await expect.poll(async () => (await fromLibrary()).filter((e) => !known.has(e.id)).length).toBe(1);
    return (await fromLibrary()).find((e) => !known.has(e.id))!;
  }
  let draftId = '';
  /** The saved block `blockId` once it is in the draft file on disk. */
  const savedBlock = async (blockId: string): Promise<Block> => (await savedBriefing(s.harness.dataDir, draftId, (b) => b.blocks.some((x) => x.id === blockId))).blocks.find((x) => x.id === blockId)!;
  /** What of each inserted item the PDF must contain: the longest run of Chinese characters shown. */
  const expectedInPdf: { id: string; text: string }[] = [];

  beforeAll(async () => {
    s = await openApp();
    await s.page.getByTestId('new-draft').click();
    await s.page.getByTestId('editor').waitFor();
    await s.page.getByTestId('library-results').waitFor();
    await editorReady(s.page);
    for (let i = 0; i < 100 && draftIdsOnDisk(s.harness.dataDir).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(draftIdsOnDisk(s.harness.dataDir)).toHaveLength(1);
    draftId = draftIdsOnDisk(s.harness.dataDir)[0]!;
    expect(briefingOnDisk(s.harness.dataDir, draftId).blocks.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('searches 研发投入: phrase matches first, highlighted', async () => {
    const search = s.page.getByTestId('library-search');
    await search.click();
    await search.pressSequentially('研发投入');
    await expect.poll(async () => (await s.page.getByTestId('library-count').textContent()) ?? '').toMatch(/找到 \d+ 条/);
    const ids = await hitIds();
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.length).toBeLessThan(items.length);
    expect(await s.page.getByTestId('library-hit').first().getAttribute('data-match')).toBe('phrase');
    expect(await s.page.getByTestId('library-hit').first().locator('mark').allTextContents()).toContain('研发投入');
    expect(ids.map((id) => byId.get(id)!).some((i) => i.city === '杭州' && i.subject.includes('研发投入强度'))).toBe(true);
    // the detail shows the quote in its paragraph and the citation
    await s.page.getByTestId('detail-citation').waitFor();
    expect(await s.page.getByTestId('detail-citation').textContent()).toMatch(/^——《.+》，.+，2025年2月(\d+日)?，第\d+段$/);
    await s.page.screenshot({ path: join(screenshotsDir, 'library-search.png') });
  });

  it('searches hzrc: 杭州’s 人才 items by pinyin initials', async () => {
    const search = s.page.getByTestId('library-search');
    await search.fill('');
    await search.pressSequentially('hzrc');
    await expect.poll(async () => (await hitIds()).every((id) => byId.get(id)?.city === '杭州')).toBe(true);
    const found = (await hitIds()).map((id) => byId.get(id)!);
    expect(found.length).toBeGreaterThan(3);
    expect(found.filter((i) => i.themes.includes('人才')).length).toBeGreaterThan(3);
    expect(found.some((i) => i.name === '人才码')).toBe(true);
    await s.page.screenshot({ path: join(screenshotsDir, 'library-pinyin.png') });
  });

  it('filters with chips and counts', async () => {
    const search = s.page.getByTestId('library-search');
    await search.fill('转化率');
    await s.page.getByTestId('facet-tab-city').click();
    const nanjing = s.page.locator('[data-testid="chip"][data-value="南京"]');
    const count = Number(await nanjing.locator('.count').textContent());
    expect(count).toBeGreaterThan(0);
    await nanjing.click();
    await expect.poll(async () => (await hitIds()).length).toBe(count);
    expect((await hitIds()).every((id) => byId.get(id)?.city === '南京')).toBe(true);
    await s.page.screenshot({ path: join(screenshotsDir, 'library-filters.png') });
    await s.page.getByRole('button', { name: '清除筛选' }).click();
    await s.page.getByTestId('facet-tab-city').click();
  });

  it('works by keyboard alone: Ctrl+K, type, ↓↓↑, Enter inserts the chosen item', async () => {
    // focus somewhere else first, then come back with Ctrl+K
    await s.page.getByTestId('masthead').focus();
    await s.page.keyboard.press('Control+k');
    await expect.poll(() => s.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid'))).toBe('library-search');
    await s.page.keyboard.press('Control+a');
    await s.page.keyboard.type('研发投入强度');
    await expect.poll(async () => (await hitIds()).length).toBeGreaterThan(2);
    const ids = await hitIds();
    expect(await activeId()).toBe(ids[0]);
    await s.page.keyboard.press('ArrowDown');
    await s.page.keyboard.press('ArrowDown');
    expect(await activeId()).toBe(ids[2]);
    await s.page.keyboard.press('ArrowUp');
    expect(await activeId()).toBe(ids[1]);
    await s.page.keyboard.press('ArrowUp');
    expect(await activeId()).toBe(ids[0]);
    const chosen = byId.get(ids[0]!)!;
    const before = await fromLibrary();
    await s.page.keyboard.press('Enter');
    const shown = await newFromLibrary(before);
    const onDisk = await savedBlock(shown.id);
    // an indicator comes in as a paragraph of words around its linked figure, a measure as its quote
    if (chosen.kind === 'measure') {
      expect(shown.kind).toBe('quote');
      expect(shown.text).toContain(chosen.quote);
      expect(onDisk).toMatchObject({ type: 'excerpt', itemId: chosen.id });
    } else {
      expect(shown.kind).toBe('statement');
      expect(shown.figure).toBe(`${chosen.value}${chosen.unit}`);
      expect(shown.text).toContain(shown.figure);
      expect(onDisk.type).toBe('paragraph');
      const runs = onDisk.type === 'paragraph' ? onDisk.runs : [];
      expect(runs.map((r) => r.text).join('')).toBe(shown.text);
      expect(runs.filter((r) => r.link)).toEqual([expect.objectContaining({ text: shown.figure, link: expect.objectContaining({ itemId: chosen.id }) })]);
      expectedInPdf.push({ id: `${chosen.id} (figure)`, text: shown.figure });
    }
    expectedInPdf.push({ id: chosen.id, text: longestHanRun(shown.text) });
    await s.page.screenshot({ path: join(screenshotsDir, 'library-inserted.png') });
    // Esc clears the search
    await s.page.getByTestId('library-search').focus();
    await s.page.keyboard.press('Escape');
    expect(await s.page.getByTestId('library-search').inputValue()).toBe('');
  });

  it('drags an item onto the text', async () => {
    await s.page.getByTestId('library-search').fill('人才码');
    const hit = s.page.getByTestId('library-hit').first();
    const id = (await hit.getAttribute('data-item-id'))!;
    const item = byId.get(id)!;
    expect(item.kind).toBe('measure');
    const before = await fromLibrary();
    await hit.dragTo(s.page.locator('[data-testid="body"] > *').first());
    const shown = await newFromLibrary(before);
    expect(shown.kind).toBe('quote');
    expect(shown.text).toContain(item.quote);
    expect(await savedBlock(shown.id)).toMatchObject({ type: 'excerpt', itemId: id, frozen: { quote: item.quote } });
    expectedInPdf.push({ id, text: longestHanRun(item.quote) });
  });

  // The body's `white-space: pre-wrap` must not reach the node views (it made blank lines of the
  // whitespace between the components' elements).
  it('shows a 资料摘录 compactly: its quote right under its source line', async () => {
    const excerpt = s.page.locator('[data-testid="body"] > [data-type="excerpt"] [data-testid="excerpt"]').first();
    const meta = (await excerpt.locator('.meta').boundingBox())!;
    const quote = (await excerpt.locator('.quote').boundingBox())!;
    expect(quote.y - (meta.y + meta.height)).toBeLessThan(8);
  });

  it.runIf(hasTool('pdftotext'))('exports the briefing: the PDF holds the inserted items’ text', async () => {
    await s.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 5_000 });
    await s.page.getByTestId('export-pdf').click();
    await s.page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    const path = (await s.page.locator('[data-testid="export-done"] .path').textContent())!;
    expect(path.startsWith(s.harness.exportsDir)).toBe(true);
    const text = squash(pdfText(path));
    expect(expectedInPdf.length).toBeGreaterThanOrEqual(2);
    for (const { id, text: expected } of expectedInPdf) {
      expect(expected.length, id).toBeGreaterThan(1);
      expect(text, id).toContain(squash(expected));
    }
  });

  it('searches in milliseconds: in the renderer vs a round trip per keystroke', async () => {
    const queries = ['研发投入', 'hzrc', 'hangzhou rencai', '人才码', '南京', '转化率', '三个15%', 'nj', '科技成果转化', '私募基金'];
    const search = s.page.getByTestId('library-search');
    const local: number[] = [];
    const cold: number[] = [];
    // round 0 is the warm-up (first use of each code path: JIT, pinyin tables); rounds 1–5 are measured
    for (let round = 0; round <= 5; round++) {
      for (const q of queries) {
        await search.fill(q);
        (round === 0 ? cold : local).push(Number(await s.page.getByTestId('library-panel').getAttribute('data-search-ms')));
      }
    }
    // The alternative: ask the main process per keystroke (here over the harness's loopback HTTP;
    // Electron IPC is of the same order: serialise, hop, deserialise ~50 hits with their quotes).
    const remote = await s.page.evaluate(async (qs) => {
      const times: number[] = [];
      const api = (globalThis as unknown as { api: { searchLibrary(r: { query: string }): Promise<unknown> } }).api;
      for (let round = 0; round <= 5; round++) {
        for (const q of qs) {
          const t = performance.now();
          await api.searchLibrary({ query: q });
          if (round > 0) times.push(performance.now() - t);
        }
      }
      return times;
    }, queries);
    const build = Number(await s.page.getByTestId('library-panel').getAttribute('data-build-ms'));
    const figures = {
      indexBuildMs: build,
      renderer: { p50: percentile(local, 50), p95: percentile(local, 95), max: Math.max(...local), coldMax: Math.max(...cold) },
      roundTrip: { p50: percentile(remote, 50), p95: percentile(remote, 95), max: Math.max(...remote) },
    };
    process.stdout.write(`library search figures: ${JSON.stringify(figures)}\n`);
    // generous bound: this machine is shared; typical p95 is 1–2 ms (see the figures line)
    expect(figures.renderer.p95).toBeLessThan(8);
    expect(figures.indexBuildMs).toBeLessThan(200);
  });

  it('logged no errors, in the page or in the services', () => {
    expect(s.pageErrors, s.pageErrors.join('\n')).toEqual([]);
    expect(s.harness.logged, s.harness.logged.join('\n')).toEqual([]);
  });
});
