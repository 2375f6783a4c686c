/**
 * A bounded undo/redo history of whole immutable versions. Versions share unchanged parts, so a
 * step costs little more than the array of blocks. Consecutive edits of one field (typing) merge
 * into a single step while they come less than `coalesceMs` apart; any other edit, an undo or a
 * redo, or `seal()` ends the merge.
 */
export interface UndoStep<T, F> {
  /** the version to go back to */
  readonly state: T;
  /** 输入文字 / 移动块 / 插入对比表 … (shown in tooltips: 撤销：移动块) */
  readonly label: string;
  /** where the edit happened, to put the caret back there */
  readonly focus: F | undefined;
}

export interface UndoOptions {
  /** steps kept (oldest dropped first) */
  readonly limit?: number;
  /** typing pauses longer than this start a new step */
  readonly coalesceMs?: number;
  readonly now?: () => number;
}

export class UndoStack<T, F = unknown> {
  readonly #undo: UndoStep<T, F>[] = [];
  readonly #redo: UndoStep<T, F>[] = [];
  readonly #limit: number;
  readonly #coalesceMs: number;
  readonly #now: () => number;
  #lastKey: string | null = null;
  #lastAt = -Infinity;

  constructor(options: UndoOptions = {}) {
    this.#limit = options.limit ?? 500;
    this.#coalesceMs = options.coalesceMs ?? 1_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /**
   * Records that the document is about to change from `before`. With a `coalesceKey` equal to the
   * previous record's, made soon after it, the change joins the previous step instead.
   */
  record(before: T, label: string, options: { coalesceKey?: string; focus?: F } = {}): void {
    const at = this.#now();
    const key = options.coalesceKey ?? null;
    const joins = key !== null && key === this.#lastKey && at - this.#lastAt <= this.#coalesceMs && this.#undo.length > 0;
    this.#lastKey = key;
    this.#lastAt = at;
    this.#redo.length = 0;
    if (joins) return;
    this.#undo.push({ state: before, label, focus: options.focus });
    if (this.#undo.length > this.#limit) this.#undo.shift();
  }

  /** Ends typing-merge: the next edit starts a new step (blur, caret moved, composition ended …). */
  seal(): void {
    this.#lastKey = null;
  }

  /** Steps back: returns the step to show (its state) and keeps `current` for redo. */
  undo(current: T, focus?: F): UndoStep<T, F> | null {
    const step = this.#undo.pop();
    if (!step) return null;
    this.#redo.push({ state: current, label: step.label, focus: focus ?? step.focus });
    this.seal();
    return step;
  }

  /** Steps forward again. */
  redo(current: T, focus?: F): UndoStep<T, F> | null {
    const step = this.#redo.pop();
    if (!step) return null;
    this.#undo.push({ state: current, label: step.label, focus: focus ?? step.focus });
    this.seal();
    return step;
  }

  clear(): void {
    this.#undo.length = 0;
    this.#redo.length = 0;
    this.seal();
  }

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }
  get canRedo(): boolean {
    return this.#redo.length > 0;
  }
  /** Label of the step undo would revert, or null. */
  get undoLabel(): string | null {
    return this.#undo.at(-1)?.label ?? null;
  }
  get redoLabel(): string | null {
    return this.#redo.at(-1)?.label ?? null;
  }
  get size(): { undo: number; redo: number } {
    return { undo: this.#undo.length, redo: this.#redo.length };
  }
}
