import type { Block, Briefing, BriefingMeta, TextRun } from '../../shared/briefing';
import { figureOf, figureText, formatNumber, type LibraryItemLike, type LibrarySourceLike } from './library-blocks';
import { toFullWidthPunctuation } from './punctuation';
import { linkedRunSpans, normalizeRuns, runsText, sliceRuns } from './runs';

// 校对 — the checks an official runs before export: what an issue is, where it is, the fixes and
// how they apply. The rules themselves and their runner (`proofread`) are in check-rules.ts. Each
// issue says what is wrong in Chinese, where it is as structure (a block id, the field, the
// character offset and length — the renderer names the place from the current document) and,
// where a fix is safe, what the fix does. Pure: the library lookup, the characters the PDF engine
// cannot draw and today's date come from the caller.

/** Where an issue is. `field` names the text field of a block (see blockFields). */
export type CheckTarget =
  | { readonly kind: 'title' }
  | { readonly kind: 'meta'; readonly field: keyof BriefingMeta }
  | {
      readonly kind: 'block';
      readonly blockId: string;
      readonly field?: string;
      /** characters into the field's text (as runsText counts them) */
      readonly offset?: number;
      /** how many characters from `offset` the issue is about */
      readonly length?: number;
    };

/** A safe one-click fix, as data (applied by applyFix). */
export type CheckFix =
  | { readonly kind: 'set-meta'; readonly patch: Partial<BriefingMeta> }
  | { readonly kind: 'set-heading-level'; readonly blockId: string; readonly level: number }
  | { readonly kind: 'full-width'; readonly target: CheckTarget }
  /** the block's (or its cell's, bar's, or the linked figure's at `offset`) copy back to the library's */
  | { readonly kind: 'restore-figure'; readonly blockId: string; readonly item: LibraryItemLike; readonly cell?: { row: number; col: number }; readonly bar?: number; readonly offset?: number }
  /**
   * 关联资料库数字 — replaces the typed figure `text` at [start, end) of a paragraph's text by `run`,
   * the library's linked figure (applied only while that text is still there, unlinked).
   */
  | { readonly kind: 'link-figure'; readonly blockId: string; readonly start: number; readonly end: number; readonly text: string; readonly run: TextRun }
  | { readonly kind: 'remove-block'; readonly blockId: string }
  | { readonly kind: 'strip-heading-number'; readonly blockId: string };

export type CheckCode =
  | 'figure-mismatch'
  | 'figure-contradiction'
  | 'figure-unsourced'
  | 'item-missing'
  | 'item-superseded'
  | 'missing-title'
  | 'missing-issue-number'
  | 'missing-date'
  | 'missing-series-name'
  | 'empty-section'
  | 'empty-block'
  | 'heading-skip'
  | 'typed-heading-number'
  | 'ascii-punctuation'
  | 'missing-glyph'
  | 'copies-too-few'
  | 'doc-number-format'
  /** a field the store refused on save (the rest was saved; the field kept its last valid value) */
  | 'field-refused';

export interface CheckIssue {
  /** stable across runs while the problem stays */
  readonly id: string;
  readonly code: CheckCode;
  /** `error` blocks a clean export (the dialog asks before going on), `warning` is advice */
  readonly severity: 'error' | 'warning';
  /** Chinese, complete */
  readonly message: string;
  readonly target: CheckTarget;
  readonly fix?: { readonly label: string; readonly action: CheckFix };
}

/**
 * A character the PDF engine cannot draw with any font, with where it occurs in the briefing
 * (locateCharacters finds it): a block (and its field and offset), or without a block the title
 * (`field: 'title'`) or a metadata field; neither when only the template's own text has it.
 */
export interface GlyphProblem {
  readonly char: string;
  readonly blockId?: string | null;
  readonly field?: string;
  readonly offset?: number;
}

