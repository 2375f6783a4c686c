/**
 * Deepest nesting of arrays and objects accepted in JSON (or JSONC) read from outside. Our own
 * files nest about 10 deep; recursive parsers and validators (jsonc-parser, the template reader,
 * zod, JSON.parse's reviver) overflow the stack somewhere past a few thousand.
 */
export const MAX_JSON_DEPTH = 64;

/** Line and column (1-based; columns in UTF-16 code units, as editors count them). */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** What `scanJsonNesting` found. */
export type NestingScan =
  | { readonly ok: true; readonly depth: number }
  | {
      readonly ok: false;
      /** The first offset where the nesting exceeds the limit (the opening `[` or `{`). */
      readonly offset: number;
      readonly line: number;
      readonly column: number;
      readonly limit: number;
    };

/**
 * Counts the nesting of `[` and `{` outside strings and comments, without parsing: one pass, no
 * recursion, so it is safe on any input. It runs before every recursive parse. Strings end where
 * jsonc-parser ends them (a closing quote or a line break; a backslash skips one character), so
 * no bracket a parser would see is ever skipped; counting a few more only makes the guard stricter.
 */
export function scanJsonNesting(text: string, limit: number = MAX_JSON_DEPTH): NestingScan {
  let depth = 0;
  let deepest = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: up to the closing quote, a line break or the end.
      for (i++; i < length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
        else if (s === 0x0a || s === 0x0d) {
          i--;
          break;
        }
      }
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      // A line comment (JSONC; strict JSON refuses it anyway).
      while (i < length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? length : end + 1;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > limit) return { ok: false, offset: i, ...lineColumnAt(text, i), limit };
      if (depth > deepest) deepest = depth;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return { ok: true, depth: deepest };
}

/** Line and column of an offset (CRLF, LF and CR each end a line). */
export function lineColumnAt(text: string, offset: number): TextPosition {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** The Chinese sentence for nesting past the limit, located: `第 1 行第 65 列：嵌套超过 64 层`. */
export function describeTooDeep(scan: Extract<NestingScan, { ok: false }>): string {
  return `第 ${scan.line} 行第 ${scan.column} 列：数组和对象嵌套超过 ${scan.limit} 层（正常文件不超过 10 层），文件可能已损坏或被恶意构造，未读取`;
}
