import { describe, expect, it } from 'vitest';
import { draftMethods, formatRelativeTime, isoToEpochMs, matchesDraftText, queryDrafts, type DraftSummary } from './drafts';

const row = (id: string, title: string, updatedAt: string, issueNumber: number | null = null, templateId = 'gongzuo-jianbao'): DraftSummary => ({
  id,
  title,
  seriesName: '工作简报',
  issueNumber,
  templateId,
  updatedAt,
  createdAt: '2025-01-01T00:00:00.000Z',
  revision: 1,
  blockCount: 0,
  unsaved: false,
  readOnly: false,
});

const rows = [
  row('a', '营商环境简报', '2025-02-10T01:00:00.000Z', 3),
  row('b', '经济运行分析', '2025-02-10T03:00:00.000Z', 12, 'canyue'),
  row('c', '安全生产通报', '2025-02-09T03:00:00.000Z', null),
];

describe('drafts list helpers', () => {
  it('sorts by last edit, newest first, by default', () => {
    expect(queryDrafts(rows).map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });
  it('searches title, series, 第N期 and template, all words', () => {
    expect(queryDrafts(rows, { text: '简报' }).map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);
    expect(queryDrafts(rows, { text: '第12期' }).map((r) => r.id)).toEqual(['b']);
    expect(queryDrafts(rows, { text: '经济 分析' }).map((r) => r.id)).toEqual(['b']);
    expect(queryDrafts(rows, { text: '经济 营商' })).toEqual([]);
    expect(matchesDraftText(rows[0]!, 'ＡＢＣ')).toBe(false);
  });
  it('filters by template and sorts by title (pinyin) or 期号', () => {
    expect(queryDrafts(rows, { templateId: 'canyue' }).map((r) => r.id)).toEqual(['b']);
    expect(queryDrafts(rows, { sort: 'title' }).map((r) => r.title)).toEqual(['安全生产通报', '经济运行分析', '营商环境简报']);
    expect(queryDrafts(rows, { sort: 'issueNumber' }).map((r) => r.issueNumber)).toEqual([12, 3, null]);
  });
  it('does not modify its input', () => {
    const copy = [...rows];
    queryDrafts(rows, { sort: 'title' });
    expect(rows).toEqual(copy);
  });
});

describe('relative time in Chinese', () => {
  const now = '2025-02-10T06:00:00.000Z'; // 14:00 Beijing
  it.each([
    ['2025-02-10T05:59:30.000Z', '刚刚'],
    ['2025-02-10T05:55:00.000Z', '5 分钟前'],
    ['2025-02-10T02:00:00.000Z', '4 小时前'],
    ['2025-02-09T06:05:00.000Z', '昨天 14:05'],
    ['2025-02-06T06:00:00.000Z', '4 天前'],
    ['2025-01-03T06:00:00.000Z', '2025年1月3日'],
  ])('%s → %s', (iso, text) => {
    expect(formatRelativeTime(iso, now)).toBe(text);
  });
  it('parses ISO times with offsets', () => {
    expect(isoToEpochMs('2025-02-10T14:00:00+08:00')).toBe(isoToEpochMs('2025-02-10T06:00:00.000Z'));
    expect(isoToEpochMs('2025-02-10T06:00:00.000Z')).toBe(Date.UTC(2025, 1, 10, 6));
    expect(Number.isNaN(isoToEpochMs('yesterday'))).toBe(true);
  });
});

describe('draft method contract', () => {
  it('keeps the five original channels', () => {
    expect([draftMethods.listDrafts, draftMethods.createDraft, draftMethods.getDraft, draftMethods.saveDraft, draftMethods.deleteDraft].map((m) => m.channel)).toEqual([
      'draft:list',
      'draft:create',
      'draft:get',
      'draft:save',
      'draft:delete',
    ]);
  });
  it('validates requests strictly', () => {
    expect(draftMethods.renameDraft.request.safeParse({ id: 'a', title: 'x', extra: 1 }).success).toBe(false);
    expect(draftMethods.createVersion.request.safeParse({ id: 'a', name: '   ' }).success).toBe(false);
    expect(draftMethods.restoreVersion.request.safeParse({ id: '../x', snapshotId: 'a' }).success).toBe(false);
    expect(draftMethods.listDrafts.request.safeParse({}).success).toBe(true);
    expect(draftMethods.listDrafts.request.safeParse({ query: { sort: 'random' } }).success).toBe(false);
  });
});
