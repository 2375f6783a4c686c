// Embeds an OpenType-CFF face as a CID-keyed Type 0 font whose CIDs are the face's glyph ids (see
// cff.ts), with what one render can leave for the next kept per face:
// - each glyph's flattened charstring (subroutines inlined), built once;
// - the compressed font program in pieces: the glyphs, in glyph-id order, are cut into runs at
//   glyphs chosen by their id alone (about one in 64), each run deflated on its own and kept under
//   its exact glyph list; the stream is a zlib header, the head tables (deflated every time, a few
//   KB), the runs, a final empty block and the Adler-32 of the whole. A one-word edit that brings a
//   new character re-deflates one run, and because the cuts depend only on the glyph ids and every
//   run is compressed alone, the bytes are the same whether a run came from the cache or not.
// The content streams draw each glyph by its glyph id, so a page's text does not change when a
// character is added elsewhere in the document.
import { Deflate, zlibSync } from 'fflate';
import type { FontFace } from '../fonts';
import { CffUnsupported, concatBytes, flattenGlyph, parseCff, subsetHead, type CffSource } from './cff';
import { TtfUnsupported, components, parseTtf, ttfSubset, type TtfSource } from './ttf';

/** What a fontkit font (the face's `pdfFont`) offers that this module uses. */
interface FontkitFont {
  readonly unitsPerEm: number;
  readonly postscriptName: string;
  readonly stream: { readonly buffer: Uint8Array };
  readonly directory: { readonly tables: Record<string, { offset: number; length: number } | undefined> };
  readonly 'CFF '?: { getCharString(gid: number): Uint8Array };
  glyphForCodePoint(codePoint: number): { readonly id: number; readonly advanceWidth: number };
  getGlyph(gid: number): { readonly advanceWidth: number };
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly post: { readonly isFixedPitch: unknown };
  readonly head: { readonly macStyle: { readonly italic: unknown } };
  readonly 'OS/2'?: { readonly sFamilyClass?: number };
}

/** A code point as drawn: its glyph id, advance (1/1000 em) and the hex code in the content stream. */
interface Mapped {
  readonly gid: number;
  readonly width: number;
  readonly hex: string;
}

/** What is kept per face between renders (in the render cache), or for one render without a cache. */
export interface CidFontState {
  /** The source outlines: CFF (FontFile3, CIDFontType0) or TrueType (FontFile2, CIDFontType2). */
  readonly cff: CffSource | null;
  readonly ttf: TtfSource | null;
  readonly font: FontkitFont;
  readonly flat: Map<number, Uint8Array>;
  readonly mapped: Map<number, Mapped>;
  /** Deflated glyph runs by their glyph list, most recently used last. */
  readonly runs: Map<string, Uint8Array>;
  /** Whole finished programs (and ToUnicode streams) by glyph list, most recently used last: a render with no new glyph builds nothing. */
  readonly programs: Map<string, { readonly deflated: Uint8Array; readonly length: number }>;
  readonly toUnicode: Map<string, Uint8Array>;
  readonly stats: { runHits: number; runMisses: number };
}

/** Reads a face for CID embedding; null when it is not an OpenType-CFF face this module handles. */
export function cidFontState(face: FontFace, stats: { runHits: number; runMisses: number } = { runHits: 0, runMisses: 0 }): CidFontState | null {
  const font = face.pdfFont as FontkitFont;
  const tables = font?.directory?.tables;
  const buffer = font?.stream?.buffer;
  if (!tables || !buffer) return null;
  const cffTable = tables['CFF '];
  try {
    if (cffTable && font['CFF ']) {
      const cff = parseCff(buffer.subarray(cffTable.offset, cffTable.offset + cffTable.length));
      return { cff, ttf: null, font, flat: new Map(), mapped: new Map(), runs: new Map(), programs: new Map(), toUnicode: new Map(), stats };
    }
    if (tables.glyf && tables.loca) {
      return { cff: null, ttf: parseTtf(buffer, tables), font, flat: new Map(), mapped: new Map(), runs: new Map(), programs: new Map(), toUnicode: new Map(), stats };
    }
    return null;
  } catch (error) {
    if (error instanceof CffUnsupported || error instanceof TtfUnsupported) return null;
    throw error;
  }
}

