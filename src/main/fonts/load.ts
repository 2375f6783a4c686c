import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import type { Font, FontCollection, Glyph } from 'fontkit';
import { embeddingFromFsType, type EmbeddingPermission, type FontFace, type FontOrigin } from '../../core/fonts';
import { fontMetrics, type FontMetrics } from './metrics-cache';
import { openSparseFont, type SparseFontFile } from './sparse';

/**
 * fontkit's CFF subsetter allocates a fresh one-byte `return` charstring for every unused
 * subroutine (Noto CJK has ~50 000 per font): that garbage dominates warm export time. This
 * replacement shares one buffer; the subset bytes are identical. Applied once, to fontkit's CFF
 * subset class (reached through a parsed font, since fontkit does not export it).
 */
const RETURN_OP = new Uint8Array([11]);
const patchedPrototypes = new WeakSet<object>();
function patchCffSubset(subset: object): void {
  const proto = Object.getPrototypeOf(subset) as { subsetSubrs?: unknown } | null;
  if (!proto || patchedPrototypes.has(proto) || typeof proto.subsetSubrs !== 'function') return;
  patchedPrototypes.add(proto);
  proto.subsetSubrs = function subsetSubrs(
    this: { cff: { stream: { pos: number; readBuffer(length: number): Uint8Array } } },
    subrs: readonly { offset: number; length: number }[],
    used: Record<number, boolean>,
  ): Uint8Array[] {
    const out = new Array<Uint8Array>(subrs.length);
    for (let i = 0; i < subrs.length; i++) {
      const subr = subrs[i]!;
      if (used[i]) {
        this.cff.stream.pos = subr.offset;
        out[i] = this.cff.stream.readBuffer(subr.length);
      } else {
        out[i] = RETURN_OP;
      }
    }
    return out;
  };
}

function isCollection(value: Font | FontCollection): value is FontCollection {
  return Array.isArray((value as FontCollection).fonts);
}

/**
 * Makes every way fontkit reaches a glyph's outline read it from disk first: a glyph object
 * (`getGlyph`, `_getBaseGlyph` — the cmap lookup, the subsetters and TrueType components all go
 * through them) and the CFF subsetter's raw `getCharString`. Glyph 0 (.notdef, which every subset
 * holds) is read at once.
 */
function readOutlinesOnDemand(font: Font, file: SparseFontFile): void {
  const target = font as unknown as {
    getGlyph(gid: number, chars?: number[]): unknown;
    _getBaseGlyph(gid: number, chars?: number[]): unknown;
    _decodeTable(table: { tag: string }): unknown;
  };
  const getGlyph = target.getGlyph;
  const getBaseGlyph = target._getBaseGlyph;
  target.getGlyph = function (gid, chars) {
    file.ensureGlyph(gid);
    return getGlyph.call(this, gid, chars);
  };
  target._getBaseGlyph = function (gid, chars) {
    file.ensureGlyph(gid);
    return getBaseGlyph.call(this, gid, chars);
  };
  // fontkit decodes a table on first access (`_getTable` → `_decodeTable`); the CFF table's
  // `getCharString` is wrapped then, so a font whose CFF table is never decoded pays nothing.
  const decodeTable = target._decodeTable;
  target._decodeTable = function (table) {
    if (table.tag === 'post') return postHeaderFirst(file.buffer, table as { tag: string; offset: number; length: number }, () => decodeTable.call(this, table) as object);
    const decoded = decodeTable.call(this, table);
    if (table.tag === 'CFF ' && decoded && typeof (decoded as { getCharString?: unknown }).getCharString === 'function') {
      const cff = decoded as { getCharString(gid: number): Uint8Array };
      const getCharString = cff.getCharString;
      cff.getCharString = function (gid) {
        file.ensureGlyph(gid);
        return getCharString.call(this, gid);
      };
    }
    return decoded;
  };
  sparseFiles.set(font, file);
  file.ensureGlyph(0);
}

/**
 * A `post` table whose fixed header (italic angle, underline, isFixedPitch…) is read from its first
 * 32 bytes as fontkit decodes them, and whose rest — a TrueType font's name of every glyph, ~30,000
 * strings that embedding never reads — is decoded by fontkit only when something asks for it.
 */
function postHeaderFirst(buffer: Buffer, table: { offset: number; length: number }, decode: () => object): object {
  if (table.length < 32) return decode();
  const at = table.offset;
  const header: Record<string, number> = {
    version: buffer.readInt32BE(at) / 65536,
    italicAngle: buffer.readInt32BE(at + 4) / 65536,
    underlinePosition: buffer.readInt16BE(at + 8),
    underlineThickness: buffer.readInt16BE(at + 10),
    isFixedPitch: buffer.readUInt32BE(at + 12),
    minMemType42: buffer.readUInt32BE(at + 16),
    maxMemType42: buffer.readUInt32BE(at + 20),
    minMemType1: buffer.readUInt32BE(at + 24),
    maxMemType1: buffer.readUInt32BE(at + 28),
  };
  let full: object | undefined;
  const real = () => (full ??= decode());
  return new Proxy(
    {},
    {
      get: (_target, property) => (typeof property === 'string' && property in header ? header[property] : Reflect.get(real(), property)),
      has: (_target, property) => (typeof property === 'string' && property in header) || property in real(),
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_target, property) => {
        const d = Reflect.getOwnPropertyDescriptor(real(), property);
        return d ? { ...d, configurable: true } : undefined;
      },
    },
  );
}