export interface ProofreadContext {
  /** The library item `id`, null when the library no longer has it, undefined when not known yet. */
  item(id: string): LibraryItemLike | null | undefined;
  /** From the PDF engine's check. */
  readonly glyphProblems?: readonly GlyphProblem[];
  /** 期号 suggested from the last draft of the series. */
  readonly suggestedIssueNumber?: number | null;
  /** Today, YYYY-MM-DD. */
  readonly today?: string;
  /**
   * The library's items (all of them; measures and 推算 values are ignored), for the contradiction
   * check: a figure typed in the text that names a library metric and place with another value.
   * Without it that check does not run. Pass the same array between runs: its index is cached.
   */
  readonly indicators?: readonly LibraryItemLike[];
  /** A library source by id: cited by the fix that links a figure (without it the citation names no title). */
  source?(sourceId: string): LibrarySourceLike | undefined;
  /** The draft's own place (what 我市 means) when the host knows it; else it is inferred (draftPlace). */
  readonly place?: string;
}

/** The text fields of a block: [field, text]. Field names are stable (used by targets and fixes). */
export function blockFields(block: Block): [string, string][] {
  switch (block.type) {
    case 'heading':
    case 'note':
      return [['text', block.text]];
    case 'paragraph':
      return [['text', runsText(block.runs)]];
    case 'excerpt':
      // The verbatim quote is not the official's to edit.
      return [];
    case 'table':
      return [['caption', block.caption], ...(block.note ? [['note', block.note] as [string, string]] : [])];
    case 'chart':
      return [['title', block.title], ...(block.note ? [['note', block.note] as [string, string]] : [])];
    case 'attachment':
      return [['title', block.title], ...block.paragraphs.map((p, i) => [`paragraph.${i}`, p] as [string, string])];
    case 'pageBreak':
      return [];
  }
}

/** Replaces one text field of a block, character for character (weights of runs are kept). */
export function mapBlockField(block: Block, field: string, fn: (text: string) => string): Block {
  switch (block.type) {
    case 'heading':
    case 'note':
      return field === 'text' ? { ...block, text: fn(block.text) } : block;
    case 'paragraph': {
      if (field !== 'text') return block;
      // Same-length replacement (punctuation): keep each character's weight; a linked figure is
      // the library's and keeps its text.
      let offset = 0;
      const whole = fn(runsText(block.runs));
      const runs = block.runs.map((r) => {
        const text = whole.slice(offset, offset + r.text.length);
        offset += r.text.length;
        return r.link ? r : { ...r, text };
      });
      if (offset < whole.length) runs.push({ text: whole.slice(offset) });
      return { ...block, runs };
    }
    case 'excerpt':
      return block;
    case 'table':
      if (field === 'caption') return { ...block, caption: fn(block.caption) };
      if (field === 'note') return { ...block, note: fn(block.note ?? '') };
      return block;
    case 'chart':
      if (field === 'title') return { ...block, title: fn(block.title) };
      if (field === 'note') return { ...block, note: fn(block.note ?? '') };
      return block;
    case 'attachment': {
      if (field === 'title') return { ...block, title: fn(block.title) };
      const m = /^paragraph\.(\d+)$/.exec(field);
      if (!m) return block;
      const i = Number(m[1]);
      return { ...block, paragraphs: block.paragraphs.map((p, k) => (k === i ? fn(p) : p)) };
    }
    case 'pageBreak':
      return block;
  }
}

const BLOCK_NAMES: Record<Block['type'], string> = {
  heading: '标题',
  paragraph: '段落',
  note: '按语',
  excerpt: '资料摘录',
  table: '对比表',
  chart: '柱状图',
  pageBreak: '分页符',
  attachment: '附件',
};

/** The Chinese name of a block type. */
export function blockTypeName(type: Block['type']): string {
  return BLOCK_NAMES[type];
}

/** A paragraph's text with its linked figures masked (same length, so offsets hold): the official's own words. */
export function ownText(runs: readonly TextRun[]): string {
  return runs.map((r) => (r.link ? '\uFFFC'.repeat(r.text.length) : r.text)).join('');
}

