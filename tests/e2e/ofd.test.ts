// The OFD export checked with an independent reader: the reference fixture and the demo are written
// as .ofd, opened by ofd.js (npm, 0.2.6: the Apache-2.0 reader that draws pages as SVG; 1.5.0 needs
// a licence key) in Debian's Chromium, and compared with BriefSmith's own PDF of the same draft:
// - the same number of pages;
// - every glyph where the layout put it: ofd.js's own positions of each character (from our XML)
//   against the layout, within 1 mm;
// - the page images: ofd.js's page 1..n screenshots against pdftoppm at 60 dpi, the vertical ink
//   bands (text lines, rules) and their left/right ink edges within ~1 mm.
// Images go to tests/e2e/screenshots/ofd-<name>-reader-page-N.png beside ofd-<name>-pdf-page-N.png,
// the measured figures to ofd-agreement.json. ofd.js draws text with the browser's fonts by family
// name (it does not load embedded fonts), so glyph shapes differ; positions must not.
// Skipped with a message when Chromium is missing; a failure under CI=true.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOfd } from '../../src/core/ofd';
import type { LayoutDocument } from '../../src/core/layout';
import { chromiumAvailability, launchChromium } from './harness/browser';
import { loadBriefing, paths, PINNED, renderOk } from '../unit/pdf/render';

const { available, reason } = chromiumAvailability();
if (!available) process.stderr.write(`ofd e2e skipped: ${reason}\n`);

const MM = 25.4 / 72;
const PDF_DPI = 60;
const screenshots = join(paths.root, 'tests', 'e2e', 'screenshots');
const readerScript = createRequire(import.meta.url).resolve('ofd.js/lib/ofd.umd.min.js');
const measured: Record<string, unknown> = {};

