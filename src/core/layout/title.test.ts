import { describe, expect, it } from 'vitest';
import { FaceResolver } from '../fonts';
import { shapeText } from '.';
import { balanceTitle } from './title';
import { fakeFace } from './test-support';

const resolver = new FaceResolver(() => [fakeFace()]);
const style = { role: 'xiaobiaosong' as const, size: 22, color: '#000000', cell: 22 };

describe('balanceTitle', () => {
  it('balances a two-line title instead of filling the first line (梯形, never a short tail)', () => {
    const lines = balanceTitle(shapeText('关于进一步加快推进科技成果转化和产业化工作的实施意见', style, resolver), 20 * 22);
    expect(lines).toHaveLength(2);
    const lengths = lines.map((l) => l.atoms.length);
    expect(lengths[0]).toBeGreaterThanOrEqual(lengths[1]!);
    expect(lengths[0]! - lengths[1]!).toBeLessThanOrEqual(2);
  });
  it('centres every line', () => {
    const [line] = balanceTitle(shapeText('工作简报', style, resolver), 300);
    const first = line!.atoms[0]!;
    expect(first.x - first.atom.glyphOffset).toBeCloseTo((300 - 4 * 22) / 2, 3);
  });
});
