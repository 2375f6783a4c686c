import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../shared/briefing';
import { applyFix, blockText, comparisonTable, excerptFromItem, proofread, statementParagraph, type CheckIssue, type ProofreadContext } from '.';
import { normaliseDocNumber } from './checks';
import { byId, emptyBriefing, items, source } from './fixtures.test-support';

const context = (over: Partial<ProofreadContext> = {}): ProofreadContext => ({ item: (id) => byId(id) ?? null, today: '2025-02-08', suggestedIssueNumber: 4, ...over });

function complete(): Briefing {
  const b = emptyBriefing();
  return {
    ...b,
    title: '杭州“六小龙”现象对我市的启示',
    meta: { ...b.meta, issueNumber: 3, totalIssueNumber: 12, publisher: '市发展改革委' },
    blocks: [
      { id: 'h1', type: 'heading', level: 1, text: '基本情况' },
      statementParagraph(byId('nj-ttr')!, source, 'e1'),
      { id: 'h2', type: 'heading', level: 2, text: '主要做法' },
      { id: 'p1', type: 'paragraph', runs: [{ text: '坚持创新驱动，优化营商环境。' }] },
    ],
  };
}

const codes = (issues: CheckIssue[]) => issues.map((i) => i.code);
const fixOf = (issues: CheckIssue[], code: string) => issues.find((i) => i.code === code)?.fix?.action;