/** The sparse file a parsed face was read from (absent when the file was read whole). */
const sparseFiles = new WeakMap<Font, SparseFontFile>();

/**
 * What the PDF writer sees as a CFF face's `CFF ` table: `getCharString` answers from the raw
 * INDEX (same bytes as fontkit's), so embedding a CJK face does not make fontkit decode its whole
 * CFF table (~65,000 charstring and subroutine objects, the largest single cost of a cold export);
 * everything else is fontkit's decoded table, decoded when first asked for.
 */
function rawCharStrings(font: Font, file: SparseFontFile): object {
  const real = () => (font as unknown as Record<string, object>)['CFF ']!;
  const getCharString = (gid: number): Uint8Array => file.charString(gid) ?? (real() as { getCharString(g: number): Uint8Array }).getCharString(gid);
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (property === 'getCharString') return getCharString;
        const table = real();
        const value = Reflect.get(table, property, table) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(table) : value;
      },
      has: (_target, property) => property === 'getCharString' || property in real(),
    },
  );
}

/**
 * Parses a font file (or collection) from disk, every time; returns its faces. Callers keep them
 * (`FontFiles`). A plain TrueType/OpenType file is read sparsely (`sparse.ts`): its tables now,
 * each glyph's outline when first used; `whole` reads every byte (the tests compare the two).
 */
export function parseFontFile(path: string, options: { whole?: boolean } = {}): Font[] {
  const sparse = options.whole ? null : openSparseFont(path);
  if (sparse) {
    const font = fontkit.create(sparse.buffer);
    const faces = isCollection(font) ? font.fonts : [font];
    for (const face of faces) readOutlinesOnDemand(face, sparse);
    return faces;
  }
  const font = fontkit.create(readFileSync(path));
  return isCollection(font) ? font.fonts : [font];
}

/** The OS/2 fsType bits of a face as a number (fontkit decodes them into flags). */
export function fsTypeOf(font: Font): number {
  const flags = font['OS/2']?.fsType;
  if (!flags) return 0;
  return (flags.noEmbedding ? 0x2 : 0) | (flags.viewOnly ? 0x4 : 0) | (flags.editable ? 0x8 : 0) | (flags.bitmapOnly ? 0x200 : 0);
}

/**
 * Wraps a parsed face for the engine. The PDF handle is the fontkit font with `layout` replaced by
 * a plain cmap lookup: the engine positions every glyph itself, so OpenType shaping (slow on Noto
 * CJK's large GSUB/GPOS) is skipped. Everything else is the fontkit font itself.
 */
