// The library panel in jsdom on the real bundled library and the real core search; only the API
// transport is faked (it hands over resources/library as the main process would).
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LibraryCatalog, LibraryItem, LibrarySource } from '../../../shared/library';
import { fail, ok } from '../../../shared/errors';
import { LibraryState, resetLibraryCache, type LibraryClient } from '../../state/library.svelte';
import itemsText from '../../../../resources/library/items.json?raw';
import sourcesText from '../../../../resources/library/sources.json?raw';
import LibraryPanel from './LibraryPanel.svelte';

// The bundled data as text (Vite ?raw), so this test needs no Node types in the web tsconfig.
const itemsFile = JSON.parse(itemsText) as Omit<LibraryCatalog, 'sources'>;
const sourcesFile = JSON.parse(sourcesText) as { sources: LibrarySource[] };
const catalog: LibraryCatalog = {
  items: itemsFile.items,
  metrics: itemsFile.metrics,
  derivations: itemsFile.derivations,
  sources: sourcesFile.sources.map(({ paragraphs: _p, ...summary }) => summary),
};
const byId = new Map(catalog.items.map((i) => [i.id, i]));

function fakeClient(overrides: Partial<LibraryClient> = {}) {
  const calls: string[] = [];
  const client: LibraryClient = {
    async listLibraryItems() {
      calls.push('list');
      return ok(structuredClone(catalog) as LibraryCatalog);
    },
    async getLibrarySource({ id }) {
      calls.push(`source:${id}`);
      const source = sourcesFile.sources.find((s) => s.id === id);
      return source ? ok(source) : fail('LIBRARY_ITEM_NOT_FOUND');
    },
    ...overrides,
  };
  return { client, calls };
}

async function renderPanel(options: { client?: LibraryClient; onescape?: () => void } = {}) {
  const { client, calls } = options.client ? { client: options.client, calls: [] } : fakeClient();
  const oninsert = vi.fn();
  const library = new LibraryState(client);
  render(LibraryPanel, { props: { oninsert, library, ...(options.onescape ? { onescape: options.onescape } : {}) } });
  await screen.findByTestId('library-results');
  return { oninsert, library, calls, search: screen.getByTestId<HTMLInputElement>('library-search') };
}

const hitIds = () => screen.getAllByTestId('library-hit').map((h) => h.dataset.itemId!);
const hitItems = () => hitIds().map((id) => byId.get(id)!);
const activeId = () => screen.getAllByTestId('library-hit').find((h) => h.getAttribute('aria-selected') === 'true')?.dataset.itemId;

async function type(search: HTMLInputElement, text: string) {
  await fireEvent.input(search, { target: { value: text } });
}

beforeEach(() => resetLibraryCache());

describe('library panel: search', () => {
  it('lists the whole library before a query is typed', async () => {
    await renderPanel();
    expect(hitIds()).toHaveLength(catalog.items.length);
    expect(screen.getByTestId('library-count').textContent).toContain(`全部 ${catalog.items.length} 条`);
  });

  it('finds 研发投入 and highlights the spans the search returns', async () => {
    const { search } = await renderPanel();
    await type(search, '研发投入');
    const items = hitItems();
    expect(items.length).toBeGreaterThan(0);
    expect(screen.getByTestId('library-count').textContent).toContain(`找到 ${items.length} 条`);
    // phrase matches rank first, and every phrase hit has 研发投入 marked somewhere in its row
    // (in its name, subject or quote, or as a matched theme)
    const first = screen.getAllByTestId('library-hit')[0]!;
    expect(first.dataset.match).toBe('phrase');
    const phraseRows = screen.getAllByTestId('library-hit').filter((h) => h.dataset.match === 'phrase');
    for (const row of phraseRows) {
      const marked = [...row.querySelectorAll('mark')].map((m) => m.textContent).join('|');
      expect(marked, row.dataset.itemId).toMatch(/研发投入|研发|投入/);
    }
    expect([...first.querySelectorAll('mark')].some((m) => m.textContent === '研发投入')).toBe(true);
    // an indicator of the right city is found: 杭州 全社会研发投入强度
    expect(items.some((i) => i.city === '杭州' && i.kind === 'indicator' && i.subject.includes('研发投入强度'))).toBe(true);
  });

  it('finds 杭州’s 人才 items by pinyin initials (hzrc) and by full pinyin', async () => {
    const { search } = await renderPanel();
    await type(search, 'hzrc');
    const initials = hitItems();
    expect(initials.length).toBeGreaterThan(3);
    for (const item of initials) expect(item.city, item.id).toBe('杭州');
    expect(initials.filter((i) => i.themes.includes('人才')).length).toBeGreaterThan(3);
    expect(initials.some((i) => i.name === '人才码')).toBe(true);
    expect(screen.getAllByTestId('library-hit')[0]!.querySelector('mark')).not.toBeNull();
    await type(search, 'hangzhou rencai');
    const full = hitItems();
    expect(full.length).toBeGreaterThan(3);
    for (const item of full) expect(item.city).toBe('杭州');
  });

  it('says so in Chinese when nothing matches, for any input (regex characters, emoji, 10,000 characters)', async () => {
    const { search } = await renderPanel();
    for (const text of ['.*[(', '🐉🐉', '上海自贸区外高桥', 'x'.repeat(10_000)]) {
      await type(search, text);
      expect(screen.queryAllByTestId('library-hit'), text.slice(0, 10)).toHaveLength(0);
      expect(screen.getByTestId('library-count').textContent).toContain('没有找到');
    }
    expect(screen.getByTestId('library-count').textContent).toContain('查询过长');
  });
});

