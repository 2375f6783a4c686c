import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { citationMarkers, figureNumbers, headingNumbers } from '../../../core/briefing';
import type { Block, FrozenItem } from '../../../shared/briefing';
import { docToBriefing, newBlockCache } from '../mapping';
import { touchedBlocks } from '../touched';
import { nodes } from '../schema';

// What the PDF prints but the writer does not type, shown in the editor as decorations: heading
// numbers (一、（一）1.（1）) before headings, 表1 / 图1 on tables and charts, and the 资料来源 number
// 〔n〕 after each linked figure and each excerpt. Both come from the same functions the layout uses, so screen and page agree.

export const numberingKey = new PluginKey<DecorationSet>('numbering');

const sourceKey = (frozen: FrozenItem) => frozen.citation.sourceId || frozen.citation.sourceTitle;

function widget(pos: number, text: string, className: string, side: number): Decoration {
  return Decoration.widget(
    pos,
    () => {
      const span = document.createElement('span');
      span.className = className;
      span.textContent = text;
      span.contentEditable = 'false';
      return span;
    },
    { side, key: `${className}:${text}`, ignoreSelection: true },
  );
}

function build(doc: PMNode, blocks: readonly Block[]): DecorationSet {
  const numbers = headingNumbers(blocks);
  const markers = citationMarkers(blocks);
  const figures = figureNumbers(blocks);
  const out: Decoration[] = [];
  doc.forEach((node, pos) => {
    const id = node.attrs.id as string;
    if (node.type === nodes.heading) {
      const n = numbers.get(id);
      if (n) out.push(widget(pos + 1, n, 'bs-num', -1));
    } else if (node.type === nodes.paragraph) {
      node.forEach((child, offset) => {
        if (child.type !== nodes.figure) return;
        const m = markers.get(sourceKey(child.attrs.frozen as FrozenItem));
        if (m !== undefined) out.push(widget(pos + 1 + offset + child.nodeSize, `〔${m}〕`, 'bs-marker', 1));
      });
    } else if (node.type === nodes.table || node.type === nodes.chart) {
      const n = figures.get(id);
      if (n) out.push(Decoration.node(pos, pos + node.nodeSize, { 'data-number': n }));
    } else if (node.type === nodes.excerpt) {
      const frozen = (node.attrs.data as { frozen: FrozenItem }).frozen;
      const m = markers.get(sourceKey(frozen));
      if (m !== undefined) out.push(Decoration.node(pos, pos + node.nodeSize, { 'data-marker': String(m) }));
    }
  });
  return DecorationSet.create(doc, out);
}

/** Whether a block's kind makes decorations: a heading, an excerpt, a paragraph holding a figure. */
function decorated(node: PMNode): boolean {
  if (node.type === nodes.heading || node.type === nodes.excerpt || node.type === nodes.table || node.type === nodes.chart) return true;
  if (node.type !== nodes.paragraph) return false;
  let found = false;
  node.forEach((child) => void (child.type === nodes.figure && (found = true)));
  return found;
}

export function numberingPlugin(): Plugin<DecorationSet> {
  const cache = newBlockCache();
  return new Plugin<DecorationSet>({
    key: numberingKey,
    state: {
      init: (_config, state) => build(state.doc, docToBriefing(state.doc, cache).blocks),
      apply(tr, previous) {
        if (!tr.docChanged) return previous;
        // Typing in plain paragraphs changes no number: the decorations only move.
        const { before, after } = touchedBlocks(tr);
        if (![...before, ...after].some(decorated)) return previous.map(tr.mapping, tr.doc);
        return build(tr.doc, docToBriefing(tr.doc, cache).blocks);
      },
    },
    props: { decorations: (state) => numberingKey.getState(state) },
  });
}

/** The empty paragraph holding the caret gets a class (its placeholder hint is CSS). */
export function caretPlaceholderPlugin(): Plugin {
  return new Plugin({
    props: {
      decorations(state) {
        const { $from, empty } = state.selection;
        if (!empty || $from.depth !== 1 || $from.parent.type !== nodes.paragraph || $from.parent.content.size !== 0) return null;
        const pos = $from.before(1);
        return DecorationSet.create(state.doc, [Decoration.node(pos, pos + $from.parent.nodeSize, { class: 'bs-empty-caret' })]);
      },
    },
  });
}
