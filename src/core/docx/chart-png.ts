import type { Colour, LayoutItem } from '../layout';
import type { Box } from './chart-svg';

/**
 * The layout's drawing of a chart (bars, axes, ticks, labels) inside `box` as a PNG at `dpi`: the
 * same picture as the SVG, for programs that do not draw SVG from a .docx (LibreOffice 7.4, older
 * Word). Text is drawn from the glyph outlines of the faces the layout used, so the picture needs
 * no fonts. Pure and deterministic: an anti-aliased scanline fill (non-zero winding, five
 * sub-scanlines per pixel row, exact horizontal coverage) into white RGB, written as a PNG.
 */
export function chartPng(items: readonly LayoutItem[], box: Box, dpi = 200): Uint8Array {
  const s = dpi / 72;
  const width = Math.max(1, Math.ceil(box.width * s));
  const height = Math.max(1, Math.ceil(box.height * s));
  const canvas = new Canvas(width, height);
  const inside = (y: number) => y >= box.top - 0.5 && y <= box.top + box.height + 0.5;
  const X = (x: number) => (x - box.left) * s;
  const Y = (y: number) => (y - box.top) * s;
  for (const item of items) {
    if (item.kind === 'rect' && inside(item.y) && inside(item.y + item.h)) {
      const [x0, y0, x1, y1] = [X(item.x), Y(item.y), X(item.x + item.w), Y(item.y + item.h)];
      if (item.fill !== undefined) canvas.fill([rectangle(x0, y0, x1, y1)], rgb(item.fill));
      if (item.stroke !== undefined) {
        const w = Math.max(1, (item.lineWidth ?? 1) * s) / 2;
        canvas.fill([rectangle(x0 - w, y0 - w, x1 + w, y1 + w), rectangle(x0 + w, y1 - w, x1 - w, y0 + w)], rgb(item.stroke));
      }
    } else if (item.kind === 'rule' && inside(item.y1) && inside(item.y2)) {
      canvas.fill([stroke(X(item.x1), Y(item.y1), X(item.x2), Y(item.y2), Math.max(1, item.width * s))], rgb(item.color));
    } else if (item.kind === 'text' && inside(item.baseline)) {
      const colour = rgb(item.color);
      for (const glyph of item.glyphs) {
        const codePoint = glyph.char.codePointAt(0) ?? 0;
        if (/\s/.test(glyph.char) || !item.face.hasGlyph(codePoint)) continue;
        const { path, unitsPerEm } = item.face.outline(codePoint);
        const k = item.size / unitsPerEm;
        const scaleX = (glyph.scaleX ?? 1) * (item.scaleX ?? 1);
        const contours = parsePath(path, (x, y) => [X(glyph.x + x * k * scaleX), Y(item.baseline - y * k)]);
        if (contours.length > 0) canvas.fill(contours, colour);
      }
    }
  }
  return encodePng(width, height, canvas.pixels);
}

type Point = readonly [number, number];
type Contour = Point[];

const rectangle = (x0: number, y0: number, x1: number, y1: number): Contour => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

/** A line `w` wide from (x0, y0) to (x1, y1), as a closed quadrilateral. */
function stroke(x0: number, y0: number, x1: number, y1: number, w: number): Contour {
  const length = Math.hypot(x1 - x0, y1 - y0) || 1;
  const nx = (-(y1 - y0) / length) * (w / 2);
  const ny = ((x1 - x0) / length) * (w / 2);
  return [
    [x0 + nx, y0 + ny],
    [x1 + nx, y1 + ny],
    [x1 - nx, y1 - ny],
    [x0 - nx, y0 - ny],
  ];
}

/** RGB of a layout colour: #rrggbb, or CMYK (as the PDF draws it) converted for the screen. */
function rgb(colour: Colour | undefined): readonly [number, number, number] {
  if (colour === undefined) return [0, 0, 0];
  if (typeof colour === 'string') {
    const hex = colour.replace('#', '');
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex.padEnd(6, '0');
    return [parseInt(full.slice(0, 2), 16) || 0, parseInt(full.slice(2, 4), 16) || 0, parseInt(full.slice(4, 6), 16) || 0];
  }
  const [c, m, y, k] = colour;
  const ch = (v: number) => Math.round(255 * (1 - v) * (1 - k));
  return [ch(c), ch(m), ch(y)];
}

/**
 * An SVG path of absolute M/L/Q/C/Z commands (what fontkit's `toSVG` writes) as flattened closed
 * contours, each point mapped through `map`.
 */
