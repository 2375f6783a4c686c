import { basename } from 'node:path';
import { BRIEFING_SCHEMA_VERSION, parseBriefing, type Briefing } from '../../shared/briefing';
import { UserError } from '../../shared/errors';
import { parseJsonSafely } from '../../shared/validation';
import { writeFileDurable } from '../fs/atomic-file';
import { errnoCode } from '../fs/errno';
import { decodeStoreFile } from './decode';
import type { StoreFs } from './fs-layer';

/** Largest `.briefing.json` accepted for import. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/**
 * Reads a `.briefing.json` file from outside (a colleague's USB stick): refuses files over 20 MB
 * before reading them, unsafe keys (`__proto__`, `constructor`, `prototype`), unknown or newer
 * versions, and anything the briefing schema rejects. Also accepts a draft file copied out of a
 * store folder (any known store format version).
 */
export async function readBriefingFile(fs: StoreFs, path: string): Promise<Briefing> {
  const name = basename(path);
  let size: number;
  try {
    size = (await fs.stat(path)).size;
  } catch (error) {
    throw new UserError('READ_FAILED', `（${name}：${errnoCode(error) ?? '无法访问'}）`);
  }
  if (size > MAX_IMPORT_BYTES) throw new UserError('FILE_TOO_LARGE', `（${name} 为 ${(size / 1024 / 1024).toFixed(1)} MB，上限 20 MB）`);
  let text: string;
  try {
    text = await fs.readText(path);
  } catch (error) {
    throw new UserError('READ_FAILED', `（${name}：${errnoCode(error) ?? '无法读取'}）`);
  }
  return parseBriefingFileText(text, name);
}

/** Parses and validates the text of a `.briefing.json` file (see readBriefingFile). */
export function parseBriefingFileText(text: string, name: string): Briefing {
  const json = parseJsonSafely(text, { maxLength: MAX_IMPORT_BYTES });
  if (!json.ok) {
    throw new UserError(json.code, `（${name}）${json.detail ?? ''}`, { ...json.location, file: name });
  }
  const value = json.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError('INVALID_BRIEFING', `（${name}：根应为对象）`);
  }
  const record = value as Record<string, unknown>;
  if (record.kind === 'draft') {
    try {
      return decodeStoreFile('draft', text).briefing;
    } catch (error) {
      if (error instanceof UserError) throw new UserError(error.code, `（${name}）${error.detail ?? ''}`);
      throw error;
    }
  }
  const version = record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new UserError('INVALID_BRIEFING', `（${name}：未知的文件版本${version === undefined ? '（缺少 schemaVersion）' : `“${String(version).slice(0, 20)}”`}）`);
  }
  if (version > BRIEFING_SCHEMA_VERSION) {
    throw new UserError('NEWER_VERSION', `（${name}：文件版本 ${version}，本程序支持到 ${BRIEFING_SCHEMA_VERSION}）`);
  }
  const parsed = parseBriefing(value);
  if (!parsed.ok) throw new UserError(parsed.code, `（${name}）${parsed.detail ?? ''}`, { ...parsed.location, file: name });
  return parsed.value;
}

/** The text of an exported `.briefing.json`: the briefing itself, indented, with its schema version. */
export function encodeBriefingFile(briefing: Briefing): string {
  return `${JSON.stringify(briefing, null, 2)}\n`;
}

/** Writes an exported briefing durably and atomically to `path`. */
export async function writeBriefingFile(fs: StoreFs, path: string, briefing: Briefing): Promise<void> {
  await writeFileDurable(fs, path, encodeBriefingFile(briefing));
}

/** A file name for an export: the title without characters that Windows forbids. */
export function exportFileName(title: string): string {
  const base = [...title]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .replace(/[. ]+$/, '');
  return `${base || '简报'}.briefing.json`;
}
