import { basename, dirname, join } from 'node:path';
import type { StoreNotice } from '../../shared/api/drafts';
import type { StoreNoticeParams, StoreNoticeReason } from '../../shared/api/store-notices';
import { UserError, isUserError } from '../../shared/errors';
import { isTempName } from '../fs/atomic-file';
import { errnoCode } from '../fs/errno';
import type { BackupManager } from './backups';
import { decodeStoreFile } from './decode';
import { entryFromFile, mapLimit, placeholderEntry, reasonOf, type DraftRecord, type Location } from './draft-record';
import { STORE_FORMAT_VERSION, type DraftFile, type IndexEntry, type IndexFile } from './format';
import type { StoreFs } from './fs-layer';
import type { HistoryStore } from './history';
import type { DiskDraft } from './index-cache';
import { fileTimestamp, type StoreLayout } from './layout';

export interface RecoveryOptions {
  readonly fs: StoreFs;
  readonly layout: StoreLayout;
  readonly now: () => Date;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
  readonly history: HistoryStore;
  readonly backups: BackupManager;
  /** The store's records by draft id (recovery adds, replaces and removes them). */
  readonly records: Map<string, DraftRecord>;
  /** A new record for an index row, with its draft file's database. */
  readonly newRecord: (entry: IndexEntry) => DraftRecord;
  /** The index no longer matches the drafts. */
  readonly indexChanged: () => void;
  readonly notify: (kind: StoreNotice['kind'], params: StoreNoticeParams, path: string | null, draftId: string | null) => void;
  /** Finishes a purge interrupted by a crash (the index row said "purging"). */
  readonly finishPurge: (rec: DraftRecord) => Promise<void>;
}

/**
 * Recovery: at open, the index is reconciled with the draft files on disk (the files are the
 * truth; rows are re-read when their file's stamp changed); a draft file that fails to parse or
 * validate is moved to `quarantine/` and the newer of its last good history snapshot and its last
 * good backup is written in its place, with a notice saying what happened and where the damaged
 * file is. Never deletes anything but temp files and interrupted purges.
 */
export class Recovery {
  readonly #o: RecoveryOptions;

  constructor(options: RecoveryOptions) {
    this.#o = options;
  }

