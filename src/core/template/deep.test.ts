import { describe, expect, it } from 'vitest';
import { checkTemplate, parseTemplateSource, type TemplateLoader } from '.';

const arrays = (n: number) => `{\n  "id": "deep",\n  "page": ${'['.repeat(n)}${']'.repeat(n)}\n}`;
const objects = (n: number) => `{\n  "id": "deep",\n  "page": ${'{"a":'.repeat(n)}1${'}'.repeat(n)}\n}`;

describe('deeply nested templates', () => {
  it('gives a located too-deep error for 1,600 arrays instead of overflowing the stack', () => {
    const { report } = checkTemplate({ file: 'deep.json', text: arrays(1600) });
    expect(report.ok).toBe(false);
    expect(report.issues).toEqual([expect.objectContaining({ code: 'too-deep', file: 'deep.json', line: 3, column: 11 + 63 })]);
    expect(report.issues[0]!.message).toMatch(/^模板第 3 行第 74 列：数组和对象嵌套超过 64 层/);
  });

  it('gives the same for 3,000 objects and for 200,000 arrays', () => {
    for (const text of [objects(3000), arrays(200_000)]) {
      const started = performance.now();
      const { report } = checkTemplate({ file: 'deep.json', text });
      expect(report.issues.map((i) => i.code)).toEqual(['too-deep']);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it('reports a deep base reached through extends, in the base file', () => {
    const loader: TemplateLoader = {
      load: () => ({ ok: true, file: '/t/base.json', text: arrays(5000) }),
      knownIds: () => [],
    };
    const { report } = checkTemplate({ file: '/t/child.json', text: '{"extends": "./base.json", "id": "child", "name": "子", "version": "1.0.0"}', loader });
    expect(report.issues).toEqual([expect.objectContaining({ code: 'too-deep', file: '/t/base.json', line: 3 })]);
  });

  it('parses ordinary nesting as before', () => {
    expect(parseTemplateSource('ok.json', '{"a": [[{"b": [1]}]]}').issues).toEqual([]);
  });
});
