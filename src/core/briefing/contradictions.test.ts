import { describe, expect, it } from 'vitest';
import type { Block, Briefing } from '../../shared/briefing';
import { parseBriefing } from '../../shared/briefing';
import { applyFix, draftPlace, proofread, runsText, statementParagraph, type CheckIssue, type ProofreadContext } from '.';
import { byId, emptyBriefing, items, source } from './fixtures.test-support';

// 数字矛盾: a figure typed in the official's own words against the library's figure for the same
// metric and place. The fixtures' library: 南京 技术转化率 28% (2023), 杭州 45%; 南京 私募基金管理规模
// 2800亿元, 杭州 0.61万亿元; 杭州 全社会研发投入强度 4% (a 2025 target).

const context = (over: Partial<ProofreadContext> = {}): ProofreadContext => ({
  item: (id) => byId(id) ?? null,
  indicators: items,
  source: (id) => (id === source.id ? source : undefined),
  ...over,
});

function draft(texts: readonly string[], over: { publisher?: string; title?: string; blocks?: Block[] } = {}): Briefing {
  const b = emptyBriefing();
  return {
    ...b,
    title: over.title ?? '科技创新情况',
    meta: { ...b.meta, issueNumber: 1, publisher: over.publisher ?? '南京市发展和改革委员会' },
    blocks: [...(over.blocks ?? []), ...texts.map((text, k): Block => ({ id: `p${k + 1}`, type: 'paragraph', runs: [{ text }] }))],
  };
}

const contradictions = (b: Briefing, over: Partial<ProofreadContext> = {}): CheckIssue[] => proofread(b, context(over)).filter((i) => i.code === 'figure-contradiction');

describe('figure contradictions (校对: 数字与资料库矛盾)', () => {
  it('flags 我市技术转化率为38% in a 南京 draft: an error naming both values and the source, at the figure', () => {
    const b = draft(['我市技术转化率为38%，高于全省平均水平。']);
    const [issue, ...rest] = contradictions(b);
    expect(rest).toEqual([]);
    expect(issue!.severity).toBe('error');
    expect(issue!.message).toContain('38%');
    expect(issue!.message).toContain('28%');
    expect(issue!.message).toContain('南京技术转化率');
    expect(issue!.message).toContain(`《${source.title}》`);
    expect(issue!.target).toEqual({ kind: 'block', blockId: 'p1', field: 'text', offset: 8, length: 3 });
    // not reported a second time as a figure without a source
    expect(proofread(b, context()).filter((i) => i.code === 'figure-unsourced')).toEqual([]);
  });

  it('fixes it by putting the library figure in, linked and cited; the draft validates and the check is quiet', () => {
    const b = draft(['我市技术转化率为38%，高于全省平均水平。']);
    const [issue] = contradictions(b);
    expect(issue!.fix?.action.kind).toBe('link-figure');
    const fixed = applyFix(b, issue!.fix!.action);
    const paragraph = fixed.blocks[0]!;
    expect(paragraph.type === 'paragraph' && paragraph.runs.map((r) => [r.text, r.link?.itemId])).toEqual([
      ['我市技术转化率为', undefined],
      ['28%', 'nj-ttr'],
      ['，高于全省平均水平。', undefined],
    ]);
    expect(paragraph.type === 'paragraph' && paragraph.runs[1]!.link!.frozen.citation.sourceTitle).toBe(source.title);
    expect(parseBriefing(fixed).ok).toBe(true);
    expect(contradictions(fixed)).toEqual([]);
    // applied again (the typed text is gone), it changes nothing
    expect(applyFix(fixed, issue!.fix!.action)).toEqual(fixed);
  });

  it('flags a place named in the sentence whatever the draft is, and compares across units', () => {
    const b = draft(['杭州技术转化率为40%。', '南京私募基金管理规模为3000亿元。', '南京私募基金管理规模为0.28万亿元。', '南京私募基金管理规模为2800亿元。'], { publisher: '市委研究室' });
    const found = contradictions(b);
    expect(found.map((i) => [i.target, i.message.includes('45%')])).toEqual([
      [{ kind: 'block', blockId: 'p1', field: 'text', offset: 8, length: 3 }, true],
      [{ kind: 'block', blockId: 'p2', field: 'text', offset: 11, length: 6 }, false],
    ]);
    expect(found[1]!.message).toContain('2800亿元');
  });

  it('does not flag a figure that matches, or that matches once rounded as typed', () => {
    expect(contradictions(draft(['我市技术转化率为28%。', '南京技术转化率仅为28.0%。', '南京私募基金管理规模约为0.3万亿元。']))).toEqual([]);
  });

  it('does not flag a figure of another metric, a year, or a percentage with no metric named before it', () => {
    const texts = [
      '我市高校毕业生留在本地的比例为38%。',
      '南京技术转化率提升工作始于2019年。',
      '我市有38%的企业开展了研发活动。',
      '南京技术转化率仅为28%（江苏省科技厅2023年数据），远低于杭州的45%。',
      '我市私募基金中70%流向成熟赛道。',
    ];
    expect(contradictions(draft(texts))).toEqual([]);
  });

  it('does not flag changes, bounds, targets, other years or estimates', () => {
    const texts = [
      '我市技术转化率较上年提高5%。',
      '我市技术转化率力争达到38%。',
      '2019年我市技术转化率为20%。',
      '我市技术转化率超过20%。',
      '我市技术转化率为20%以上。',
      '我市技术转化率比杭州低17个百分点。',
    ];
    expect(contradictions(draft(texts))).toEqual([]);
  });

  it('leaves 我市 alone when the draft does not say which city it is', () => {
    // 杭州……对我市的启示: the title names the other city.
    const b = draft(['我市技术转化率为38%。'], { publisher: '市发展改革委', title: '杭州“六小龙”现象对我市的启示' });
    expect(contradictions(b)).toEqual([]);
    expect(contradictions(b, { place: '南京' })).toHaveLength(1);
  });

  it('learns what 我市 means from a linked figure the text introduces with 我市, or from a title naming one city', () => {
    const linked = statementParagraph(byId('nj-pe')!, source, 's1');
    const intro: Block = { ...linked, runs: [{ text: '截至2023年末，我市私募基金管理规模' }, ...linked.runs.filter((r) => r.link), { text: '。' }] };
    const b = draft(['我市技术转化率为38%。'], { publisher: '市发展改革委', title: '杭州“六小龙”现象对我市的启示', blocks: [intro] });
    expect(draftPlace(b, items)).toBe('南京');
    expect(contradictions(b)).toHaveLength(1);
    expect(draftPlace(draft([], { publisher: '市委研究室', title: '南京科技创新情况' }), items)).toBe('南京');
    expect(draftPlace(draft([], { publisher: '市委研究室', title: '杭州经验对我市的启示' }), items)).toBeUndefined();
  });

  it('runs only when the host passes the library', () => {
    expect(contradictions(draft(['我市技术转化率为38%。']), { indicators: undefined })).toEqual([]);
  });

  it('never reads a linked figure as typed text', () => {
    const b = draft([], { blocks: [statementParagraph(byId('nj-ttr')!, source, 's1')] });
    expect(runsText((b.blocks[0] as Extract<Block, { type: 'paragraph' }>).runs)).toContain('28%');
    expect(proofread(b, context()).filter((i) => i.code === 'figure-contradiction' || i.code === 'figure-unsourced')).toEqual([]);
  });
});
