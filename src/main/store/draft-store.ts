import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type {
  DraftSummary,
  HistoryEntry,
  RestoreVersionResult,
  SaveReceipt,
  StoreNotice,
  StoreStatus,
  TrashedDraft,
  UnsavedDraft,
} from '../../shared/api/drafts';
import { snapshotReasonLabels } from '../../shared/api/drafts';
import { storeNoticeLine, type StoreNoticeParams, type StoreNoticeReason } from '../../shared/api/store-notices';
import type { Briefing } from '../../shared/briefing';
import { UserError, isUserError } from '../../shared/errors';
import { errnoCode, isNotFound, toWriteError } from '../fs/errno';
import { BackupManager } from './backups';
import { diffDigests, digestBriefing, type DigestLike } from './block-diff';
import { StoreFileDb } from './db';
import { decodeStoreFile } from './decode';
import {
  entryFromFile,
  lockHolderOf,
  newRecord,
  newerError,
  persistedOf,
  reasonOf,
  summaryOf,
  type DraftRecord,
  type Location,
  type PendingSave,
} from './draft-record';
import { STORE_FORMAT_VERSION, type DraftFile, type DraftOrigin, type HistoryRecord, type IndexEntry, type IndexFile } from './format';
import { nodeStoreFs, type StoreFs } from './fs-layer';
import { HistoryStore } from './history';
import { IndexCache, scanDraftFiles } from './index-cache';
import { formatChinaTime, storeLayout, type StoreLayout } from './layout';
import { StoreLock, type LockHolder } from './lock';
import { Recovery } from './recovery';
import { SaveQueue } from './save-queue';

/** Options of a drafts store. Durations are in ms and measured with the injected clock. */
export interface DraftStoreOptions {
  /** The store folder (`<dataDir>/drafts`). */
  readonly root: string;
  readonly now: () => Date;
  readonly newId: () => string;
  /** The file system (tests inject failures). */
  readonly fs?: StoreFs;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
  /**
   * Delay before the index (a cache of the drafts list) is rewritten after saves; default 30 s.
   * Saves never wait for it; structural changes (create, trash, restore, purge) and close write it
   * at once. After a crash, drafts saved since its last write are re-read at open.
   */
  readonly indexDelayMs?: number;
  /** Delays of the automatic retries after a failed save (the last repeats); real time. */
  readonly retryDelaysMs?: readonly number[];
  /** Validate every draft file in the background after open (quarantining damaged ones); default true. */
  readonly verifyOnOpen?: boolean;
  /** Days a deleted draft stays in the trash; default 30. */
  readonly trashDays?: number;
  /** Clean drafts kept in memory; default 32. */
  readonly cacheSize?: number;
  readonly history?: {
    readonly enabled?: boolean;
    /** A pause this long starts a new editing session (whose first change is snapshotted); default 30 min. */
    readonly sessionIdleMs?: number;
    /** Snapshot every this much editing time; default 5 min. */
    readonly intervalMs?: number;
    /** Automatic snapshots kept per draft; default 50. */
    readonly keepAuto?: number;
  };
  readonly backups?: {
    readonly enabled?: boolean;
    /** default 10 min */
    readonly intervalMs?: number;
    /** default 20 */
    readonly keep?: number;
    /** default 7 */
    readonly days?: number;
  };
  readonly lock?: { readonly isAlive?: (pid: number) => boolean; readonly hostname?: string; readonly pid?: number };
}

/** What `flush()`/`close()` report: drafts whose latest edits could not be written. */
export interface FlushReport {
  readonly unsaved: readonly UnsavedDraft[];
}

const DAY = 24 * 3600 * 1000;

const encodeDraft = (file: DraftFile) => JSON.stringify(file);
const decodeDraft = (text: string) => decodeStoreFile('draft', text);

/**
 * The drafts store: one lowdb file per draft plus an index, in the main process (the one writer).
 * Saving a draft writes that draft's file only (atomic, fsynced, directory fsynced) and resolves
 * once it is durable; the index is a cache rewritten shortly after and reconciled with the draft
 * files at open. This facade keeps the store's API and each draft's state; the work is done by
 * its parts: the save queue (`save-queue.ts`: per-draft order, coalesced saves, retries), the
 * index cache (`index-cache.ts`), recovery (`recovery.ts`: reconcile at open, quarantine,
 * restore from snapshots or backups), history (`history.ts`), backups (`backups.ts`) and the
 * writer lock (`lock.ts`). Each open file is one kept lowdb database (`db.ts`). Create with
 * `DraftStore.open()`.
 */
export class DraftStore {
  readonly layout: StoreLayout;
  readonly #fs: StoreFs;
  readonly #now: () => Date;
  readonly #newId: () => string;
  readonly #log: NonNullable<DraftStoreOptions['log']>;
  readonly #options: DraftStoreOptions;
  readonly #records = new Map<string, DraftRecord>();
  readonly #lru = new Map<string, DraftRecord>();
  readonly #notices: StoreNotice[] = [];
  readonly #background = new Set<Promise<unknown>>();
  readonly #lock: StoreLock;
  readonly #history: HistoryStore;
  readonly #backups: BackupManager;
  readonly #index: IndexCache;
  readonly #queue: SaveQueue;
  readonly #recovery: Recovery;
  #noticeCounter = 0;
  #closed = false;
  #closing = false;
  #verification: Promise<void> = Promise.resolve();
  /** the other writer whose lock keeps this store read-only (until 接管) */
  #lockedBy: LockHolder | null = null;

