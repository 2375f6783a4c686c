// Page images for the gallery: pdf.js draws a page of PDF bytes on a canvas, kept as a data URL.
import { createPageCanvas, openPdf } from '../preview/pdf';

/** Draws pages of a PDF as PNG data URLs, `width` CSS pixels wide (device pixel ratio applied). */
export type PageRenderer = (pdf: Uint8Array, options: { pages?: number; width: number }) => Promise<string[]>;

/** The pdf.js renderer (the browser and Electron). */
export const renderPdfPages: PageRenderer = async (pdf, { pages, width }) => {
  const doc = await openPdf(pdf.slice());
  try {
    const count = Math.min(doc.numPages, pages ?? doc.numPages);
    const out: string[] = [];
    for (let n = 1; n <= count; n++) {
      const page = await doc.getPage(n);
      const scale = (width * (globalThis.devicePixelRatio || 1)) / (page.view[2]! - page.view[0]!);
      const viewport = page.getViewport({ scale });
      const canvas = createPageCanvas();
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      await page.render({ canvas, viewport }).promise;
      out.push(canvas.toDataURL('image/png'));
      page.cleanup();
    }
    return out;
  } finally {
    void doc.destroy();
  }
};
