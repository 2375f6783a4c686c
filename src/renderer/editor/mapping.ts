import type { Node as PMNode } from 'prosemirror-model';
import type { Block, Briefing, TextRun } from '../../shared/briefing';
import { boldMark, nodes, schema, withoutId } from './schema';

// briefing ↔ ProseMirror doc, both ways, lossless: for every valid briefing whose paragraph runs are
// normalised (adjacent runs of one weight merged, no empty runs, `bold: false` dropped — what the
// editor always writes), `docToBriefing(briefingToDoc(b))` equals `b`. Property-tested.

/** Everything of a briefing but its blocks: the doc's `head` attribute. */
export type BriefingHead = Omit<Briefing, 'blocks'>;

/** Blocks already mapped, by node: nodes are persistent, so an unchanged paragraph maps for free. */
export type BlockCache = WeakMap<PMNode, Block>;

export function newBlockCache(): BlockCache {
  return new WeakMap();
}

/** The doc of a briefing. A briefing with no blocks gets one empty paragraph without an id. */
export function briefingToDoc(briefing: Briefing): PMNode {
  const { blocks, ...head } = briefing;
  const children = blocks.map(blockToNode);
  if (children.length === 0) children.push(nodes.paragraph.create({ id: '' }));
  return nodes.doc.create({ head }, children);
}

/** One block as a node. */
export function blockToNode(block: Block): PMNode {
  switch (block.type) {
    case 'paragraph':
      return nodes.paragraph.create({ id: block.id }, runsToInline(block.runs));
    case 'heading':
      return nodes.heading.create({ id: block.id, level: block.level }, textNodes(block.text));
    case 'note':
      return nodes.note.create({ id: block.id, label: block.label ?? null }, textNodes(block.text));
    case 'attachment':
      return nodes.attachment.create({ id: block.id }, [
        nodes.attachmentTitle.create(null, textNodes(block.title)),
        ...block.paragraphs.map((p) => nodes.attachmentParagraph.create(null, textNodes(p))),
      ]);
    case 'pageBreak':
      return nodes.pageBreak.create({ id: block.id });
    case 'excerpt':
    case 'table':
    case 'chart':
      return nodes[block.type].create({ id: block.id, data: withoutId(block) });
  }
}

function textNodes(text: string): PMNode[] {
  return text === '' ? [] : [schema.text(text)];
}

/** Paragraph runs as inline nodes: text with the bold mark, linked figures as atoms. */
export function runsToInline(runs: readonly TextRun[]): PMNode[] {
  const out: PMNode[] = [];
  for (const run of runs) {
    const marks = run.bold ? [boldMark.create()] : [];
    if (run.link) out.push(nodes.figure.create({ itemId: run.link.itemId, frozen: run.link.frozen, text: run.text }, null, marks));
    else if (run.text !== '') out.push(schema.text(run.text, marks));
  }
  return out;
}

/** The briefing a doc shows; unchanged nodes reuse their mapped block from `cache`. */
export function docToBriefing(doc: PMNode, cache: BlockCache = newBlockCache()): Briefing {
  const blocks: Block[] = [];
  doc.forEach((node) => {
    // The placeholder of an empty briefing: an empty paragraph that was never given an id.
    if (node.type === nodes.paragraph && node.attrs.id === '' && node.childCount === 0) return;
    let block = cache.get(node);
    if (!block) {
      block = nodeToBlock(node);
      cache.set(node, block);
    }
    blocks.push(block);
  });
  return { ...(doc.attrs.head as BriefingHead), blocks };
}

/** One top-level node as a block. */
export function nodeToBlock(node: PMNode): Block {
  const id = node.attrs.id as string;
  switch (node.type) {
    case nodes.paragraph:
      return { id, type: 'paragraph', runs: inlineToRuns(node) };
    case nodes.heading:
      return { id, type: 'heading', level: node.attrs.level as number, text: node.textContent };
    case nodes.note:
      return node.attrs.label === null
        ? { id, type: 'note', text: node.textContent }
        : { id, type: 'note', label: node.attrs.label as string, text: node.textContent };
    case nodes.attachment: {
      const paragraphs: string[] = [];
      let title = '';
      node.forEach((child, _offset, index) => {
        if (index === 0) title = child.textContent;
        else paragraphs.push(child.textContent);
      });
      return { id, type: 'attachment', title, paragraphs };
    }
    case nodes.pageBreak:
      return { id, type: 'pageBreak' };
    default:
      return { id, ...(node.attrs.data as object) } as Block;
  }
}

/** A paragraph's inline content as normalised runs (never empty: `[{ text: '' }]`). */
export function inlineToRuns(node: PMNode): TextRun[] {
  const runs: TextRun[] = [];
  node.forEach((child) => {
    const bold = boldMark.isInSet(child.marks) !== undefined;
    if (child.type === nodes.figure) {
      const link = { itemId: child.attrs.itemId as string, frozen: child.attrs.frozen as NonNullable<TextRun['link']>['frozen'] };
      runs.push(bold ? { text: child.attrs.text as string, bold: true, link } : { text: child.attrs.text as string, link });
      return;
    }
    const text = child.text ?? '';
    const last = runs[runs.length - 1];
    if (last && !last.link && (last.bold === true) === bold) runs[runs.length - 1] = bold ? { text: last.text + text, bold: true } : { text: last.text + text };
    else runs.push(bold ? { text, bold: true } : { text });
  });
  return runs.length === 0 ? [{ text: '' }] : runs;
}

/**
 * The length of a top-level node's text as the checks count it (`runsText` of a paragraph: a linked
 * figure counts its characters), and the doc position of a character offset in it.
 */
export function positionOfOffset(node: PMNode, nodePos: number, offset: number): number {
  if (!node.isTextblock) return nodePos + 1;
  let remaining = offset;
  let pos = nodePos + 1;
  let found: number | null = null;
  node.forEach((child, childOffset) => {
    if (found !== null) return;
    const length = child.isText ? child.text!.length : ((child.attrs.text as string | undefined) ?? '').length;
    if (remaining <= length) {
      // Inside a figure: the caret goes after it (a figure cannot be entered).
      found = nodePos + 1 + childOffset + (child.isText ? remaining : remaining === 0 ? 0 : child.nodeSize);
      return;
    }
    remaining -= length;
    pos = nodePos + 1 + childOffset + child.nodeSize;
  });
  return found ?? pos;
}

/** The character offset (as the checks count) of a doc position inside a textblock. */
export function offsetOfPosition(node: PMNode, nodePos: number, pos: number): number {
  let offset = 0;
  const target = pos - nodePos - 1;
  node.forEach((child, childOffset) => {
    if (childOffset >= target) return;
    const length = child.isText ? child.text!.length : ((child.attrs.text as string | undefined) ?? '').length;
    offset += child.isText ? Math.min(length, target - childOffset) : length;
  });
  return offset;
}
