// The layout's part of the render cache: what one layout can hand the next so a one-word edit does
// not re-shape and re-break the whole document. Shaping a string depends only on the string, its
// run style and the faces of its role's chain; breaking a paragraph only on its atoms and the
// compose options — so both are kept under exactly those keys, and a layout is the same whether an
// entry came from the cache or was made anew (the cached atoms and lines are never modified).
// Created with the render cache (one per engine/worker), never module-global.
import { FaceResolver, type FontFace, type FontProvider } from '../fonts';
import type { FontRole } from '../../shared/template';
import type { ComposedLine } from './justify';
import type { Atom, RunStyle } from './shape';

/** One shaped string and what shaping it reports to the layout context. */
export interface ShapedEntry {
  readonly atoms: Atom[];
  /** Distinct faces of its atoms. */
  readonly faces: readonly FontFace[];
  /** Characters drawn by a face other than the role's primary (for the font report). */
  readonly fallbackChars: readonly string[];
}

/** Kept between layouts; opaque to callers. */
export interface LayoutCache {
  /** Shaped strings by chain, style and text (most recently used last). */
  readonly shaped: Map<string, ShapedEntry>;
  /** Paragraph atoms (shapeRuns) by the runs' keys: the same array for the same runs, so `composed` can key on it. */
  readonly runs: Map<string, Atom[]>;
  /** Broken lines per atoms array, by compose options. */
  readonly composed: WeakMap<readonly Atom[], Map<string, ComposedLine[]>>;
  /** Face resolvers by font provider: their per-character memo outlives one layout. */
  readonly resolvers: WeakMap<FontProvider, FaceResolver>;
  readonly stats: { shapeHits: number; shapeMisses: number; composeHits: number; composeMisses: number };
}

/** Entries kept per map: about ten 50-page documents' strings. */
const KEPT = 20_000;

export function createLayoutCache(): LayoutCache {
  return { shaped: new Map(), runs: new Map(), composed: new WeakMap(), resolvers: new WeakMap(), stats: { shapeHits: 0, shapeMisses: 0, composeHits: 0, composeMisses: 0 } };
}

/** The resolver of `fonts`, kept in the cache. */
export function resolverFor(cache: LayoutCache, fonts: FontProvider): FaceResolver {
  let resolver = cache.resolvers.get(fonts);
  if (!resolver) {
    resolver = new FaceResolver((role) => fonts.chain(role));
    cache.resolvers.set(fonts, resolver);
  }
  return resolver;
}

/** Everything a shaped string depends on besides its text: the chain's faces and the run style. */
export function styleKey(style: RunStyle, chainKey: (role: FontRole) => string): string {
  const color = typeof style.color === 'string' ? style.color : style.color.join(',');
  return `${chainKey(style.role)}|${style.size}|${color}|${style.bold === true ? 1 : 0}|${style.cell}|${style.letterSpacing ?? 0}`;
}

/** A key for already shaped atoms (a citation marker) inside a run list. */
export function atomsKey(atoms: readonly Atom[]): string {
  return atoms
    .map((a) => `${a.char}:${a.face.key}:${a.size}:${a.width}:${a.squeezable}:${a.glyphOffset}:${a.squeezeFrom ?? ''}:${a.rise ?? ''}:${a.noBreakBefore === true ? 1 : 0}:${a.scaleX ?? ''}:${typeof a.color === 'string' ? a.color : a.color.join(',')}:${a.bold ? 1 : 0}`)
    .join(';');
}

/** `make()` under `key` in `map`, most recently used last, bounded. */
export function keptEntry<T>(map: Map<string, T>, key: string, make: () => T, onHit: () => void, onMiss: () => void): T {
  const hit = map.get(key);
  if (hit !== undefined) {
    onHit();
    // Refresh its place only now and then: moving an entry on every hit costs more than it saves.
    return hit;
  }
  onMiss();
  const value = make();
  map.set(key, value);
  if (map.size > KEPT) {
    // Drop the oldest quarter at once.
    let drop = map.size - (KEPT * 3) / 4;
    for (const k of map.keys()) {
      if (drop-- <= 0) break;
      map.delete(k);
    }
  }
  return value;
}

/** Compose options as a key. */
export function composeKey(options: { width: number; firstIndent?: number; restIndent?: number; align: string; lastAlign?: string }): string {
  return `${options.width}|${options.firstIndent ?? 0}|${options.restIndent ?? 0}|${options.align}|${options.lastAlign ?? ''}`;
}