describe('library panel: filters', () => {
  it('shows chips with counts and filters by city, then by kind', async () => {
    const { search } = await renderPanel();
    await type(search, '人才');
    const total = hitIds().length;
    await fireEvent.click(screen.getByTestId('facet-tab-city'));
    const chips = within(screen.getByTestId('facet-chips')).getAllByTestId('chip');
    const hangzhou = chips.find((c) => c.dataset.value === '杭州')!;
    const count = Number(hangzhou.querySelector('.count')!.textContent);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(total);
    await fireEvent.click(hangzhou);
    expect(hitIds()).toHaveLength(count);
    for (const item of hitItems()) expect(item.city).toBe('杭州');
    expect(screen.getByTestId('facet-tab-city').textContent).toContain('1');

    await fireEvent.click(screen.getByTestId('facet-tab-kind'));
    const indicator = within(screen.getByTestId('facet-chips')).getAllByTestId('chip').find((c) => c.dataset.value === 'indicator')!;
    expect(indicator.textContent).toContain('指标');
    const indicators = Number(indicator.querySelector('.count')!.textContent);
    await fireEvent.click(indicator);
    expect(hitIds()).toHaveLength(indicators);
    for (const item of hitItems()) expect([item.city, item.kind]).toEqual(['杭州', 'indicator']);

    // the active filters are listed and can be removed one by one or all at once
    expect(screen.getAllByTestId('active-filter').map((p) => p.textContent?.replace('×', '').replace('（取消）', ''))).toEqual(['杭州', '指标']);
    await fireEvent.click(screen.getByRole('button', { name: '清除筛选' }));
    expect(hitIds()).toHaveLength(total);
  });
});

