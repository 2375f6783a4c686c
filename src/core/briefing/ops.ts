import type { Block, BlockOf, BlockType, Briefing, BriefingMeta } from '../../shared/briefing';
import { applyTextChange, runsText } from './runs';
import { blockText } from './text';

// Edits of a briefing as pure functions: each returns a new briefing and shares every unchanged
// block with the old one, so an undo stack can keep whole versions for the price of an array.

/** A new empty block of a kind (the id comes from the caller: ids are the host's business). */
export function emptyBlock(type: BlockType, id: string): Block {
  switch (type) {
    case 'heading':
      return { id, type, level: 1, text: '' };
    case 'paragraph':
      return { id, type, runs: [{ text: '' }] };
    case 'note':
      return { id, type, text: '' };
    case 'table':
      return { id, type, caption: '', columns: [{ label: '指标' }], rows: [] };
    case 'chart':
      return { id, type, title: '', unit: '', bars: [] };
    case 'pageBreak':
      return { id, type };
    case 'attachment':
      return { id, type, title: '', paragraphs: [''] };
    case 'excerpt':
      throw new Error('an excerpt is made from a library item (excerptFromItem; a figure: statementParagraph)');
  }
}

/** The index of a block, or -1. */
export function indexOfBlock(briefing: Briefing, id: string): number {
  return briefing.blocks.findIndex((b) => b.id === id);
}

/** Inserts blocks at `index` (clamped; the end when omitted). */
export function insertBlocks(briefing: Briefing, blocks: readonly Block[], index = briefing.blocks.length): Briefing {
  const at = Math.max(0, Math.min(index, briefing.blocks.length));
  const next = briefing.blocks.slice();
  next.splice(at, 0, ...blocks);
  return { ...briefing, blocks: next };
}

/** Inserts blocks right after the block `afterId` (at the end when it is absent or null). */
export function insertBlocksAfter(briefing: Briefing, blocks: readonly Block[], afterId: string | null): Briefing {
  const i = afterId === null ? -1 : indexOfBlock(briefing, afterId);
  return insertBlocks(briefing, blocks, i < 0 ? briefing.blocks.length : i + 1);
}

/** Removes blocks by id. */
export function removeBlocks(briefing: Briefing, ids: readonly string[]): Briefing {
  const drop = new Set(ids);
  return { ...briefing, blocks: briefing.blocks.filter((b) => !drop.has(b.id)) };
}

/** Moves a block to `toIndex` (its index after the move, clamped). Unchanged when it is absent. */
export function moveBlock(briefing: Briefing, id: string, toIndex: number): Briefing {
  const from = indexOfBlock(briefing, id);
  if (from < 0) return briefing;
  const to = Math.max(0, Math.min(toIndex, briefing.blocks.length - 1));
  if (to === from) return briefing;
  const next = briefing.blocks.slice();
  const [block] = next.splice(from, 1);
  next.splice(to, 0, block!);
  return { ...briefing, blocks: next };
}

/** Moves a block up (−1) or down (+1). */
export function moveBlockBy(briefing: Briefing, id: string, delta: number): Briefing {
  const from = indexOfBlock(briefing, id);
  return from < 0 ? briefing : moveBlock(briefing, id, from + delta);
}

/** Replaces one block by id (same id expected). */
export function replaceBlock(briefing: Briefing, block: Block): Briefing {
  const i = indexOfBlock(briefing, block.id);
  if (i < 0 || briefing.blocks[i] === block) return briefing;
  const next = briefing.blocks.slice();
  next[i] = block;
  return { ...briefing, blocks: next };
}

/** Applies `fn` to the block `id` when it is of `type`. */
export function updateBlock<T extends BlockType>(briefing: Briefing, id: string, type: T, fn: (block: BlockOf<T>) => BlockOf<T>): Briefing {
  const block = briefing.blocks.find((b) => b.id === id);
  if (!block || block.type !== type) return briefing;
  return replaceBlock(briefing, fn(block as BlockOf<T>));
}

/** Changes metadata fields. */
export function setMeta(briefing: Briefing, patch: Partial<BriefingMeta>): Briefing {
  return { ...briefing, meta: { ...briefing.meta, ...patch } };
}

/** Changes the title. */
export function setTitle(briefing: Briefing, title: string): Briefing {
  return briefing.title === title ? briefing : { ...briefing, title };
}

