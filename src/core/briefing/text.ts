import type { Block, Briefing } from '../../shared/briefing';

/** The plain text of a block as it reads in the document (for search, checks and text-layer tests). */
export function blockText(block: Block): string {
  switch (block.type) {
    case 'heading':
    case 'note':
      return block.text;
    case 'paragraph':
      return block.runs.map((r) => r.text).join('');
    case 'excerpt':
      return block.mode === 'statement'
        ? `${block.before ?? ''}${block.frozen.figure ? `${block.frozen.figure.value}${block.frozen.figure.unit}` : ''}${block.after ?? ''}`
        : block.frozen.quote;
    case 'table':
      return [block.caption, ...block.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)].join(' '))].join('\n');
    case 'chart':
      return [block.title, ...block.bars.map((b) => `${b.label} ${b.value}`)].join('\n');
    case 'attachment':
      return [block.title, ...block.paragraphs].join('\n');
    case 'pageBreak':
      return '';
  }
}

/** Counts Chinese characters (CJK ideographs) across the briefing: the unit officials measure length in. */
export function countHanzi(briefing: Briefing): number {
  let n = 0;
  const all = [briefing.title, briefing.meta.editorNote, ...briefing.blocks.map(blockText)].join('');
  for (const ch of all) if (/\p{Script=Han}/u.test(ch)) n++;
  return n;
}

/**
 * The number of each source in 资料来源, by order of first citation (as the PDF lists them): the key
 * is the source id (or its title when there is none).
 */
export function citationMarkers(blocks: readonly Block[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const b of blocks) {
    if (b.type !== 'excerpt') continue;
    const key = b.frozen.citation.sourceId || b.frozen.citation.sourceTitle;
    if (!order.has(key)) order.set(key, order.size + 1);
  }
  return order;
}

/** 附件 or 附件1, 附件2 … for each attachment block, by id. */
export function attachmentLabels(blocks: readonly Block[]): Map<string, string> {
  const ids = blocks.filter((b) => b.type === 'attachment').map((b) => b.id);
  return new Map(ids.map((id, i) => [id, ids.length > 1 ? `附件${i + 1}` : '附件']));
}

/** Ids of every library item the briefing refers to (excerpts, table cells, chart bars). */
export function referencedItemIds(briefing: Briefing): string[] {
  const ids = new Set<string>();
  for (const b of briefing.blocks) {
    if (b.type === 'excerpt') ids.add(b.itemId);
    if (b.type === 'table') b.rows.forEach((r) => r.cells.forEach((c) => c.itemId && ids.add(c.itemId)));
    if (b.type === 'chart') b.bars.forEach((bar) => bar.itemId && ids.add(bar.itemId));
  }
  return [...ids];
}
