import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { isFontkitFont, subsetFont } from './sfnt';

const fontsDir = join(import.meta.dirname, '..', '..', '..', 'resources', 'fonts');
interface Font {
  readonly numGlyphs: number;
  glyphForCodePoint(cp: number): { readonly id: number; readonly advanceWidth: number };
}
const open = (file: string): Font => fontkit.create(readFileSync(join(fontsDir, file))) as unknown as Font;
const cps = (text: string) => [...new Set([...text].map((c) => c.codePointAt(0)!))].sort((a, b) => a - b);

describe('subsetFont', () => {
  for (const file of ['FandolFang-Regular.otf', 'LXGWWenKai-Regular.ttf']) {
    it(`${file}: every glyph keeps its advance, subset after subset, and the source font's bytes are not touched`, () => {
      const font = open(file);
      expect(isFontkitFont(font)).toBe(true);
      const buffer = (font as unknown as { stream: { buffer: Uint8Array } }).stream.buffer;
      const before = Buffer.from(buffer);
      // Several subsets of one font object: the first must not change what the later ones read.
      for (const text of ['者', 'A者1', '编者按：春节前后，以深度求索（DeepSeek）为代表。2025年']) {
        const subset = fontkit.create(Buffer.from(subsetFont(font as never, cps(text)).data)) as unknown as Font;
        for (const ch of text) {
          const cp = ch.codePointAt(0)!;
          expect(subset.glyphForCodePoint(cp).advanceWidth, `${ch} in a subset of ${text}`).toBe(font.glyphForCodePoint(cp).advanceWidth);
        }
        expect(subset.numGlyphs).toBe(new Set([...text].map((c) => font.glyphForCodePoint(c.codePointAt(0)!).id)).size + 1);
      }
      expect(Buffer.from(buffer).equals(before)).toBe(true);
    });
  }
});
