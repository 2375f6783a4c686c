import { join } from 'node:path';
import type { Briefing } from '../../shared/briefing';
import { UserError, isUserError } from '../../shared/errors';
import { isTempName, writeFileDurable } from '../fs/atomic-file';
import { isNotFound } from '../fs/errno';
import { discardTree, isDiscardedName } from './discard';
import { digestBriefing } from './block-diff';
import { decodeStoreFile } from './decode';
import { STORE_FORMAT_VERSION, type HistoryFile, type HistoryRecord, type SnapshotFile, type SnapshotReason } from './format';
import type { StoreFs } from './fs-layer';

/** Options of the history (历史版本) of drafts. */
export interface HistoryOptions {
  readonly fs: StoreFs;
  /** `<store>/history` */
  readonly dir: string;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Automatic snapshots kept per draft (named versions are always kept). */
  readonly keepAuto: number;
  /** Moves a damaged file aside; returns where it went. */
  readonly quarantine: (path: string, reason: unknown) => Promise<string>;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
}

/**
 * Snapshots of each draft, one folder per draft: `manifest.json` (what the history panel lists:
 * time, reason, name, block digests) and one immutable file per snapshot. Writes for one draft
 * are serialized; each snapshot file is durable before the manifest names it.
 */
export class HistoryStore {
  readonly #manifests = new Map<string, HistoryFile>();
  readonly #chains = new Map<string, Promise<unknown>>();
  constructor(private readonly options: HistoryOptions) {}

  /** The snapshots of a draft, oldest first. */
  records(draftId: string): Promise<readonly HistoryRecord[]> {
    return this.#serial(draftId, async () => (await this.#manifest(draftId)).entries);
  }