function restoreFigure(block: Block, item: LibraryItemLike, fix: Extract<CheckFix, { kind: 'restore-figure' }>): Block {
  const figure = figureOf(item);
  if (block.type === 'excerpt') {
    return { ...block, frozen: { ...block.frozen, quote: item.quote, subject: item.subject, ...(figure ? { figure } : {}) } };
  }
  if (block.type === 'paragraph' && figure) {
    // The linked figure of this item at `offset`, else its first one: the official's words stay.
    const spans = linkedRunSpans(block.runs).filter((l) => l.run.link.itemId === item.id);
    const span = spans.find((l) => l.start === fix.offset) ?? spans[0];
    if (!span) return block;
    const frozen = { ...span.run.link.frozen, quote: item.quote, subject: item.subject, figure };
    const runs = block.runs.map((r, k) => (k === span.index ? { ...r, text: figureText(figure), link: { itemId: item.id, frozen } } : r));
    return { ...block, runs: normalizeRuns(runs) };
  }
  if (block.type === 'table' && fix.cell && item.value !== null && item.value !== undefined) {
    const { row, col } = fix.cell;
    const value = item.value;
    return {
      ...block,
      rows: block.rows.map((r, i) => (i !== row ? r : { ...r, cells: r.cells.map((c, k) => (k !== col ? c : { ...c, text: formatNumber(value), value })) })),
    };
  }
  if (block.type === 'chart' && fix.bar !== undefined && item.value !== null && item.value !== undefined) {
    const value = item.value;
    return { ...block, bars: block.bars.map((b, i) => (i === fix.bar ? { ...b, value } : b)) };
  }
  return block;
}

/** Replaces the typed figure by the linked one, only while the same plain text is still there. */
function linkFigure(block: Block, fix: Extract<CheckFix, { kind: 'link-figure' }>): Block {
  if (block.type !== 'paragraph' || !fix.run.link) return block;
  if (ownText(block.runs).slice(fix.start, fix.end) !== fix.text) return block;
  // Both ends fall in plain text (the masked text matched), so slicing cuts no linked figure.
  return { ...block, runs: normalizeRuns([...sliceRuns(block.runs, 0, fix.start), fix.run, ...sliceRuns(block.runs, fix.end)]) };
}

function mapBlock(briefing: Briefing, id: string, fn: (b: Block) => Block): Briefing {
  return { ...briefing, blocks: briefing.blocks.map((b) => (b.id === id ? fn(b) : b)) };
}

/** Applies a fix; returns the briefing unchanged when the fix no longer applies. */
export function applyFix(briefing: Briefing, fix: CheckFix): Briefing {
  switch (fix.kind) {
    case 'set-meta':
      return { ...briefing, meta: { ...briefing.meta, ...fix.patch } };
    case 'set-heading-level':
      return mapBlock(briefing, fix.blockId, (b) => (b.type === 'heading' ? { ...b, level: Math.max(1, Math.min(4, fix.level)) } : b));
    case 'remove-block':
      return { ...briefing, blocks: briefing.blocks.filter((b) => b.id !== fix.blockId) };
    case 'strip-heading-number':
      return mapBlock(briefing, fix.blockId, (b) =>
        b.type === 'heading' ? { ...b, text: b.text.replace(/^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])\s*/u, '') } : b,
      );
    case 'restore-figure':
      return mapBlock(briefing, fix.blockId, (b) => restoreFigure(b, fix.item, fix));
    case 'link-figure':
      return mapBlock(briefing, fix.blockId, (b) => linkFigure(b, fix));
    case 'full-width': {
      const t = fix.target;
      if (t.kind === 'title') return { ...briefing, title: toFullWidthPunctuation(briefing.title) };
      if (t.kind === 'meta') {
        const value = briefing.meta[t.field];
        return typeof value === 'string' ? { ...briefing, meta: { ...briefing.meta, [t.field]: toFullWidthPunctuation(value) } } : briefing;
      }
      return mapBlock(briefing, t.blockId, (b) => {
        const fields = t.field ? [t.field] : blockFields(b).map(([f]) => f);
        return fields.reduce((acc, f) => mapBlockField(acc, f, toFullWidthPunctuation), b);
      });
    }
  }
}

/**
 * A 发文字号 the way GB/T 9704 §7.2.4 writes it: the year in 六角括号 〔2025〕 (not [2025], (2025),
 * 【2025】 or 〈2025〉), the sequence number without leading zeros (12号, not 012号), no spaces.
 */
export function normaliseDocNumber(text: string): string {
  return text
    .trim()
    .replace(/\s+/g, '')
    .replace(/[[［(（【〈<《{｛]\s*(\d{4})\s*[\]］)）】〉>》}｝]/g, '〔$1〕')
    .replace(/〕0+(\d)/g, '〕$1');
}
