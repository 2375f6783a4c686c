import { describe, expect, it } from 'vitest';
import { createRenderCache, renderBriefingPdf, type EngineHost } from '.';
import { loadBriefing, loadTemplate, testEngine } from '../../../tests/unit/pdf/render';
import type { Briefing } from '../../shared/briefing';

const loaded = loadTemplate();
const engineHost = testEngine.hostFor(loaded);
/** The engine's host without its cache: every render builds its font programs from scratch. */
const bare: EngineHost = { fonts: engineHost.fonts, now: engineHost.now, appVersion: engineHost.appVersion, ...(engineHost.images ? { images: engineHost.images } : {}) };

async function pdf(briefing: Briefing, host: EngineHost): Promise<Uint8Array> {
  const r = await renderBriefingPdf(briefing, loaded.template, host);
  if (!r.ok) throw new Error(r.message);
  return r.value.pdf;
}

/** The demo with one word of its first paragraph changed (new characters: a different glyph set). */
function edited(briefing: Briefing, word: string): Briefing {
  let done = false;
  const blocks = briefing.blocks.map((b) => {
    if (done || b.type !== 'paragraph') return b;
    done = true;
    return { ...b, runs: [{ text: `${word}${b.runs[0]!.text}` }, ...b.runs.slice(1)] };
  });
  return { ...briefing, blocks };
}

describe('render cache', () => {
  const a = loadBriefing('demo');
  const b = edited(a, '鑫淼犇');

  it('gives the same bytes whatever it holds: A cold, B, then A warm equals A cold', async () => {
    const aCold = await pdf(a, bare);
    const cache = createRenderCache();
    const host = { ...bare, cache };
    const aFirst = await pdf(a, host);
    const bWarm = await pdf(b, host);
    const aWarm = await pdf(a, host);
    expect(Buffer.from(aFirst).equals(Buffer.from(aCold))).toBe(true);
    expect(Buffer.from(aWarm).equals(Buffer.from(aCold))).toBe(true);
    expect(Buffer.from(bWarm).equals(Buffer.from(await pdf(b, bare)))).toBe(true);
    expect(cache.stats.runHits).toBeGreaterThan(0);
    expect(cache.stats.runMisses).toBeGreaterThan(0);
  });

  it('a one-word edit re-deflates only the glyph runs holding its new characters', async () => {
    const cache = createRenderCache();
    const host = { ...bare, cache };
    await pdf(a, host);
    const first = { ...cache.stats };
    expect(first.runMisses).toBeGreaterThan(10);
    await pdf(a, host);
    expect(cache.stats.runMisses).toBe(first.runMisses);
    const hitsBefore = cache.stats.runHits;
    await pdf(b, host);
    // 鑫淼犇: three new glyphs, so at most three runs of the body font are deflated again.
    expect(cache.stats.runMisses - first.runMisses).toBeGreaterThan(0);
    expect(cache.stats.runMisses - first.runMisses).toBeLessThanOrEqual(3);
    expect(cache.stats.runHits - hitsBefore).toBeGreaterThan(10);
    // Pages after the edited one keep their content stream (glyph ids do not move): kept, not deflated again.
    const pages = { ...cache.stats };
    await pdf(b, host);
    expect(cache.stats.pageMisses).toBe(pages.pageMisses);
    expect(cache.stats.pageHits).toBeGreaterThan(pages.pageHits);
  });
});
