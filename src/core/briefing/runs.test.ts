import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextRun } from '../../shared/briefing';
import { applyTextChange, concatRuns, normalizeRuns, runsText, splitRuns, toggleBold, unlinkRun } from '.';

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
});

describe('runs with a linked figure (an atom: never merged, dropped or cut)', () => {
  const frozen = {
    kind: 'indicator' as const,
    city: '南京',
    subject: '技术转化率',
    quote: '技术转化率仅为28%',
    figure: { value: 28, unit: '%' },
    citation: { sourceId: 'src-3', sourceTitle: '篇', outlet: '上海证券报', date: '2025-02-08', paragraph: 12 },
  };
  const fig: TextRun = { text: '28%', link: { itemId: 'nj-ttr', frozen } };
  const runs: TextRun[] = [{ text: '转化率为' }, fig, { text: '。' }];
  const linkedTexts = (r: readonly TextRun[]) => r.filter((x) => x.link).map((x) => x.text);

  it('normalises without merging the figure into its neighbours', () => {
    expect(normalizeRuns([{ text: '为' }, fig, { text: '' }, { text: '。' }])).toEqual([{ text: '为' }, fig, { text: '。' }]);
    expect(normalizeRuns([fig, fig])).toEqual([fig, fig]);
  });

  it('typing before and after the figure keeps it linked, even where the typed digit repeats it', () => {
    expect(applyTextChange(runs, '转化率为约28%。')).toEqual([{ text: '转化率为约' }, fig, { text: '。' }]);
    expect(applyTextChange(runs, '转化率为228%。')).toEqual([{ text: '转化率为2' }, fig, { text: '。' }]);
    expect(applyTextChange(runs, '转化率为28%%。')).toEqual([{ text: '转化率为' }, fig, { text: '%。' }]);
    expect(applyTextChange(runs, '转化率为28%')).toEqual([{ text: '转化率为' }, fig]);
  });

  it('a change inside the figure unlinks the whole figure (never half a link)', () => {
    expect(applyTextChange(runs, '转化率为2x8%。')).toEqual([{ text: '转化率为2x8%。' }]);
    expect(applyTextChange(runs, '转化率为8%。')).toEqual([{ text: '转化率为8%。' }]);
  });

  it('splits after a figure when Enter falls inside it, and joins back', () => {
    const [a, b] = splitRuns(runs, 5);
    expect(a).toEqual([{ text: '转化率为' }, fig]);
    expect(b).toEqual([{ text: '。' }]);
    expect(concatRuns(a, b)).toEqual(runs);
  });

  it('bolds the whole figure when a selection touches it', () => {
    const bold = toggleBold(runs, 3, 5);
    expect(bold).toEqual([{ text: '转化率' }, { text: '为', bold: true }, { ...fig, bold: true }, { text: '。' }]);
    expect(linkedTexts(bold)).toEqual(['28%']);
  });

  it('unlinks into plain text as written', () => {
    expect(unlinkRun(runs, 1)).toEqual([{ text: '转化率为28%。' }]);
  });

  it('for any edit, the text is the new text and every remaining link is whole', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), fc.string({ maxLength: 12 }), (before, after, next) => {
        const r: TextRun[] = [{ text: before }, fig, { text: after }];
        const out = applyTextChange(r, next);
        expect(runsText(out)).toBe(next);
        for (const x of out) if (x.link) expect(x).toEqual(fig);
        const [a, b] = splitRuns(r, next.length % (runsText(r).length + 1));
        expect(concatRuns(a, b)).toEqual(normalizeRuns(r));
      }),
    );
  });
});
