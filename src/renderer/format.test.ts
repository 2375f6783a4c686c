import { describe, expect, it } from 'vitest';
import { clockTime, dayLabelZh, issueLabel, purgeCountdownZh, relativeTimeZh, fileNameOf } from './format';

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

describe('history and trash labels', () => {
  const now = new Date(2025, 1, 8, 15, 0, 0);
  it('formats clock times and day headings', () => {
    expect(clockTime(new Date(2025, 1, 8, 9, 5, 7).toISOString())).toBe('09:05');
    expect(clockTime(new Date(2025, 1, 8, 9, 5, 7).toISOString(), true)).toBe('09:05:07');
    expect(dayLabelZh(new Date(2025, 1, 8, 1, 0).toISOString(), now)).toBe('今天');
    expect(dayLabelZh(new Date(2025, 1, 7, 23, 0).toISOString(), now)).toBe('昨天');
    expect(dayLabelZh(new Date(2025, 0, 30, 9, 0).toISOString(), now)).toBe('1月30日');
    expect(dayLabelZh(new Date(2024, 11, 31, 9, 0).toISOString(), now)).toBe('2024年12月31日');
  });
  it('counts down the days a trashed draft has left', () => {
    expect(purgeCountdownZh(new Date(2025, 2, 10, 15, 0).toISOString(), now)).toBe('30 天后永久删除');
    expect(purgeCountdownZh(new Date(2025, 1, 8, 20, 0).toISOString(), now)).toBe('不到 1 天后永久删除');
    expect(purgeCountdownZh(new Date(2025, 1, 8, 14, 0).toISOString(), now)).toBe('即将永久删除');
  });
});

describe('fileNameOf', () => {
  it('takes the last part of a path with either separator', () => {
    expect(fileNameOf('/out/工作简报.docx')).toBe('工作简报.docx');
    expect(fileNameOf('C:\\导出\\登记表.csv')).toBe('登记表.csv');
    expect(fileNameOf('简报.pdf')).toBe('简报.pdf');
  });
});