  /**
   * Builds the records from the index and the scan of the draft folders, re-reading what the
   * index cannot vouch for and recovering what is damaged or missing (read-only: only notices).
   * `previousIndex` (from the last backup) names drafts when the index itself was rebuilt.
   */
  async reconcile(
    index: IndexFile | null,
    indexMtime: number,
    previousIndex: IndexFile | null,
    writable: boolean,
    onDisk: Map<string, DiskDraft>,
  ): Promise<void> {
    const { records, layout, fs } = this.#o;
    const entries = new Map((index?.drafts ?? []).map((e) => [e.id, e]));
    const previousEntries = new Map((previousIndex?.drafts ?? []).map((e) => [e.id, e]));
    const nowIso = this.#o.now().toISOString();
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
      if (deletedAt !== entry.deletedAt || entry.purging) this.#o.indexChanged();
      records.set(id, this.#o.newRecord({ ...entry, deletedAt, purging: false }));
      if (entry.purging && disk.location === 'trash') {
        // a purge was interrupted: finish it
        records.get(id)!.entry = { ...entry, deletedAt, purging: true };
      }
    }

    this.#o.log('info', `store: ${onDisk.size} draft files, ${toRead.length} re-read at open`);
    const damaged: { id: string; location: Location; reason: StoreNoticeReason | null; entry: IndexEntry | undefined }[] = [];
    await mapLimit(toRead, 8, async (id) => {
      const disk = onDisk.get(id)!;
      const entry = entries.get(id) ?? previousEntries.get(id);
      const path = join(layout[disk.location], `${id}.json`);
      this.#o.indexChanged();
      try {
        const file = decodeStoreFile('draft', await fs.readText(path));
        if (file.briefing.id !== id) throw new UserError('INVALID_BRIEFING', '（文件名与草稿标识不符）');
        const deletedAt = disk.location === 'trash' ? (entry?.deletedAt ?? nowIso) : null;
        const rec = this.#o.newRecord(entryFromFile(file, disk.stamp, deletedAt));
        rec.origin = file.origin;
        rec.entry = { ...rec.entry, purging: disk.location === 'trash' && (entries.get(id)?.purging ?? false) };
        records.set(id, rec);
      } catch (error) {
        if (isUserError(error) && error.code === 'NEWER_VERSION') {
          const rec = this.#o.newRecord(entry ? { ...entry, stamp: disk.stamp } : placeholderEntry(id, disk.stamp, disk.location === 'trash' ? nowIso : null));
          rec.newer = true;
          records.set(id, rec);
          this.#o.notify('newer-version', { title: rec.entry.title || id }, path, id);
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
      this.#o.indexChanged();
      if (entry.purging) {
        if (writable) await this.#o.history.remove(id).catch(() => undefined);
        continue;
      }
      damaged.push({ id, location: entry.deletedAt ? 'trash' : 'files', reason: null, entry });
    }
    for (const d of damaged) {
      if (!writable) {
        this.#o.notify('draft-lost', { title: d.entry?.title || d.id, readOnly: true, ...(d.reason ? { reason: d.reason } : {}) }, join(layout[d.location], `${d.id}.json`), d.id);
        continue;
      }
      await this.recover(d.id, d.location, d.reason, d.entry ?? null);
    }
    for (const rec of [...records.values()]) {
      if (rec.entry.purging && writable) await this.#o.finishPurge(rec).catch((error: unknown) => this.#o.log('warn', 'store: purge failed', error));
    }
  }

  /**
   * Recovers a damaged (`reason` given) or missing draft file: moves the damaged file to
   * quarantine, then writes the newest good copy among the draft's history snapshots and the
   * rolling backups in its place, and tells the user what happened and where the damaged file is.
   */
  async recover(id: string, location: Location, reason: StoreNoticeReason | null, entry: IndexEntry | null): Promise<void> {
    const { records, layout } = this.#o;
    const damaged = reason !== null;
    const path = join(layout[location], `${id}.json`);
    const title = entry?.title || id;
    const quarantined = damaged ? await this.quarantine(path) : null;
    const snap = await this.#o.history.latestGood(id).catch(() => null);
    const backup = await this.#o.backups.findDraft(id).catch(() => null);
    const useSnapshot = snap !== null && (backup === null || snap.createdAt >= backup.file.updatedAt);
    const about = { title, damaged, ...(reason ? { reason } : {}) };
    if (!snap && !backup) {
      const lost = records.get(id);
      if (lost) lost.intent = 'gone';
      records.delete(id);
      this.#o.notify('draft-lost', about, quarantined, id);
      return;
    }
    const source = useSnapshot ? '历史快照' : '自动备份';
    const sourceTime = useSnapshot ? snap!.createdAt : backup!.file.updatedAt;
    const briefing = { ...(useSnapshot ? snap!.briefing : backup!.file.briefing), id };
    const revision = Math.max(entry?.revision ?? 0, useSnapshot ? snap!.revision : backup!.file.revision) + 1;
    const nowIso = this.#o.now().toISOString();
    const file: DraftFile = {
      schemaVersion: STORE_FORMAT_VERSION,
      kind: 'draft',
      revision,
      createdAt: entry?.createdAt ?? (useSnapshot ? snap!.createdAt : backup!.file.createdAt),
      updatedAt: nowIso,
      origin: { kind: 'recovered', from: `${source} ${sourceTime}` },
      briefing,
    };
    const deletedAt = location === 'trash' ? (entry?.deletedAt ?? nowIso) : null;
    // The record (new or kept) points at `path` through its deletedAt: its database writes there.
    const rec = records.get(id) ?? this.#o.newRecord(entryFromFile(file, null, deletedAt));
    const stamp = await rec.file.save(file);
    rec.entry = entryFromFile(file, stamp, deletedAt);
    rec.origin = file.origin;
    rec.nextRevision = Math.max(rec.nextRevision, revision + 1);
    records.set(id, rec);
    this.#o.indexChanged();
    this.#o.notify('draft-recovered', { ...about, recoveredFrom: { source: useSnapshot ? 'snapshot' : 'backup', at: sourceTime } }, quarantined, id);
  }

  /** Moves a file into the quarantine folder; returns its new path. Never deletes anything. */
  async quarantine(path: string): Promise<string> {
    const { fs, layout } = this.#o;
    const base = `${fileTimestamp(this.#o.now())}-${basename(path)}`;
    let target = join(layout.quarantine, base);
    for (let n = 1; ; n++) {
      try {
        await fs.stat(target);
        target = join(layout.quarantine, `${base}.${n}`);
      } catch {
        break;
      }
    }
    await fs.mkdirp(layout.quarantine);
    await fs.rename(path, target);
    await fs.syncDir(layout.quarantine);
    await fs.syncDir(dirname(path));
    return target;
  }

  /** Removes the temp files and stale lock files an interrupted write left behind. */
  async removeTemps(): Promise<void> {
    const { fs, layout } = this.#o;
    for (const dir of [layout.root, layout.files, layout.trash]) {
      try {
        for (const e of await fs.list(dir)) {
          if (!e.isDirectory && (isTempName(e.name) || e.name.startsWith('store.lock.stale-'))) await fs.unlink(join(dir, e.name)).catch(() => undefined);
        }
      } catch {
        // missing folder: nothing to clean
      }
    }
  }
}
