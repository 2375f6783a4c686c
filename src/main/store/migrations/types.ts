import type { StoreFileKind } from '../format';

/** A JSON object as read from disk, before validation. */
export type JsonObject = Record<string, unknown>;

/**
 * One numbered migration: lifts files of version `version - 1` to `version`. Pure (no I/O, no
 * clock, never mutates its input) and additive only: it may add fields with defaults, never
 * remove or rename one, so an older build's data is never silently dropped. Kinds it does not
 * name only get their version bumped.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly migrate: Partial<Record<StoreFileKind, (doc: JsonObject) => JsonObject>>;
}
