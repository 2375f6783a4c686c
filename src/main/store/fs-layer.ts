import { constants } from 'node:fs';
import { copyFile, link, mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';

/** What the store needs to know about a file on disk. */
export interface FileStamp {
  readonly mtimeMs: number;
  readonly size: number;
}

/** A directory entry with its kind. */
export interface DirEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

/**
 * Every file-system call the store makes, in one injectable interface: tests replace single
 * operations with failures (ENOSPC, EACCES, EBUSY) to prove that nothing is lost when the disk
 * misbehaves. Paths are absolute. Errors are Node's (`code` property), never wrapped here.
 */
export interface StoreFs {
  readText(path: string): Promise<string>;
  /** Creates `path` (which must not exist), writes `data`, fsyncs it, closes it; returns its stamp. */
  writeNewSynced(path: string, data: string): Promise<FileStamp>;
  rename(from: string, to: string): Promise<void>;
  /** fsyncs a directory so that renames and creations inside it survive a power cut. */
  syncDir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
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
  readText: (path) => readFile(path, 'utf8'),
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

/** The `code` of a Node system error (`ENOENT`, `ENOSPC` …), or undefined. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** True when the error says the file or directory does not exist. */
export function isNotFound(error: unknown): boolean {
  return errnoCode(error) === 'ENOENT';
}
