import type { DraftSummary, SaveReceipt, StoreLockHolder } from '../../shared/api/drafts';
import type { StoreNoticeReason } from '../../shared/api/store-notices';
import type { Briefing } from '../../shared/briefing';
import { UserError, isUserError, type ErrorCode } from '../../shared/errors';
import type { StoreFileDb } from './db';
import type { DraftFile, DraftOrigin, FileStamp, IndexEntry } from './format';
import type { LockHolder } from './lock';

// What the store keeps about each draft, shared by the facade (`draft-store.ts`), the save queue,
// the index cache and recovery. Internal to the store.

/** Where a draft's file is: `files/` (live) or `trash/`. */
export type Location = 'files' | 'trash';

/** Where a draft will be once every operation called on it so far has run. */
export type Intent = Location | 'gone';

export interface Waiter {
  resolve(receipt: SaveReceipt): void;
  reject(error: unknown): void;
}

export interface PendingSave {
  briefing: Briefing;
  revision: number;
  updatedAt: string;
  waiters: Waiter[];
  /** take automatic history snapshots around this save (false for restores) */
  auto: boolean;
}

export interface DraftRecord {
  entry: IndexEntry;
  /** The draft file's lowdb database, created with the record and kept until the draft is purged. */
  readonly file: StoreFileDb<DraftFile>;
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

/** The content last made durable, when held in memory (the draft's lowdb data). */
export function persistedOf(rec: DraftRecord): DraftFile | null {
  return rec.file.data;
}

/** A fresh record for an index entry; `openFile` makes its lowdb database (once). */
export function newRecord(entry: IndexEntry, openFile: (rec: DraftRecord) => StoreFileDb<DraftFile>): DraftRecord {
  const rec = {
    entry,
    intent: entry.deletedAt === null ? 'files' : 'trash',
    queue: Promise.resolve(),
    restoring: 0,
    writingJob: null,
    creating: false,
    origin: null,
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
  } as Omit<DraftRecord, 'file'> as DraftRecord;
  (rec as { file: StoreFileDb<DraftFile> }).file = openFile(rec);
  return rec;
}

/** The index row of a draft file. */
export function entryFromFile(file: DraftFile, stamp: FileStamp | null, deletedAt: string | null): IndexEntry {
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

/** The index row of a draft file written by a newer version, known only by its stamp. */
export function placeholderEntry(id: string, stamp: FileStamp, deletedAt: string | null): IndexEntry {
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

export function summaryOf(rec: DraftRecord): DraftSummary {
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

export function lockHolderOf(holder: LockHolder): StoreLockHolder {
  return {
    code: holder.reason === 'other-host' ? 'LOCKED_BY_OTHER_HOST' : 'LOCKED_BY_RUNNING_PROCESS',
    pid: holder.pid,
    hostname: holder.hostname,
    since: holder.since,
  };
}

export function newerError(rec: DraftRecord): UserError {
  return new UserError('NEWER_VERSION', `（草稿“${rec.entry.title || rec.entry.id}”由更新版本保存，本程序不会改动它）`);
}

/** Why a store file could not be read, as structure: its code, and where when known. */
export function reasonOf(error: unknown): StoreNoticeReason {
  if (!isUserError(error)) return { code: 'READ_FAILED' };
  const at = error.location;
  return { code: error.code, ...(at?.line !== undefined ? { line: at.line } : {}), ...(at?.column !== undefined ? { column: at.column } : {}) };
}

/** Maps with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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
