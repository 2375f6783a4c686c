import { fail, ok, type Result } from '../errors';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Options for `parseJsonSafely`. */
export interface SafeJsonOptions {
  /** Largest accepted text, in UTF-16 code units; default 20 MB. */
  readonly maxLength?: number;
}

/**
 * Parses JSON from outside (imports, files on disk) and refuses prototype-polluting keys
 * (`__proto__`, `constructor`, `prototype`) anywhere in the tree, and oversized input.
 */
export function parseJsonSafely(text: string, options: SafeJsonOptions = {}): Result<unknown> {
  const maxLength = options.maxLength ?? 20 * 1024 * 1024;
  if (text.length > maxLength) {
    return fail('FILE_TOO_LARGE', `（上限 ${Math.round(maxLength / 1024 / 1024)} MB）`);
  }
  let forbidden: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''), (key, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) forbidden ??= key;
      return v;
    });
  } catch (error) {
    return fail('INVALID_JSON', error instanceof Error ? `（${error.message}）` : undefined);
  }
  if (forbidden !== undefined) return fail('UNSAFE_CONTENT', `（含有禁止的键“${forbidden}”）`);
  return ok(value);
}
