import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { comparisonTable, excerptFromItem, runsText } from '../../../core/briefing';
import type { Block, Briefing } from '../../../shared/briefing';
import BlockList from './BlockList.svelte';
import { editorContext } from './context';
import { items, makeEditor, sampleBriefing, source } from './test-support';

function everyBlock(): Briefing {
  const b = sampleBriefing();
  const blocks: Block[] = [
    { id: 'h1', type: 'heading', level: 1, text: '基本情况' },
    { id: 'p1', type: 'paragraph', runs: [{ text: '一是', bold: true }, { text: '加强统筹。' }] },
    { id: 'n1', type: 'note', label: '按：', text: '此件值得一读。' },
    excerptFromItem(items[0]!, source, 'e1'),
    { ...excerptFromItem(items[1]!, source, 'e2'), mode: 'quote' as const },
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
  const dropped: [string, number][] = [];
  const view = render(BlockList, { props: { ondropitem: (id: string, index: number) => dropped.push([id, index]) }, context: editorContext(made.editor) });
  const block = (id: string) => view.container.querySelector<HTMLElement>(`[data-block-id="${id}"]`)!;
  return { ...made, view, block, dropped };
}

/** jsdom has no DragEvent: a plain event carrying what the handlers read. */
function dragEvent(type: string, dataTransfer: unknown, clientY: number): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperties(event, { dataTransfer: { value: dataTransfer }, clientY: { value: clientY } });
  return event;
}

async function type(el: HTMLTextAreaElement | HTMLInputElement, value: string) {
  el.value = value;
  await fireEvent.input(el);
  await tick();
}

describe('heading blocks', () => {
  it('show the automatic number and level, and edit text and level', async () => {
    const { editor, block } = setup();
    expect(within(block('h1')).getByTestId('heading-number').textContent).toBe('一、');
    expect(within(block('h2')).getByTestId('heading-number').textContent).toBe('（一）');
    await type(within(block('h1')).getByTestId('heading-input'), '总体情况');
    expect(editor.draft.blocks[0]).toMatchObject({ text: '总体情况' });
    await fireEvent.change(within(block('h2')).getByTestId('heading-level'), { target: { value: '1' } });
    await tick();
    expect(within(block('h2')).getByTestId('heading-number').textContent).toBe('二、');
  });
});

describe('paragraph blocks', () => {
  it('draw bold runs behind the textarea and keep them while typing', async () => {
    const { editor, block } = setup();
    const bold = block('p1').querySelector('.mirror b');
    expect(bold?.textContent).toBe('一是');
    const area = within(block('p1')).getByTestId('paragraph-input') as HTMLTextAreaElement;
    expect(area.value).toBe('一是加强统筹。');
    expect(area.classList.contains('overlay')).toBe(true);
    await type(area, '一是加强统筹，形成合力。');
    expect(editor.draft.blocks[1]).toMatchObject({ runs: [{ text: '一是', bold: true }, { text: '加强统筹，形成合力。' }] });
  });

  it('toggle bold on the selection with Ctrl+B', async () => {
    const { editor, block } = setup();
    const area = within(block('p1')).getByTestId('paragraph-input') as HTMLTextAreaElement;
    area.focus();
    area.setSelectionRange(2, 4);
    await fireEvent.keyDown(area, { key: 'b', ctrlKey: true });
    expect(editor.draft.blocks[1]).toMatchObject({ runs: [{ text: '一是加强', bold: true }, { text: '统筹。' }] });
  });

  it('split at the caret on Enter and join on Backspace at the start', async () => {
    const { editor, block } = setup();
    const area = within(block('p1')).getByTestId('paragraph-input') as HTMLTextAreaElement;
    area.focus();
    area.setSelectionRange(4, 4);
    await fireEvent.keyDown(area, { key: 'Enter' });
    await tick();
    const second = editor.draft.blocks[2]!;
    expect(second).toMatchObject({ type: 'paragraph', runs: [{ text: '统筹。' }] });
    const next = block(second.id).querySelector('textarea')!;
    next.setSelectionRange(0, 0);
    await fireEvent.keyDown(next, { key: 'Backspace' });
    expect(editor.draft.blocks[1]).toMatchObject({ runs: [{ text: '一是', bold: true }, { text: '加强统筹。' }] });
  });

  it('open the / command list, filter it, and insert the chosen block', async () => {
    const draft = { ...everyBlock(), blocks: [{ id: 'p9', type: 'paragraph' as const, runs: [{ text: '' }] }] };
    const { editor, block, view } = setup(draft);
    const area = within(block('p9')).getByTestId('paragraph-input') as HTMLTextAreaElement;
    await fireEvent.focusIn(area);
    await type(area, '/');
    expect(view.getAllByTestId('slash-option').length).toBeGreaterThan(8);
    await type(area, '/fy');
    expect(view.getAllByTestId('slash-option').map((o) => o.textContent)).toEqual([expect.stringContaining('分页符')]);
    await fireEvent.keyDown(area, { key: 'Enter' });
    expect(editor.draft.blocks).toEqual([{ id: expect.any(String), type: 'pageBreak' }]);
    // 、 from a Chinese input method works as / too; a chooser opens for tables.
    editor.undo();
    await tick();
    const again = block('p9').querySelector('textarea')!;
    await fireEvent.focusIn(again);
    await type(again, '、对比');
    await fireEvent.keyDown(again, { key: 'Enter' });
    expect(editor.chooser).toEqual({ kind: 'table', replaceId: 'p9' });
  });
});

