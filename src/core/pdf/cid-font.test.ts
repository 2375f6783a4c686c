import { inflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concatBytes, parseCff } from './cff';
import { deflateRun } from './cid-font';
import { renderOk, loadBriefing } from '../../../tests/unit/pdf/render';

/** Deterministic pseudo-random bytes with some repetition (compressible, like outlines). */
function sample(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = i % 7 === 0 ? out[Math.max(0, i - 300)]! : x >>> 24;
  }
  return out;
}

/** Every FontFile3 stream of a PDF, inflated (pdfkit writes `/Subtype /CIDFontType0C`). */
function cffPrograms(pdf: Uint8Array): Uint8Array[] {
  const text = Buffer.from(pdf).toString('latin1');
  const out: Uint8Array[] = [];
  const re = /<<\n\/Subtype \/CIDFontType0C\n\/Filter \/FlateDecode\n\/Length (\d+)\n>>\nstream\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    out.push(inflateSync(Buffer.from(pdf.subarray(start, start + Number(m[1])))));
  }
  return out;
}

describe('CID font programs', () => {
  it('deflates runs that concatenate into one valid stream, whatever their sizes', () => {
    for (const sizes of [[1, 7, 100], [8000, 1000, 20000], [40000, 3, 70000, 12000], [0, 5000]]) {
      const pieces = sizes.map((n, k) => sample(n, k + 1));
      const stream = concatBytes([...pieces.map(deflateRun), new Uint8Array([3, 0])]);
      expect(Buffer.from(inflateRawSync(stream)).equals(Buffer.from(concatBytes(pieces)))).toBe(true);
    }
  });

  it('embeds CID-keyed CFF subsets without subroutines, CIDs = glyph ids, that parse back', async () => {
    const { pdf } = await renderOk(loadBriefing('demo'));
    const programs = cffPrograms(pdf);
    expect(programs.length).toBeGreaterThanOrEqual(2);
    for (const program of programs) {
      const cff = parseCff(program);
      // No global subroutines and no local ones in any Private DICT.
      expect(cff.gsubrs.count).toBe(0);
      expect(cff.fds.every((fd) => fd.subrs === null)).toBe(true);
      expect(cff.glyphCount).toBeGreaterThan(1);
    }
  });

  it('a PDF is byte-identical rendered twice (font programs from runs kept or not)', async () => {
    const a = await renderOk(loadBriefing('demo'));
    const b = await renderOk(loadBriefing('demo'));
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
  });
});
