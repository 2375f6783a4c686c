import { describe, expect, it } from 'vitest';
import { FaceResolver, embeddingFromFsType, orderChain } from '.';
import type { FontFace } from '.';

const face = (key: string, origin: FontFace['origin'], has: (cp: number) => boolean, embedding: FontFace['embedding'] = 'installable'): FontFace => ({
  key,
  family: key,
  postscriptName: key,
  origin,
  location: key,
  embedding,
  hasGlyph: has,
  advance: () => 1,
  bounds: () => ({ minX: 0, minY: 0, maxX: 1, maxY: 1 }),
  outline: () => ({ path: '', unitsPerEm: 1000 }),
  pdfFont: null,
});

describe('font chains', () => {
  it('orders user → template → system → bundled and drops fonts that forbid embedding', () => {
    const chain = orderChain([
      face('bundled', 'bundled', () => true),
      face('system-restricted', 'system', () => true, 'restricted'),
      face('system', 'system', () => true),
      face('user', 'user', () => true),
      face('template', 'template', () => true),
      face('system-bitmap', 'system', () => true, 'bitmap-only'),
    ]);
    expect(chain.map((f) => f.key)).toEqual(['user', 'template', 'system', 'bundled']);
  });
  it('decodes fsType embedding bits', () => {
    expect(embeddingFromFsType(0)).toBe('installable');
    expect(embeddingFromFsType(0x2)).toBe('restricted');
    expect(embeddingFromFsType(0x4)).toBe('preview-print');
    expect(embeddingFromFsType(0x8)).toBe('editable');
    expect(embeddingFromFsType(0x6)).toBe('preview-print');
    expect(embeddingFromFsType(0x202)).toBe('bitmap-only');
  });
  it('resolves each character to the first face that has it, then the fallback role', () => {
    const body = face('body', 'bundled', (cp) => cp < 0x20000);
    const rare = face('rare', 'bundled', () => true);
    const resolver = new FaceResolver((role) => (role === 'fallback' ? [rare] : [body]));
    expect(resolver.face('fangsong', 0x56fd)?.key).toBe('body');
    expect(resolver.face('fangsong', 0x20bb7)?.key).toBe('rare');
    expect(resolver.primary('kaiti')?.key).toBe('body');
  });
});