/** pdfkit 0.20 internals used: a reference (PDF object) and the document making them. */
interface RefLike {
  data: Record<string, unknown>;
  write(chunk: Uint8Array | string): void;
  end(chunk?: Uint8Array | string): void;
}
interface DocLike {
  ref(data?: Record<string, unknown>): RefLike;
}

/** Run cuts: after a glyph whose id hashes to 0 mod 64 (about 24 KB of CJK outlines per run). */
const cutAfter = (gid: number) => Math.imul(gid, 2654435761) >>> 26 === 0;
const RUNS_KEPT = 1024;

/**
 * A font as pdfkit's document uses it (`_fontFamilies` entry): `id`, `ref()`, `encode(text)`,
 * `finalize()` at the document's end. Draws glyph ids (Identity-H), embeds the glyphs used.
 */
export class CidFont {
  dictionary: RefLike | undefined;
  embedded = false;
  readonly name: string;
  readonly #used = new Map<number, number>();
  readonly #scale: number;
  constructor(
    readonly document: DocLike,
    readonly id: string,
    readonly state: CidFontState,
  ) {
    this.name = state.font.postscriptName;
    this.#scale = 1000 / state.font.unitsPerEm;
  }

  ref(): RefLike {
    return (this.dictionary ??= this.document.ref());
  }

  finalize(): void {
    if (this.embedded || this.dictionary == null) return;
    this.embed();
    this.embedded = true;
  }

