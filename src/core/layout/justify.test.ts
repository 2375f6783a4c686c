import { describe, expect, it } from 'vitest';
import { FaceResolver } from '../fonts';
import { compressAdjacentPunctuation, composeParagraph, shapeText } from '.';
import { fakeFace } from './test-support';

const face = fakeFace();
const resolver = new FaceResolver(() => [face]);
const style = { role: 'fangsong' as const, size: 16, color: '#000000', cell: 15.79 };
const shape = (text: string) => shapeText(text, style, resolver);
/** The right edge of a line's last cell. */
const right = (line: { atoms: readonly { atom: { width: number; glyphOffset: number }; x: number }[] }) => {
  const last = line.atoms[line.atoms.length - 1]!;
  return last.x - last.atom.glyphOffset + last.atom.width;
};

describe('composeParagraph (justification)', () => {
  const text = '杭州提出落细“三个15%”相关科技政策，即市财政科技投入年均增长要达到15%以上，市本级每年新增财力的15%以上要用于科技投入，同时统筹现有产业政策资金当中的15%集中投向培育发展新质生产力。';
  const width = 28 * 15.79;
  const lines = composeParagraph(shape(text), { width, firstIndent: 2 * 15.79, align: 'justify' });

  it('ends every line but the last flush with the right edge', () => {
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines.slice(0, -1)) expect(right(line)).toBeCloseTo(width, 1);
    expect(right(lines[lines.length - 1]!)).toBeLessThan(width - 1);
  });
  it('indents the first line by two characters and no other', () => {
    expect(lines[0]!.atoms[0]!.x).toBeCloseTo(2 * 15.79, 0);
    for (const line of lines.slice(1)) expect(line.atoms[0]!.x).toBeCloseTo(0, 0);
  });
  it('keeps the text and its order', () => {
    expect(lines.flatMap((l) => l.atoms.map((a) => a.atom.char)).join('')).toBe(text);
  });
  it('puts no justification space inside a number', () => {
    for (const line of lines) {
      line.atoms.forEach((a, k) => {
        const next = line.atoms[k + 1];
        if (next && /\d/.test(a.atom.char) && /[\d%]/.test(next.atom.char)) expect(next.x - a.x).toBeCloseTo(a.atom.width, 3);
      });
    }
  });
  it('sets a full line of pure Chinese as exactly 28 characters on the grid', () => {
    const full = composeParagraph(shape('国'.repeat(60)), { width, align: 'justify' });
    expect(full[0]!.atoms).toHaveLength(28);
    expect(right(full[0]!)).toBeCloseTo(width, 3);
  });
  it('never leaves a single character alone on a paragraph’s last line (孤字)', () => {
    // 28 cells per line: 55 characters + 。 would leave “间。” alone on the third line.
    const runt = composeParagraph(shape(`${'国'.repeat(55)}间。`), { width, align: 'justify' });
    const lastLine = runt[runt.length - 1]!.atoms.map((a) => a.atom.char).join('');
    expect([...lastLine].filter((c) => c !== '。').length).toBeGreaterThanOrEqual(2);
    expect(runt.flatMap((l) => l.atoms.map((a) => a.atom.char)).join('')).toBe(`${'国'.repeat(55)}间。`);
    for (const line of runt.slice(0, -1)) expect(right(line)).toBeCloseTo(width, 1);
  });
  it('centres and right-aligns single lines', () => {
    const [c] = composeParagraph(shape('报头'), { width: 100, align: 'center' });
    expect(c!.atoms[0]!.x).toBeCloseTo((100 - 2 * 15.79) / 2, 0);
    const [r] = composeParagraph(shape('报头'), { width: 100, align: 'right' });
    expect(right(r!)).toBeCloseTo(100, 0);
  });
});

describe('compressAdjacentPunctuation', () => {
  it('shrinks two adjacent marks to one and a half cells', () => {
    const atoms = compressAdjacentPunctuation(shape('好。”'));
    expect(atoms[1]!.width + atoms[2]!.width).toBeCloseTo(1.5 * 15.79, 2);
    const open = compressAdjacentPunctuation(shape('（“好'));
    expect(open[0]!.width + open[1]!.width).toBeCloseTo(1.5 * 15.79, 2);
  });
  it('keeps ？ and ！ whole before another mark (FandolFang draws them mid-cell: 什么？》 collided)', () => {
    const atoms = compressAdjacentPunctuation(shape('么？》'));
    expect(atoms[1]!.width + atoms[2]!.width).toBeCloseTo(2 * 15.79, 2);
    const bang = compressAdjacentPunctuation(shape('好！”'));
    expect(bang[1]!.width + bang[2]!.width).toBeCloseTo(2 * 15.79, 2);
  });
  it('stretches the em dash glyph over its whole cell so —— reads as one line', () => {
    const [dash] = shape('—');
    expect(dash!.scaleX).toBeGreaterThan(1);
    expect(dash!.width).toBeCloseTo(15.79, 2);
  });
});