export function parsePath(path: string, map: (x: number, y: number) => Point): Contour[] {
  const tokens = path.match(/[MLQCZmlqcz]|-?\d*\.?\d+(?:[eE][-+]?\d+)?/g) ?? [];
  const contours: Contour[] = [];
  let current: Contour | null = null;
  let at: [number, number] = [0, 0];
  let start: [number, number] = [0, 0];
  let i = 0;
  const num = () => Number(tokens[i++]);
  let command = '';
  while (i < tokens.length) {
    if (/^[A-Za-z]$/.test(tokens[i]!)) command = tokens[i++]!.toUpperCase();
    if (command === 'M') {
      at = [num(), num()];
      start = at;
      current = [map(at[0], at[1])];
      contours.push(current);
      command = 'L';
    } else if (command === 'L') {
      at = [num(), num()];
      current?.push(map(at[0], at[1]));
    } else if (command === 'Q') {
      const [cx, cy, x, y] = [num(), num(), num(), num()];
      for (let t = 1; t <= 8; t++) {
        const u = t / 8;
        const a = (1 - u) * (1 - u);
        const b = 2 * u * (1 - u);
        const c = u * u;
        current?.push(map(a * at[0] + b * cx + c * x, a * at[1] + b * cy + c * y));
      }
      at = [x, y];
    } else if (command === 'C') {
      const [c1x, c1y, c2x, c2y, x, y] = [num(), num(), num(), num(), num(), num()];
      for (let t = 1; t <= 10; t++) {
        const u = t / 10;
        const a = (1 - u) ** 3;
        const b = 3 * u * (1 - u) ** 2;
        const c = 3 * u * u * (1 - u);
        const d = u ** 3;
        current?.push(map(a * at[0] + b * c1x + c * c2x + d * x, a * at[1] + b * c1y + c * c2y + d * y));
      }
      at = [x, y];
    } else if (command === 'Z') {
      at = start;
      current = null;
      command = '';
    } else {
      i++; // a token outside any command: skipped
    }
  }
  return contours.filter((c) => c.length >= 3);
}

const SUBSAMPLES = 5;

/** White RGB pixels and an anti-aliased non-zero fill of closed contours. */
class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3).fill(255);
  }

  fill(contours: readonly Contour[], colour: readonly [number, number, number]): void {
    const edges: { x0: number; y0: number; x1: number; y1: number; dir: number }[] = [];
    let top = Infinity;
    let bottom = -Infinity;
    let left = Infinity;
    let right = -Infinity;
    for (const contour of contours) {
      for (let k = 0; k < contour.length; k++) {
        const [ax, ay] = contour[k]!;
        const [bx, by] = contour[(k + 1) % contour.length]!;
        top = Math.min(top, ay);
        bottom = Math.max(bottom, ay);
        left = Math.min(left, ax);
        right = Math.max(right, ax);
        if (ay === by) continue;
        edges.push(ay < by ? { x0: ax, y0: ay, x1: bx, y1: by, dir: 1 } : { x0: bx, y0: by, x1: ax, y1: ay, dir: -1 });
      }
    }
    if (edges.length === 0) return;
    const row0 = Math.max(0, Math.floor(top));
    const row1 = Math.min(this.height, Math.ceil(bottom));
    const col0 = Math.max(0, Math.floor(left));
    const col1 = Math.min(this.width, Math.ceil(right));
    if (row0 >= row1 || col0 >= col1) return;
    const coverage = new Float32Array(col1 - col0 + 1);
    const crossings: { x: number; dir: number }[] = [];
    for (let row = row0; row < row1; row++) {
      coverage.fill(0);
      for (let sub = 0; sub < SUBSAMPLES; sub++) {
        const y = row + (sub + 0.5) / SUBSAMPLES;
        crossings.length = 0;
        for (const e of edges) if (y >= e.y0 && y < e.y1) crossings.push({ x: e.x0 + ((y - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0), dir: e.dir });
        crossings.sort((a, b) => a.x - b.x);
        let winding = 0;
        for (let k = 0; k < crossings.length; k++) {
          const was = winding;
          winding += crossings[k]!.dir;
          if (was === 0 && winding !== 0) {
            // A span opens here; it closes where the winding returns to zero.
            let end = k + 1;
            let w = winding;
            while (end < crossings.length && w !== 0) w += crossings[end++]!.dir;
            this.span(coverage, col0, Math.max(crossings[k]!.x, col0), Math.min(crossings[end - 1]!.x, col1));
            winding = 0;
            k = end - 1;
          }
        }
      }
      for (let col = col0; col < col1; col++) {
        const a = Math.min(1, coverage[col - col0]! / SUBSAMPLES);
        if (a <= 0) continue;
        const at = (row * this.width + col) * 3;
        for (let c = 0; c < 3; c++) this.pixels[at + c] = Math.round(this.pixels[at + c]! * (1 - a) + colour[c]! * a);
      }
    }
  }

  /** Adds the horizontal coverage of [xa, xb) (one sub-scanline) to `coverage`. */
  private span(coverage: Float32Array, col0: number, xa: number, xb: number): void {
    if (!(xb > xa)) return;
    const first = Math.floor(xa);
    const last = Math.floor(xb);
    if (first === last) {
      coverage[first - col0] = (coverage[first - col0] ?? 0) + (xb - xa);
      return;
    }
    coverage[first - col0] = (coverage[first - col0] ?? 0) + (first + 1 - xa);
    for (let col = first + 1; col < last; col++) coverage[col - col0] = (coverage[col - col0] ?? 0) + 1;
    if (last - col0 < coverage.length) coverage[last - col0] = (coverage[last - col0] ?? 0) + (xb - last);
  }
}

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

