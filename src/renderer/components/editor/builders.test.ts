// The table and chart builders on a fake library.
import { fireEvent, render } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../shared/briefing';
import ChartBuilder from './ChartBuilder.svelte';
import { editorContext } from './context';
import type { LibraryAccess } from './library-access';
import TableBuilder from './TableBuilder.svelte';
import { items, makeEditor } from './test-support';

const library: LibraryAccess = {
  indicators: async () => items,
  items: async (ids) => ({ items: items.filter((i) => ids.includes(i.id)), missing: [] }),
  item: async (id) => ({ item: items.find((i) => i.id === id)!, source: undefined }),
  sources: async () => new Map([['src-3', { id: 'src-3', title: '杭州有DeepSeek,我们有什么?', outlet: '上海证券报', date: '2025年2月8日' }]]),
};
const settle = () => new Promise((r) => setTimeout(r, 5));

describe('table builder', () => {
  it('builds a 对比表 from chosen metrics and places, previewed before inserting', async () => {
    const { editor } = makeEditor();
    // The caret in the last paragraph: the table goes after it.
    editor.requestFocus({ blockId: 'p2', field: 'text' });
    let closed = false;
    const view = render(TableBuilder, { props: { onclose: () => (closed = true), library }, context: editorContext(editor) });
    await settle();
    await fireEvent.click(view.container.querySelector('[data-metric="技术转化率"]')!);
    await fireEvent.click(view.container.querySelector('[data-metric="私募基金管理规模"]')!);
    await tick();
    const places = [...view.container.querySelectorAll<HTMLInputElement>('[data-testid="table-place"]')].map((p) => [p.dataset.place, p.checked]);
    expect(places).toEqual([['南京', true], ['杭州', true]]);
    await fireEvent.click(view.getByTestId('table-ratio'));
    expect(view.getByTestId('table-builder-preview').textContent).toContain('南京为杭州的倍数');
    await fireEvent.click(view.getByTestId('table-insert'));
    expect(closed).toBe(true);
    const table = editor.draft.blocks[4] as Extract<Block, { type: 'table' }>;
    expect(table.type).toBe('table');
    expect(table.columns.map((c) => c.label)).toEqual(['技术转化率', '私募基金管理规模']);
    expect(table.rows.map((r) => r.label)).toEqual(['南京', '杭州', '南京为杭州的倍数']);
    expect(table.note).toContain('资料来源：《杭州有DeepSeek,我们有什么?》，上海证券报，2025年2月8日，第12、14段。');
    // One undo step takes the table back out.
    editor.undo();
    expect(editor.draft.blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'heading', 'paragraph']);
  });

  it('filters metrics by what is typed', async () => {
    const { editor } = makeEditor();
    const view = render(TableBuilder, { props: { onclose: () => undefined, library }, context: editorContext(editor) });
    await settle();
    const filter = view.getByTestId('table-metric-filter') as HTMLInputElement;
    filter.value = '私募';
    await fireEvent.input(filter);
    expect([...view.container.querySelectorAll<HTMLElement>('[data-testid="table-metric"]')].map((e) => e.dataset.metric)).toEqual(['私募基金管理规模']);
  });
});

describe('chart builder', () => {
  it('draws the chosen indicators and inserts a 柱状图', async () => {
    const { editor } = makeEditor();
    const view = render(ChartBuilder, { props: { onclose: () => undefined, library }, context: editorContext(editor) });
    await settle();
    await fireEvent.click(view.container.querySelector('[data-item="nj-pe"]')!);
    await fireEvent.click(view.container.querySelector('[data-item="hz-pe"]')!);
    await tick();
    expect(view.getByTestId('chart-builder-preview').textContent).toContain('2800亿元');
    await fireEvent.click(view.getByTestId('chart-insert'));
    const chart = editor.draft.blocks.find((b) => b.type === 'chart') as Extract<Block, { type: 'chart' }>;
    expect(chart).toMatchObject({ title: '私募基金管理规模对比', unit: '亿元', bars: [{ label: '南京', value: 2800, itemId: 'nj-pe' }, { label: '杭州', value: 6087, itemId: 'hz-pe' }] });
  });
});
