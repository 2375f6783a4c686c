import type { FaceResolver, FontFace } from '../fonts';
import type { Template, TextStyle } from '../../shared/template';
import type { Flow } from './flow';
import type { Geometry } from './geometry';
import { lineToItems, composeParagraph, type Align, type ComposedLine } from './justify';
import { compressAdjacentPunctuation, shapeText, type Atom, type RunStyle } from './shape';
import type { Colour, SourceField, StructRef, TextItem } from './types';
import { baselineInSlot } from './geometry';
import { atomsKey, composeKey, keptEntry, styleKey, type LayoutCache, type ShapedEntry } from './shape-cache';
import type { FontRole } from '../../shared/template';

/** Shared state of one layout run. */
export class LayoutContext {
  #structId = 0;
  readonly usedFaces = new Set<FontFace>();
  /** Distinct characters per role drawn by a face other than the role's first (fallback runs). */
  readonly fallbackChars = new Map<string, Set<string>>();
  constructor(
    readonly template: Template,
    readonly geometry: Geometry,
    readonly fonts: FaceResolver,
    readonly flow: Flow,
    /** Shaped strings and broken paragraphs kept from earlier layouts (shape-cache.ts); optional. */
    readonly cache?: LayoutCache,
  ) {}

  readonly #chainKeys = new Map<FontRole, string>();
  /** The faces a role's characters can come from (its chain, then the fallback chain), as a key. */
  #chainKey = (role: FontRole): string => {
    let key = this.#chainKeys.get(role);
    if (key === undefined) {
      key = `${this.fonts.chain(role).map((f) => f.key).join('/')}>${this.fonts.chain('fallback').map((f) => f.key).join('/')}`;
      this.#chainKeys.set(role, key);
    }
    return key;
  };

  /** The last structure id handed out, to come back to when a trial placement is undone. */
  get structMark(): number {
    return this.#structId;
  }
  set structMark(id: number) {
    this.#structId = id;
  }

  /** A fresh structure element id of `type`. */
  struct(type: StructRef['type'], blockId?: string): StructRef {
    return blockId === undefined ? { type, id: ++this.#structId } : { type, id: ++this.#structId, blockId };
  }

  /** `struct` of the same element, marked as showing a briefing field (the preview maps clicks by it). */
  showing(struct: StructRef, field: SourceField): StructRef {
    return { ...struct, field };
  }

  /** Maps a template colour to the output colour (the template's red becomes CMYK when asked). */
  colour(color: string | undefined): Colour {
    if (!color) return '#000000';
    const { colors } = this.template;
    if (colors.useCmyk && color.toLowerCase() === colors.red.toLowerCase()) return colors.redCmyk;
    return color;
  }

  /** The run style of a template text style; body-size text on the grid uses the grid pitch. */
  runStyle(style: TextStyle, options: { grid?: boolean; bold?: boolean; letterSpacing?: number } = {}): RunStyle {
    const g = this.geometry;
    const cell = options.grid && style.sizePt === g.bodySize ? g.cell : style.sizePt;
    return {
      role: style.role,
      size: style.sizePt,
      color: this.colour(style.color),
      cell,
      ...(options.bold ? { bold: true } : {}),
      ...(options.letterSpacing ? { letterSpacing: options.letterSpacing } : {}),
    };
  }

  shape(text: string, style: RunStyle): Atom[] {
    const cache = this.cache;
    const entry = cache
      ? keptEntry(cache.shaped, `${styleKey(style, this.#chainKey)}\u0000${text}`, () => this.#shapeEntry(text, style), () => cache.stats.shapeHits++, () => cache.stats.shapeMisses++)
      : this.#shapeEntry(text, style);
    for (const face of entry.faces) this.usedFaces.add(face);
    if (entry.fallbackChars.length > 0) {
      const set = this.fallbackChars.get(style.role) ?? new Set<string>();
      for (const char of entry.fallbackChars) set.add(char);
      this.fallbackChars.set(style.role, set);
    }
    return entry.atoms;
  }

  #shapeEntry(text: string, style: RunStyle): ShapedEntry {
    const atoms = shapeText(text, style, this.fonts);
    const primary = this.fonts.primary(style.role);
    const faces = new Set<FontFace>();
    const fallbackChars = new Set<string>();
    for (const atom of atoms) {
      faces.add(atom.face);
      if (atom.face !== primary && atom.char.trim() !== '') fallbackChars.add(atom.char);
    }
    return { atoms, faces: [...faces], fallbackChars: [...fallbackChars] };
  }

  /**
   * Shapes several runs as one paragraph, compressing adjacent punctuation when the template says
   * so. A run may come already shaped (`atoms`: a citation marker).
   */
  shapeRuns(runs: readonly ({ text: string; style: RunStyle } | { atoms: readonly Atom[] })[]): Atom[] {
    const make = () => {
      const atoms = runs.flatMap((r) => ('atoms' in r ? r.atoms : this.shape(r.text, r.style)));
      return this.template.body.compressAdjacentPunctuation ? compressAdjacentPunctuation(atoms) : atoms;
    };
    const cache = this.cache;
    if (!cache) return make();
    // Shaping every run is what reports faces to this context: do it (from the cache) even on a hit.
    // The template's punctuation compression decides the atoms too: it is part of the key.
    const key = `${this.template.body.compressAdjacentPunctuation ? 1 : 0}\u0001${runs.map((r) => ('atoms' in r ? `#${atomsKey(r.atoms)}` : `${styleKey(r.style, this.#chainKey)}\u0000${r.text}`)).join('\u0001')}`;
    const hit = cache.runs.get(key);
    if (hit) {
      for (const r of runs) if (!('atoms' in r)) this.shape(r.text, r.style);
      for (const r of runs) if ('atoms' in r) for (const a of r.atoms) this.usedFaces.add(a.face);
      return hit;
    }
    return keptEntry(cache.runs, key, make, () => undefined, () => undefined);
  }

  compose(atoms: readonly Atom[], options: { width: number; firstIndent?: number; restIndent?: number; align: Align; lastAlign?: Exclude<Align, 'justify'> }): ComposedLine[] {
    const cache = this.cache;
    if (!cache) return composeParagraph(atoms, options);
    let byOptions = cache.composed.get(atoms);
    if (!byOptions) cache.composed.set(atoms, (byOptions = new Map()));
    const key = composeKey(options);
    let lines = byOptions.get(key);
    if (lines) cache.stats.composeHits++;
    else {
      cache.stats.composeMisses++;
      lines = composeParagraph(atoms, options);
      byOptions.set(key, lines);
    }
    return lines;
  }

  /** Places composed lines on consecutive body slots of the flow; returns the items per line. */
  placeOnGrid(lines: readonly ComposedLine[], size: number, struct: StructRef, left = this.geometry.left): { pageIndex: number; top: number }[] {
    const placed: { pageIndex: number; top: number }[] = [];
    for (const line of lines) {
      const top = this.flow.takeSlot();
      const baseline = baselineInSlot(top, this.geometry.bodySize, size);
      this.flow.add(...lineToItems(line, left, baseline, struct));
      placed.push({ pageIndex: this.flow.page.index, top });
    }
    return placed;
  }

  /** Items for one line at an explicit baseline (masthead, tables, charts). */
  lineItems(line: ComposedLine, left: number, baseline: number, struct: StructRef): TextItem[] {
    return lineToItems(line, left, baseline, struct);
  }

  /**
   * 〔n〕 as a superscript citation marker after a figure or a quote: 0.6 of `style`'s size, raised a
   * third of it, the blank halves of the brackets taken out, held to what precedes it (no break,
   * no justification space before or inside it).
   */
  markerAtoms(text: string, style: RunStyle): Atom[] {
    const size = Math.round(style.size * 0.6 * 2) / 2;
    const rise = Math.round(style.size * 0.33 * 100) / 100;
    return this.shape(text, { ...style, size, cell: size }).map((atom) => {
      const half = atom.squeezeFrom !== null ? atom.squeezable : 0;
      const glyphOffset = atom.squeezeFrom === 'left' ? atom.glyphOffset - half : atom.glyphOffset;
      return { ...atom, width: atom.width - half, squeezable: 0, squeezeFrom: null, glyphOffset, rise, noBreakBefore: true };
    });
  }

  /** Natural width of a string in a style (no breaking). */
  measure(text: string, style: RunStyle): number {
    return this.shape(text, style).reduce((sum, a) => sum + a.width, 0);
  }

  /** One unbroken line of text, aligned within [left, left + width]. */
  singleLine(text: string, style: RunStyle, align: Exclude<Align, 'justify'>, width: number): ComposedLine {
    const atoms = this.shape(text, style);
    return composeParagraph(atoms, { width: Math.max(width, atoms.reduce((s, a) => s + a.width, 0) + 0.01), align })[0] ?? { atoms: [], width: 0, last: true };
  }
}
