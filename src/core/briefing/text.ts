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
