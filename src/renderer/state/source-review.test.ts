import { describe, expect, it } from 'vitest';
import type { ReviewCandidate } from '../../shared/api';
import { SourceReviewState, acceptedOf, candidateSpan, confidenceClass, segmentParagraphs, type ReviewClient } from './source-review.svelte';

const paragraphs = ['南京市2024年工作', '全市地区生产总值达到1.85万亿元，增长4.5%。', '实施“紫金山英才计划”。'];
const base = { valueHigh: undefined, bound: null, district: null, city: '南京', year: 2024, confidence: 0.9, metric: null } as const;
const candidates: ReviewCandidate[] = [
  { ...base, id: 'c1', kind: 'indicator', quote: '全市地区生产总值达到1.85万亿元', valueText: '1.85万亿元', value: 1.85, unit: '万亿元', baseValue: 1.85e12, baseUnit: '元', qualifier: 'actual', subject: '全市地区生产总值', paragraph: 2, offset: 21, metric: 'gdp' },
  { ...base, id: 'c2', kind: 'indicator', quote: '增长4.5%', valueText: '4.5%', value: 4.5, unit: '%', baseValue: 4.5, baseUnit: '%', qualifier: 'actual', subject: '增长', paragraph: 2, offset: 99, confidence: 0.6 },
  { ...base, id: 'c3', kind: 'measure', quote: '实施“紫金山英才计划”。', valueText: null, value: null, unit: null, baseValue: null, baseUnit: null, qualifier: null, subject: '实施“紫金山英才计划”', paragraph: 3, offset: 0, confidence: 0.4 },
];
const client = (calls: unknown[] = []): ReviewClient => ({
  importSource: async () => ({ ok: true, value: { source: { title: '南京市2024年工作', publisher: '南京市人民政府', date: '2025-01-15', docNumber: null, paragraphs, fileName: 'a.txt' }, candidates, metrics: [], city: '南京' } }),
  listSources: async () => ({ ok: true, value: { sources: [], notices: [] } }),
  removeSource: async () => ({ ok: true, value: { removedItems: 0 } }),
  acceptCandidates: async (request) => {
    calls.push(request);
    return { ok: true, value: { sourceId: 'u-src-1', itemIds: ['u-1'], superseded: [] } };
  },
});

