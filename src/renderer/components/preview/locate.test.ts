import { describe, expect, it } from 'vitest';
import { blockForText, lineAt, pageOfBlock } from './locate';
import { sampleBriefing } from '../editor/test-support';

const page = {
  items: [
    { str: '一、基本情况', x: 80, y: 100, w: 120, h: 16 },
    { str: '一是加强统筹。', x: 112, y: 130, w: 112, h: 16 },
    { str: '（一）主要做法', x: 80, y: 160, w: 130, h: 16 },
    { str: '优化营商', x: 112, y: 190, w: 64, h: 16 },
    { str: '环境。', x: 176, y: 190, w: 48, h: 16 },
    { str: '— 1 —', x: 300, y: 780, w: 40, h: 14 },
  ],
};

describe('preview click → block', () => {
  it('finds the line under the pointer and the block that holds it', () => {
    const b = sampleBriefing();
    const hit = lineAt(page, 150, 196);
    expect(hit).toEqual({ line: '优化营商环境。', item: '优化营商' });
    expect(blockForText(b, hit.line, hit.item)).toBe('p2');
    expect(blockForText(b, lineAt(page, 100, 105).line)).toBe('h1');
    expect(blockForText(b, lineAt(page, 120, 164).line)).toBe('h2');
  });

  it('finds nothing far from any text', () => {
    expect(lineAt(page, 500, 500).line).toBe('');
  });

  it('finds the page that shows a block', () => {
    const b = sampleBriefing();
    expect(pageOfBlock(b, 'p2', [{ items: [] }, page])).toBe(1);
    expect(pageOfBlock(b, 'nope', [page])).toBe(-1);
  });
});
