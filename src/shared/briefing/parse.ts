import { fail, ok, type Result } from '../errors';
import { formatIssues, parseJsonSafely, toValidationIssues } from '../validation';
import { migrateBriefing } from './migrations';
import { BRIEFING_SCHEMA_VERSION, briefingSchema, type Briefing } from './schema';

/**
 * Validates an unknown value as a briefing: an older version is migrated first (numbered pure
 * steps in ./migrations), then the current schema applies; a newer version is refused with its
 * own code.
 */
export function parseBriefing(value: unknown): Result<Briefing> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('INVALID_BRIEFING', '（根应为对象）');
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > BRIEFING_SCHEMA_VERSION) {
    return fail('NEWER_VERSION', `（文件版本 ${version}，本程序支持到 ${BRIEFING_SCHEMA_VERSION}）`);
  }
  const parsed = briefingSchema.safeParse(migrateBriefing(value));
  if (!parsed.success) {
    return fail('INVALID_BRIEFING', `\n${formatIssues(toValidationIssues(parsed.error))}`);
  }
  return ok(parsed.data);
}

/** Parses briefing JSON text: safe JSON first, then the schema. */
export function parseBriefingJson(text: string): Result<Briefing> {
  const json = parseJsonSafely(text);
  return json.ok ? parseBriefing(json.value) : json;
}
