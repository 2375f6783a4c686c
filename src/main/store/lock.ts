import { hostname as osHostname } from 'node:os';
import { UserError } from '../../shared/errors';
import { tempPathFor } from '../fs/atomic-file';
import { errnoCode, isNotFound } from '../fs/errno';
import { decodeStoreFile } from './decode';
import { STORE_FORMAT_VERSION, type LockFile } from './format';
import { dirname } from 'node:path';
import type { StoreFs } from './fs-layer';

/** Options of the single-writer lock. */
export interface LockOptions {
  readonly fs: StoreFs;
  readonly path: string;
  /** A unique token of this store instance. */
  readonly token: string;
  readonly now: () => Date;
  /** Whether a process id is running (injected for tests). */
  readonly isAlive?: (pid: number) => boolean;
  readonly hostname?: string;
  readonly pid?: number;
}

/** True when a process with this id exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/**
 * Who holds the lock when this store cannot take it, and why it cannot tell whether that writer
 * still runs: `other-host` — written on another computer (a shared folder), whose processes
 * cannot be checked from here; `process-running` — a process of this computer with that id
 * runs, but it may be an unrelated program that reused the id of a writer that died.
 */
export interface LockHolder {
  readonly reason: 'other-host' | 'process-running';
  readonly pid: number;
  readonly hostname: string;
  /** when the holder took the lock (its own clock), if known */
  readonly since: string | null;
  /** the token of the lock judged, so that a take-over replaces that lock and no newer one */
  readonly token: string;
}

/**
 * The store's single-writer lock: `store.lock` holds the writer's pid, host and a token.
 * Acquisition is atomic: the lock content is written and fsynced to a temp file first, then
 * hard-linked into place (link fails with EEXIST when a lock exists), so a lock file is never
 * seen half-written. A lock whose process is gone (same host, pid not running) or whose content
 * is unreadable is stale and taken over. A lock of this very process (another store instance)
 * is refused (DATA_DIR_UNAVAILABLE). Any other lock — another host, or a running pid that may
 * have been reused — cannot be verified: `acquire` reports its holder, the store opens
 * read-only, and `takeOver` replaces it when the user says so (接管).
 */
export class StoreLock {
  private held = false;
  constructor(private readonly options: LockOptions) {}

  get isHeld(): boolean {
    return this.held;
  }

  /**
   * Takes the lock, or reports the holder it cannot verify (see LockHolder). Throws UserError
   * when this process holds it already, fs errors as they come.
   */
  async acquire(): Promise<LockHolder | null> {
    const { token } = this.options;
    const host = this.options.hostname ?? osHostname();
    const pid = this.options.pid ?? process.pid;
    const content: LockFile = {
      schemaVersion: STORE_FORMAT_VERSION,
      kind: 'lock',
      pid,
      hostname: host,
      createdAt: this.options.now().toISOString(),
      token,
    };
    const text = JSON.stringify(content);
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.tryCreate(text)) {
        this.held = true;
        return null;
      }
      const existing = await this.readExisting();
      if (existing === 'absent') continue;
      if (existing !== 'unreadable') {
        const since = typeof existing.createdAt === 'string' ? existing.createdAt : null;
        if (existing.hostname !== host) return { reason: 'other-host', pid: existing.pid, hostname: existing.hostname, since, token: existing.token };
        if (existing.pid === pid && existing.token !== token) {
          throw new UserError('DATA_DIR_UNAVAILABLE', `（另一个简报工坊进程正在使用该数据目录：进程号 ${existing.pid}，计算机 ${existing.hostname}。请先关闭它）`);
        }
        if ((this.options.isAlive ?? isProcessAlive)(existing.pid)) {
          return { reason: 'process-running', pid: existing.pid, hostname: existing.hostname, since, token: existing.token };
        }
      }
      await this.removeStale(existing === 'unreadable' ? null : existing.token);
    }
    throw new UserError('DATA_DIR_UNAVAILABLE', '（无法取得数据目录的写入锁）');
  }

  /**
   * 接管 — replaces the lock of `holder` (as reported by `acquire`) with this store's, on the
   * user's word that the holder no longer writes. Reports the holder again when the lock changed
   * meanwhile (someone else took it: the user must judge that one).
   */
  async takeOver(holder: LockHolder): Promise<LockHolder | null> {
    if (this.held) return null;
    await this.removeStale(holder.token);
    return this.acquire();
  }

  /** Releases the lock if it is still ours. */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    const existing = await this.readExisting();
    if (existing !== 'absent' && existing !== 'unreadable' && existing.token === this.options.token) {
      await this.options.fs.unlink(this.options.path).catch(() => undefined);
    }
  }

  private async tryCreate(text: string): Promise<boolean> {
    const { fs, path } = this.options;
    const temp = tempPathFor(path);
    await fs.writeNewSynced(temp, text);
    try {
      await fs.link(temp, path);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EEXIST') return false;
      // No hard links here (FAT, some network shares): fall back to an exclusive create.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw error;
      try {
        await fs.writeNewSynced(path, text);
      } catch (inner) {
        if (errnoCode(inner) === 'EEXIST') return false;
        throw inner;
      }
    } finally {
      await fs.unlink(temp).catch(() => undefined);
    }
    await fs.syncDir(dirname(path));
    return true;
  }

  private async readExisting(): Promise<LockFile | 'absent' | 'unreadable'> {
    let text: string;
    try {
      text = await this.options.fs.readText(this.options.path);
    } catch (error) {
      if (isNotFound(error)) return 'absent';
      return 'unreadable';
    }
    try {
      return decodeStoreFile('lock', text);
    } catch {
      // A lock written by a newer app version still names a live writer: read what we can.
      try {
        const loose = JSON.parse(text) as Partial<LockFile>;
        if (typeof loose.pid === 'number' && typeof loose.hostname === 'string') {
          return { ...(loose as LockFile), token: typeof loose.token === 'string' ? loose.token : '' };
        }
      } catch {
        // not JSON at all
      }
      return 'unreadable';
    }
  }

  // Moves the stale lock aside (atomic: of two processes taking over, one wins the rename), then
  // checks that what was moved is the stale lock judged, not a fresh one created meanwhile.
  private async removeStale(staleToken: string | null): Promise<void> {
    const { fs, path, token } = this.options;
    const aside = `${path}.stale-${token}`;
    try {
      await fs.rename(path, aside);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    if (staleToken !== null) {
      try {
        const moved = decodeStoreFile('lock', await fs.readText(aside));
        if (moved.token !== staleToken) {
          await fs.link(aside, path).catch(() => undefined);
        }
      } catch {
        // unreadable: it was stale as well
      }
    }
    await fs.unlink(aside).catch(() => undefined);
  }
}
