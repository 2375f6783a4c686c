// One library item, frozen by every path that puts it in a draft: the library panel (LibraryState,
// what 插入 sends), the editor's own insertion (the adapted item, when no frozen copy comes with
// it), and the tables and charts the editor builds. All freeze and cite through core/library.
import { beforeEach, describe, expect, it } from 'vitest';
import { formatCitation } from '../../core/library';
import type { Block, FrozenItem } from '../../shared/briefing';
import { ok } from '../../shared/errors';
import type { LibraryCatalog } from '../../shared/library';
import { bundledLibrary } from '../../core/library/test-support';
import { toItemLike, toSourceLike } from '../components/editor/library-access';
import { makeEditor } from '../components/editor/test-support';
import { LibraryState, resetLibraryCache } from './library.svelte';

// The catalogue as listLibraryItems hands it over: the bundled library, sources without paragraphs.
const catalog: LibraryCatalog = { ...bundledLibrary, sources: bundledLibrary.sources.map(({ paragraphs: _p, ...summary }) => summary) };
const labels = new Map(catalog.metrics.map((m) => [m.key, m.label]));
const sourceOf = (id: string) => catalog.sources.find((s) => s.id === id)!;
// What the editor's library access makes of the catalogue (renderer/components/editor/library-access.ts).
const editorItems = catalog.items.map((i) => toItemLike(i, labels)!);
const editorSources = new Map(catalog.sources.map((s) => [s.id, toSourceLike(s)!]));

let panel: LibraryState;
beforeEach(async () => {
  resetLibraryCache();
  panel = new LibraryState({ listLibraryItems: async () => ok(structuredClone(catalog)), getLibrarySource: async () => ok(bundledLibrary.sources[0]!) });
  await panel.load();
});

/**
 * The frozen copy the editor makes of an item when it inserts it itself: an indicator becomes a
 * paragraph whose linked figure carries the copy, a measure (no figure) a quote excerpt.
 */
function editorFreeze(id: string): FrozenItem {
  const { editor } = makeEditor();
  const item = editorItems.find((i) => i.id === id)!;
  const blockId = editor.insertItem(item, editorSources.get(item.sourceId));
  const block = editor.draft.blocks.find((b) => b.id === blockId);
  if (block?.type === 'excerpt') {
    expect(item.value ?? undefined, `${id} is quoted only when it has no figure`).toBeUndefined();
    return block.frozen;
  }
  expect(block?.type, `${id} becomes a statement`).toBe('paragraph');
  const links = (block as Extract<Block, { type: 'paragraph' }>).runs.filter((r) => r.link);
  expect(links.map((r) => r.link!.itemId)).toEqual([id]);
  return links[0]!.link!.frozen;
}

/** The frozen copy the library panel hands to the editor. */
const panelFreeze = (id: string) => panel.freeze(catalog.items.find((i) => i.id === id)!)!;

describe('freezing a library item', () => {
  it('gives the identical copy from the library panel and from the editor, for every bundled item', () => {
    for (const item of catalog.items) expect(editorFreeze(item.id), item.id).toEqual(panelFreeze(item.id));
    // Both kinds are among the bundled items: statements (linked figures) and quotes.
    expect(catalog.items.some((i) => i.kind === 'measure')).toBe(true);
    expect(catalog.items.some((i) => i.kind === 'indicator')).toBe(true);
    expect(panelFreeze('nj-tech-transfer-rate-2023').citation).toEqual({
      sourceId: 'what-do-we-have',
      sourceTitle: '杭州有DeepSeek,我们有什么?',
      outlet: '上海证券报（原载新华日报“交汇点”客户端）',
      date: '2025年2月8日',
      paragraph: 10,
    });
  });

  it('cites the items of an editor-built table and chart as their excerpts cite them', () => {
    const { editor } = makeEditor();
    const tableId = editor.insertTable(editorItems, ['技术转化率', '私募基金管理规模'], ['南京', '杭州'], { sources: editorSources });
    const chartId = editor.insertChart(editorItems.filter((i) => i.metric === '技术转化率'), undefined, undefined, editorSources, editorItems);
    const table = editor.draft.blocks.find((b) => b.id === tableId) as Extract<Block, { type: 'table' }>;
    const chart = editor.draft.blocks.find((b) => b.id === chartId) as Extract<Block, { type: 'chart' }>;
    const cited = [...table.rows.flatMap((r) => r.cells.map((c) => c.itemId)), ...chart.bars.map((b) => b.itemId)].filter((id) => id !== undefined);
    expect(new Set(cited)).toEqual(new Set(['nj-tech-transfer-rate-2023', 'hz-tech-transfer-rate', 'nj-private-fund-aum-2023']));
    for (const id of cited) {
      const frozen = panelFreeze(id);
      expect(editorFreeze(id)).toEqual(frozen);
      // The note's 资料来源 is the frozen citation's text: same title, outlet and date.
      const head = formatCitation({ id: frozen.citation.sourceId, title: frozen.citation.sourceTitle, outlet: frozen.citation.outlet, dateText: frozen.citation.date });
      expect(table.note).toContain(head);
      expect(chart.note).toContain(head);
    }
    expect(table.note).toContain(`资料来源：${formatCitation(sourceOf('what-do-we-have'), { paragraph: [10, 18] })}。`);
    expect(chart.note).toBe(`资料来源：${formatCitation(sourceOf('what-do-we-have'), { paragraph: 10 })}。`);
  });
});
