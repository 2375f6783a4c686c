import type { SaveReceipt } from '../../shared/api/drafts';
import type { Briefing } from '../../shared/briefing';
import { UserError, isUserError } from '../../shared/errors';
import { toWriteError } from '../fs/errno';
import type { DraftRecord, PendingSave } from './draft-record';

export interface SaveQueueOptions {
  readonly now: () => Date;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
  /** Delays of the automatic retries after a failed save (the last repeats); real time. */
  readonly retryDelaysMs: readonly number[];
  /** True once the store is closed: no more retries. */
  readonly isClosed: () => boolean;
  /** Still the store's record of its draft (not purged, not replaced). */
  readonly isCurrent: (rec: DraftRecord) => boolean;
  /**
   * Makes one save durable (history around it included) and updates the record's row; throws
   * Node's error or a `UserError` when it cannot. Called only inside the draft's queue.
   */
  readonly write: (rec: DraftRecord, job: PendingSave) => Promise<void>;
}

/**
 * The per-draft order and the saves: `serial` runs an operation after every operation called
 * before it on the same draft; `enqueue` accepts a save, coalescing it with saves not yet
 * written, and resolves once it is durable. A failed save keeps its content pending in memory,
 * rejects its callers with DISK_FULL / PERMISSION_DENIED / WRITE_FAILED and is retried after a
 * growing delay, or at once by `retry`.
 */
export class SaveQueue {
  readonly #options: SaveQueueOptions;

  constructor(options: SaveQueueOptions) {
    this.#options = options;
  }

