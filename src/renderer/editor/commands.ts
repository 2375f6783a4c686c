import type { Node as PMNode, NodeType } from 'prosemirror-model';
import { NodeSelection, Selection, TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { nodes, schema } from './schema';

// Editing commands of the body that ProseMirror's own do not cover, as plain `Command`s.

/** The top-level block holding the selection: its index, position and node. */
export function currentBlock(state: EditorState): { index: number; pos: number; node: PMNode } | null {
  const sel = state.selection;
  if (sel instanceof NodeSelection && sel.$from.depth === 0) {
    return { index: sel.$from.index(0), pos: sel.from, node: sel.node };
  }
  const $from = sel.$from;
  if ($from.depth === 0) return null;
  const index = $from.index(0);
  const pos = $from.before(1);
  return { index, pos, node: state.doc.child(index) };
}

/** Position of the top-level block `index`. */
export function blockPos(doc: PMNode, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos;
}

/** Where the caret goes in a freshly placed node: inside a textblock, or the node selected. */
export function selectionIn(doc: PMNode, pos: number, atEnd = false): Selection {
  const node = doc.nodeAt(pos);
  if (!node) return Selection.near(doc.resolve(Math.min(pos, doc.content.size)));
  if (node.isAtom) return NodeSelection.create(doc, pos);
  const inside = Selection.findFrom(doc.resolve(atEnd ? pos + node.nodeSize - 1 : pos + 1), atEnd ? -1 : 1, true);
  return inside ?? NodeSelection.create(doc, pos);
}

/** Alt+↑ / Alt+↓ — moves the block holding the caret up (−1) or down (+1), caret and all. */
export function moveBlock(delta: -1 | 1): Command {
  return (state, dispatch) => {
    const here = currentBlock(state);
    if (!here) return false;
    const target = here.index + delta;
    if (target < 0 || target >= state.doc.childCount) return false;
    if (dispatch) {
      const inside = state.selection instanceof NodeSelection ? null : { anchor: state.selection.anchor - here.pos, head: state.selection.head - here.pos };
      const tr = state.tr.delete(here.pos, here.pos + here.node.nodeSize);
      const at = blockPos(tr.doc, target);
      tr.insert(at, here.node);
      if (inside) tr.setSelection(TextSelection.create(tr.doc, at + inside.anchor, at + inside.head));
      else tr.setSelection(NodeSelection.create(tr.doc, at));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Linked figures of a paragraph's range as plain text (before it becomes a text-only block). */
function figuresToText(tr: Transaction, from: number, to: number): void {
  const found: { pos: number; node: PMNode }[] = [];
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (node.type === nodes.figure) found.push({ pos, node });
  });
  for (const { pos, node } of found.reverse()) tr.replaceWith(pos, pos + 1, schema.text(node.attrs.text as string));
}

/** Turns the textblock holding the caret into `type` (a heading of `level`, a paragraph), keeping its id. */
export function setTextblockType(type: NodeType, attrs: Record<string, unknown> = {}): Command {
  return (state, dispatch) => {
    const here = currentBlock(state);
    if (!here || !here.node.isTextblock) return false;
    if (here.node.type === type && Object.entries(attrs).every(([k, v]) => here.node.attrs[k] === v)) return false;
    if (dispatch) {
      const tr = state.tr;
      const end = here.pos + here.node.nodeSize;
      if (type !== nodes.paragraph) figuresToText(tr, here.pos, end);
      const mappedEnd = tr.mapping.map(end);
      tr.setBlockType(here.pos + 1, mappedEnd - 1, type, { ...attrs, id: here.node.attrs.id as string });
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** 取消关联 — the selected linked figure (or every one in the selection) becomes plain text. */
export const unlinkFigures: Command = (state, dispatch) => {
  const { from, to } = state.selection;
  let any = false;
  state.doc.nodesBetween(from, Math.max(to, from + 1), (node) => {
    if (node.type === nodes.figure) any = true;
  });
  if (!any) return false;
  if (dispatch) {
    const tr = state.tr;
    const found: { pos: number; node: PMNode }[] = [];
    tr.doc.nodesBetween(from, Math.max(to, from + 1), (node, pos) => {
      if (node.type === nodes.figure) found.push({ pos, node });
    });
    for (const { pos, node } of found.reverse()) tr.replaceWith(pos, pos + 1, schema.text(node.attrs.text as string, node.marks));
    dispatch(tr);
  }
  return true;
};

/**
 * Inserts `blocks` after the block holding the caret (or at top-level `index`); the caret goes
 * into the first one. An empty paragraph holding the caret is replaced instead of left behind.
 */
export function insertBlocksCommand(blocks: readonly PMNode[], index?: number): Command {
  return (state, dispatch) => {
    if (blocks.length === 0) return false;
    if (dispatch) {
      const tr = state.tr;
      const here = currentBlock(state);
      let at: number;
      if (index !== undefined) {
        at = blockPos(state.doc, Math.max(0, Math.min(index, state.doc.childCount)));
        tr.insert(at, blocks);
      } else if (here && here.node.type === nodes.paragraph && here.node.childCount === 0) {
        at = here.pos;
        tr.replaceWith(here.pos, here.pos + here.node.nodeSize, blocks);
      } else {
        at = here ? here.pos + here.node.nodeSize : state.doc.content.size;
        tr.insert(at, blocks);
      }
      tr.setSelection(selectionIn(tr.doc, at));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/**
 * Home / End (with Shift: extend the selection) to the start or end of the visual line. Chromium's
 * own Home does not move on a first line set with `text-indent` (every paragraph of a 公文), so the
 * line boundary is found from the caret's coordinates instead.
 */
export function lineBoundary(direction: 'start' | 'end', extend: boolean): Command {
  return (state, dispatch, view) => {
    if (!view || !(state.selection instanceof TextSelection)) return false;
    const head = state.selection.$head;
    if (!head.parent.isTextblock) return false;
    const caret = view.coordsAtPos(head.pos);
    const blockDom = view.domAtPos(head.start()).node as HTMLElement;
    const box = (blockDom.nodeType === 1 ? blockDom : blockDom.parentElement!).getBoundingClientRect();
    const found = view.posAtCoords({ left: direction === 'start' ? box.left + 1 : box.right - 1, top: (caret.top + caret.bottom) / 2 });
    if (!found) return false;
    const target = Math.max(head.start(), Math.min(head.end(), found.pos));
    if (dispatch) {
      const anchor = extend ? state.selection.anchor : target;
      dispatch(state.tr.setSelection(TextSelection.create(state.doc, anchor, target)).scrollIntoView());
    }
    return true;
  };
}
