import { isFullWidth, type LayoutDocument, type LayoutItem, type PlacedGlyph, type StructRef, type TextItem } from '../layout';
// The layout's punctuation classes, to know where it put a glyph inside its cell.
import { CLOSING_PUNCT, OPENING_PUNCT } from '../layout/chars';

/** Where a line of the layout sits: its page and the centre of its em box, in points from the page top. */
export interface LinePlace {
  readonly page: number;
  readonly center: number;
}

/** A glyph's pen advance in the layout and in its font, in points (see `Span.advances`). */
export interface GlyphAdvance {
  readonly char: string;
  readonly advance: number | null;
  readonly natural: number;
  /** The glyph's size (a 〔n〕 marker is smaller than its line). */
  readonly size: number;
  /** A space's natural advance in the glyph's face and size: the layout draws no glyph for a space, its width is in the advance before it. */
  readonly space: number;
  /** The last glyph of a line that is not the owner's last: its advance runs to the type area's right edge. */
  readonly lineEnd: boolean;
  /** A space (or more) of the text follows the glyph on its line: the layout left its width blank after the glyph's cell. */
  readonly gapAfter: boolean;
}

/** What the layout drew for one owner (a block, a masthead field, the title …). */
export interface Span {
  readonly first: LinePlace;
  /** The last line whose size is at least 0.8 of the first's (a 〔n〕 marker is not a line). */
  readonly last: LinePlace;
  /** Line centres in order (one per distinct baseline and page), for title and table line splits. */
  readonly lines: readonly (LinePlace & { readonly text: string })[];
  /** Horizontal rules drawn while this owner was being laid out (table borders, the masthead rule). */
  readonly rules: readonly { readonly page: number; readonly y: number; readonly width: number; readonly full: boolean }[];
  /** The lowest ink of the owner on its last page. */
  readonly bottom: LinePlace;
  /** x of vertical rules drawn for this owner (table column borders), sorted, distinct. */
  readonly columns: readonly number[];
  /** Size and horizontal scale of the owner's first run (the masthead name is shrunk and compressed to fit). */
  readonly size: number;
  readonly scaleX: number;
  /**
   * Each glyph of the owner's lines (raised 〔n〕 markers included, on the line they sit on) in
   * reading order: its pen advance in the layout — from where its cell starts to where the next
   * one's starts, or to the type area's right edge at the end of a line that is not the owner's
   * last; null for the last line's last glyph — and its natural advance in its face and size.
   */
  readonly advances: readonly GlyphAdvance[];
  /** Everything drawn for the owner on its first page (text, rules, boxes): a chart is redrawn from it. */
  readonly items: readonly LayoutItem[];
}

/**
 * Who owns an item of the layout: body blocks by id, masthead fields, the title, the 按语 under it,
 * 报尾; tables, captions and charts by their structure id (a caption's id follows its table's).
 */
function ownerOf(struct: StructRef): string | null {
  // A table or chart (and its caption) is one object, by its block id when the layout gives one.
  if (struct.blockId !== undefined && (struct.type === 'Table' || struct.type === 'Caption' || struct.type === 'Figure')) return `object:${struct.blockId}`;
  if (struct.blockId !== undefined) return `block:${struct.blockId}`;
  switch (struct.type) {
    case 'Masthead':
      return `masthead:${struct.field ?? 'mark'}`;
    case 'Title':
      return 'title';
    case 'Note':
      return 'editorNote';
    case 'Tail':
      return 'tail';
    case 'Table':
      return `object:${struct.id}`;
    case 'Caption':
      return `object:${struct.id - 1}`;
    case 'Figure':
      return `object:${struct.id}`;
    case 'Artifact':
      return null;
    default:
      return `${struct.type}:${struct.id}`;
  }
}

/**
 * Reads the positioned layout back into spans per owner, in the order the layout placed them. The
 * .docx writer uses them to put each paragraph where the PDF has it (space before, page breaks),
 * so the Word document and the PDF break pages alike while the Word file stays plain paragraphs.
 */