  /** Runs `fn` after every operation called before on this draft; the next waits for it. */
  serial<T>(rec: DraftRecord, fn: () => Promise<T>): Promise<T> {
    const run = rec.queue.then(fn);
    rec.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Waits until none of these drafts has an operation queued or running. */
  async idle(records: () => DraftRecord[]): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      const recs = records();
      const queues = recs.map((r) => r.queue);
      await Promise.all(queues);
      const after = records();
      if (after.length === recs.length && after.every((r, i) => r === recs[i] && r.queue === queues[i])) return;
    }
  }

  /** Accepts a save of `briefing` (already copied); resolves with its receipt once durable. */
  enqueue(rec: DraftRecord, briefing: Briefing, auto: boolean): Promise<SaveReceipt> {
    const revision = rec.nextRevision++;
    const updatedAt = this.#options.now().toISOString();
    if (rec.restoring > 0) {
      // A restore of a version is queued: this save must land on top of it, so it is not
      // coalesced with saves called before the restore but queued as an operation of its own.
      return new Promise<SaveReceipt>((resolve, reject) => {
        const job: PendingSave = { briefing, revision, updatedAt, waiters: [{ resolve, reject }], auto };
        this.serial(rec, async () => {
          if (!this.#options.isCurrent(rec)) throw new UserError('DRAFT_NOT_FOUND');
          if (rec.pending) {
            if (rec.pending.revision < revision) Object.assign(rec.pending, { briefing, revision, updatedAt, auto: rec.pending.auto && auto });
            rec.pending.waiters.push(...job.waiters);
          } else {
            rec.pending = job;
          }
          this.clearRetry(rec);
          await this.drain(rec);
        }).catch(reject);
      });
    }
    const promise = new Promise<SaveReceipt>((resolve, reject) => {
      if (rec.pending) {
        rec.pending.briefing = briefing;
        rec.pending.revision = revision;
        rec.pending.updatedAt = updatedAt;
        rec.pending.auto &&= auto;
        rec.pending.waiters.push({ resolve, reject });
      } else {
        rec.pending = { briefing, revision, updatedAt, waiters: [{ resolve, reject }], auto };
      }
    });
    this.clearRetry(rec);
    void this.pump(rec);
    return promise;
  }

  /**
   * Replaces what is pending with a restored version (`auto` off) at `revision`; resolves once
   * durable. Only inside the draft's queue.
   */
  async restore(rec: DraftRecord, briefing: Briefing, revision: number): Promise<SaveReceipt> {
    const updatedAt = this.#options.now().toISOString();
    const receipt = new Promise<SaveReceipt>((resolve, reject) => {
      const waiter = { resolve, reject };
      if (rec.pending) {
        // earlier content not yet written: the restore replaces it (it is in the undo snapshot)
        Object.assign(rec.pending, { briefing, revision, updatedAt, auto: false });
        rec.pending.waiters.push(waiter);
      } else {
        rec.pending = { briefing, revision, updatedAt, waiters: [waiter], auto: false };
      }
    });
    this.clearRetry(rec);
    await this.drain(rec);
    return receipt;
  }

  /** Writes the edits held in memory after a failed save again, now. */
  retry(rec: DraftRecord): Promise<SaveReceipt> {
    const pending = rec.pending;
    if (!pending) return Promise.resolve({ id: rec.entry.id, savedAt: rec.entry.updatedAt, revision: rec.entry.revision });
    const promise = new Promise<SaveReceipt>((resolve, reject) => pending.waiters.push({ resolve, reject }));
    this.clearRetry(rec);
    void this.pump(rec);
    return promise;
  }

  /** Starts writing what is pending (in the draft's queue) unless a write is under way. */
  pump(rec: DraftRecord): Promise<void> {
    rec.writing ??= this.serial(rec, () => this.drain(rec)).finally(() => {
      rec.writing = null;
      // A save that arrived after the drain's last check but before this callback would
      // otherwise wait for nothing.
      if (rec.pending && rec.pending.waiters.length > 0) void this.pump(rec);
    });
    return rec.writing;
  }

  /**
   * Writes the saves called so far; fails when the latest edits could not be written. Only
   * inside the draft's queue (no other write can be running).
   */
  async settle(rec: DraftRecord): Promise<void> {
    if (rec.pending) await this.drain(rec);
    if (rec.pending) {
      throw new UserError(rec.failure?.code ?? 'WRITE_FAILED', '（该草稿的最新修改尚未保存，请先处理保存问题）');
    }
  }

  /** Stops the automatic retry of a draft. */
  clearRetry(rec: DraftRecord): void {
    if (rec.retryTimer) clearTimeout(rec.retryTimer);
    rec.retryTimer = null;
  }

  // Writes the pending content until none is left or a write fails. Only inside the draft's queue.
  async drain(rec: DraftRecord): Promise<void> {
    while (rec.pending) {
      const job = rec.pending;
      rec.pending = null;
      rec.writingJob = job;
      try {
        await this.#options.write(rec, job);
        rec.writingJob = null;
        rec.failure = null;
        rec.retryAttempt = 0;
        const receipt: SaveReceipt = { id: rec.entry.id, savedAt: job.updatedAt, revision: job.revision };
        for (const w of job.waiters) w.resolve(receipt);
      } catch (error) {
        const failure = isUserError(error) ? error : toWriteError(error, `草稿“${job.briefing.title || rec.entry.id}”未能保存`);
        // Nothing is lost: the content stays pending (unless a newer save replaced it already).
        rec.writingJob = null;
        if (!rec.pending) rec.pending = { ...job, waiters: [] };
        rec.failure = { code: failure.code, message: failure.message, since: rec.failure?.since ?? this.#options.now().toISOString() };
        this.#options.log('warn', `store: save of ${rec.entry.id} failed (${failure.code})`, error);
        for (const w of job.waiters) w.reject(failure);
        if (rec.pending.waiters.length === 0) {
          this.#scheduleRetry(rec);
          return;
        }
      }
    }
  }

  #scheduleRetry(rec: DraftRecord): void {
    if (rec.retryTimer || this.#options.isClosed()) return;
    const delays = this.#options.retryDelaysMs;
    const delay = delays[Math.min(rec.retryAttempt, delays.length - 1)] ?? 30_000;
    rec.retryAttempt++;
    rec.retryTimer = setTimeout(() => {
      rec.retryTimer = null;
      if (!this.#options.isClosed() && rec.pending) void this.pump(rec);
    }, delay);
    rec.retryTimer.unref?.();
  }
}
