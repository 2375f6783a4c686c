import type { FaceResolver, FontFace } from '../fonts';
import type { FontRole } from '../../shared/template';
import { CLOSING_PUNCT, OPENING_PUNCT, isFullWidth, isSpace } from './chars';
import type { BreakAtom } from './line-break';
import type { Colour } from './types';

/** Closing marks that are never compressed (their ink is not confined to the cell's left half in every face). */
const UNSQUEEZED = new Set(['？', '！']);

/** A style resolved for shaping: role, size, colour and the cell width of a full-width character. */
export interface RunStyle {
  readonly role: FontRole;
  readonly size: number;
  readonly color: Colour;
  readonly bold?: boolean;
  /** Width of a full-width cell in points: the grid pitch for body text, else the size. */
  readonly cell: number;
  /** Extra space after every character (masthead letter spacing), points. */
  readonly letterSpacing?: number;
}

/** One measured character, ready for line breaking and placement. */
export interface Atom extends BreakAtom {
  readonly face: FontFace;
  readonly size: number;
  readonly color: Colour;
  readonly bold: boolean;
  /** Where the glyph's pen starts relative to the atom's cell. */
  readonly glyphOffset: number;
  /** Which side squeezing removes: the blank half of closing punctuation is on the right. */
  readonly squeezeFrom: 'left' | 'right' | null;
  readonly scaleX?: number;
  /** True when this atom should not receive justification space after it (inside a word). */
  readonly fullWidth: boolean;
  /** Raised above the baseline by this many points (a superscript citation marker 〔1〕). */
  readonly rise?: number;
  /** No line break and no justification space before this atom (it holds on to what precedes it). */
  readonly noBreakBefore?: boolean;
}

/** Shapes one styled string into atoms, resolving each character's face through its role's chain. */
export function shapeText(text: string, style: RunStyle, resolver: FaceResolver): Atom[] {
  const atoms: Atom[] = [];
  const primary = resolver.primary(style.role);
  if (!primary) throw new Error(`no font for role ${style.role}`);
  for (const char of text) {
    if (char === '\n' || char === '\r') continue;
    const codePoint = char.codePointAt(0)!;
    const face = isSpace(char) ? primary : (resolver.face(style.role, codePoint) ?? primary);
    const advance = face.advance(codePoint) * style.size;
    const spacing = style.letterSpacing ?? 0;
    if (isFullWidth(codePoint) || char === '\u3000') {
      const cell = style.cell;
      let glyphOffset = (cell - advance) / 2;
      let squeezable = 0;
      let squeezeFrom: Atom['squeezeFrom'] = null;
      let scaleX: number | undefined;
      if (CLOSING_PUNCT.has(char)) {
        glyphOffset = 0;
        // ？ and ！ are drawn in the middle of their cell by some faces (FandolFang): squeezing their
        // "blank" right half ran the next mark into them (什么？》). They keep their whole cell.
        squeezable = UNSQUEEZED.has(char) ? 0 : cell / 2;
        squeezeFrom = 'right';
      } else if (OPENING_PUNCT.has(char)) {
        glyphOffset = cell - advance;
        squeezable = cell / 2;
        squeezeFrom = 'left';
      } else if (codePoint === 0x2014 || codePoint === 0x2015) {
        // The 一字线 and each half of the 破折号 span the whole cell, so —— reads as one line.
        const box = face.bounds(codePoint);
        const ink = (box.maxX - box.minX) * style.size;
        if (ink > 0.1) {
          scaleX = cell / ink;
          glyphOffset = -box.minX * style.size * scaleX;
        }
      }
      atoms.push({
        char,
        width: cell + spacing,
        squeezable,
        face,
        size: style.size,
        color: style.color,
        bold: style.bold ?? false,
        glyphOffset,
        squeezeFrom,
        ...(scaleX !== undefined ? { scaleX } : {}),
        fullWidth: true,
      });
    } else {
      atoms.push({
        char,
        width: (isSpace(char) ? primary.advance(0x20) * style.size : advance) + spacing,
        squeezable: 0,
        face,
        size: style.size,
        color: style.color,
        bold: style.bold ?? false,
        glyphOffset: 0,
        squeezeFrom: null,
        fullWidth: false,
      });
    }
  }
  return atoms;
}

/**
 * Compresses adjacent punctuation (clreq 基本挤压): closing + closing/opening loses the first mark's
 * blank half, opening + opening the second mark's. Two marks then occupy 1.5 em.
 */
export function compressAdjacentPunctuation(atoms: Atom[]): Atom[] {
  const out = atoms.slice();
  for (let k = 0; k + 1 < out.length; k++) {
    const a = out[k]!;
    const b = out[k + 1]!;
    if (a.squeezeFrom === 'right' && a.squeezable > 0 && b.squeezeFrom !== null) {
      out[k] = { ...a, width: a.width - a.squeezable, squeezable: 0 };
    } else if (a.squeezeFrom === 'left' && b.squeezeFrom === 'left' && b.squeezable > 0) {
      out[k + 1] = { ...b, width: b.width - b.squeezable, glyphOffset: b.glyphOffset - b.squeezable, squeezable: 0 };
    }
  }
  return out;
}
