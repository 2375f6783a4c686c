import { describe, expect, it } from 'vitest';
import { FaceResolver } from '../fonts';
import { NO_LINE_END, NO_LINE_START, breakLines, breakOpportunities, shapeText } from '.';
import { fakeFace } from './test-support';

const face = fakeFace();
const resolver = new FaceResolver(() => [face]);
const style = { role: 'fangsong' as const, size: 10, color: '#000000', cell: 10 };
const atoms = (text: string) => shapeText(text, style, resolver);
/** Lines of `text` at a width of `chars` full-width characters. */
const lines = (text: string, chars: number) => {
  const a = atoms(text);
  return breakLines(a, () => chars * 10).map((l) => a.slice(l.start, l.end).map((x) => x.char).join(''));
};

describe('breakOpportunities (避头尾)', () => {
  const at = (text: string) => {
    const chars = [...text];
    const allowed = breakOpportunities(chars);
    return chars.map((c, i) => (allowed[i] ? `|${c}` : c)).join('');
  };
  it('never breaks before closing punctuation or after opening punctuation', () => {
    expect(at('我们，你们。')).toBe('我|们，|你|们。');
    expect(at('说“好”吧')).toBe('说|“好”|吧');
    expect(at('见《条例》（草案）')).toBe('见|《条|例》|（草|案）');
  });
  it('keeps —— and …… whole, but lets the pair begin a line', () => {
    expect(at('甲——乙')).toBe('甲|——|乙');
    expect(at('甲……乙')).toBe('甲|……|乙');
  });
  it('treats · and ～ as never starting a line, ～ never ending one', () => {
    expect(at('马可·波罗')).toBe('马|可·|波|罗');
    expect(at('5～10千克')).toBe('5～10千克');
  });
  it('keeps a number with its unit, and Latin words whole', () => {
    expect(at('南京1.85万亿元GDP')).toBe('南|京|1.85万亿元|GDP');
    expect(at('2025年是')).toBe('2025年|是');
    expect(at('达到15%以上')).toBe('达|到|15%|以|上');
    expect(at('DeepSeek为')).toBe('DeepSeek|为');
  });
  it('keeps 第 with the number it ordinals', () => {
    expect(at('第8年')).toBe('第8年');
  });
});

describe('breakLines', () => {
  it('fills lines to the width', () => {
    expect(lines('一二三四五六七八九十', 4)).toEqual(['一二三四', '五六七八', '九十']);
  });
  it('never starts a line with a no-start character or ends one with a no-end character', () => {
    const text = '今年以来，我市围绕“科技成果转化”薄弱环节，建立（重点）项目清单。推动——高校院所……与企业对接！';
    for (let width = 3; width <= 12; width++) {
      const out = lines(text, width);
      expect(out.join('')).toBe(text);
      out.forEach((line, i) => {
        if (i > 0) expect(NO_LINE_START.has(line[0]!) && !(line.startsWith('——') || line.startsWith('……'))).toBe(false);
        if (i < out.length - 1) expect(NO_LINE_END.has(line[line.length - 1]!)).toBe(false);
        if (i < out.length - 1) expect(line.endsWith('—') && out[i + 1]!.startsWith('—')).toBe(false);
      });
    }
  });
  it('takes a closing mark in by squeezing punctuation when it can (缩排)', () => {
    // 5 cells: 甲，乙，丙 fits exactly; the 。 would start the next line. Squeezing both ， takes it in
    // (the line's last mark is never squeezed: it must stay inside the type area).
    expect(lines('甲，乙，丙。丁', 5)).toEqual(['甲，乙，丙。', '丁']);
  });
  it('moves a character down when nothing can be squeezed (伸排)', () => {
    expect(lines('甲乙丙丁戊。己', 5)).toEqual(['甲乙丙丁', '戊。己']);
  });
  it('breaks a run longer than the line by force, always making progress', () => {
    const out = lines('12345678901234567890', 3);
    expect(out.join('')).toBe('12345678901234567890');
    for (const line of out) expect(line.length).toBeLessThanOrEqual(6);
  });
  it('handles 5,000 characters without punctuation', () => {
    const text = '国'.repeat(5000);
    const out = lines(text, 28);
    expect(out).toHaveLength(Math.ceil(5000 / 28));
    expect(out.join('')).toBe(text);
  });
  it('handles empty input', () => {
    expect(breakLines([], () => 100)).toEqual([]);
  });
});
