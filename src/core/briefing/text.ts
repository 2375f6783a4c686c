import type { Block, Briefing, FrozenItem } from '../../shared/briefing';

/** The plain text of a block as it reads in the document (for search, checks and text-layer tests). */
export function blockText(block: Block): string {
  switch (block.type) {
    case 'heading':
    case 'note':
      return block.text;
    case 'paragraph':
      return block.runs.map((r) => r.text).join('');
    case 'excerpt':
      return block.frozen.quote;
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

/** The key a source is numbered by in 资料来源: its id, or its title when there is none. */
export function citationKey(frozen: FrozenItem): string {
  return frozen.citation.sourceId || frozen.citation.sourceTitle;
}

/** One entry of the numbered 资料来源 list. */
export interface CitedSource {
  /** citationKey of the source */
  readonly key: string;
  /** 1-based, as printed: 1. 2. … and in the markers 〔1〕 */
  readonly number: number;
  /** the frozen copy of the first item cited from this source (its citation is printed) */
  readonly item: FrozenItem;
  /** the paragraphs cited, in order of citation (may repeat) */
  readonly paragraphs: readonly number[];
}

/** The frozen library items of the body by item id (excerpts and linked figures; the first copy wins). */
export function frozenItems(blocks: readonly Block[]): Map<string, FrozenItem> {
  const map = new Map<string, FrozenItem>();
  for (const block of blocks) {
    if (block.type === 'excerpt' && !map.has(block.itemId)) map.set(block.itemId, block.frozen);
    if (block.type === 'paragraph') for (const run of block.runs) if (run.link && !map.has(run.link.itemId)) map.set(run.link.itemId, run.link.frozen);
  }
  return map;
}

/** Item ids used in the body, in document order (excerpts, linked figures, table cells, chart bars). */
function usedItemIds(blocks: readonly Block[]): string[] {
  const ids = new Set<string>();
  const add = (id: string | undefined) => id && ids.add(id);
  for (const block of blocks) {
    if (block.type === 'excerpt') add(block.itemId);
    if (block.type === 'paragraph') block.runs.forEach((r) => add(r.link?.itemId));
    if (block.type === 'table') block.rows.forEach((r) => r.cells.forEach((c) => add(c.itemId)));
    if (block.type === 'chart') block.bars.forEach((b) => add(b.itemId));
  }
  return [...ids];
}

/**
 * 资料来源 — the sources the PDF lists, numbered by first citation in document order: every item
 * used whose frozen copy the briefing holds (from an excerpt or a linked figure; a table cell or a
 * bar counts when one of those holds its item). The one truth for the list and for the markers.
 */
export function citedSources(blocks: readonly Block[]): CitedSource[] {
  const frozen = frozenItems(blocks);
  const bySource = new Map<string, { item: FrozenItem; paragraphs: number[] }>();
  for (const id of usedItemIds(blocks)) {
    const item = frozen.get(id);
    if (!item) continue;
    const key = citationKey(item);
    const entry = bySource.get(key) ?? { item, paragraphs: [] };
    entry.paragraphs.push(item.citation.paragraph);
    bySource.set(key, entry);
  }
  return [...bySource.entries()].map(([key, e], k) => ({ key, number: k + 1, item: e.item, paragraphs: e.paragraphs }));
}

/**
 * The number of each source in 资料来源 (citedSources), by citationKey: the n of the marker 〔n〕
 * printed after each excerpt and linked figure.
 */
export function citationMarkers(blocks: readonly Block[]): Map<string, number> {
  return new Map(citedSources(blocks).map((s) => [s.key, s.number]));
}

/** The marker printed after a cited excerpt or linked figure: 〔1〕. */
export function citationMarkerText(n: number): string {
  return `〔${n}〕`;
}

/** Ids of every library item the briefing refers to (excerpts, linked figures, table cells, chart bars). */
export function referencedItemIds(briefing: Briefing): string[] {
  return usedItemIds(briefing.blocks);
}
