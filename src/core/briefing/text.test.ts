import { describe, expect, it } from 'vitest';
import type { Block } from '../../shared/briefing';
import { citationMarkers, citedSources, excerptFromItem, frozenItems, referencedItemIds, statementParagraph, blockText } from '.';
import { byId, emptyBriefing, source } from './fixtures.test-support';

const article1 = { id: 'src-1', title: 'DeepSeek为什么会出现在杭州?', outlet: '上海证券报', date: '2025年2月7日' };

describe('资料来源 numbering', () => {
  const blocks: Block[] = [
    { id: 't1', type: 'table', caption: '', columns: [{ label: '研发投入强度' }], rows: [{ label: '杭州', cells: [{ text: '4', value: 4, itemId: 'hz-rd' }] }] },
    statementParagraph(byId('nj-ttr')!, source, 'p1'),
    excerptFromItem(byId('hz-shuangpin')!, article1, 'x1'),
    statementParagraph(byId('hz-rd')!, article1, 'p2'),
    statementParagraph(byId('nj-pe')!, source, 'p3'),
  ];

  it('numbers sources by first citation in document order, linked figures, excerpts and cells alike', () => {
    // the table cites hz-rd first, whose frozen copy the paragraph p2 holds
    expect(citedSources(blocks).map((s) => [s.key, s.number, s.paragraphs])).toEqual([
      ['src-1', 1, [5, 8]],
      ['src-3', 2, [12, 14]],
    ]);
    expect([...citationMarkers(blocks)]).toEqual([
      ['src-1', 1],
      ['src-3', 2],
    ]);
  });

  it('finds frozen copies and referenced items in linked figures', () => {
    expect([...frozenItems(blocks).keys()]).toEqual(['nj-ttr', 'hz-shuangpin', 'hz-rd', 'nj-pe']);
    expect(referencedItemIds({ ...emptyBriefing(), blocks })).toEqual(['hz-rd', 'nj-ttr', 'hz-shuangpin', 'nj-pe']);
  });

  it('reads a paragraph with its linked figure as written, an excerpt as its quote', () => {
    expect(blockText(blocks[1]!)).toBe('南京技术转化率仅为28%（江苏省科技厅2023年数据）。');
    expect(blockText(blocks[2]!)).toBe('杭州经济技术开发区推行“双聘制”');
  });
});
