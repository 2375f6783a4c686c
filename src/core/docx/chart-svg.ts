import type { LayoutItem } from '../layout';

/** A region of a page, in points. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const colour = (c: string | readonly number[] | undefined): string => {
  if (c === undefined) return 'none';
  if (typeof c === 'string') return c;
  // CMYK → RGB for the screen.
  const [C, M, Y, K] = c as readonly [number, number, number, number];
  const ch = (v: number) => Math.round(255 * (1 - v) * (1 - K));
  return `rgb(${ch(C)},${ch(M)},${ch(Y)})`;
};
const n = (v: number): string => String(Math.round(v * 100) / 100);

/**
 * The layout's drawing of a chart (bars, axes, ticks, labels) inside `box` as SVG, in points: the
 * same picture as the PDF, resolution-free. Text stays text (glyph by glyph at the layout's pen
 * positions) in `fontFamily(face family)`.
 */
export function chartSvg(items: readonly LayoutItem[], box: Box, fontFamily: (family: string) => string): string {
  const out: string[] = [];
  const inside = (y: number) => y >= box.top - 0.5 && y <= box.top + box.height + 0.5;
  for (const item of items) {
    if (item.kind === 'rect' && inside(item.y) && inside(item.y + item.h)) {
      out.push(`<rect x="${n(item.x - box.left)}" y="${n(item.y - box.top)}" width="${n(item.w)}" height="${n(item.h)}" fill="${colour(item.fill)}" stroke="${colour(item.stroke)}"${item.lineWidth ? ` stroke-width="${n(item.lineWidth)}"` : ''}/>`);
    } else if (item.kind === 'rule' && inside(item.y1) && inside(item.y2)) {
      out.push(`<line x1="${n(item.x1 - box.left)}" y1="${n(item.y1 - box.top)}" x2="${n(item.x2 - box.left)}" y2="${n(item.y2 - box.top)}" stroke="${colour(item.color)}" stroke-width="${n(item.width)}"/>`);
    } else if (item.kind === 'text' && inside(item.baseline)) {
      const chars = item.glyphs.map((g) => esc(g.char)).join('');
      const xs = item.glyphs.map((g) => n(g.x - box.left)).join(' ');
      out.push(`<text x="${xs}" y="${n(item.baseline - box.top)}" font-family="${esc(fontFamily(item.face.family))}" font-size="${n(item.size)}" fill="${colour(item.color)}">${chars}</text>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${n(box.width)}pt" height="${n(box.height)}pt" viewBox="0 0 ${n(box.width)} ${n(box.height)}">${out.join('')}</svg>`;
}
