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
      const seen = new Set<string>();
      let tr: Transaction | null = null;
      doc.forEach((node, pos) => {
        const id = node.attrs.id as string;
        if (id !== '' && !seen.has(id)) {
          seen.add(id);
          return;
        }
        const fresh = newId();
        seen.add(fresh);
        tr = (tr ?? state.tr).setNodeAttribute(pos, 'id', fresh);
      });
      return tr;
    },
  });
}
