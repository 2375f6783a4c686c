import type { Node as PMNode } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';

// Which top-level blocks a transaction touched, before and after it: plugins that depend on a few
// kinds of block (numbering, limits) look at those only, so a keystroke costs the same in a
// 200-paragraph briefing as in a short one.

/** The top-level nodes of `doc` that overlap [from, to]. */
function blocksIn(doc: PMNode, from: number, to: number, out: Set<PMNode>): void {
  doc.nodesBetween(Math.max(0, from), Math.min(doc.content.size, to), (node) => {
    out.add(node);
    return false;
  });
}

/** The blocks a transaction changed: `before` in the old doc, `after` in the new one. */
export function touchedBlocks(tr: Transaction): { before: Set<PMNode>; after: Set<PMNode> } {
  const before = new Set<PMNode>();
  const after = new Set<PMNode>();
  if (!tr.docChanged) return { before, after };
  tr.mapping.maps.forEach((map, i) => {
    map.forEach((oldStart, oldEnd, newStart, newEnd) => {
      // Old positions of step i are in the doc before it: map them back to the first doc, and the
      // new ones forward to the last, so both sets name nodes of `tr.before` and `tr.doc`.
      const back = tr.mapping.slice(0, i).invert();
      blocksIn(tr.before, back.map(oldStart, -1), back.map(oldEnd, 1), before);
      const forward = tr.mapping.slice(i + 1);
      blocksIn(tr.doc, forward.map(newStart, -1), forward.map(newEnd, 1), after);
    });
  });
  // Attribute steps (a heading's level, a block's data) have empty maps: look at the steps' positions.
  for (const step of tr.steps) {
    const json = step.toJSON() as { stepType?: string; pos?: number };
    if (json.stepType === 'attr' && typeof json.pos === 'number') {
      const node = tr.doc.nodeAt(tr.mapping.map(json.pos));
      if (node && tr.doc.resolve(tr.mapping.map(json.pos)).depth === 0) after.add(node);
    }
  }
  return { before, after };
}
