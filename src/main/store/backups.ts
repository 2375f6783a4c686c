import { join } from 'node:path';
import { isoDateInChina } from '../../core/briefing';
import { isTempName } from '../fs/atomic-file';
import { isNotFound } from '../fs/errno';
import { discardTree, isDiscardedName } from './discard';
import { decodeStoreFile } from './decode';
import { STORE_FORMAT_VERSION, type BackupManifest, type DraftFile, type FileStamp, type IndexFile } from './format';
import type { StoreFs } from './fs-layer';
import { fileTimestamp, type StoreLayout } from './layout';

/** Options of the rolling backups. */
export interface BackupOptions {
  readonly fs: StoreFs;
  readonly layout: StoreLayout;
  readonly now: () => Date;
  /** Minimum time between two backups while editing (default 10 min). */
  readonly intervalMs: number;
  /** Most recent backups kept (default 20). */
  readonly keep: number;
  /** Besides those, the newest backup of each of the last `days` days is kept (default 7). */
  readonly days: number;
  /** The index as it is in memory now (written into each backup). */
  readonly indexSnapshot: () => IndexFile;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
}

/** A complete backup on disk. */
export interface BackupInfo {
  readonly name: string;
  readonly path: string;
  /** ms since epoch, from the folder name */
  readonly time: number;
}

const NAME = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-\d+)?$/;

/** The time a backup folder name encodes, or null for other names. */
export function backupTime(name: string): number | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const t = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isNaN(t) ? null : t;
}

/**
 * Which backups to keep: the `keep` newest, plus the newest of each calendar day (Beijing time)
 * among the last `days` days. Pure: the caller deletes the rest.
 */
export function selectBackupsToKeep(backups: readonly { name: string; time: number }[], nowMs: number, keep: number, days: number): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.time - a.time);
  const kept = new Set(newestFirst.slice(0, keep).map((b) => b.name));
  const seenDays = new Set<string>();
  for (const b of newestFirst) {
    if (nowMs - b.time >= days * 24 * 3600 * 1000) continue;
    const day = isoDateInChina(new Date(b.time));
    if (seenDays.has(day)) continue;
    seenDays.add(day);
    kept.add(b.name);
  }
  return kept;
}

/**
 * Rolling backups of the whole store (index, drafts, trash; history is itself a version store and
 * is not copied). Each backup is a folder built under `.partial-…` and renamed into place once
 * complete (its `backup.json` is written last). A file unchanged since the previous backup (same
 * stamp) is hard-linked to the previous copy instead of copied: live files are only ever replaced
 * by rename, never modified in place, so a backup's copy can never change under it. Files that
 * changed are copied and fsynced.
 */
export class BackupManager {
  #lastBackupAt: number | null = null;
  #changed = false;
  #running: Promise<string | null> | null = null;
  #previous: { dir: string; files: Map<string, FileStamp> } | null = null;

  constructor(private readonly options: BackupOptions) {}

  /** Time of the newest complete backup (ms), or null. */
  get lastBackupAt(): number | null {
    return this.#lastBackupAt;
  }