/**
 * 取消关联 — an excerpt becomes an ordinary paragraph with the text it showed (its quote); it is no
 * longer tied to the library (and no longer checked against it or cited).
 */
export function unlinkExcerpt(briefing: Briefing, id: string): Briefing {
  const block = briefing.blocks.find((b) => b.id === id);
  if (!block || block.type !== 'excerpt') return briefing;
  return replaceBlock(briefing, { id: block.id, type: 'paragraph', runs: [{ text: blockText(block) }] });
}

/** Changes a heading's level (1–4). */
export function setHeadingLevel(briefing: Briefing, id: string, level: number): Briefing {
  const clamped = Math.max(1, Math.min(4, Math.round(level)));
  return updateBlock(briefing, id, 'heading', (b) => (b.level === clamped ? b : { ...b, level: clamped }));
}

/** A number typed into a table cell or a bar (全角 digits and thousands separators accepted). */
export function parseTypedNumber(text: string): number | undefined {
  const normalised = text
    .replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '');
  if (!/^-?\d+(?:\.\d+)?$/.test(normalised)) return undefined;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Sets one text field of a block, by the field names the editor uses: `text` (a paragraph keeps
 * its weights and linked figures: see applyTextChange), `label`, `caption`, `note`, `title`, `unit`, `body` (attachment paragraphs, one per
 * line), `column.K`, `unit.K`, `row.R`, `cell.R.C`, `bar.K`, `value.K`. A cell or bar keeps its
 * library link when edited, so 校对 can point out a figure that no longer matches the library.
 */
export function setBlockField(block: Block, field: string, text: string): Block {
  const [name, a, b] = field.split('.');
  const i = Number(a);
  const j = Number(b);
  switch (block.type) {
    case 'heading':
      return name === 'text' && block.text !== text ? { ...block, text } : block;
    case 'note':
      if (name === 'text' && block.text !== text) return { ...block, text };
      if (name === 'label') return text === '' ? (({ label: _label, ...rest }) => rest)(block) : { ...block, label: text };
      return block;
    case 'paragraph':
      return name === 'text' && runsText(block.runs) !== text ? { ...block, runs: applyTextChange(block.runs, text) } : block;
    case 'excerpt':
      // The verbatim quote is the library's: nothing of it is edited here.
      return block;
    case 'table': {
      if (name === 'caption') return { ...block, caption: text };
      if (name === 'note') return text === '' ? (({ note: _note, ...rest }) => rest)(block) : { ...block, note: text };
      if (name === 'column') return { ...block, columns: block.columns.map((c, k) => (k === i ? { ...c, label: text } : c)) };
      if (name === 'unit')
        return { ...block, columns: block.columns.map((c, k) => (k === i ? (text === '' ? { label: c.label } : { ...c, unit: text }) : c)) };
      if (name === 'row') return { ...block, rows: block.rows.map((r, k) => (k === i ? { ...r, label: text } : r)) };
      if (name === 'cell') {
        return {
          ...block,
          rows: block.rows.map((r, k) => {
            if (k !== i) return r;
            const cells = r.cells.slice();
            while (cells.length <= j) cells.push({ text: '' });
            const { value: _value, ...cell } = cells[j]!;
            const value = parseTypedNumber(text);
            cells[j] = value === undefined ? { ...cell, text } : { ...cell, text, value };
            return { ...r, cells };
          }),
        };
      }
      return block;
    }
    case 'chart': {
      if (name === 'title') return { ...block, title: text };
      if (name === 'unit') return { ...block, unit: text };
      if (name === 'note') return text === '' ? (({ note: _note, ...rest }) => rest)(block) : { ...block, note: text };
      if (name === 'bar') return { ...block, bars: block.bars.map((bar, k) => (k === i ? { ...bar, label: text } : bar)) };
      if (name === 'value') {
        const value = parseTypedNumber(text);
        return value === undefined ? block : { ...block, bars: block.bars.map((bar, k) => (k === i ? { ...bar, value } : bar)) };
      }
      return block;
    }
    case 'attachment':
      if (name === 'title') return { ...block, title: text };
      if (name === 'body') return { ...block, paragraphs: text.split('\n') };
      return block;
    case 'pageBreak':
      return block;
  }
}