describe('按语 blocks', () => {
  it('edit the label and the text', async () => {
    const { editor, block } = setup();
    await type(within(block('n1')).getByTestId('note-label'), '编者按：');
    await type(within(block('n1')).getByTestId('note-input'), '请各地参阅。');
    expect(editor.draft.blocks[2]).toEqual({ id: 'n1', type: 'note', label: '编者按：', text: '请各地参阅。' });
  });
});

describe('excerpt blocks', () => {
  it('show an indicator statement with its linked figure and editable wording', async () => {
    const { editor, block } = setup();
    const e1 = block('e1');
    expect(within(e1).getByTestId('figure-chip').textContent).toContain('28%');
    // Reads as the PDF prints it until the words are clicked.
    expect(within(e1).getByTestId('statement-reading').textContent).toBe('南京技术转化率仅为28%〔1〕（江苏省科技厅2023年数据）。');
    await fireEvent.click(within(e1).getByTestId('statement-edit-before'));
    expect((within(e1).getByTestId('statement-before') as HTMLTextAreaElement).value).toBe('南京技术转化率仅为');
    await type(within(e1).getByTestId('statement-before'), '南京的技术转化率只有');
    expect(editor.draft.blocks[3]).toMatchObject({ before: '南京的技术转化率只有', frozen: { figure: { value: 28, unit: '%' } } });
  });

  it('show a quote verbatim with its source marker, and unlink into plain text', async () => {
    const { editor, block } = setup();
    const e2 = block('e2');
    expect(within(e2).getByTestId('excerpt-quote').textContent).toContain('远低于杭州的45%');
    expect(e2.textContent).toContain('《杭州有DeepSeek,我们有什么?》第12段');
    await fireEvent.click(within(e2).getByTestId('excerpt-unlink'));
    expect(editor.draft.blocks[4]).toEqual({ id: 'e2', type: 'paragraph', runs: [{ text: items[1]!.quote }] });
  });
});

describe('comparison tables', () => {
  it('show library values, mark 推算 values and keep edited cells linked for 校对', async () => {
    const { editor, block } = setup();
    const t1 = block('t1');
    const cells = within(t1).getAllByTestId('table-cell') as HTMLInputElement[];
    expect(cells.map((c) => c.value)).toEqual(['28', '2800', '45', '6087', '0.62倍', '0.46倍']);
    expect(within(t1).getAllByText('推算')).toHaveLength(2);
    await type(cells[0]!, '30');
    const table = editor.draft.blocks[5] as Extract<Block, { type: 'table' }>;
    expect(table.rows[0]!.cells[0]).toEqual({ text: '30', value: 30, itemId: 'nj-ttr' });
  });
});

