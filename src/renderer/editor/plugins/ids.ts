import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { nodes } from '../schema';

// Block ids: every top-level block has one, unique in the doc. A split copies the id into the
// new half and a paste inside the app brings ids along, so after each change the later of two
// equal ids (and every missing one) gets a fresh id. The one exception is the placeholder of an
// empty briefing: a lone, empty paragraph that is not a block yet.

export const idsKey = new PluginKey('block-ids');

export function idsPlugin(newId: () => string): Plugin {
  return new Plugin({
    key: idsKey,
    appendTransaction(transactions, _old, state) {
      if (!transactions.some((tr) => tr.docChanged)) return null;
      const doc = state.doc;
      if (doc.childCount === 1 && doc.firstChild!.type === nodes.paragraph && doc.firstChild!.childCount === 0 && doc.firstChild!.attrs.id === '') return null;
      // Which node of two with one id keeps it: the first, unless the first is empty and the second
      // is not (Enter at the start of a paragraph leaves an empty one above the text: the text keeps
      // its block, the empty paragraph is the new one).
      const first = new Map<string, { pos: number; empty: boolean }>();
      const renew: number[] = [];
      doc.forEach((node, pos) => {
        const id = node.attrs.id as string;
        const empty = node.content.size === 0;
        const earlier = id === '' ? undefined : first.get(id);
        if (id === '') renew.push(pos);
        else if (!earlier) first.set(id, { pos, empty });
        else if (earlier.empty && !empty) {
          renew.push(earlier.pos);
          first.set(id, { pos, empty });
        } else renew.push(pos);
      });
      if (renew.length === 0) return null;
      const tr: Transaction = state.tr;
      for (const pos of renew) tr.setNodeAttribute(pos, 'id', newId());
      return tr;
    },
  });
}
