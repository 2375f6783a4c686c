// The render cache: what one render can hand the next so a one-word edit does not redo the work
// of the whole document. Today it keeps the embedded font programs: pdfkit rebuilds each font's
// subset (fontkit CFF/TrueType subsetting) and deflates it on every render — more than half the
// warm export. The subset bytes depend only on the font and the glyph ids in the order the PDF
// numbers them, so the finished (compressed) stream is kept under exactly that key and written
// as is: the output is byte-identical whatever the cache held.
//
// Created by a factory and handed in through EngineHost: one per engine (per worker), never
// module-global, so two engines never share state.

import { cidFontState, type CidFontState } from './cid-font';
import type { FontFace } from '../fonts';
import { createLayoutCache, type LayoutCache } from '../layout';

/** A finished font program, as pdfkit would have written it (deflated). */
interface FontProgram {
  readonly deflated: Uint8Array;
}

/** What renders share. Opaque to callers: create it, pass it, drop it. */
export interface RenderCache {
  /** Font programs by font object, then by the subset's glyph ids in order (most recently used last). */
  readonly fontPrograms: WeakMap<object, Map<string, FontProgram>>;
  /** How many subsets each font keeps (a preview typing new characters makes a new one each time). */
  readonly subsetsPerFont: number;
  /** OpenType-CFF faces embedded as CID fonts (cid-font.ts): flattened glyphs and deflated runs, by font object; null = not handled. */
  readonly cidFonts: WeakMap<object, CidFontState | null>;
  /** The layout's part: shaped strings, broken paragraphs, face resolvers (layout/shape-cache.ts). */
  readonly layout: LayoutCache;
  /** Deflated page content streams by their text (most recently used last). */
  readonly pageContents: Map<string, Uint8Array>;
  /** Counters, for tests and the bench. */
  readonly stats: { hits: number; misses: number; runHits: number; runMisses: number; pageHits: number; pageMisses: number };
}

/** A new, empty render cache. `subsetsPerFont` bounds memory: the oldest subset of a font goes first. */
export function createRenderCache(options: { subsetsPerFont?: number } = {}): RenderCache {
  return { fontPrograms: new WeakMap(), subsetsPerFont: options.subsetsPerFont ?? 4, cidFonts: new WeakMap(), layout: createLayoutCache(), pageContents: new Map(), stats: { hits: 0, misses: 0, runHits: 0, runMisses: 0, pageHits: 0, pageMisses: 0 } };
}

/** The CID-embedding state of a face: kept in `cache` when there is one, else made for this render. */
export function cidStateFor(face: FontFace, cache: RenderCache | undefined): CidFontState | null {
  const handle = face.pdfFont as object;
  if (!cache) return cidFontState(face);
  let state = cache.cidFonts.get(handle);
  if (state === undefined) {
    state = cidFontState(face, cache.stats);
    cache.cidFonts.set(handle, state);
  }
  return state;
}

/** pdfkit 0.20 internals the cache relies on: an embedded font and its document's stream objects. */
interface StreamRef {
  data: Record<string, unknown>;
  compress: boolean;
  buffer: unknown;
  write(chunk: Uint8Array): void;
  end(chunk?: Uint8Array): void;
  finalize(): void;
}
interface EmbeddedFontInternals {
  readonly font: object;
  readonly subset: { readonly glyphs: readonly number[]; encode(): Uint8Array };
  readonly document: { ref(data?: unknown): StreamRef };
  embed(): unknown;
}

function isEmbeddedFont(value: unknown): value is EmbeddedFontInternals {
  const v = value as Partial<EmbeddedFontInternals> | null;
  return typeof v === 'object' && v !== null && typeof v.embed === 'function' && typeof v.subset?.encode === 'function' && Array.isArray(v.subset.glyphs) && typeof v.font === 'object';
}

/**
 * Makes each embedded font of a pdfkit document (its `_fontFamilies`, before `doc.end()`) take its
 * font program from the cache, or keep the one it builds. The font file is the first object
 * `embed` creates; on a hit its stream is written already deflated (same dictionary, same bytes),
 * on a miss the deflated bytes pdfkit writes are kept.
 */
export function useCachedFontPrograms(fontFamilies: Record<string, unknown>, cache: RenderCache): void {
  for (const font of new Set(Object.values(fontFamilies))) {
    if (!isEmbeddedFont(font)) continue;
    const embed = font.embed;
    font.embed = function embedCached(this: EmbeddedFontInternals) {
      let programs = cache.fontPrograms.get(this.font);
      if (!programs) cache.fontPrograms.set(this.font, (programs = new Map()));
      const key = this.subset.glyphs.join(',');
      const hit = programs.get(key);
      const doc = this.document;
      const ref = doc.ref;
      const subset = this.subset;
      const encode = subset.encode;
      // The font file is the first object `embed` creates; it then sets its Subtype and calls
      // `fontFile.end(subset.encode())` (so `end` must be replaced when the object is made).
      doc.ref = function firstRef(data?: unknown) {
        doc.ref = ref;
        const file = ref.call(doc, data);
        if (hit) {
          file.end = () => {
            file.compress = false;
            file.write(hit.deflated);
            file.data.Filter = 'FlateDecode';
            file.finalize();
          };
        } else {
          const assigned: Uint8Array[] = [];
          let value = file.buffer;
          Object.defineProperty(file, 'buffer', {
            configurable: true,
            get: () => value,
            set: (v: unknown) => {
              value = v;
              if (v instanceof Uint8Array) assigned.push(v);
            },
          });
          const end = file.end;
          file.end = (chunk?: Uint8Array) => {
            end.call(file, chunk);
            const deflated = file.compress ? assigned[assigned.length - 1] : undefined;
            if (deflated) remember(programs, key, { deflated }, cache.subsetsPerFont);
          };
        }
        return file;
      };
      if (hit) {
        subset.encode = () => new Uint8Array(0);
        remember(programs, key, hit, cache.subsetsPerFont);
        cache.stats.hits++;
      } else {
        cache.stats.misses++;
      }
      try {
        return embed.call(this);
      } finally {
        doc.ref = ref;
        subset.encode = encode;
      }
    };
  }
}

/** Keeps `program` as the most recently used of its font, dropping the oldest beyond `limit`. */
function remember(programs: Map<string, FontProgram>, key: string, program: FontProgram, limit: number): void {
  programs.delete(key);
  programs.set(key, program);
  while (programs.size > limit) programs.delete(programs.keys().next().value!);
}
