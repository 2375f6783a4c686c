import { describe, expect, it } from 'vitest';
import { createBriefing } from '../../core/briefing';
import type { Briefing } from '../../shared/briefing';
import { diffDigests, digestBriefing } from './block-diff';

const base: Briefing = {
  ...createBriefing({ id: 'd', template: { id: 't', version: '1.0.0' }, title: '标题', today: '2025-02-10' }),
  blocks: [
    { id: 'a', type: 'heading', level: 1, text: '一、' },
    { id: 'b', type: 'paragraph', runs: [{ text: '正文', bold: true }] },
    { id: 'c', type: 'note', text: '按语' },
  ],
};
const like = (b: Briefing) => {
  const d = digestBriefing(b);
  return { metaHash: d.metaHash, title: b.title, blocks: d.blocks };
};

describe('block diff', () => {
  it('counts added, removed and edited blocks by id, ignoring moves', () => {
    const after: Briefing = {
      ...base,
      blocks: [
        { id: 'c', type: 'note', text: '按语' },
        { id: 'b', type: 'paragraph', runs: [{ text: '正文（改）', bold: true }] },
        { id: 'd', type: 'pageBreak' },
      ],
    };
    expect(diffDigests(like(base), like(after))).toEqual({
      added: 1,
      removed: 1,
      edited: 1,
      titleChanged: false,
      metaChanged: false,
      text: '新增 1 块，删除 1 块，修改 1 块',
    });
  });

  it('does not see a change when only the key order differs', () => {
    const reordered = JSON.parse(JSON.stringify({ ...base, blocks: [base.blocks[0], { runs: [{ bold: true, text: '正文' }], type: 'paragraph', id: 'b' }, base.blocks[2]] }));
    expect(diffDigests(like(base), like(reordered)).text).toBe('内容无变化');
    expect(digestBriefing(reordered).contentHash).toBe(digestBriefing(base).contentHash);
  });

  it('reports title and masthead changes', () => {
    const after = { ...base, title: '新标题', meta: { ...base.meta, issueNumber: 4 } };
    expect(diffDigests(like(base), like(after))).toMatchObject({ titleChanged: true, metaChanged: true, text: '修改标题，修改报头或报尾信息' });
  });

  it('describes the first entry', () => {
    expect(diffDigests(null, like(base)).text).toBe('最早的记录（共 3 块）');
  });
});
