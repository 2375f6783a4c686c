// CID-keyed CFF subsets whose CIDs are the source font's glyph ids, with the subroutines inlined.
//
// Why not fontkit's subsetter: it keeps every subroutine slot (Noto CJK has ~50 000, each left as a
// one-byte `return` plus its INDEX offset), so a subset of a dozen glyphs still weighs 50–90 KB, and
// it renumbers glyphs in order of first use, so one new character early in a document changes every
// later glyph code and every page. Here each glyph's charstring is flattened once (callsubr and
// callgsubr replaced by the routine's body) and kept; a subset is its glyphs in glyph-id order with
// their ids as CIDs (the charset maps them), so a glyph's code in the content streams is its glyph id
// whatever else the document uses, and the font program is a function of the set of glyphs alone.
//
// Only what a CJK/Latin OpenType-CFF face needs is handled; anything else (CFF2, seac accents,
// arithmetic operators, a non-default FontMatrix) makes `parseCff` / `flattenGlyph` return null and
// the writer keeps pdfkit's own embedding for that face.

/** A CFF INDEX in the source bytes: item i is bytes [start(i), end(i)). */
interface Index {
  readonly count: number;
  /** Byte offset just past the INDEX. */
  readonly end: number;
  start(i: number): number;
  itemEnd(i: number): number;
}

function readIndex(b: Uint8Array, at: number): Index {
  const count = (b[at]! << 8) | b[at + 1]!;
  if (count === 0) return { count: 0, end: at + 2, start: () => 0, itemEnd: () => 0 };
  const offSize = b[at + 2]!;
  if (offSize < 1 || offSize > 4) throw new CffUnsupported('bad INDEX offset size');
  const offsets = at + 3;
  const base = offsets + (count + 1) * offSize - 1;
  const off = (i: number) => {
    let v = 0;
    for (let k = 0; k < offSize; k++) v = v * 256 + b[offsets + i * offSize + k]!;
    return v;
  };
  return { count, end: base + off(count), start: (i) => base + off(i), itemEnd: (i) => base + off(i + 1) };
}

/** One DICT entry: its operator (12 x as 1200 + x), numeric operands and its raw bytes. */
interface DictEntry {
  readonly op: number;
  readonly operands: number[];
  readonly raw: Uint8Array;
}

const REAL_NIBBLES = '0123456789.EE?-';

function parseDict(b: Uint8Array, from: number, to: number): DictEntry[] {
  const entries: DictEntry[] = [];
  let operands: number[] = [];
  let entryStart = from;
  let p = from;
  while (p < to) {
    const b0 = b[p]!;
    if (b0 <= 21) {
      let op = b0;
      p++;
      if (b0 === 12) op = 1200 + b[p++]!;
      entries.push({ op, operands, raw: b.subarray(entryStart, p) });
      operands = [];
      entryStart = p;
    } else if (b0 === 28) {
      operands.push(((b[p + 1]! << 24) | (b[p + 2]! << 16)) >> 16);
      p += 3;
    } else if (b0 === 29) {
      operands.push((b[p + 1]! << 24) | (b[p + 2]! << 16) | (b[p + 3]! << 8) | b[p + 4]!);
      p += 5;
    } else if (b0 === 30) {
      let s = '';
      p++;
      for (;;) {
        const byte = b[p++]!;
        const hi = byte >> 4;
        const lo = byte & 15;
        if (hi === 15) break;
        s += hi === 12 ? 'E-' : REAL_NIBBLES[hi];
        if (lo === 15) break;
        s += lo === 12 ? 'E-' : REAL_NIBBLES[lo];
      }
      operands.push(Number(s));
    } else if (b0 >= 32 && b0 <= 246) {
      operands.push(b0 - 139);
      p++;
    } else if (b0 >= 247 && b0 <= 250) {
      operands.push((b0 - 247) * 256 + b[p + 1]! + 108);
      p += 2;
    } else if (b0 >= 251 && b0 <= 254) {
      operands.push(-(b0 - 251) * 256 - b[p + 1]! - 108);
      p += 2;
    } else {
      throw new CffUnsupported(`bad DICT byte ${b0}`);
    }
  }
  return entries;
}