export function layoutSpans(layout: LayoutDocument, right: number, cellOf: (size: number) => number = (size) => size): { spans: Map<string, Span>; order: string[] } {
  interface Building {
    first: LinePlace;
    firstSize: number;
    last: LinePlace;
    lines: (LinePlace & { text: string; baseline: number })[];
    rules: Span['rules'][number][];
    bottom: LinePlace;
    columns: Set<number>;
    scaleX: number;
    glyphs: PenGlyph[];
    items: LayoutItem[];
  }
  const building = new Map<string, Building>();
  const order: string[] = [];
  const pageWidth = layout.width;
  for (const page of layout.pages) {
    let current: string | null = null;
    for (const item of page.items) {
      if (item.kind === 'rule') {
        if (current === null) continue;
        const b = building.get(current);
        if (!b) continue;
        if (page.index === b.first.page) b.items.push(item);
        if (item.x1 === item.x2) {
          b.columns.add(Math.round(item.x1 * 100) / 100);
          continue;
        }
        if (item.y1 !== item.y2) continue;
        b.rules.push({ page: page.index, y: item.y1, width: item.width, full: Math.abs(item.x2 - item.x1) > pageWidth * 0.5 });
        if (page.index > b.bottom.page || (page.index === b.bottom.page && item.y1 + item.width / 2 > b.bottom.center)) b.bottom = { page: page.index, center: item.y1 + item.width / 2 };
        continue;
      }
      if (item.kind === 'rect') {
        if (current === null) continue;
        const b = building.get(current);
        if (b && page.index === b.first.page) b.items.push(item);
        if (b && (page.index > b.bottom.page || (page.index === b.bottom.page && item.y + item.h > b.bottom.center))) b.bottom = { page: page.index, center: item.y + item.h };
        continue;
      }
      if (item.kind !== 'text' || item.glyphs.length === 0) continue;
      const owner = ownerOf(item.struct);
      if (owner === null) continue;
      current = owner;
      const center = item.baseline - 0.38 * item.size;
      const text = item.glyphs.map((g) => g.char).join('');
      let b = building.get(owner);
      if (!b) {
        b = { first: { page: page.index, center }, firstSize: item.size, last: { page: page.index, center }, lines: [], rules: [], bottom: { page: page.index, center: item.baseline + 0.12 * item.size }, columns: new Set(), scaleX: item.scaleX ?? 1, glyphs: [], items: [] };
        building.set(owner, b);
        order.push(owner);
      }
      if (page.index === b.first.page) b.items.push(item);
      for (const g of item.glyphs) b.glyphs.push(penGlyph(g, item, page.index, cellOf(item.size)));
      if (item.size >= 0.8 * b.firstSize) {
        b.last = { page: page.index, center };
        const line = b.lines.find((l) => l.page === page.index && Math.abs(l.baseline - item.baseline) < 0.5);
        if (line) line.text += text;
        else b.lines.push({ page: page.index, center, text, baseline: item.baseline });
      } else {
        // A raised marker belongs to the line whose baseline is just below it.
        const line = b.lines.filter((l) => l.page === page.index && l.baseline >= item.baseline - 0.5).sort((x, y) => x.baseline - y.baseline)[0];
        if (line) line.text += text;
      }
      const bottom = item.baseline + 0.12 * item.size;
      if (page.index > b.bottom.page || (page.index === b.bottom.page && bottom > b.bottom.center)) b.bottom = { page: page.index, center: bottom };
    }
  }
  const spans = new Map<string, Span>();
  for (const [owner, b] of building) {
    spans.set(owner, {
      first: b.first,
      last: b.last,
      lines: b.lines.map(({ page, center, text }) => ({ page, center, text })),
      rules: b.rules,
      bottom: b.bottom,
      columns: [...b.columns].sort((x, y) => x - y),
      size: b.firstSize,
      scaleX: b.scaleX,
      advances: advancesOf(b.glyphs, b.firstSize, right),
      items: b.items,
    });
  }
  return { spans, order };
}

interface PenGlyph {
  readonly char: string;
  /** Where the glyph's cell starts on its line (the drawn x less the layout's offset inside the cell). */
  readonly start: number;
  /** Where the glyph is drawn. */
  readonly drawn: number;
  readonly natural: number;
  /** The cell of a full-width character (null for others). */
  readonly cell: number | null;
  /** The natural advance of a space in the glyph's face and size (a space is no glyph in the layout). */
  readonly space: number;
  readonly page: number;
  readonly baseline: number;
  readonly size: number;
}

