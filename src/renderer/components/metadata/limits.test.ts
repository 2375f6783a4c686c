import { describe, expect, it } from 'vitest';
import { briefingMetaSchema } from '../../../shared/briefing';
import { isAcceptedIssueDate, listLimitsOf, maxLengthOf, rangeOf } from './limits';

describe('metadata limits come from the schema', () => {
  it('reads maximum lengths and ranges the schema enforces', () => {
    for (const field of ['seriesName', 'publisher', 'docNumber', 'classification', 'watermark'] as const) {
      const max = maxLengthOf(field);
      expect(briefingMetaSchema.shape[field].safeParse('字'.repeat(max)).success).toBe(true);
      expect(briefingMetaSchema.shape[field].safeParse('字'.repeat(max + 1)).success).toBe(false);
    }
    for (const field of ['issueNumber', 'totalIssueNumber', 'copies'] as const) {
      const { min, max } = rangeOf(field);
      expect(briefingMetaSchema.shape[field].safeParse(max).success).toBe(true);
      expect(briefingMetaSchema.shape[field].safeParse(max + 1).success).toBe(false);
      expect(briefingMetaSchema.shape[field].safeParse(min - 1).success).toBe(false);
    }
  });

  it('reads the limits of the 报/送/发 lists', () => {
    const { maxItems, maxLength } = listLimitsOf('bao');
    const dist = briefingMetaSchema.shape.distribution;
    expect(dist.safeParse({ bao: Array.from({ length: maxItems }, () => '字'.repeat(maxLength)) }).success).toBe(true);
    expect(dist.safeParse({ bao: Array.from({ length: maxItems + 1 }, () => '甲') }).success).toBe(false);
    expect(dist.safeParse({ bao: ['字'.repeat(maxLength + 1)] }).success).toBe(false);
  });

  it('accepts only four-digit years and real calendar dates', () => {
    expect(isAcceptedIssueDate('2025-02-08')).toBe(true);
    expect(isAcceptedIssueDate('102025-02-08')).toBe(false);
    expect(isAcceptedIssueDate('0999-02-08')).toBe(false);
    expect(isAcceptedIssueDate('2025-02-30')).toBe(false);
    expect(isAcceptedIssueDate('')).toBe(false);
  });
});
