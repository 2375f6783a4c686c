// A font file read in part: every table except the glyph outlines, and each glyph's outline only
// when a glyph object is first asked for. A CJK font is 7–30 MB and nearly all of it is outlines
// (CFF charstrings or the glyf table); a briefing uses one or two thousand of its 30–65 thousand
// glyphs, so a cold export reads a few MB instead of ~80. The bytes land at their own offsets in
// a zero-filled buffer the size of the file, so fontkit parses it exactly as the whole file and
// every byte it reads has been read from disk first (output is byte-identical; tested).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A font file was replaced or changed on disk after it was opened (a font update while the app
 * runs): its outlines can no longer be read from it. The engine drops its parsed fonts and the job
 * runs again (`renewFonts`, render-worker/jobs.ts).
 */
export class FontFileChangedError extends Error {
  readonly code = 'FONT_FILE_CHANGED';
  constructor(readonly path: string) {
    super(`font file changed on disk while in use: ${path}`);
    this.name = 'FontFileChangedError';
  }
}

/** The identity of a file's contents as far as the file system tells: changed ⇒ different. */
function stampOf(fd: number): string {
  const s = fstatSync(fd);
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;
}

function readFully(fd: number, buffer: Uint8Array, start: number, end: number): void {
  let at = start;
  while (at < end) {
    const n = readSync(fd, buffer, at, end - at, at);
    if (n <= 0) throw new Error(`font file ended early at byte ${at}`);
    at += n;
  }
}

/** A file partly in memory: `buffer` for fontkit, `ensureGlyph` before a glyph's outline is read. */
export interface SparseFontFile {
  readonly buffer: Buffer;
  /** Reads glyph `gid`'s outline bytes if not yet read (no-op for ids outside the font). */
  ensureGlyph(gid: number): void;
  /**
   * A CFF font's charstring of glyph `gid` — the bytes fontkit's `getCharString` returns, read
   * from the INDEX without decoding fontkit's CFF table (~65,000 objects for a CJK font); null
   * for a TrueType font or an id outside the font.
   */
  charString(gid: number): Uint8Array | null;
  /** Bytes read from disk so far (for the benchmark). */
  bytesRead(): number;
}

/** Files below this size are read whole: the saving would not pay for the extra reads. */
const SPARSE_MIN_BYTES = 2 * 1024 * 1024;
/** Two regular tables closer than this are read with one call. */
const MERGE_GAP = 256 * 1024;

/**
 * Opens `path` sparsely, or returns null when the file is not a plain TrueType/OpenType font with
 * a `CFF ` or `glyf` table (collections, WOFF, CFF2, small files): the caller reads it whole.
 */
