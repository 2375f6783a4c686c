import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

// 查找与替换 in the body: every match of the query in the text of every textblock (a linked
// figure is one object character, so a match never reaches into it), highlighted, with the
// current one marked. Replacing goes through the history like typing.

export interface FindMatch {
  readonly from: number;
  readonly to: number;
}

export interface FindState {
  readonly query: string;
  readonly matches: readonly FindMatch[];
  /** index of the current match, -1 when none */
  readonly current: number;
  readonly decorations: DecorationSet;
}

export const findKey = new PluginKey<FindState>('find');

/** Every match of `query` in the doc's textblocks, in document order. */
export function findMatches(doc: PMNode, query: string): FindMatch[] {
  if (query === '') return [];
  const out: FindMatch[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const text = node.textBetween(0, node.content.size, undefined, '\ufffc');
    // textBetween counts a leaf as one character, as positions do: offsets map 1:1 to positions.
    let at = text.indexOf(query);
    while (at >= 0) {
      out.push({ from: pos + 1 + at, to: pos + 1 + at + query.length });
      at = text.indexOf(query, at + query.length);
    }
    return false;
  });
  return out;
}

function build(doc: PMNode, query: string, current: number): FindState {
  const matches = findMatches(doc, query);
  const index = matches.length === 0 ? -1 : Math.min(Math.max(current, 0), matches.length - 1);
  const decorations = DecorationSet.create(
    doc,
    matches.map((m, i) => Decoration.inline(m.from, m.to, { class: i === index ? 'bs-find bs-find-current' : 'bs-find' })),
  );
  return { query, matches, current: index, decorations };
}

type Meta = { query: string; current: number } | { current: number };

export function findPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: () => ({ query: '', matches: [], current: -1, decorations: DecorationSet.empty }),
      apply(tr, previous) {
        const meta = tr.getMeta(findKey) as Meta | undefined;
        if (meta && 'query' in meta) return build(tr.doc, meta.query, meta.current);
        if (meta && 'current' in meta) return build(tr.doc, previous.query, meta.current);
        if (tr.docChanged && previous.query !== '') return build(tr.doc, previous.query, previous.current);
        return previous;
      },
    },
    props: {
      decorations: (state) => findKey.getState(state)?.decorations,
    },
  });
}

/** Sets the query (the first match at or after the caret becomes current). */
export function setFindQuery(state: EditorState, query: string): Transaction {
  const matches = findMatches(state.doc, query);
  const caret = state.selection.from;
  const first = Math.max(0, matches.findIndex((m) => m.from >= caret));
  return state.tr.setMeta(findKey, { query, current: first }).setMeta('addToHistory', false);
}

/** Moves to the next (+1) or previous (−1) match and selects it. */
export function stepFind(state: EditorState, delta: number): Transaction | null {
  const s = findKey.getState(state);
  if (!s || s.matches.length === 0) return null;
  const index = (s.current + delta + s.matches.length) % s.matches.length;
  const m = s.matches[index]!;
  return state.tr.setMeta(findKey, { current: index }).setSelection(TextSelection.create(state.doc, m.from, m.to)).scrollIntoView();
}

/** Replaces the current match (then the next one becomes current). */
export function replaceCurrent(state: EditorState, replacement: string): Transaction | null {
  const s = findKey.getState(state);
  if (!s || s.current < 0) return null;
  const m = s.matches[s.current]!;
  const tr = state.tr.insertText(replacement, m.from, m.to);
  tr.setSelection(TextSelection.create(tr.doc, m.from + replacement.length));
  return tr.setMeta(findKey, { current: s.current });
}

/** Replaces every match; one undo step. */
export function replaceAll(state: EditorState, replacement: string): Transaction | null {
  const s = findKey.getState(state);
  if (!s || s.matches.length === 0) return null;
  const tr = state.tr;
  for (let i = s.matches.length - 1; i >= 0; i--) {
    const m = s.matches[i]!;
    tr.insertText(replacement, m.from, m.to);
  }
  return tr;
}
