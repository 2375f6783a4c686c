// Test helpers: read exported PDFs back with pdf.js (text runs with positions, sizes and font
// names), poppler (text, page images) and qpdf, and convert positions to millimetres from the
// top-left corner of the sheet, as gbt9704.md §6 states its checklist.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PT_TO_MM = 25.4 / 72;

/** One text run as pdf.js reports it, positions in mm from the sheet's top-left. */
export interface TextRun {
  readonly str: string;
  /** Left edge of the run (pen start), mm. */
  readonly x: number;
  /** Right edge (x + advance width), mm. */
  readonly x1: number;
  /** Baseline, mm from the top. */
  readonly baseline: number;
  /** Font size in pt (horizontal scale excluded). */
  readonly size: number;
  /** BaseFont without the subset prefix, e.g. NotoSerifCJKsc-Regular. */
  readonly font: string;
}

/** A text-showing operation's text and the fill colour it was drawn with. */
export interface ColouredText {
  readonly text: string;
  readonly color: readonly [number, number, number];
}

/** A page of runs plus its size in pt. */
export interface ExtractedPage {
  readonly width: number;
  readonly height: number;
  readonly runs: TextRun[];
  /** Every show-text operation in drawing order with its fill colour. */
  readonly coloured: ColouredText[];
}

/** True when a command exists on this machine (poppler, qpdf). */
export function hasTool(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Tools are required on CI; locally a missing tool skips with a message. */
export function requireTools(...tools: string[]): boolean {
  const missing = tools.filter((t) => !hasTool(t));
  if (missing.length === 0) return true;
  if (process.env.CI === 'true') throw new Error(`Required tools missing on CI: ${missing.join(', ')}`);
  process.stderr.write(`[skip] tools not installed: ${missing.join(', ')}\n`);
  return false;
}

/** Extracts every text run of every page with pdf.js (legacy build, Node). */
export async function extractRuns(pdf: Uint8Array): Promise<ExtractedPage[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const doc = await task.promise;
  const pages: ExtractedPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const ops = await page.getOperatorList();
    // Fill colours in drawing order: pdf.js reports fill colours as hex strings.
    const coloured: ColouredText[] = [];
    const stack: [number, number, number][] = [];
    let current: [number, number, number] = [0, 0, 0];
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      const args = ops.argsArray[i] as unknown[];
      if (fn === pdfjs.OPS.save) stack.push(current);
      else if (fn === pdfjs.OPS.restore) current = stack.pop() ?? [0, 0, 0];
      else if (fn === pdfjs.OPS.setFillRGBColor || fn === pdfjs.OPS.setFillCMYKColor || fn === pdfjs.OPS.setFillColor || fn === pdfjs.OPS.setFillGray) {
        const hex = String(args[0]);
        if (/^#[0-9a-f]{6}$/i.test(hex)) current = [parseInt(hex.slice(1, 3), 16) / 255, parseInt(hex.slice(3, 5), 16) / 255, parseInt(hex.slice(5, 7), 16) / 255];
      } else if (fn === pdfjs.OPS.showText) {
        const glyphs = args[0] as ({ unicode?: string } | number)[];
        const text = glyphs.map((g) => (typeof g === 'object' && g ? (g.unicode ?? '') : '')).join('');
        coloured.push({ text, color: current });
      }
    }
    const content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: true });
    const runs: TextRun[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [, , c, d, e, f] = item.transform as number[];
      // The vertical scale is the font size (the horizontal one includes Tz scaling).
      const size = Math.hypot(c!, d!);
      const fontObj = (() => {
        try {
          return page.commonObjs.get(item.fontName) as { name?: string } | undefined;
        } catch {
          return undefined;
        }
      })();
      const name = (fontObj?.name ?? item.fontName).replace(/^[A-Z]{6}\+/, '');
      if (item.str === '') continue;
      runs.push({
        str: item.str,
        x: e! * PT_TO_MM,
        x1: (e! + item.width) * PT_TO_MM,
        baseline: (viewport.height - f!) * PT_TO_MM,
        size,
        font: name,
      });
    }
    pages.push({ width: viewport.width, height: viewport.height, runs, coloured });
    page.cleanup();
  }
  await doc.destroy();
  return pages;
}