export function openSparseFont(path: string): SparseFontFile | null {
  const fd = openSync(path, 'r');
  let keep = false;
  try {
    const stamp = stampOf(fd);
    const size = fstatSync(fd).size;
    if (size < SPARSE_MIN_BYTES) return null;
    const head = Buffer.alloc(12);
    readFully(fd, head, 0, 12);
    const tag = head.readUInt32BE(0);
    if (tag !== 0x00010000 && tag !== 0x4f54544f && tag !== 0x74727565) return null;
    const numTables = head.readUInt16BE(4);
    const directoryEnd = 12 + numTables * 16;
    if (directoryEnd > size) return null;
    // Zero-filled: untouched pages of a large allocation cost nothing until written.
    const buffer = Buffer.alloc(size);
    let read = 0;
    const readRange = (start: number, end: number): void => {
      if (start < 0 || end > size || start > end) throw new Error(`font table outside the file: ${start}–${end} of ${size}`);
      readFully(fd, buffer, start, end);
      read += end - start;
    };
    readRange(0, directoryEnd);
    const tables = new Map<string, { offset: number; length: number }>();
    for (let i = 0; i < numTables; i++) {
      const at = 12 + i * 16;
      tables.set(buffer.toString('latin1', at, at + 4), { offset: buffer.readUInt32BE(at + 8), length: buffer.readUInt32BE(at + 12) });
    }
    const cff = tables.get('CFF ');
    const glyf = tables.get('glyf');
    if (tables.has('CFF2') || (cff === undefined) === (glyf === undefined)) return null;
    for (const t of tables.values()) if (t.offset + t.length > size) return null;

    // Every table but the outlines, in as few reads as the layout of the file allows.
    const ranges = [...tables.entries()]
      .filter(([name]) => name !== 'CFF ' && name !== 'glyf')
      .map(([, t]) => [t.offset, t.offset + t.length] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] - last[1] <= MERGE_GAP) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    for (const [s, e] of merged) readRange(s, e);

    let glyphRange: (gid: number) => [number, number] | null;
    if (cff) {
      const outlines = cffCharStrings(cff.offset, cff.length, readRange, buffer);
      if (!outlines) return null;
      glyphRange = outlines;
    } else {
      const outlines = glyfRanges(glyf!.offset, glyf!.length, tables, buffer);
      if (!outlines) return null;
      glyphRange = outlines;
    }

    // Outline reads come later (layout, subsetting); the file is reopened for a burst of reads
    // and closed at the next turn of the event loop, and refused if it changed meanwhile.
    closeSync(fd);
    keep = true;
    let burst: number | undefined;
    const withFile = (fn: (file: number) => void): void => {
      if (burst === undefined) {
        const file = openSync(path, 'r');
        if (stampOf(file) !== stamp) {
          closeSync(file);
          throw new FontFileChangedError(path);
        }
        burst = file;
        setImmediate(() => {
          if (burst !== undefined) closeSync(burst);
          burst = undefined;
        }).unref();
      }
      fn(burst);
    };
    const done = new Set<number>();
    return {
      buffer,
      ensureGlyph(gid) {
        if (done.has(gid)) return;
        done.add(gid);
        const range = glyphRange(gid);
        if (!range || range[1] <= range[0]) return;
        withFile((file) => {
          readFully(file, buffer, range[0], range[1]);
          read += range[1] - range[0];
        });
      },
      charString(gid) {
        if (!cff) return null;
        const range = glyphRange(gid);
        if (!range) return null;
        this.ensureGlyph(gid);
        return buffer.subarray(range[0], range[1]);
      },
      bytesRead: () => read,
    };
  } finally {
    if (!keep) closeSync(fd);
  }
}

/** Reads a CFF INDEX header at `at`: count, offset size, where its offsets and data start. */
function indexAt(buffer: Buffer, at: number): { count: number; offSize: number; offsets: number; data: number; end: number } {
  const count = buffer.readUInt16BE(at);
  if (count === 0) return { count, offSize: 0, offsets: at + 2, data: at + 2, end: at + 2 };
  const offSize = buffer[at + 2]!;
  if (offSize < 1 || offSize > 4) throw new Error('bad CFF INDEX offset size');
  const offsets = at + 3;
  const data = offsets + (count + 1) * offSize - 1;
  return { count, offSize, offsets, data, end: data + readOffset(buffer, offsets + count * offSize, offSize) };
}

function readOffset(buffer: Buffer, at: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + buffer[at + i]!;
  return v;
}