describe('library panel: detail and insertion', () => {
  it('shows the figure, the quote inside its source paragraph and the citation', async () => {
    const { search } = await renderPanel();
    await type(search, '研发投入强度');
    const id = activeId()!;
    const item = byId.get(id)!;
    const source = sourcesFile.sources.find((s) => s.id === item.sourceId)!;
    const paragraph = source.paragraphs[item.paragraph - 1]!.text;
    const detail = screen.getByTestId('library-detail');
    expect(detail.dataset.itemId).toBe(id);
    if (item.kind === 'indicator') expect(screen.getByTestId('detail-figure').textContent).toContain(`${item.value}${item.unit}`);
    await waitFor(() => expect(screen.getByTestId('detail-context').textContent?.replace(/\s+/g, '')).toBe(paragraph.replace(/\s+/g, '')));
    expect(detail.querySelector('.quote')!.textContent).toBe(item.quote);
    const citation = screen.getByTestId('detail-citation').textContent!;
    expect(citation).toContain(`《${source.title}》`);
    expect(citation).toContain(source.outlet);
    expect(citation).toContain(source.dateText);
    expect(citation).toContain(`第${item.paragraph}段`);
  });

  it('works by keyboard alone: ↓↑ choose, Enter inserts the chosen item (the editor freezes it)', async () => {
    const { search, oninsert } = await renderPanel();
    search.focus();
    await type(search, 'hzrc');
    const ids = hitIds();
    expect(activeId()).toBe(ids[0]);
    await fireEvent.keyDown(search, { key: 'ArrowDown' });
    await fireEvent.keyDown(search, { key: 'ArrowDown' });
    expect(activeId()).toBe(ids[2]);
    await fireEvent.keyDown(search, { key: 'ArrowUp' });
    expect(activeId()).toBe(ids[1]);
    expect(search.getAttribute('aria-activedescendant')).toBe(screen.getAllByTestId('library-hit')[1]!.id);
    await fireEvent.keyDown(search, { key: 'ArrowUp' });
    await fireEvent.keyDown(search, { key: 'ArrowUp' });
    expect(activeId()).toBe(ids[0]);
    await fireEvent.keyDown(search, { key: 'ArrowDown' });
    await fireEvent.keyDown(search, { key: 'Enter' });
    expect(oninsert).toHaveBeenCalledOnce();
    expect(oninsert.mock.calls[0]).toHaveLength(1);
    expect((oninsert.mock.calls[0]![0] as LibraryItem).id).toBe(ids[1]);
    expect(document.activeElement).toBe(search);
  });

  it('Enter during IME composition does not insert', async () => {
    const { search, oninsert } = await renderPanel();
    await type(search, '人才');
    await fireEvent.keyDown(search, { key: 'Enter', isComposing: true });
    expect(oninsert).not.toHaveBeenCalled();
  });

  it('Esc clears the search, then the filters, then hands focus back', async () => {
    const onescape = vi.fn();
    const { search, library } = await renderPanel({ onescape });
    await fireEvent.click(screen.getByTestId('facet-tab-city'));
    await fireEvent.click(within(screen.getByTestId('facet-chips')).getAllByTestId('chip').find((c) => c.dataset.value === '南京')!);
    await type(search, '转化率');
    await fireEvent.keyDown(search, { key: 'Escape' });
    expect(search.value).toBe('');
    expect(library.filterCount).toBe(1);
    await fireEvent.keyDown(search, { key: 'Escape' });
    expect(library.filterCount).toBe(0);
    expect(onescape).not.toHaveBeenCalled();
    await fireEvent.keyDown(search, { key: 'Escape' });
    expect(onescape).toHaveBeenCalledOnce();
  });

  it('inserts with the 插入正文 button and by double-click', async () => {
    const { search, oninsert } = await renderPanel();
    await type(search, '人才码');
    await fireEvent.click(screen.getByTestId('insert-item'));
    expect((oninsert.mock.calls[0]![0] as LibraryItem).name).toBe('人才码');
    await fireEvent.dblClick(screen.getAllByTestId('library-hit')[1]!);
    expect((oninsert.mock.calls[1]![0] as LibraryItem).id).toBe(hitIds()[1]);
  });

  it('drags an item as application/x-briefsmith-item (its id) and text/plain (its quote)', async () => {
    const { search } = await renderPanel();
    await type(search, '人才码');
    const data = new Map<string, string>();
    const dataTransfer = { effectAllowed: 'none', setData: (type: string, value: string) => void data.set(type, value) };
    const row = screen.getAllByTestId('library-hit')[0]!;
    expect(row.getAttribute('draggable')).toBe('true');
    await fireEvent.dragStart(row, { dataTransfer });
    const item = byId.get(row.dataset.itemId!)!;
    expect(data.get('application/x-briefsmith-item')).toBe(item.id);
    expect(data.get('text/plain')).toBe(item.quote);
    expect(dataTransfer.effectAllowed).toBe('copy');
  });
});

describe('library panel: loading', () => {
  it('loads the catalogue once per session, however many panels open', async () => {
    const { client, calls } = fakeClient();
    render(LibraryPanel, { props: { oninsert: vi.fn(), library: new LibraryState(client) } });
    render(LibraryPanel, { props: { oninsert: vi.fn(), library: new LibraryState(client) } });
    await waitFor(() => expect(screen.getAllByTestId('library-results')).toHaveLength(2));
    expect(calls.filter((c) => c === 'list')).toHaveLength(1);
  });

  it('shows a load failure in Chinese with a retry', async () => {
    let failing = true;
    const { client } = fakeClient();
    const flaky: LibraryClient = {
      ...client,
      listLibraryItems: async (r) => (failing ? fail('LIBRARY_INVALID', '（items.json 第 3 行）') : client.listLibraryItems(r)),
    };
    const library = new LibraryState(flaky);
    render(LibraryPanel, { props: { oninsert: vi.fn(), library } });
    expect((await screen.findByRole('alert')).textContent).toContain('资料库无法载入：资料库数据无效。（items.json 第 3 行）');
    failing = false;
    await fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await screen.findByTestId('library-results');
  });
});
