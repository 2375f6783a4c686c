// The font metrics cache: per font file, its character map (code point → glyph id) and every
// glyph's advance width (and the ink boxes of the dashes layout stretches), built once from the parsed file and kept on disk, so that laying out a
// briefing needs no font parsed at all — the file is read (in part, sparse.ts) only when the PDF
// writer embeds it. A cache is tied to its file by path (the cache file's name), size and
// modification time (its header); anything that does not match, or does not read back whole, is
// rebuilt. Its answers are those of fontkit on the same file (tested), so the output is the same
// with or without it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Font } from 'fontkit';
import { writeFileAtomic } from '../fs/atomic-file';

/** What layout asks a face: does it map a code point, and how wide is the glyph it draws. */
export interface FontMetrics {
  readonly unitsPerEm: number;
  /** The glyph id fontkit's cmap lookup gives (0 when unmapped: .notdef). */
  glyphId(codePoint: number): number;
  /** The advance width of a glyph, in font units (as fontkit's `glyph.advanceWidth`). */
  advance(glyphId: number): number;
  /** The ink box (font units, fontkit's `glyph.bbox`) of a code point in `INK_CODE_POINTS`; else undefined. */
  ink(codePoint: number): Box | undefined;
}

/** A glyph's ink box in font units. */
export interface Box {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/**
 * The code points whose ink boxes layout asks for on every render (the 一字线 and 破折号 stretched
 * to their cell): kept in the cache, so a layout never runs a CFF charstring for them.
 */
export const INK_CODE_POINTS: readonly number[] = [0x2014, 0x2015];

const MAGIC = 0x4d465342; // 'BSFM' little-endian
const VERSION = 2;
const HEADER_BYTES = 40;
const INK_BYTES = 4 + 4 * 8;

/** The user's cache folder for BriefSmith ($XDG_CACHE_HOME, %LOCALAPPDATA% or ~/.cache, then /briefsmith). */
export function userCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : undefined) || join(homedir() || tmpdir(), '.cache');
  return join(base, 'briefsmith');
}

/** The metrics of a parsed font as fontkit gives them; null for fonts whose advances vary (variable fonts). */
export function metricsOf(font: Font): { unitsPerEm: number; codePoints: Uint32Array; glyphIds: Uint32Array; advances: Uint16Array; ink: Map<number, Box> } | null {
  const f = font as unknown as {
    characterSet: number[];
    _cmapProcessor: { lookup(codePoint: number): number };
    hmtx: { metrics: { length: number; get(i: number): { advance: number } | undefined } };
    directory: { tables: Record<string, unknown> };
  };
  const tables = f.directory.tables;
  if (tables.fvar || tables.HVAR || tables.gvar || tables.CFF2) return null;
  const codePoints = Uint32Array.from(new Set(f.characterSet)).sort();
  const glyphIds = new Uint32Array(codePoints.length);
  for (let i = 0; i < codePoints.length; i++) glyphIds[i] = f._cmapProcessor.lookup(codePoints[i]!) || 0;
  // fontkit's _getTableMetrics: glyphs past the last long metric take its advance.
  const metrics = f.hmtx.metrics;
  const advances = new Uint16Array(font.numGlyphs);
  const last = metrics.length > 0 ? (metrics.get(metrics.length - 1)?.advance ?? 0) : 0;
  for (let gid = 0; gid < advances.length; gid++) advances[gid] = gid < metrics.length ? (metrics.get(gid)?.advance ?? 0) : last;
  const ink = new Map<number, Box>();
  for (const cp of INK_CODE_POINTS) {
    const box = font.glyphForCodePoint(cp).bbox;
    ink.set(cp, { minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY });
  }
  return { unitsPerEm: font.unitsPerEm, codePoints, glyphIds, advances, ink };
}

function toMetrics(unitsPerEm: number, codePoints: Uint32Array, glyphIds: Uint32Array, advances: Uint16Array, ink: ReadonlyMap<number, Box>): FontMetrics {
  return {
    unitsPerEm,
    ink: (codePoint) => ink.get(codePoint),
    glyphId(codePoint) {
      let lo = 0;
      let hi = codePoints.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = codePoints[mid]!;
        if (v === codePoint) return glyphIds[mid]!;
        if (v < codePoint) lo = mid + 1;
        else hi = mid - 1;
      }
      return 0;
    },
    advance: (glyphId) => (glyphId >= 0 && glyphId < advances.length ? advances[glyphId]! : 0),
  };
}

