import { describe, expect, it } from 'vitest';
import { blockSchema } from '../../shared/briefing';
import { buildBarChart, buildComparisonTable, metricValues } from '.';
import { bundledLibrary } from './test-support';

describe('metricValues', () => {
  it('gives 南京 28% and 杭州 45% for the shared technology-transfer metric', () => {
    const values = metricValues(bundledLibrary, 'tech-transfer-rate');
    expect(values.map((v) => [v.place, v.value, v.derived, v.qualifier])).toEqual([
      ['南京', 28, false, 'actual'],
      ['杭州', 45, false, 'comparison'],
    ]);
  });

  it('derives 杭州’s private-fund scale from 南京 2800亿元 being 46% of it', () => {
    const hz = metricValues(bundledLibrary, 'private-fund-aum').find((v) => v.place === '杭州')!;
    expect(hz).toMatchObject({ derived: true, value: 6087, text: '约6087', derivationId: 'hz-private-fund-aum-2023-derived', year: 2023 });
    expect(hz.basis).toEqual(['nj-private-fund-aum-2023', 'nj-private-fund-vs-hz-2023']);
  });

  it('derives 杭州’s GDP from 南京 1.85万亿元 plus the 3360亿元 gap', () => {
    const hz = metricValues(bundledLibrary, 'gdp').find((v) => v.place === '杭州')!;
    expect(hz).toMatchObject({ derived: true, value: 2.186, text: '2.186', unit: '万亿元' });
  });

  it('keeps districts as their own places and prefers the actual figure', () => {
    expect(metricValues(bundledLibrary, 'rd-intensity').map((v) => v.place)).toEqual(['杭州', '杭州萧山区']);
    expect(metricValues(bundledLibrary, 'gdp-rank')).toMatchObject([{ place: '南京', year: 2024, qualifier: 'actual' }]);
  });

  it('filters by year', () => {
    expect(metricValues(bundledLibrary, 'gdp', { year: 2023 })).toEqual([]);
    expect(metricValues(bundledLibrary, 'nope')).toEqual([]);
  });
});

describe('buildComparisonTable', () => {
  it('builds a valid table block with a derived ratio row', () => {
    const table = buildComparisonTable(bundledLibrary, {
      metrics: ['tech-transfer-rate', 'private-fund-aum'],
      places: ['南京', '杭州'],
      ratio: { numerator: '南京', denominator: '杭州' },
    });
    expect(blockSchema.parse({ id: 'b1', ...table })).toBeTruthy();
    expect(table.columns).toEqual([
      { label: '技术转化率', unit: '%' },
      { label: '私募基金管理规模', unit: '亿元' },
    ]);
    expect(table.rows.map((r) => [r.label, ...r.cells.map((c) => `${c.text}${c.derived ? '*' : ''}`)])).toEqual([
      ['南京', '28', '2800'],
      ['杭州', '45', '约6087（推算）*'],
      ['南京÷杭州', '62.22%（推算）*', '46%（推算）*'],
    ]);
    expect(table.rows[0]!.cells[0]).toMatchObject({ value: 28, itemId: 'nj-tech-transfer-rate-2023' });
    expect(table.note).toContain('推算：南京私募基金管理规模2800亿元除以“仅为杭州的46%”。');
    expect(table.note).toContain('资料来源：《杭州有DeepSeek,我们有什么?》');
  });

  it('shows — for a place without the figure and names targets in the note', () => {
    const table = buildComparisonTable(bundledLibrary, { metrics: ['rd-intensity', 'tech-transfer-rate'], places: ['杭州', '萧山区', '苏州'] });
    expect(table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['4', '45'],
      ['4', '—'],
      ['—', '—'],
    ]);
    expect(table.note).toContain('目标值：杭州（2025年）、杭州萧山区（2025年）。');
  });

  it('refuses an unknown metric (a bug in the caller)', () => {
    expect(() => buildComparisonTable(bundledLibrary, { metrics: ['nope'], places: ['杭州'] })).toThrow();
  });
});

describe('buildBarChart', () => {
  it('builds a valid chart block with derived bars marked', () => {
    const chart = buildBarChart(bundledLibrary, { metric: 'gdp' });
    expect(blockSchema.parse({ id: 'c1', ...chart })).toBeTruthy();
    expect(chart).toMatchObject({ title: '地区生产总值（GDP）对比', unit: '万亿元' });
    expect(chart.bars).toEqual([
      { label: '南京', value: 1.85, itemId: 'nj-gdp-2024' },
      { label: '杭州', value: 2.186, derived: true },
    ]);
  });

  it('keeps the requested places in order', () => {
    const chart = buildBarChart(bundledLibrary, { metric: 'tech-transfer-rate', places: ['杭州', '南京'], title: '技术转化率' });
    expect(chart.bars.map((b) => [b.label, b.value])).toEqual([
      ['杭州', 45],
      ['南京', 28],
    ]);
  });
});
