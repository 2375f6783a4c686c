// An in-memory StoreFs with the semantics the store relies on (exclusive create, atomic rename
// of files and folders, ENOENT/EEXIST errors with Node's `code`), and a hook that runs before
// every call: the model-based test uses it to inject random delays, so that the store's
// operations, its background work (start-up check, index writes, history, backups) and the test's
// calls interleave differently in every run. Fast enough for thousands of runs.
import { dirname, join } from 'node:path';
import type { DirEntry, FileStamp, StoreFs } from '../../src/main/store';

interface MemFile {
  data: string;
  mtimeMs: number;
}

function fsError(code: string, op: string, path: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: ${op} '${path}'`) as NodeJS.ErrnoException;
  error.code = code;
  return error;
}

/** A file system held in two maps; `before(op, path)` is awaited before each call. */
export class MemoryFs {
  readonly files = new Map<string, MemFile>();
  readonly dirs = new Set<string>(['/']);
  #tick = Date.parse('2025-02-10T02:00:00.000Z');
  /** calls made, by operation */
  readonly calls = new Map<keyof StoreFs, number>();

  constructor(private readonly before: (op: keyof StoreFs, path: string) => Promise<void> | void = () => undefined) {}

  #stamp(): number {
    // distinct, increasing mtimes, as a file system with a fine clock gives
    this.#tick += 1.5;
    return this.#tick;
  }

  #parentMustExist(path: string, op: string): void {
    if (!this.dirs.has(dirname(path))) throw fsError('ENOENT', op, path);
  }

  async #enter(op: keyof StoreFs, path: string): Promise<void> {
    this.calls.set(op, (this.calls.get(op) ?? 0) + 1);
    await this.before(op, path);
  }

  readonly api: StoreFs = {
    readText: async (path) => {
      await this.#enter('readText', path);
      const f = this.files.get(path);
      if (!f) throw fsError(this.dirs.has(path) ? 'EISDIR' : 'ENOENT', 'open', path);
      return f.data;
    },
    writeNewSynced: async (path, data) => {
      await this.#enter('writeNewSynced', path);
      this.#parentMustExist(path, 'open');
      if (this.files.has(path) || this.dirs.has(path)) throw fsError('EEXIST', 'open', path);
      const f = { data, mtimeMs: this.#stamp() };
      this.files.set(path, f);
      return { mtimeMs: f.mtimeMs, size: Buffer.byteLength(data) } satisfies FileStamp;
    },
    rename: async (from, to) => {
      await this.#enter('rename', from);
      this.#parentMustExist(to, 'rename');
      const f = this.files.get(from);
      if (f) {
        if (this.dirs.has(to)) throw fsError('EISDIR', 'rename', to);
        this.files.delete(from);
        this.files.set(to, f);
        return;
      }
      if (!this.dirs.has(from)) throw fsError('ENOENT', 'rename', from);
      if (this.files.has(to)) throw fsError('ENOTDIR', 'rename', to);
      if (this.dirs.has(to) && [...this.files.keys(), ...this.dirs].some((p) => p.startsWith(`${to}/`))) throw fsError('ENOTEMPTY', 'rename', to);
      const moveKey = (p: string) => (p === from ? to : `${to}${p.slice(from.length)}`);
      for (const p of [...this.dirs]) {
        if (p === from || p.startsWith(`${from}/`)) {
          this.dirs.delete(p);
          this.dirs.add(moveKey(p));
        }
      }
      for (const [p, file] of [...this.files]) {
        if (p.startsWith(`${from}/`)) {
          this.files.delete(p);
          this.files.set(moveKey(p), file);
        }
      }
    },
    syncDir: async (path) => {
      await this.#enter('syncDir', path);
      if (!this.dirs.has(path)) throw fsError('ENOENT', 'open', path);
    },
    unlink: async (path) => {
      await this.#enter('unlink', path);
      if (!this.files.delete(path)) throw fsError(this.dirs.has(path) ? 'EISDIR' : 'ENOENT', 'unlink', path);
    },
    mkdirp: async (path) => {
      await this.#enter('mkdirp', path);
      for (let p = path; p !== dirname(p); p = dirname(p)) {
        if (this.files.has(p)) throw fsError('EEXIST', 'mkdir', p);
        this.dirs.add(p);
      }
    },
    removeTree: async (path) => {
      await this.#enter('removeTree', path);
      this.files.delete(path);
      for (const p of [...this.files.keys()]) if (p.startsWith(`${path}/`)) this.files.delete(p);
      for (const p of [...this.dirs]) if (p === path || p.startsWith(`${path}/`)) this.dirs.delete(p);
    },
    list: async (path) => {
      await this.#enter('list', path);
      if (!this.dirs.has(path)) throw fsError(this.files.has(path) ? 'ENOTDIR' : 'ENOENT', 'scandir', path);
      const out: DirEntry[] = [];
      for (const p of this.dirs) if (p !== path && dirname(p) === path) out.push({ name: p.slice(path.length + 1), isDirectory: true });
      for (const p of this.files.keys()) if (dirname(p) === path) out.push({ name: p.slice(path.length + 1), isDirectory: false });
      return out;
    },
    stat: async (path) => {
      await this.#enter('stat', path);
      const f = this.files.get(path);
      if (f) return { mtimeMs: f.mtimeMs, size: Buffer.byteLength(f.data), isDirectory: false };
      if (this.dirs.has(path)) return { mtimeMs: 0, size: 0, isDirectory: true };
      throw fsError('ENOENT', 'stat', path);
    },
    link: async (existing, newPath) => {
      await this.#enter('link', existing);
      const f = this.files.get(existing);
      if (!f) throw fsError('ENOENT', 'link', existing);
      this.#parentMustExist(newPath, 'link');
      if (this.files.has(newPath) || this.dirs.has(newPath)) throw fsError('EEXIST', 'link', newPath);
      // the same object: a hard link shares the content (files are replaced, never edited in place)
      this.files.set(newPath, f);
    },
    copyFile: async (from, to) => {
      await this.#enter('copyFile', from);
      const f = this.files.get(from);
      if (!f) throw fsError('ENOENT', 'copyfile', from);
      this.#parentMustExist(to, 'copyfile');
      if (this.files.has(to)) throw fsError('EEXIST', 'copyfile', to);
      this.files.set(to, { data: f.data, mtimeMs: this.#stamp() });
    },
  };

  /** The text of a file, or null. */
  read(path: string): string | null {
    return this.files.get(path)?.data ?? null;
  }

  /** Paths of the files under a folder (one level). */
  filesIn(dir: string): string[] {
    return [...this.files.keys()].filter((p) => dirname(p) === dir).map((p) => p.slice(dir.length + 1));
  }
}

/** `join` re-exported so callers build paths the way the store does. */
export { join };