  private constructor(options: DraftStoreOptions) {
    this.#options = options;
    this.layout = storeLayout(options.root);
    this.#fs = options.fs ?? nodeStoreFs;
    this.#now = options.now;
    this.#newId = options.newId;
    this.#log = options.log ?? (() => undefined);
    this.#lock = new StoreLock({
      fs: this.#fs,
      path: this.layout.lock,
      token: randomUUID(),
      now: this.#now,
      ...options.lock,
    });
    this.#history = new HistoryStore({
      fs: this.#fs,
      dir: this.layout.history,
      now: this.#now,
      newId: this.#newId,
      keepAuto: options.history?.keepAuto ?? 50,
      quarantine: async (path, reason) => {
        const moved = await this.#recovery.quarantine(path);
        this.#notify('history-rebuilt', { reason: reasonOf(reason) }, moved, null);
        return moved;
      },
      log: this.#log,
    });
    this.#backups = new BackupManager({
      fs: this.#fs,
      layout: this.layout,
      now: this.#now,
      intervalMs: options.backups?.intervalMs ?? 10 * 60 * 1000,
      keep: options.backups?.keep ?? 20,
      days: options.backups?.days ?? 7,
      indexSnapshot: () => this.#indexFile(),
      log: this.#log,
    });
    this.#index = new IndexCache({
      fs: this.#fs,
      path: this.layout.index,
      delayMs: options.indexDelayMs ?? 30_000,
      snapshot: () => this.#indexFile(),
      ensureWritable: () => this.#ensureWritable(),
      log: this.#log,
    });
    this.#queue = new SaveQueue({
      now: this.#now,
      log: this.#log,
      retryDelaysMs: options.retryDelaysMs ?? [1000, 2000, 5000, 10_000, 30_000],
      isClosed: () => this.#closed,
      isCurrent: (rec) => this.#isCurrent(rec),
      write: (rec, job) => this.#writeSave(rec, job),
    });
    this.#recovery = new Recovery({
      fs: this.#fs,
      layout: this.layout,
      now: this.#now,
      log: this.#log,
      history: this.#history,
      backups: this.#backups,
      records: this.#records,
      newRecord: (entry) => this.#newRecord(entry),
      indexChanged: () => this.#index.markDirty(),
      notify: (kind, params, path, draftId) => this.#notify(kind, params, path, draftId),
      finishPurge: (rec) => this.#finishPurge(rec),
    });
  }

  // A record with its draft file's lowdb database, which follows the file between files/ and trash/.
  #newRecord(entry: IndexEntry): DraftRecord {
    return newRecord(entry, (rec) => new StoreFileDb<DraftFile>(() => this.#pathOf(rec), this.#fs, decodeDraft, encodeDraft));
  }

  /**
   * Opens (creating if needed) the store: takes the writer lock, reads and validates the index,
   * reconciles it with the draft files, recovers damaged or missing files. Throws NEWER_VERSION
   * when the index comes from a newer app (nothing is written then) and DATA_DIR_UNAVAILABLE
   * when this process holds the lock already. A read-only data directory, or a lock of another
   * writer that cannot be verified (another computer, or a running pid that may be reused), opens
   * read-only with a notice; `takeOver()` (接管) then takes the lock.
   */
  static async open(options: DraftStoreOptions): Promise<DraftStore> {
    const store = new DraftStore(options);
    try {
      await store.#open();
    } catch (error) {
      await store.#lock.release().catch(() => undefined);
      throw error;
    }
    return store;
  }

  // ------------------------------------------------------------------------------------------
  // Open, reconcile, recover

  async #open(): Promise<void> {
    const L = this.layout;
    let writable = true;
    try {
      for (const dir of [L.root, L.files, L.trash, L.history, L.backups, L.quarantine]) await this.#fs.mkdirp(dir);
      const holder = await this.#lock.acquire();
      if (holder) {
        writable = false;
        this.#lockedBy = holder;
        this.#notify('locked', { holder: lockHolderOf(holder) }, null, null);
        this.#log('warn', `store: locked by pid ${holder.pid} on ${holder.hostname} (${holder.reason}), opening read-only`);
      }
    } catch (error) {
      if (isUserError(error)) throw error;
      this.#log('warn', 'store: data directory not writable, opening read-only', error);
      writable = false;
      const reason = toWriteError(error, '数据目录不可写', false);
      this.#notify('read-only', { writeError: { code: reason.code, ...(reason.detail ? { detail: reason.detail } : {}) } }, null, null);
    }

    // The directory scan (I/O on the thread pool) overlaps with parsing the index (CPU).
    const scanning = scanDraftFiles(this.#fs, L);
    scanning.catch(() => undefined);
    let index: IndexFile | null = null;
    let indexMtime = 0;
    let rebuilt = false;
    try {
      ({ index, mtimeMs: indexMtime } = await this.#index.read());
    } catch (error) {
      if (isUserError(error) && error.code === 'NEWER_VERSION') {
        throw error;
      } else if (isUserError(error)) {
        rebuilt = true;
        const moved = writable ? await this.#recovery.quarantine(L.index) : L.index;
        this.#notify('index-rebuilt', { reason: reasonOf(error) }, moved, null);
      } else {
        throw new UserError('READ_FAILED', `（${L.index}：${errnoCode(error) ?? String(error)}）`);
      }
    }
    const previousIndex = rebuilt ? await this.#backups.latestIndex().catch(() => null) : null;
    await this.#recovery.reconcile(index, indexMtime, previousIndex, writable, await scanning);
    if (writable) {
      // Temp files and half-deleted folders found now are leftovers of a crash (this session has
      // not written anything yet).
      await this.#recovery.removeTemps();
      await this.#history.sweep();
      await this.purgeExpired();
      // The refreshed index is a cache: the drafts list does not wait for it.
      if (index === null || this.#index.dirty) {
        this.#index.markDirty();
        this.#track(this.#index.write());
      }
    }
    await this.#backups.init(writable);
    if (this.#options.verifyOnOpen ?? true) this.#verification = this.#verifyAll();
  }

  // Reads every draft not yet read, so that damage is found (and repaired) at start, not when the
  // user opens the draft. Runs after open without delaying the drafts list.
  // Each check runs in the draft's queue, so it reads the file where the operations called
  // before it have left it, and no operation moves the file while it is read or recovered.
  async #verifyAll(): Promise<void> {
    for (const rec of [...this.#records.values()]) {
      if (this.#closing) return;
      if (persistedOf(rec) || rec.pending || rec.newer || rec.writing || rec.creating) continue;
      await new Promise((resolve) => setImmediate(resolve));
      await this.#queue.serial(rec, async () => {
        if (this.#closing || !this.#isCurrent(rec) || persistedOf(rec) || rec.pending || rec.newer) return;
        let sound = true;
        try {
          // decoded, not kept: checking every draft must not hold every draft in memory
          sound = (await rec.file.peek()) !== null;
        } catch (error) {
          if (!isUserError(error)) return;
          sound = false;
        }
        if (sound || this.#closed || !this.#isCurrent(rec)) return;
        await this.#load(rec).catch(() => undefined);
      }).catch((error: unknown) => this.#log('warn', 'store: check after open failed', error));
    }
  }

  /** Resolves when the background check of every draft file (after open) has finished. */
  get verified(): Promise<void> {
    return this.#verification;
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  /** The drafts list (not the trash), newest edit first. */
  list(): DraftSummary[] {
    const rows: DraftSummary[] = [];
    for (const rec of this.#records.values()) if (rec.entry.deletedAt === null && !rec.creating) rows.push(summaryOf(rec));
    return rows.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  }

  /** The trash, most recently deleted first. */
  listTrash(): TrashedDraft[] {
    const days = this.#options.trashDays ?? 30;
    const rows: TrashedDraft[] = [];
    for (const rec of this.#records.values()) {
      const deletedAt = rec.entry.deletedAt;
      if (deletedAt === null || rec.entry.purging) continue;
      rows.push({ ...summaryOf(rec), deletedAt, purgeAt: new Date(Date.parse(deletedAt) + days * DAY).toISOString() });
    }
    return rows.sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : -1));
  }

  /** The summary of one draft (live or in the trash). */
  summary(id: string): DraftSummary {
    const rec = this.#records.get(id);
    if (!rec || rec.creating) throw new UserError('DRAFT_NOT_FOUND');
    return summaryOf(rec);
  }

  /** The latest content of a draft: unsaved edits held in memory included. */
  async get(id: string): Promise<Briefing> {
    this.#assertOpen();
    const rec = this.#live(id);
    return structuredClone(await this.#latestOrdered(rec));
  }

  // The newest content accepted so far, without waiting when it is in memory; otherwise read in
  // the draft's queue (after the operations called before).
  #latestOrdered(rec: DraftRecord): Promise<Briefing> {
    if (rec.newer) return Promise.reject(newerError(rec));
    const inMemory = rec.restoring === 0 ? this.#memoryLatest(rec) : null;
    if (inMemory) {
      if (!rec.pending && !rec.writingJob) this.#touch(rec);
      return Promise.resolve(inMemory);
    }
    // Saves called after this have a revision from here on: they are not part of the answer.
    const bound = rec.nextRevision;
    return this.#queue.serial(rec, async () => {
      if (!this.#isCurrent(rec)) throw new UserError('DRAFT_NOT_FOUND');
      return this.#contentBefore(rec, bound);
    });
  }

  // The content as it was when the saves up to `bound` (excluded) had been called. Only in the queue.
  async #contentBefore(rec: DraftRecord, bound: number): Promise<Briefing> {
    if (rec.newer) throw newerError(rec);
    if (rec.pending && rec.pending.revision < bound) return rec.pending.briefing;
    const persisted = persistedOf(rec);
    if (persisted && persisted.revision < bound) return persisted.briefing;
    return (await this.#load(rec)).briefing;
  }

  // Call-time content held in memory: the newest accepted save, the one being written, or the
  // last durable one.
  #memoryLatest(rec: DraftRecord): Briefing | null {
    return rec.pending?.briefing ?? rec.writingJob?.briefing ?? persistedOf(rec)?.briefing ?? null;
  }

  // Reads a draft file into its database; a missing or damaged one is quarantined and recovered
  // (see Recovery.recover). Only inside the draft's queue.
  #load(rec: DraftRecord): Promise<DraftFile> {
    rec.loading ??= (async () => {
      const path = this.#pathOf(rec);
      let failure: unknown = null;
      try {
        const file = await rec.file.peek();
        if (file !== null) {
          if (file.briefing.id !== rec.entry.id) throw new UserError('INVALID_BRIEFING', '（文件名与草稿标识不符）');
          const held = persistedOf(rec);
          if (!held || held.revision <= file.revision) rec.file.hold(file);
          rec.origin = file.origin;
          rec.nextRevision = Math.max(rec.nextRevision, file.revision + 1);
          this.#touch(rec);
          return persistedOf(rec)!;
        }
      } catch (error) {
        if (isUserError(error) && error.code === 'NEWER_VERSION') {
          rec.newer = true;
          throw newerError(rec);
        }
        if (!isUserError(error)) throw new UserError('READ_FAILED', `（${path}：${errnoCode(error) ?? String(error)}）`);
        failure = error;
      }
      // missing (failure null) or damaged
      await this.#recoverInPlace(rec, reasonOf(failure));
      const recovered = persistedOf(rec);
      if (!this.#records.has(rec.entry.id) || !recovered) {
        throw new UserError('DRAFT_NOT_FOUND', '（草稿文件已损坏且无法恢复，详见提示）');
      }
      return recovered;
    })().finally(() => {
      rec.loading = null;
    });
    return rec.loading;
  }

  // Recovery while the store is running, inside the draft's queue (so exclusive with its writes
  // and moves), and skipped when the file reads well again.
  #recoverInPlace(rec: DraftRecord, reason: StoreNoticeReason): Promise<void> {
    rec.recovering ??= (async () => {
      await this.#ensureWritable();
      let exists = true;
      try {
        const file = await rec.file.peek();
        if (file !== null) {
          rec.file.hold(file);
          return;
        }
        exists = false;
      } catch {
        // still damaged (or unreadable): recover
      }
      await this.#recovery.recover(rec.entry.id, rec.entry.deletedAt ? 'trash' : 'files', exists ? reason : null, rec.entry);
      this.#index.schedule();
    })().finally(() => {
      rec.recovering = null;
    });
    return rec.recovering;
  }

  // ------------------------------------------------------------------------------------------
  // Writing drafts

  /**
   * Saves a draft. Resolves with a receipt once the content is durable on disk (file and
   * directory fsynced); rejects with DISK_FULL / PERMISSION_DENIED / WRITE_FAILED otherwise, in
   * which case the content stays in memory (`get` returns it), is retried automatically, and
   * can be retried with `retrySave`. Saves of one draft are written in order; a save made while
   * another is being written is coalesced with any later one.
   */
  async save(briefing: Briefing): Promise<SaveReceipt> {
    this.#assertOpen();
    const rec = this.#live(briefing.id);
    if (rec.newer) throw newerError(rec);
    return this.#queue.enqueue(rec, structuredClone(briefing), true);
  }

  /** Writes the edits held in memory after a failed save again, now. */
  async retrySave(id: string): Promise<SaveReceipt> {
    this.#assertOpen();
    return this.#queue.retry(this.#live(id));
  }

  // One save made durable, for the save queue (inside the draft's queue): the session snapshot
  // before it, the draft file through its kept lowdb database, the index row, what follows.
  async #writeSave(rec: DraftRecord, job: PendingSave): Promise<void> {
    const nowMs = this.#now().getTime();
    await this.#ensureWritable();
    const newSession = job.auto && this.#historyOn && (rec.lastEditAt === null || nowMs - rec.lastEditAt >= this.#sessionIdleMs);
    if (job.auto) rec.lastEditAt = nowMs;
    if (newSession) await this.#sessionSnapshot(rec, nowMs);
    const file: DraftFile = {
      schemaVersion: STORE_FORMAT_VERSION,
      kind: 'draft',
      revision: job.revision,
      createdAt: rec.entry.createdAt,
      updatedAt: job.updatedAt,
      origin: rec.origin ?? { kind: 'created' },
      briefing: job.briefing,
    };
    const stamp = await rec.file.save(file);
    rec.entry = entryFromFile(file, stamp, rec.entry.deletedAt);
    this.#touch(rec);
    this.#afterSave(rec, job, nowMs, newSession);
  }

  #afterSave(rec: DraftRecord, job: PendingSave, nowMs: number, newSession: boolean): void {
    this.#index.schedule();
    if (this.#historyOn && job.auto && !newSession && rec.lastAutoSnapshotAt !== null && nowMs - rec.lastAutoSnapshotAt >= this.#intervalMs) {
      rec.lastAutoSnapshotAt = nowMs;
      this.#track(this.#history.snapshot(rec.entry.id, job.briefing, job.revision, 'interval'));
    }
    this.#noteChange();
  }

  // The first change of an editing session: keep what the draft was before it.
  async #sessionSnapshot(rec: DraftRecord, nowMs: number): Promise<void> {
    rec.lastAutoSnapshotAt = nowMs;
    try {
      const before = persistedOf(rec) ?? (await rec.file.peek());
      if (before === null) return;
      await this.#history.snapshot(rec.entry.id, before.briefing, before.revision, 'session-start');
    } catch (error) {
      // History must never stand in the way of saving the user's text.
      this.#log('warn', `store: session snapshot of ${rec.entry.id} failed`, error);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Drafts home: create, rename, duplicate, trash

  /**
   * Creates a draft from a briefing with a new id. The draft exists in call order at once (an
   * operation called next on it waits for the creation); it is listed once its file is durable.
   */
  async create(briefing: Briefing, origin: DraftOrigin = { kind: 'created' }): Promise<Briefing> {
    this.#assertOpen();
    const id = briefing.id;
    if (this.#records.has(id)) throw new UserError('INVALID_ARGUMENT', '（草稿标识已存在）');
    const nowIso = this.#now().toISOString();
    const file: DraftFile = {
      schemaVersion: STORE_FORMAT_VERSION,
      kind: 'draft',
      revision: 1,
      createdAt: nowIso,
      updatedAt: nowIso,
      origin,
      briefing: structuredClone(briefing),
    };
    const rec = this.#newRecord(entryFromFile(file, null, null));
    rec.creating = true;
    rec.origin = origin;
    this.#records.set(id, rec);
    return this.#queue.serial(rec, async () => {
      try {
        await this.#ensureWritable();
        const stamp = await rec.file.save(file);
        rec.entry = entryFromFile(file, stamp, null);
        rec.creating = false;
      } catch (error) {
        rec.intent = 'gone';
        if (this.#isCurrent(rec)) this.#records.delete(id);
        throw isUserError(error) ? error : toWriteError(error, '新草稿未能创建', false);
      }
      this.#touch(rec);
      this.#index.schedule();
      this.#noteChange();
      return structuredClone(file.briefing);
    });
  }

  /** True when a draft (live or in the trash) has this id. */
  has(id: string): boolean {
    return this.#records.has(id);
  }

  /** Renames a draft (its title); resolves once durable. */
  async rename(id: string, title: string): Promise<DraftSummary> {
    this.#assertOpen();
    const rec = this.#live(id);
    const latest = await this.#latestOrdered(rec);
    await this.#queue.enqueue(rec, { ...structuredClone(latest), title }, true);
    return summaryOf(rec);
  }

  /** Copies a draft (latest content) under a new id. */
  async duplicate(id: string, newId: string, title?: string): Promise<Briefing> {
    this.#assertOpen();
    const rec = this.#live(id);
    const latest = await this.#latestOrdered(rec);
    const copy = { ...structuredClone(latest), id: newId, title: title ?? `${latest.title}（副本）`.slice(0, 500) };
    return this.create(copy, { kind: 'duplicated', from: id });
  }

  /** Moves a draft to the trash (its file moves to `trash/`). Refuses a draft from a newer version. */
  async trash(id: string): Promise<void> {
    this.#assertOpen();
    const rec = this.#live(id);
    if (rec.newer) throw newerError(rec);
    rec.intent = 'trash';
    await this.#queue.serial(rec, async () => {
      try {
        if (!this.#isCurrent(rec) || rec.entry.deletedAt !== null) throw new UserError('DRAFT_NOT_FOUND');
        await this.#refuseNewer(rec);
        // The saves called before the trash are written first (into files/).
        await this.#queue.settle(rec);
        rec.entry = { ...rec.entry, deletedAt: this.#now().toISOString() };
        try {
          await this.#move(rec, 'files', 'trash');
        } catch (error) {
          rec.entry = { ...rec.entry, deletedAt: null };
          throw error;
        }
      } catch (error) {
        this.#resetIntent(rec);
        throw error;
      }
    });
    this.#index.markDirty();
    await this.#index.write().catch((error: unknown) => this.#log('warn', 'store: index write after trash failed', error));
    this.#noteChange();
  }

  /** Brings a draft back from the trash. */
  async restore(id: string): Promise<DraftSummary> {
    this.#assertOpen();
    const rec = this.#trashed(id);
    rec.intent = 'files';
    await this.#queue.serial(rec, async () => {
      try {
        if (!this.#isCurrent(rec) || rec.entry.deletedAt === null) throw new UserError('DRAFT_NOT_FOUND', '（废纸篓中没有该草稿）');
        await this.#move(rec, 'trash', 'files');
        rec.entry = { ...rec.entry, deletedAt: null };
      } catch (error) {
        this.#resetIntent(rec);
        throw error;
      }
    });
    this.#index.markDirty();
    await this.#index.write().catch((error: unknown) => this.#log('warn', 'store: index write after restore failed', error));
    this.#noteChange();
    return summaryOf(rec);
  }

  /** Deletes a draft in the trash for good, with its history. Refuses a draft from a newer version. */
  async purge(id: string): Promise<void> {
    this.#assertOpen();
    const rec = this.#trashed(id);
    if (rec.newer) throw newerError(rec);
    rec.intent = 'gone';
    await this.#queue.serial(rec, async () => {
      try {
        if (!this.#isCurrent(rec) || rec.entry.deletedAt === null) throw new UserError('DRAFT_NOT_FOUND', '（废纸篓中没有该草稿）');
        await this.#refuseNewer(rec);
        await this.#ensureWritable().catch((error: unknown) => {
          throw isUserError(error) ? error : toWriteError(error, '草稿未能彻底删除', false);
        });
        rec.entry = { ...rec.entry, purging: true };
        this.#index.markDirty();
        try {
          // The index says "purging" before the file goes, so a crash in between cannot bring it back.
          await this.#index.write();
        } catch (error) {
          rec.entry = { ...rec.entry, purging: false };
          throw isUserError(error) ? error : toWriteError(error, '草稿未能彻底删除', false);
        }
      } catch (error) {
        this.#resetIntent(rec);
        throw error;
      }
      await this.#finishPurge(rec);
    });
  }

  async #finishPurge(rec: DraftRecord): Promise<void> {
    const id = rec.entry.id;
    try {
      await this.#fs.unlink(join(this.layout.trash, `${id}.json`));
    } catch (error) {
      if (!isNotFound(error)) throw toWriteError(error, '草稿未能彻底删除', false);
    }
    await this.#fs.syncDir(this.layout.trash);
    await this.#history.remove(id);
    rec.intent = 'gone';
    if (this.#records.get(id) === rec) this.#records.delete(id);
    if (this.#lru.get(id) === rec) this.#lru.delete(id);
    this.#index.markDirty();
    await this.#index.write().catch((error: unknown) => this.#log('warn', 'store: index write after purge failed', error));
  }

  /** Purges drafts that have been in the trash longer than the retention (by the injected clock). */
  async purgeExpired(): Promise<number> {
    const limit = this.#now().getTime() - (this.#options.trashDays ?? 30) * DAY;
    let purged = 0;
    for (const rec of [...this.#records.values()]) {
      const deletedAt = rec.entry.deletedAt;
      if (deletedAt !== null && Date.parse(deletedAt) <= limit) {
        await this.purge(rec.entry.id);
        purged++;
      }
    }
    return purged;
  }

  async #move(rec: DraftRecord, from: Location, to: Location): Promise<void> {
    const id = rec.entry.id;
    try {
      await this.#ensureWritable();
      await this.#fs.rename(join(this.layout[from], `${id}.json`), join(this.layout[to], `${id}.json`));
      await this.#fs.syncDir(this.layout[to]);
      await this.#fs.syncDir(this.layout[from]);
    } catch (error) {
      throw isUserError(error) ? error : toWriteError(error, to === 'trash' ? '草稿未能移到废纸篓' : '草稿未能从废纸篓恢复', false);
    }
  }

  // A draft from a newer version is never moved or deleted. Its version is known once its file
  // was read; when it was not (a fresh index at open), the file is read now. Only in the queue.
  async #refuseNewer(rec: DraftRecord): Promise<void> {
    if (rec.newer) throw newerError(rec);
    if (persistedOf(rec) || rec.pending) return;
    try {
      await rec.file.peek();
    } catch (error) {
      if (isUserError(error) && error.code === 'NEWER_VERSION') {
        rec.newer = true;
        this.#resetIntent(rec);
        throw newerError(rec);
      }
      // Anything else (damaged, unreadable) does not stand in the way of trashing or purging.
    }
  }

  // After a failed operation, where the draft really is.
  #resetIntent(rec: DraftRecord): void {
    rec.intent = !this.#isCurrent(rec) ? 'gone' : rec.entry.deletedAt === null ? 'files' : 'trash';
  }

  // ------------------------------------------------------------------------------------------
  // History

  /** A draft's history, newest first, each entry with what changed. */
  async listHistory(id: string): Promise<HistoryEntry[]> {
    this.#assertOpen();
    const rec = this.#live(id);
    const latest = await this.#latestOrdered(rec);
    const current = digestBriefing(latest);
    const currentLike: DigestLike = { metaHash: current.metaHash, title: latest.title, blocks: current.blocks };
    const records = await this.#history.records(id);
    const out: HistoryEntry[] = [];
    records.forEach((r, i) => {
      const previous = i > 0 ? records[i - 1]! : null;
      out.push(historyEntryOf(id, r, previous, currentLike));
    });
    return out.reverse();
  }

  /** The briefing of one history entry. */
  async getVersion(id: string, snapshotId: string): Promise<Briefing> {
    this.#assertOpen();
    this.#live(id);
    return (await this.#history.read(id, snapshotId)).briefing;
  }

  /** 存为版本 — records the current content as a named version. */
  async createVersion(id: string, name: string): Promise<HistoryEntry> {
    return this.#snapshotNow(id, 'named', name);
  }

  /** A snapshot before an export (called by the export service). */
  async snapshotBeforeExport(id: string): Promise<HistoryEntry> {
    return this.#snapshotNow(id, 'before-export', null);
  }

  // The snapshot holds the content as it was when called (later saves are not in it).
  async #snapshotNow(id: string, reason: 'named' | 'before-export', name: string | null): Promise<HistoryEntry> {
    this.#assertOpen();
    const rec = this.#live(id);
    if (rec.newer) throw newerError(rec);
    const captured = rec.restoring === 0 ? this.#memoryLatest(rec) : null;
    const capturedRevision = rec.pending?.revision ?? rec.writingJob?.revision ?? rec.entry.revision;
    const bound = rec.nextRevision;
    return this.#queue.serial(rec, async () => {
      if (!this.#isCurrent(rec) || rec.entry.deletedAt !== null) throw new UserError('DRAFT_NOT_FOUND');
      const latest = captured ?? (await this.#contentBefore(rec, bound));
      const revision = captured ? capturedRevision : (rec.pending?.revision ?? rec.entry.revision);
      await this.#ensureWritable().catch((error: unknown) => {
        throw isUserError(error) ? error : toWriteError(error, '历史版本未能保存', false);
      });
      try {
        const record = await this.#history.snapshot(id, latest, revision, reason, name);
        const digest = digestBriefing(latest);
        return historyEntryOf(id, record, null, { metaHash: digest.metaHash, title: latest.title, blocks: digest.blocks });
      } catch (error) {
        throw isUserError(error) ? error : toWriteError(error, '历史版本未能保存', false);
      }
    });
  }

  /**
   * Restores a history entry in place. The current content is snapshotted first ('before-restore'),
   * so the restore is undone by restoring `undoSnapshotId`. It takes its place in the draft's
   * order when called: saves called before it are under it, saves called after it on top.
   */
  async restoreVersion(id: string, snapshotId: string): Promise<RestoreVersionResult> {
    this.#assertOpen();
    const rec = this.#live(id);
    if (rec.newer) throw newerError(rec);
    const captured = rec.restoring === 0 ? this.#memoryLatest(rec) : null;
    const capturedRevision = rec.pending?.revision ?? rec.writingJob?.revision ?? rec.entry.revision;
    // Its revision is taken now: a save called later has a higher one and wins.
    const revision = rec.nextRevision++;
    rec.restoring++;
    try {
      return await this.#queue.serial(rec, async () => {
        if (!this.#isCurrent(rec) || rec.entry.deletedAt !== null) throw new UserError('DRAFT_NOT_FOUND');
        const snap = await this.#history.read(id, snapshotId);
        const current = captured ?? (await this.#contentBefore(rec, revision));
        let undo: HistoryRecord;
        try {
          await this.#ensureWritable();
          undo = await this.#history.snapshot(id, current, captured ? capturedRevision : (rec.pending?.revision ?? rec.entry.revision), 'before-restore');
        } catch (error) {
          throw isUserError(error) ? error : toWriteError(error, '恢复前的快照未能保存，已取消恢复', false);
        }
        const briefing = { ...structuredClone(snap.briefing), id };
        const supersededBy = (rec.pending && rec.pending.revision > revision) || rec.entry.revision > revision;
        let receipt: Promise<SaveReceipt>;
        if (supersededBy) {
          // Saves called after the restore already hold newer content: they stay on top.
          receipt = this.#queue.settle(rec).then(() => ({ id, savedAt: rec.entry.updatedAt, revision: rec.entry.revision }));
        } else {
          // earlier content not yet written is replaced (it is in the undo snapshot)
          receipt = this.#queue.restore(rec, briefing, revision);
        }
        return { draft: structuredClone(briefing), receipt: await receipt, undoSnapshotId: undo.id };
      });
    } finally {
      rec.restoring--;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Status, backups, lifecycle

  /** Recovery notices, unsaved drafts, read-only state. */
  status(): StoreStatus {
    const unsaved: UnsavedDraft[] = [];
    for (const rec of this.#records.values()) {
      if (rec.pending && rec.failure) {
        unsaved.push({ id: rec.entry.id, title: rec.pending.briefing.title, code: rec.failure.code, message: rec.failure.message, since: rec.failure.since });
      }
    }
    const last = this.#backups.lastBackupAt;
    return {
      storeDir: this.layout.root,
      readOnly: !this.#lock.isHeld,
      notices: [...this.#notices],
      unsaved,
      lastBackupAt: last === null ? null : new Date(last).toISOString(),
      ...(this.#lockedBy && !this.#lock.isHeld ? { lockedBy: lockHolderOf(this.#lockedBy) } : {}),
    };
  }

  /**
   * 接管 — takes the writer lock from the other writer named in `status().lockedBy`, on the
   * user's word that it no longer writes, then does what a read-only open skipped (index,
   * expired trash, edits held in memory, the check of every file). When the lock changed
   * meanwhile, nothing is taken and the status names the new holder.
   */
  async takeOver(): Promise<StoreStatus> {
    this.#assertOpen();
    if (this.#lock.isHeld) return this.status();
    if (!this.#lockedBy) {
      // read-only for another reason (permissions): try again, as any write would
      await this.#ensureWritable();
    } else {
      const previous = this.#lockedBy;
      const again = await this.#lock.takeOver(previous);
      if (again) {
        this.#lockedBy = again;
        this.#removeNotices('locked');
        this.#notify('locked', { holder: lockHolderOf(again) }, null, null);
        return this.status();
      }
      this.#log('warn', `store: lock of pid ${previous.pid} on ${previous.hostname} taken over by the user`);
      this.#lockedBy = null;
      this.#removeNotices('locked');
      this.#removeNotices('read-only');
    }
    this.#index.markDirty();
    await this.#index.write().catch((error: unknown) => this.#log('warn', 'store: index write after take-over failed', error));
    await this.purgeExpired().catch((error: unknown) => this.#log('warn', 'store: purge after take-over failed', error));
    for (const rec of this.#records.values()) if (rec.pending) void this.#queue.pump(rec).catch(() => undefined);
    if (this.#options.verifyOnOpen ?? true) {
      const before = this.#verification;
      this.#verification = before.then(() => this.#verifyAll());
    }
    return this.status();
  }

  #removeNotices(kind: StoreNotice['kind']): void {
    for (let i = this.#notices.length - 1; i >= 0; i--) if (this.#notices[i]!.kind === kind) this.#notices.splice(i, 1);
  }

  /** Removes a notice once the user has read it. */
  dismissNotice(id: string): boolean {
    const i = this.#notices.findIndex((n) => n.id === id);
    if (i < 0) return false;
    this.#notices.splice(i, 1);
    return true;
  }

  /** Makes a backup now; resolves to its folder. */
  async backupNow(): Promise<string | null> {
    this.#assertOpen();
    await this.#ensureWritable();
    return this.#backups.backupNow();
  }

  /** Complete backups, newest first. */
  listBackups() {
    return this.#backups.list();
  }

  /**
   * Waits until every accepted save has been written (or has failed), and for history, backups
   * and the index. Reports drafts whose latest edits are only in memory.
   */
  async flush(): Promise<FlushReport> {
    await this.#queue.idle(() => [...this.#records.values()]);
    for (let round = 0; round < 100; round++) {
      const busy = [...this.#records.values()].filter((r) => r.writing || (r.pending && round === 0));
      if (busy.length === 0) break;
      await Promise.allSettled(busy.map((r) => this.#queue.pump(r)));
      if (round > 0 && busy.every((r) => !r.writing)) break;
    }
    await this.#queue.idle(() => [...this.#records.values()]);
    await this.#history.idle();
    await Promise.allSettled([...this.#background]);
    await this.#backups.idle();
    if (this.#index.dirty && this.#lock.isHeld) await this.#index.write().catch((error: unknown) => this.#log('warn', 'store: index write at flush failed', error));
    await this.#index.idle();
    return { unsaved: this.status().unsaved };
  }

  /** Flushes, then releases the lock. Later calls fail. */
  async close(): Promise<FlushReport> {
    if (this.#closed) return { unsaved: [] };
    this.#closing = true;
    await this.#verification.catch(() => undefined);
    const report = await this.flush();
    this.#closed = true;
    this.#index.stop();
    for (const rec of this.#records.values()) this.#queue.clearRetry(rec);
    await this.#lock.release();
    return report;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  // ------------------------------------------------------------------------------------------
  // Internals

  get #historyOn(): boolean {
    return this.#options.history?.enabled ?? true;
  }
  get #sessionIdleMs(): number {
    return this.#options.history?.sessionIdleMs ?? 30 * 60 * 1000;
  }
  get #intervalMs(): number {
    return this.#options.history?.intervalMs ?? 5 * 60 * 1000;
  }

  #noteChange(): void {
    if (this.#options.backups?.enabled ?? true) this.#backups.noteChange();
  }

  #assertOpen(): void {
    if (this.#closed) throw new UserError('DATA_DIR_UNAVAILABLE', '（草稿库已关闭）');
  }

  // A draft that is live in call order (a trash called but not yet run makes it not live).
  #live(id: string): DraftRecord {
    const rec = this.#records.get(id);
    if (!rec || rec.intent !== 'files') throw new UserError('DRAFT_NOT_FOUND');
    return rec;
  }

  #trashed(id: string): DraftRecord {
    const rec = this.#records.get(id);
    if (!rec || rec.intent !== 'trash') throw new UserError('DRAFT_NOT_FOUND', '（废纸篓中没有该草稿）');
    return rec;
  }

  // Still the store's record of its draft (not purged, not replaced).
  #isCurrent(rec: DraftRecord): boolean {
    return this.#records.get(rec.entry.id) === rec;
  }

  #pathOf(rec: DraftRecord): string {
    return join(rec.entry.deletedAt === null ? this.layout.files : this.layout.trash, `${rec.entry.id}.json`);
  }

  async #ensureWritable(): Promise<void> {
    if (this.#lock.isHeld) return;
    for (const dir of [this.layout.root, this.layout.files, this.layout.trash, this.layout.history, this.layout.backups, this.layout.quarantine]) {
      await this.#fs.mkdirp(dir);
    }
    const holder = await this.#lock.acquire();
    if (holder) {
      // Another writer's lock: never written over without the user's 接管.
      this.#lockedBy = holder;
      throw new UserError('DATA_DIR_UNAVAILABLE', `（${storeNoticeLine('locked', { holder: lockHolderOf(holder) }, null, formatChinaTime)}）`);
    }
    if (this.#lockedBy) this.#log('info', 'store: the other writer released the lock; writable again');
    this.#lockedBy = null;
    this.#removeNotices('read-only');
    this.#removeNotices('locked');
  }

  #touch(rec: DraftRecord): void {
    this.#lru.delete(rec.entry.id);
    this.#lru.set(rec.entry.id, rec);
    const max = this.#options.cacheSize ?? 32;
    if (this.#lru.size <= max) return;
    for (const [id, old] of this.#lru) {
      if (this.#lru.size <= max) break;
      if (old.pending || old.writing || old.loading || old.writingJob) continue;
      old.file.evict();
      this.#lru.delete(id);
    }
  }

  #track(promise: Promise<unknown>): void {
    const p = promise.catch((error: unknown) => this.#log('warn', 'store: background task failed', error));
    this.#background.add(p);
    void p.finally(() => this.#background.delete(p));
  }

  #notify(kind: StoreNotice['kind'], params: StoreNoticeParams, path: string | null, draftId: string | null): void {
    this.#noticeCounter++;
    const message = storeNoticeLine(kind, params, path, formatChinaTime);
    this.#notices.push({ id: `n${this.#noticeCounter}`, kind, params, message, path, draftId, at: this.#now().toISOString() });
    this.#log('warn', `store notice: ${message}`);
  }

  #indexFile(): IndexFile {
    return { schemaVersion: STORE_FORMAT_VERSION, kind: 'index', drafts: [...this.#records.values()].filter((r) => !r.creating).map((r) => r.entry) };
  }

}

function historyEntryOf(draftId: string, r: HistoryRecord, previous: HistoryRecord | null, current: DigestLike): HistoryEntry {
  const self: DigestLike = { metaHash: r.metaHash, title: r.title, blocks: r.blocks };
  return {
    id: r.id,
    draftId,
    createdAt: r.createdAt,
    reason: r.reason,
    label: r.reason === 'named' && r.name ? r.name : snapshotReasonLabels[r.reason],
    name: r.name,
    title: r.title,
    revision: r.revision,
    changes: diffDigests(previous ? { metaHash: previous.metaHash, title: previous.title, blocks: previous.blocks } : null, self),
    comparedToCurrent: diffDigests(current, self),
  };
}
