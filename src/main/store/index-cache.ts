import { join } from 'node:path';
import { UserError, isUserError } from '../../shared/errors';
import { isTempName } from '../fs/atomic-file';
import { errnoCode, isNotFound, toWriteError } from '../fs/errno';
import { StoreFileDb } from './db';
import { decodeStoreFile } from './decode';
import { mapLimit, type Location } from './draft-record';
import type { FileStamp, IndexFile } from './format';
import type { StoreFs } from './fs-layer';
import type { StoreLayout } from './layout';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A draft file found on disk at open. */
export interface DiskDraft {
  readonly location: Location;
  readonly stamp: FileStamp;
}

export interface IndexCacheOptions {
  readonly fs: StoreFs;
  readonly path: string;
  /** Delay before a scheduled rewrite (saves never wait for the index). */
  readonly delayMs: number;
  /** The index as it should be now (every listed draft's row). */
  readonly snapshot: () => IndexFile;
  /** Takes the writer lock when the store is read-only; throws when it cannot. */
  readonly ensureWritable: () => Promise<void>;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
}

/**
 * `index.json`, the drafts list as a cache of the draft files: one kept lowdb database, read at
 * open, rewritten after changes — at once (`write`) for structural changes, after `delayMs`
 * (`schedule`) for saves. Writes are serialised and skipped when nothing changed since the last.
 */
export class IndexCache {
  readonly #options: IndexCacheOptions;
  readonly #db: StoreFileDb<IndexFile>;
  #dirty = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: IndexCacheOptions) {
    this.#options = options;
    this.#db = new StoreFileDb<IndexFile>(options.path, options.fs, (text) => decodeStoreFile('index', text));
  }

  /** The kept lowdb database of `index.json`. */
  get db(): StoreFileDb<IndexFile> {
    return this.#db;
  }

  /**
   * Reads the index: null with mtime 0 when there is none. Throws Node's error when it cannot be
   * read, the decoder's `UserError` when it is damaged or newer.
   */
  async read(): Promise<{ index: IndexFile | null; mtimeMs: number }> {
    let mtimeMs: number;
    try {
      mtimeMs = (await this.#options.fs.stat(this.#options.path)).mtimeMs;
    } catch (error) {
      if (isNotFound(error)) return { index: null, mtimeMs: 0 };
      throw error;
    }
    const index = await this.#db.load();
    return { index, mtimeMs: index === null ? 0 : mtimeMs };
  }

  get dirty(): boolean {
    return this.#dirty;
  }

  /** The index no longer matches the drafts: the next `write` writes it. */
  markDirty(): void {
    this.#dirty = true;
  }

  /** Marks the index changed and writes it after the delay (once, however many changes). */
  schedule(): void {
    this.#dirty = true;
    if (this.#timer || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.write().catch((error: unknown) => this.#options.log('warn', 'store: index write failed', error));
    }, this.#options.delayMs);
    this.#timer.unref?.();
  }

  /** Writes the index now when it changed (after any write already running). */
  write(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const run = this.#chain.then(async () => {
      if (!this.#dirty) return;
      this.#dirty = false;
      try {
        await this.#options.ensureWritable();
        await this.#db.save(this.#options.snapshot());
      } catch (error) {
        this.#dirty = true;
        throw isUserError(error) ? error : toWriteError(error, '草稿列表索引未能保存', false);
      }
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves when no index write is running. */
  idle(): Promise<void> {
    return this.#chain;
  }

  /** No more delayed writes (the store closes). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** The draft files on disk with their stamps (files/ first: a draft in both folders is live). */
export async function scanDraftFiles(fs: StoreFs, layout: StoreLayout): Promise<Map<string, DiskDraft>> {
  const onDisk = new Map<string, DiskDraft>();
  const listed = await Promise.all(
    (['files', 'trash'] as const).map(async (location) => {
      let names: string[] = [];
      try {
        names = (await fs.list(layout[location])).filter((e) => !e.isDirectory).map((e) => e.name);
      } catch (error) {
        if (!isNotFound(error)) throw new UserError('READ_FAILED', `（${layout[location]}：${errnoCode(error) ?? ''}）`);
      }
      const ids = names.filter((n) => n.endsWith('.json') && !isTempName(n)).map((n) => n.slice(0, -5)).filter((id) => ID.test(id));
      const stamps = await mapLimit(ids, 64, async (id) => {
        try {
          const st = await fs.stat(join(layout[location], `${id}.json`));
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
