import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import type {
  DraftSummary,
  HistoryEntry,
  RestoreVersionResult,
  SaveReceipt,
  StoreLockHolder,
  StoreNotice,
  StoreStatus,
  TrashedDraft,
  UnsavedDraft,
} from '../../shared/api/drafts';
import { snapshotReasonLabels } from '../../shared/api/drafts';
import { storeNoticeLine, type StoreNoticeParams, type StoreNoticeReason } from '../../shared/api/store-notices';
import type { Briefing } from '../../shared/briefing';
import { UserError, isUserError, type ErrorCode } from '../../shared/errors';
import { DurableJsonFile, isTempName } from './atomic-write';
import { BackupManager } from './backups';
import { diffDigests, digestBriefing, type DigestLike } from './block-diff';
import { decodeStoreFile } from './decode';
import {
  STORE_FORMAT_VERSION,
  type DraftFile,
  type DraftOrigin,
  type FileStamp,
  type HistoryRecord,
  type IndexEntry,
  type IndexFile,
} from './format';
import { toWriteError } from './fs-errors';
import { errnoCode, isNotFound, nodeStoreFs, type StoreFs } from './fs-layer';
import { HistoryStore } from './history';
import { formatChinaTime, fileTimestamp, storeLayout, type StoreLayout } from './layout';
import { StoreLock, type LockHolder } from './lock';

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

type Location = 'files' | 'trash';

interface Waiter {
  resolve(receipt: SaveReceipt): void;
  reject(error: unknown): void;
}

interface PendingSave {
  briefing: Briefing;
  revision: number;
  updatedAt: string;
  waiters: Waiter[];
  /** take automatic history snapshots around this save (false for restores) */
  auto: boolean;
}

/** Where a draft will be once every operation called on it so far has run. */
type Intent = Location | 'gone';

interface DraftRecord {
  entry: IndexEntry;
  /**
   * The draft's place in call order: set when trash / restore / purge is called (before it
   * runs), so that an operation called later is judged against it (a save called after trash is
   * refused even though the trash has not reached the disk yet).
   */
  intent: Intent;
  /**
   * The per-draft queue: every operation that touches the draft's files (writes, trash, restore,
   * purge, snapshots, restore-version, the start-up check and recovery) runs after the previous
   * one has finished, in call order.
   */
  queue: Promise<void>;
  /** restoreVersion calls queued and not finished: `get` waits for them */
  restoring: number;
  /** the save being written now (no longer pending, not yet durable) */
  writingJob: PendingSave | null;
  /** created (in call order) but its file not yet written: listed nowhere, not in the index */
  creating: boolean;
  origin: DraftOrigin | null;
  /** the content last made durable, when in memory */
  persisted: DraftFile | null;
  /** content not yet durable: the newest save, or the one that failed */
  pending: PendingSave | null;
  writing: Promise<void> | null;
  loading: Promise<DraftFile> | null;
  recovering: Promise<void> | null;
  failure: { code: ErrorCode; message: string; since: string } | null;
  retryTimer: ReturnType<typeof setTimeout> | null;
  retryAttempt: number;
  nextRevision: number;
  /** written by a newer app version: never opened, never overwritten */
  newer: boolean;
  lastEditAt: number | null;
  lastAutoSnapshotAt: number | null;
}

const DAY = 24 * 3600 * 1000;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const encodeDraft = (file: DraftFile) => JSON.stringify(file);

