import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecoveryEntry, RecoveryReason } from '../../shared/api/app';
import type { SaveReceipt } from '../../shared/api/drafts';
import { fail, ok, type Result } from '../../shared/errors';
import { parseJsonSafely } from '../../shared/validation';
import { fsFailure, writeFileAtomic } from '../fs/atomic-file';
import { exportFileName } from '../store';
import type { ServiceHost } from './host';
import type { ServiceGroup } from './types';

/** The recovery folder: outside the drafts folder, so a damaged or locked store cannot take it along. */
export function recoveryDirFor(dataDir: string): string {
  return join(dataDir, 'recovery');
}

/**
 * Where recovery copies go when the data directory itself cannot be written (a read-only or full
 * disk): the system's temporary folder, one folder per data directory. Read at start like the first.
 */
export function fallbackRecoveryDirFor(dataDir: string): string {
  return join(tmpdir(), `briefsmith-recovery-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
}

/** One recovery file (`<dataDir>/recovery/<id>.json`). */
interface RecoveryFile {
  readonly format: 'briefsmith-recovery';
  readonly version: 1;
  readonly draftId: string;
  readonly title: string;
  readonly writtenAt: string;
  readonly reason: RecoveryReason;
  /** the draft as the renderer held it (it may hold a field the schema refuses) */
  readonly draft: Record<string, unknown> & { id: string };
}

/** What the recovery services need from the drafts store. */
export interface RecoveryDraftAccess {
  /** The stored draft, or null when no live draft has this id. */
  get(id: string): Promise<{ briefing: unknown; updatedAt: string } | null>;
  /** Saves a draft over the stored one (refused fields keep their stored value). */
  save(draft: RecoveryFile['draft']): Promise<Result<SaveReceipt>>;
  /** True while the store holds the draft's latest content only in memory (a failed save); null when it cannot tell. */
  isUnsaved(id: string): Promise<boolean | null>;
  /** Creates a new draft from recovered content (its id was purged meanwhile). */
  create(draft: RecoveryFile['draft']): Promise<Result<SaveReceipt>>;
}

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const titleOf = (draft: Record<string, unknown>) => (typeof draft.title === 'string' ? draft.title.slice(0, 500) : '');

/** Recovery copies of unsaved content, and 另存副本 (a copy of the current draft elsewhere). */
export function createRecoveryServices(
  host: ServiceHost,
  drafts: RecoveryDraftAccess,
): ServiceGroup<'writeRecovery' | 'listRecovery' | 'restoreRecovery' | 'discardRecovery' | 'saveDraftCopy'> & {
  /** Removes the recovery copy of a draft whose content has now reached the store. */
  dropSaved(id: string): void;
  /** Writes a recovery copy from main (drafts the store could not save when the app quits). */
  write(draft: RecoveryFile['draft'], reason: RecoveryReason): Result<{ path: string; writtenAt: string }>;
} {
  const dirs = [recoveryDirFor(host.dataDir), fallbackRecoveryDirFor(host.dataDir)];
  const fileIn = (dir: string, id: string) => join(dir, `${id}.json`);

  const writeIn = (dir: string, record: RecoveryFile): Result<null> => {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      return fsFailure(error, dir);
    }
    return writeFileAtomic(fileIn(dir, record.draftId), `${JSON.stringify(record)}\n`, { syncDir: true });
  };

  const write = (draft: RecoveryFile['draft'], reason: RecoveryReason): Result<{ path: string; writtenAt: string }> => {
    const writtenAt = host.now().toISOString();
    const record: RecoveryFile = { format: 'briefsmith-recovery', version: 1, draftId: draft.id, title: titleOf(draft), writtenAt, reason, draft };
    let first: Result<null> | null = null;
    for (const dir of dirs) {
      const written = writeIn(dir, record);
      if (written.ok) {
        // One copy per draft: an older one in the other folder would be offered as well.
        for (const other of dirs) if (other !== dir) removeIn(other, draft.id);
        return ok({ path: fileIn(dir, draft.id), writtenAt });
      }
      first ??= written;
    }
    return first as Result<never>;
  };

  /** The newest readable copy of a draft, in whichever folder. */
  const read = (id: string): RecoveryFile | null => {
    const found = dirs.map((dir) => readIn(dir, id)).filter((r): r is RecoveryFile => r !== null);
    return found.sort((a, b) => (a.writtenAt < b.writtenAt ? 1 : -1))[0] ?? null;
  };

  const readIn = (dir: string, id: string): RecoveryFile | null => {
    let text: string;
    try {
      text = readFileSync(fileIn(dir, id), 'utf8');
    } catch {
      return null;
    }
    const parsed = parseJsonSafely(text);
    if (!parsed.ok) return null;
    const value = parsed.value as Partial<RecoveryFile> | null;
    if (value?.format !== 'briefsmith-recovery' || value.version !== 1 || value.draftId !== id) return null;
    if (typeof value.draft !== 'object' || value.draft === null || value.draft.id !== id) return null;
    return value as RecoveryFile;
  };

  function removeIn(dir: string, id: string): void {
    try {
      unlinkSync(fileIn(dir, id));
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') host.log('warn', `recovery copy of ${id} not removed`, error);
    }
  }
  const remove = (id: string) => dirs.forEach((dir) => removeIn(dir, id));

  return {
    write,
    dropSaved(id) {
      if (dirs.some((dir) => existsSync(fileIn(dir, id)))) remove(id);
    },
    async writeRecovery({ draft, reason }) {
      // A copy after a failed save may arrive after the retry succeeded: it would then be older
      // than the draft on disk and must not be offered later.
      if (reason === 'save-failed' && (await drafts.isUnsaved(draft.id)) === false) {
        return ok({ path: null, writtenAt: host.now().toISOString() });
      }
      return write(draft, reason);
    },
    async listRecovery() {
      const names = new Set<string>();
      for (const dir of dirs) {
        try {
          readdirSync(dir).forEach((name) => names.add(name));
        } catch {
          // no copies there
        }
      }
      const out: RecoveryEntry[] = [];
      for (const name of names) {
        const id = name.endsWith('.json') ? name.slice(0, -5) : '';
        if (!idPattern.test(id)) continue;
        const record = read(id);
        if (!record) {
          host.log('warn', `unreadable recovery copy left in place: ${name}`);
          continue;
        }
        const stored = await drafts.get(id);
        // Content that reached the store after all is not offered again.
        if (stored && JSON.stringify(stored.briefing) === JSON.stringify(record.draft)) {
          remove(id);
          continue;
        }
        out.push({ draftId: id, title: record.title, writtenAt: record.writtenAt, reason: record.reason, draftExists: stored !== null, draftUpdatedAt: stored?.updatedAt ?? null });
      }
      return ok(out.sort((a, b) => (a.writtenAt < b.writtenAt ? 1 : a.writtenAt > b.writtenAt ? -1 : 0)));
    },
    async restoreRecovery({ draftId }) {
      const record = read(draftId);
      if (!record) return fail('DRAFT_NOT_FOUND', '（恢复副本不存在或已损坏）');
      const stored = await drafts.get(draftId);
      const saved = stored ? await drafts.save(record.draft) : await drafts.create(record.draft);
      if (saved.ok) remove(draftId);
      return saved;
    },
    async discardRecovery({ draftId }) {
      remove(draftId);
      return ok(null);
    },
    async saveDraftCopy({ draft }) {
      const chosen = await host.dialogs.pickSavePath({
        title: '另存副本',
        defaultName: exportFileName(titleOf(draft)),
        filters: [{ name: '简报文件', extensions: ['json'] }],
      });
      if (chosen === null) return fail('CANCELLED');
      const path = /\.json$/i.test(chosen) ? chosen : `${chosen}.briefing.json`;
      const written = writeFileAtomic(path, `${JSON.stringify(draft, null, 2)}\n`, { syncDir: true });
      return written.ok ? ok({ path }) : written;
    },
  };
}
