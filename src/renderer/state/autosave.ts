import type { Result } from '../../shared/errors';

/** What the editor shows about saving: 正在保存… / 已保存 / 保存失败. */
export type SaveStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly at: string }
  | {
      readonly kind: 'error';
      readonly message: string;
      readonly retryInMs: number;
      /** the failure's stable code (DISK_FULL, PERMISSION_DENIED …): the close guard explains by it */
      readonly code?: string;
    };

/** Timers, injected so tests control time. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AutosaverOptions<T> {
  /** Writes one snapshot; resolves when it is durable (or failed). */
  save(snapshot: T): Promise<Result<{ savedAt: string }>>;
  /** Takes the current value to save (a plain copy, not a live proxy). */
  snapshot(): T;
  onStatus(status: SaveStatus): void;
  /** Quiet time after the last change before saving; the product promises disk within 1 s. */
  delayMs?: number;
  timers?: Timers;
}

/**
 * Debounced, serialised autosave. Changes are coalesced; one save runs at a time; a change made
 * while a save runs triggers another save after it. A failed save keeps the data in memory (the
 * caller's state is never touched) and retries with backoff (1 s, 2 s, 4 s … up to 30 s); `flush`
 * saves now and resolves true only when everything is on disk. While `hold` is on (an IME
 * composition is in progress) no save starts; it resumes when the hold is released.
 */
export class Autosaver<T> {
  readonly #options: AutosaverOptions<T>;
  readonly #timers: Timers;
  #timer: unknown = null;
  #dirty = false;
  #running: Promise<boolean> | null = null;
  #failures = 0;
  #held = false;
  #lastFailure: { readonly code: string; readonly message: string } | null = null;

  constructor(options: AutosaverOptions<T>) {
    this.#options = options;
    this.#timers = options.timers ?? { setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms), clearTimeout: (h) => globalThis.clearTimeout(h as number) };
  }

  /** True when there are changes not yet on disk. */
  get isDirty(): boolean {
    return this.#dirty || this.#running !== null;
  }

  /** The failure of the last save when it failed (its code and Chinese message); null after a success. */
  get lastFailure(): { readonly code: string; readonly message: string } | null {
    return this.#lastFailure;
  }

  /** Records a change; a save follows after the quiet delay. */
  touch(): void {
    this.#dirty = true;
    this.#options.onStatus({ kind: 'pending' });
    this.#schedule(this.#options.delayMs ?? 500);
  }

  /** Holds saving during an IME composition; releasing schedules the pending save. */
  hold(held: boolean): void {
    this.#held = held;
    if (!held && this.#dirty) this.#schedule(this.#options.delayMs ?? 500);
  }

  /** Saves now (also during a hold: closing the window must not lose a composition). */
  async flush(): Promise<boolean> {
    this.#clear();
    while (this.#running) await this.#running;
    if (!this.#dirty) return true;
    return this.#run();
  }

  /** Stops timers (the editor closes); pending data is the caller's to flush first. */
  dispose(): void {
    this.#clear();
  }

  #schedule(ms: number): void {
    this.#clear();
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      if (this.#held) return;
      if (this.#running) {
        // The running save will reschedule when it ends.
        return;
      }
      void this.#run();
    }, ms);
  }

  #clear(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #run(): Promise<boolean> {
    const run = (async () => {
      this.#dirty = false;
      this.#options.onStatus({ kind: 'saving' });
      let result: Result<{ savedAt: string }>;
      try {
        result = await this.#options.save(this.#options.snapshot());
      } catch (error) {
        result = { ok: false, code: 'WRITE_FAILED', message: error instanceof Error ? error.message : '保存失败' };
      }
      if (result.ok) {
        this.#failures = 0;
        this.#lastFailure = null;
        if (this.#dirty) {
          this.#options.onStatus({ kind: 'pending' });
        } else {
          this.#options.onStatus({ kind: 'saved', at: result.value.savedAt });
        }
        return true;
      }
      this.#dirty = true;
      this.#failures++;
      const retryInMs = Math.min(30_000, 1_000 * 2 ** (this.#failures - 1));
      this.#lastFailure = { code: result.code, message: result.message };
      this.#options.onStatus({ kind: 'error', message: result.message, retryInMs, code: result.code });
      return false;
    })();
    this.#running = run;
    void run.then((saved) => {
      this.#running = null;
      if (this.#dirty && this.#timer === null) {
        this.#schedule(saved ? (this.#options.delayMs ?? 500) : Math.min(30_000, 1_000 * 2 ** (this.#failures - 1)));
      }
    });
    return run;
  }
}
