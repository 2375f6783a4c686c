import { constants } from 'node:fs';
import { copyFile, link, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { nodeAtomicFs, type AtomicFs, type FileStamp } from '../fs/atomic-file';

export type { FileStamp };

/** A directory entry with its kind. */
export interface DirEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

/**
 * Every file-system call the store makes, in one injectable interface: tests replace single
 * operations with failures (ENOSPC, EACCES, EBUSY) to prove that nothing is lost when the disk
 * misbehaves. Paths are absolute. Errors are Node's (`code` property), never wrapped here. The
 * atomic-write operations (`writeNewSynced`, `rename`, `syncDir`, `unlink`) are those of the one
 * atomic writer (`main/fs/atomic-file`), which runs on this interface for the store.
 */
export interface StoreFs extends AtomicFs {
  readText(path: string): Promise<string>;
  /** Recursive, succeeds when the directory exists. */
  mkdirp(path: string): Promise<void>;
  /** Recursive remove; no error when absent. */
  removeTree(path: string): Promise<void>;
  list(path: string): Promise<DirEntry[]>;
  stat(path: string): Promise<FileStamp & { readonly isDirectory: boolean }>;
  /** A hard link (backups share unchanged files); may fail on file systems without links. */
  link(existing: string, newPath: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
}

/** The real file system (node:fs/promises). */
export const nodeStoreFs: StoreFs = {
  ...nodeAtomicFs,
  readText: (path) => readFile(path, 'utf8'),
  mkdirp: async (path) => {
    await mkdir(path, { recursive: true });
  },
  removeTree: (path) => rm(path, { recursive: true, force: true }),
  async list(path) {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
  },
  async stat(path) {
    const s = await stat(path);
    return { mtimeMs: s.mtimeMs, size: s.size, isDirectory: s.isDirectory() };
  },
  link: (existing, newPath) => link(existing, newPath),
  copyFile: (from, to) => copyFile(from, to, constants.COPYFILE_EXCL),
};
