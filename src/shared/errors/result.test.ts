import { describe, expect, it } from 'vitest';
import { fail, messageOf, UserError } from '.';
import { parseJsonSafely } from '../validation';

describe('failures carry structure', () => {
  it('keeps the code, the detail and the location apart from the sentence built of them', () => {
    const f = fail('INVALID_JSON', '（第 2 行第 5 列：缺少逗号）', { line: 2, column: 5, file: 'a.briefing.json' });
    expect(f).toMatchObject({ code: 'INVALID_JSON', detail: '（第 2 行第 5 列：缺少逗号）', location: { line: 2, column: 5 } });
    expect(f.message).toBe(messageOf('INVALID_JSON', f.detail));
    expect(fail('CANCELLED')).toEqual({ ok: false, code: 'CANCELLED', message: '操作已取消。' });
  });

  it('a UserError raised from a failure and turned back is the same failure', () => {
    const f = fail('INVALID_BRIEFING', '\n第 3 块：文字过长', { blockId: 'p3', field: 'text' });
    expect(UserError.from(f).toFailure()).toEqual(f);
  });

  it('a JSON syntax error says where, as numbers, not only in words', () => {
    const parsed = parseJsonSafely('{\n  "a": 1,\n  "b" 2\n}');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.location).toEqual({ line: 3, column: expect.any(Number) });
    expect(parsed.detail).toContain('第 3 行');
  });
});