  /** Reads the backups folder: removes unfinished backups, finds the newest complete one. */
  async init(writable: boolean): Promise<void> {
    const { fs, layout } = this.options;
    let entries: { name: string; isDirectory: boolean }[] = [];
    try {
      entries = await fs.list(layout.backups);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (writable) {
      for (const e of entries) if (isDiscardedName(e.name)) await fs.removeTree(join(layout.backups, e.name));
    }
    const list = await this.list();
    this.#lastBackupAt = list[0]?.time ?? null;
  }

  /** Complete backups, newest first. */
  async list(): Promise<BackupInfo[]> {
    const { fs, layout } = this.options;
    let entries: { name: string; isDirectory: boolean }[];
    try {
      entries = await fs.list(layout.backups);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    const out: BackupInfo[] = [];
    for (const e of entries) {
      const time = e.isDirectory ? backupTime(e.name) : null;
      if (time !== null) out.push({ name: e.name, path: join(layout.backups, e.name), time });
    }
    return out.sort((a, b) => b.time - a.time);
  }

  /** Notes an edit; starts a backup in the background when one is due. */
  noteChange(): void {
    this.#changed = true;
    if (this.isDue()) void this.backupNow().catch((error: unknown) => this.options.log('warn', 'backup failed', error));
  }

  /** Whether an edit happened since the last backup and the interval has passed. */
  isDue(): boolean {
    if (!this.#changed || this.#running) return false;
    return this.#lastBackupAt === null || this.options.now().getTime() - this.#lastBackupAt >= this.options.intervalMs;
  }

  /** Makes a backup now (waits for one already running); resolves to its folder. */
  backupNow(): Promise<string | null> {
    if (this.#running) return this.#running;
    this.#changed = false;
    this.#running = this.#make()
      .catch((error: unknown) => {
        this.#changed = true;
        throw error;
      })
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  /** Waits for a running backup. */
  async idle(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  /** The newest backed-up copy of a draft that reads and validates. */
  async findDraft(id: string): Promise<{ file: DraftFile; backup: BackupInfo } | null> {
    for (const backup of await this.list()) {
      for (const sub of ['files', 'trash']) {
        try {
          const file = decodeStoreFile('draft', await this.options.fs.readText(join(backup.path, sub, `${id}.json`)));
          if (file.briefing.id === id) return { file, backup };
        } catch {
          // missing or damaged in this backup: look further back
        }
      }
    }
    return null;
  }

  /** The newest backed-up index that reads and validates. */
  async latestIndex(): Promise<IndexFile | null> {
    for (const backup of await this.list()) {
      try {
        return decodeStoreFile('index', await this.options.fs.readText(join(backup.path, 'index.json')));
      } catch {
        // next
      }
    }
    return null;
  }

  async #make(): Promise<string | null> {
    const { fs, layout } = this.options;
    const createdAt = this.options.now();
    let name = fileTimestamp(createdAt);
    const existing = new Set((await this.list()).map((b) => b.name));
    for (let n = 1; existing.has(name); n++) name = `${fileTimestamp(createdAt)}-${n}`;
    const partial = join(layout.backups, `.partial-${name}`);
    await fs.removeTree(partial);
    await fs.mkdirp(join(partial, 'files'));
    await fs.mkdirp(join(partial, 'trash'));
    const previous = this.#previous ?? (await this.#loadPrevious());
    const files: BackupManifest['files'] = [];
    for (const sub of ['files', 'trash'] as const) {
      let names: string[];
      try {
        names = (await fs.list(layout[sub])).filter((e) => !e.isDirectory && e.name.endsWith('.json') && !isTempName(e.name)).map((e) => e.name);
      } catch (error) {
        if (isNotFound(error)) continue;
        throw error;
      }
      for (const fileName of names) {
        const rel = `${sub}/${fileName}`;
        const live = join(layout[sub], fileName);
        const target = join(partial, sub, fileName);
        let source: FileStamp;
        try {
          // stat before copying: if the file is replaced in between, the copy is newer than its
          // recorded stamp, and the next backup copies it again (never the reverse).
          const s = await fs.stat(live);
          source = { mtimeMs: s.mtimeMs, size: s.size };
          const prev = previous?.files.get(rel);
          if (previous && prev && prev.mtimeMs === source.mtimeMs && prev.size === source.size) {
            try {
              await fs.link(join(previous.dir, rel), target);
              files.push({ path: rel, source });
              continue;
            } catch {
              // no hard links here, or the previous copy is gone: copy instead
            }
          }
          await fs.writeNewSynced(target, await fs.readText(live));
        } catch (error) {
          if (isNotFound(error)) continue; // deleted meanwhile
          throw error;
        }
        files.push({ path: rel, source });
      }
    }
    await fs.writeNewSynced(join(partial, 'index.json'), JSON.stringify(this.options.indexSnapshot()));
    const manifest: BackupManifest = { schemaVersion: STORE_FORMAT_VERSION, kind: 'backup', createdAt: createdAt.toISOString(), files };
    await fs.syncDir(join(partial, 'files'));
    await fs.syncDir(join(partial, 'trash'));
    await fs.writeNewSynced(join(partial, 'backup.json'), JSON.stringify(manifest));
    await fs.syncDir(partial);
    const finalDir = join(layout.backups, name);
    await fs.rename(partial, finalDir);
    await fs.syncDir(layout.backups);
    this.#previous = { dir: finalDir, files: new Map(files.map((f) => [f.path, f.source])) };
    this.#lastBackupAt = createdAt.getTime();
    await this.#rotate();
    return finalDir;
  }

  async #loadPrevious(): Promise<{ dir: string; files: Map<string, FileStamp> } | null> {
    const newest = (await this.list())[0];
    if (!newest) return null;
    try {
      const manifest = decodeStoreFile('backup', await this.options.fs.readText(join(newest.path, 'backup.json')));
      return { dir: newest.path, files: new Map(manifest.files.map((f) => [f.path, f.source])) };
    } catch {
      return null;
    }
  }

  async #rotate(): Promise<void> {
    const list = await this.list();
    const keep = selectBackupsToKeep(list, this.options.now().getTime(), this.options.keep, this.options.days);
    for (const b of list) {
      if (!keep.has(b.name)) await discardTree(this.options.fs, b.path);
    }
  }
}