describe('校对 checks', () => {
  it('finds nothing wrong in a complete briefing', () => {
    expect(proofread(complete(), context())).toEqual([]);
  });

  it('reports a missing 期号 and date, with fixes from the series and the clock', () => {
    const b = complete();
    const issues = proofread({ ...b, meta: { ...b.meta, issueNumber: null, issueDate: null } }, context());
    expect(codes(issues)).toEqual(['missing-issue-number', 'missing-date']);
    expect(issues[0]!.fix?.label).toBe('填入第4期');
    expect(issues[1]!.fix?.label).toBe('填入今天（2025年2月8日）');
    const start: Briefing = { ...b, meta: { ...b.meta, issueNumber: null, issueDate: null } };
    const fixed = issues.reduce<Briefing>((acc, i) => applyFix(acc, i.fix!.action), start);
    expect([fixed.meta.issueNumber, fixed.meta.issueDate]).toEqual([4, '2025-02-08']);
  });

  it('reports a linked figure whose frozen copy differs from its library item, at the figure, and restores it', () => {
    const b = complete();
    const edited: Briefing = {
      ...b,
      blocks: b.blocks.map((x) =>
        x.type === 'paragraph' && x.id === 'e1' ? { ...x, runs: x.runs.map((r) => (r.link ? { text: '38%', link: { ...r.link, frozen: { ...r.link.frozen, figure: { value: 38, unit: '%' } } } } : r)) } : x,
      ),
    };
    const issues = proofread(edited, context());
    expect(codes(issues)).toEqual(['figure-mismatch']);
    expect(issues[0]!.message).toContain('38%');
    expect(issues[0]!.message).toContain('28%');
    // the offset counts the words before the figure (南京技术转化率仅为: 9 UTF-16 units)
    expect(issues[0]!.target).toEqual({ kind: 'block', blockId: 'e1', field: 'text', offset: 9, length: 3 });
    const fixed = applyFix(edited, issues[0]!.fix!.action);
    expect(blockText(fixed.blocks[1]!)).toBe('南京技术转化率仅为28%（江苏省科技厅2023年数据）。');
    expect(proofread(fixed, context())).toEqual([]);
  });

  it('reports a linked figure whose library item is gone, at the figure', () => {
    const issues = proofread(complete(), context({ item: (id) => (id === 'nj-ttr' ? null : (byId(id) ?? null)) }));
    expect(codes(issues)).toEqual(['item-missing']);
    expect(issues[0]!.target).toEqual({ kind: 'block', blockId: 'e1', field: 'text', offset: 9, length: 3 });
  });

  it('reports an excerpt whose quote or figure differs from the library and restores it', () => {
    const b = { ...complete(), blocks: [...complete().blocks, excerptFromItem(byId('nj-ttr')!, source, 'x1')] };
    const edited: Briefing = { ...b, blocks: b.blocks.map((x) => (x.type === 'excerpt' ? { ...x, frozen: { ...x.frozen, figure: { value: 38, unit: '%' } } } : x)) };
    const issues = proofread(edited, context());
    expect(codes(issues)).toEqual(['figure-mismatch']);
    expect(issues[0]!.target).toEqual({ kind: 'block', blockId: 'x1' });
    expect(proofread(applyFix(edited, issues[0]!.fix!.action), context())).toEqual([]);
  });

  it('reports a table cell edited away from the library and one with no source', () => {
    const table = comparisonTable(items, ['技术转化率'], ['南京', '杭州'], 't1');
    table.rows[0]!.cells[0] = { ...table.rows[0]!.cells[0]!, text: '30', value: 30 };
    table.rows.push({ label: '上海', cells: [{ text: '50' }] });
    const b = { ...complete(), blocks: [...complete().blocks, table] };
    const issues = proofread(b, context());
    expect(codes(issues)).toEqual(['figure-mismatch', 'figure-unsourced']);
    expect(issues[0]!.target).toEqual({ kind: 'block', blockId: 't1', field: 'cell.0.0' });
    const fixed = applyFix(b, issues[0]!.fix!.action);
    expect(fixed.blocks.at(-1)).toMatchObject({ rows: [{ cells: [{ text: '28', value: 28 }] }, {}, {}] });
  });

  it('reports a figure typed into a paragraph with no source, unless the briefing links it', () => {
    const b = complete();
    const typed = { ...b, blocks: [...b.blocks, { id: 'p2', type: 'paragraph' as const, runs: [{ text: '杭州研发投入强度达3.85%，南京技术转化率28%，2023年成立。' }] }] };
    const issues = proofread(typed, context());
    expect(codes(issues)).toEqual(['figure-unsourced']);
    expect(issues[0]!.message).toContain('3.85%');
    expect(issues[0]!.message).not.toContain('28%');
    expect(issues[0]!.target).toEqual({ kind: 'block', blockId: 'p2', field: 'text', offset: 9, length: 5 });
  });

  it('reports an empty section, an empty paragraph and skipped heading levels, with fixes', () => {
    const b = complete();
    const skipped: Briefing = {
      ...b,
      blocks: [
        { id: 'h0', type: 'heading', level: 1, text: '总体情况' },
        { id: 'h1', type: 'heading', level: 3, text: '具体做法' },
        { id: 'p0', type: 'paragraph', runs: [{ text: '' }] },
        { id: 'h2', type: 'heading', level: 1, text: '下一步' },
        { id: 'p1', type: 'paragraph', runs: [{ text: '继续推进。' }] },
      ],
    };
    const issues = proofread(skipped, context());
    expect(codes(issues)).toEqual(['heading-skip', 'empty-section', 'empty-block']);
    expect(issues[0]!.fix?.label).toBe('改为2级标题');
    const fixed = applyFix(applyFix(skipped, issues[0]!.fix!.action), fixOf(issues, 'empty-block')!);
    expect(fixed.blocks.map((x) => (x.type === 'heading' ? x.level : x.id))).toEqual([1, 2, 1, 'p1']);
  });

  it('reports ASCII punctuation in Chinese and fixes it without touching bold or numbers', () => {
    const b = complete();
    const ascii: Briefing = { ...b, blocks: [{ id: 'p1', type: 'paragraph', runs: [{ text: '一是', bold: true }, { text: '强化统筹,研发强度3.85%;' }] }] };
    const issues = proofread(ascii, context());
    expect(codes(issues)).toContain('ascii-punctuation');
    const fix = fixOf(issues, 'ascii-punctuation')!;
    const fixed = applyFix(ascii, fix);
    expect(fixed.blocks[0]).toEqual({ id: 'p1', type: 'paragraph', runs: [{ text: '一是', bold: true }, { text: '强化统筹，研发强度3.85%；' }] });
  });

  it('reports characters no font can draw, from the engine', () => {
    const issues = proofread(complete(), context({ glyphProblems: [{ char: '𰻞', blockId: 'p1' }, { char: '𪚥', blockId: 'p1' }] }));
    expect(codes(issues)).toEqual(['missing-glyph']);
    expect(issues[0]!.message).toContain('𰻞');
    expect(issues[0]!.message).toContain('U+30EDE');
    expect(issues[0]!.target).toEqual({ kind: 'block', blockId: 'p1' });
  });

  it('reports 印数 below the number of recipients and raises it', () => {
    const b = complete();
    const few: Briefing = { ...b, meta: { ...b.meta, copies: 2, distribution: { bao: ['市委办公室', '市政府办公室'], song: ['市科技局'], fa: [] } } };
    const issues = proofread(few, context());
    expect(codes(issues)).toEqual(['copies-too-few']);
    expect(applyFix(few, issues[0]!.fix!.action).meta.copies).toBe(3);
  });

  it('reports a heading typed with its own number and strips it', () => {
    const b = complete();
    const typed: Briefing = { ...b, blocks: [{ id: 'h1', type: 'heading', level: 1, text: '一、基本情况' }, ...b.blocks.slice(1)] };
    const issues = proofread(typed, context());
    expect(codes(issues)).toEqual(['typed-heading-number']);
    expect(applyFix(typed, issues[0]!.fix!.action).blocks[0]).toMatchObject({ text: '基本情况' });
  });
});

