import { describe, expect, it } from 'vitest';
import { loadBriefing, loadTemplate, renderOk, testEngine } from '../../../tests/unit/pdf/render';
import { prepareLayout } from './prepare';

const textOf = (layout: { pages: readonly { items: readonly { kind: string; glyphs?: readonly { char: string }[] }[] }[] }) =>
  layout.pages.map((p) => p.items.map((i) => (i.kind === 'text' ? (i.glyphs ?? []).map((g) => g.char).join('') : '')).join('')).join('\n');

describe('prepareLayout', () => {
  it('lays out the pages the PDF export draws, for the same copy', async () => {
    const loaded = loadTemplate();
    const briefing = loadBriefing('numbered');
    const prepared = await prepareLayout(briefing, loaded.template, testEngine.hostFor(loaded), { copyNumber: '000007' });
    if (!prepared.ok) throw new Error(prepared.message);
    const pdf = await renderOk(briefing, { copyNumber: '000007' });
    expect(prepared.value.pages.length).toBe(pdf.pageCount);
    expect(textOf(prepared.value)).toBe(textOf(pdf.layout));
    expect(textOf(prepared.value)).toContain('000007');
  });

  it('prints the exported number of copies in the 报尾 when given (共印N份)', async () => {
    const loaded = loadTemplate();
    const prepared = await prepareLayout(loadBriefing('demo'), loaded.template, testEngine.hostFor(loaded), { copies: 37 });
    if (!prepared.ok) throw new Error(prepared.message);
    expect(textOf(prepared.value)).toContain('共印37份');
  });

  it('stops with MISSING_GLYPH when no font draws a character', async () => {
    const loaded = loadTemplate();
    const prepared = await prepareLayout(loadBriefing('missing-glyph'), loaded.template, testEngine.hostFor(loaded));
    expect(prepared.ok ? 'ok' : prepared.code).toBe('MISSING_GLYPH');
  });

  it('gives CANCELLED for a signal already aborted, before any layout', async () => {
    const loaded = loadTemplate();
    const controller = new AbortController();
    controller.abort();
    const prepared = await prepareLayout(loadBriefing('demo'), loaded.template, testEngine.hostFor(loaded), { signal: controller.signal });
    expect(prepared.ok ? 'ok' : prepared.code).toBe('CANCELLED');
  });

  it('gives FONT_UNAVAILABLE when neither the body role nor the fallback has a face', async () => {
    const loaded = loadTemplate();
    const prepared = await prepareLayout(loadBriefing('demo'), loaded.template, { fonts: { chain: () => [] } });
    expect(prepared.ok ? 'ok' : prepared.code).toBe('FONT_UNAVAILABLE');
  });
});
