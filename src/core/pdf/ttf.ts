// TrueType subsets that keep the source font's glyph ids: glyf holds only the glyphs used (and the
// components of composite ones), loca still has an entry for every glyph, and the metrics of unused
// glyphs are zero — so the PDF draws each glyph by its id (CIDToGIDMap /Identity) whatever else the
// document uses, and the program is a function of the set of glyphs alone. The long runs of equal
// loca offsets and zero metrics compress to almost nothing. fontkit's subsetter renumbered glyphs by
// first use and copied the full hmtx.

/** A parsed source TrueType font: table locations in `bytes` (the whole file). */
export interface TtfSource {
  readonly bytes: Uint8Array;
  readonly tables: ReadonlyMap<string, { offset: number; length: number }>;
  readonly numGlyphs: number;
  readonly numberOfHMetrics: number;
  /** glyf offsets of glyph i: [loca(i), loca(i + 1)) relative to glyf. */
  glyphRange(gid: number): [number, number];
}

/** Raised for TrueType data this module does not handle; the writer falls back to pdfkit. */
export class TtfUnsupported extends Error {}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

export function parseTtf(bytes: Uint8Array, tables: Record<string, { offset: number; length: number } | undefined>): TtfSource {
  const map = new Map<string, { offset: number; length: number }>();
  for (const tag of ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx', 'cvt ', 'fpgm', 'prep']) {
    const t = tables[tag];
    if (t) map.set(tag, { offset: t.offset, length: t.length });
  }
  for (const tag of ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx']) if (!map.has(tag)) throw new TtfUnsupported(`no ${tag}`);
  const head = map.get('head')!.offset;
  const longLoca = u16(bytes, head + 50) === 1;
  const numGlyphs = u16(bytes, map.get('maxp')!.offset + 4);
  const numberOfHMetrics = u16(bytes, map.get('hhea')!.offset + 34);
  const loca = map.get('loca')!.offset;
  const at = longLoca ? (i: number) => u32(bytes, loca + 4 * i) : (i: number) => 2 * u16(bytes, loca + 2 * i);
  return { bytes, tables: map, numGlyphs, numberOfHMetrics, glyphRange: (gid) => [at(gid), at(gid + 1)] };
}

/** Component glyph ids of a composite glyph's data (empty for a simple glyph). */
export function components(data: Uint8Array): number[] {
  if (data.length < 10 || ((data[0]! << 24) >> 16 | data[1]!) >= 0) return [];
  const out: number[] = [];
  let p = 10;
  for (;;) {
    const flags = u16(data, p);
    out.push(u16(data, p + 2));
    p += 4 + (flags & 0x0001 ? 4 : 2);
    if (flags & 0x0008) p += 2;
    else if (flags & 0x0040) p += 4;
    else if (flags & 0x0080) p += 8;
    if (!(flags & 0x0020) || p >= data.length) break;
  }
  return out;
}

function checksum(b: Uint8Array): number {
  let sum = 0;
  const n = b.length & ~3;
  for (let i = 0; i < n; i += 4) sum = (sum + u32(b, i)) >>> 0;
  if (n < b.length) {
    const tail = new Uint8Array(4);
    tail.set(b.subarray(n));
    sum = (sum + u32(tail, 0)) >>> 0;
  }
  return sum;
}

/**
 * The TrueType program of the glyphs `gids` (component glyphs must already be included), keeping
 * glyph ids. `glyph(gid)` gives a glyph's glyf bytes (the caller makes sure they were read).
 */
export function ttfSubset(src: TtfSource, gids: readonly number[], glyph: (gid: number) => Uint8Array): Uint8Array {
  const b = src.bytes;
  const n = src.numGlyphs;
  const wanted = new Set(gids);
  // glyf + long loca.
  const parts: Uint8Array[] = [];
  const loca = new Uint8Array(4 * (n + 1));
  const lv = new DataView(loca.buffer);
  let off = 0;
  for (let gid = 0; gid < n; gid++) {
    lv.setUint32(4 * gid, off);
    if (!wanted.has(gid)) continue;
    const data = glyph(gid);
    if (data.length === 0) continue;
    const padded = (data.length + 3) & ~3;
    const copy = new Uint8Array(padded);
    copy.set(data);
    parts.push(copy);
    off += padded;
  }
  lv.setUint32(4 * n, off);
  const glyf = new Uint8Array(off);
  let at = 0;
  for (const p of parts) {
    glyf.set(p, at);
    at += p.length;
  }
  // hmtx: the source's layout, zero for glyphs not used.
  const hmtxSrc = src.tables.get('hmtx')!;
  const hmtx = new Uint8Array(hmtxSrc.length);
  const hm = src.numberOfHMetrics;
  for (const gid of wanted) {
    if (gid < hm) hmtx.set(b.subarray(hmtxSrc.offset + 4 * gid, hmtxSrc.offset + 4 * gid + 4), 4 * gid);
    else if (4 * hm + 2 * (gid - hm) + 2 <= hmtx.length) hmtx.set(b.subarray(hmtxSrc.offset + 4 * hm + 2 * (gid - hm), hmtxSrc.offset + 4 * hm + 2 * (gid - hm) + 2), 4 * hm + 2 * (gid - hm));
  }
  // The last long metric's advance applies to every later glyph: keep it even if unused.
  if (hm > 0) hmtx.set(b.subarray(hmtxSrc.offset + 4 * (hm - 1), hmtxSrc.offset + 4 * (hm - 1) + 2), 4 * (hm - 1));
  const copyTable = (tag: string) => {
    const t = src.tables.get(tag)!;
    return b.slice(t.offset, t.offset + t.length);
  };
  const head = copyTable('head');
  head.set([0, 0, 0, 0], 8); // checkSumAdjustment: not checked by PDF readers
  head.set([0, 1], 50); // indexToLocFormat: long
  const candidates: [string, Uint8Array | null][] = [
    ['cvt ', src.tables.has('cvt ') ? copyTable('cvt ') : null],
    ['fpgm', src.tables.has('fpgm') ? copyTable('fpgm') : null],
    ['glyf', glyf],
    ['head', head],
    ['hhea', copyTable('hhea')],
    ['hmtx', hmtx],
    ['loca', loca],
    ['maxp', copyTable('maxp')],
    ['prep', src.tables.has('prep') ? copyTable('prep') : null],
  ];
  const tables = candidates.filter((t): t is [string, Uint8Array] => t[1] !== null);
  // Table directory (tags sorted), each table 4-byte aligned.
  const count = tables.length;
  let entrySelector = 0;
  while (1 << (entrySelector + 1) <= count) entrySelector++;
  const searchRange = (1 << entrySelector) * 16;
  const dirLength = 12 + 16 * count;
  let total = dirLength;
  for (const [, data] of tables) total += (data.length + 3) & ~3;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x00010000);
  v.setUint16(4, count);
  v.setUint16(6, searchRange);
  v.setUint16(8, entrySelector);
  v.setUint16(10, count * 16 - searchRange);
  let pos = dirLength;
  tables.forEach(([tag, data], i) => {
    for (let k = 0; k < 4; k++) out[12 + 16 * i + k] = tag.charCodeAt(k);
    v.setUint32(12 + 16 * i + 4, checksum(data));
    v.setUint32(12 + 16 * i + 8, pos);
    v.setUint32(12 + 16 * i + 12, data.length);
    out.set(data, pos);
    pos += (data.length + 3) & ~3;
  });
  return out;
}