describe('发文字号 (GB/T 9704 §7.2.4)', () => {
  const withDocNumber = (docNumber: string) => {
    const b = emptyBriefing();
    return { ...b, meta: { ...b.meta, docNumber } };
  };
  it('a draft with a 发文字号 needs no 期号 (the 发文字号 takes its place in the masthead)', () => {
    const b = withDocNumber('市政办〔2025〕12号');
    const noIssue = { ...b, meta: { ...b.meta, issueNumber: null } };
    expect(proofread(noIssue, { item: () => undefined }).map((i) => i.code)).not.toContain('missing-issue-number');
    expect(proofread({ ...noIssue, meta: { ...noIssue.meta, docNumber: '' } }, { item: () => undefined }).map((i) => i.code)).toContain('missing-issue-number');
  });
  it('accepts the official form and says nothing', () => {
    expect(proofread(withDocNumber('市政办〔2025〕12号'), { item: () => undefined }).filter((i) => i.code === 'doc-number-format')).toEqual([]);
    expect(proofread(withDocNumber(''), { item: () => undefined }).filter((i) => i.code === 'doc-number-format')).toEqual([]);
  });
  it.each([
    ['市政办[2025]12号', '市政办〔2025〕12号'],
    ['市政办（2025）12号', '市政办〔2025〕12号'],
    ['市政办【2025】012号', '市政办〔2025〕12号'],
    ['市政办 〔2025〕 7号', '市政办〔2025〕7号'],
  ])('“%s” is fixed to “%s”', (typed, fixed) => {
    const found = proofread(withDocNumber(typed), { item: () => undefined }).find((i) => i.code === 'doc-number-format');
    expect(found?.severity).toBe('warning');
    expect(found?.message).toContain(fixed);
    expect(found?.target).toEqual({ kind: 'meta', field: 'docNumber' });
    const after = applyFix(withDocNumber(typed), found!.fix!.action);
    expect(after.meta.docNumber).toBe(fixed);
    expect(normaliseDocNumber(fixed)).toBe(fixed);
  });
});
