import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LayoutItem } from '../layout';
import { fakeFace } from '../layout/test-support';
import { chartPng, encodePng, parsePath } from './chart-png';

/** Width, height and RGB pixels of one of our PNGs (8-bit RGB, filter 0), checking every chunk's CRC. */
function decode(png: Uint8Array): { width: number; height: number; rgb: (x: number, y: number) => number[] } {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length)).toBe(crc(png.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = new DataView(data.buffer, data.byteOffset).getUint32(0);
      height = new DataView(data.buffer, data.byteOffset).getUint32(4);
      expect([...data.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (width * 3 + 1));
  // Undo each row's filter (ours writes Sub, 1; None, 0, is read too).
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width * 3 + 1)]!;
    expect([0, 1]).toContain(filter);
    for (let x = 0; x < width * 3; x++) {
      const left = filter === 1 && x >= 3 ? pixels[y * width * 3 + x - 3]! : 0;
      pixels[y * width * 3 + x] = (raw[y * (width * 3 + 1) + 1 + x]! + left) & 0xff;
    }
  }
  return { width, height, rgb: (x, y) => [...pixels.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)] };
}

function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

const struct = { type: 'Figure', id: 1 } as const;

describe('encodePng', () => {
  it('writes a PNG any zlib reads back to the same pixels, runs and literals alike', () => {
    const width = 200;
    const height = 150;
    const pixels = new Uint8Array(width * height * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) & 0xff;
    const png = decode(encodePng(width, height, pixels));
    expect([png.width, png.height]).toEqual([200, 150]);
    expect(png.rgb(199, 149)).toEqual([...pixels.subarray(pixels.length - 3)]);
    expect(png.rgb(10, 20)).toEqual([...pixels.subarray((20 * width + 10) * 3, (20 * width + 10) * 3 + 3)]);
  });

  it('makes a flat picture small (runs of the previous byte)', () => {
    const width = 1200;
    const height = 600;
    const pixels = new Uint8Array(width * height * 3).fill(255);
    pixels.fill(0, 300 * width * 3, 301 * width * 3); // one black row
    const bytes = encodePng(width, height, pixels);
    expect(bytes.length).toBeLessThan(20_000);
    const png = decode(bytes);
    expect(png.rgb(600, 300)).toEqual([0, 0, 0]);
    expect(png.rgb(600, 301)).toEqual([255, 255, 255]);
  });
});

describe('parsePath', () => {
  it('reads fontkit’s absolute commands into closed contours, curves flattened', () => {
    const contours = parsePath('M0 0L100 0Q100 100 0 100Z M10 10 L20 10 L20 20 Z', (x, y) => [x, y]);
    expect(contours.length).toBe(2);
    expect(contours[0]![0]).toEqual([0, 0]);
    expect(contours[0]!.at(-1)).toEqual([0, 100]);
    expect(contours[0]!.length).toBe(2 + 8);
    expect(contours[1]).toEqual([
      [10, 10],
      [20, 10],
      [20, 20],
    ]);
  });
});

describe('chartPng', () => {
  const box = { left: 100, top: 200, width: 72, height: 36 };
  const items: LayoutItem[] = [
    { kind: 'rect', x: 110, y: 210, w: 18, h: 18, fill: '#000000', struct },
    { kind: 'rule', x1: 100, y1: 233, x2: 172, y2: 233, width: 1, color: '#ff0000', struct },
    { kind: 'text', face: fakeFace(), size: 20, color: '#0000ff', baseline: 230, glyphs: [{ char: '南', x: 140 }], struct },
    // Outside the box: left out.
    { kind: 'rect', x: 110, y: 300, w: 10, h: 10, fill: '#000000', struct },
  ];

  it('draws bars, rules and glyph outlines where the layout has them, at the asked resolution', () => {
    const png = decode(chartPng(items, box, 144)); // 2 px per point
    expect([png.width, png.height]).toEqual([144, 72]);
    // The bar: (10, 10)–(28, 28) pt → pixels 20–56.
    expect(png.rgb(38, 38)).toEqual([0, 0, 0]);
    expect(png.rgb(70, 38)).not.toEqual([0, 0, 0]);
    // The rule at y = 33 pt, one point wide → pixel rows 65–66.
    expect(png.rgb(120, 65)).toEqual([255, 0, 0]);
    // The glyph: a triangle (0,0)–(10,0)–(10,10) pt above the baseline at x = 40 pt → pixels 80–100, rows 40–60.
    expect(png.rgb(96, 56)).toEqual([0, 0, 255]);
    expect(png.rgb(84, 44)).toEqual([255, 255, 255]);
    // Background.
    expect(png.rgb(2, 2)).toEqual([255, 255, 255]);
  });

  it('blends edges (anti-aliasing) and gives the same bytes for the same drawing', () => {
    const half = { left: 0, top: 0, width: 10, height: 10 };
    const png = decode(chartPng([{ kind: 'rect', x: 2.25, y: 0, w: 5, h: 10, fill: '#000000', struct }], half, 72));
    expect(png.rgb(2, 5)).toEqual([64, 64, 64]); // three quarters covered
    expect(png.rgb(4, 5)).toEqual([0, 0, 0]);
    expect(chartPng(items, box, 144)).toEqual(chartPng(items, box, 144));
  });
});
