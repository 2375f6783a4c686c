import type { Geometry } from './geometry';
import type { LayoutItem, LayoutPage } from './types';

/** A point in the flow to come back to (see `Flow.mark`). */
export interface FlowMark {
  readonly pageCount: number;
  readonly itemCount: number;
  readonly y: number;
  readonly pendingSlots: number;
}

/**
 * The page flow: pages, and a cursor `y` = the bottom of the last thing placed on the current
 * page. Grid text takes the next body slot below the cursor; other blocks (title, tables, charts)
 * take vertical space and the text after them snaps back to the grid.
 */
export class Flow {
  readonly pages: LayoutPage[] = [];
  page!: LayoutPage;
  y = 0;
  /** Slots deliberately left empty before the next grid line (空N行). */
  #pendingSlots = 0;
  constructor(readonly geometry: Geometry) {
    this.newPage();
  }

  /** The flow's state, to come back to when a trial placement is undone (keep-with-next). */
  mark(): FlowMark {
    return { pageCount: this.pages.length, itemCount: this.page.items.length, y: this.y, pendingSlots: this.#pendingSlots };
  }

  /** Undoes everything placed since `mark`: later pages are dropped, the mark's page is cut back. */
  restore(mark: FlowMark): void {
    this.pages.length = mark.pageCount;
    this.page = this.pages[mark.pageCount - 1]!;
    this.page.items.length = mark.itemCount;
    this.y = mark.y;
    this.#pendingSlots = mark.pendingSlots;
  }

  /** Starts a new page; the cursor goes above the first slot. */
  newPage(): void {
    this.page = { index: this.pages.length, pageNumber: this.pages.length + 1, items: [] };
    this.pages.push(this.page);
    this.y = this.geometry.top - this.geometry.linePitch;
    this.#pendingSlots = 0;
  }

  /** True when nothing has been placed on the current page's body yet. */
  get atPageTop(): boolean {
    return this.y < this.geometry.top;
  }

  add(...items: LayoutItem[]): void {
    this.page.items.push(...items);
  }

  /** Leaves `n` empty slots before the next grid line (ignored at the top of a page). */
  skipSlots(n: number): void {
    this.#pendingSlots += n;
  }

  /** The slot the next grid line would take on this page (may be ≥ lines: no room). */
  nextSlot(): number {
    const g = this.geometry;
    const gap = 1;
    const k = g.slotAtOrBelow(this.y + gap);
    return this.atPageTop ? k : k + this.#pendingSlots;
  }

  /** Slots left on this page for grid lines. */
  remainingSlots(): number {
    return Math.max(0, this.geometry.lines - this.nextSlot());
  }

  /** Takes the next body slot (breaking the page when full); returns its em-box top. */
  takeSlot(): number {
    let k = this.nextSlot();
    if (k >= this.geometry.lines) {
      this.newPage();
      k = this.nextSlot();
    }
    this.#pendingSlots = 0;
    const top = this.geometry.slotTop(k);
    this.y = top + this.geometry.bodySize;
    return top;
  }

  /** Space left between the cursor (plus `gap`) and the type-area bottom. */
  spaceLeft(gap: number): number {
    return this.geometry.bottom - (this.atPageTop ? this.geometry.top : this.y + gap);
  }

  /**
   * Reserves `height` points for a non-grid block `gap` below the cursor, breaking the page when it
   * does not fit (a block taller than a page starts at the top of one). Returns the block's top.
   */
  reserve(height: number, gap: number): number {
    if (this.spaceLeft(gap) < height && !this.atPageTop) this.newPage();
    const top = this.atPageTop ? this.geometry.top : this.y + gap;
    this.#pendingSlots = 0;
    this.y = top + height;
    return top;
  }
}