interface ReaderGlyph {
  readonly ch: string;
  /** mm from the page's top-left. */
  readonly x: number;
  readonly y: number;
}
interface ReaderPage {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly glyphs: ReaderGlyph[];
}
/** A horizontal band of rows with ink, in mm, with its left and right ink edges. */
interface Band {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

let browser: Browser | undefined;
let page: Page | undefined;

beforeAll(async () => {
  if (!available) return;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  await page.setContent('<html><body style="margin:0;background:#fff"><div id="pages"></div><canvas id="c"></canvas></body></html>');
  await page.addScriptTag({ path: readerScript });
});
afterAll(async () => {
  await browser?.close();
  if (Object.keys(measured).length > 0) writeFileSync(join(screenshots, 'ofd-agreement.json'), `${JSON.stringify(measured, null, 1)}\n`);
});

/**
 * Loads the package's embedded fonts into the page (CSS FontFace, under the FamilyName the package
 * declares): Chromium's font sanitizer (OTS) must accept every subset, and ofd.js, which draws text
 * by family name, then draws with the package's own fonts. Returns the families that failed.
 */
async function loadEmbeddedFonts(p: Page, ofd: Uint8Array): Promise<{ loaded: string[]; failed: string[] }> {
  const files = unzipSync(ofd);
  const res = strFromU8(files['Doc_0/PublicRes.xml']!);
  const fonts = [...res.matchAll(/<ofd:Font ID="\d+" FontName="[^"]*" FamilyName="([^"]*)"><ofd:FontFile>([^<]+)<\/ofd:FontFile>/g)].map((m) => ({
    family: m[1]!,
    b64: Buffer.from(files[`Doc_0/Res/${m[2]}`]!).toString('base64'),
  }));
  return p.evaluate(async (list) => {
    document.fonts.clear();
    const loaded: string[] = [];
    const failed: string[] = [];
    for (const { family, b64 } of list) {
      try {
        const face = new FontFace(family, Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
        await face.load();
        document.fonts.add(face);
        loaded.push(family);
      } catch (e) {
        failed.push(`${family}: ${String(e)}`);
      }
    }
    return { loaded, failed };
  }, fonts);
}

/** Opens an OFD in ofd.js and returns each rendered page's size and glyph positions (mm). */
async function openInReader(p: Page, ofd: Uint8Array): Promise<ReaderPage[]> {
  return p.evaluate(async (b64) => {
    const w = window as unknown as { ofd: { parseOfdDocument(o: object): void; renderOfd(width: number, doc: unknown): HTMLElement[] } };
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const divs = await new Promise<HTMLElement[]>((resolve, reject) => {
      w.ofd.parseOfdDocument({ ofd: bytes.buffer, success: (res: unknown[]) => resolve(w.ofd.renderOfd(794, res[0])), fail: (e: unknown) => reject(new Error(String(e))) });
    });
    const host = document.getElementById('pages')!;
    host.replaceChildren(...divs);
    return divs.map((div) => {
      const widthPx = parseFloat(div.style.width);
      const heightPx = parseFloat(div.style.height);
      const pxPerMm = widthPx / 210;
      const glyphs = [...div.querySelectorAll('svg')].flatMap((svg) =>
        [...svg.querySelectorAll('text')].map((t) => ({
          ch: t.textContent ?? '',
          x: (parseFloat(svg.style.left) + parseFloat(t.getAttribute('x') ?? '0')) / pxPerMm,
          y: (parseFloat(svg.style.top) + parseFloat(t.getAttribute('y') ?? '0')) / pxPerMm,
        })),
      );
      return { widthPx, heightPx, glyphs };
    });
  }, Buffer.from(ofd).toString('base64'));
}

/** Ink bands of a PNG (decoded by the browser), in mm given the image's pixels per mm. */
async function inkBands(p: Page, png: Buffer, pxPerMm: number): Promise<Band[]> {
  const rows = await p.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.getElementById('c') as HTMLCanvasElement;
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const out: [number, number, number][] = [];
    for (let y = 0; y < img.height; y++) {
      let count = 0;
      let left = -1;
      let right = -1;
      for (let x = 0; x < img.width; x++) {
        const i = (y * img.width + x) * 4;
        // Ink: dark or saturated (the red masthead), not the light grey of anti-aliasing.
        if (Math.min(data[i]!, data[i + 1]!, data[i + 2]!) < 150) {
          count++;
          if (left < 0) left = x;
          right = x;
        }
      }
      out.push([count, left, right]);
    }
    return out;
  }, png.toString('base64'));
  const bands: Band[] = [];
  let start = -1;
  let left = Infinity;
  let right = -Infinity;
  rows.forEach(([count, l, r], y) => {
    if (count >= 2) {
      if (start < 0) start = y;
      left = Math.min(left, l);
      right = Math.max(right, r);
    } else if (start >= 0) {
      bands.push({ top: start / pxPerMm, bottom: y / pxPerMm, left: left / pxPerMm, right: (right + 1) / pxPerMm });
      start = -1;
      left = Infinity;
      right = -Infinity;
    }
  });
  return bands;
}

function pdfPages(pdf: Uint8Array): Buffer[] {
  const tmp = mkdtempSync(join(tmpdir(), 'bs-ofd-png-'));
  try {
    writeFileSync(join(tmp, 'doc.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', String(PDF_DPI), join(tmp, 'doc.pdf'), join(tmp, 'p')]);
    return readdirSync(tmp)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(join(tmp, f)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The layout's visible glyphs of a page in drawing order, in mm (x = pen position, y = baseline). */
function layoutGlyphs(layout: LayoutDocument, index: number): ReaderGlyph[] {
  return layout.pages[index]!.items.flatMap((item) =>
    item.kind === 'text' ? item.glyphs.filter((g) => g.char.trim() !== '').flatMap((g) => [...g.char].map((ch) => ({ ch, x: g.x * MM, y: item.baseline * MM }))) : [],
  );
}

describe.skipIf(!available)('OFD export in ofd.js beside our PDF', () => {
  for (const name of ['bench-reference', 'demo']) {
    it(`${name}: ofd.js shows the same pages, every glyph within 1 mm of the layout, ink where the PDF has it`, async () => {
      const result = await renderOk(loadBriefing(name));
      const layout = result.layout;
      const ofd = writeOfd(layout, { title: layout.metadata.title, author: layout.metadata.author, creationDate: PINNED, templateRef: `${layout.metadata.templateId}@${layout.metadata.templateVersion}` });
      const p = page!;
      const fonts = await loadEmbeddedFonts(p, ofd);
      expect(fonts.failed).toEqual([]);
      expect(fonts.loaded.length).toBe(layout.faces.filter((f) => layout.pages.some((pg) => pg.items.some((i) => i.kind === 'text' && i.face.key === f.key && i.glyphs.some((g) => g.char.trim())))).length);
      const pages = await openInReader(p, ofd);
      expect(pages).toHaveLength(result.pageCount);

      // Glyph positions as the reader understood our XML.
      let glyphs = 0;
      let worst = 0;
      pages.forEach((readerPage, i) => {
        const ours = layoutGlyphs(layout, i);
        expect(readerPage.glyphs.map((g) => g.ch).join('')).toBe(ours.map((g) => g.ch).join(''));
        ours.forEach((g, k) => {
          const r = readerPage.glyphs[k]!;
          worst = Math.max(worst, Math.abs(r.x - g.x), Math.abs(r.y - g.y));
        });
        glyphs += ours.length;
      });
      expect(worst).toBeLessThan(1);

      // Page images: the reader's screenshots beside pdftoppm's, compared by ink bands.
      mkdirSync(screenshots, { recursive: true });
      for (const f of readdirSync(screenshots).filter((f) => f.startsWith(`ofd-${name}-`))) rmSync(join(screenshots, f));
      writeFileSync(join(screenshots, `ofd-${name}.ofd`), ofd);
      const pdfPngs = pdfPages(result.pdf);
      expect(pdfPngs).toHaveLength(pages.length);
      const divs = await p.$$('#pages > div');
      const perPage: { bands: number; matched: number; worstCentre: number; worstEdge: number; misses: string[] }[] = [];
      for (let i = 0; i < pages.length; i++) {
        const readerPng = await divs[i]!.screenshot();
        writeFileSync(join(screenshots, `ofd-${name}-reader-page-${i + 1}.png`), readerPng);
        writeFileSync(join(screenshots, `ofd-${name}-pdf-page-${i + 1}.png`), pdfPngs[i]!);
        const theirs = await inkBands(p, readerPng, pages[i]!.widthPx / 210);
        const ours = await inkBands(p, pdfPngs[i]!, PDF_DPI / 25.4);
        // Each PDF band matched with the reader band whose centre is nearest.
        let matched = 0;
        let worstCentre = 0;
        let worstEdge = 0;
        const misses: string[] = [];
        const show = (b: Band) => `${round(b.top)}–${round(b.bottom)} ↔ ${round(b.left)}–${round(b.right)}`;
        for (const band of ours) {
          const centre = (band.top + band.bottom) / 2;
          const near = theirs.reduce((best, b) => (Math.abs((b.top + b.bottom) / 2 - centre) < Math.abs((best.top + best.bottom) / 2 - centre) ? b : best), theirs[0]!);
          const d = Math.abs((near.top + near.bottom) / 2 - centre);
          if (d <= 1) matched++;
          else misses.push(`pdf ${show(band)} / reader ${show(near)}`);
          worstCentre = Math.max(worstCentre, d);
          worstEdge = Math.max(worstEdge, Math.abs(near.left - band.left));
        }
        perPage.push({ bands: ours.length, matched, worstCentre: round(worstCentre), worstEdge: round(worstEdge), misses });
      }
      const bands = perPage.reduce((s, x) => s + x.bands, 0);
      const matched = perPage.reduce((s, x) => s + x.matched, 0);
      measured[name] = { pages: pages.length, embeddedFontsLoaded: fonts.loaded, glyphs, worstGlyphMm: round(worst), bands, bandsWithin1mm: matched, perPage };
      process.stderr.write(`ofd ${name}: ${pages.length} pages; ${glyphs} glyphs, worst ${worst.toFixed(3)} mm; ink bands within 1 mm ${matched}/${bands}\n`);
      expect(matched / bands).toBeGreaterThanOrEqual(0.95);
    }, 240_000);
  }
});

const round = (v: number) => Math.round(v * 100) / 100;
