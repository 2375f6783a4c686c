import { z } from 'zod';
import { storedBriefingSchema } from '../../shared/briefing';

/**
 * The on-disk format version this build writes, carried by every store file as `schemaVersion`.
 * Older files are migrated on read (see ./migrations); newer ones are refused and never written.
 *   1 — first layout: index + one file per draft
 *   2 — drafts carry `revision` and `createdAt`; index rows carry stamps; history, backups
 *   3 — drafts record their `origin` (created / duplicated / imported / recovered)
 */
export const STORE_FORMAT_VERSION = 3 as const;

/** The kinds of file the store writes; each file names its kind. */
export type StoreFileKind = 'index' | 'draft' | 'history' | 'snapshot' | 'backup' | 'lock';

const isoTime = z.iso.datetime({ offset: true });
const draftId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const version = z.literal(STORE_FORMAT_VERSION);

export const fileStampSchema = z.strictObject({ mtimeMs: z.number().nonnegative(), size: z.number().int().nonnegative() });

/** Where a draft came from. */
export const draftOriginSchema = z.strictObject({
  kind: z.enum(['created', 'duplicated', 'imported', 'recovered']),
  /** the source draft id (duplicated) or file name (imported) */
  from: z.string().max(1_000).optional(),
});

/** `files/<id>.json` (and `trash/<id>.json`): one draft. */
export const draftFileSchema = z.strictObject({
  schemaVersion: version,
  kind: z.literal('draft'),
  /** bumped by every save; what a save receipt acknowledges */
  revision: z.number().int().nonnegative(),
  createdAt: isoTime,
  updatedAt: isoTime,
  origin: draftOriginSchema,
  briefing: storedBriefingSchema,
});

/** One row of the index: what the drafts list shows without opening the draft. */
export const indexEntrySchema = z.strictObject({
  id: draftId,
  title: z.string().max(500),
  seriesName: z.string().max(100),
  issueNumber: z.number().int().nullable(),
  templateId: z.string().max(100),
  createdAt: isoTime,
  updatedAt: isoTime,
  revision: z.number().int().nonnegative(),
  blockCount: z.number().int().nonnegative(),
  /** set while the draft is in the trash */
  deletedAt: isoTime.nullable(),
  /** set while a permanent deletion is under way (finished at the next open after a crash) */
  purging: z.boolean(),
  /** the draft file as last written; a file that differs is re-read at open */
  stamp: fileStampSchema.nullable(),
});

/** `index.json`: the drafts list, a cache of the draft files (which are the truth). */
export const indexFileSchema = z.strictObject({
  schemaVersion: version,
  kind: z.literal('index'),
  drafts: z.array(indexEntrySchema).max(100_000),
});

export const snapshotReasonSchema = z.enum(['session-start', 'interval', 'before-export', 'before-restore', 'named', 'recovery']);

/** A block's identity and content hash: enough to say what changed between two versions. */
export const blockDigestSchema = z.tuple([z.string().max(64), z.string().max(64)]);

export const historyRecordSchema = z.strictObject({
  id: draftId,
  createdAt: isoTime,
  reason: snapshotReasonSchema,
  /** 存为版本 — the user's name for a named version */
  name: z.string().max(100).nullable(),
  title: z.string().max(500),
  revision: z.number().int().nonnegative(),
  contentHash: z.string().max(64),
  metaHash: z.string().max(64),
  blocks: z.array(blockDigestSchema).max(20_000),
});

/** `history/<draftId>/manifest.json`: the snapshots of one draft, oldest first. */
export const historyFileSchema = z.strictObject({
  schemaVersion: version,
  kind: z.literal('history'),
  draftId,
  entries: z.array(historyRecordSchema).max(10_000),
});

/** `history/<draftId>/<snapshotId>.json`: the full briefing at one moment. */
export const snapshotFileSchema = z.strictObject({
  schemaVersion: version,
  kind: z.literal('snapshot'),
  id: draftId,
  draftId,
  createdAt: isoTime,
  reason: snapshotReasonSchema,
  name: z.string().max(100).nullable(),
  revision: z.number().int().nonnegative(),
  briefing: storedBriefingSchema,
});

/** `backups/<stamp>/backup.json`: written last; a backup without it is incomplete. */
export const backupManifestSchema = z.strictObject({
  schemaVersion: version,
  kind: z.literal('backup'),
  createdAt: isoTime,
  /** the files copied, relative to the backup folder, with the live file's stamp at copy time */
  files: z.array(z.strictObject({ path: z.string().max(300), source: fileStampSchema })).max(200_000),
});

/** `store.lock`: who is the one writer. */
export const lockFileSchema = z.strictObject({
  schemaVersion: version,
  kind: z.literal('lock'),
  pid: z.number().int(),
  hostname: z.string().max(300),
  createdAt: isoTime,
  token: z.string().max(100),
});

export const fileSchemas = {
  index: indexFileSchema,
  draft: draftFileSchema,
  history: historyFileSchema,
  snapshot: snapshotFileSchema,
  backup: backupManifestSchema,
  lock: lockFileSchema,
} as const satisfies Record<StoreFileKind, z.ZodType>;

export type FileOf<K extends StoreFileKind> = z.output<(typeof fileSchemas)[K]>;
export type FileStamp = z.infer<typeof fileStampSchema>;
export type DraftOrigin = z.infer<typeof draftOriginSchema>;
export type DraftFile = FileOf<'draft'>;
export type IndexEntry = z.infer<typeof indexEntrySchema>;
export type IndexFile = FileOf<'index'>;
export type SnapshotReason = z.infer<typeof snapshotReasonSchema>;
export type BlockDigest = z.infer<typeof blockDigestSchema>;
export type HistoryRecord = z.infer<typeof historyRecordSchema>;
export type HistoryFile = FileOf<'history'>;
export type SnapshotFile = FileOf<'snapshot'>;
export type BackupManifest = FileOf<'backup'>;
export type LockFile = FileOf<'lock'>;
