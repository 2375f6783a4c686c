import { describe, expect, it } from 'vitest';
import { describeMissingGlyphs, findMissingGlyphs, type FontFace } from '.';
import type { GlyphPlace } from '../../shared/api/export';

const face = (key: string, has: (cp: number) => boolean): FontFace => ({
  key,
  family: key,
  postscriptName: key,
  origin: 'bundled',
  location: key,
  embedding: 'installable',
  hasGlyph: has,
  advance: () => 1,
  bounds: () => ({ minX: 0, minY: 0, maxX: 1, maxY: 1 }),
  outline: () => ({ path: '', unitsPerEm: 1000 }),
  pdfFont: null,
});

describe('glyph coverage of drawn runs', () => {
  const body = face('body', (cp) => cp !== 0x20bb7);
  const rare = face('rare', () => true);

  it('lists a character the face it was drawn in lacks once, with each place it occurs (structured)', () => {
    const missing = findMissingGlyphs([
      { text: '𠮷野家', face: body, where: { field: 'title' } },
      { text: '吉野𠮷', face: body, where: { blockId: 'b2' } },
      { text: '𠮷𠮷', face: body, where: { blockId: 'b2' } },
      { text: '𠮷', face: rare, where: { part: 'tail' } },
    ]);
    expect(missing).toEqual([{ char: '𠮷', codePoint: 0x20bb7, where: [{ field: 'title' }, { blockId: 'b2' }] }]);
  });

  it('spaces and characters that need no glyph are never missing', () => {
    const none = face('none', () => false);
    expect(findMissingGlyphs([{ text: ' \u3000\u200b\ufe0f', face: none, where: { part: 'other' } }])).toEqual([]);
  });

  it('keeps at most five places per character', () => {
    const runs = Array.from({ length: 8 }, (_, i) => ({ text: '𠮷', face: body, where: { blockId: `b${i}` } }));
    expect(findMissingGlyphs(runs)[0]!.where).toHaveLength(5);
  });

  it('words the places only in the message, through the caller’s wording', () => {
    const missing = findMissingGlyphs([
      { text: '𠮷', face: body, where: { field: 'title' } },
      { text: '𠮷', face: body, where: { blockId: 'b2' } },
    ]);
    const word = (p: GlyphPlace) => (p.field === 'title' ? '标题' : p.blockId === 'b2' ? '第2块（段落）' : '?');
    expect(describeMissingGlyphs(missing, word)).toContain('“𠮷”（U+20BB7，见标题、第2块（段落））');
  });
});
