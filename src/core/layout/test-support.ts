// Test support (not used by the engine): synthetic faces and atoms, so layout tests need no font files.
import type { FontFace } from '../fonts';
import { isFullWidth } from './chars';

/** A fake face: every full-width character 1 em, Latin and digits 0.5 em; covers everything but U+E000–U+F8FF. */
export function fakeFace(key = 'fake', missing: (cp: number) => boolean = (cp) => cp >= 0xe000 && cp <= 0xf8ff): FontFace {
  return {
    key,
    family: key,
    postscriptName: key,
    origin: 'bundled',
    location: `/fonts/${key}.otf`,
    embedding: 'installable',
    hasGlyph: (cp) => !missing(cp),
    advance: (cp) => (cp === 0x2014 ? 0.89 : isFullWidth(cp) ? 1 : cp === 0x20 ? 0.25 : 0.5),
    bounds: (cp) => (cp === 0x2014 ? { minX: 0.04, minY: 0.24, maxX: 0.85, maxY: 0.29 } : { minX: 0.05, minY: -0.08, maxX: 0.95, maxY: 0.82 }),
    outline: () => ({ path: 'M0 0L500 0L500 500Z', unitsPerEm: 1000 }),
    pdfFont: null,
  };
}
