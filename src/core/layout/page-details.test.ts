import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../shared/briefing';
import { parseTemplateJson, type Template } from '../../shared/template';
import { createBriefing } from '../briefing';
import { layoutBriefing, type LayoutInput } from '.';
import { fakeFace } from './test-support';

const root = join(import.meta.dirname, '..', '..', '..');
function template(id: string): Template {
  const parsed = parseTemplateJson(readFileSync(join(root, 'templates', `${id}.json`), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/** Every text line drawn, in order. */
function lines(t: Template, blocks: Block[], extra: Partial<LayoutInput> = {}, meta: object = {}): string[] {
  const briefing = createBriefing({
    id: 'b',
    template: { id: t.id, version: t.version },
    title: '标题',
    today: '2025-02-12',
    meta: { ...t.skeleton.meta, publisher: '市发展和改革委员会办公室', issueDate: '2025-02-12', ...meta },
    blocks,
  });
  const layout = layoutBriefing({ briefing, template: t, fonts: { chain: () => [fakeFace()] }, ...extra });
  return layout.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'text' ? [i.glyphs.map((g) => g.char).join('')] : [])));
}

const frozen = {
  kind: 'indicator' as const,
  city: '南京',
  subject: '私募基金管理规模',
  quote: '我市私募基金管理规模2800亿元。',
  figure: { value: 2800, unit: '亿元' },
  citation: { sourceId: 's1', sourceTitle: '杭州有DeepSeek,我们有什么?', outlet: '上海证券报', date: '2025-02-08', paragraph: 3 },
};

describe('charts and tables', () => {
  it('a chart prints 资料来源 once, with full-width punctuation, though its note carries one too', () => {
    const chart: Block = {
      id: 'c',
      type: 'chart',
      title: '私募基金管理规模',
      unit: '亿元',
      bars: [{ label: '南京', value: 2800, itemId: 'nj' }],
      note: '杭州按比例推算。资料来源：《杭州有DeepSeek,我们有什么?》，上海证券报，2025年2月8日，第3段。',
    };
    const excerpt: Block = { id: 'e', type: 'excerpt', itemId: 'nj', frozen };
    const text = lines(template('gongzuo-jianbao'), [excerpt, chart]).join('\n');
    const figure = text.slice(text.indexOf('南京'));
    expect(figure.match(/资料来源：《/g)?.length ?? 0).toBe(1);
    expect(text).toContain('杭州按比例推算。');
    expect(text).not.toMatch(/DeepSeek[,?]|什么\?/);
    expect(text).toContain('杭州有DeepSeek，我们有什么？');
  });

  it('a table whose columns are all data columns prints 地区 in the corner, as the editor shows it', () => {
    const table: Block = {
      id: 't',
      type: 'table',
      caption: '对比',
      columns: [{ label: '技术转化率', unit: '%' }, { label: 'GDP', unit: '万亿元' }],
      rows: [
        { label: '南京', cells: [{ text: '28' }, { text: '1.85' }] },
        { label: '杭州', cells: [{ text: '45' }, { text: '2.19' }] },
      ],
    };
    expect(lines(template('gongzuo-jianbao'), [table])).toContain('地区');
    // A table that names its label column keeps that name (城市), and no 地区 is added.
    const named: Block = { ...table, columns: [{ label: '城市' }, ...table.columns] };
    const drawn = lines(template('gongzuo-jianbao'), [named]);
    expect(drawn).toContain('城市');
    expect(drawn).not.toContain('地区');
  });
});

describe('报尾', () => {
  const p: Block = { id: 'p', type: 'paragraph', runs: [{ text: '正文。' }] };
  const tail = { distribution: { bao: ['市委办公厅'], song: [], fa: ['各区'] } };
  it('prints 共印N份 from the copies exported, over the draft’s 印数', () => {
    const t = template('gongzuo-jianbao');
    expect(lines(t, [p], { copies: 20 }, { ...tail, copies: 80 })).toContain('（共印20份）');
    expect(lines(t, [p], {}, { ...tail, copies: 80 })).toContain('（共印80份）');
    expect(lines(t, [p], {}, { ...tail, copies: null }).some((l) => l.includes('共印'))).toBe(false);
  });

  it('prints 印发日期 where the template has one, from the render options, else the issue date', () => {
    const base = template('gongzuo-jianbao');
    const t: Template = { ...base, tail: { ...base.tail, printedDateFormat: '{date}印发' } };
    expect(lines(t, [p], { printedDate: '2025-02-21' }, tail)).toContain('2025年2月21日印发');
    expect(lines(t, [p], {}, tail)).toContain('2025年2月12日印发');
  });
});
