// pdf.js, loaded on first use (so it never slows the app's start), with one worker kept for every
// preview (no worker start-up per refresh). The worker file is served from the app itself (CSP:
// worker-src 'self'); eval is off (CSP: no unsafe-eval).
import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy, PDFWorker } from 'pdfjs-dist';

type PdfJs = typeof PdfJsModule;

let loading: Promise<{ pdfjs: PdfJs; worker: PDFWorker }> | null = null;

async function load(): Promise<{ pdfjs: PdfJs; worker: PDFWorker }> {
  const [pdfjs, workerUrl] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl.default;
  const worker = new pdfjs.PDFWorker();
  return { pdfjs, worker };
}

let fontDocument: Document | null = null;

/**
 * The document pdf.js loads the PDF's fonts into and draws in: a hidden frame of its own, so that
 * adding a preview's fonts never makes the browser restyle the editor (which would delay keys).
 */
function previewDocument(): Document {
  if (fontDocument) return fontDocument;
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
  document.body.append(frame);
  fontDocument = frame.contentDocument ?? document;
  return fontDocument;
}

/** A canvas pdf.js can draw the preview's fonts on. */
export function createPageCanvas(): HTMLCanvasElement {
  return previewDocument().createElement('canvas');
}

/** Opens PDF bytes with pdf.js (the bytes are handed to the worker). */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  loading ??= load();
  const { pdfjs, worker } = await loading;
  return pdfjs.getDocument({ data: bytes, worker, ownerDocument: previewDocument(), isEvalSupported: false, useSystemFonts: false, disableAutoFetch: true, verbosity: 0 }).promise;
}
