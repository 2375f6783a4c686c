import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../../shared/briefing';
import { sampleBriefing } from './test-support';
import { placeName } from './check-place';

function draft(): Briefing {
  return {
    ...sampleBriefing(),
    blocks: [
      { id: 'h1', type: 'heading', level: 1, text: '基本情况和主要做法' },
      { id: 'p1', type: 'paragraph', runs: [{ text: '第一段。' }] },
      { id: 'p2', type: 'paragraph', runs: [{ text: '一是', bold: true }, { text: '转化率为38%,远低于杭州。' }] },
      { id: 't1', type: 'table', caption: '对比', columns: [{ label: '产量' }], rows: [{ label: '南京', cells: [{ text: '12𪚥' }] }] },
    ],
  };
}

describe('placeName (where a 校对 issue is, from the current draft)', () => {
  it('counts paragraphs in the current document and quotes the characters the issue is about', () => {
    expect(placeName(draft(), { kind: 'block', blockId: 'p2', field: 'text', offset: 6, length: 3 })).toBe('第2段“38%”处');
    expect(placeName(draft(), { kind: 'block', blockId: 'p2' })).toBe('第2段');
    const moved = { ...draft(), blocks: [draft().blocks[2]!, ...draft().blocks.slice(0, 2)] };
    expect(placeName(moved, { kind: 'block', blockId: 'p2' })).toBe('第1段');
  });

  it('names a heading by its first words, a table by its number and row, the title and metadata by their labels', () => {
    expect(placeName(draft(), { kind: 'block', blockId: 'h1', field: 'text' })).toBe('标题“基本情况和主要做…”');
    expect(placeName(draft(), { kind: 'block', blockId: 't1', field: 'cell.0.0', offset: 2, length: 2 })).toBe('表1“南京”一行“𪚥”处');
    expect(placeName(draft(), { kind: 'title' })).toBe('标题');
    expect(placeName(draft(), { kind: 'meta', field: 'copies' })).toBe('印数');
  });

  it('says nothing for a block that is gone', () => {
    expect(placeName(draft(), { kind: 'block', blockId: 'gone' })).toBe('');
  });
});
