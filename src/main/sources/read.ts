// Reading a source file into verbatim paragraphs: .txt (UTF-8 or GB18030), .docx (mammoth),
// .pdf with a text layer (pdf.js with its CMaps and standard font data — Chinese text is lost
// without them) and a saved web page (.html: readability on linkedom, no browser). Expected
// problems (a scan, an encrypted or damaged file, a file too large, an unknown type) are
// failures with codes; nothing is half-read.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail, ok, type Result } from '../../shared/errors';
import { proposeMetadata, type SourceText } from './metadata';

/** Largest source file read (a 100-page PDF is a few MB; scanned PDFs are refused anyway). */
export const MAX_SOURCE_BYTES = 50 * 1024 * 1024;

/** Options of `readSource`. */
export interface ReadOptions {
  readonly signal?: AbortSignal;
  /** Progress for long files: pages (PDF) or 1/1 for the others. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly maxBytes?: number;
}

/** Splits text into paragraphs: one per non-empty line, kept verbatim apart from surrounding blanks. */
export function paragraphsOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((line) => line !== '');
}

/** Decodes text bytes: UTF-8 (with or without BOM, or UTF-16 with BOM), else GB18030 (GBK/GB2312 files). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function readDocx(bytes: Uint8Array): Promise<Result<string[]>> {
  const mammoth = await import('mammoth');
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return ok(paragraphsOf(value));
  } catch {
    return fail('SOURCE_DAMAGED');
  }
}

async function readHtml(bytes: Uint8Array): Promise<Result<{ title: string | null; paragraphs: string[] }>> {
  const [{ parseHTML }, { Readability }] = await Promise.all([import('linkedom'), import('@mozilla/readability')]);
  const html = decodeText(bytes);
  const { document } = parseHTML(html);
  const title = document.querySelector('title')?.textContent?.trim() || null;
  let text = '';
  try {
    const article = new Readability(document as unknown as Document).parse();
    if (article?.content) {
      // Paragraph structure from the article's HTML: each block element is a paragraph.
      const { document: body } = parseHTML(`<html><body>${article.content}</body></html>`);
      const blocks = [...body.querySelectorAll('p, h1, h2, h3, h4, li, td, blockquote, pre')].map((e) => e.textContent ?? '');
      text = blocks.length > 0 ? blocks.join('\n') : (article.textContent ?? '');
    }
  } catch {
    text = '';
  }
  if (text.trim() === '') text = [...document.querySelectorAll('p, h1, h2, h3, li')].map((e) => e.textContent ?? '').join('\n') || (document.body?.textContent ?? '');
  // A page title often carries the site's name after a separator: 标题_新华网, 标题 | 某某网.
  const cleanTitle = title === null ? null : title.replace(/\s*[_|—]\s*[^_|—]*$/u, '').trim() || title;
  return ok({ title: cleanTitle, paragraphs: paragraphsOf(text) });
}

let pdfModules: Promise<unknown> | null = null;

/**
 * Loads pdf.js and its worker module (about 3 MB of JavaScript; seconds on a busy machine) once
 * per process. The import service calls it while the open dialog is shown, so the first PDF does
 * not wait for it after the person has chosen the file.
 */
export function warmPdfReader(): Promise<unknown> {
  pdfModules ??= Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
  return pdfModules.catch(() => undefined);
}

async function readPdf(bytes: Uint8Array, options: ReadOptions): Promise<Result<string[]>> {
  await warmPdfReader();
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      cMapUrl: `${pathToFileURL(join(root, 'cmaps')).href}/`,
      cMapPacked: true,
      standardFontDataUrl: `${pathToFileURL(join(root, 'standard_fonts')).href}/`,
      isEvalSupported: false,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as { name?: string }).name;
    return name === 'PasswordException' ? fail('SOURCE_ENCRYPTED') : fail('SOURCE_DAMAGED');
  }
  try {
    const lines: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      if (options.signal?.aborted) return fail('CANCELLED');
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      // Lines from the text items: a new line where pdf.js says one ends, or where y jumps.
      let line = '';
      let lastY: number | null = null;
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const y = (item.transform as number[])[5] ?? 0;
        if (lastY !== null && Math.abs(y - lastY) > 2 && line !== '') {
          lines.push(line);
          line = '';
        }
        line += item.str;
        lastY = y;
        if (item.hasEOL) {
          lines.push(line);
          line = '';
          lastY = null;
        }
      }
      if (line !== '') lines.push(line);
      page.cleanup();
      options.onProgress?.(n, doc.numPages);
    }
    const paragraphs = joinPdfLines(lines);
    if (paragraphs.join('').replace(/\s/g, '').length < 10) return fail('SOURCE_NO_TEXT');
    return ok(paragraphs);
  } finally {
    await doc.destroy();
  }
}

/**
 * A PDF's lines joined into paragraphs: a line that ends a sentence (。！？：) or is short (a
 * heading) ends its paragraph; other lines continue into the next (a paragraph wrapped by the
 * page). Page numbers (— 3 —, 3) are dropped.
 */
export function joinPdfLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  let current = '';
  const full = Math.max(0, ...lines.map((l) => l.trim().length));
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || /^[-—－\s]*\d+[-—－\s]*$/.test(line)) continue;
    current += line;
    if (/[。！？：”」]$/.test(line) || line.length < full * 0.75) {
      out.push(current);
      current = '';
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** Reads a source file into its text, paragraphs and proposed metadata. */
export async function readSource(path: string, options: ReadOptions = {}): Promise<Result<SourceText>> {
  const type = extname(path).toLowerCase();
  if (!['.txt', '.text', '.md', '.docx', '.pdf', '.html', '.htm'].includes(type)) return fail('SOURCE_UNSUPPORTED');
  let bytes: Uint8Array;
  try {
    const size = statSync(path).size;
    if (size > (options.maxBytes ?? MAX_SOURCE_BYTES)) return fail('FILE_TOO_LARGE');
    bytes = readFileSync(path);
  } catch {
    return fail('READ_FAILED');
  }
  if (options.signal?.aborted) return fail('CANCELLED');
  let paragraphs: string[];
  let title: string | null = null;
  if (type === '.docx') {
    const read = await readDocx(bytes);
    if (!read.ok) return read;
    paragraphs = read.value;
  } else if (type === '.pdf') {
    const read = await readPdf(bytes, options);
    if (!read.ok) return read;
    paragraphs = read.value;
  } else if (type === '.html' || type === '.htm') {
    const read = await readHtml(bytes);
    if (!read.ok) return read;
    paragraphs = read.value.paragraphs;
    title = read.value.title;
  } else {
    paragraphs = paragraphsOf(decodeText(bytes));
  }
  if (type !== '.pdf') options.onProgress?.(1, 1);
  if (paragraphs.join('').trim() === '') return fail('SOURCE_NO_TEXT');
  return ok(proposeMetadata(paragraphs, title));
}
