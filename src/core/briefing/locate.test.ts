import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../shared/briefing';
import { proofread } from '.';
import { emptyBriefing } from './fixtures.test-support';
import { locateCharacters } from './locate';

function draft(): Briefing {
  const b = emptyBriefing();
  return {
    ...b,
    title: '关于𰻞面的调查',
    meta: { ...b.meta, editorNote: '按：𪚥' },
    blocks: [
      { id: 'h1', type: 'heading', level: 1, text: '基本情况' },
      { id: 'p1', type: 'paragraph', runs: [{ text: '一是', bold: true }, { text: '发展𰻞面产业。' }] },
      { id: 't1', type: 'table', caption: '对比', columns: [{ label: '产量' }], rows: [{ label: '甲', cells: [{ text: '1𪚥' }] }] },
    ],
  };
}

describe('locateCharacters (where a character no font can draw sits)', () => {
  it('finds a character in the title, a metadata field, a paragraph (with its offset) and a table cell', () => {
    expect(locateCharacters(draft(), ['𰻞', '𪚥'])).toEqual([
      { char: '𰻞', field: 'title', offset: 2 },
      { char: '𰻞', blockId: 'p1', field: 'text', offset: 4 },
      { char: '𪚥', field: 'editorNote' },
      { char: '𪚥', blockId: 't1', field: 'cell.0.0', offset: 1 },
    ]);
  });

  it('gives no place to a character only the template has', () => {
    expect(locateCharacters(draft(), ['龘'])).toEqual([{ char: '龘' }]);
  });

  it('turns into 校对 issues at the exact character, one per place', () => {
    const issues = proofread(draft(), { item: () => undefined, glyphProblems: locateCharacters(draft(), ['𰻞']) }).filter((i) => i.code === 'missing-glyph');
    expect(issues.map((i) => i.target)).toEqual([
      { kind: 'title' },
      { kind: 'block', blockId: 'p1', field: 'text', offset: 4, length: 2 },
    ]);
    expect(issues[1]!.message).toContain('段落中的 “𰻞”（U+30EDE）');
  });
});