/** The CharStrings offset (operator 17) in a Top DICT's bytes, or undefined. */
function charStringsOffset(buffer: Buffer, start: number, end: number): number | undefined {
  const operands: number[] = [];
  let at = start;
  while (at < end) {
    const b0 = buffer[at]!;
    if (b0 <= 21) {
      const op = b0 === 12 ? 1200 + buffer[at + 1]! : b0;
      at += b0 === 12 ? 2 : 1;
      if (op === 17) return operands[operands.length - 1];
      operands.length = 0;
    } else if (b0 === 28) {
      operands.push(buffer.readInt16BE(at + 1));
      at += 3;
    } else if (b0 === 29) {
      operands.push(buffer.readInt32BE(at + 1));
      at += 5;
    } else if (b0 === 30) {
      // A real number: nibbles until one is 0xf.
      at++;
      while (at < end && (buffer[at]! & 0x0f) !== 0x0f && (buffer[at]! >> 4) !== 0x0f) at++;
      at++;
      operands.push(0);
    } else if (b0 >= 32 && b0 <= 246) {
      operands.push(b0 - 139);
      at++;
    } else if (b0 >= 247 && b0 <= 250) {
      operands.push((b0 - 247) * 256 + buffer[at + 1]! + 108);
      at += 2;
    } else if (b0 >= 251 && b0 <= 254) {
      operands.push(-(b0 - 251) * 256 - buffer[at + 1]! - 108);
      at += 2;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Reads a CFF table except its CharStrings data (the outlines), and returns where each glyph's
 * charstring lies; null when the table does not look as expected (then the file is read whole).
 */
function cffCharStrings(
  start: number,
  length: number,
  readRange: (s: number, e: number) => void,
  buffer: Buffer,
): ((gid: number) => [number, number] | null) | null {
  const end = start + length;
  // Header, Name INDEX and Top DICT INDEX sit at the start and are small.
  const headEnd = Math.min(end, start + 64 * 1024);
  readRange(start, headEnd);
  const names = indexAt(buffer, start + buffer[start + 2]!);
  const top = indexAt(buffer, names.end);
  if (top.count !== 1 || top.end > headEnd) return null;
  const dictStart = top.data + readOffset(buffer, top.offsets, top.offSize);
  const dictEnd = top.data + readOffset(buffer, top.offsets + top.offSize, top.offSize);
  const relative = charStringsOffset(buffer, dictStart, dictEnd);
  if (relative === undefined || relative <= 0 || start + relative + 3 > end) return null;
  const csAt = start + relative;
  readRange(csAt, Math.min(end, csAt + 3));
  const count = buffer.readUInt16BE(csAt);
  const offSize = buffer[csAt + 2]!;
  if (count === 0 || offSize < 1 || offSize > 4) return null;
  const offsetsEnd = csAt + 3 + (count + 1) * offSize;
  if (offsetsEnd > end) return null;
  readRange(csAt + 3, offsetsEnd);
  const dataBase = offsetsEnd - 1;
  const dataEnd = dataBase + readOffset(buffer, csAt + 3 + count * offSize, offSize);
  if (dataEnd > end) return null;
  // The rest of the table (global and local subroutines, charset, FDArray, FDSelect, private
  // DICTs), on both sides of the charstrings.
  if (headEnd < csAt) readRange(headEnd, csAt);
  if (dataEnd < end) readRange(dataEnd, end);
  return (gid) => {
    if (!Number.isInteger(gid) || gid < 0 || gid >= count) return null;
    const from = dataBase + readOffset(buffer, csAt + 3 + gid * offSize, offSize);
    const to = dataBase + readOffset(buffer, csAt + 3 + (gid + 1) * offSize, offSize);
    return from >= offsetsEnd && to <= dataEnd && to >= from ? [from, to] : null;
  };
}

/**
 * Where each glyph of a TrueType `glyf` table lies (from `loca`, already read); null without
 * `head` or `loca`. A composite's components are glyphs of their own: fontkit asks for each.
 */
function glyfRanges(
  start: number,
  length: number,
  tables: ReadonlyMap<string, { offset: number; length: number }>,
  buffer: Buffer,
): ((gid: number) => [number, number] | null) | null {
  const head = tables.get('head');
  const loca = tables.get('loca');
  if (!head || !loca || head.length < 54) return null;
  const long = buffer.readInt16BE(head.offset + 50) === 1;
  const entries = Math.floor(loca.length / (long ? 4 : 2));
  const at = (i: number) => (long ? buffer.readUInt32BE(loca.offset + i * 4) : buffer.readUInt16BE(loca.offset + i * 2) * 2);
  return (gid) => {
    if (!Number.isInteger(gid) || gid < 0 || gid + 1 >= entries) return null;
    const from = start + at(gid);
    const to = start + at(gid + 1);
    return to <= start + length && to >= from ? [from, to] : null;
  };
}
