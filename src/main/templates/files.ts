import { copyFileSync, lstatSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ok, type Result } from '../../shared/errors';
import { fsFailure, writeFileAtomic as writeAtomic } from '../fs/atomic-file';

/** Writes a file atomically (see `main/fs/atomic-file`), creating its folder first. */
export function writeFileAtomic(path: string, data: string | Uint8Array): Result<null> {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    return fsFailure(error, dirname(path));
  }
  return writeAtomic(path, data);
}

export { fsFailure };

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
