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
    expect(cache.stats.hits).toBeGreaterThan(0);
    expect(cache.stats.misses).toBeGreaterThan(0);
  });

  it('re-uses every font program when only the order-preserving text changes, and drops the oldest beyond its bound', async () => {
    const cache = createRenderCache({ subsetsPerFont: 1 });
    const host = { ...bare, cache };
    await pdf(a, host);
    const misses = cache.stats.misses;
    await pdf(a, host);
    expect(cache.stats.misses).toBe(misses);
    await pdf(b, host);
    const afterB = cache.stats.misses;
    expect(afterB).toBeGreaterThan(misses);
    // With one subset per font, A's program was dropped for B's: A misses again, and still gives A's bytes.
    expect(Buffer.from(await pdf(a, host)).equals(Buffer.from(await pdf(a, bare)))).toBe(true);
    expect(cache.stats.misses).toBeGreaterThan(afterB);
  });
});
