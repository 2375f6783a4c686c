import { z } from 'zod';
import type { Briefing } from '../briefing';
import type { ErrorCode } from '../errors';
import { unsavedDraftSchema } from './app';
import type { StoreNoticeKind, StoreNoticeParams } from './store-notices';
import { defineMethod } from './define';

const draftId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** A row of the drafts list (草稿箱). */
export interface DraftSummary {
  readonly id: string;
  readonly title: string;
  readonly seriesName: string;
  /** 期号 */
  readonly issueNumber: number | null;
  readonly templateId: string;
  /** ISO time of the last edit that reached disk */
  readonly updatedAt: string;
  readonly createdAt: string;
  /** revision of the last save that reached disk */
  readonly revision: number;
  readonly blockCount: number;
  /** edits are held in memory because saving failed (see getStoreStatus) */
  readonly unsaved: boolean;
  /** written by a newer version of the app: listed, but cannot be opened or changed */
  readonly readOnly: boolean;
}

/** A draft in the trash (废纸篓), purged 30 days after deletion. */
export interface TrashedDraft extends DraftSummary {
  readonly deletedAt: string;
  /** when it will be deleted for good */
  readonly purgeAt: string;
}

/** What a save acknowledges: the moment it reached disk. */
export interface SaveReceipt {
  readonly id: string;
  readonly savedAt: string;
  readonly revision: number;
  /**
   * Fields the schema refused: the rest of the draft was saved, each of these kept its last
   * valid value on disk (校对 flags them). Absent when everything was accepted.
   */
  readonly refused?: readonly RefusedField[];
}

/** A field of a saved draft that the schema refused (see SaveReceipt.refused). */
export interface RefusedField {
  /** `title`, `meta.issueDate`, `template`, `blocks` (a block, see blockId), or `draft.<key>` for an unknown key */
  readonly field: string;
  /** the block the refused value is in, for `blocks` */
  readonly blockId: string | null;
  /** zod's issue code: `too_big`, `invalid_format`, `invalid_type`, `unrecognized_keys` … */
  readonly code: string;
  /** the limit broken (maximum length or value), when there is one */
  readonly limit: number | null;
  /** what is on disk instead: the previous value, or nothing (a block or key that was new) */
  readonly kept: 'previous' | 'removed';
}

/** Why a history snapshot was taken. */
export type SnapshotReason = 'session-start' | 'interval' | 'before-export' | 'before-restore' | 'named' | 'recovery';

/** Chinese labels of snapshot reasons, for the history panel. */
export const snapshotReasonLabels: Record<SnapshotReason, string> = {
  'session-start': '开始编辑前',
  interval: '编辑中自动保存',
  'before-export': '导出前',
  'before-restore': '恢复前',
  named: '命名版本',
  recovery: '故障恢复',
};

/** What changed between two versions, by block id. */
export interface ChangeSummary {
  readonly added: number;
  readonly removed: number;
  readonly edited: number;
  readonly titleChanged: boolean;
  /** 报头/报尾 metadata or template changed */
  readonly metaChanged: boolean;
  /** 新增 2 块，修改 1 块 — ready to show */
  readonly text: string;
}

/** One entry of a draft's history (历史版本), newest first in lists. */
export interface HistoryEntry {
  readonly id: string;
  readonly draftId: string;
  readonly createdAt: string;
  readonly reason: SnapshotReason;
  /** 开始编辑前 / 导出前 … or the version's name */
  readonly label: string;
  /** 存为版本 — the user's name (送审稿), or null for automatic snapshots */
  readonly name: string | null;
  readonly title: string;
  readonly revision: number;
  /** compared with the previous (older) entry */
  readonly changes: ChangeSummary;
  /** what restoring this entry would change in the current draft */
  readonly comparedToCurrent: ChangeSummary;
}

/** The result of restoring a history entry in place. */
export interface RestoreVersionResult {
  readonly draft: Briefing;
  readonly receipt: SaveReceipt;
  /** the snapshot taken just before: restore it to undo */
  readonly undoSnapshotId: string;
}

/** The result of importing a `.briefing.json` file. */
export interface ImportDraftResult {
  readonly draft: Briefing;
  /** the file's draft id was taken, so a new one was issued */
  readonly idReissued: boolean;
  readonly fileName: string;
}

/** What the user is told about the store: recoveries, damaged files, read-only data. */
export interface StoreNotice {
  readonly id: string;
  readonly kind: StoreNoticeKind;
  /** the facts; `describeStoreNotice` turns them into Chinese where they are shown */
  readonly params: StoreNoticeParams;
  /** Chinese, complete, in Beijing time (for logs and the CLI; the window formats `params` itself) */
  readonly message: string;
  /** where the damaged file was moved (quarantine), when there is one */
  readonly path: string | null;
  readonly draftId: string | null;
  readonly at: string;
}

