import { describe, expect, it } from 'vitest';
import { parseBriefing, type Briefing } from '../../shared/briefing';
import {
  createBriefing,
  emptyBlock,
  insertBlocksAfter,
  moveBlock,
  moveBlockBy,
  removeBlocks,
  setHeadingLevel,
  unlinkExcerpt,
} from '.';

function sample(): Briefing {
  const b = createBriefing({ id: 'd1', template: { id: 'gongzuo-jianbao', version: '1.0.0' }, today: '2025-02-08' });
  return {
    ...b,
    blocks: [
      { id: 'h1', type: 'heading', level: 1, text: '基本情况' },
      { id: 'p1', type: 'paragraph', runs: [{ text: '一是', bold: true }, { text: '加强统筹。' }] },
      { id: 'p2', type: 'paragraph', runs: [{ text: '二是优化服务。' }] },
    ],
  };
}

describe('block operations', () => {
  it('creates a valid empty block of every insertable type', () => {
    for (const type of ['heading', 'paragraph', 'note', 'table', 'chart', 'pageBreak', 'attachment'] as const) {
      const b = { ...sample(), blocks: [emptyBlock(type, `x-${type}`)] };
      expect(parseBriefing(b).ok, type).toBe(true);
    }
  });

  it('inserts, moves and removes immutably, sharing unchanged blocks', () => {
    const b = sample();
    const withNew = insertBlocksAfter(b, [emptyBlock('note', 'n1')], 'h1');
    expect(withNew.blocks.map((x) => x.id)).toEqual(['h1', 'n1', 'p1', 'p2']);
    expect(b.blocks.map((x) => x.id)).toEqual(['h1', 'p1', 'p2']);
    expect(withNew.blocks[2]).toBe(b.blocks[1]);
    expect(moveBlock(b, 'p2', 0).blocks.map((x) => x.id)).toEqual(['p2', 'h1', 'p1']);
    expect(moveBlockBy(b, 'p1', 1).blocks.map((x) => x.id)).toEqual(['h1', 'p2', 'p1']);
    expect(moveBlockBy(b, 'h1', -1)).toBe(b);
    expect(removeBlocks(b, ['p1']).blocks.map((x) => x.id)).toEqual(['h1', 'p2']);
  });

  it('clamps heading levels to 1–4', () => {
    expect(setHeadingLevel(sample(), 'h1', 7).blocks[0]).toMatchObject({ level: 4 });
  });

  it('unlinks an excerpt into a paragraph with the same text', () => {
    const b: Briefing = {
      ...sample(),
      blocks: [
        {
          id: 'e1',
          type: 'excerpt',
          itemId: 'hz-rd',
          frozen: {
            kind: 'indicator',
            city: '杭州',
            subject: '研发投入强度',
            quote: '杭州全社会研发投入强度3.85%',
            figure: { value: 3.85, unit: '%' },
            citation: { sourceId: 's1', sourceTitle: '篇', outlet: '上海证券报', date: '2025-02-08', paragraph: 1 },
          },
        },
      ],
    };
    expect(unlinkExcerpt(b, 'e1').blocks[0]).toEqual({ id: 'e1', type: 'paragraph', runs: [{ text: '杭州全社会研发投入强度3.85%' }] });
  });
});
