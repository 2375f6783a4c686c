import { closeSync, copyFileSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fail, ok, type Failure, type Result } from '../../shared/errors';

let counter = 0;

/** Writes a file atomically (temp file in the same folder, fsync, rename): a reader sees the old or the new file, never half. */
export function writeFileAtomic(path: string, data: string | Uint8Array): Result<null> {
  counter += 1;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
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

/** Size of a regular file, or null when it is missing, not a regular file, or a symbolic link. */
export function regularFileSize(path: string): number | null {
  try {
    const stat = lstatSync(path);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

/** True when `path` is a directory (symbolic links are not followed). */
export function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Modification stamp of a file, for caches: `mtime:size`, or '' when missing. */
export function stampOf(path: string): string {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return '';
  }
}

/** Copies a file, creating folders. */
export function copyInto(from: string, to: string): Result<null> {
  try {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    return ok(null);
  } catch (error) {
    return fsFailure(error, to);
  }
}

/** Removes a folder tree, ignoring a missing one. */
export function removeTree(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** Compares x.y.z versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let k = 0; k < 3; k++) {
    const d = (pa[k] ?? 0) - (pb[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
