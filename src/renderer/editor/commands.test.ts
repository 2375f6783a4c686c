// The body's own editing commands (commands.ts) on a state without a view, and their keys on the
// mounted body: 取消关联 of linked figures, moving blocks (Alt+↑/↓), changing a block's type,
// inserting blocks after the caret.
import { cleanup } from '@testing-library/svelte';
import { NodeSelection, TextSelection, type Command, type EditorState as PMState } from 'prosemirror-state';
import { afterEach, describe, expect, it } from 'vitest';
import { linkedFigureRun, runsText } from '../../core/briefing';
import type { Block, Briefing, TextRun } from '../../shared/briefing';
import { items, makeEditor, mountBody, sampleBriefing } from '../components/editor/test-support';
import { blockPos, currentBlock, insertBlocksCommand, moveBlock, setTextblockType, unlinkFigures } from './commands';
import { blockToNode, docToBriefing } from './mapping';
import { nodes } from './schema';
import { testBodyState } from './test-support';

afterEach(() => cleanup());

const nj = linkedFigureRun(items[0]!)!;
const hz = { ...linkedFigureRun(items[1]!)!, bold: true };

/** h1, a paragraph with two linked figures (the second bold), p2. */
function withFigures(): Briefing {
  const b = sampleBriefing();
  const runs: TextRun[] = [{ text: '南京为' }, nj, { text: '，杭州为' }, hz, { text: '。' }];
  return { ...b, blocks: [{ id: 'h1', type: 'heading', level: 1, text: '基本情况' }, { id: 'f1', type: 'paragraph', runs }, { id: 'p2', type: 'paragraph', runs: [{ text: '优化营商环境。' }] }] };
}

const blocksOf = (state: PMState) => docToBriefing(state.doc).blocks;
const run = (state: PMState, command: Command) => {
  let next = state;
  const done = command(state, (tr) => (next = state.apply(tr)));
  return { done, state: next };
};
/** Position of the character `offset` inside top-level text block `index` (no figures before it). */
const at = (state: PMState, index: number, offset: number) => blockPos(state.doc, index) + 1 + offset;

describe('unlinkFigures (取消关联)', () => {
  it('turns the selected figure into plain text, keeping its weight, and leaves the other linked', () => {
    let state = testBodyState(withFigures());
    // The bold 45% is the fourth inline node of f1.
    const f1 = blockPos(state.doc, 1);
    let figurePos = -1;
    state.doc.child(1).forEach((child, offset) => {
      if (child.type === nodes.figure && child.attrs.itemId === 'hz-ttr') figurePos = f1 + 1 + offset;
    });
    state = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, figurePos)));
    const result = run(state, unlinkFigures);
    expect(result.done).toBe(true);
    expect(blocksOf(result.state)[1]).toEqual({ id: 'f1', type: 'paragraph', runs: [{ text: '南京为' }, nj, { text: '，杭州为' }, { text: '45%', bold: true }, { text: '。' }] });
  });

  it('unlinks every figure in a selection across them, and does nothing where there is none', () => {
    let state = testBodyState(withFigures());
    const f1 = state.doc.child(1);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, blockPos(state.doc, 1) + 1, blockPos(state.doc, 1) + f1.nodeSize - 1)));
    const result = run(state, unlinkFigures);
    expect(result.done).toBe(true);
    const runs = (blocksOf(result.state)[1] as Extract<Block, { type: 'paragraph' }>).runs;
    expect(runs.some((r) => r.link)).toBe(false);
    expect(runsText(runs)).toBe('南京为28%，杭州为45%。');
    // The caret in p2: nothing to unlink, the command says so.
    const plain = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at(state, 2, 2))));
    expect(run(plain, unlinkFigures).done).toBe(false);
  });
});

describe('moveBlock (Alt+↑ / Alt+↓)', () => {
  it('moves the caret block past its neighbour and keeps the caret at its offset', () => {
    let state = testBodyState(sampleBriefing());
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at(state, 1, 3))));
    const down = run(state, moveBlock(1));
    expect(down.done).toBe(true);
    expect(blocksOf(down.state).map((b) => b.id)).toEqual(['h1', 'h2', 'p1', 'p2']);
    const here = currentBlock(down.state)!;
    expect(here.node.attrs.id).toBe('p1');
    expect(down.state.selection.from - here.pos - 1).toBe(3);
    const up = run(down.state, moveBlock(-1));
    expect(blocksOf(up.state).map((b) => b.id)).toEqual(['h1', 'p1', 'h2', 'p2']);
  });

  it('refuses to move past the first or the last block', () => {
    let state = testBodyState(sampleBriefing());
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at(state, 0, 0))));
    expect(run(state, moveBlock(-1)).done).toBe(false);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at(state, 3, 0))));
    expect(run(state, moveBlock(1)).done).toBe(false);
  });

  it('moves a selected atom (a page break) as a whole, still selected', () => {
    const b = sampleBriefing();
    let state = testBodyState({ ...b, blocks: [...b.blocks.slice(0, 2), { id: 'pb', type: 'pageBreak' }, ...b.blocks.slice(2)] });
    state = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, blockPos(state.doc, 2))));
    const up = run(state, moveBlock(-1));
    expect(blocksOf(up.state).map((x) => x.id)).toEqual(['h1', 'pb', 'p1', 'h2', 'p2']);
    expect(up.state.selection).toBeInstanceOf(NodeSelection);
    expect((up.state.selection as NodeSelection).node.attrs.id).toBe('pb');
  });

  it('Alt+↑ and Alt+↓ in the mounted body move the block, and moveBlockBy is one undo step', () => {
    const { editor } = makeEditor();
    const { press } = mountBody(editor);
    editor.requestFocus({ blockId: 'p2', field: 'text', offset: 2 });
    expect(press('ArrowUp', { altKey: true })).toBe(true);
    expect(editor.draft.blocks.map((b) => b.id)).toEqual(['h1', 'p1', 'p2', 'h2']);
    expect(editor.focus).toMatchObject({ blockId: 'p2', offset: 2 });
    expect(press('ArrowDown', { altKey: true })).toBe(true);
    expect(editor.draft.blocks.map((b) => b.id)).toEqual(['h1', 'p1', 'h2', 'p2']);
    editor.moveBlockBy('h1', 1);
    expect(editor.draft.blocks.map((b) => b.id)).toEqual(['p1', 'h1', 'h2', 'p2']);
    editor.undo();
    expect(editor.draft.blocks.map((b) => b.id)).toEqual(['h1', 'p1', 'h2', 'p2']);
  });
});

