import { describe, expect, it } from 'vitest';
import { barChart, type LibraryItemLike } from '../../../core/briefing';
import { chartSelection } from './chart-selection';

const nj: LibraryItemLike = { id: 'nj-pe', kind: 'indicator', city: '南京', subject: '私募基金管理规模', metric: '私募基金管理规模', value: 2800, unit: '亿元', baseValue: 2.8e11, quote: 'q', sourceId: 's', paragraph: 1 };
const hzDerived: LibraryItemLike = { id: 'hz-pe-derived', kind: 'indicator', city: '杭州', subject: '私募基金管理规模', metric: '私募基金管理规模', value: 6087, unit: '亿元', baseValue: 6.087e11, quote: 'q', sourceId: 's', paragraph: 1, derived: true, operands: ['nj-pe'] };
const sh: LibraryItemLike = { id: 'sh-pe', kind: 'indicator', city: '上海', subject: '私募基金管理规模', metric: '私募基金管理规模', value: 5.1, unit: '万亿元', baseValue: 5.1e12, quote: 'q', sourceId: 's', paragraph: 1 };

describe('chartSelection', () => {
  it('finds the 推算 item of a derived bar, not the item it was computed from (杭州 6087 stays 杭州 6087)', () => {
    const { block } = barChart([nj, hzDerived], 'c1');
    expect(block.bars.map((b) => [b.label, b.value])).toEqual([
      ['南京', 2800],
      ['杭州', 6087],
    ]);
    const chosen = chartSelection(block.bars, [nj, hzDerived, sh]);
    expect(chosen).toEqual(['nj-pe', 'hz-pe-derived']);
    // Pressing 插入 unchanged rebuilds the same chart.
    const again = barChart(chosen.map((id) => [nj, hzDerived, sh].find((i) => i.id === id)!), 'c1', block.title);
    expect(again.block.bars).toEqual(block.bars);
  });

  it('keeps a bar converted to another unit (marked derived) tied to its own item', () => {
    const { block } = barChart([nj, sh], 'c2');
    expect(chartSelection(block.bars, [nj, hzDerived, sh])).toEqual(['nj-pe', 'sh-pe']);
  });
});
