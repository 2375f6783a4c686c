import { describe, expect, it } from 'vitest';
import { lineColumnAt, MAX_JSON_DEPTH, parseJsonSafely, scanJsonNesting } from '.';

describe('scanJsonNesting', () => {
  it('reports the deepest nesting of an ordinary document', () => {
    expect(scanJsonNesting('{"a":[1,{"b":[[]]}],"c":{}}')).toEqual({ ok: true, depth: 5 });
  });

  it('refuses 1,600 arrays at the bracket past the limit, located by line and column', () => {
    const scan = scanJsonNesting(`{\n  "x": ${'['.repeat(1600)}${']'.repeat(1600)}}`);
    expect(scan).toEqual({ ok: false, offset: 9 + 63, line: 2, column: 8 + 63, limit: MAX_JSON_DEPTH });
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(scanJsonNesting(`["${'[{'.repeat(5000)}\\"${'['.repeat(100)}"]`)).toEqual({ ok: true, depth: 1 });
  });

  it('ends a string at a line break as jsonc-parser does, so brackets after it are counted', () => {
    expect(scanJsonNesting(`["abc\n${'['.repeat(100)}`).ok).toBe(false);
  });

  it('skips comments (JSONC) but counts what follows them', () => {
    expect(scanJsonNesting(`// ${'['.repeat(100)}\n/* ${'{'.repeat(100)} */ [[]]`)).toEqual({ ok: true, depth: 2 });
  });

  it('scans 200,000 levels in well under a second, without recursion', () => {
    const text = '['.repeat(200_000) + ']'.repeat(200_000);
    const started = performance.now();
    expect(scanJsonNesting(text).ok).toBe(false);
    expect(scanJsonNesting(text, 1_000_000)).toEqual({ ok: true, depth: 200_000 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts lines after LF, CRLF and CR alike', () => {
    expect(lineColumnAt('a\nb\r\nc\rd', 7)).toEqual({ line: 4, column: 1 });
  });
});

describe('parseJsonSafely', () => {
  it('refuses deep nesting with TOO_DEEP and a located Chinese message, before parsing', () => {
    for (const text of ['['.repeat(1600) + ']'.repeat(1600), '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), '['.repeat(200_000)]) {
      const result = parseJsonSafely(text);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.code).toBe('TOO_DEEP');
      expect(result.message).toMatch(/^文件嵌套层级过深，已拒绝读取。（第 1 行第 \d+ 列：数组和对象嵌套超过 64 层/);
    }
  });

  it('accepts nesting up to the limit', () => {
    expect(parseJsonSafely('['.repeat(64) + ']'.repeat(64)).ok).toBe(true);
  });

  it('locates syntax errors in Chinese, never in JSON.parse English', () => {
    const cases: [string, RegExp][] = [
      ['{\n  "a": 1,\n}', /第 3 行第 1 列：此处应为用英文双引号括起的字段名/],
      ['{"a" 1}', /第 1 行第 6 列：字段名后缺少英文冒号/],
      ['{"a": "b', /第 1 行第 7 列：文本没有结束/],
      ['', /文件是空的/],
      ['{"a": 1} x', /第 1 行第 10 列：此处有 JSON 不认识的字符/],
      ['{"a": 1} 2', /多余的内容/],
      ['{"a":\u0000}', /第 1 行第 6 列/],
    ];
    for (const [text, message] of cases) {
      const result = parseJsonSafely(text);
      expect(result.ok ? '' : `${result.code} ${result.message}`).toMatch(message);
      expect(result.ok ? '' : result.message).not.toMatch(/Unexpected|JSON at position|token/i);
    }
  });

  it('keeps positions of a file with a byte-order mark', () => {
    const result = parseJsonSafely('\uFEFF{\n "a": }');
    expect(result.ok ? '' : result.message).toMatch(/第 2 行第 7 列/);
  });

  it('still refuses prototype keys and oversized text', () => {
    expect(parseJsonSafely('{"a":{"__proto__":{}}}')).toMatchObject({ ok: false, code: 'UNSAFE_CONTENT' });
    expect(parseJsonSafely('[1]', { maxLength: 2 })).toMatchObject({ ok: false, code: 'FILE_TOO_LARGE' });
  });
});
