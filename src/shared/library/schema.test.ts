import { describe, expect, it } from 'vitest';
import { formatIssues, toValidationIssues } from '../validation';
import { exclusionsFileSchema, itemsFileSchema, libraryItemSchema, librarySourceSchema, sourcesFileSchema } from '.';
import { fixtureIndicator, fixtureItemsFile, fixtureMeasure, fixtureSource, fixtureSourcesFile } from './test-support';

/** The Chinese messages of a failed parse, one line per issue. */
function problems(result: { success: boolean; error?: unknown }): string {
  if (result.success) return '';
  return formatIssues(toValidationIssues(result.error as Parameters<typeof toValidationIssues>[0]), 50);
}

describe('libraryItemSchema', () => {
  it('accepts a complete indicator and a measure', () => {
    expect(libraryItemSchema.safeParse(fixtureIndicator).success).toBe(true);
    expect(libraryItemSchema.safeParse(fixtureMeasure).success).toBe(true);
  });

  it('refuses an unknown city', () => {
    expect(problems(libraryItemSchema.safeParse({ ...fixtureIndicator, city: '西安' }))).toContain('city：未知城市“西安”');
  });

  it('refuses a district that does not belong to the city', () => {
    expect(problems(libraryItemSchema.safeParse({ ...fixtureIndicator, district: '萧山区' }))).toContain('不是已知的南京辖区');
  });

  it('refuses an unknown theme', () => {
    expect(problems(libraryItemSchema.safeParse({ ...fixtureIndicator, themes: ['科技成果转化', '旅游'] }))).toContain('themes[1]：未知主题“旅游”');
  });

  it('refuses an indicator without value', () => {
    const { value: _value, ...rest } = fixtureIndicator;
    expect(problems(libraryItemSchema.safeParse(rest))).toContain('指标必须有数值（value）');
  });

  it('refuses an indicator without unit', () => {
    const { unit: _unit, ...rest } = fixtureIndicator;
    expect(problems(libraryItemSchema.safeParse(rest))).toContain('指标必须有单位（unit）');
  });

  it('refuses a measure that carries a figure', () => {
    expect(problems(libraryItemSchema.safeParse({ ...fixtureMeasure, value: 0.5, unit: '天' }))).toContain('措施不应有“value”');
  });

  it('refuses unknown fields (strict)', () => {
    expect(problems(libraryItemSchema.safeParse({ ...fixtureIndicator, colour: 'red' }))).toContain('有未知字段：“colour”');
  });

  it('refuses ids that are not readable slugs', () => {
    expect(libraryItemSchema.safeParse({ ...fixtureIndicator, id: 'NJ 28%' }).success).toBe(false);
  });

  it('requires yearBasis with a year', () => {
    const { yearBasis: _basis, ...rest } = fixtureIndicator;
    expect(problems(libraryItemSchema.safeParse(rest))).toContain('须注明 yearBasis');
  });
});

describe('file schemas', () => {
  it('accept the fixtures', () => {
    expect(sourcesFileSchema.safeParse(fixtureSourcesFile()).success).toBe(true);
    expect(itemsFileSchema.safeParse(fixtureItemsFile()).success).toBe(true);
    expect(exclusionsFileSchema.safeParse({ schemaVersion: 1, exclusions: [] }).success).toBe(true);
  });

  it('refuse another schema version', () => {
    expect(itemsFileSchema.safeParse({ ...fixtureItemsFile(), schemaVersion: 2 }).success).toBe(false);
  });

  it('refuse a source date in another format', () => {
    expect(problems(librarySourceSchema.safeParse({ ...fixtureSource, date: '2025年2月8日' }))).toContain('日期格式应为');
  });

  it('refuse an exclusion without numerals', () => {
    const bad = { schemaVersion: 1, exclusions: [{ id: 'x', context: '7日', numerals: [], category: 'date', reason: '日期' }] };
    expect(exclusionsFileSchema.safeParse(bad).success).toBe(false);
  });
});
