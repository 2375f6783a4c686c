import { describe, expect, it } from 'vitest';
import { layoutBriefing } from './document';
import { createLayoutCache } from './shape-cache';
import { loadBriefing, loadTemplate, testEngine } from '../../../tests/unit/pdf/render';
import type { Briefing } from '../../shared/briefing';
import type { LayoutDocument } from './types';

const loaded = loadTemplate();
const fonts = testEngine.hostFor(loaded).fonts;

/** The layout as plain data (faces by key), to compare two layouts exactly. */
function plain(layout: LayoutDocument): string {
  return JSON.stringify({ pages: layout.pages, bookmarks: layout.bookmarks, report: layout.fontReport, faces: layout.faces.map((f) => f.key) }, (k, v: unknown) =>
    k === 'face' && v && typeof v === 'object' ? (v as { key: string }).key : v instanceof Uint8Array ? v.length : v,
  );
}

function editFirstParagraph(briefing: Briefing, word: string): Briefing {
  let done = false;
  const blocks = briefing.blocks.map((b) => {
    if (done || b.type !== 'paragraph') return b;
    done = true;
    return { ...b, runs: [{ text: `${word}${b.runs[0]!.text}` }, ...b.runs.slice(1)] };
  });
  return { ...briefing, blocks };
}

describe('layout cache', () => {
  it('gives the same layout as no cache, cold and warm, and after an edit', () => {
    const a = loadBriefing('demo');
    const b = editFirstParagraph(a, '鑫淼犇');
    const cache = createLayoutCache();
    const bare = (x: Briefing) => plain(layoutBriefing({ briefing: x, template: loaded.template, fonts }));
    const cached = (x: Briefing) => plain(layoutBriefing({ briefing: x, template: loaded.template, fonts, cache }));
    expect(cached(a)).toBe(bare(a));
    expect(cached(a)).toBe(bare(a));
    expect(cached(b)).toBe(bare(b));
    expect(cached(a)).toBe(bare(a));
  });

  it('a one-word edit re-shapes and re-breaks only what changed', () => {
    const a = loadBriefing('demo');
    const cache = createLayoutCache();
    layoutBriefing({ briefing: a, template: loaded.template, fonts, cache });
    const first = { ...cache.stats };
    expect(first.shapeMisses).toBeGreaterThan(20);
    layoutBriefing({ briefing: editFirstParagraph(a, '鑫淼犇'), template: loaded.template, fonts, cache });
    // The edited run (and the strings of the page furniture that may differ) — not the document.
    expect(cache.stats.shapeMisses - first.shapeMisses).toBeLessThanOrEqual(3);
    expect(cache.stats.composeMisses - first.composeMisses).toBeLessThanOrEqual(3);
    expect(cache.stats.shapeHits - first.shapeHits).toBeGreaterThan(first.shapeMisses / 2);
  });
});
