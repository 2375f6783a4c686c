// Golden files: fixture briefings rendered on a pinned clock, compared with stored references
// (a) as extracted text with positions and fonts, (b) as page images rendered by poppler.
// Update the references after an intended layout change with:
//   UPDATE_GOLDEN=1 npx vitest run --project node tests/unit/pdf/golden.test.ts
// then look at the new PNGs in tests/golden/<fixture>/ before committing them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractRuns, requireTools, withPdfFile } from './extract';
import { loadBriefing, paths, renderOk } from './render';

const update = process.env.UPDATE_GOLDEN === '1';
const DPI = 30;
const cases: { name: string; options?: { copyNumber?: string } }[] = [
  { name: 'demo' },
  { name: 'full-grid' },
  { name: 'numbered', options: { copyNumber: '000017' } },
  { name: 'wide-table' },
  { name: 'chart-empty' },
  { name: 'empty' },
];

/** Decodes an 8-bit, non-interlaced PNG (grey or RGB, as pdftoppm writes) to grey pixels. */
export function decodeGrayPng(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
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
      const colourType = data[9]!;
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colourType] ?? 0;
      if (data[8] !== 8 || channels === 0 || data[12] !== 0) throw new Error('expected an 8-bit non-interlaced grey or RGB PNG');
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
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      rows[y * stride + i] = (v + predictor) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let k = 0; k < width * height; k++) {
    let sum = 0;
    const colours = Math.min(channels, 3);
    for (let ch = 0; ch < colours; ch++) sum += rows[k * channels + ch]!;
    pixels[k] = Math.round(sum / colours);
  }
  return { width, height, pixels };
}

function renderPngs(pdf: Uint8Array): Buffer[] {
  return withPdfFile(pdf, (path, dir) => {
    execFileSync('pdftoppm', ['-png', '-r', String(DPI), path, join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(join(dir, f)));
  });
}

describe('golden files', () => {
  for (const { name, options } of cases) {
    it(`${name}: text with positions and page images match the references`, async () => {
      const dir = join(paths.root, 'tests', 'golden', name);
      const result = await renderOk(loadBriefing(name), options ?? {});
      const pages = await extractRuns(result.pdf);
      const text = pages.map((p, i) => ({
        page: i + 1,
        runs: p.runs.map((r) => ({ str: r.str, x: +r.x.toFixed(2), baseline: +r.baseline.toFixed(2), size: +r.size.toFixed(2), font: r.font })),
      }));
      const textJson = `${JSON.stringify(text, null, 1)}\n`;
      if (update) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'text.json'), textJson);
      }
      expect(existsSync(join(dir, 'text.json')), `missing reference: run UPDATE_GOLDEN=1 (see the top of this file)`).toBe(true);
      expect(JSON.parse(textJson)).toEqual(JSON.parse(readFileSync(join(dir, 'text.json'), 'utf8')));

      if (!requireTools('pdftoppm')) return;
      const pngs = renderPngs(result.pdf);
      if (update) pngs.forEach((png, i) => writeFileSync(join(dir, `page-${i + 1}.png`), png));
      const references = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f));
      expect(pngs).toHaveLength(references.length);
      pngs.forEach((png, i) => {
        const actual = decodeGrayPng(png);
        const expected = decodeGrayPng(readFileSync(join(dir, `page-${i + 1}.png`)));
        expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
        let total = 0;
        let strong = 0;
        for (let k = 0; k < actual.pixels.length; k++) {
          const d = Math.abs(actual.pixels[k]! - expected.pixels[k]!);
          total += d;
          if (d > 64) strong++;
        }
        // Tolerates anti-aliasing differences between poppler versions, not a moved line.
        expect(total / actual.pixels.length, `page ${i + 1}: mean difference`).toBeLessThan(1);
        expect(strong / actual.pixels.length, `page ${i + 1}: changed pixels`).toBeLessThan(0.003);
      });
    }, 30_000);
  }
});
