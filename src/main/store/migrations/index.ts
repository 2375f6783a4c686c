// Numbered, pure, additive migrations of the store's files, run in order on read.
import { STORE_FORMAT_VERSION, type StoreFileKind } from '../format';
import { migration0002 } from './0002-add-revision';
import { migration0003 } from './0003-add-origin';
import type { JsonObject, Migration } from './types';

export type { JsonObject, Migration } from './types';

/** Every migration, in version order: `migrations[i].version === i + 2`. */
export const migrations: readonly Migration[] = [migration0002, migration0003];

/**
 * Lifts a file of kind `kind` from `fromVersion` to the current format by running every later
 * migration in order. The result still has to be validated against the current schema.
 */
export function migrateFile(kind: StoreFileKind, doc: JsonObject, fromVersion: number): JsonObject {
  let current = doc;
  for (const migration of migrations) {
    if (migration.version <= fromVersion) continue;
    const step = migration.migrate[kind];
    current = { ...(step ? step(current) : current), schemaVersion: migration.version };
  }
  if (current.schemaVersion !== STORE_FORMAT_VERSION) current = { ...current, schemaVersion: STORE_FORMAT_VERSION };
  return current;
}
