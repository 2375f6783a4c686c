// pdf.js ships no types for its worker module; readSource only loads it ahead (warmPdfReader).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
