import { describe, expect, it } from 'vitest';
import { describePackFinding, packImportChoicesSchema } from './source-packs';

describe('describePackFinding', () => {
  it('says each finding in Chinese from its code and parameters', () => {
    expect(describePackFinding({ code: 'PACK_DUPLICATE_SOURCE', params: { packSourceId: 'a', existingSourceId: 'u-src-1', title: '工作报告', withinPack: false } })).toBe(
      '来源《工作报告》已在资料库中（u-src-1），不重复导入',
    );
    expect(describePackFinding({ code: 'PACK_DUPLICATE_SOURCE', params: { packSourceId: 'b', existingSourceId: 'a', title: '副本', withinPack: true } })).toContain('与资料包中另一来源文字相同');
    expect(describePackFinding({ code: 'PACK_DUPLICATE_ITEM', params: { packItemId: 'x', existingItemId: 'u-1', subject: '地区生产总值', valueText: '1.9万亿元' } })).toBe(
      '条目“地区生产总值 1.9万亿元”已在资料库中（u-1）',
    );
    expect(
      describePackFinding({
        code: 'PACK_CONFLICT',
        params: {
          packItemId: 'x',
          packSourceId: 'a',
          metric: 'gdp',
          metricLabel: '地区生产总值',
          city: '南京',
          district: '江北新区',
          year: 2025,
          qualifier: 'actual',
          packValueText: '1.9万亿元',
          existing: [
            { id: 'u-2', valueText: '18900亿元', origin: 'user', sourceTitle: '统计公报' },
            { id: 'nj-gdp', valueText: '1.8万亿元', origin: 'bundled', sourceTitle: '示例' },
          ],
        },
      }),
    ).toBe('数值冲突：南京江北新区 2025年“地区生产总值”（实际），资料包为 1.9万亿元，资料库中为 18900亿元（《统计公报》）、1.8万亿元（内置资料）');
  });
});

describe('packImportChoicesSchema', () => {
  it('defaults to skipping conflicts and refuses unknown resolutions', () => {
    expect(packImportChoicesSchema.parse({})).toEqual({ onConflict: 'skip', resolutions: {} });
    expect(packImportChoicesSchema.safeParse({ onConflict: 'merge' }).success).toBe(false);
    expect(packImportChoicesSchema.safeParse({ resolutions: { 'u-1': 'overwrite' } }).success).toBe(false);
  });
});
