import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fail, ok, type Failure, type Result } from '../../shared/errors';

let counter = 0;

/**
 * Writes a whole file atomically: a temp file in the same folder, fsync, rename. A reader (or a
 * crash) sees the old file or the new one, never half of one. Failures are Chinese `Failure`s
 * naming the path; nothing is thrown. (The drafts store has its own async, injectable variant
 * that also fsyncs the directory: `src/main/store/atomic-write.ts`.)
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: { readonly syncDir?: boolean } = {}): Result<null> {
  counter += 1;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    // The rename itself survives a power cut only once the directory is synced.
    if (options.syncDir) syncDirectory(dirname(path));
    return ok(null);
  } catch (error) {
    try {
      if (existsSync(temp)) unlinkSync(temp);
    } catch {
      // nothing more to clean up
    }
    return fsFailure(error, path);
  }
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

/** A file-system error as a Chinese failure naming the path. */
export function fsFailure(error: unknown, path: string): Failure {
  const code = (error as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return fail('PERMISSION_DENIED', `（${path}）`);
  if (code === 'ENOSPC') return fail('DISK_FULL', `（${path}）`);
  if (code === 'ENOENT' || code === 'ENOTDIR') return fail('WRITE_FAILED', `（目录不存在：${dirname(path)}）`);
  if (code === 'EISDIR') return fail('WRITE_FAILED', `（这是一个目录：${path}）`);
  if (code === 'EEXIST') return fail('WRITE_FAILED', `（已存在：${path}）`);
  return fail('WRITE_FAILED', `（${path}）`);
}
