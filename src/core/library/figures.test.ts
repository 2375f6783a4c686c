import { describe, expect, it } from 'vitest';
import { figureOf, formatFigure } from '.';
import { bundledLibrary } from './test-support';

const item = (id: string) => bundledLibrary.items.find((i) => i.id === id)!;

describe('formatFigure', () => {
  it('writes numbers as statistics do: no float noise, no trailing zeros', () => {
    expect([formatFigure(28), formatFigure(1.85), formatFigure(0.1 + 0.2), formatFigure(6087), formatFigure(1.5 * 3)]).toEqual(['28', '1.85', '0.3', '6087', '4.5']);
  });
});

describe('figureOf', () => {
  it('gives an indicator’s value, unit, year and qualifier', () => {
    expect(figureOf(item('nj-gdp-2024'))).toEqual({ value: 1.85, unit: '万亿元', year: 2024, qualifier: 'actual' });
    expect(figureOf(item('nj-gdp-top10-threshold'))).toEqual({ value: 10, unit: '名', qualifier: 'threshold' });
  });

  it('gives none for a measure or an indicator without a finite value', () => {
    expect(figureOf(item('hz-etdz-dual-appointment'))).toBeUndefined();
    expect(figureOf({ ...item('nj-gdp-2024'), value: null })).toBeUndefined();
    expect(figureOf({ ...item('nj-gdp-2024'), value: Number.NaN })).toBeUndefined();
  });
});
