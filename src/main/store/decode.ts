import { UserError } from '../../shared/errors';
import { formatIssues, parseJsonSafely, toValidationIssues } from '../../shared/validation';
import { STORE_FORMAT_VERSION, fileSchemas, type FileOf, type StoreFileKind } from './format';
import { migrateFile, type JsonObject } from './migrations';

/** Store files are written by us; anything beyond this is damage, not data. */
const MAX_STORE_FILE = 64 * 1024 * 1024;

const kindNames: Record<StoreFileKind, string> = {
  index: '草稿索引',
  draft: '草稿',
  history: '历史记录',
  snapshot: '历史快照',
  backup: '备份清单',
  lock: '锁文件',
};

/**
 * Reads one store file: safe JSON parse, version check, migration, validation — in that order.
 * Throws a UserError: NEWER_VERSION for a file from a newer build (never to be overwritten),
 * INVALID_JSON / UNSAFE_CONTENT / FILE_TOO_LARGE / INVALID_BRIEFING for a damaged file.
 */
export function decodeStoreFile<K extends StoreFileKind>(kind: K, text: string): FileOf<K> {
  const json = parseJsonSafely(text, { maxLength: MAX_STORE_FILE });
  if (!json.ok) throw UserError.from(json);
  const doc = json.value;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new UserError('INVALID_BRIEFING', `（${kindNames[kind]}文件的根不是对象）`);
  }
  const record = doc as JsonObject;
  const version = record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new UserError('INVALID_BRIEFING', `（${kindNames[kind]}文件缺少有效的格式版本号）`);
  }
  if (version > STORE_FORMAT_VERSION) {
    throw new UserError('NEWER_VERSION', `（${kindNames[kind]}文件格式版本 ${version}，本程序支持到 ${STORE_FORMAT_VERSION}）`);
  }
  if (record.kind !== kind) {
    throw new UserError('INVALID_BRIEFING', `（应为${kindNames[kind]}文件）`);
  }
  const migrated = version < STORE_FORMAT_VERSION ? migrateFile(kind, record, version) : record;
  const parsed = fileSchemas[kind].safeParse(migrated);
  if (!parsed.success) {
    throw new UserError('INVALID_BRIEFING', `（${kindNames[kind]}文件内容无效）\n${formatIssues(toValidationIssues(parsed.error), 5)}`);
  }
  return parsed.data as FileOf<K>;
}
