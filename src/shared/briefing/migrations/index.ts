// Numbered, pure migrations of the briefing model, run in order on read (before validation).
import { migration0002 } from './0002-inline-figures';
import type { BriefingMigration, JsonObject } from './types';

export { migrateBlocksToV2 } from './0002-inline-figures';
export type { BriefingMigration, JsonObject } from './types';

/** Every migration, in version order: `briefingMigrations[i].version === i + 2`. */
export const briefingMigrations: readonly BriefingMigration[] = [migration0002];

/** The newest version the migrations reach (the version this build writes). */
export const LATEST_BRIEFING_VERSION = briefingMigrations[briefingMigrations.length - 1]!.version;

/**
 * Lifts a briefing (parsed JSON, not yet validated) to the current version by running every later
 * migration in order. Anything that is not an object with an older integer `schemaVersion` comes
 * back unchanged: the current version, a newer one (refused by the caller) or damage (reported by
 * validation). Idempotent.
 */
export function migrateBriefing(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const doc = value as JsonObject;
  const from = doc.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1 || from >= LATEST_BRIEFING_VERSION) return value;
  let current = doc;
  for (const migration of briefingMigrations) {
    if (migration.version <= from) continue;
    current = { ...migration.migrate(current), schemaVersion: migration.version };
  }
  return current;
}
