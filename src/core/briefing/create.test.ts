import { describe, expect, it } from 'vitest';
import { parseBriefing } from '../../shared/briefing';
import { createBriefing, formatChineseDate, isoDateInChina } from '.';

describe('createBriefing', () => {
  it('creates a briefing that passes the schema', () => {
    const b = createBriefing({ id: 'd1', template: { id: 'gongzuo-jianbao', version: '1.0.0' }, today: '2025-02-08' });
    const parsed = parseBriefing(b);
    expect(parsed.ok).toBe(true);
    expect(b.meta.issueDate).toBe('2025-02-08');
  });
});

describe('dates', () => {
  it('formats ISO dates the official way, without leading zeros', () => {
    expect(formatChineseDate('2025-02-08')).toBe('2025年2月8日');
    expect(formatChineseDate('2025-12-31')).toBe('2025年12月31日');
  });
  it('takes the date in Beijing time', () => {
    expect(isoDateInChina(new Date('2025-02-07T17:00:00Z'))).toBe('2025-02-08');
    expect(isoDateInChina(new Date('2025-02-07T15:00:00Z'))).toBe('2025-02-07');
  });
});
