import { blockFields, blockText, type CheckTarget } from '../../../core/briefing';
import type { Block, Briefing } from '../../../shared/briefing';
import { fieldLabel } from '../close/close-check';

// Where a 校对 issue is, in the words the official sees: computed from the current draft (the
// issue carries only a block id, field and character offset), so the name follows the edits.

const words = (s: string, max = 8) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** The n-th block of this type (1-based), counting from the top of the body. */
function ordinal(blocks: readonly Block[], block: Block): number {
  return blocks.slice(0, blocks.indexOf(block) + 1).filter((b) => b.type === block.type).length;
}

function blockName(blocks: readonly Block[], block: Block, field: string | undefined): string {
  switch (block.type) {
    case 'paragraph':
      return `第${ordinal(blocks, block)}段`;
    case 'heading':
      return `标题“${words(block.text)}”`;
    case 'note':
      return `按语“${words(block.text)}”`;
    case 'excerpt':
      return `摘录“${words(block.frozen.subject)}”`;
    case 'table': {
      const cell = field ? /^cell\.(\d+)\.(\d+)$/.exec(field) : null;
      const row = cell ? block.rows[Number(cell[1])] : undefined;
      return `表${ordinal(blocks, block)}${row ? `“${words(row.label)}”一行` : ''}`;
    }
    case 'chart': {
      const bar = field ? /^bar\.(\d+)$/.exec(field) : null;
      const label = bar ? block.bars[Number(bar[1])]?.label : undefined;
      return `图${ordinal(blocks, block)}${label ? `“${words(label)}”` : ''}`;
    }
    case 'attachment':
      return `附件“${words(block.title)}”`;
    case 'pageBreak':
      return '分页符';
  }
}

/** The characters an issue is about, when it says how many (“38%”), else ''. */
function quoted(block: Block, target: Extract<CheckTarget, { kind: 'block' }>): string {
  if (target.offset === undefined || !target.length) return '';
  const cell = block.type === 'table' && target.field ? /^cell\.(\d+)\.(\d+)$/.exec(target.field) : null;
  const text = cell && block.type === 'table'
    ? (block.rows[Number(cell[1])]?.cells[Number(cell[2])]?.text ?? '')
    : target.field
      ? (blockFields(block).find(([f]) => f === target.field)?.[1] ?? '')
      : blockText(block);
  const piece = text.slice(target.offset, target.offset + target.length);
  return piece.trim() === '' ? '' : `“${words(piece, 10)}”处`;
}

/** “第3段“38%”处”, “标题“基本情况””, “表1”, “简报名称”…; '' when the block is gone. */
export function placeName(briefing: Briefing, target: CheckTarget): string {
  if (target.kind === 'title') return '标题';
  if (target.kind === 'meta') return fieldLabel(`meta.${target.field}`);
  const block = briefing.blocks.find((b) => b.id === target.blockId);
  return block ? `${blockName(briefing.blocks, block, target.field)}${quoted(block, target)}` : '';
}
