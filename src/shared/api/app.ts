import { z } from 'zod';
import type { SaveReceipt } from './drafts';
import { defineMethod } from './define';

/** What the About box and the status bar show. */
export interface AppInfo {
  readonly name: string;
  readonly productName: string;
  readonly version: string;
  readonly dataDir: string;
  readonly platform: string;
}

/** Why a recovery copy (恢复副本) was written. */
export type RecoveryReason = 'close' | 'save-failed';

/**
 * A recovery copy of a draft's unsaved content, written outside the drafts folder
 * (`<dataDir>/recovery/<id>.json`) while saving fails or closing is held, and offered back at
 * the next start until it is restored or discarded.
 */
export interface RecoveryEntry {
  readonly draftId: string;
  readonly title: string;
  /** ISO time the copy was written */
  readonly writtenAt: string;
  readonly reason: RecoveryReason;
  /** the draft still exists in the store (restoring saves over it; otherwise it is created again) */
  readonly draftExists: boolean;
  /** ISO time of the draft's last save, or null when it no longer exists */
  readonly draftUpdatedAt: string | null;
}

/** What writing a recovery copy reports. */
export interface WriteRecoveryResult {
  /**
   * Where the copy went; null when nothing needed keeping (`save-failed` arriving after the draft
   * was saved after all: a late copy would be older than what is on disk).
   */
  readonly path: string | null;
  readonly writtenAt: string;
}

/**
 * A draft as the renderer holds it, possibly with a field the schema refuses (the content must
 * still reach a recovery copy or a copy elsewhere). Only the id is checked here.
 */
export const unsavedDraftSchema = z.looseObject({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
  title: z.unknown().optional(),
});

/** App-level methods: version, data directory, revealing a file, the close handshake, recovery copies. */
export const appMethods = {
  getAppInfo: defineMethod<AppInfo>()('app:info', z.strictObject({})),
  /** Shows an exported file in the system file manager. */
  showInFolder: defineMethod<null>()('app:show-in-folder', z.strictObject({ path: z.string().min(1).max(4096) })),
  /** The renderer has saved everything pending (or the user discarded it): the window may close now. */
  readyToClose: defineMethod<null>()('app:ready-to-close', z.strictObject({})),
  /**
   * Something is unsaved and the user is being asked what to do: main keeps the window open
   * (no close timeout) until `readyToClose`.
   */
  holdClose: defineMethod<null>()('app:hold-close', z.strictObject({})),
  /**
   * Writes a recovery copy of unsaved content outside the drafts folder (atomic). `close`: always;
   * `save-failed`: only while the store still holds the draft unsaved (or cannot be reached).
   */
  writeRecovery: defineMethod<WriteRecoveryResult>()(
    'app:recovery-write',
    z.strictObject({ draft: unsavedDraftSchema, reason: z.enum(['close', 'save-failed']) }),
  ),
  /** Recovery copies left by a crash or a held close, newest first (only those that differ from the store). */
  listRecovery: defineMethod<RecoveryEntry[]>()('app:recovery-list', z.strictObject({})),
  /**
   * 恢复: saves a recovery copy into the store (fields the schema refuses keep their stored value
   * and are listed in `refused`), then removes the copy.
   */
  restoreRecovery: defineMethod<SaveReceipt>()('app:recovery-restore', z.strictObject({ draftId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) })),
  /** 丢弃: removes a recovery copy for good. */
  discardRecovery: defineMethod<null>()('app:recovery-discard', z.strictObject({ draftId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) })),
  /**
   * 另存副本: writes the renderer's current draft (saved or not) as a `.briefing.json` to a path
   * chosen in the native save dialog; CANCELLED when the dialog is cancelled.
   */
  saveDraftCopy: defineMethod<{ path: string }>()('app:save-copy', z.strictObject({ draft: unsavedDraftSchema })),
};