/** One fixed-Huffman deflate block (RFC 1951 §3.2.6): literals, and runs of the previous byte as matches at distance 1. */
function deflateRuns(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let count = 0;
  const put = (value: number, n: number) => {
    // Extra bits and header fields: least significant bit first.
    for (let k = 0; k < n; k++) {
      bits |= ((value >>> k) & 1) << count;
      if (++count === 8) {
        out.push(bits);
        bits = 0;
        count = 0;
      }
    }
  };
  const code = (value: number, n: number) => {
    // Huffman codes: most significant bit first.
    for (let k = n - 1; k >= 0; k--) put((value >>> k) & 1, 1);
  };
  const symbol = (s: number) => {
    if (s < 144) code(0x30 + s, 8);
    else if (s < 256) code(0x190 + s - 144, 9);
    else if (s < 280) code(s - 256, 7);
    else code(0xc0 + s - 280, 8);
  };
  put(1, 1); // BFINAL
  put(1, 2); // BTYPE 01: fixed Huffman codes
  let i = 0;
  while (i < data.length) {
    let run = 0;
    if (i > 0) while (run < 258 && i + run < data.length && data[i + run] === data[i - 1]) run++;
    if (run >= 3) {
      let k = LENGTH_BASE.length - 1;
      while (LENGTH_BASE[k]! > run) k--;
      symbol(257 + k);
      put(run - LENGTH_BASE[k]!, LENGTH_EXTRA[k]!);
      code(0, 5); // distance 1
      i += run;
    } else {
      symbol(data[i]!);
      i++;
    }
  }
  symbol(256);
  if (count > 0) out.push(bits);
  return Uint8Array.from(out);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * An 8-bit RGB PNG: each row filtered with Sub (a flat colour becomes zeros), compressed with a
 * small deflate of our own — fixed Huffman codes, literals and runs of the previous byte — which is
 * all a chart of flat fills and white needs (a 200 dpi chart of ~2 MB of pixels comes to tens of KB).
 */
export function encodePng(width: number, height: number, rgbPixels: Uint8Array): Uint8Array {
  const rowBytes = width * 3 + 1;
  const raw = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    const from = y * width * 3;
    raw[row] = 1; // Sub
    for (let x = 0; x < width * 3; x++) raw[row + 1 + x] = (rgbPixels[from + x]! - (x >= 3 ? rgbPixels[from + x - 3]! : 0)) & 0xff;
  }
  const deflated = deflateRuns(raw);
  const zlib = new Uint8Array(2 + deflated.length + 4);
  zlib[0] = 0x78;
  zlib[1] = 0x01;
  zlib.set(deflated, 2);
  const at = 2 + deflated.length;
  // Adler-32, reduced every 5552 bytes (the most that cannot overflow).
  let a = 1;
  let d = 0;
  for (let i = 0; i < raw.length; ) {
    const end = Math.min(raw.length, i + 5552);
    for (; i < end; i++) {
      a += raw[i]!;
      d += a;
    }
    a %= 65521;
    d %= 65521;
  }
  new DataView(zlib.buffer).setUint32(at, ((d << 16) | a) >>> 0);
  const chunks: [string, Uint8Array][] = [
    ['IHDR', (() => {
      const h = new Uint8Array(13);
      const v = new DataView(h.buffer);
      v.setUint32(0, width);
      v.setUint32(4, height);
      h.set([8, 2, 0, 0, 0], 8);
      return h;
    })()],
    ['IDAT', zlib],
    ['IEND', new Uint8Array(0)],
  ];
  const size = 8 + chunks.reduce((sum, [, data]) => sum + 12 + data.length, 0);
  const out = new Uint8Array(size);
  out.set([137, 80, 78, 71, 13, 10, 26, 10], 0);
  const view = new DataView(out.buffer);
  let p = 8;
  for (const [type, data] of chunks) {
    view.setUint32(p, data.length);
    for (let k = 0; k < 4; k++) out[p + 4 + k] = type.charCodeAt(k);
    out.set(data, p + 8);
    view.setUint32(p + 8 + data.length, crc32(out, p + 4, p + 8 + data.length));
    p += 12 + data.length;
  }
  return out;
}