  /**
   * Records `briefing` as a snapshot. Automatic snapshots whose content equals the newest one are
   * not repeated (the existing record is returned); named versions always are.
   */
  snapshot(draftId: string, briefing: Briefing, revision: number, reason: SnapshotReason, name: string | null = null): Promise<HistoryRecord> {
    return this.#serial(draftId, async () => {
      const manifest = await this.#manifest(draftId);
      const digest = digestBriefing(briefing);
      const last = manifest.entries.at(-1);
      if (reason !== 'named' && last && last.contentHash === digest.contentHash) return last;
      const createdAt = this.options.now().toISOString();
      const id = this.options.newId();
      const file: SnapshotFile = {
        schemaVersion: STORE_FORMAT_VERSION,
        kind: 'snapshot',
        id,
        draftId,
        createdAt,
        reason,
        name,
        revision,
        briefing: { ...briefing, id: draftId },
      };
      const dir = this.#dir(draftId);
      await this.options.fs.mkdirp(dir);
      await writeFileDurable(this.options.fs, join(dir, `${id}.json`), JSON.stringify(file));
      const record: HistoryRecord = {
        id,
        createdAt,
        reason,
        name,
        title: briefing.title,
        revision,
        contentHash: digest.contentHash,
        metaHash: digest.metaHash,
        blocks: digest.blocks,
      };
      const entries = [...manifest.entries, record];
      const dropped = pruneAutomatic(entries, this.options.keepAuto);
      const next: HistoryFile = { ...manifest, entries: entries.filter((e) => !dropped.has(e.id)) };
      await writeFileDurable(this.options.fs, join(dir, 'manifest.json'), JSON.stringify(next));
      this.#manifests.set(draftId, next);
      for (const id of dropped) await this.options.fs.unlink(join(dir, `${id}.json`)).catch(() => undefined);
      return record;
    });
  }

  /** Reads one snapshot (validated). */
  read(draftId: string, snapshotId: string): Promise<SnapshotFile> {
    return this.#serial(draftId, async () => {
      const manifest = await this.#manifest(draftId);
      if (!manifest.entries.some((e) => e.id === snapshotId)) throw new UserError('DRAFT_NOT_FOUND', '（找不到该历史版本）');
      return this.#readSnapshot(draftId, snapshotId);
    });
  }

  /** The newest snapshot that still reads and validates, or null. */
  latestGood(draftId: string): Promise<SnapshotFile | null> {
    return this.#serial(draftId, async () => {
      const manifest = await this.#manifest(draftId).catch(() => null);
      const ids = manifest ? manifest.entries.map((e) => e.id).reverse() : await this.#snapshotIdsOnDisk(draftId);
      let best: SnapshotFile | null = null;
      for (const id of ids) {
        try {
          const snap = await this.#readSnapshot(draftId, id);
          if (!best || snap.createdAt > best.createdAt) best = snap;
          if (manifest) break; // manifest order is time order
        } catch {
          // try the next older one
        }
      }
      return best;
    });
  }

  /** Deletes a draft's whole history (permanent deletion). */
  remove(draftId: string): Promise<void> {
    return this.#serial(draftId, async () => {
      this.#manifests.delete(draftId);
      await discardTree(this.options.fs, this.#dir(draftId));
    });
  }

  /** Removes folders left half-deleted by a crash (see discardTree). */
  async sweep(): Promise<void> {
    try {
      for (const e of await this.options.fs.list(this.options.dir)) {
        if (e.isDirectory && isDiscardedName(e.name)) await this.options.fs.removeTree(join(this.options.dir, e.name));
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Waits for every pending history write. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#chains.values()]);
  }

  #dir(draftId: string): string {
    return join(this.options.dir, draftId);
  }

  async #readSnapshot(draftId: string, snapshotId: string): Promise<SnapshotFile> {
    const text = await this.options.fs.readText(join(this.#dir(draftId), `${snapshotId}.json`));
    const snap = decodeStoreFile('snapshot', text);
    if (snap.draftId !== draftId || snap.id !== snapshotId) throw new UserError('INVALID_BRIEFING', '（历史快照与草稿不符）');
    return snap;
  }

  async #snapshotIdsOnDisk(draftId: string): Promise<string[]> {
    try {
      const entries = await this.options.fs.list(this.#dir(draftId));
      return entries.filter((e) => !e.isDirectory && e.name.endsWith('.json') && e.name !== 'manifest.json' && !isTempName(e.name)).map((e) => e.name.slice(0, -5));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  async #manifest(draftId: string): Promise<HistoryFile> {
    const cached = this.#manifests.get(draftId);
    if (cached) return cached;
    const path = join(this.#dir(draftId), 'manifest.json');
    let manifest: HistoryFile;
    try {
      manifest = decodeStoreFile('history', await this.options.fs.readText(path));
      if (manifest.draftId !== draftId) throw new UserError('INVALID_BRIEFING', '（历史记录与草稿不符）');
    } catch (error) {
      if (isNotFound(error)) {
        manifest = { schemaVersion: STORE_FORMAT_VERSION, kind: 'history', draftId, entries: [] };
      } else if (isUserError(error) && error.code === 'NEWER_VERSION') {
        throw error;
      } else if (isUserError(error)) {
        // Damaged manifest: move it aside and rebuild the list from the snapshot files themselves.
        await this.options.quarantine(path, error);
        manifest = await this.#rebuild(draftId);
        await writeFileDurable(this.options.fs, path, JSON.stringify(manifest));
      } else {
        throw error;
      }
    }
    this.#manifests.set(draftId, manifest);
    return manifest;
  }

  async #rebuild(draftId: string): Promise<HistoryFile> {
    const records: HistoryRecord[] = [];
    for (const id of await this.#snapshotIdsOnDisk(draftId)) {
      try {
        const snap = await this.#readSnapshot(draftId, id);
        const digest = digestBriefing(snap.briefing);
        records.push({
          id: snap.id,
          createdAt: snap.createdAt,
          reason: snap.reason,
          name: snap.name,
          title: snap.briefing.title,
          revision: snap.revision,
          contentHash: digest.contentHash,
          metaHash: digest.metaHash,
          blocks: digest.blocks,
        });
      } catch (error) {
        this.options.log('warn', `history: unreadable snapshot ${draftId}/${id}`, error);
      }
    }
    records.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.revision - b.revision));
    return { schemaVersion: STORE_FORMAT_VERSION, kind: 'history', draftId, entries: records };
  }

  #serial<T>(draftId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(draftId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.#chains.set(draftId, settled);
    void settled.then(() => {
      if (this.#chains.get(draftId) === settled) this.#chains.delete(draftId);
    });
    return run;
  }
}

/** Ids of the oldest automatic snapshots beyond `keep` (named versions are never dropped). */
export function pruneAutomatic(entries: readonly HistoryRecord[], keep: number): Set<string> {
  const automatic = entries.filter((e) => e.reason !== 'named');
  return new Set(automatic.slice(0, Math.max(0, automatic.length - keep)).map((e) => e.id));
}