/** Groups runs into lines by baseline (±0.3 mm), sorted top to bottom, runs left to right. */
export function linesOf(runs: readonly TextRun[]): { baseline: number; runs: TextRun[]; text: string; x: number; x1: number }[] {
  const lines: { baseline: number; runs: TextRun[] }[] = [];
  for (const run of [...runs].sort((p, q) => p.baseline - q.baseline || p.x - q.x)) {
    const line = lines.find((l) => Math.abs(l.baseline - run.baseline) < 0.3);
    if (line) line.runs.push(run);
    else lines.push({ baseline: run.baseline, runs: [run] });
  }
  // A superscript (a citation marker 〔1〕: smaller, raised less than its line's size) belongs to the
  // line below it.
  const MM_PER_PT = 25.4 / 72;
  for (const raised of [...lines]) {
    const size = Math.max(...raised.runs.map((r) => r.size));
    const base = lines.find((l) => l !== raised && l.baseline > raised.baseline && (l.baseline - raised.baseline) < 0.5 * Math.max(...l.runs.map((r) => r.size)) * MM_PER_PT && size <= 0.7 * Math.max(...l.runs.map((r) => r.size)));
    if (!base) continue;
    base.runs.push(...raised.runs);
    lines.splice(lines.indexOf(raised), 1);
  }
  return lines
    .map((l) => {
      const sorted = l.runs.sort((p, q) => p.x - q.x);
      return { baseline: l.baseline, runs: sorted, text: sorted.map((r) => r.str).join(''), x: sorted[0]!.x, x1: Math.max(...sorted.map((r) => r.x1)) };
    })
    .sort((p, q) => p.baseline - q.baseline);
}

