import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplateJson } from '../../shared/template';
import { createBriefing } from '../briefing';
import { layoutBriefing, sourceRuns } from '.';
import { fakeFace } from './test-support';

const root = join(import.meta.dirname, '..', '..', '..');
const template = (() => {
  const parsed = parseTemplateJson(readFileSync(join(root, 'templates', 'gongzuo-jianbao.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();

describe('sourceRuns', () => {
  it('names the block of every glyph run of the body, in reading order', () => {
    const long = '我市加快建设科创金融体系，推动成果转化。'.repeat(6);
    const briefing = createBriefing({
      id: 'b',
      template: { id: template.id, version: template.version },
      title: '标题',
      today: '2025-02-12',
      meta: template.skeleton.meta,
      blocks: [
        { id: 'h1', type: 'heading', level: 1, text: '基本情况' },
        { id: 'p1', type: 'paragraph', runs: [{ text: long }] },
        { id: 'n1', type: 'note', text: '按语文字' },
      ],
    });
    const layout = layoutBriefing({ briefing, template, fonts: { chain: () => [fakeFace()] } });
    const runs = sourceRuns(layout).filter((r) => r.field === undefined);
    expect([...new Set(runs.map((r) => r.blockId))]).toEqual(['h1', 'p1', 'n1']);
    // The heading's number is drawn with it; the paragraph's glyphs are its text, across lines.
    expect(runs.filter((r) => r.blockId === 'h1').flatMap((r) => r.chars).join('')).toBe('一、基本情况');
    const para = runs.filter((r) => r.blockId === 'p1');
    expect(para.length).toBeGreaterThan(1);
    expect(para.flatMap((r) => r.chars).join('')).toBe(long);
    // Lines go down the page; glyphs go right along a line.
    for (let i = 1; i < para.length; i++) expect(para[i]!.top).toBeGreaterThan(para[i - 1]!.top);
    for (const r of para) for (let k = 1; k < r.xs.length; k++) expect(r.xs[k]!).toBeGreaterThan(r.xs[k - 1]!);
  });

  it('names the field of the title and of each masthead line, and no block for them', () => {
    const briefing = createBriefing({
      id: 'b',
      template: { id: template.id, version: template.version },
      title: '关于科创金融的情况报告',
      today: '2025-02-12',
      meta: { ...template.skeleton.meta, seriesName: '科技工作简报', issueNumber: 7, publisher: '市科技局办公室', issueDate: '2025-02-12' },
      blocks: [{ id: 'p1', type: 'paragraph', runs: [{ text: '正文。' }] }],
    });
    const layout = layoutBriefing({ briefing, template, fonts: { chain: () => [fakeFace()] } });
    const fields = sourceRuns(layout).filter((r) => r.field !== undefined);
    const text = (field: string) => fields.filter((r) => r.field === field).flatMap((r) => r.chars).join('');
    expect(text('title')).toBe('关于科创金融的情况报告');
    expect(text('seriesName')).toBe('科技工作简报');
    expect(text('issueNumber')).toContain('7');
    expect(text('publisher')).toContain('市科技局办公室');
    expect(text('issueDate')).toBe('2025年2月12日');
    expect(fields.every((r) => r.blockId === '' && r.page === 0)).toBe(true);
  });
});
