// The export phase: layout → PDF with pdfkit (the only module that uses pdfkit), and the engine
// entry renderBriefingPdf (glyph check → layout → PDF).
export { renderBriefingPdf, checkGlyphs, type EngineHost, type RenderOptions, type RenderResult } from './render';
export { writePdf, escapeXml, type PdfWriteOptions } from './writer';
export { createRenderCache, type RenderCache } from './cache';
