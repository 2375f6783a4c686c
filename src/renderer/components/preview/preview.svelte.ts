import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { Api, PreviewSourceRun } from '../../../shared/api';
import type { Briefing } from '../../../shared/briefing';
import { openPdf } from './pdf';

/** What the preview needs of the API. */
export type PreviewClient = Pick<Api, 'previewPdf'>;

/** Reported after the visible pages of a new preview are painted (the bench listens for it). */
export interface PreviewRenderedDetail {
  readonly generation: number;
  /** from the last edit (or the request) to painted pages */
  readonly ms: number;
  readonly pages: number;
  /** the parts of `ms`: quiet time before the request, the engine (previewPdf), pdf.js open, painting */
  readonly phases: { readonly wait: number; readonly engine: number; readonly open: number; readonly paint: number };
  /** from the last edit to the page most in view painted */
  readonly firstPageMs: number;
}

/**
 * The live preview: the real PDF from the engine (`previewPdf`), requested shortly after edits stop
 * (never during an IME composition), one request at a time — the newest edit wins — and opened with
 * pdf.js. The pane paints the pages; the previous document stays on screen until the new one is
 * painted, so the preview never flashes blank.
 */
export class PreviewState {
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<string | null>(null);
  errorCode = $state<string | null>(null);
  /** page sizes in points */
  pages = $state.raw<{ w: number; h: number }[]>([]);
  /** a new document to paint */
  generation = $state(0);
  /** when the current request started (for the progress bar after a second) */
  busySince = $state<number | null>(null);
  /** ms from the last edit to painted pages, for the last refreshes */
  timings = $state.raw<number[]>([]);

  doc: PDFDocumentProxy | null = null;
  readonly #client: PreviewClient;
  readonly #draft: () => Briefing;
  readonly #composing: () => boolean;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight = false;
  #again = false;
  #changedAt = 0;
  #requestedFor = 0;
  #phases = { start: 0, response: 0, opened: 0 };
  #old: PDFDocumentProxy[] = [];
  #disposed = false;
  /** The briefing the current document shows. */
  shown: Briefing | null = null;
  /** Where the shown document's blocks are on its pages (from the layout). */
  sources: readonly PreviewSourceRun[] = [];

  constructor(client: PreviewClient, draft: () => Briefing, composing: () => boolean) {
    this.#client = client;
    this.#draft = draft;
    this.#composing = composing;
  }

  /** The draft changed: refresh after `delayMs` of quiet. */
  schedule(delayMs = 120): void {
    this.#changedAt = performance.now();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#composing()) {
        this.schedule(delayMs);
        return;
      }
      void this.refresh();
    }, delayMs);
  }

  /** Requests a new preview now (or right after the one in flight). */
  async refresh(): Promise<void> {
    if (this.#disposed) return;
    if (this.#inFlight) {
      this.#again = true;
      return;
    }
    this.#inFlight = true;
    this.#requestedFor = this.#changedAt || performance.now();
    this.busySince = performance.now();
    if (this.status !== 'ready') this.status = 'loading';
    try {
      const briefing = this.#draft();
      this.#phases.start = performance.now();
      const result = await this.#client.previewPdf({ briefing });
      this.#phases.response = performance.now();
      if (this.#disposed) return;
      // Superseded by a newer preview request: its result is the one to show.
      if (!result.ok && result.code === 'CANCELLED') return;
      if (!result.ok) {
        this.status = 'error';
        this.error = result.message;
        this.errorCode = result.code;
        return;
      }
      const doc = await openPdf(result.value.pdf);
      if (this.#disposed) {
        void doc.destroy();
        return;
      }
      // Every page of a 简报 has the paper size of the first: no round trip per page.
      const first = await doc.getPage(1);
      const size = { w: first.view[2]! - first.view[0]!, h: first.view[3]! - first.view[1]! };
      const sizes = Array.from({ length: doc.numPages }, () => size);
      this.#phases.opened = performance.now();
      if (this.doc) this.#old.push(this.doc);
      this.doc = doc;
      this.shown = briefing;
      this.sources = result.value.sources ?? [];
      this.pages = sizes;
      this.error = null;
      this.errorCode = null;
      this.status = 'ready';
      this.generation++;
    } catch (error) {
      this.status = 'error';
      this.error = `预览生成失败：${error instanceof Error ? error.message : String(error)}`;
      this.errorCode = 'INTERNAL';
    } finally {
      this.#inFlight = false;
      this.busySince = null;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      }
    }
  }

  /** The pane painted the visible pages of `generation` (the first of them at `firstAt`): old documents can go. */
  painted(generation: number, firstAt = performance.now()): void {
    if (generation !== this.generation) return;
    for (const old of this.#old.splice(0)) void old.destroy();
    const now = performance.now();
    const ms = now - this.#requestedFor;
    const { start, response, opened } = this.#phases;
    const phases = { wait: start - this.#requestedFor, engine: response - start, open: opened - response, paint: now - opened };
    this.timings = [...this.timings.slice(-49), ms];
    window.dispatchEvent(new CustomEvent<PreviewRenderedDetail>('briefsmith:preview-rendered', { detail: { generation, ms, pages: this.pages.length, phases, firstPageMs: firstAt - this.#requestedFor } }));
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const old of this.#old.splice(0)) void old.destroy();
    void this.doc?.destroy();
    this.doc = null;
  }
}