/** A draft whose latest edits are only in memory because saving failed. */
export interface UnsavedDraft {
  readonly id: string;
  readonly title: string;
  readonly code: ErrorCode;
  readonly message: string;
  /** when saving first failed */
  readonly since: string;
}

/**
 * Why another writer's lock keeps the store read-only (stable codes): `LOCKED_BY_OTHER_HOST` —
 * the lock was written on another computer, whose processes cannot be checked from here;
 * `LOCKED_BY_RUNNING_PROCESS` — a process of this computer with the lock's id runs, which may be
 * an unrelated program that reused the id of a writer that died.
 */
export type StoreLockCode = 'LOCKED_BY_OTHER_HOST' | 'LOCKED_BY_RUNNING_PROCESS';

/** The other writer named by the lock (see StoreStatus.lockedBy and takeOverStore). */
export interface StoreLockHolder {
  readonly code: StoreLockCode;
  readonly pid: number;
  readonly hostname: string;
  /** when it took the lock (its own clock), if known */
  readonly since: string | null;
}

/** The state of the store: what the UI shows besides each draft's own save state. */
export interface StoreStatus {
  readonly storeDir: string;
  /** the data directory cannot be written (saves fail with PERMISSION_DENIED) */
  readonly readOnly: boolean;
  readonly notices: readonly StoreNotice[];
  readonly unsaved: readonly UnsavedDraft[];
  readonly lastBackupAt: string | null;
  /** present while another writer's lock keeps the store read-only; `takeOverStore` (接管) ends it */
  readonly lockedBy?: StoreLockHolder;
}

/** Search, filter and sort of the drafts list. */
export const draftQuerySchema = z.strictObject({
  /** words matched against title, 简报名称, 期号 (第3期) and template; all must match */
  text: z.string().max(200).optional(),
  templateId: z.string().max(100).optional(),
  sort: z.enum(['updatedAt', 'createdAt', 'title', 'issueNumber']).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
});
export type DraftQuery = z.infer<typeof draftQuerySchema>;

const snapshotId = draftId;

/** Drafts: the local store (lowdb), one writer — the main process. */
export const draftMethods = {
  listDrafts: defineMethod<DraftSummary[]>()('draft:list', z.strictObject({ query: draftQuerySchema.optional() })),
  createDraft: defineMethod<Briefing>()(
    'draft:create',
    z.strictObject({ templateId: z.string().min(1).max(100).optional(), title: z.string().max(500).optional() }),
  ),
  getDraft: defineMethod<Briefing>()('draft:get', z.strictObject({ id: draftId })),
  /**
   * Saves a draft. A field the schema refuses does not refuse the draft: the rest is saved, the
   * field keeps its last valid value and is listed in the receipt's `refused`.
   */
  saveDraft: defineMethod<SaveReceipt>()('draft:save', z.strictObject({ draft: unsavedDraftSchema })),
  /** Moves a draft to the trash. */
  deleteDraft: defineMethod<null>()('draft:delete', z.strictObject({ id: draftId })),
  /** Saves the edits held in memory after a failed save again, now. */
  retrySave: defineMethod<SaveReceipt>()('draft:save-retry', z.strictObject({ id: draftId })),
  renameDraft: defineMethod<DraftSummary>()('draft:rename', z.strictObject({ id: draftId, title: z.string().max(500) })),
  duplicateDraft: defineMethod<Briefing>()('draft:duplicate', z.strictObject({ id: draftId, title: z.string().max(500).optional() })),
  listTrash: defineMethod<TrashedDraft[]>()('draft:trash-list', z.strictObject({})),
  /** Brings a draft back from the trash. */
  restoreDraft: defineMethod<DraftSummary>()('draft:restore', z.strictObject({ id: draftId })),
  /** Deletes a draft in the trash for good (with its history). */
  purgeDraft: defineMethod<null>()('draft:purge', z.strictObject({ id: draftId })),
  listHistory: defineMethod<HistoryEntry[]>()('draft:history', z.strictObject({ id: draftId })),
  /** The briefing of one history entry, for preview. */
  getVersion: defineMethod<Briefing>()('draft:version-get', z.strictObject({ id: draftId, snapshotId })),
  /** 存为版本 — a named version (送审稿). */
  createVersion: defineMethod<HistoryEntry>()(
    'draft:version-create',
    z.strictObject({ id: draftId, name: z.string().trim().min(1).max(100) }),
  ),
  /** Restores a history entry in place, after a snapshot of the current state (undo = restore that). */
  restoreVersion: defineMethod<RestoreVersionResult>()('draft:version-restore', z.strictObject({ id: draftId, snapshotId })),
  /** Imports a `.briefing.json` chosen in the open dialog; CANCELLED when the user cancels. */
  importDraft: defineMethod<ImportDraftResult>()('draft:import', z.strictObject({})),
  /** Exports a draft as `.briefing.json` to a path chosen in the save dialog; CANCELLED when cancelled. */
  exportDraftJson: defineMethod<{ path: string }>()('draft:export-json', z.strictObject({ id: draftId })),
  getStoreStatus: defineMethod<StoreStatus>()('draft:status', z.strictObject({})),
  dismissNotice: defineMethod<null>()('draft:notice-dismiss', z.strictObject({ id: z.string().min(1).max(64) })),
  /** 接管 — takes the store's writer lock from the writer named in `lockedBy`; resolves to the new status. */
  takeOverStore: defineMethod<StoreStatus>()('draft:store-take-over', z.strictObject({})),
};

