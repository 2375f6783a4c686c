import type { FontRole } from '../../shared/template';
import { needsGlyph, type FaceResolver } from './chain';
import type { MissingGlyph } from './types';

/** A piece of text to check, with its role and where it sits in the briefing. */
export interface CoverageItem {
  readonly text: string;
  readonly role: FontRole;
  readonly where: string;
}

/**
 * Checks every character against its role's chain (then the fallback role) before layout:
 * "never a silent box". Returns each missing character once, with up to five places it occurs.
 */
export function findMissingGlyphs(items: readonly CoverageItem[], resolver: FaceResolver): MissingGlyph[] {
  const missing = new Map<string, { char: string; codePoint: number; role: FontRole; where: string[] }>();
  for (const item of items) {
    for (const char of item.text) {
      const codePoint = char.codePointAt(0)!;
      if (!needsGlyph(codePoint) || char === ' ' || char === '\u3000') continue;
      if (resolver.face(item.role, codePoint)) continue;
      const key = `${codePoint}`;
      const entry = missing.get(key) ?? { char, codePoint, role: item.role, where: [] };
      if (!entry.where.includes(item.where) && entry.where.length < 5) entry.where.push(item.where);
      missing.set(key, entry);
    }
  }
  return [...missing.values()];
}

/** One Chinese sentence listing missing characters and where they are. */
export function describeMissingGlyphs(missing: readonly MissingGlyph[]): string {
  const shown = missing.slice(0, 20).map((m) => `“${m.char}”（U+${m.codePoint.toString(16).toUpperCase().padStart(4, '0')}，见${m.where.join('、')}）`);
  const more = missing.length > 20 ? `等 ${missing.length} 个字符` : '';
  return `以下字符没有任何可用字体能显示：${shown.join('；')}${more}。请改用常用字或安装含这些字的字体后再导出。`;
}