/** Raised for CFF data this module does not handle; the caller falls back to pdfkit's subsetter. */
export class CffUnsupported extends Error {}

/** One font DICT of the source (a CID font's FDArray entry, or the Top DICT's Private for a name-keyed font). */
interface SourceFd {
  /** The Private DICT's entries except Subrs, as raw bytes. */
  readonly privateDict: Uint8Array;
  readonly subrs: Index | null;
}

/** A parsed source CFF table: what subsetting needs. */
export interface CffSource {
  readonly bytes: Uint8Array;
  readonly name: Uint8Array;
  readonly fontBBox: Uint8Array | null;
  readonly gsubrs: Index;
  readonly fds: readonly SourceFd[];
  fdOf(gid: number): number;
  readonly glyphCount: number;
}

const OP_CHARSTRINGS = 17;
const OP_PRIVATE = 18;
const OP_SUBRS = 19;
const OP_ROS = 1230;
const OP_FDARRAY = 1236;
const OP_FDSELECT = 1237;
const OP_FONTMATRIX = 1207;
const OP_FONTBBOX = 5;
const OP_CHARSTRINGTYPE = 1206;

function entry(entries: readonly DictEntry[], op: number): DictEntry | undefined {
  return entries.find((e) => e.op === op);
}

function readFd(b: Uint8Array, privateEntry: DictEntry | undefined): SourceFd {
  if (!privateEntry || privateEntry.operands.length < 2) return { privateDict: new Uint8Array(0), subrs: null };
  const [size, offset] = privateEntry.operands as [number, number];
  const entries = parseDict(b, offset, offset + size);
  const kept = entries.filter((e) => e.op !== OP_SUBRS);
  const subrsEntry = entry(entries, OP_SUBRS);
  return {
    privateDict: concatBytes(kept.map((e) => e.raw)),
    subrs: subrsEntry ? readIndex(b, offset + subrsEntry.operands[0]!) : null,
  };
}

/** Parses a 'CFF ' table (its bytes from the table's start); throws CffUnsupported for what is not handled. */
export function parseCff(bytes: Uint8Array): CffSource {
  const b = bytes;
  if (b[0] !== 1) throw new CffUnsupported('not CFF version 1');
  const names = readIndex(b, b[2]!);
  const tops = readIndex(b, names.end);
  const strings = readIndex(b, tops.end);
  const gsubrs = readIndex(b, strings.end);
  if (names.count < 1 || tops.count < 1) throw new CffUnsupported('empty CFF');
  const top = parseDict(b, tops.start(0), tops.itemEnd(0));
  const matrix = entry(top, OP_FONTMATRIX);
  if (matrix && !isDefaultMatrix(matrix.operands)) throw new CffUnsupported('non-default FontMatrix');
  const csType = entry(top, OP_CHARSTRINGTYPE);
  if (csType && csType.operands[0] !== 2) throw new CffUnsupported('not Type 2 charstrings');
  const charStrings = entry(top, OP_CHARSTRINGS);
  if (!charStrings) throw new CffUnsupported('no CharStrings');
  const glyphCount = readIndex(b, charStrings.operands[0]!).count;
  const bbox = entry(top, OP_FONTBBOX);
  let fds: SourceFd[];
  let fdOf: (gid: number) => number;
  if (entry(top, OP_ROS)) {
    const fdArray = entry(top, OP_FDARRAY);
    const fdSelect = entry(top, OP_FDSELECT);
    if (!fdArray || !fdSelect) throw new CffUnsupported('CID font without FDArray/FDSelect');
    const fdIndex = readIndex(b, fdArray.operands[0]!);
    fds = [];
    for (let i = 0; i < fdIndex.count; i++) {
      const fontDict = parseDict(b, fdIndex.start(i), fdIndex.itemEnd(i));
      const fdMatrix = entry(fontDict, OP_FONTMATRIX);
      if (fdMatrix && !isDefaultMatrix(fdMatrix.operands)) throw new CffUnsupported('non-default FD FontMatrix');
      fds.push(readFd(b, entry(fontDict, OP_PRIVATE)));
    }
    fdOf = fdSelector(b, fdSelect.operands[0]!, glyphCount);
  } else {
    fds = [readFd(b, entry(top, OP_PRIVATE))];
    fdOf = () => 0;
  }
  return { bytes: b, name: b.subarray(names.start(0), names.itemEnd(0)), fontBBox: bbox ? bbox.raw : null, gsubrs, fds, fdOf, glyphCount };
}

