import { describe, expect, it } from 'vitest';
import type { PreviewSourceRun } from '../../../shared/api';
import type { Briefing } from '../../../shared/briefing';
import { alignOffset, caretAtPoint, lineAt, pageOfBlock } from './locate';
import { sampleBriefing } from '../editor/test-support';

const page = {
  items: [
    { str: '一、基本情况', x: 80, y: 100, w: 120, h: 16 },
    { str: '一是加强统筹。', x: 112, y: 130, w: 112, h: 16 },
    { str: '（一）主要做法', x: 80, y: 160, w: 130, h: 16 },
    { str: '优化营商', x: 112, y: 190, w: 64, h: 16 },
    { str: '环境。', x: 176, y: 190, w: 48, h: 16 },
    { str: '— 1 —', x: 300, y: 780, w: 40, h: 14 },
  ],
};

describe('preview click → block', () => {
  it('finds the line of text under the pointer (for the title and masthead)', () => {
    expect(lineAt(page, 150, 196)).toEqual({ line: '优化营商环境。', item: '优化营商' });
  });

  // Two paragraphs with the same words: matching text could not tell them apart; ids can.
  const twins: Briefing = {
    ...sampleBriefing(),
    blocks: [
      { id: 'h1', type: 'heading', level: 1, text: '基本情况' },
      { id: 'a', type: 'paragraph', runs: [{ text: '技术转化率为28%，远低于杭州。' }] },
      { id: 'b', type: 'paragraph', runs: [{ text: '技术转化率为' }, { text: '28%', link: { itemId: 'nj', frozen: { kind: 'indicator', city: '南京', subject: '技术转化率', quote: 'q', figure: { value: 28, unit: '%' }, citation: { sourceId: 's', sourceTitle: 't', outlet: 'o', date: '2025-02-08', paragraph: 1 } } } }, { text: '，远低于杭州。' }] },
    ],
  };
  const glyphRun = (blockId: string, page: number, top: number, text: string[]): PreviewSourceRun => ({ page, blockId, top, bottom: top + 16, chars: text, xs: text.map((_, i) => 100 + i * 16), size: 16 });
  const sources: PreviewSourceRun[] = [
    glyphRun('h1', 0, 100, [...'一、基本情况']),
    glyphRun('a', 0, 130, [...'技术转化率为28%，']),
    glyphRun('a', 0, 160, [...'远低于杭州。']),
    // the linked figure is followed by its marker 〔1〕, which is not text of the block
    glyphRun('b', 1, 100, [...'技术转化率为28%', '〔', '1', '〕', ...'，远低于杭州。']),
  ];

  it('puts the caret at the character clicked, by block id from the layout', () => {
    // Second line of a, before 杭 (the 4th glyph): offset = first line (10 chars) + 3.
    expect(caretAtPoint(twins, sources, 0, 100 + 3 * 16 + 2, 165)).toEqual({ blockId: 'a', offset: 13 });
    // The same words on page 2 are the other block.
    expect(caretAtPoint(twins, sources, 1, 100 + 2 * 16 + 2, 105)).toEqual({ blockId: 'b', offset: 2 });
    // After the marker: the marker's glyphs are not counted.
    expect(caretAtPoint(twins, sources, 1, 100 + 13 * 16 + 2, 105)).toEqual({ blockId: 'b', offset: 10 });
    // A heading's number is drawn but is not its text.
    expect(caretAtPoint(twins, sources, 0, 100 + 4 * 16 + 2, 105)).toEqual({ blockId: 'h1', offset: 2 });
    // Far from any text: nothing.
    expect(caretAtPoint(twins, sources, 0, 500, 700)).toBeNull();
  });

  it('aligns drawn glyphs with the text they come from', () => {
    expect(alignOffset('一是加强统筹。', [...'一是加'])).toBe(3);
    expect(alignOffset('基本情况', [...'一、基本'])).toBe(2);
    expect(alignOffset('A B', ['A', 'B'])).toBe(3);
  });

  it('finds nothing far from any text', () => {
    expect(lineAt(page, 500, 500).line).toBe('');
  });

  it('finds the page that shows a block', () => {
    const b = sampleBriefing();
    expect(pageOfBlock(b, 'p2', [{ items: [] }, page])).toBe(1);
    expect(pageOfBlock(b, 'nope', [page])).toBe(-1);
  });
});
