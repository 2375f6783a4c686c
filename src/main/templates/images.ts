import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ImageProvider } from '../../core/layout/image';
import { IMAGE_EXTENSIONS, pathProblem } from '../../core/template';
import { containedFile } from './contained';

/** Largest image a template may bring (a logo is usually well under 1 MB). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/**
 * Reads a template's images from its folder: `file` as written in the template, relative to `dir`.
 * Refuses (undefined) what the template checker refuses — URLs, absolute paths, `..` above the
 * folder, other file types — and what resolves outside the folder through a symbolic link, what
 * is not a regular file, and files over 5 MB. Never throws.
 */
export function imageReaderFor(dir: string | readonly string[] | undefined): ImageProvider {
  // Several folders: the template's own, then those of the templates it extends (nearest first).
  if (dir !== undefined && typeof dir !== 'string') {
    const readers = dir.map((d) => imageReaderFor(d));
    return (file) => {
      for (const read of readers) {
        const bytes = read(file);
        if (bytes) return bytes;
      }
      return undefined;
    };
  }
  return (file) => {
    if (dir === undefined || pathProblem(file, IMAGE_EXTENSIONS)) return undefined;
    const found = containedFile(dir, file);
    if (!found.ok) return undefined;
    try {
      return readSmallFile(found.path, MAX_IMAGE_BYTES);
    } catch {
      return undefined;
    }
  };
}

/** A regular file's bytes when it is at most `max` bytes; the size is taken from the open file. */
// The last images read, by path: an unchanged file (same inode, size and mtime) gives back the same
// bytes object, so a preview refresh neither reads nor decodes the logo again.
const recent = new Map<string, { readonly stamp: string; readonly bytes: Uint8Array }>();
const RECENT_MAX = 32;

function readSmallFile(path: string, max: number): Uint8Array | undefined {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > max) return undefined;
    const stamp = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    const known = recent.get(path);
    if (known?.stamp === stamp) return known.bytes;
    const bytes = new Uint8Array(stat.size);
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(fd, bytes, done, bytes.length - done, done);
      if (n === 0) break;
      done += n;
    }
    if (done !== bytes.length) return undefined;
    recent.delete(path);
    recent.set(path, { stamp, bytes });
    if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
    return bytes;
  } finally {
    closeSync(fd);
  }
}
