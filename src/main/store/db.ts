import { Low, type Adapter } from 'lowdb';
import { writeFileDurable, type FileStamp } from '../fs/atomic-file';
import { isNotFound } from '../fs/errno';
import type { StoreFs } from './fs-layer';

/**
 * The store's lowdb adapter: writes through the one atomic writer (`writeFileDurable`: temp file,
 * fsync, rename, fsync of the folder — steno, lowdb's own writer, fsyncs neither) on the store's
 * injectable file system, and reads through a decoder that parses, validates and migrates.
 * `read()` resolves to null when the file does not exist; a damaged file makes `decode` throw
 * (the store quarantines it). The path is looked up at each call, so a draft's adapter follows
 * its file between `files/` and `trash/`.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  /** Stamp of the file after the last successful write by this adapter. */
  lastStamp: FileStamp | null = null;
  readonly #locate: () => string;

  constructor(
    path: string | (() => string),
    private readonly fs: StoreFs,
    private readonly decode: (text: string) => T,
    private readonly encode: (data: T) => string = (data) => JSON.stringify(data),
  ) {
    this.#locate = typeof path === 'string' ? () => path : path;
  }

  get path(): string {
    return this.#locate();
  }

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
    this.lastStamp = await writeFileDurable(this.fs, this.path, this.encode(data));
  }
}

/**
 * One open store file as a lowdb database: its `Low` is created once, when the store first
 * meets the file, and kept for as long as the file is open (a draft until it is purged, the
 * index for the store's life). `data` is the content last made durable (or read), null when not
 * held in memory.
 */
export class StoreFileDb<T> {
  readonly adapter: DurableJsonFile<T>;
  readonly #low: Low<T | null>;

  constructor(path: string | (() => string), fs: StoreFs, decode: (text: string) => T, encode?: (data: T) => string) {
    this.adapter = new DurableJsonFile<T>(path, fs, decode, encode);
    const adapter = this.adapter;
    const nullable: Adapter<T | null> = {
      read: () => adapter.read(),
      write: (data) => {
        // Nothing to write is a bug of the caller, never an empty file on disk.
        if (data === null) throw new Error('StoreFileDb: write without data');
        return adapter.write(data);
      },
    };
    this.#low = new Low<T | null>(nullable, null);
  }

  /** The kept lowdb database (one per open file; tests check it is never replaced). */
  get low(): Low<T | null> {
    return this.#low;
  }

  get data(): T | null {
    return this.#low.data;
  }

  get path(): string {
    return this.adapter.path;
  }

  /** Reads the file into memory (null when absent); a damaged file throws the decoder's error. */
  async load(): Promise<T | null> {
    await this.#low.read();
    return this.#low.data;
  }

  /** Reads and decodes the file without keeping it in memory (null when absent). */
  peek(): Promise<T | null> {
    return this.adapter.read();
  }

  /**
   * Makes `data` the file's content; resolves with the new stamp once durable. On failure what
   * is in memory stays the content last made durable.
   */
  async save(data: T): Promise<FileStamp> {
    const before = this.#low.data;
    this.#low.data = data;
    try {
      await this.#low.write();
    } catch (error) {
      this.#low.data = before;
      throw error;
    }
    return this.adapter.lastStamp!;
  }

  /** Holds `data` as the file's known content (read elsewhere, or known to be on disk). */
  hold(data: T): void {
    this.#low.data = data;
  }

  /** Forgets the content held in memory; the file stays. */
  evict(): void {
    this.#low.data = null;
  }
}