/** Runs a command on a PDF written to a temporary file; returns stdout. */
export function withPdfFile<T>(pdf: Uint8Array, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'bs-pdf-'));
  const path = join(dir, 'doc.pdf');
  writeFileSync(path, pdf);
  try {
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** qpdf --check: throws with qpdf's output when the file is damaged. */
export function qpdfCheck(pdf: Uint8Array): string {
  return withPdfFile(pdf, (path) => {
    const result = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`qpdf --check failed:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  });
}

/** pdftotext (poppler) of the whole document, raw order. */
export function popplerText(pdf: Uint8Array, mode: '-raw' | '-layout' = '-raw'): string {
  return withPdfFile(pdf, (path) => execFileSync('pdftotext', [mode, '-enc', 'UTF-8', path, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** pdffonts (poppler): font name, type, embedded, subset, ToUnicode per font. */
export function popplerFonts(pdf: Uint8Array): { name: string; type: string; emb: boolean; sub: boolean; uni: boolean }[] {
  const out = withPdfFile(pdf, (path) => execFileSync('pdffonts', [path], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      const n = cols.length;
      return { name: cols[0]!, type: cols.slice(1, n - 5).join(' '), emb: cols[n - 5] === 'yes', sub: cols[n - 4] === 'yes', uni: cols[n - 3] === 'yes' };
    });
}

/** Renders pages to PNG with pdftoppm; returns the PNG bytes per page. */
export function renderPages(pdf: Uint8Array, dpi = 50): Buffer[] {
  return withPdfFile(pdf, (path, dir) => {
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), path, join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(join(dir, f)));
  });
}

/** Renders one page to 8-bit greyscale raw pixels (PGM) with pdftoppm. */
export function renderGray(pdf: Uint8Array, page: number, dpi: number): { width: number; height: number; pixels: Uint8Array } {
  return withPdfFile(pdf, (path, dir) => {
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), path, join(dir, 'g')]);
    const file = readdirSync(dir).find((f) => f.endsWith('.pgm'))!;
    return parsePgm(readFileSync(join(dir, file)));
  });
}

/** Parses a binary PGM (P5) image. */
export function parsePgm(data: Buffer): { width: number; height: number; pixels: Uint8Array } {
  let pos = 0;
  const token = () => {
    while (data[pos] === 0x20 || data[pos] === 0x0a || data[pos] === 0x0d || data[pos] === 0x09) pos++;
    if (data[pos] === 0x23) {
      while (data[pos] !== 0x0a) pos++;
      return token();
    }
    const start = pos;
    while (pos < data.length && ![0x20, 0x0a, 0x0d, 0x09].includes(data[pos]!)) pos++;
    return data.toString('latin1', start, pos);
  };
  if (token() !== 'P5') throw new Error('not a P5 PGM');
  const width = Number(token());
  const height = Number(token());
  token();
  pos++;
  return { width, height, pixels: new Uint8Array(data.buffer, data.byteOffset + pos, width * height) };
}

/** A stroked straight segment or a filled shape's box, in mm from the sheet's top-left. */
export interface VectorMark {
  readonly kind: 'stroke' | 'fill';
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** Line width in pt (strokes). */
  readonly width: number;
  /** #rrggbb of the stroke or fill. */
  readonly color: string;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

/**
 * Vector marks per page from pdf.js's operator list: stroked line segments (rules, axes, table
 * borders) and filled shapes (bars), with the graphics state tracked through save/restore/cm.
 */
export async function extractVectors(pdf: Uint8Array): Promise<VectorMark[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const out: VectorMark[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const height = page.getViewport({ scale: 1 }).height;
    const ops = await page.getOperatorList();
    const marks: VectorMark[] = [];
    type State = { ctm: Matrix; lineWidth: number; stroke: string; fill: string };
    let state: State = { ctm: [1, 0, 0, 1, 0, 0], lineWidth: 1, stroke: '#000000', fill: '#000000' };
    const stack: State[] = [];
    const point = (x: number, y: number) => {
      const [a, b, c, d, e, f] = state.ctm;
      return { x: (a * x + c * y + e) * PT_TO_MM, y: (height - (b * x + d * y + f)) * PT_TO_MM };
    };
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      const args = ops.argsArray[i] as unknown[];
      if (fn === pdfjs.OPS.save) stack.push({ ...state });
      else if (fn === pdfjs.OPS.restore) state = stack.pop() ?? state;
      else if (fn === pdfjs.OPS.transform) state = { ...state, ctm: multiply(state.ctm, args as Matrix) };
      else if (fn === pdfjs.OPS.setLineWidth) state = { ...state, lineWidth: Number(args[0]) };
      else if (fn === pdfjs.OPS.setStrokeRGBColor) state = { ...state, stroke: String(args[0]) };
      else if (fn === pdfjs.OPS.setFillRGBColor) state = { ...state, fill: String(args[0]) };
      else if (fn === pdfjs.OPS.constructPath) {
        const finish = args[0] as number;
        const data = Array.from((args[1] as ArrayLike<number>[])[0] ?? []);
        const strokes = finish === pdfjs.OPS.stroke || finish === pdfjs.OPS.closeStroke || finish === pdfjs.OPS.fillStroke;
        const fills = finish === pdfjs.OPS.fill || finish === pdfjs.OPS.eoFill || finish === pdfjs.OPS.fillStroke;
        // Path data: 0 moveTo x y, 1 lineTo x y, 2 curveTo (6 numbers), 3 quadraticCurveTo (4), 4 closePath.
        const points: { x: number; y: number; op: number }[] = [];
        for (let k = 0; k < data.length; ) {
          const op = data[k]!;
          if (op === 0 || op === 1) {
            points.push({ ...point(data[k + 1]!, data[k + 2]!), op });
            k += 3;
          } else if (op === 2) {
            points.push({ ...point(data[k + 5]!, data[k + 6]!), op });
            k += 7;
          } else if (op === 3) {
            points.push({ ...point(data[k + 3]!, data[k + 4]!), op });
            k += 5;
          } else k += 1;
        }
        if (strokes) {
          for (let k = 1; k < points.length; k++) {
            if (points[k]!.op !== 1) continue;
            const p = points[k - 1]!;
            const q = points[k]!;
            const scale = Math.hypot(state.ctm[0], state.ctm[1]);
            marks.push({ kind: 'stroke', x1: p.x, y1: p.y, x2: q.x, y2: q.y, width: state.lineWidth * scale, color: state.stroke.toLowerCase() });
          }
        }
        if (fills && points.length > 0) {
          const xs = points.map((p) => p.x);
          const ys = points.map((p) => p.y);
          marks.push({ kind: 'fill', x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys), width: 0, color: state.fill.toLowerCase() });
        }
      }
    }
    out.push(marks);
    page.cleanup();
  }
  await doc.destroy();
  return out;
}
