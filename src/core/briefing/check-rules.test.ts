import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../shared/briefing';
import { CHECK_RULES, proofread, type CheckRule } from '.';
import { emptyBriefing } from './fixtures.test-support';

function draft(): Briefing {
  const b = emptyBriefing();
  return {
    ...b,
    title: '',
    blocks: [
      { id: 'h1', type: 'heading', level: 2, text: '一、情况' },
      { id: 'p1', type: 'paragraph', runs: [{ text: '' }] },
    ],
  };
}

describe('校对 rules and their runner', () => {
  it('each rule has a unique id and says what it checks', () => {
    expect(new Set(CHECK_RULES.map((r) => r.id)).size).toBe(CHECK_RULES.length);
    for (const r of CHECK_RULES) expect(r.checks.length, r.id).toBeGreaterThan(3);
  });

  it('runs only the rules it is given; each rule alone gives exactly its share of the full run', () => {
    const context = { item: () => undefined, today: '2025-02-08' };
    const all = proofread(draft(), context);
    const byRule = CHECK_RULES.flatMap((r) => proofread(draft(), context, [r]));
    expect(new Set(byRule.map((i) => i.id))).toEqual(new Set(all.map((i) => i.id)));
    expect(byRule).toHaveLength(all.length);
    const skip = CHECK_RULES.find((r) => r.id === 'heading-skip')!;
    expect(proofread(draft(), context, [skip]).map((i) => i.code)).toEqual(['heading-skip']);
  });

  it('runs a stretch of block rules block by block, so issues come in document order', () => {
    const mark = (id: string): CheckRule => ({
      id,
      checks: `marks every block with ${id}`,
      scope: 'block',
      run: (block) => [{ id: `${id}:${block.id}`, code: 'empty-block', severity: 'warning', message: id, target: { kind: 'block', blockId: block.id } }],
    });
    const head: CheckRule = { id: 'head', checks: 'marks the briefing once', scope: 'briefing', run: () => [{ id: 'head', code: 'missing-title', severity: 'error', message: 'head', target: { kind: 'title' } }] };
    expect(proofread(draft(), { item: () => undefined }, [head, mark('a'), mark('b'), head]).map((i) => i.id)).toEqual(['head', 'a:h1', 'b:h1', 'a:p1', 'b:p1', 'head']);
  });
});
