// Subset fonts for the OFD package: a standalone OpenType file (TrueType or CFF outlines) with only
// the glyphs drawn and a Unicode cmap, because an OFD reader maps each TextCode character to a
// glyph through the embedded font's cmap. fontkit's subsetter (the same one pdfkit uses) writes the
// outlines; this module adds the tables a standalone font needs (cmap, post, OS/2, name).

/** The parts of a fontkit font this module uses (the face's opaque `pdfFont`). */
export interface FontkitFontLike {
  readonly unitsPerEm: number;
  readonly directory: { readonly tables: Record<string, { readonly offset: number; readonly length: number } | undefined> };
  readonly stream: { readonly buffer: Uint8Array };
  glyphForCodePoint(codePoint: number): FontkitGlyphLike;
  getGlyph(id: number): FontkitGlyphLike;
  createSubset(): { includeGlyph(glyph: number): number; encode(): Uint8Array };
}
interface FontkitGlyphLike {
  readonly id: number;
  readonly advanceWidth: number;
  readonly bbox: { readonly minX: number };
}

/** A subset font file and what kind of outlines it holds. */
export interface SubsetFont {
  readonly data: Uint8Array;
  readonly outlines: 'truetype' | 'cff';
}

/** Whether a value looks like a fontkit font this module can subset. */
export function isFontkitFont(value: unknown): value is FontkitFontLike {
  const v = value as Partial<FontkitFontLike> | null;
  return !!v && typeof v.createSubset === 'function' && typeof v.glyphForCodePoint === 'function' && !!v.directory && !!v.stream;
}

/**
 * Builds a standalone subset of `font` covering `codePoints` (sorted, unique). Glyph order and
 * table bytes depend only on the font and the code points, so the same input gives the same bytes.
 */
export function subsetFont(font: FontkitFontLike, codePoints: readonly number[]): SubsetFont {
  const subset = font.createSubset();
  tidyCffTopDict(subset);
  const map: [number, number][] = [];
  const oldIds: number[] = [0];
  for (const cp of codePoints) {
    const glyph = font.glyphForCodePoint(cp);
    if (!glyph || glyph.id === 0) continue;
    const id = subset.includeGlyph(glyph.id);
    if (id === oldIds.length) oldIds.push(glyph.id);
    map.push([cp, id]);
  }
  const encoded = toBytes(subset.encode());
  // A copy: the font's buffer is a Node Buffer, whose slice() is a view, and the tables below are
  // edited (hhea's metric count, head's checksum) — on a view they were written into the shared
  // font, and every later subset read numberOfHMetrics = the previous subset's glyph count.
  const raw = (tag: string): Uint8Array | undefined => {
    const entry = font.directory.tables[tag];
    if (!entry) return undefined;
    return new Uint8Array(font.stream.buffer.subarray(entry.offset, entry.offset + entry.length));
  };
  const tables = new Map<string, Uint8Array>();
  let outlines: SubsetFont['outlines'];
  if (font.directory.tables['CFF ']) {
    outlines = 'cff';
    const numGlyphs = oldIds.length;
    tables.set('CFF ', encoded);
    tables.set('head', withZeroChecksumAdjustment(required(raw('head'), 'head')));
    const hhea = required(raw('hhea'), 'hhea').slice();
    new DataView(hhea.buffer, hhea.byteOffset).setUint16(34, numGlyphs);
    tables.set('hhea', hhea);
    // Advances and side bearings straight from the font's own hmtx table: the same bytes whatever
    // else has parsed the font before (a fontkit glyph's metrics once came out 606 instead of 1000
    // when an OFD was exported alone with the font metrics cache on).
    const source = required(raw('hmtx'), 'hmtx');
    const sourceView = new DataView(source.buffer, source.byteOffset, source.byteLength);
    const sourceHhea = required(raw('hhea'), 'hhea');
    const sourceLong = Math.max(1, new DataView(sourceHhea.buffer, sourceHhea.byteOffset, sourceHhea.byteLength).getUint16(34));
    const hmtx = new Uint8Array(numGlyphs * 4);
    const hv = new DataView(hmtx.buffer);
    oldIds.forEach((oldId, i) => {
      const long = Math.min(oldId, sourceLong - 1);
      const advance = sourceView.getUint16(long * 4);
      const lsb = oldId < sourceLong ? sourceView.getInt16(oldId * 4 + 2) : sourceView.getInt16(sourceLong * 4 + (oldId - sourceLong) * 2);
      hv.setUint16(i * 4, advance);
      hv.setInt16(i * 4 + 2, lsb);
    });
    tables.set('hmtx', hmtx);
    const maxp = new Uint8Array(6);
    new DataView(maxp.buffer).setUint32(0, 0x00005000);
    new DataView(maxp.buffer).setUint16(4, numGlyphs);
    tables.set('maxp', maxp);
  } else {
    outlines = 'truetype';
    for (const [tag, data] of readSfntTables(encoded)) tables.set(tag, data);
    const head = tables.get('head');
    if (head) tables.set('head', withZeroChecksumAdjustment(head));
  }
  tables.set('cmap', buildCmap(map));
  tables.set('post', buildPost(raw('post')));
  const os2 = raw('OS/2');
  if (os2) tables.set('OS/2', os2);
  const name = raw('name');
  if (name) tables.set('name', name);
  return { data: writeSfnt(tables, outlines === 'cff' ? 0x4f54544f : 0x00010000), outlines };
}