function isDefaultMatrix(m: readonly number[]): boolean {
  const d = [0.001, 0, 0, 0.001, 0, 0];
  return m.length === 6 && m.every((v, i) => Math.abs(v - d[i]!) < 1e-9);
}

function fdSelector(b: Uint8Array, at: number, glyphCount: number): (gid: number) => number {
  const format = b[at]!;
  if (format === 0) return (gid) => b[at + 1 + gid]!;
  if (format === 3) {
    const n = (b[at + 1]! << 8) | b[at + 2]!;
    const firsts: number[] = [];
    const fdsOf: number[] = [];
    for (let i = 0; i < n; i++) {
      firsts.push((b[at + 3 + i * 3]! << 8) | b[at + 4 + i * 3]!);
      fdsOf.push(b[at + 5 + i * 3]!);
    }
    return (gid) => {
      if (gid >= glyphCount) return 0;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (firsts[mid]! <= gid) lo = mid;
        else hi = mid - 1;
      }
      return fdsOf[lo]!;
    };
  }
  throw new CffUnsupported(`FDSelect format ${format}`);
}

function bias(count: number): number {
  return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

/**
 * A glyph's Type 2 charstring with every subroutine call replaced by the routine's body. `charString`
 * is the glyph's own bytes (read by the caller, so a font read in part fetches them first).
 */
export function flattenGlyph(cff: CffSource, gid: number, charString: Uint8Array): Uint8Array {
  const fd = cff.fds[cff.fdOf(gid)];
  if (!fd) throw new CffUnsupported('glyph without a font DICT');
  const out = new ByteSink(charString.length * 2);
  // Operand stack: values and where each operand's bytes start in `out`.
  const values: number[] = [];
  const starts: number[] = [];
  let stems = 0;
  let done = false;
  const b = cff.bytes;
  const run = (src: Uint8Array, from: number, to: number, depth: number): void => {
    if (depth > 10) throw new CffUnsupported('subroutines nested too deep');
    let p = from;
    while (p < to && !done) {
      const b0 = src[p]!;
      if (b0 >= 32 || b0 === 28) {
        const start = out.length;
        let len: number;
        let v: number;
        if (b0 === 28) {
          v = ((src[p + 1]! << 24) | (src[p + 2]! << 16)) >> 16;
          len = 3;
        } else if (b0 <= 246) {
          v = b0 - 139;
          len = 1;
        } else if (b0 <= 250) {
          v = (b0 - 247) * 256 + src[p + 1]! + 108;
          len = 2;
        } else if (b0 <= 254) {
          v = -(b0 - 251) * 256 - src[p + 1]! - 108;
          len = 2;
        } else {
          v = ((src[p + 1]! << 24) | (src[p + 2]! << 16) | (src[p + 3]! << 8) | src[p + 4]!) / 65536;
          len = 5;
        }
        out.push(src, p, p + len);
        values.push(v);
        starts.push(start);
        p += len;
        continue;
      }
      p++;
      switch (b0) {
        case 10: // callsubr
        case 29: {
          // callgsubr
          const index = b0 === 10 ? fd.subrs : cff.gsubrs;
          if (!index || values.length === 0) throw new CffUnsupported('call without routines');
          const n = values.pop()! + bias(index.count);
          out.truncate(starts.pop()!);
          if (!Number.isInteger(n) || n < 0 || n >= index.count) throw new CffUnsupported('subroutine out of range');
          run(b, index.start(n), index.itemEnd(n), depth + 1);
          continue;
        }
        case 11: // return
          return;
        case 14: // endchar
          if (values.length >= 4) throw new CffUnsupported('seac-style endchar');
          out.pushByte(14);
          done = true;
          return;
        case 1: // hstem
        case 3: // vstem
        case 18: // hstemhm
        case 23: // vstemhm
          stems += values.length >> 1;
          out.pushByte(b0);
          break;
        case 19: // hintmask
        case 20: {
          // cntrmask
          stems += values.length >> 1;
          out.pushByte(b0);
          const bytes = (stems + 7) >> 3;
          out.push(src, p, p + bytes);
          p += bytes;
          break;
        }
        case 12: {
          const b1 = src[p++]!;
          // flex family only; arithmetic and storage operators are not handled.
          if (b1 < 34 || b1 > 37) throw new CffUnsupported(`escape operator 12 ${b1}`);
          out.pushByte(12);
          out.pushByte(b1);
          break;
        }
        default:
          out.pushByte(b0);
      }
      values.length = 0;
      starts.length = 0;
    }
  };
  run(charString, 0, charString.length, 0);
  return out.bytes();
}

/** A growable byte buffer. */
class ByteSink {
  #buf: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.#buf = new Uint8Array(Math.max(16, capacity));
  }
  #room(n: number): void {
    if (this.length + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.length + n));
    next.set(this.#buf.subarray(0, this.length));
    this.#buf = next;
  }
  push(src: Uint8Array, from: number, to: number): void {
    this.#room(to - from);
    this.#buf.set(src.subarray(from, to), this.length);
    this.length += to - from;
  }
  pushByte(v: number): void {
    this.#room(1);
    this.#buf[this.length++] = v;
  }
  truncate(length: number): void {
    this.length = length;
  }
  bytes(): Uint8Array {
    return this.#buf.slice(0, this.length);
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---- writing ----

const int29 = (v: number): number[] => [29, (v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

function op(code: number): number[] {
  return code >= 1200 ? [12, code - 1200] : [code];
}

function index(items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0) return new Uint8Array([0, 0]);
  let total = 1;
  for (const it of items) total += it.length;
  const offSize = total < 0x100 ? 1 : total < 0x10000 ? 2 : total < 0x1000000 ? 3 : 4;
  const head = new Uint8Array(3 + (items.length + 1) * offSize);
  head[0] = items.length >> 8;
  head[1] = items.length & 255;
  head[2] = offSize;
  let off = 1;
  for (let i = 0; i <= items.length; i++) {
    for (let k = 0; k < offSize; k++) head[3 + i * offSize + k] = (off >>> (8 * (offSize - 1 - k))) & 255;
    if (i < items.length) off += items[i]!.length;
  }
  return concatBytes([head, ...items]);
}

/** The header part of an INDEX (count, offset size, offsets) whose data follows separately. */
function indexHead(lengths: readonly number[]): Uint8Array {
  let total = 1;
  for (const l of lengths) total += l;
  const offSize = total < 0x100 ? 1 : total < 0x10000 ? 2 : total < 0x1000000 ? 3 : 4;
  const head = new Uint8Array(3 + (lengths.length + 1) * offSize);
  head[0] = lengths.length >> 8;
  head[1] = lengths.length & 255;
  head[2] = offSize;
  let off = 1;
  for (let i = 0; i <= lengths.length; i++) {
    for (let k = 0; k < offSize; k++) head[3 + i * offSize + k] = (off >>> (8 * (offSize - 1 - k))) & 255;
    if (i < lengths.length) off += lengths[i]!;
  }
  return head;
}

/**
 * The CFF of a subset, as a head (every table up to and including the CharStrings INDEX's offsets)
 * followed by the glyphs' charstrings in `gids` order. `gids` are ascending and start with 0
 * (.notdef); each glyph's CID is its gid in the source font.
 */
export function subsetHead(cff: CffSource, gids: readonly number[], charStrings: readonly Uint8Array[]): Uint8Array {
  const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const nameIndex = index([cff.name]);
  const stringIndex = index([ascii('Adobe'), ascii('Identity')]);
  const gsubrIndex = new Uint8Array([0, 0]);
  // charset format 0: the CID of every glyph after .notdef.
  const charset = new Uint8Array(1 + (gids.length - 1) * 2);
  for (let i = 1; i < gids.length; i++) {
    charset[1 + (i - 1) * 2] = gids[i]! >> 8;
    charset[2 + (i - 1) * 2] = gids[i]! & 255;
  }
  // Font DICTs used, in order of first use; FDSelect format 3 over runs.
  const fdMap = new Map<number, number>();
  const ranges: number[] = [];
  let last = -1;
  gids.forEach((gid, i) => {
    const source = cff.fdOf(gid);
    let fd = fdMap.get(source);
    if (fd === undefined) fdMap.set(source, (fd = fdMap.size));
    if (fd !== last) {
      ranges.push(i >> 8, i & 255, fd);
      last = fd;
    }
  });
  const nRanges = ranges.length / 3;
  const fdSelect = Uint8Array.from([3, nRanges >> 8, nRanges & 255, ...ranges, gids.length >> 8, gids.length & 255]);
  const privates = [...fdMap.keys()].map((source) => cff.fds[source]!.privateDict);
  const csHead = indexHead(charStrings.map((c) => c.length));
  const topDict = (charsetAt: number, fdSelectAt: number, charStringsAt: number, fdArrayAt: number) =>
    Uint8Array.from([
      ...int29(391),
      ...int29(392),
      139,
      ...op(OP_ROS),
      ...int29(gids[gids.length - 1]! + 1),
      ...op(1234),
      ...(cff.fontBBox ?? []),
      ...int29(charsetAt),
      ...op(15),
      ...int29(fdSelectAt),
      ...op(OP_FDSELECT),
      ...int29(charStringsAt),
      ...op(OP_CHARSTRINGS),
      ...int29(fdArrayAt),
      ...op(OP_FDARRAY),
    ]);
  const header = new Uint8Array([1, 0, 4, 4]);
  const topLength = index([topDict(0, 0, 0, 0)]).length;
  const charsetAt = header.length + nameIndex.length + topLength + stringIndex.length + gsubrIndex.length;
  const fdSelectAt = charsetAt + charset.length;
  const fdArrayAt = fdSelectAt + fdSelect.length;
  // FDArray: one font DICT per used FD, each pointing at its Private DICT placed after the FDArray.
  const fdDict = (size: number, offset: number) => Uint8Array.from([...int29(size), ...int29(offset), ...op(OP_PRIVATE)]);
  const fdArrayLength = index(privates.map(() => fdDict(0, 0))).length;
  let privateAt = fdArrayAt + fdArrayLength;
  const fdDicts: Uint8Array[] = [];
  for (const p of privates) {
    fdDicts.push(fdDict(p.length, privateAt));
    privateAt += p.length;
  }
  const charStringsAt = privateAt;
  const top = index([topDict(charsetAt, fdSelectAt, charStringsAt, fdArrayAt)]);
  return concatBytes([header, nameIndex, top, stringIndex, gsubrIndex, charset, fdSelect, index(fdDicts), ...privates, csHead]);
}