describe('bar charts', () => {
  it('draw the bars (推算 marked) and edit a value', async () => {
    const { editor, block } = setup();
    const svg = within(block('c1')).getByTestId('chart-svg');
    expect(svg.getAttribute('aria-label')).toBe('私募基金管理规模对比：南京2800亿元，杭州6087亿元');
    expect(svg.textContent).toContain('（推算）');
    const value = block('c1').querySelector<HTMLInputElement>('[data-field="value.0"]')!;
    await type(value, '2900');
    expect((editor.draft.blocks[6] as Extract<Block, { type: 'chart' }>).bars[0]!.value).toBe(2900);
  });
});

describe('page breaks and 附件', () => {
  it('show a page break and edit an attachment title and paragraphs', async () => {
    const { editor, block } = setup();
    expect(within(block('pb')).getByRole('separator').getAttribute('aria-label')).toContain('分页符');
    const a1 = block('a1');
    expect(a1.textContent).toContain('附件');
    await type(within(a1).getByTestId('attachment-body'), '甲\n乙\n丙');
    expect(editor.draft.blocks[8]).toEqual({ id: 'a1', type: 'attachment', title: '相关数据', paragraphs: ['甲', '乙', '丙'] });
  });
});

describe('block frame', () => {
  it('moves blocks by button and by Alt+↑/↓, and removes them, all undoable', async () => {
    const { editor, block } = setup();
    await fireEvent.click(within(block('n1')).getByTestId('block-up'));
    expect(editor.draft.blocks.map((b) => b.id).slice(0, 3)).toEqual(['h1', 'n1', 'p1']);
    await fireEvent.keyDown(within(block('p1')).getByTestId('paragraph-input'), { key: 'ArrowDown', altKey: true });
    expect(editor.draft.blocks.map((b) => b.id).slice(0, 4)).toEqual(['h1', 'n1', 'e1', 'p1']);
    await fireEvent.click(within(block('pb')).getByTestId('block-remove'));
    expect(editor.draft.blocks.some((b) => b.id === 'pb')).toBe(false);
    editor.undo();
    editor.undo();
    editor.undo();
    expect(editor.draft.blocks.map((b) => b.id)).toEqual(everyBlock().blocks.map((b) => b.id));
  });

  it('reorders by dragging a block handle onto another block', async () => {
    const { editor, block } = setup();
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k) ?? '', get types() { return [...data.keys()]; }, effectAllowed: 'move', dropEffect: 'move' };
    await fireEvent.dragStart(within(block('h2')).getByTestId('block-handle'), { dataTransfer });
    const target = block('h1');
    target.getBoundingClientRect = () => ({ top: 0, height: 100, bottom: 100, left: 0, right: 100, width: 100, x: 0, y: 0, toJSON: () => ({}) });
    await fireEvent(target, dragEvent('dragover', dataTransfer, 10));
    await fireEvent(target, dragEvent('drop', dataTransfer, 10));
    expect(editor.draft.blocks[0]!.id).toBe('h2');
  });

  it('hands library items dropped between blocks to the editor view with their position', async () => {
    const { block, dropped } = setup();
    const dataTransfer = { getData: (k: string) => (k === 'application/x-briefsmith-item' ? 'hz-ttr' : ''), types: ['application/x-briefsmith-item'], dropEffect: 'copy' };
    const target = block('p1');
    target.getBoundingClientRect = () => ({ top: 0, height: 100, bottom: 100, left: 0, right: 100, width: 100, x: 0, y: 0, toJSON: () => ({}) });
    await fireEvent(target, dragEvent('dragover', dataTransfer, 90));
    await fireEvent(target, dragEvent('drop', dataTransfer, 90));
    expect(dropped).toEqual([['hz-ttr', 2]]);
  });
});

describe('typing text', () => {
  it('keeps every character of a paragraph as typed', async () => {
    const { editor, block } = setup();
    const area = within(block('p1')).getByTestId('paragraph-input') as HTMLTextAreaElement;
    await type(area, '杭州“六小龙”集聚，研发投入强度3.85%。');
    expect(runsText((editor.draft.blocks[1] as Extract<Block, { type: 'paragraph' }>).runs)).toBe('杭州“六小龙”集聚，研发投入强度3.85%。');
  });
});

void screen;