/**
 * fontkit writes a CFF Top DICT real number with every digit JavaScript prints (Noto Sans CJK's
 * CIDFontVersion 2.004 comes back as 2.00399995), which Chromium's font sanitizer (OTS) rejects
 * ("Failed to parse Top DICT Data"). The subset is given a view of the font's CFF table whose Top
 * DICT has such reals rounded to 6 significant digits; the shared font object is not changed.
 */
function tidyCffTopDict(subset: object): void {
  const holder = subset as { cff?: { topDict?: Record<string, unknown> } };
  const cff = holder.cff;
  if (!cff?.topDict) return;
  const topDict: Record<string, unknown> = { ...cff.topDict };
  for (const [key, value] of Object.entries(topDict)) {
    if (typeof value === 'number' && !Number.isInteger(value)) topDict[key] = Number(value.toPrecision(6));
  }
  holder.cff = Object.create(cff, { topDict: { value: topDict, enumerable: true } }) as typeof cff;
}

function required(data: Uint8Array | undefined, tag: string): Uint8Array {
  if (!data) throw new Error(`font has no ${tag} table`);
  return data;
}

function toBytes(data: Uint8Array | ArrayLike<number>): Uint8Array {
  return data instanceof Uint8Array ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : Uint8Array.from(data);
}

function withZeroChecksumAdjustment(head: Uint8Array): Uint8Array {
  const out = head.slice();
  new DataView(out.buffer).setUint32(8, 0);
  return out;
}

/** The tables of an sfnt (as fontkit's TrueType subsetter writes it). */
function readSfntTables(data: Uint8Array): [string, Uint8Array][] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = view.getUint16(4);
  const out: [string, Uint8Array][] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(data[at]!, data[at + 1]!, data[at + 2]!, data[at + 3]!);
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    out.push([tag, data.subarray(offset, offset + length)]);
  }
  return out;
}

/** post version 3 (no glyph names), keeping the original's italic angle and underline metrics. */
function buildPost(original: Uint8Array | undefined): Uint8Array {
  const out = new Uint8Array(32);
  if (original && original.length >= 32) out.set(original.subarray(0, 32));
  new DataView(out.buffer).setUint32(0, 0x00030000);
  return out;
}

