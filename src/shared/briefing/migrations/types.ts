/** A JSON object as read from disk, before validation. */
export type JsonObject = { [key: string]: unknown };

/** One numbered step: lifts a briefing of `version - 1` to `version`. Pure; never fails. */
export interface BriefingMigration {
  readonly version: number;
  /** What the step changes, for the changelog of the format. */
  readonly summary: string;
  readonly migrate: (briefing: JsonObject) => JsonObject;
}
