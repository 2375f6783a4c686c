import { errorCatalogue, type ErrorCode } from './catalogue';

/** A failure as a value: what crosses IPC and what expected conditions return. */
export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  /** Chinese, complete, ready to show to the user. */
  readonly message: string;
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
export function fail(code: ErrorCode, detail?: string): Failure {
  const base = errorCatalogue[code];
  return { ok: false, code, message: detail ? `${base}${detail}` : base };
}

/**
 * An expected condition raised deep inside a service, converted to a `Failure` at the boundary.
 * Use it where returning a value through many layers would obscure the code; never for bugs.
 */
export class UserError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  constructor(code: ErrorCode, detail?: string) {
    super(detail ? `${errorCatalogue[code]}${detail}` : errorCatalogue[code]);
    this.name = 'UserError';
    this.code = code;
    this.detail = detail;
  }
  /** This error as a `Failure` value. */
  toFailure(): Failure {
    return fail(this.code, this.detail);
  }
}

/** True when `value` is a `UserError` (also across realms, by shape). */
export function isUserError(value: unknown): value is UserError {
  return value instanceof UserError;
}
