import type { FontRole } from '../../shared/template';
import type { EmbeddingPermission, FontFace, FontOrigin } from './types';

/** Permissions that allow embedding a subset in a PDF we distribute. */
export function isEmbeddable(permission: EmbeddingPermission): boolean {
  return permission === 'installable' || permission === 'preview-print' || permission === 'editable';
}

/**
 * Decodes OS/2 fsType bits (OpenType spec): 0 installable; bit 1 (0x2) restricted; bit 2 (0x4)
 * preview & print; bit 3 (0x8) editable; bit 9 (0x200) bitmap embedding only. The least
 * restrictive set bit wins, as the spec says for ill-formed combinations.
 */
export function embeddingFromFsType(fsType: number): EmbeddingPermission {
  if (fsType & 0x200) return 'bitmap-only';
  if (fsType & 0x8) return 'editable';
  if (fsType & 0x4) return 'preview-print';
  if (fsType & 0x2) return 'restricted';
  return 'installable';
}

const ORDER: Record<FontOrigin, number> = { user: 0, template: 1, system: 2, bundled: 3 };

/**
 * Orders the candidate faces of a role: user-configured file, template file, installed system
 * fonts (in the template's preference order, only when embedding is permitted), bundled fonts.
 * Faces that may not be embedded are dropped; duplicates (same key) are kept once.
 */
export function orderChain(candidates: readonly FontFace[]): FontFace[] {
  const seen = new Set<string>();
  return candidates
    .map((face, index) => ({ face, index }))
    .filter(({ face }) => isEmbeddable(face.embedding))
    .sort((a, b) => ORDER[a.face.origin] - ORDER[b.face.origin] || a.index - b.index)
    .map(({ face }) => face)
    .filter((face) => (seen.has(face.key) ? false : (seen.add(face.key), true)));
}

/**
 * Resolves code points to faces for one role: the role's chain, then the fallback role's chain.
 * Results are memoised per code point (a document has a few thousand distinct characters).
 */
export class FaceResolver {
  readonly #chains: Map<FontRole, readonly FontFace[]> = new Map();
  readonly #memo: Map<string, FontFace | null> = new Map();
  constructor(private readonly chainOf: (role: FontRole) => readonly FontFace[]) {}

  chain(role: FontRole): readonly FontFace[] {
    let chain = this.#chains.get(role);
    if (!chain) {
      chain = this.chainOf(role);
      this.#chains.set(role, chain);
    }
    return chain;
  }

  /** The primary face of a role (the one its text is measured and reported with). */
  primary(role: FontRole): FontFace | undefined {
    return this.chain(role)[0] ?? this.chain('fallback')[0];
  }

  /** The face that draws `codePoint` in `role`, or null when no face has it. */
  face(role: FontRole, codePoint: number): FontFace | null {
    const key = `${role}:${codePoint}`;
    const memo = this.#memo.get(key);
    if (memo !== undefined) return memo;
    let found: FontFace | null = null;
    for (const face of this.chain(role)) {
      if (face.hasGlyph(codePoint)) {
        found = face;
        break;
      }
    }
    if (!found && role !== 'fallback') {
      for (const face of this.chain('fallback')) {
        if (face.hasGlyph(codePoint)) {
          found = face;
          break;
        }
      }
    }
    this.#memo.set(key, found);
    return found;
  }
}

/** Characters that need no glyph: controls and the spaces we lay out ourselves. */
export function needsGlyph(codePoint: number): boolean {
  if (codePoint < 0x20) return false;
  if (codePoint >= 0x7f && codePoint < 0xa0) return false;
  // variation selectors and zero-width joiners are consumed by the layout
  if (codePoint >= 0xfe00 && codePoint <= 0xfe0f) return false;
  if (codePoint === 0x200b || codePoint === 0x200c || codePoint === 0x200d || codePoint === 0xfeff) return false;
  return true;
}