/**
 * Where a glyph's cell starts: the layout draws a full-width glyph narrower than its cell centred
 * in it, closing punctuation at the cell's left and opening punctuation at its right, a dash
 * stretched across it (shape.ts); other glyphs start their cells.
 */
function penGlyph(g: PlacedGlyph, item: TextItem, page: number, cell: number): PenGlyph {
  const codePoint = g.char.codePointAt(0) ?? 0;
  const natural = item.face.advance(codePoint) * item.size * (item.scaleX ?? 1);
  let offset = 0;
  if (isFullWidth(codePoint) || g.char === '\u3000') {
    if (CLOSING_PUNCT.has(g.char)) offset = 0;
    else if (OPENING_PUNCT.has(g.char)) offset = cell - natural;
    else if ((codePoint === 0x2014 || codePoint === 0x2015) && g.scaleX !== undefined) offset = -item.face.bounds(codePoint).minX * item.size * g.scaleX;
    else offset = (cell - natural) / 2;
  }
  const fullWidth = isFullWidth(codePoint) || g.char === '\u3000';
  return { char: g.char, start: g.x - offset, drawn: g.x, natural, cell: fullWidth ? cell : null, space: item.face.advance(0x20) * item.size, page, baseline: item.baseline, size: item.size };
}

/**
 * Pen advances of glyphs grouped into lines (page, baseline; a raised marker joins the line just
 * below it), in reading order.
 */
function advancesOf(glyphs: readonly PenGlyph[], lineSize: number, right: number): GlyphAdvance[] {
  const lines: { page: number; baseline: number; glyphs: PenGlyph[] }[] = [];
  for (const g of glyphs.filter((x) => x.size >= 0.8 * lineSize)) {
    let line = lines.find((l) => l.page === g.page && Math.abs(l.baseline - g.baseline) < 0.5);
    if (!line) {
      line = { page: g.page, baseline: g.baseline, glyphs: [] };
      lines.push(line);
    }
    line.glyphs.push(g);
  }
  for (const g of glyphs.filter((x) => x.size < 0.8 * lineSize)) {
    const line = lines.filter((l) => l.page === g.page && l.baseline >= g.baseline - 0.5).sort((a, b) => a.baseline - b.baseline)[0];
    line?.glyphs.push(g);
  }
  lines.sort((a, b) => a.page - b.page || a.baseline - b.baseline);
  return lines.flatMap((line, k) => {
    const sorted = [...line.glyphs].sort((a, b) => a.start - b.start);
    // An opening mark squeezed from the left is drawn that much further left: the squeeze is its
    // own, not the character's before it (when that one is a full cell wide).
    for (let i = 1; i < sorted.length; i++) {
      const g = sorted[i]!;
      const prev = sorted[i - 1]!;
      if (!OPENING_PUNCT.has(g.char) || prev.cell === null || CLOSING_PUNCT.has(prev.char) || OPENING_PUNCT.has(prev.char)) continue;
      const prevEnd = prev.start + prev.cell;
      if (g.start < prevEnd - 0.5) sorted[i] = { ...g, start: prevEnd };
    }
    // An opening mark narrower than its cell (LXGW WenKai's “) sits at the cell's right, next to what
    // it opens: its blank goes to the character before it, where Word's spacing (after a character) puts it.
    for (let i = 1; i < sorted.length; i++) {
      const g = sorted[i]!;
      if (OPENING_PUNCT.has(g.char) && g.cell !== null && g.drawn > g.start + 0.5) sorted[i] = { ...g, start: g.drawn };
    }
    return sorted.map((g, i) => ({
      char: g.char,
      advance: i + 1 < sorted.length ? sorted[i + 1]!.start - g.start : k + 1 < lines.length ? right - g.start : null,
      natural: g.natural,
      space: g.space,
      size: g.size,
      lineEnd: i + 1 === sorted.length && k + 1 < lines.length,
      gapAfter: i + 1 < sorted.length && sorted[i + 1]!.start - (g.start + (g.cell ?? g.natural)) > g.space / 2,
    }));
  });
}