  /** The hex codes (glyph ids) of `text`'s characters and their advances in 1/1000 em, as pdfkit's `encode`. */
  encode(text: string): [string[], { xAdvance: number }[]] {
    const codes: string[] = [];
    const positions: { xAdvance: number }[] = [];
    for (const char of text) {
      const codePoint = char.codePointAt(0)!;
      let m = this.state.mapped.get(codePoint);
      if (!m) {
        const glyph = this.state.font.glyphForCodePoint(codePoint);
        m = { gid: glyph.id, width: glyph.advanceWidth * this.#scale, hex: `0000${glyph.id.toString(16)}`.slice(-4) };
        this.state.mapped.set(codePoint, m);
      }
      if (!this.#used.has(m.gid)) this.#used.set(m.gid, codePoint);
      codes.push(m.hex);
      positions.push({ xAdvance: m.width });
    }
    return [codes, positions];
  }

  embed(): void {
    const { font } = this.state;
    const gids = [0, ...[...this.#used.keys()].filter((g) => g !== 0).sort((a, b) => a - b)];
    const cff = this.state.cff !== null;
    const key = gids.join(',');
    const program = kept(this.state.programs, key, () => (cff ? { deflated: this.#cffProgram(gids), length: 0 } : this.#ttfProgram(gids)));
    const fontFile = this.document.ref(cff ? { Subtype: 'CIDFontType0C', Filter: 'FlateDecode' } : { Length1: program.length, Filter: 'FlateDecode' });
    fontFile.write(program.deflated);
    fontFile.end();

    const familyClass = ((font['OS/2']?.sFamilyClass ?? 0) | 0) >> 8;
    let flags = 0;
    if (font.post.isFixedPitch) flags |= 1 << 0;
    if (familyClass >= 1 && familyClass <= 7) flags |= 1 << 1;
    flags |= 1 << 2;
    if (familyClass === 10) flags |= 1 << 3;
    if (font.head.macStyle.italic) flags |= 1 << 6;
    const name = `${subsetTag(gids)}+${font.postscriptName.replaceAll(' ', '_')}`;
    const s = this.#scale;
    const descriptor = this.document.ref({
      Type: 'FontDescriptor',
      FontName: name,
      Flags: flags,
      FontBBox: [font.bbox.minX * s, font.bbox.minY * s, font.bbox.maxX * s, font.bbox.maxY * s],
      ItalicAngle: font.italicAngle,
      Ascent: font.ascent * s,
      Descent: font.descent * s,
      CapHeight: (font.capHeight || font.ascent) * s,
      XHeight: (font.xHeight || 0) * s,
      StemV: 0,
      ...(cff ? { FontFile3: fontFile } : { FontFile2: fontFile }),
    });
    descriptor.end();

    const widths = new Map<number, number>();
    for (const m of this.state.mapped.values()) if (this.#used.has(m.gid)) widths.set(m.gid, m.width);
    const { dw, w } = widthArray(gids, widths, font.getGlyph(0).advanceWidth * s);
    const descendant = this.document.ref({
      Type: 'Font',
      Subtype: cff ? 'CIDFontType0' : 'CIDFontType2',
      BaseFont: name,
      CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      DW: dw,
      W: w,
      ...(cff ? {} : { CIDToGIDMap: 'Identity' }),
    });
    descendant.end();
    const cmap = toUnicodeCmap(gids, this.#used);
    const toUnicode = this.document.ref({ Filter: 'FlateDecode' });
    toUnicode.end(kept(this.state.toUnicode, cmap, () => zlibSync(Uint8Array.from(cmap, (c) => c.charCodeAt(0)), { level: 9 })));
    this.dictionary!.data = { Type: 'Font', Subtype: 'Type0', BaseFont: name, Encoding: 'Identity-H', DescendantFonts: [descendant], ToUnicode: toUnicode };
    this.dictionary!.end();
  }

  /** The zlib-compressed TrueType program of `gids` (and their components), kept by glyph list. */
  #ttfProgram(used: readonly number[]): { deflated: Uint8Array; length: number } {
    const { state } = this;
    const src = state.ttf!;
    const glyfAt = src.tables.get('glyf')!.offset;
    const glyph = (gid: number) => {
      let data = state.flat.get(gid);
      if (!data) {
        state.font.getGlyph(gid); // a font read in part reads the glyph's outline now
        const [from, to] = src.glyphRange(gid);
        data = src.bytes.slice(glyfAt + from, glyfAt + to);
        state.flat.set(gid, data);
      }
      return data;
    };
    const all = new Set<number>();
    const visit = (gid: number, depth: number) => {
      if (all.has(gid) || gid >= src.numGlyphs || depth > 8) return;
      all.add(gid);
      for (const c of components(glyph(gid))) visit(c, depth + 1);
    };
    for (const gid of used) visit(gid, 0);
    const gids = [...all].sort((a, b) => a - b);
    const key = `ttf:${gids.join(',')}`;
    const kept = state.runs.get(key);
    const program = ttfSubset(src, gids, glyph);
    let deflated: Uint8Array;
    if (kept) {
      state.runs.delete(key);
      deflated = kept;
      state.stats.runHits++;
    } else {
      const adler = adler32(1, program);
      deflated = concatBytes([new Uint8Array([0x78, 0x9c]), deflateRun(program), new Uint8Array([3, 0, adler >>> 24, (adler >>> 16) & 255, (adler >>> 8) & 255, adler & 255])]);
      state.stats.runMisses++;
    }
    state.runs.set(key, deflated);
    while (state.runs.size > RUNS_KEPT) state.runs.delete(state.runs.keys().next().value!);
    return { deflated, length: program.length };
  }

  /** The zlib-compressed CFF of `gids`, from kept runs where possible. */
  #cffProgram(gids: readonly number[]): Uint8Array {
    const { state } = this;
    const charStrings = gids.map((gid) => {
      let flat = state.flat.get(gid);
      if (!flat) {
        const raw = state.font['CFF ']!.getCharString(gid);
        flat = flattenGlyph(state.cff!, gid, raw);
        state.flat.set(gid, flat);
      }
      return flat;
    });
    const head = subsetHead(state.cff!, gids, charStrings);
    const parts: Uint8Array[] = [new Uint8Array([0x78, 0x9c]), deflateRun(head)];
    let from = 0;
    for (let i = 0; i < gids.length; i++) {
      if (i + 1 < gids.length && !cutAfter(gids[i]!)) continue;
      const key = gids.slice(from, i + 1).join(',');
      let run = state.runs.get(key);
      if (run) {
        state.runs.delete(key);
        state.stats.runHits++;
      } else {
        run = deflateRun(concatBytes(charStrings.slice(from, i + 1)));
        state.stats.runMisses++;
      }
      state.runs.set(key, run);
      parts.push(run);
      from = i + 1;
    }
    while (state.runs.size > RUNS_KEPT) state.runs.delete(state.runs.keys().next().value!);
    let adler = adler32(1, head);
    for (const c of charStrings) adler = adler32(adler, c);
    parts.push(new Uint8Array([3, 0, adler >>> 24, (adler >>> 16) & 255, (adler >>> 8) & 255, adler & 255]));
    return concatBytes(parts);
  }
}

const PROGRAMS_KEPT = 4;

/** `make()`'s value kept under `key` (most recently used last, a few per face). */
function kept<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value !== undefined) map.delete(key);
  else value = make();
  map.set(key, value);
  while (map.size > PROGRAMS_KEPT) map.delete(map.keys().next().value!);
  return value;
}

/**
 * Raw deflate of `data` ending on a byte boundary with an empty stored block (a zlib full flush):
 * independent of what precedes it, so runs can be concatenated. fflate's own sync flush writes a
 * wrong stored-block header once its pending bit count passes 8, so the block is written here from
 * its pending bits (`s.r`: low 3 bits = bits used, the rest = the partial byte); tested by inflating.
 */
export function deflateRun(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  const d = new Deflate({ level: 6, mem: 4 }, (chunk) => parts.push(chunk.slice()));
  d.push(data, false);
  d.flush(false);
  const r = (d as unknown as { s: { r?: number } }).s.r ?? 0;
  const boundary = Math.ceil(((r & 7) + 3) / 8);
  const tail = new Uint8Array(boundary + 4);
  tail[0] = r >> 3;
  tail[boundary + 2] = 0xff;
  tail[boundary + 3] = 0xff;
  parts.push(tail);
  return concatBytes(parts);
}

function adler32(adler: number, data: Uint8Array): number {
  let a = adler & 0xffff;
  let b = adler >>> 16;
  let i = 0;
  while (i < data.length) {
    const end = Math.min(data.length, i + 3800);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Six capital letters from the glyph list (FNV-1a): the same subset always gets the same tag. */
function subsetTag(gids: readonly number[]): string {
  let h = 0x811c9dc5;
  for (const g of gids) {
    h = Math.imul(h ^ (g & 255), 16777619);
    h = Math.imul(h ^ (g >>> 8), 16777619);
  }
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + ((h >>> 0) % 26));
    h = Math.floor((h >>> 0) / 26) ^ Math.imul(h, 31);
  }
  return tag;
}

/** DW (the commonest width) and W for the other glyphs, as runs of consecutive CIDs. */
function widthArray(gids: readonly number[], widths: ReadonlyMap<number, number>, notdef: number): { dw: number; w: unknown[] } {
  const all = gids.map((g) => (g === 0 ? notdef : (widths.get(g) ?? 0)));
  const count = new Map<number, number>();
  for (const w of all) count.set(w, (count.get(w) ?? 0) + 1);
  let dw = 1000;
  let best = -1;
  for (const [w, n] of count) if (n > best || (n === best && w < dw)) [dw, best] = [w, n];
  const w: unknown[] = [];
  let run: number[] | null = null;
  let prev = -2;
  gids.forEach((gid, i) => {
    const width = all[i]!;
    if (width === dw) return;
    if (run && gid === prev + 1) run.push(width);
    else {
      run = [width];
      w.push(gid, run);
    }
    prev = gid;
  });
  return { dw, w };
}

const hex4 = (n: number) => `0000${n.toString(16)}`.slice(-4);

/** ToUnicode CMap: each CID (glyph id) to the character it was first used for. */
function toUnicodeCmap(gids: readonly number[], used: ReadonlyMap<number, number>): string {
  const entries: string[] = [];
  for (const gid of gids) {
    const cp = used.get(gid);
    if (cp === undefined) continue;
    const u = cp > 0xffff ? `${hex4(0xd800 + ((cp - 0x10000) >> 10))}${hex4(0xdc00 + ((cp - 0x10000) & 0x3ff))}` : hex4(cp);
    entries.push(`<${hex4(gid)}> <${u}>`);
  }
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    blocks.push(`${part.length} beginbfchar\n${part.join('\n')}\nendbfchar`);
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo <<
  /Registry (Adobe)
  /Ordering (UCS)
  /Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000><ffff>
endcodespacerange
${blocks.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;
}