/** Reads a cache file; null when it is missing, damaged or made for another state of the font file. */
function readCache(file: string, size: number, mtimeMs: number): FontMetrics | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== VERSION) return null;
  if (bytes.readDoubleLE(8) !== size || bytes.readDoubleLE(16) !== mtimeMs) return null;
  const unitsPerEm = bytes.readUInt32LE(24);
  const count = bytes.readUInt32LE(28);
  const glyphs = bytes.readUInt32LE(32);
  const inks = bytes.readUInt32LE(36);
  const inkAt = HEADER_BYTES + count * 8 + glyphs * 2;
  if (bytes.length !== inkAt + inks * INK_BYTES || !(unitsPerEm > 0)) return null;
  // Copies, so the arrays are aligned whatever the Buffer's offset in its pool.
  const body = new Uint8Array(bytes.subarray(HEADER_BYTES));
  const codePoints = new Uint32Array(body.buffer, 0, count);
  const glyphIds = new Uint32Array(body.buffer, count * 4, count);
  const advances = new Uint16Array(body.buffer, count * 8, glyphs);
  for (let i = 1; i < count; i++) if (codePoints[i - 1]! >= codePoints[i]!) return null;
  const ink = new Map<number, Box>();
  for (let i = 0; i < inks; i++) {
    const at = inkAt + i * INK_BYTES;
    ink.set(bytes.readUInt32LE(at), { minX: bytes.readDoubleLE(at + 4), minY: bytes.readDoubleLE(at + 12), maxX: bytes.readDoubleLE(at + 20), maxY: bytes.readDoubleLE(at + 28) });
  }
  if (INK_CODE_POINTS.some((cp) => !ink.has(cp))) return null;
  return toMetrics(unitsPerEm, codePoints, glyphIds, advances, ink);
}

function writeCache(file: string, size: number, mtimeMs: number, m: NonNullable<ReturnType<typeof metricsOf>>): void {
  const inkAt = HEADER_BYTES + m.codePoints.length * 8 + m.advances.length * 2;
  const out = Buffer.alloc(inkAt + m.ink.size * INK_BYTES);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(VERSION, 4);
  out.writeDoubleLE(size, 8);
  out.writeDoubleLE(mtimeMs, 16);
  out.writeUInt32LE(m.unitsPerEm, 24);
  out.writeUInt32LE(m.codePoints.length, 28);
  out.writeUInt32LE(m.advances.length, 32);
  out.writeUInt32LE(m.ink.size, 36);
  let at = inkAt;
  for (const [cp, box] of m.ink) {
    out.writeUInt32LE(cp, at);
    out.writeDoubleLE(box.minX, at + 4);
    out.writeDoubleLE(box.minY, at + 12);
    out.writeDoubleLE(box.maxX, at + 20);
    out.writeDoubleLE(box.maxY, at + 28);
    at += INK_BYTES;
  }
  Buffer.from(m.codePoints.buffer, m.codePoints.byteOffset, m.codePoints.byteLength).copy(out, HEADER_BYTES);
  Buffer.from(m.glyphIds.buffer, m.glyphIds.byteOffset, m.glyphIds.byteLength).copy(out, HEADER_BYTES + m.codePoints.length * 4);
  Buffer.from(m.advances.buffer, m.advances.byteOffset, m.advances.byteLength).copy(out, HEADER_BYTES + m.codePoints.length * 8);
  // Through the one atomic writer; a cache that cannot be written is only slower next time.
  writeFileAtomic(file, out);
}

/** The cache's folder of font metrics under a cache directory. */
const fontsFolder = (cacheDir: string) => join(cacheDir, 'font-metrics');

/**
 * The metrics of the font file at `path` (its face `postscriptName`): from the cache when it
 * matches the file, else from `parse()` (then written for next time). Null when the file cannot
 * be read or its metrics are not cacheable; the caller then asks the parsed font itself. Writing
 * is best effort: a read-only cache folder only costs the next run the same work again.
 */
export function fontMetrics(cacheDir: string, path: string, postscriptName: string, parse: () => Font): FontMetrics | null {
  let size: number;
  let mtimeMs: number;
  try {
    const s = statSync(path);
    size = s.size;
    mtimeMs = s.mtimeMs;
  } catch {
    return null;
  }
  const name = createHash('sha256').update(`${resolve(path)}\0${postscriptName}`).digest('hex').slice(0, 40);
  const file = join(fontsFolder(cacheDir), `${name}.bin`);
  const cached = readCache(file, size, mtimeMs);
  if (cached) return cached;
  const built = metricsOf(parse());
  if (!built) return null;
  try {
    mkdirSync(fontsFolder(cacheDir), { recursive: true });
    writeCache(file, size, mtimeMs, built);
  } catch {
    // best effort (see above)
  }
  return toMetrics(built.unitsPerEm, built.codePoints, built.glyphIds, built.advances, built.ink);
}
