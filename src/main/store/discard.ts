import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { errnoCode, isNotFound, type FileStamp, type StoreFs } from './fs-layer';

let tempCounter = 0;

/** The temporary sibling a write goes through: `.name.json.<pid>.<n>.tmp` (cleaned at open). */
export function tempPathFor(path: string): string {
  tempCounter += 1;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${tempCounter}.tmp`);
}

/** True for the name of a temporary file left behind by an interrupted write. */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Replaces `path` with `data` so that, whatever happens (crash, SIGKILL, power cut), the path
 * holds either the complete old content or the complete new content, and once this resolves
 * the new content is durable:
 *   1. write a fresh temp file in the same directory and fsync it (data blocks on disk);
 *   2. rename it over the target (atomic on POSIX and NTFS);
 *   3. fsync the directory (the rename itself on disk — steno, lowdb's writer, skips 1's fsync
 *      and this step, so a "saved" file can come back empty or old after a power cut).
 * Returns the stamp (mtime, size) of the new file.
 */
export async function writeFileAtomic(fs: StoreFs, path: string, data: string): Promise<FileStamp> {
  const temp = tempPathFor(path);
  let stamp: FileStamp;
  try {
    stamp = await fs.writeNewSynced(temp, data);
    await renameWithRetry(fs, temp, path);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await fs.syncDir(dirname(path));
  return stamp;
}

// On Windows a virus scanner or the search indexer may hold the target for a moment (EBUSY/EPERM).
async function renameWithRetry(fs: StoreFs, from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const code = errnoCode(error);
      const transient = process.platform === 'win32' && (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES');
      if (!transient || attempt >= 10) throw error;
      await wait(50 * (attempt + 1));
    }
  }
}

/**
 * A lowdb adapter on `writeFileAtomic`: durable atomic writes (file and directory fsynced) and a
 * decoder that parses, validates and migrates on read. `read()` resolves to null when the file
 * does not exist; a damaged file makes `decode` throw (the store quarantines it).
 */
export class DurableJsonFile<T> implements Adapter<T> {
  /** Stamp of the file after the last successful write by this adapter. */
  lastStamp: FileStamp | null = null;

  constructor(
    readonly path: string,
    private readonly fs: StoreFs,
    private readonly decode: (text: string) => T,
    private readonly encode: (data: T) => string = (data) => JSON.stringify(data),
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await this.fs.readText(this.path);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    return this.decode(text);
  }

  async write(data: T): Promise<void> {
    this.lastStamp = await writeFileAtomic(this.fs, this.path, this.encode(data));
  }
}

/**
 * Deletes a folder so that a crash midway never leaves a half-deleted folder under its real name:
 * it is first renamed to `.deleting-<name>-…` (atomic), then removed. Leftovers are swept at open
 * (see `isDiscardedName`).
 */
export async function discardTree(fs: StoreFs, path: string): Promise<void> {
  tempCounter += 1;
  const aside = join(dirname(path), `.deleting-${basename(path)}-${process.pid}-${tempCounter}`);
  try {
    await fs.rename(path, aside);
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  await fs.syncDir(dirname(path));
  await fs.removeTree(aside);
}

/** True for a folder being deleted by `discardTree` (or an unfinished backup). */
export function isDiscardedName(name: string): boolean {
  return name.startsWith('.deleting-') || name.startsWith('.partial-');
}