describe('source review state', () => {
  it('finds each candidate in the joined text (a figure by its offset or in its paragraph, a measure by its quote)', () => {
    const joined = paragraphs.join('\n');
    const spans = candidates.map((c) => candidateSpan(c, paragraphs));
    expect(spans.map(([a, b]) => joined.slice(a, b))).toEqual(['1.85万亿元', '4.5%', '实施“紫金山英才计划”。']);
  });

  it('segments paragraphs into plain text and marks', () => {
    const rows = candidates.map((c) => ({ candidate: c, status: 'pending' as const, edit: {} as never, span: candidateSpan(c, paragraphs) }));
    const segments = segmentParagraphs(paragraphs, rows);
    expect(segments[1]!.map((s) => [s.text, s.rowIndex])).toEqual([['全市地区生产总值达到', null], ['1.85万亿元', 0], ['，增长', null], ['4.5%', 1], ['。', null]]);
    expect(segments[2]!.map((s) => s.rowIndex)).toEqual([2]);
  });

  it('accept, reject, accept-all by class, edit; saves the accepted with the confirmed metadata, then adds to the same source', async () => {
    const calls: unknown[] = [];
    const review = new SourceReviewState(client(calls));
    await review.import();
    expect(review.phase).toBe('review');
    expect(review.outlet).toBe('南京市人民政府');
    review.accept();
    expect(review.active).toBe(1);
    review.reject();
    expect(review.rows.map((r) => r.status)).toEqual(['accepted', 'rejected', 'pending']);
    expect(confidenceClass(0.4)).toBe('low');
    review.acceptClass('low');
    expect(review.rows[2]!.status).toBe('accepted');
    review.startEdit(0);
    review.finishEdit({ ...review.rows[0]!.edit, value: 1.9, subject: '地区生产总值' });
    expect(acceptedOf(review.rows[0]!)).toMatchObject({ subject: '地区生产总值', value: 1.9, baseValue: 1.9e12, valueText: '1.85万亿元', metric: 'gdp' });
    expect(await review.save()).toBe(true);
    expect(calls[0]).toMatchObject({ source: { title: '南京市2024年工作', outlet: '南京市人民政府', date: '2025-01-15', paragraphs }, items: [{ kind: 'indicator' }, { kind: 'measure', value: null }] });
    expect(review.rows.map((r) => r.status)).toEqual(['saved', 'rejected', 'saved']);
    review.reset(1);
    review.accept(1);
    expect(await review.save()).toBe(true);
    expect(calls[1]).toMatchObject({ source: { id: 'u-src-1' }, items: [{ subject: '增长' }] });
  });

  it('will not save without an outlet or a date', async () => {
    const review = new SourceReviewState(client());
    await review.import();
    review.accept();
    review.outlet = '';
    expect(await review.save()).toBe(false);
    expect(review.error).toBe('请填写发布单位（出处）');
  });

  it('merges the selected candidates of one paragraph into one (quote joined verbatim, the figure kept), and undoes it', async () => {
    const calls: unknown[] = [];
    const review = new SourceReviewState(client(calls));
    await review.import();
    expect(review.merge()).toBe(false);
    expect(review.error).toMatch(/两条以上/);
    review.toggleSelect(0);
    review.select(1);
    expect(review.merge()).toBe(true);
    expect(review.rows).toHaveLength(2);
    const merged = review.rows[0]!;
    expect(merged.candidate).toMatchObject({ id: 'c1+c2', quote: '全市地区生产总值达到1.85万亿元，增长4.5%', valueText: '1.85万亿元', value: 1.85, metric: 'gdp', paragraph: 2 });
    expect(merged.edit.subject).toBe('全市地区生产总值');
    // both figures stay marked in the text, as one row
    const marks = segmentParagraphs(paragraphs, review.rows)[1]!.filter((seg) => seg.rowIndex !== null);
    expect(marks.map((seg) => [seg.text, seg.rowIndex])).toEqual([['1.85万亿元', 0], ['4.5%', 0]]);
    expect(review.active).toBe(0);
    expect(review.selection).toEqual([]);
    // F: the figure from the other part (4.5%), the joined quote kept; F again: back to 1.85万亿元
    expect(review.figurePart(0)?.candidate.id).toBe('c1');
    expect(review.useFigure()).toBe(true);
    expect(review.rows[0]!.candidate).toMatchObject({ id: 'c1+c2', valueText: '4.5%', value: 4.5, unit: '%', metric: null, quote: '全市地区生产总值达到1.85万亿元，增长4.5%' });
    expect(review.rows[0]!.edit.subject).toBe('增长');
    expect(review.figurePart(0)?.candidate.id).toBe('c2');
    expect(acceptedOf(review.rows[0]!)).toMatchObject({ valueText: '4.5%', value: 4.5, baseValue: 4.5, quote: '全市地区生产总值达到1.85万亿元，增长4.5%' });
    expect(review.useFigure()).toBe(true);
    expect(review.rows[0]!.candidate).toMatchObject({ valueText: '1.85万亿元', metric: 'gdp' });
    expect(review.useFigure(1)).toBe(false);
    // across paragraphs the quote could not stay verbatim: refused
    review.extendSelection(1);
    expect(review.selection).toEqual(['c1+c2', 'c3']);
    expect(review.merge()).toBe(false);
    expect(review.error).toMatch(/同一段/);
    expect(review.rows).toHaveLength(2);
    // undo brings both back where they were, unchanged
    expect(review.undoMerge()).toBe(true);
    expect(review.rows.map((r) => r.candidate.id)).toEqual(['c1', 'c2', 'c3']);
    expect(review.rows[1]!.candidate.quote).toBe('增长4.5%');
    expect(review.undoMerge()).toBe(false);
    // merged again, accepted and saved: one item with the joined quote
    review.selection = ['c1', 'c2'];
    review.merge();
    review.accept(0);
    expect(await review.save()).toBe(true);
    expect(calls[0]).toMatchObject({ items: [{ kind: 'indicator', quote: '全市地区生产总值达到1.85万亿元，增长4.5%', valueText: '1.85万亿元', value: 1.85 }] });
    expect(review.undoMerge()).toBe(false);
    expect(review.error).toMatch(/已入库/);
  });

  it('shows the import progress while the file is read, and 取消 returns to the start at once, dropping the late answer', async () => {
    let answer: (value: Awaited<ReturnType<ReviewClient['importSource']>>) => void = () => undefined;
    const cancelled: string[] = [];
    const jobs: string[] = [];
    const review = new SourceReviewState({
      ...client(),
      importSource: (request) => {
        jobs.push(request.jobId ?? '');
        return new Promise((resolve) => (answer = resolve));
      },
      getImportProgress: async () => ({ ok: true, value: { phase: 'reading', done: 3, total: 10, cancelled: false } }),
      cancelImport: async ({ jobId }) => {
        cancelled.push(jobId);
        return { ok: true, value: null };
      },
    });
    const running = review.import(undefined, 5);
    expect(review.phase).toBe('loading');
    await new Promise((r) => setTimeout(r, 30));
    expect(review.progress).toEqual({ phase: 'reading', done: 3, total: 10, cancelled: false });
    await review.cancelImport();
    expect(cancelled).toEqual(jobs);
    expect(review.phase).toBe('start');
    expect(review.progress).toBeNull();
    // the import's answer arrives after the cancel: ignored, nothing loaded
    answer(await client().importSource({}));
    await running;
    expect(review.phase).toBe('start');
    expect(review.rows).toEqual([]);
  });
});