describe('setTextblockType', () => {
  it('keeps the block id, and a heading takes the figures as plain text', () => {
    let state = testBodyState(withFigures());
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, blockPos(state.doc, 1) + 2)));
    const heading = run(state, setTextblockType(nodes.heading, { level: 2 }));
    expect(heading.done).toBe(true);
    expect(blocksOf(heading.state)[1]).toEqual({ id: 'f1', type: 'heading', level: 2, text: '南京为28%，杭州为45%。' });
    const back = run(heading.state, setTextblockType(nodes.paragraph));
    expect(blocksOf(back.state)[1]).toEqual({ id: 'f1', type: 'paragraph', runs: [{ text: '南京为28%，杭州为45%。' }] });
    // Already of that type and level: nothing to do.
    expect(run(heading.state, setTextblockType(nodes.heading, { level: 2 })).done).toBe(false);
  });

  it('a paragraph keeps its figures linked when it becomes a paragraph again (no-op) and a 按语 keeps its id', () => {
    let state = testBodyState(sampleBriefing());
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at(state, 3, 1))));
    const note = run(state, setTextblockType(nodes.note, { label: null }));
    expect(blocksOf(note.state)[3]).toEqual({ id: 'p2', type: 'note', text: '优化营商环境。' });
    expect(run(state, setTextblockType(nodes.paragraph)).done).toBe(false);
  });

  it('the toolbar and Ctrl+Shift+1…4 / Ctrl+Shift+0 change the caret block, undoably', () => {
    const { editor } = makeEditor();
    const { press } = mountBody(editor);
    editor.requestFocus({ blockId: 'p2', field: 'text', offset: 1 });
    // Ctrl+Shift+1 as Chromium reports it on a US layout: key `!`, keyCode of the 1 key.
    expect(press('!', { ctrlKey: true, shiftKey: true, keyCode: 49 })).toBe(true);
    expect(editor.draft.blocks[3]).toEqual({ id: 'p2', type: 'heading', level: 1, text: '优化营商环境。' });
    expect(editor.caret).toMatchObject({ blockType: 'heading', level: 1 });
    expect(press(')', { ctrlKey: true, shiftKey: true, keyCode: 48 })).toBe(true);
    expect(editor.draft.blocks[3]).toEqual({ id: 'p2', type: 'paragraph', runs: [{ text: '优化营商环境。' }] });
    editor.setCaretBlockType('note');
    expect(editor.draft.blocks[3]).toEqual({ id: 'p2', type: 'note', text: '优化营商环境。' });
    expect(editor.caret.blockType).toBe('note');
    // Quick changes of one block's type are one undo step (the history groups them by time).
    editor.undo();
    expect(editor.draft.blocks).toEqual(sampleBriefing().blocks);
  });
});

describe('insertBlocksCommand', () => {
  it('inserts after the caret block, at an index, or in place of the empty paragraph holding the caret', () => {
    const b = sampleBriefing();
    let state = testBodyState({ ...b, blocks: [...b.blocks, { id: 'e', type: 'paragraph', runs: [{ text: '' }] }] });
    const pb = (id: string) => blockToNode({ id, type: 'pageBreak' });
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at(state, 1, 1))));
    let result = run(state, insertBlocksCommand([pb('x1')]));
    expect(blocksOf(result.state).map((x) => x.id)).toEqual(['h1', 'p1', 'x1', 'h2', 'p2', 'e']);
    // The inserted atom is selected: the next insert goes after it.
    expect((result.state.selection as NodeSelection).node.attrs.id).toBe('x1');
    result = run(result.state, insertBlocksCommand([pb('x2')], 0));
    expect(blocksOf(result.state).map((x) => x.id)).toEqual(['x2', 'h1', 'p1', 'x1', 'h2', 'p2', 'e']);
    state = result.state.apply(result.state.tr.setSelection(TextSelection.create(result.state.doc, at(result.state, 6, 0))));
    result = run(state, insertBlocksCommand([pb('x3')]));
    expect(blocksOf(result.state).map((x) => x.id)).toEqual(['x2', 'h1', 'p1', 'x1', 'h2', 'p2', 'x3']);
    expect(run(state, insertBlocksCommand([])).done).toBe(false);
  });
});