/** cmap with a format 4 (BMP, platform 3/1) and a format 12 (all planes, 3/10) subtable. */
function buildCmap(map: readonly [number, number][]): Uint8Array {
  const sorted = [...map].sort((a, b) => a[0] - b[0]);
  const bmp = sorted.filter(([cp]) => cp < 0xffff);
  // Format 4: one segment per code point, plus the closing 0xFFFF segment.
  const segs = bmp.length + 1;
  const f4len = 16 + segs * 8;
  const f4 = new Uint8Array(f4len);
  const v4 = new DataView(f4.buffer);
  const searchRange = 2 * 2 ** Math.floor(Math.log2(segs));
  v4.setUint16(0, 4);
  v4.setUint16(2, f4len);
  v4.setUint16(6, segs * 2);
  v4.setUint16(8, searchRange);
  v4.setUint16(10, Math.log2(searchRange / 2));
  v4.setUint16(12, segs * 2 - searchRange);
  const ends = 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const ranges = deltas + segs * 2;
  bmp.forEach(([cp, gid], i) => {
    v4.setUint16(ends + i * 2, cp);
    v4.setUint16(starts + i * 2, cp);
    v4.setUint16(deltas + i * 2, (gid - cp) & 0xffff);
    v4.setUint16(ranges + i * 2, 0);
  });
  v4.setUint16(ends + bmp.length * 2, 0xffff);
  v4.setUint16(starts + bmp.length * 2, 0xffff);
  v4.setUint16(deltas + bmp.length * 2, 1);
  // Format 12: one group per code point.
  const f12len = 16 + sorted.length * 12;
  const f12 = new Uint8Array(f12len);
  const v12 = new DataView(f12.buffer);
  v12.setUint16(0, 12);
  v12.setUint32(4, f12len);
  v12.setUint32(12, sorted.length);
  sorted.forEach(([cp, gid], i) => {
    v12.setUint32(16 + i * 12, cp);
    v12.setUint32(20 + i * 12, cp);
    v12.setUint32(24 + i * 12, gid);
  });
  const header = 4 + 2 * 8;
  const out = new Uint8Array(header + f4len + f12len);
  const v = new DataView(out.buffer);
  v.setUint16(2, 2);
  v.setUint16(4, 3);
  v.setUint16(6, 1);
  v.setUint32(8, header);
  v.setUint16(12, 3);
  v.setUint16(14, 10);
  v.setUint32(16, header + f4len);
  out.set(f4, header);
  out.set(f12, header + f4len);
  return out;
}

function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const word = ((data[i] ?? 0) << 24) | ((data[i + 1] ?? 0) << 16) | ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0);
    sum = (sum + (word >>> 0)) >>> 0;
  }
  return sum;
}

/** Writes an sfnt: tables in tag order, 4-byte aligned, checksums and head.checkSumAdjustment set. */
function writeSfnt(tables: Map<string, Uint8Array>, version: number): Uint8Array {
  const tags = [...tables.keys()].sort();
  const count = tags.length;
  const dirLen = 12 + count * 16;
  let total = dirLen;
  for (const tag of tags) total += (tables.get(tag)!.length + 3) & ~3;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const pow = 2 ** Math.floor(Math.log2(count));
  view.setUint32(0, version);
  view.setUint16(4, count);
  view.setUint16(6, pow * 16);
  view.setUint16(8, Math.log2(pow));
  view.setUint16(10, count * 16 - pow * 16);
  let offset = dirLen;
  let headOffset = -1;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const at = 12 + i * 16;
    for (let k = 0; k < 4; k++) out[at + k] = tag.charCodeAt(k);
    view.setUint32(at + 4, checksum(data));
    view.setUint32(at + 8, offset);
    view.setUint32(at + 12, data.length);
    out.set(data, offset);
    if (tag === 'head') headOffset = offset;
    offset += (data.length + 3) & ~3;
  });
  if (headOffset >= 0) view.setUint32(headOffset + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