// ---------------------------------------------------------------------------------------------
// Pure helpers for the drafts list, shared by the main side (listDrafts) and the renderer.

const collator = new Intl.Collator('zh-CN', { numeric: true });
const normalize = (s: string) => s.normalize('NFKC').toLowerCase();

/** True when a draft matches every word of `text` (title, 简报名称, 第N期, template). */
export function matchesDraftText(row: DraftSummary, text: string): boolean {
  const words = normalize(text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = normalize(
    [row.title, row.seriesName, row.issueNumber === null ? '' : `第${row.issueNumber}期 ${row.issueNumber}`, row.templateId].join(' '),
  );
  return words.every((w) => hay.includes(w));
}

/** Filters and sorts drafts (default: last edit, newest first). Does not modify its input. */
export function queryDrafts<T extends DraftSummary>(rows: readonly T[], query: DraftQuery = {}): T[] {
  const text = query.text ?? '';
  const out = rows.filter((r) => (query.templateId === undefined || r.templateId === query.templateId) && matchesDraftText(r, text));
  const sort = query.sort ?? 'updatedAt';
  const direction = query.direction ?? (sort === 'title' ? 'asc' : 'desc');
  const sign = direction === 'asc' ? 1 : -1;
  out.sort((a, b) => {
    let c: number;
    if (sort === 'title') c = collator.compare(a.title, b.title);
    else if (sort === 'issueNumber') c = (a.issueNumber ?? -1) - (b.issueNumber ?? -1);
    else c = a[sort] < b[sort] ? -1 : a[sort] > b[sort] ? 1 : 0;
    return c !== 0 ? sign * c : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return out;
}

/** Milliseconds since epoch of an ISO time (`2026-11-26T08:30:00.000Z` or with an offset); NaN if malformed. */
export function isoToEpochMs(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|([+-])(\d{2}):?(\d{2}))$/.exec(iso);
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const s = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  // days from civil (Howard Hinnant's algorithm)
  const yy = mo! <= 2 ? y! - 1 : y!;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo! + (mo! > 2 ? -3 : 9)) + 2) / 5) + d! - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  const offset = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60_000;
  return days * 86_400_000 + h! * 3_600_000 + mi! * 60_000 + s * 1000 + ms - offset;
}

/**
 * 刚刚 / 5 分钟前 / 3 小时前 / 昨天 14:05 / 4 天前 / 2026年11月3日 — the last-edit time as the
 * drafts list shows it (calendar in Beijing time). `now` is an ISO time from the clock.
 */
export function formatRelativeTime(iso: string, now: string): string {
  const then = isoToEpochMs(iso);
  const current = isoToEpochMs(now);
  if (Number.isNaN(then) || Number.isNaN(current)) return iso;
  const diff = current - then;
  const china = (ms: number) => ms + 8 * 3_600_000;
  const dayOf = (ms: number) => Math.floor(china(ms) / 86_400_000);
  if (diff < 60_000) return '刚刚';
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)} 分钟前`;
  const days = dayOf(current) - dayOf(then);
  if (days === 0) return `${Math.floor(diff / 3_600_000)} 小时前`;
  if (days === 1) {
    const minutes = Math.floor((china(then) % 86_400_000) / 60_000);
    return `昨天 ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  }
  if (days < 7) return `${days} 天前`;
  const date = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
  return date.format(then);
}
