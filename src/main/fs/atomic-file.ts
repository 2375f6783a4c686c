import { closeSync, constants, fstatSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ok, type Result } from '../../shared/errors';
import { errnoCode, fsFailure } from './errno';

export { fsFailure };

/** What a writer needs to know about a file it wrote. */
export interface FileStamp {
  readonly mtimeMs: number;
  readonly size: number;
}

/**
 * The four file operations an atomic write is made of, injectable (the drafts store's `StoreFs`
 * has them, and its tests replace them with failures). Errors are Node's (`code` property).
 */
export interface AtomicFs {
  /** Creates `path` (which must not exist), writes `data`, fsyncs it, closes it; returns its stamp. */
  writeNewSynced(path: string, data: string): Promise<FileStamp>;
  rename(from: string, to: string): Promise<void>;
  /** fsyncs a directory so that renames and creations inside it survive a power cut. */
  syncDir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

let tempCounter = 0;

/** The temporary sibling a write goes through: `.name.json.<pid>.<n>.tmp` (cleaned at open by the store). */
export function tempPathFor(path: string): string {
  tempCounter += 1;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${tempCounter}.tmp`);
}

/** True for the name of a temporary file left behind by an interrupted write. */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

// ---------------------------------------------------------------------------------------------
// The algorithm, once. It is a generator of file operations so that the same steps, in the same
// order, run synchronously (exports, templates, the user library) and asynchronously on an
// injectable file system (the drafts store).

type Step =
  | { readonly op: 'writeNew'; readonly path: string; readonly data: string | Uint8Array }
  | { readonly op: 'rename'; readonly from: string; readonly to: string }
  | { readonly op: 'syncDir'; readonly path: string }
  | { readonly op: 'unlink'; readonly path: string }
  | { readonly op: 'wait'; readonly ms: number };

/** Rename attempts after the first, on Windows only (see `isTransientRename`). */
const RENAME_RETRIES = 10;

// On Windows a virus scanner or the search indexer may hold the target for a moment.
function isTransientRename(error: unknown): boolean {
  const code = errnoCode(error);
  return process.platform === 'win32' && (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES');
}

/**
 * Replaces `path` with `data` so that, whatever happens (crash, SIGKILL, power cut), the path
 * holds either the complete old content or the complete new content:
 *   1. write a fresh temp file in the same directory and fsync it (data blocks on disk);
 *   2. rename it over the target (atomic on POSIX and NTFS), retried briefly on Windows;
 *   3. fsync the directory (the rename itself on disk), when asked.
 * A failure removes the temp file and is thrown; the target is untouched.
 */
function* atomicWrite(path: string, data: string | Uint8Array, syncDir: boolean): Generator<Step, FileStamp, unknown> {
  const temp = tempPathFor(path);
  let stamp: FileStamp;
  try {
    stamp = (yield { op: 'writeNew', path: temp, data }) as FileStamp;
    for (let attempt = 0; ; attempt++) {
      try {
        yield { op: 'rename', from: temp, to: path };
        break;
      } catch (error) {
        if (!isTransientRename(error) || attempt >= RENAME_RETRIES) throw error;
        yield { op: 'wait', ms: 50 * (attempt + 1) };
      }
    }
  } catch (error) {
    try {
      yield { op: 'unlink', path: temp };
    } catch {
      // the temp file may never have been created; nothing more to clean up
    }
    throw error;
  }
  if (syncDir) yield { op: 'syncDir', path: dirname(path) };
  return stamp;
}

function runSync(steps: Generator<Step, FileStamp, unknown>): FileStamp {
  let next = steps.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = stepSync(next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

async function runAsync(steps: Generator<Step, FileStamp, unknown>, fs: AtomicFs): Promise<FileStamp> {
  let next = steps.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = await stepAsync(next.value, fs);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

function stepSync(step: Step): unknown {
  switch (step.op) {
    case 'writeNew': {
      const fd = openSync(step.path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
      try {
        const bytes = typeof step.data === 'string' ? Buffer.from(step.data, 'utf8') : step.data;
        let written = 0;
        while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
        fsyncSync(fd);
        const s = fstatSync(fd);
        return { mtimeMs: s.mtimeMs, size: s.size } satisfies FileStamp;
      } finally {
        closeSync(fd);
      }
    }
    case 'rename':
      return renameSync(step.from, step.to);
    case 'syncDir':
      return syncDirectory(step.path);
    case 'unlink':
      return unlinkSync(step.path);
    case 'wait':
      // A synchronous pause (only on Windows, only while a scanner holds the target).
      return Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, step.ms);
  }
}

function stepAsync(step: Step, fs: AtomicFs): Promise<unknown> {
  switch (step.op) {
    case 'writeNew':
      // writeFileDurable takes text only
      if (typeof step.data !== 'string') throw new TypeError('writeFileDurable writes text');
      return fs.writeNewSynced(step.path, step.data);
    case 'rename':
      return fs.rename(step.from, step.to);
    case 'syncDir':
      return fs.syncDir(step.path);
    case 'unlink':
      return fs.unlink(step.path);
    case 'wait':
      return new Promise<void>((resolve) => setTimeout(resolve, step.ms));
  }
}

// ---------------------------------------------------------------------------------------------
// The two ways in

/**
 * Writes a whole file atomically and synchronously (temp file, fsync, rename; the directory
 * fsynced too with `syncDir`). A reader (or a crash) sees the old file or the new one, never half
 * of one. Failures are `Failure`s with the code from the one errno map (`codeForFsError`) naming
 * the path; nothing is thrown.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: { readonly syncDir?: boolean } = {}): Result<null> {
  try {
    runSync(atomicWrite(path, data, options.syncDir ?? false));
    return ok(null);
  } catch (error) {
    return fsFailure(error, path);
  }
}

/**
 * The same write, asynchronous and on an injectable file system, always with the directory
 * fsynced: once it resolves the new content is durable. Node's error is thrown (callers map it
 * with `codeForFsError` / `toWriteError`). Returns the stamp (mtime, size) of the new file.
 */
export function writeFileDurable(fs: AtomicFs, path: string, data: string): Promise<FileStamp> {
  return runAsync(atomicWrite(path, data, true), fs);
}

/** fsyncs a directory so the renames and creations inside it are durable (not possible on Windows, where NTFS journals them). */
export function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The real file system's atomic-write operations (node:fs/promises). */
export const nodeAtomicFs: AtomicFs = {
  async writeNewSynced(path, data) {
    const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
      const s = await handle.stat();
      return { mtimeMs: s.mtimeMs, size: s.size };
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
  async syncDir(path) {
    // Windows cannot open a directory for fsync (EPERM/EISDIR); NTFS journals renames itself.
    if (process.platform === 'win32') return;
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  unlink: (path) => unlink(path),
};
