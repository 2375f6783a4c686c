// The masthead logo in the PDF: drawn where the layout put it (measured on the rendered page), PNG
// with transparency and JPEG, the same bytes every time, valid for qpdf and poppler, and left out
// (reported) when it cannot be used.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { flatGreyJpeg, pngBytes } from '../../../tests/support/images';
import { qpdfCheck, popplerText, renderGray, requireTools, withPdfFile } from '../../../tests/unit/pdf/extract';
import { loadBriefing, loadTemplate, testEngine } from '../../../tests/unit/pdf/render';
import type { Template } from '../../shared/template';
import type { Logo } from '../layout/image';
import { renderBriefingPdf, type RenderResult } from '.';

const loaded = loadTemplate();
const briefing = loadBriefing('empty');

async function renderWith(logo: Logo | undefined, images: Record<string, Uint8Array> | undefined, options: { pdfa?: boolean } = {}): Promise<RenderResult> {
  const template: Template = { ...loaded.template, masthead: { ...loaded.template.masthead, ...(logo ? { logo } : {}) } };
  const host = { ...testEngine.hostFor(loaded), ...(images ? { images: (file: string) => images[file] } : {}) };
  const result = await renderBriefingPdf(briefing, template, host, options);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** `pdfimages -list` rows: type, width, height, colour, encoding. */
function imagesIn(pdf: Uint8Array): { type: string; width: number; height: number; color: string; enc: string }[] {
  const out = withPdfFile(pdf, (path) => execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/))
    .map((c) => ({ type: c[2]!, width: Number(c[3]), height: Number(c[4]), color: c[5]!, enc: c[8]! }));
}

/** Bounding box (mm) of pixels darker than `below` inside a region (mm) of page 1, at 10 px/mm. */
function darkBox(pdf: Uint8Array, region: { x0: number; y0: number; x1: number; y1: number }, below = 200) {
  const { width, pixels } = renderGray(pdf, 1, 254);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = region.y0 * 10; y < region.y1 * 10; y++) {
    for (let x = region.x0 * 10; x < region.x1 * 10; x++) {
      if (pixels[y * width + x]! < below) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
    }
  }
  return { x0: x0 / 10, y0: y0 / 10, x1: x1 / 10, y1: y1 / 10, at: (xMm: number, yMm: number) => pixels[Math.round(yMm * 10) * width + Math.round(xMm * 10)]! };
}

// Top right of the masthead, clear of the name (from 62 mm) and of the first line's marks.
const logo: Logo = { file: 'images/logo.png', widthMm: 30, heightMm: 15, topMm: 45, align: 'right' };
const region = { x0: 140, y0: 38, x1: 195, y1: 61 };

describe('the masthead logo in the PDF', () => {
  it('draws a PNG in its box, aspect kept, measured on the rendered page', async () => {
    if (!requireTools('pdftoppm', 'pdfimages', 'qpdf', 'pdftotext')) return;
    // 40×20 px of grey 60 into a 30×15 mm box: exactly the box
    const png = pngBytes({ width: 40, height: 20, colorType: 0, pixel: () => [60] });
    const result = await renderWith(logo, { 'images/logo.png': png });
    expect(result.missingImages).toEqual([]);
    qpdfCheck(result.pdf);
    expect(popplerText(result.pdf).replace(/\s+/g, '')).toContain('工作简报');
    expect(imagesIn(result.pdf)).toEqual([{ type: 'image', width: 40, height: 20, color: 'gray', enc: 'image' }]);
    const box = darkBox(result.pdf, region);
    expect(box.x0).toBeCloseTo(154, 0);
    expect(box.x1).toBeCloseTo(184, 0);
    expect(box.y0).toBeCloseTo(45, 0);
    expect(box.y1).toBeCloseTo(60, 0);
    expect(Math.abs(box.at(169, 52.5) - 60)).toBeLessThanOrEqual(2);
  });

  it('a PNG with transparency (decoded by pdfkit in a callback) gives the same bytes every time', async () => {
    if (!requireTools('pdfimages', 'qpdf')) return;
    // a disc: transparent corners, and interlaced, so pdfkit takes its slow path
    const disc = pngBytes({ width: 32, height: 32, colorType: 6, interlaced: true, pixel: (x, y) => [200, 16, 46, Math.hypot(x - 15.5, y - 15.5) < 15 ? 255 : 0] });
    const images = { 'images/logo.png': disc };
    const a = await renderWith(logo, images);
    const b = await renderWith(logo, images);
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    qpdfCheck(a.pdf);
    expect(imagesIn(a.pdf).map((i) => [i.type, i.width, i.height])).toEqual([
      ['image', 32, 32],
      ['smask', 32, 32],
    ]);
    const pdfa = await renderWith(logo, images, { pdfa: true });
    qpdfCheck(pdfa.pdf);
    expect(Buffer.from(pdfa.pdf).equals(Buffer.from((await renderWith(logo, images, { pdfa: true })).pdf))).toBe(true);
  });

  it('draws a JPEG as it is (DCT), in its box', async () => {
    if (!requireTools('pdftoppm', 'pdfimages', 'qpdf')) return;
    const jpeg = flatGreyJpeg(32, 16, 64);
    const result = await renderWith({ ...logo, file: 'images/logo.jpg' }, { 'images/logo.jpg': jpeg });
    qpdfCheck(result.pdf);
    expect(imagesIn(result.pdf)).toEqual([{ type: 'image', width: 32, height: 16, color: 'gray', enc: 'jpeg' }]);
    const box = darkBox(result.pdf, region);
    expect([box.x0, box.x1, box.y0, box.y1].map((v) => Math.round(v))).toEqual([154, 184, 45, 60]);
    expect(Math.abs(box.at(169, 52.5) - 64)).toBeLessThanOrEqual(3);
  });

  it('a missing or broken image: the PDF is made without it and the result says so', async () => {
    if (!requireTools('pdfimages', 'qpdf', 'pdftotext')) return;
    const broken = pngBytes({ width: 8, height: 8, idat: new Uint8Array([0x78, 0x9c, 1, 2, 3]) });
    const cases: (Record<string, Uint8Array> | undefined)[] = [{}, { 'images/logo.png': broken }, undefined];
    for (const images of cases) {
      const result = await renderWith(logo, images);
      qpdfCheck(result.pdf);
      expect(imagesIn(result.pdf)).toEqual([]);
      expect(popplerText(result.pdf).replace(/\s+/g, '')).toContain('工作简报');
      expect(result.missingImages).toEqual([{ file: 'images/logo.png', message: expect.stringContaining('已省略') }]);
    }
  });

  it('a template without a logo renders the same bytes with or without an image reader', async () => {
    const a = await renderWith(undefined, undefined);
    const b = await renderWith(undefined, { 'images/logo.png': pngBytes({ width: 2, height: 2 }) });
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    expect(a.missingImages).toEqual([]);
  });
});
