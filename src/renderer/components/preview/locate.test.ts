import { describe, expect, it } from 'vitest';
import type { PreviewSourceRun } from '../../../shared/api';
import type { Briefing } from '../../../shared/briefing';
import { alignOffset, pageOfBlock, targetAtPoint } from './locate';
import { sampleBriefing } from '../editor/test-support';

describe('preview click → block', () => {
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
    expect(targetAtPoint(twins, sources, 0, 100 + 3 * 16 + 2, 165)).toEqual({ kind: 'block', blockId: 'a', offset: 13 });
    // The same words on page 2 are the other block.
    expect(targetAtPoint(twins, sources, 1, 100 + 2 * 16 + 2, 105)).toEqual({ kind: 'block', blockId: 'b', offset: 2 });
    // After the marker: the marker's glyphs are not counted.
    expect(targetAtPoint(twins, sources, 1, 100 + 13 * 16 + 2, 105)).toEqual({ kind: 'block', blockId: 'b', offset: 10 });
    // A heading's number is drawn but is not its text.
    expect(targetAtPoint(twins, sources, 0, 100 + 4 * 16 + 2, 105)).toEqual({ kind: 'block', blockId: 'h1', offset: 2 });
    // Far from any text: nothing.
    expect(targetAtPoint(twins, sources, 0, 500, 700)).toBeNull();
  });

  it('aligns drawn glyphs with the text they come from', () => {
    expect(alignOffset('一是加强统筹。', [...'一是加'])).toBe(3);
    expect(alignOffset('基本情况', [...'一、基本'])).toBe(2);
    expect(alignOffset('A B', ['A', 'B'])).toBe(3);
  });

  it('maps a click on the title to its character and on a masthead line to its field', () => {
    const withHead: Briefing = { ...twins, title: '关于科创金融的报告' };
    const fieldRun = (field: PreviewSourceRun['field'], top: number, text: string[]): PreviewSourceRun => ({ ...glyphRun('', 0, top, text), ...(field ? { field } : {}) });
    const head = [fieldRun('seriesName', 10, [...'科技简报']), fieldRun('issueNumber', 35, [...'第7期']), fieldRun('title', 60, [...'关于科创金融']), fieldRun('title', 78, [...'的报告']), ...sources];
    // The second title line, before 报 (its 2nd glyph): 6 + 1.
    expect(targetAtPoint(withHead, head, 0, 100 + 16 + 2, 82)).toEqual({ kind: 'title', offset: 7 });
    expect(targetAtPoint(withHead, head, 0, 110, 15)).toEqual({ kind: 'meta', field: 'seriesName' });
    expect(targetAtPoint(withHead, head, 0, 110, 40)).toEqual({ kind: 'meta', field: 'issueNumber' });
  });

  it('finds the page that shows a block from the layout map, and -1 for a block not shown', () => {
    expect(pageOfBlock(sources, 'b')).toBe(1);
    expect(pageOfBlock(sources, 'a')).toBe(0);
    expect(pageOfBlock(sources, 'nope')).toBe(-1);
  });
});
