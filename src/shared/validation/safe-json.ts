import { fail, ok, type Result } from '../errors';
import { firstJsonSyntaxError } from './json-syntax';
import { describeTooDeep, MAX_JSON_DEPTH, scanJsonNesting } from './nesting';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Options for `parseJsonSafely`. */
export interface SafeJsonOptions {
  /** Largest accepted text, in UTF-16 code units; default 20 MB. */
  readonly maxLength?: number;
  /** Deepest nesting of arrays and objects accepted; default `MAX_JSON_DEPTH` (64). */
  readonly maxDepth?: number;
}

/**
 * Parses JSON from outside (imports, files on disk) and refuses, each with a Chinese message:
 * oversized input (FILE_TOO_LARGE), nesting deeper than `maxDepth` (TOO_DEEP, located, checked
 * before anything recursive runs), syntax errors (INVALID_JSON, located by line and column) and
 * prototype-polluting keys (`__proto__`, `constructor`, `prototype`) anywhere (UNSAFE_CONTENT).
 */
export function parseJsonSafely(text: string, options: SafeJsonOptions = {}): Result<unknown> {
  const maxLength = options.maxLength ?? 20 * 1024 * 1024;
  if (text.length > maxLength) {
    return fail('FILE_TOO_LARGE', `（上限 ${Math.round(maxLength / 1024 / 1024)} MB）`);
  }
  // A byte-order mark becomes a space: offsets, lines and columns stay those of the file.
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const nesting = scanJsonNesting(body, options.maxDepth ?? MAX_JSON_DEPTH);
  if (!nesting.ok) return fail('TOO_DEEP', `（${describeTooDeep(nesting)}）`);
  let forbidden: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(body, (key, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) forbidden ??= key;
      return v;
    });
  } catch {
    const error = firstJsonSyntaxError(body);
    return error ? fail('INVALID_JSON', `（第 ${error.line} 行第 ${error.column} 列：${error.message}）`, { line: error.line, column: error.column }) : fail('INVALID_JSON', '（格式错误）');
  }
  if (forbidden !== undefined) return fail('UNSAFE_CONTENT', `（含有禁止的键“${forbidden}”）`);
  return ok(value);
}
