// Test support: page images of a PDF (poppler) and their comparison with stored PNG references.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/** PNG bytes of each page (`pdftoppm -png -r dpi`). */
export function pagePngs(pdf: Uint8Array, dpi: number, last?: number): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'bs-png-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), ...(last ? ['-l', String(last)] : []), join(dir, 'doc.pdf'), join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(join(dir, f)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Grey pixels of an 8-bit non-interlaced PNG (grey, grey+alpha, RGB or RGBA), as pdftoppm writes. */
export function greyPixels(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 1;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[data[9]!] ?? 0;
      if (data[8] !== 8 || channels === 0 || data[12] !== 0) throw new Error('expected an 8-bit non-interlaced PNG');
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? rows[y * stride + i - channels]! : 0;
      const b = y > 0 ? rows[(y - 1) * stride + i]! : 0;
      const c = i >= channels && y > 0 ? rows[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      rows[y * stride + i] = (v + [0, a, b, (a + b) >> 1, paeth][filter]!) & 0xff;
    }
  }
  const colours = Math.min(channels, 3);
  const pixels = new Uint8Array(width * height);
  for (let k = 0; k < width * height; k++) {
    let sum = 0;
    for (let ch = 0; ch < colours; ch++) sum += rows[k * channels + ch]!;
    pixels[k] = Math.round(sum / colours);
  }
  return { width, height, pixels };
}

/** How far two page images differ: mean grey difference and the share of pixels off by more than 64. */
export function imageDifference(a: Buffer, b: Buffer): { sameSize: boolean; mean: number; changed: number } {
  const x = greyPixels(a);
  const y = greyPixels(b);
  if (x.width !== y.width || x.height !== y.height) return { sameSize: false, mean: 255, changed: 1 };
  let total = 0;
  let strong = 0;
  for (let k = 0; k < x.pixels.length; k++) {
    const d = Math.abs(x.pixels[k]! - y.pixels[k]!);
    total += d;
    if (d > 64) strong++;
  }
  return { sameSize: true, mean: total / x.pixels.length, changed: strong / x.pixels.length };
}
