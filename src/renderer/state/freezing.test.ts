// One library item, frozen one way wherever it enters a draft: the renderer's library model gives
// the editor the item and its source, and core (toFrozenItem, through excerptFromItem /
// statementParagraph / linkedFigureRun) makes the copy. It is the copy the library itself makes of
// the catalogue's own item and source (what the main process's getLibraryItem hands out).
import { beforeEach, describe, expect, it } from 'vitest';
import { formatCitation, toFrozenItem } from '../../core/library';
import type { Block, FrozenItem } from '../../shared/briefing';
import { ok } from '../../shared/errors';
import type { LibraryCatalog } from '../../shared/library';
import { bundledLibrary } from '../../core/library/test-support';
import { libraryAccessOf } from '../components/editor/library-access';
import { makeEditor } from '../components/editor/test-support';
import { libraryModel, resetLibraryModel, type LibraryModel } from './library-model';

// The catalogue as listLibraryItems hands it over: the bundled library, sources without paragraphs.
const catalog: LibraryCatalog = { ...bundledLibrary, sources: bundledLibrary.sources.map(({ paragraphs: _p, ...summary }) => summary) };
const sourceOf = (id: string) => catalog.sources.find((s) => s.id === id)!;
const model: LibraryModel = libraryModel(catalog);

beforeEach(() => resetLibraryModel());

/**
 * The frozen copy the editor makes of an item when it inserts it: an indicator becomes a paragraph
 * whose linked figure carries the copy, a measure (no figure) a quote excerpt.
 */
function editorFreeze(id: string): FrozenItem {
  const { editor } = makeEditor();
  const item = model.byId.get(id)!;
  const blockId = editor.insertItem(item, model.sources.get(item.sourceId));
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

/** The library's own copy of its item (the typed item and source summary, unconverted). */
const libraryFreeze = (id: string) => {
  const item = catalog.items.find((i) => i.id === id)!;
  return toFrozenItem(item, sourceOf(item.sourceId));
};

describe('freezing a library item', () => {
  it('gives the library’s own copy when the editor inserts any bundled item from the model', () => {
    for (const item of catalog.items) expect(editorFreeze(item.id), item.id).toEqual(libraryFreeze(item.id));
    // Both kinds are among the bundled items: statements (linked figures) and quotes.
    expect(catalog.items.some((i) => i.kind === 'measure')).toBe(true);
    expect(catalog.items.some((i) => i.kind === 'indicator')).toBe(true);
    expect(editorFreeze('nj-tech-transfer-rate-2023').citation).toEqual({
      sourceId: 'what-do-we-have',
      sourceTitle: '杭州有DeepSeek,我们有什么?',
      outlet: '上海证券报（原载新华日报“交汇点”客户端）',
      date: '2025年2月8日',
      paragraph: 10,
    });
  });

  it('gives a dropped figure (a linked run inside a sentence) the same copy', async () => {
    const access = libraryAccessOf({ listLibraryItems: async () => ok(structuredClone(catalog)) });
    const found = (await access.item('nj-tech-transfer-rate-2023'))!;
    const { editor } = makeEditor();
    let inParagraph = -1;
    editor.pmState.doc.forEach((node, offset) => {
      if (inParagraph < 0 && node.type.name === 'paragraph') inParagraph = offset + 1;
    });
    expect(editor.insertFigure(found.item, found.source, inParagraph)).toBe(true);
    const runs = editor.draft.blocks.flatMap((b) => (b.type === 'paragraph' ? b.runs : []));
    expect(runs.find((r) => r.link)?.link?.frozen).toEqual(libraryFreeze('nj-tech-transfer-rate-2023'));
  });

  it('cites the items of an editor-built table and chart as their excerpts cite them', () => {
    const { editor } = makeEditor();
    const items = [...model.items];
    const tableId = editor.insertTable(items, ['技术转化率', '私募基金管理规模'], ['南京', '杭州'], { sources: model.sources });
    const chartId = editor.insertChart(items.filter((i) => i.metric === '技术转化率'), undefined, undefined, model.sources, items);
    const table = editor.draft.blocks.find((b) => b.id === tableId) as Extract<Block, { type: 'table' }>;
    const chart = editor.draft.blocks.find((b) => b.id === chartId) as Extract<Block, { type: 'chart' }>;
    const cited = [...table.rows.flatMap((r) => r.cells.map((c) => c.itemId)), ...chart.bars.map((b) => b.itemId)].filter((id) => id !== undefined);
    expect(new Set(cited)).toEqual(new Set(['nj-tech-transfer-rate-2023', 'hz-tech-transfer-rate', 'nj-private-fund-aum-2023']));
    for (const id of cited) {
      const frozen = libraryFreeze(id);
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
