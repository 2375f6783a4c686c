import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../shared/briefing';
import { excerptFromItem, proofread, statementParagraph, type ProofreadContext } from '.';
import { byId, emptyBriefing, source } from './fixtures.test-support';

// 校对's superseded-item rule: a draft citing a figure the library has a newer one of (same metric and place).
describe('校对: superseded library figures', () => {
  const old = byId('nj-ttr')!;
  const newer = { ...old, id: 'u-newer', year: 2025, value: 31, supersededBy: null };
  const context = (superseded: boolean): ProofreadContext => ({
    item: (id) => (id === old.id ? { ...old, supersededBy: superseded ? 'u-newer' : null } : id === 'u-newer' ? newer : null),
    today: '2025-02-08',
    suggestedIssueNumber: 4,
  });
  const briefing = (): Briefing => ({
    ...emptyBriefing(),
    blocks: [statementParagraph(old, source, 'p1'), excerptFromItem(old, source, 'x1')],
  });
  const superseded = (b: Briefing, ctx: ProofreadContext) => proofread(b, ctx).filter((i) => i.code === 'item-superseded');

  it('warns at the linked figure and at the excerpt, naming the newer figure', () => {
    const issues = superseded(briefing(), context(true));
    expect(issues.map((i) => [i.severity, i.target.kind === 'block' ? i.target.blockId : null])).toEqual([
      ['warning', 'p1'],
      ['warning', 'x1'],
    ]);
    expect(issues[0]!.message).toContain('2025年 31%');
    expect(issues[0]!.target).toMatchObject({ field: 'text', length: 3 });
  });

  it('says nothing when the item is not superseded', () => {
    expect(superseded(briefing(), context(false))).toEqual([]);
  });
});
