import { errorCatalogue, type ErrorCode } from './catalogue';

/** Where a failure is: a briefing block or field, a JSON path, a line and column of a file. */
export interface FailureLocation {
  readonly blockId?: string;
  readonly field?: string;
  /** JSON path in an imported file: `blocks[3].runs[0].text`. */
  readonly path?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * A failure as a value: what crosses IPC and what expected conditions return. `code` is the fact;
 * `detail` (Chinese: the file, the field, the character) and `location` are its structure;
 * `message` is the sentence shown to a person, built once from them — nothing parses it back.
 */
export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  /** Chinese, complete, ready to show to the user: the catalogue's text, then `detail`. */
  readonly message: string;
  /** What follows the catalogue's text, when there is something to say beyond the code. */
  readonly detail?: string;
  readonly location?: FailureLocation;
}

/** A success as a value. */
export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

/** `{ ok: true, value } | { ok: false, code, message }` — the shape of every fallible result. */
export type Result<T> = Success<T> | Failure;

/** Wraps a value as a success. */
export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

/**
 * Builds a failure. The message is the catalogue's text, followed by `detail` when given
 * (detail is also Chinese: it names the file, the field, the character).
 */
export function fail(code: ErrorCode, detail?: string, location?: FailureLocation): Failure {
  return { ok: false, code, message: messageOf(code, detail), ...(detail ? { detail } : {}), ...(location ? { location } : {}) };
}

/** The sentence for a code and its detail: where structure becomes Chinese text. */
export function messageOf(code: ErrorCode, detail?: string): string {
  const base = errorCatalogue[code];
  return detail ? `${base}${detail}` : base;
}

/**
 * An expected condition raised deep inside a service, converted to a `Failure` at the boundary.
 * Use it where returning a value through many layers would obscure the code; never for bugs.
 */
export class UserError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly location: FailureLocation | undefined;
  constructor(code: ErrorCode, detail?: string, location?: FailureLocation) {
    super(messageOf(code, detail));
    this.name = 'UserError';
    this.code = code;
    this.detail = detail;
    this.location = location;
  }
  /** A failure value raised as an error, its structure kept. */
  static from(failure: Failure, detail = failure.detail): UserError {
    return new UserError(failure.code, detail, failure.location);
  }
  /** This error as a `Failure` value. */
  toFailure(): Failure {
    return fail(this.code, this.detail, this.location);
  }
}

/** True when `value` is a `UserError` (also across realms, by shape). */
export function isUserError(value: unknown): value is UserError {
  return value instanceof UserError;
}
