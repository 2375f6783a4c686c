import { describe, expect, it } from 'vitest';
import { issueLabel, relativeTimeZh } from './format';

describe('relativeTimeZh', () => {
  const now = new Date(2025, 1, 8, 15, 0, 0);
  it('says 刚刚 within a minute', () => expect(relativeTimeZh(new Date(2025, 1, 8, 14, 59, 30).toISOString(), now)).toBe('刚刚'));
  it('counts minutes and hours today', () => {
    expect(relativeTimeZh(new Date(2025, 1, 8, 14, 55).toISOString(), now)).toBe('5 分钟前');
    expect(relativeTimeZh(new Date(2025, 1, 8, 12, 0).toISOString(), now)).toBe('3 小时前');
  });
  it('says 昨天 with the time for yesterday', () => expect(relativeTimeZh(new Date(2025, 1, 7, 9, 5).toISOString(), now)).toBe('昨天 09:05'));
  it('counts days within a week, then shows the date', () => {
    expect(relativeTimeZh(new Date(2025, 1, 4, 9, 0).toISOString(), now)).toBe('4 天前');
    expect(relativeTimeZh(new Date(2025, 0, 2, 9, 0).toISOString(), now)).toBe('2025年1月2日');
  });
});

describe('issueLabel', () => {
  it('labels issues', () => {
    expect(issueLabel(3)).toBe('第3期');
    expect(issueLabel(null)).toBe('未编期号');
  });
});
