// The user's own library in the data folder: sources they imported (verbatim paragraphs and the
// metadata they confirmed) and the items they accepted from them, in the bundled library's schema.
// One JSON file, written atomically with the previous version kept as a backup; validated at load —
// a damaged file is moved aside with a notice and the library starts empty, never a crash.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fail, ok, type Result } from '../../shared/errors';
import {
  LIBRARY_SCHEMA_VERSION,
  checkItemQuote,
  libraryItemSchema,
  librarySourceSchema,
  metricDefinitionSchema,
  type LibraryItem,
  type LibrarySource,
  type MetricDefinition,
} from '../../shared/library';
import { formatIssues, parseJsonSafely, toValidationIssues } from '../../shared/validation';
import { writeFileAtomic } from '../fs/atomic-file';

/** `<dataDir>/library/user-library.json` */
export const USER_LIBRARY_FILE = 'user-library.json';

export const userLibraryFileSchema = z.strictObject({
  schemaVersion: z.literal(LIBRARY_SCHEMA_VERSION),
  sources: z.array(librarySourceSchema).max(10_000),
  items: z.array(libraryItemSchema).max(200_000),
  metrics: z.array(metricDefinitionSchema).max(10_000),
});

export interface UserLibraryData {
  readonly sources: readonly LibrarySource[];
  readonly items: readonly LibraryItem[];
  readonly metrics: readonly MetricDefinition[];
}

/** Something the user should know about the user library (shown once, by code). */
export interface UserLibraryNotice {
  readonly code: 'USER_LIBRARY_DAMAGED';
  /** where the damaged file was moved */
  readonly movedTo: string;
  /** what was wrong, in Chinese */
  readonly detail: string;
}

export interface UserLibraryStore {
  /** The current contents (loaded on first use). */
  data(): UserLibraryData;
  /** Grows with every successful write: the merged index is rebuilt when it changes. */
  revision(): number;
  /** Problems met while loading (a damaged file moved aside). */
  notices(): readonly UserLibraryNotice[];
  /** Replaces the contents after validating them; the previous file becomes the backup. */
  write(next: UserLibraryData): Result<null>;
  /** Where the file lives. */
  readonly path: string;
}

const EMPTY: UserLibraryData = { sources: [], items: [], metrics: [] };

/** Validates user library contents: schema, unique ids, verbatim quotes in sources that exist. */
export function checkUserLibrary(value: unknown): Result<UserLibraryData> {
  const parsed = userLibraryFileSchema.safeParse(value);
  if (!parsed.success) return fail('LIBRARY_INVALID', `\n${formatIssues(toValidationIssues(parsed.error))}`);
  const { sources, items, metrics } = parsed.data;
  const problems: string[] = [];
  const byId = new Map(sources.map((s) => [s.id, s]));
  if (byId.size !== sources.length) problems.push('来源标识重复');
  if (new Set(items.map((i) => i.id)).size !== items.length) problems.push('条目标识重复');
  // Metric keys may name the bundled library's metrics (地区生产总值), so they are not checked here.
  if (new Set(metrics.map((m) => m.key)).size !== metrics.length) problems.push('指标键重复');
  for (const item of items) {
    const quote = checkItemQuote(item, byId.get(item.sourceId));
    if (quote) problems.push(`条目 ${item.id}：${quote}`);
    if (item.origin !== 'user') problems.push(`条目 ${item.id} 不是用户条目`);
  }
  if (problems.length > 0) return fail('LIBRARY_INVALID', `\n${problems.slice(0, 10).join('\n')}`);
  return ok({ sources, items, metrics });
}

/** The user library of `dataDir`. `now` names a damaged file moved aside. */
export function createUserLibraryStore(dataDir: string, options: { now: () => Date; log?: (message: string) => void }): UserLibraryStore {
  const dir = join(dataDir, 'library');
  const path = join(dir, USER_LIBRARY_FILE);
  let current: UserLibraryData | null = null;
  let rev = 0;
  const notices: UserLibraryNotice[] = [];

  const moveAside = (detail: string) => {
    const stamp = options.now().toISOString().replace(/[:.]/g, '-');
    const movedTo = join(dir, `user-library.damaged-${stamp}.json`);
    try {
      renameSync(path, movedTo);
    } catch (error) {
      options.log?.(`user library: could not move the damaged file aside: ${String(error)}`);
    }
    notices.push({ code: 'USER_LIBRARY_DAMAGED', movedTo, detail });
  };

  const load = (): UserLibraryData => {
    if (!existsSync(path)) return EMPTY;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      options.log?.(`user library unreadable: ${String(error)}`);
      return EMPTY;
    }
    const json = parseJsonSafely(text);
    if (!json.ok) {
      moveAside(json.message);
      return EMPTY;
    }
    const checked = checkUserLibrary(json.value);
    if (!checked.ok) {
      moveAside(checked.message);
      return EMPTY;
    }
    return checked.value;
  };

  return {
    path,
    data() {
      current ??= load();
      return current;
    },
    revision: () => rev,
    notices: () => notices,
    write(next) {
      const file = { schemaVersion: LIBRARY_SCHEMA_VERSION, sources: next.sources, items: next.items, metrics: next.metrics };
      const checked = checkUserLibrary(file);
      if (!checked.ok) return checked;
      try {
        mkdirSync(dir, { recursive: true });
        if (existsSync(path)) copyFileSync(path, `${path}.bak`);
      } catch (error) {
        options.log?.(`user library: backup failed: ${String(error)}`);
        return fail('WRITE_FAILED', `（${path}.bak）`);
      }
      const written = writeFileAtomic(path, `${JSON.stringify(file, null, 1)}\n`, { syncDir: true });
      if (!written.ok) return written;
      current = checked.value;
      rev += 1;
      return ok(null);
    },
  };
}
