import { copyFileSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { parseFontFile } from './load';
import { openSparseFont, FontFileChangedError } from './sparse';
import { findAppPaths } from '../paths';

const paths = findAppPaths(import.meta.dirname);
const fontsDir = join(paths.resourcesDir, 'fonts');
// A CFF font (CID-keyed), a TrueType font (glyf/loca, composites), the 小标宋 substitute.
const files = ['FandolFang-Regular.otf', 'LXGWWenKai-Regular.ttf', 'NotoSerifCJKsc-Black.otf'];
// Text of a briefing: CJK, full-width punctuation, digits, Latin, and a character missing from some fonts.
const text = '关于杭州“六小龙”现象对我市的启示：2024年GDP增长5.6%，（一）研发投入强度3.2%。啰瞭ABCxyz—…《》';

function subsetBytes(font: Font, gids: readonly number[]): Uint8Array {
  const subset = (font as unknown as { createSubset(): { includeGlyph(g: number): number; encode(): Uint8Array } }).createSubset();
  for (const gid of gids) subset.includeGlyph(gid);
  return subset.encode();
}

function glyphFacts(font: Font): { gids: number[]; facts: string[] } {
  const gids: number[] = [];
  const facts: string[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    const has = font.hasGlyphForCodePoint(cp);
    const glyph = font.glyphForCodePoint(cp);
    gids.push(glyph.id);
    const box = glyph.bbox;
    facts.push(`${char} ${has} ${glyph.id} ${glyph.advanceWidth} ${box.minX},${box.minY},${box.maxX},${box.maxY} ${glyph.path.toSVG()}`);
  }
  return { gids, facts };
}

describe('sparse font files', () => {
  for (const file of files) {
    it(`${file}: metrics, outlines and subset bytes are those of the whole file, from a fraction of it`, () => {
      const path = join(fontsDir, file);
      const whole = parseFontFile(path, { whole: true })[0]!;
      const sparse = parseFontFile(path)[0]!;
      expect(sparse.postscriptName).toBe(whole.postscriptName);
      expect(sparse.numGlyphs).toBe(whole.numGlyphs);
      const a = glyphFacts(whole);
      const b = glyphFacts(sparse);
      expect(b.facts).toEqual(a.facts);
      // Subset before and after the outlines were read by path: the sparse font reads what the subsetter needs.
      const fresh = parseFontFile(path)[0]!;
      const freshGids = [...text].map((c) => fresh.glyphForCodePoint(c.codePointAt(0)!).id);
      expect(Buffer.from(subsetBytes(fresh, freshGids)).equals(Buffer.from(subsetBytes(whole, a.gids)))).toBe(true);
      expect(Buffer.from(subsetBytes(sparse, b.gids)).equals(Buffer.from(subsetBytes(whole, a.gids)))).toBe(true);
    });
  }

  it("reads a post table's header without decoding its glyph names, the values fontkit decodes", () => {
    for (const file of [...files, 'NotoSansCJKsc-Regular.otf']) {
      const path = join(fontsDir, file);
      const whole = parseFontFile(path, { whole: true })[0]! as unknown as { post: Record<string, unknown>; italicAngle: number };
      const sparse = parseFontFile(path)[0]! as unknown as { post: Record<string, unknown>; italicAngle: number };
      for (const key of ['version', 'italicAngle', 'underlinePosition', 'underlineThickness', 'isFixedPitch', 'minMemType42', 'maxMemType42', 'minMemType1', 'maxMemType1']) {
        expect([file, key, sparse.post[key]]).toEqual([file, key, whole.post[key]]);
      }
      expect(sparse.italicAngle).toBe(whole.italicAngle);
      // The rest (glyph names of a version 2 table) decodes on demand, the same.
      expect((sparse.post.names as unknown[] | undefined)?.length).toBe((whole.post.names as unknown[] | undefined)?.length);
      expect('isFixedPitch' in sparse.post).toBe(true);
    }
  });

  it("gives a CFF glyph's charstring from the raw INDEX, the bytes fontkit's decoded table gives", () => {
    const path = join(fontsDir, 'NotoSerifCJKsc-Black.otf');
    const whole = parseFontFile(path, { whole: true })[0]! as unknown as { 'CFF ': { getCharString(g: number): Uint8Array } };
    const file = openSparseFont(path)!;
    for (const gid of [0, 1, 500, 12345, 30000, 65000]) {
      expect(Buffer.from(file.charString(gid)!).equals(Buffer.from(whole['CFF '].getCharString(gid)))).toBe(true);
    }
    expect(file.charString(10_000_000)).toBeNull();
    expect(openSparseFont(join(fontsDir, 'LXGWWenKai-Regular.ttf'))!.charString(5)).toBeNull();
  });

  it('reads a small share of a large CFF font, and grows only by the glyphs asked for', () => {
    const path = join(fontsDir, 'NotoSerifCJKsc-Black.otf');
    const file = openSparseFont(path)!;
    expect(file).not.toBeNull();
    const size = statSync(path).size;
    const start = file.bytesRead();
    expect(start).toBeLessThan(size * 0.2);
    file.ensureGlyph(1000);
    file.ensureGlyph(1000);
    const grown = file.bytesRead() - start;
    expect(grown).toBeGreaterThan(0);
    expect(grown).toBeLessThan(4096);
    file.ensureGlyph(10_000_000);
    expect(file.bytesRead() - start).toBe(grown);
  });

  it('leaves small files and collections to be read whole', () => {
    // The PDF tests' tiny fixture fonts and .ttc collections: not worth reading in parts.
    const dir = mkdtempSync(join(tmpdir(), 'bs-sparse-'));
    const small = join(dir, 'small.ttf');
    const buf = Buffer.alloc(64);
    buf.writeUInt32BE(0x00010000, 0);
    writeFileSync(small, buf);
    expect(openSparseFont(small)).toBeNull();
  });

  it('refuses to read outlines from a file that changed after it was opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-sparse-'));
    const path = join(dir, 'font.otf');
    copyFileSync(join(fontsDir, 'FandolFang-Regular.otf'), path);
    const file = openSparseFont(path)!;
    // Let the first burst's file close, then change the modification time.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    utimesSync(path, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(() => file.ensureGlyph(500)).toThrow(FontFileChangedError);
    expect(() => file.ensureGlyph(501)).toThrow(expect.objectContaining({ code: 'FONT_FILE_CHANGED', path }));
  });
});
