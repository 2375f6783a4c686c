// The body as mounted (BodyEditor in jsdom): what it draws for every kind of block (heading
// numbers and 〔n〕 markers as decorations, linked figures as atoms, tables, charts and excerpts as
// Svelte node views) and the node views' own tools, all through the one history.
import { cleanup, fireEvent, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { comparisonTable, excerptFromItem, linkedFigureRun } from '../../../core/briefing';
import type { Block, Briefing } from '../../../shared/briefing';
import { items, makeEditor, measure, mountBody, sampleBriefing, source } from './test-support';

afterEach(() => cleanup());

function everyBlock(): Briefing {
  const b = sampleBriefing();
  const blocks: Block[] = [
    { id: 'h1', type: 'heading', level: 1, text: '基本情况' },
    { id: 'p1', type: 'paragraph', runs: [{ text: '一是', bold: true }, { text: '南京技术转化率为' }, linkedFigureRun(items[0]!, undefined, source)!, { text: '。' }] },
    { id: 'n1', type: 'note', label: '按：', text: '此件值得一读。' },
    excerptFromItem(measure, source, 'e1'),
    comparisonTable(items, ['技术转化率', '私募基金管理规模'], ['南京', '杭州'], 't1', { ratioRow: true }),
    { id: 'c1', type: 'chart', title: '私募基金管理规模对比', unit: '亿元', bars: [{ label: '南京', value: 2800, itemId: 'nj-pe' }, { label: '杭州', value: 6087, itemId: 'hz-pe', derived: true }] },
    { id: 'pb', type: 'pageBreak' },
    { id: 'a1', type: 'attachment', title: '相关数据', paragraphs: ['第一段', '第二段'] },
    { id: 'h2', type: 'heading', level: 2, text: '主要做法' },
  ];
  return { ...b, blocks };
}

function setup(draft = everyBlock()) {
  const made = makeEditor(draft);
  const body = mountBody(made.editor);
  const block = (id: string) => body.view.dom.querySelector<HTMLElement>(`[data-block-id="${id}"]`)!;
  return { ...made, ...body, block };
}

async function type(el: HTMLInputElement, value: string) {
  el.value = value;
  await fireEvent.input(el);
  await tick();
}

describe('what the body draws', () => {
  it('one element per block, each with its id, in one contenteditable', () => {
    const { rendered, view } = setup();
    expect(rendered.getByTestId('body')).toBe(view.dom);
    expect(view.dom.getAttribute('contenteditable')).toBe('true');
    expect(view.dom.querySelectorAll('[contenteditable="true"]')).toHaveLength(0);
    expect([...view.dom.children].map((e) => e.getAttribute('data-block-id'))).toEqual(everyBlock().blocks.map((b) => b.id));
    expect([...view.dom.querySelectorAll('[data-testid="block"]')].map((e) => (e as HTMLElement).dataset.type)).toEqual(['excerpt', 'table', 'chart']);
  });

  it('heading numbers are decorations that follow the level, not text', async () => {
    const { editor, block } = setup();
    expect(block('h1').querySelector('.bs-num')?.textContent).toBe('一、');
    expect(block('h2').querySelector('.bs-num')?.textContent).toBe('（一）');
    expect((editor.draft.blocks[0] as Extract<Block, { type: 'heading' }>).text).toBe('基本情况');
    editor.setHeadingLevel('h2', 1);
    await tick();
    expect(block('h2').querySelector('.bs-num')?.textContent).toBe('二、');
  });

  it('a linked figure is one uneditable atom followed by its 〔n〕 source marker', () => {
    const { block } = setup();
    const figure = block('p1').querySelector<HTMLElement>('span.bs-figure')!;
    expect(figure.textContent).toBe('28%');
    expect(figure.getAttribute('contenteditable')).toBe('false');
    expect(figure.dataset.itemId).toBe('nj-ttr');
    expect(block('p1').querySelector('.bs-marker')?.textContent).toBe('〔1〕');
    expect(block('p1').querySelector('strong')?.textContent).toBe('一是');
  });

  it('an excerpt shows its quote verbatim with where it comes from, and unlinks into a paragraph', async () => {
    const { editor, block } = setup();
    const e1 = block('e1');
    expect(within(e1).getByTestId('excerpt').textContent).toContain('科技成果转化基金');
    expect(e1.textContent).toContain('《杭州有DeepSeek,我们有什么?》第20段');
    await fireEvent.click(within(e1).getByTestId('excerpt-unlink'));
    expect(editor.draft.blocks[3]).toEqual({ id: 'e1', type: 'paragraph', runs: [{ text: measure.quote }] });
    editor.undo();
    expect(editor.draft.blocks[3]!.type).toBe('excerpt');
  });

  it('a table shows library values, marks 推算 values, and keeps an edited cell linked for 校对', async () => {
    const { editor, block } = setup();
    const t1 = block('t1');
    const cells = within(t1).getAllByTestId('table-cell') as HTMLInputElement[];
    expect(cells.map((c) => c.value)).toEqual(['28', '2800', '45', '6087', '0.62倍', '0.46倍']);
    expect(within(t1).getAllByText('推算')).toHaveLength(2);
    await type(cells[0]!, '30');
    const table = editor.draft.blocks[4] as Extract<Block, { type: 'table' }>;
    expect(table.rows[0]!.cells[0]).toEqual({ text: '30', value: 30, itemId: 'nj-ttr' });
    expect(within(block('t1')).getByTestId('figure-number').textContent).toContain('表1');
  });

  it('a chart draws its bars (推算 marked) and edits a value', async () => {
    const { editor, block } = setup();
    const svg = within(block('c1')).getByTestId('chart-svg');
    expect(svg.getAttribute('aria-label')).toBe('私募基金管理规模对比：南京2800亿元，杭州6087亿元');
    expect(svg.textContent).toContain('（推算）');
    await type(block('c1').querySelector<HTMLInputElement>('[data-field="value.0"]')!, '2900');
    expect((editor.draft.blocks[5] as Extract<Block, { type: 'chart' }>).bars[0]!.value).toBe(2900);
  });

  it('a page break and an attachment with its title and paragraphs', () => {
    const { block } = setup();
    expect(block('pb').tagName).toBe('HR');
    expect(block('pb').classList.contains('bs-page-break')).toBe(true);
    expect(block('a1').querySelector('h5.bs-attachment-title')?.textContent).toBe('相关数据');
    expect([...block('a1').querySelectorAll('p.bs-attachment-para')].map((p) => p.textContent)).toEqual(['第一段', '第二段']);
  });
});

describe('node view tools', () => {
  it('move a block by its ↑ ↓ buttons and remove it, each one undo step', async () => {
    const { editor, block } = setup();
    const ids = () => editor.draft.blocks.map((b) => b.id);
    await fireEvent.click(within(block('c1')).getByRole('button', { name: '上移' }));
    expect(ids().slice(3, 6)).toEqual(['e1', 'c1', 't1']);
    await fireEvent.click(within(block('e1')).getByRole('button', { name: '下移' }));
    expect(ids().slice(2, 6)).toEqual(['n1', 'c1', 'e1', 't1']);
    await fireEvent.click(within(block('t1')).getByTestId('block-remove'));
    expect(ids()).not.toContain('t1');
    editor.undo();
    expect(ids()).toContain('t1');
    editor.undo();
    editor.undo();
    expect(ids()).toEqual(everyBlock().blocks.map((b) => b.id));
  });

  it('重新选择指标 opens the builder on the block it rebuilds', async () => {
    const { editor, block } = setup();
    await fireEvent.click(within(block('t1')).getByRole('button', { name: '重新选择指标' }));
    expect(editor.chooser).toEqual({ kind: 'table', replaceId: 't1' });
  });
});