/**
 * The drafts store: one lowdb file per draft plus an index, in the main process (the one writer).
 * Saving a draft writes that draft's file only (atomic, fsynced, directory fsynced) and resolves
 * once it is durable; the index is a cache rewritten shortly after and reconciled with the draft
 * files at open. History snapshots, trash, rolling backups and recovery of damaged files live here
 * too. Create with `DraftStore.open()`.
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
  readonly #indexDb: Low<IndexFile>;
  #indexDirty = false;
  #indexTimer: ReturnType<typeof setTimeout> | null = null;
  #indexChain: Promise<void> = Promise.resolve();
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
        const moved = await this.#quarantine(path);
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
    this.#indexDb = new Low<IndexFile>(
      new DurableJsonFile(this.layout.index, this.#fs, (text) => decodeStoreFile('index', text)),
      { schemaVersion: STORE_FORMAT_VERSION, kind: 'index', drafts: [] },
    );
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
    const scanning = this.#scan();
    scanning.catch(() => undefined);
    let index: IndexFile | null = null;
    let indexMtime = 0;
    let rebuilt = false;
    try {
      indexMtime = (await this.#fs.stat(L.index)).mtimeMs;
      await this.#indexDb.read();
      index = this.#indexDb.data;
    } catch (error) {
      if (isNotFound(error)) {
        index = null;
      } else if (isUserError(error) && error.code === 'NEWER_VERSION') {
        throw error;
      } else if (isUserError(error)) {
        rebuilt = true;
        const moved = writable ? await this.#quarantine(L.index) : L.index;
        this.#notify('index-rebuilt', { reason: reasonOf(error) }, moved, null);
      } else {
        throw new UserError('READ_FAILED', `（${L.index}：${errnoCode(error) ?? String(error)}）`);
      }
    }
    await this.#reconcile(index, indexMtime, rebuilt, writable, await scanning);
    if (writable) {
      // Temp files and half-deleted folders found now are leftovers of a crash (this session has
      // not written anything yet).
      await this.#removeTemps();
      await this.#history.sweep();
      await this.purgeExpired();
      // The refreshed index is a cache: the drafts list does not wait for it.
      if (index === null || this.#indexDirty) {
        this.#indexDirty = true;
        this.#track(this.#writeIndex());
      }
    }
    await this.#backups.init(writable);
    if (this.#options.verifyOnOpen ?? true) this.#verification = this.#verifyAll();
  }

  // The draft files on disk with their stamps (files/ first: a draft in both folders is live).
  async #scan(): Promise<Map<string, { location: Location; stamp: FileStamp }>> {
    const onDisk = new Map<string, { location: Location; stamp: FileStamp }>();
    const listed = await Promise.all(
      (['files', 'trash'] as const).map(async (location) => {
        let names: string[] = [];
        try {
          names = (await this.#fs.list(this.layout[location])).filter((e) => !e.isDirectory).map((e) => e.name);
        } catch (error) {
          if (!isNotFound(error)) throw new UserError('READ_FAILED', `（${this.layout[location]}：${errnoCode(error) ?? ''}）`);
        }
        const ids = names.filter((n) => n.endsWith('.json') && !isTempName(n)).map((n) => n.slice(0, -5)).filter((id) => ID.test(id));
        const stamps = await mapLimit(ids, 64, async (id) => {
          try {
            const st = await this.#fs.stat(join(this.layout[location], `${id}.json`));
            return { mtimeMs: st.mtimeMs, size: st.size };
          } catch {
            return null;
          }
        });
        return { location, ids, stamps };
      }),
    );
    for (const { location, ids, stamps } of listed) {
      ids.forEach((id, i) => {
        const stamp = stamps[i];
        // The same draft in files/ and trash/ cannot come from our renames; the live copy wins.
        if (stamp && !onDisk.has(id)) onDisk.set(id, { location, stamp });
      });
    }
    return onDisk;
  }

  async #reconcile(
    index: IndexFile | null,
    indexMtime: number,
    rebuilt: boolean,
    writable: boolean,
    onDisk: Map<string, { location: Location; stamp: FileStamp }>,
  ): Promise<void> {
    const entries = new Map((index?.drafts ?? []).map((e) => [e.id, e]));
    const previousIndex = rebuilt ? await this.#backups.latestIndex().catch(() => null) : null;
    const previousEntries = new Map((previousIndex?.drafts ?? []).map((e) => [e.id, e]));
    const nowIso = this.#now().toISOString();
    const toRead: string[] = [];
    for (const [id, disk] of onDisk) {
      const entry = entries.get(id);
      const fresh =
        entry !== undefined &&
        entry.stamp !== null &&
        entry.stamp.size === disk.stamp.size &&
        entry.stamp.mtimeMs === disk.stamp.mtimeMs &&
        // A file written after the index was can carry the same stamp as the one the index
        // recorded only if both writes fell in one timestamp tick; such files (mtime not older
        // than the index, with a margin for clock adjustments) are re-read.
        disk.stamp.mtimeMs < indexMtime - 100;
      if (!fresh || entry === undefined) {
        toRead.push(id);
        continue;
      }
      const deletedAt = disk.location === 'trash' ? (entry.deletedAt ?? nowIso) : null;
      if (deletedAt !== entry.deletedAt || entry.purging) this.#indexDirty = true;
      this.#records.set(id, newRecord({ ...entry, deletedAt, purging: false }));
      if (entry.purging && disk.location === 'trash') {
        // a purge was interrupted: finish it
        this.#records.get(id)!.entry = { ...entry, deletedAt, purging: true };
      }
    }

    this.#log('info', `store: ${onDisk.size} draft files, ${toRead.length} re-read at open`);
    const damaged: { id: string; location: Location; reason: StoreNoticeReason | null; entry: IndexEntry | undefined }[] = [];
    await mapLimit(toRead, 8, async (id) => {
      const disk = onDisk.get(id)!;
      const entry = entries.get(id) ?? previousEntries.get(id);
      const path = join(this.layout[disk.location], `${id}.json`);
      this.#indexDirty = true;
      try {
        const file = decodeStoreFile('draft', await this.#fs.readText(path));
        if (file.briefing.id !== id) throw new UserError('INVALID_BRIEFING', '（文件名与草稿标识不符）');
        const deletedAt = disk.location === 'trash' ? (entry?.deletedAt ?? nowIso) : null;
        const rec = newRecord(entryFromFile(file, disk.stamp, deletedAt));
        rec.origin = file.origin;
        rec.entry = { ...rec.entry, purging: disk.location === 'trash' && (entries.get(id)?.purging ?? false) };
        this.#records.set(id, rec);
      } catch (error) {
        if (isUserError(error) && error.code === 'NEWER_VERSION') {
          const rec = newRecord(entry ? { ...entry, stamp: disk.stamp } : placeholderEntry(id, disk.stamp, disk.location === 'trash' ? nowIso : null));
          rec.newer = true;
          this.#records.set(id, rec);
          this.#notify('newer-version', { title: rec.entry.title || id }, path, id);
        } else if (isUserError(error)) {
          damaged.push({ id, location: disk.location, reason: reasonOf(error), entry });
        } else {
          throw new UserError('READ_FAILED', `（${path}：${errnoCode(error) ?? String(error)}）`);
        }
      }
    });

    // Rows whose file is gone: an interrupted purge is finished; anything else is recovered.
    for (const [id, entry] of entries) {
      if (onDisk.has(id)) continue;
      this.#indexDirty = true;
      if (entry.purging) {
        if (writable) await this.#history.remove(id).catch(() => undefined);
        continue;
      }
      damaged.push({ id, location: entry.deletedAt ? 'trash' : 'files', reason: null, entry });
    }
    for (const d of damaged) {
      if (!writable) {
        this.#notify('draft-lost', { title: d.entry?.title || d.id, readOnly: true, ...(d.reason ? { reason: d.reason } : {}) }, join(this.layout[d.location], `${d.id}.json`), d.id);
        continue;
      }
      await this.#recover(d.id, d.location, d.reason, d.entry ?? null);
    }
    for (const rec of [...this.#records.values()]) {
      if (rec.entry.purging && writable) await this.#finishPurge(rec).catch((error: unknown) => this.#log('warn', 'store: purge failed', error));
    }
  }

  /**
   * Recovers a damaged (or missing) draft file: moves the damaged file to quarantine, then loads
   * the newest good copy among the draft's history snapshots and the rolling backups, and tells
   * the user what happened and where the damaged file is.
   */
  async #recover(id: string, location: Location, reason: StoreNoticeReason | null, entry: IndexEntry | null): Promise<void> {
    const damaged = reason !== null;
    const path = join(this.layout[location], `${id}.json`);
    const title = entry?.title || id;
    const quarantined = damaged ? await this.#quarantine(path) : null;
    const snap = await this.#history.latestGood(id).catch(() => null);
    const backup = await this.#backups.findDraft(id).catch(() => null);
    const useSnapshot = snap !== null && (backup === null || snap.createdAt >= backup.file.updatedAt);
    const about = { title, damaged, ...(reason ? { reason } : {}) };
    if (!snap && !backup) {
      const lost = this.#records.get(id);
      if (lost) lost.intent = 'gone';
      this.#records.delete(id);
      this.#notify('draft-lost', about, quarantined, id);
      return;
    }
    const source = useSnapshot ? '历史快照' : '自动备份';
    const sourceTime = useSnapshot ? snap!.createdAt : backup!.file.updatedAt;
    const briefing = { ...(useSnapshot ? snap!.briefing : backup!.file.briefing), id };
    const revision = Math.max(entry?.revision ?? 0, useSnapshot ? snap!.revision : backup!.file.revision) + 1;
    const nowIso = this.#now().toISOString();
    const file: DraftFile = {
      schemaVersion: STORE_FORMAT_VERSION,
      kind: 'draft',
      revision,
      createdAt: entry?.createdAt ?? (useSnapshot ? snap!.createdAt : backup!.file.createdAt),
      updatedAt: nowIso,
      origin: { kind: 'recovered', from: `${source} ${sourceTime}` },
      briefing,
    };
    const stamp = await this.#writeDraftFile(path, file);
    const rec = this.#records.get(id) ?? newRecord(entryFromFile(file, stamp, location === 'trash' ? (entry?.deletedAt ?? nowIso) : null));
    rec.entry = entryFromFile(file, stamp, location === 'trash' ? (entry?.deletedAt ?? nowIso) : null);
    rec.persisted = file;
    rec.origin = file.origin;
    rec.nextRevision = Math.max(rec.nextRevision, revision + 1);
    this.#records.set(id, rec);
    this.#indexDirty = true;
    this.#notify('draft-recovered', { ...about, recoveredFrom: { source: useSnapshot ? 'snapshot' : 'backup', at: sourceTime } }, quarantined, id);
  }

  /** Moves a file into the quarantine folder; returns its new path. Never deletes anything. */
  async #quarantine(path: string): Promise<string> {
    const base = `${fileTimestamp(this.#now())}-${basename(path)}`;
    let target = join(this.layout.quarantine, base);
    for (let n = 1; ; n++) {
      try {
        await this.#fs.stat(target);
        target = join(this.layout.quarantine, `${base}.${n}`);
      } catch {
        break;
      }
    }
    await this.#fs.mkdirp(this.layout.quarantine);
    await this.#fs.rename(path, target);
    await this.#fs.syncDir(this.layout.quarantine);
    await this.#fs.syncDir(dirname(path));
    return target;
  }

  async #removeTemps(): Promise<void> {
    const dirs = [this.layout.root, this.layout.files, this.layout.trash];
    for (const dir of dirs) {
      try {
        for (const e of await this.#fs.list(dir)) {
          if (!e.isDirectory && (isTempName(e.name) || e.name.startsWith('store.lock.stale-'))) await this.#fs.unlink(join(dir, e.name)).catch(() => undefined);
        }
      } catch {
        // missing folder: nothing to clean
      }
    }
  }

  // Reads every draft not yet read, so that damage is found (and repaired) at start, not when the
  // user opens the draft. Runs after open without delaying the drafts list.
  // Each check runs in the draft's queue, so it reads the file where the operations called
  // before it have left it, and no operation moves the file while it is read or recovered.
  async #verifyAll(): Promise<void> {
    for (const rec of [...this.#records.values()]) {
      if (this.#closing) return;
      if (rec.persisted || rec.pending || rec.newer || rec.writing || rec.creating) continue;
      await new Promise((resolve) => setImmediate(resolve));
      await this.#serial(rec, async () => {
        if (this.#closing || !this.#isCurrent(rec) || rec.persisted || rec.pending || rec.newer) return;
        try {
          await this.#fs.readText(this.#pathOf(rec)).then((text) => decodeStoreFile('draft', text));
        } catch (error) {
          if (this.#closed || !this.#isCurrent(rec)) return;
          if (isUserError(error) || isNotFound(error)) await this.#load(rec).catch(() => undefined);
        }
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
    return this.#serial(rec, async () => {
      if (!this.#isCurrent(rec)) throw new UserError('DRAFT_NOT_FOUND');
      return this.#contentBefore(rec, bound);
    });
  }

  // The content as it was when the saves up to `bound` (excluded) had been called. Only in the queue.
  async #contentBefore(rec: DraftRecord, bound: number): Promise<Briefing> {
    if (rec.newer) throw newerError(rec);
    if (rec.pending && rec.pending.revision < bound) return rec.pending.briefing;
    if (rec.persisted && rec.persisted.revision < bound) return rec.persisted.briefing;
    return (await this.#load(rec)).briefing;
  }

  // Call-time content held in memory: the newest accepted save, the one being written, or the
  // last durable one.
  #memoryLatest(rec: DraftRecord): Briefing | null {
    return rec.pending?.briefing ?? rec.writingJob?.briefing ?? rec.persisted?.briefing ?? null;
  }

  // Reads a draft file; a damaged one is quarantined and recovered (see #recover). Only inside
  // the draft's queue.
  #load(rec: DraftRecord): Promise<DraftFile> {
    rec.loading ??= (async () => {
      const path = this.#pathOf(rec);
      try {
        const file = decodeStoreFile('draft', await this.#fs.readText(path));
        if (file.briefing.id !== rec.entry.id) throw new UserError('INVALID_BRIEFING', '（文件名与草稿标识不符）');
        if (!rec.persisted || rec.persisted.revision <= file.revision) rec.persisted = file;
        rec.origin = file.origin;
        rec.nextRevision = Math.max(rec.nextRevision, file.revision + 1);
        this.#touch(rec);
        return rec.persisted;
      } catch (error) {
        if (isUserError(error) && error.code === 'NEWER_VERSION') {
          rec.newer = true;
          throw newerError(rec);
        }
        if (!isUserError(error) && !isNotFound(error)) throw new UserError('READ_FAILED', `（${path}：${errnoCode(error) ?? String(error)}）`);
        await this.#recoverInPlace(rec, reasonOf(error));
        if (!this.#records.has(rec.entry.id) || !rec.persisted) {
          throw new UserError('DRAFT_NOT_FOUND', '（草稿文件已损坏且无法恢复，详见提示）');
        }
        return rec.persisted;
      }
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
      const path = this.#pathOf(rec);
      let exists = true;
      try {
        const file = decodeStoreFile('draft', await this.#fs.readText(path));
        rec.persisted = file;
        return;
      } catch (error) {
        if (isNotFound(error)) exists = false;
      }
      await this.#recover(rec.entry.id, rec.entry.deletedAt ? 'trash' : 'files', exists ? reason : null, rec.entry);
      this.#scheduleIndexWrite();
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
    return this.#enqueue(rec, structuredClone(briefing), true);
  }

  /** Writes the edits held in memory after a failed save again, now. */
  async retrySave(id: string): Promise<SaveReceipt> {
    this.#assertOpen();
    const rec = this.#live(id);
    const pending = rec.pending;
    if (!pending) return { id, savedAt: rec.entry.updatedAt, revision: rec.entry.revision };
    const promise = new Promise<SaveReceipt>((resolve, reject) => pending.waiters.push({ resolve, reject }));
    this.#clearRetry(rec);
    void this.#pump(rec);
    return promise;
  }

  #enqueue(rec: DraftRecord, briefing: Briefing, auto: boolean): Promise<SaveReceipt> {
    const revision = rec.nextRevision++;
    const updatedAt = this.#now().toISOString();
    if (rec.restoring > 0) {
      // A restore of a version is queued: this save must land on top of it, so it is not
      // coalesced with saves called before the restore but queued as an operation of its own.
      return new Promise<SaveReceipt>((resolve, reject) => {
        const job: PendingSave = { briefing, revision, updatedAt, waiters: [{ resolve, reject }], auto };
        this.#serial(rec, async () => {
          if (!this.#isCurrent(rec)) throw new UserError('DRAFT_NOT_FOUND');
          if (rec.pending) {
            if (rec.pending.revision < revision) Object.assign(rec.pending, { briefing, revision, updatedAt, auto: rec.pending.auto && auto });
            rec.pending.waiters.push(...job.waiters);
          } else {
            rec.pending = job;
          }
          this.#clearRetry(rec);
          await this.#drain(rec);
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
    this.#clearRetry(rec);
    void this.#pump(rec);
    return promise;
  }

  #pump(rec: DraftRecord): Promise<void> {
    rec.writing ??= this.#serial(rec, () => this.#drain(rec)).finally(() => {
      rec.writing = null;
      // A save that arrived after the drain's last check but before this callback would
      // otherwise wait for nothing.
      if (rec.pending && rec.pending.waiters.length > 0) void this.#pump(rec);
    });
    return rec.writing;
  }

  // Writes the pending content until none is left or a write fails. Only inside the draft's queue.
  async #drain(rec: DraftRecord): Promise<void> {
    while (rec.pending) {
      const job = rec.pending;
      rec.pending = null;
      rec.writingJob = job;
      const nowMs = this.#now().getTime();
      try {
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
        const stamp = await this.#writeDraftFile(this.#pathOf(rec), file);
        rec.persisted = file;
        rec.writingJob = null;
        rec.entry = entryFromFile(file, stamp, rec.entry.deletedAt);
        rec.failure = null;
        rec.retryAttempt = 0;
        const receipt: SaveReceipt = { id: rec.entry.id, savedAt: job.updatedAt, revision: job.revision };
        for (const w of job.waiters) w.resolve(receipt);
        this.#touch(rec);
        this.#afterSave(rec, job, nowMs, newSession);
      } catch (error) {
        const failure = isUserError(error) ? error : toWriteError(error, `草稿“${job.briefing.title || rec.entry.id}”未能保存`);
        // Nothing is lost: the content stays pending (unless a newer save replaced it already).
        rec.writingJob = null;
        if (!rec.pending) rec.pending = { ...job, waiters: [] };
        rec.failure = { code: failure.code, message: failure.message, since: rec.failure?.since ?? this.#now().toISOString() };
        this.#log('warn', `store: save of ${rec.entry.id} failed (${failure.code})`, error);
        for (const w of job.waiters) w.reject(failure);
        if (rec.pending.waiters.length === 0) {
          this.#scheduleRetry(rec);
          return;
        }
      }
    }
  }

  async #writeDraftFile(path: string, file: DraftFile): Promise<FileStamp> {
    const adapter = new DurableJsonFile<DraftFile>(path, this.#fs, (text) => decodeStoreFile('draft', text), encodeDraft);
    const db = new Low<DraftFile>(adapter, file);
    await db.write();
    return adapter.lastStamp!;
  }

  #afterSave(rec: DraftRecord, job: PendingSave, nowMs: number, newSession: boolean): void {
    this.#scheduleIndexWrite();
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
      const before: DraftFile = rec.persisted ?? decodeStoreFile('draft', await this.#fs.readText(this.#pathOf(rec)));
      await this.#history.snapshot(rec.entry.id, before.briefing, before.revision, 'session-start');
    } catch (error) {
      // History must never stand in the way of saving the user's text.
      this.#log('warn', `store: session snapshot of ${rec.entry.id} failed`, error);
    }
  }

  #scheduleRetry(rec: DraftRecord): void {
    if (rec.retryTimer || this.#closed) return;
    const delays = this.#options.retryDelaysMs ?? [1000, 2000, 5000, 10_000, 30_000];
    const delay = delays[Math.min(rec.retryAttempt, delays.length - 1)] ?? 30_000;
    rec.retryAttempt++;
    rec.retryTimer = setTimeout(() => {
      rec.retryTimer = null;
      if (!this.#closed && rec.pending) void this.#pump(rec);
    }, delay);
    rec.retryTimer.unref?.();
  }

  #clearRetry(rec: DraftRecord): void {
    if (rec.retryTimer) clearTimeout(rec.retryTimer);
    rec.retryTimer = null;
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
    const rec = newRecord(entryFromFile(file, null, null));
    rec.creating = true;
    rec.origin = origin;
    this.#records.set(id, rec);
    return this.#serial(rec, async () => {
      try {
        await this.#ensureWritable();
        const stamp = await this.#writeDraftFile(join(this.layout.files, `${id}.json`), file);
        rec.entry = entryFromFile(file, stamp, null);
        rec.persisted = file;
        rec.creating = false;
      } catch (error) {
        rec.intent = 'gone';
        if (this.#isCurrent(rec)) this.#records.delete(id);
        throw isUserError(error) ? error : toWriteError(error, '新草稿未能创建', false);
      }
      this.#touch(rec);
      this.#scheduleIndexWrite();
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
    await this.#enqueue(rec, { ...structuredClone(latest), title }, true);
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
    await this.#serial(rec, async () => {
      try {
        if (!this.#isCurrent(rec) || rec.entry.deletedAt !== null) throw new UserError('DRAFT_NOT_FOUND');
        await this.#refuseNewer(rec);
        // The saves called before the trash are written first (into files/).
        await this.#settleHeld(rec);
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
    this.#indexDirty = true;
    await this.#writeIndex().catch((error: unknown) => this.#log('warn', 'store: index write after trash failed', error));
    this.#noteChange();
  }

  /** Brings a draft back from the trash. */
  async restore(id: string): Promise<DraftSummary> {
    this.#assertOpen();
    const rec = this.#trashed(id);
    rec.intent = 'files';
    await this.#serial(rec, async () => {
      try {
        if (!this.#isCurrent(rec) || rec.entry.deletedAt === null) throw new UserError('DRAFT_NOT_FOUND', '（废纸篓中没有该草稿）');
        await this.#move(rec, 'trash', 'files');
        rec.entry = { ...rec.entry, deletedAt: null };
      } catch (error) {
        this.#resetIntent(rec);
        throw error;
      }
    });
    this.#indexDirty = true;
    await this.#writeIndex().catch((error: unknown) => this.#log('warn', 'store: index write after restore failed', error));
    this.#noteChange();
    return summaryOf(rec);
  }

  /** Deletes a draft in the trash for good, with its history. Refuses a draft from a newer version. */
  async purge(id: string): Promise<void> {
    this.#assertOpen();
    const rec = this.#trashed(id);
    if (rec.newer) throw newerError(rec);
    rec.intent = 'gone';
    await this.#serial(rec, async () => {
      try {
        if (!this.#isCurrent(rec) || rec.entry.deletedAt === null) throw new UserError('DRAFT_NOT_FOUND', '（废纸篓中没有该草稿）');
        await this.#refuseNewer(rec);
        await this.#ensureWritable().catch((error: unknown) => {
          throw isUserError(error) ? error : toWriteError(error, '草稿未能彻底删除', false);
        });
        rec.entry = { ...rec.entry, purging: true };
        this.#indexDirty = true;
        try {
          // The index says "purging" before the file goes, so a crash in between cannot bring it back.
          await this.#writeIndex();
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
    this.#indexDirty = true;
    await this.#writeIndex().catch((error: unknown) => this.#log('warn', 'store: index write after purge failed', error));
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

  // Writes the saves called so far; fails when the latest edits could not be written. Only
  // inside the draft's queue (no other write can be running).
  async #settleHeld(rec: DraftRecord): Promise<void> {
    if (rec.pending) await this.#drain(rec);
    if (rec.pending) {
      throw new UserError(rec.failure?.code ?? 'WRITE_FAILED', '（该草稿的最新修改尚未保存，请先处理保存问题）');
    }
  }

  // A draft from a newer version is never moved or deleted. Its version is known once its file
  // was read; when it was not (a fresh index at open), the file is read now. Only in the queue.
  async #refuseNewer(rec: DraftRecord): Promise<void> {
    if (rec.newer) throw newerError(rec);
    if (rec.persisted || rec.pending) return;
    try {
      decodeStoreFile('draft', await this.#fs.readText(this.#pathOf(rec)));
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
    return this.#serial(rec, async () => {
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
      return await this.#serial(rec, async () => {
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
          receipt = this.#settleHeld(rec).then(() => ({ id, savedAt: rec.entry.updatedAt, revision: rec.entry.revision }));
        } else {
          const updatedAt = this.#now().toISOString();
          receipt = new Promise<SaveReceipt>((resolve, reject) => {
            const waiter = { resolve, reject };
            if (rec.pending) {
              // earlier content not yet written: the restore replaces it (it is in the undo snapshot)
              Object.assign(rec.pending, { briefing, revision, updatedAt, auto: false });
              rec.pending.waiters.push(waiter);
            } else {
              rec.pending = { briefing, revision, updatedAt, waiters: [waiter], auto: false };
            }
          });
          this.#clearRetry(rec);
          await this.#drain(rec);
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
    this.#indexDirty = true;
    await this.#writeIndex().catch((error: unknown) => this.#log('warn', 'store: index write after take-over failed', error));
    await this.purgeExpired().catch((error: unknown) => this.#log('warn', 'store: purge after take-over failed', error));
    for (const rec of this.#records.values()) if (rec.pending) void this.#pump(rec).catch(() => undefined);
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
    await this.#queuesIdle();
    for (let round = 0; round < 100; round++) {
      const busy = [...this.#records.values()].filter((r) => r.writing || (r.pending && round === 0));
      if (busy.length === 0) break;
      await Promise.allSettled(busy.map((r) => this.#pump(r)));
      if (round > 0 && busy.every((r) => !r.writing)) break;
    }
    await this.#queuesIdle();
    await this.#history.idle();
    await Promise.allSettled([...this.#background]);
    await this.#backups.idle();
    if (this.#indexDirty && this.#lock.isHeld) await this.#writeIndex().catch((error: unknown) => this.#log('warn', 'store: index write at flush failed', error));
    await this.#indexChain;
    return { unsaved: this.status().unsaved };
  }

  /** Flushes, then releases the lock. Later calls fail. */
  async close(): Promise<FlushReport> {
    if (this.#closed) return { unsaved: [] };
    this.#closing = true;
    await this.#verification.catch(() => undefined);
    const report = await this.flush();
    this.#closed = true;
    if (this.#indexTimer) clearTimeout(this.#indexTimer);
    for (const rec of this.#records.values()) this.#clearRetry(rec);
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

  /** Runs `fn` after every operation called before on this draft; the next waits for it. */
  #serial<T>(rec: DraftRecord, fn: () => Promise<T>): Promise<T> {
    const run = rec.queue.then(fn);
    rec.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  // Waits until no draft has an operation queued or running.
  async #queuesIdle(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      const queues = [...this.#records.values()].map((r) => r.queue);
      await Promise.all(queues);
      if ([...this.#records.values()].every((r, i) => r.queue === queues[i])) return;
    }
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
      old.persisted = null;
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

  #scheduleIndexWrite(): void {
    this.#indexDirty = true;
    if (this.#indexTimer || this.#closed) return;
    this.#indexTimer = setTimeout(() => {
      this.#indexTimer = null;
      void this.#writeIndex().catch((error: unknown) => this.#log('warn', 'store: index write failed', error));
    }, this.#options.indexDelayMs ?? 30_000);
    this.#indexTimer.unref?.();
  }

  // Index writes are serialized and skipped when nothing changed since the last one.
  #writeIndex(): Promise<void> {
    if (this.#indexTimer) {
      clearTimeout(this.#indexTimer);
      this.#indexTimer = null;
    }
    const run = this.#indexChain.then(async () => {
      if (!this.#indexDirty) return;
      this.#indexDirty = false;
      try {
        await this.#ensureWritable();
        this.#indexDb.data = this.#indexFile();
        await this.#indexDb.write();
      } catch (error) {
        this.#indexDirty = true;
        throw isUserError(error) ? error : toWriteError(error, '草稿列表索引未能保存', false);
      }
    });
    this.#indexChain = run.catch(() => undefined);
    return run;
  }
}

// ---------------------------------------------------------------------------------------------

function newRecord(entry: IndexEntry): DraftRecord {
  return {
    entry,
    intent: entry.deletedAt === null ? 'files' : 'trash',
    queue: Promise.resolve(),
    restoring: 0,
    writingJob: null,
    creating: false,
    origin: null,
    persisted: null,
    pending: null,
    writing: null,
    loading: null,
    recovering: null,
    failure: null,
    retryTimer: null,
    retryAttempt: 0,
    nextRevision: entry.revision + 1,
    newer: false,
    lastEditAt: null,
    lastAutoSnapshotAt: null,
  };
}

function entryFromFile(file: DraftFile, stamp: FileStamp | null, deletedAt: string | null): IndexEntry {
  const b = file.briefing;
  return {
    id: b.id,
    title: b.title,
    seriesName: b.meta.seriesName,
    issueNumber: b.meta.issueNumber,
    templateId: b.template.id,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
    revision: file.revision,
    blockCount: b.blocks.length,
    deletedAt,
    purging: false,
    stamp,
  };
}

function placeholderEntry(id: string, stamp: FileStamp, deletedAt: string | null): IndexEntry {
  const at = new Date(stamp.mtimeMs).toISOString();
  return {
    id,
    title: '（由更新版本创建的草稿）',
    seriesName: '',
    issueNumber: null,
    templateId: '',
    createdAt: at,
    updatedAt: at,
    revision: 0,
    blockCount: 0,
    deletedAt,
    purging: false,
    stamp,
  };
}

function summaryOf(rec: DraftRecord): DraftSummary {
  const e = rec.entry;
  return {
    id: e.id,
    title: e.title,
    seriesName: e.seriesName,
    issueNumber: e.issueNumber,
    templateId: e.templateId,
    updatedAt: e.updatedAt,
    createdAt: e.createdAt,
    revision: e.revision,
    blockCount: e.blockCount,
    unsaved: rec.pending !== null && rec.failure !== null,
    readOnly: rec.newer,
  };
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

function lockHolderOf(holder: LockHolder): StoreLockHolder {
  return {
    code: holder.reason === 'other-host' ? 'LOCKED_BY_OTHER_HOST' : 'LOCKED_BY_RUNNING_PROCESS',
    pid: holder.pid,
    hostname: holder.hostname,
    since: holder.since,
  };
}

function newerError(rec: DraftRecord): UserError {
  return new UserError('NEWER_VERSION', `（草稿“${rec.entry.title || rec.entry.id}”由更新版本保存，本程序不会改动它）`);
}

/** Why a store file could not be read, as structure: its code, and where when known. */
function reasonOf(error: unknown): StoreNoticeReason {
  if (!isUserError(error)) return { code: 'READ_FAILED' };
  const at = error.location;
  return { code: error.code, ...(at?.line !== undefined ? { line: at.line } : {}), ...(at?.column !== undefined ? { column: at.column } : {}) };
}

/** Maps with at most `limit` calls in flight; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
