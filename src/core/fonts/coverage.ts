import type { GlyphPlace } from '../../shared/api/export';
import { needsGlyph } from './chain';
import type { FontFace, MissingGlyph } from './types';

/**
 * A run of text as the layout drew it: the face it chose for these characters and where they come
 * from. The layout draws a character no face of its role (nor the fallback) has in the role's
 * primary face, so a glyph is missing exactly when this face lacks it.
 */
export interface CoverageRun {
  readonly text: string;
  readonly face: FontFace;
  readonly where: GlyphPlace;
}

const placeKey = (p: GlyphPlace) => `${p.blockId ?? ''}|${p.field ?? ''}|${p.part ?? ''}`;

/**
 * Checks every drawn character against the face the layout drew it in: "never a silent box".
 * Returns each missing character once, with up to five places it occurs.
 */
export function findMissingGlyphs(runs: Iterable<CoverageRun>): MissingGlyph[] {
  const missing = new Map<number, { char: string; codePoint: number; where: GlyphPlace[] }>();
  for (const run of runs) {
    for (const char of run.text) {
      const codePoint = char.codePointAt(0)!;
      if (!needsGlyph(codePoint) || char === ' ' || char === '\u3000') continue;
      if (run.face.hasGlyph(codePoint)) continue;
      const entry = missing.get(codePoint) ?? { char, codePoint, where: [] };
      const key = placeKey(run.where);
      if (!entry.where.some((w) => placeKey(w) === key) && entry.where.length < 5) entry.where.push(run.where);
      missing.set(codePoint, entry);
    }
  }
  return [...missing.values()];
}

/** How a place is named in a message: the caller words blocks (it knows the draft). */
export type PlaceWording = (place: GlyphPlace) => string;

/** One Chinese sentence listing missing characters and where they are (worded by `word`). */
export function describeMissingGlyphs(missing: readonly MissingGlyph[], word: PlaceWording): string {
  const shown = missing.slice(0, 20).map((m) => `“${m.char}”（U+${m.codePoint.toString(16).toUpperCase().padStart(4, '0')}，见${[...new Set(m.where.map(word))].join('、')}）`);
  const more = missing.length > 20 ? `等 ${missing.length} 个字符` : '';
  return `以下字符没有任何可用字体能显示：${shown.join('；')}${more}。请改用常用字或安装含这些字的字体后再导出。`;
}