function wrapFont(font: Font, origin: FontOrigin, location: string, family?: string): FontFace {
  const key = `${origin}:${location}#${font.postscriptName}`;
  const upem = font.unitsPerEm;
  const advances = new Map<number, number>();
  // Per code point, kept as long as the face (the engine's font files): the layout asks for the
  // same characters on every render, and a CFF glyph's box is computed from its outline.
  const glyphCache = new Map<number, Glyph>();
  const glyphFor = (codePoint: number): Glyph => {
    let glyph = glyphCache.get(codePoint);
    if (!glyph) {
      glyph = font.glyphForCodePoint(codePoint);
      glyphCache.set(codePoint, glyph);
    }
    return glyph;
  };
  const has = new Map<number, boolean>();
  const boxes = new Map<number, { minX: number; minY: number; maxX: number; maxY: number }>();
  const embedding: EmbeddingPermission = embeddingFromFsType(fsTypeOf(font));
  const layout = (text: string) => {
    const glyphs: Glyph[] = [];
    const positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[] = [];
    let advanceWidth = 0;
    for (const char of text) {
      const glyph = glyphFor(char.codePointAt(0)!);
      glyphs.push(glyph);
      positions.push({ xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 });
      advanceWidth += glyph.advanceWidth;
    }
    return { glyphs, positions, advanceWidth };
  };
  const sparse = sparseFiles.get(font);
  const hasCff = (font as unknown as { directory: { tables: Record<string, unknown> } }).directory.tables['CFF '] !== undefined;
  let cffView: object | undefined;
  const pdfFont = new Proxy(font, {
    get(target, property) {
      if (property === 'layout') return layout;
      if (property === 'CFF ' && sparse && hasCff) {
        cffView ??= rawCharStrings(target, sparse);
        return cffView;
      }
      if (property === 'createSubset') {
        return () => {
          const subset = (target as unknown as { createSubset(): object }).createSubset();
          patchCffSubset(subset);
          return subset;
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const face: FontFace = {
    key,
    family: family ?? font.familyName ?? font.postscriptName,
    postscriptName: font.postscriptName,
    origin,
    location,
    embedding,
    hasGlyph(codePoint) {
      let known = has.get(codePoint);
      if (known === undefined) {
        known = font.hasGlyphForCodePoint(codePoint);
        has.set(codePoint, known);
      }
      return known;
    },
    advance(codePoint) {
      let advance = advances.get(codePoint);
      if (advance === undefined) {
        advance = glyphFor(codePoint).advanceWidth / upem;
        advances.set(codePoint, advance);
      }
      return advance;
    },
    bounds(codePoint) {
      let bounds = boxes.get(codePoint);
      if (!bounds) {
        const box = glyphFor(codePoint).bbox;
        bounds = { minX: box.minX / upem, minY: box.minY / upem, maxX: box.maxX / upem, maxY: box.maxY / upem };
        boxes.set(codePoint, bounds);
      }
      return bounds;
    },
    outline: (codePoint) => ({ path: glyphFor(codePoint).path.toSVG(), unitsPerEm: upem }),
    pdfFont,
  };
  return face;
}

/** What is known of a face before its file is parsed (bundled fonts, from the manifest). */
export interface FaceDescriptor {
  readonly path: string;
  readonly postscriptName: string;
  readonly family: string;
  readonly origin: FontOrigin;
  readonly embedding: EmbeddingPermission;
}

/**
 * The font files one engine has read, each parsed once, and the faces made of them — owned by the
 * engine world (never module-global), so two engines (two data folders, a test with other system
 * fonts) never share or leak state.
 */
export interface FontFiles {
  /** The faces of a font file (or collection), parsed on first use. */
  load(path: string): Font[];
  /** The engine's face for a parsed font (one object per file and face). */
  face(font: Font, origin: FontOrigin, location: string, family?: string): FontFace;
  /**
   * A face whose file is read and parsed only when first used: a chain's later links (the
   * rare-character fallback) cost nothing unless a character needs them.
   */
  lazy(descriptor: FaceDescriptor): FontFace;
}

/** Options of a set of font files. */
export interface FontFilesOptions {
  /**
   * Where the font metrics cache lives (metrics-cache.ts): a lazy face then answers layout's
   * questions (has a glyph? how wide?) from it, without parsing its file. Default: no cache.
   */
  readonly metricsCacheDir?: string;
}

/** A fresh, empty set of font files. */
export function createFontFiles(options: FontFilesOptions = {}): FontFiles {
  const parsed = new Map<string, Font[]>();
  const faces = new Map<string, FontFace>();
  const files: FontFiles = {
    load(path) {
      let fonts = parsed.get(path);
      if (!fonts) {
        fonts = parseFontFile(path);
        parsed.set(path, fonts);
      }
      return fonts;
    },
    face(font, origin, location, family) {
      const key = `${origin}:${location}#${font.postscriptName}`;
      let face = faces.get(key);
      if (!face) {
        face = wrapFont(font, origin, location, family);
        faces.set(key, face);
      }
      return face;
    },
    lazy(descriptor) {
      const key = `lazy:${descriptor.origin}:${descriptor.path}#${descriptor.postscriptName}`;
      const existing = faces.get(key);
      if (existing) return existing;
      let real: FontFace | undefined;
      const parse = (): Font => {
        const fonts = files.load(descriptor.path);
        return fonts.find((f) => f.postscriptName === descriptor.postscriptName) ?? fonts[0]!;
      };
      const load = (): FontFace => {
        real ??= files.face(parse(), descriptor.origin, descriptor.path, descriptor.family);
        return real;
      };
      // The metrics cache, looked up once; undefined = not yet, null = none (ask the font).
      let metrics: FontMetrics | null | undefined;
      const cached = (): FontMetrics | null => {
        if (metrics === undefined) {
          try {
            metrics = options.metricsCacheDir === undefined ? null : fontMetrics(options.metricsCacheDir, descriptor.path, descriptor.postscriptName, parse);
          } catch {
            metrics = null;
          }
        }
        return metrics;
      };
      const advances = new Map<number, number>();
      const face: FontFace = {
        key: `${descriptor.origin}:${descriptor.path}#${descriptor.postscriptName}`,
        family: descriptor.family,
        postscriptName: descriptor.postscriptName,
        origin: descriptor.origin,
        location: descriptor.path,
        embedding: descriptor.embedding,
        hasGlyph: (codePoint) => {
          const m = cached();
          return m ? m.glyphId(codePoint) !== 0 : load().hasGlyph(codePoint);
        },
        advance: (codePoint) => {
          const m = cached();
          if (!m) return load().advance(codePoint);
          let advance = advances.get(codePoint);
          if (advance === undefined) {
            advance = m.advance(m.glyphId(codePoint)) / m.unitsPerEm;
            advances.set(codePoint, advance);
          }
          return advance;
        },
        bounds: (codePoint) => {
          const box = cached()?.ink(codePoint);
          if (!box) return load().bounds(codePoint);
          const upem = metrics!.unitsPerEm;
          return { minX: box.minX / upem, minY: box.minY / upem, maxX: box.maxX / upem, maxY: box.maxY / upem };
        },
        outline: (codePoint) => load().outline(codePoint),
        get pdfFont() {
          return load().pdfFont;
        },
      };
      faces.set(key, face);
      return face;
    },
  };
  return files;
}
