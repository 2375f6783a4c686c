import { describe, expect, it } from 'vitest';
import { isTemplateId, isTemplateVersion, printable, terminalSafe } from '.';

describe('printable', () => {
  it('removes terminal escape sequences whole (colour, cursor, title, 8-bit CSI)', () => {
    expect(printable('a\u001b[31mred\u001b[0m b')).toBe('ared b');
    expect(printable('x\u001b]0;owned\u0007y')).toBe('xy');
    expect(printable('x\u001b[2J\u001b[Hy')).toBe('xy');
    expect(printable('x\u009b31my')).toBe('xy');
  });

  it('replaces NUL, line breaks, tabs, DEL, C1 and bidi overrides by spaces', () => {
    expect(printable('a\u0000b\nc\rd\te\u007ff\u0085g\u202eh')).toBe('a b c d e f g h');
  });

  it('keeps Chinese text and cuts long input with an ellipsis', () => {
    expect(printable('工作简报')).toBe('工作简报');
    expect(printable('字'.repeat(300), 10)).toBe(`${'字'.repeat(10)}…`);
  });
});

describe('terminalSafe', () => {
  it('keeps the line breaks of a message and removes escapes and NUL', () => {
    expect(terminalSafe('错误：\u001b[31m“a\u0000b”\n  → 提示\r')).toBe('错误：“ab”\n  → 提示\r');
  });
});

describe('template ids and versions', () => {
  it('accept the id pattern and refuse anything that could be a path', () => {
    expect(['gongzuo-jianbao', 'a1', 'x-2-b'].every(isTemplateId)).toBe(true);
    for (const bad of ['../x', 'a/b', 'a\\b', '..', '', 'A', 'a--b', '-a', 'a-', 'a b', 'a\u0000', 'a'.repeat(65), 7]) expect(isTemplateId(bad)).toBe(false);
  });

  it('accept x.y.z versions only', () => {
    expect(isTemplateVersion('1.2.3')).toBe(true);
    for (const bad of ['1.2', '../1.2.3', '1.2.3/..', '1.2.3\u0000', 'v1.2.3']) expect(isTemplateVersion(bad)).toBe(false);
  });
});
