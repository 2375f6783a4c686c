import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextRun } from '../../shared/briefing';
import { applyTextChange, concatRuns, normalizeRuns, replaceInRuns, runsText, splitRuns, toggleBold } from '.';

const runsArb = fc.array(fc.record({ text: fc.string({ maxLength: 6 }), bold: fc.boolean() }), { maxLength: 6 }) as fc.Arbitrary<TextRun[]>;

describe('runs', () => {
  it('normalises: merges equal weights, drops empty runs, never returns []', () => {
    expect(normalizeRuns([{ text: '杭州' }, { text: '' , bold: true }, { text: '六小龙', bold: false }])).toEqual([{ text: '杭州六小龙' }]);
    expect(normalizeRuns([])).toEqual([{ text: '' }]);
  });

  it('toggles bold on a selection and back', () => {
    const bold = toggleBold([{ text: '一是加强统筹。' }], 0, 2);
    expect(bold).toEqual([{ text: '一是', bold: true }, { text: '加强统筹。' }]);
    expect(toggleBold(bold, 0, 2)).toEqual([{ text: '一是加强统筹。' }]);
    // Partly bold → all bold.
    expect(toggleBold(bold, 0, 4)).toEqual([{ text: '一是加强', bold: true }, { text: '统筹。' }]);
  });

  it('carries weights through typing: inserted text takes the weight before it', () => {
    const runs: TextRun[] = [{ text: '一是', bold: true }, { text: '加强。' }];
    expect(applyTextChange(runs, '一是要加强。')).toEqual([{ text: '一是要', bold: true }, { text: '加强。' }]);
    expect(applyTextChange(runs, '一是加强统筹。')).toEqual([{ text: '一是', bold: true }, { text: '加强统筹。' }]);
    expect(applyTextChange(runs, '是加强。')).toEqual([{ text: '是', bold: true }, { text: '加强。' }]);
    expect(applyTextChange(runs, '')).toEqual([{ text: '' }]);
  });

  it('splits and joins paragraphs without losing a character or a weight', () => {
    fc.assert(
      fc.property(runsArb, fc.nat(40), (runs, at) => {
        const text = runsText(runs);
        const offset = Math.min(at, text.length);
        const [a, b] = splitRuns(runs, offset);
        expect(runsText(a) + runsText(b)).toBe(text);
        expect(concatRuns(a, b)).toEqual(normalizeRuns(runs));
      }),
    );
  });

  it('applyTextChange always yields exactly the new text', () => {
    fc.assert(
      fc.property(runsArb, fc.string({ maxLength: 30 }), (runs, next) => {
        expect(runsText(applyTextChange(runs, next))).toBe(next);
      }),
    );
  });

  it('replaceInRuns replaces a range', () => {
    expect(replaceInRuns([{ text: 'ab', bold: true }, { text: 'cd' }], 1, 3, 'XY')).toEqual([{ text: 'aXY', bold: true }, { text: 'd' }]);
  });
});
