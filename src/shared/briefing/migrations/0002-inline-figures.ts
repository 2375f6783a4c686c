import type { BriefingMigration, JsonObject } from './types';

// v1 → v2: a 指标表述 (an excerpt in `statement` mode: the official's words `before` and `after` a
// linked figure) becomes an ordinary paragraph whose middle run is the linked figure; a quote
// excerpt just loses `mode`, `before` and `after`. Frozen in time: it depends on nothing that may
// change later (the figure is written here the way v1 printed it).

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The figure as v1 printed it: 28%, 1.85万亿元 (integers as they are, others to 12 digits). */
function writtenFigure(figure: JsonObject): string | undefined {
  const { value, unit } = figure;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const number = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
  return `${number}${typeof unit === 'string' ? unit : ''}`;
}

function migrateBlock(block: unknown): unknown {
  if (!isObject(block) || block.type !== 'excerpt') return block;
  const { mode, before, after, ...excerpt } = block;
  if (mode !== 'statement') return excerpt;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const frozen = excerpt.frozen;
  const figure = isObject(frozen) && isObject(frozen.figure) ? writtenFigure(frozen.figure) : undefined;
  // A statement without a figure showed only its words: it stays those words, unlinked.
  const middle = figure !== undefined ? [{ text: figure, link: { itemId: excerpt.itemId, frozen } }] : [];
  const runs = [{ text: text(before) }, ...middle, { text: text(after) }].filter((run) => run.text !== '');
  return { id: excerpt.id, type: 'paragraph', runs: runs.length > 0 ? runs : [{ text: '' }] };
}

/** Migrates the blocks of a v1 briefing (or of a template's skeleton or sample). */
export function migrateBlocksToV2(blocks: unknown): unknown {
  return Array.isArray(blocks) ? blocks.map(migrateBlock) : blocks;
}

export const migration0002: BriefingMigration = {
  version: 2,
  summary: '指标表述成为段落中的关联数字；资料摘录只保留原文',
  migrate: (briefing) => ({ ...briefing, blocks: migrateBlocksToV2(briefing.blocks) }),
};
