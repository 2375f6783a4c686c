import { describe, expect, it } from 'vitest';
import { mergeSpans, splitHighlights } from '.';

describe('splitHighlights', () => {
  it('cuts text along spans', () => {
    expect(splitHighlights('全社会研发投入强度', [[3, 7]])).toEqual([
      { text: '全社会', highlighted: false },
      { text: '研发投入', highlighted: true },
      { text: '强度', highlighted: false },
    ]);
  });

  it('merges overlapping spans and clamps out-of-range ones', () => {
    expect(splitHighlights('abcdef', [[4, 99], [0, 2], [1, 3]]).map((s) => [s.text, s.highlighted])).toEqual([
      ['abc', true],
      ['d', false],
      ['ef', true],
    ]);
  });

  it('returns the text whole without spans and never splits a surrogate pair', () => {
    expect(splitHighlights('杭州', undefined)).toEqual([{ text: '杭州', highlighted: false }]);
    const parts = splitHighlights('a😀b', [[2, 3]]);
    expect(parts.map((p) => p.text).join('')).toBe('a😀b');
    for (const p of parts) expect(p.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
  });
});

describe('mergeSpans', () => {
  it('sorts and merges touching spans', () => {
    expect(mergeSpans([[5, 6], [0, 2], [2, 3]])).toEqual([[0, 3], [5, 6]]);
  });
});
