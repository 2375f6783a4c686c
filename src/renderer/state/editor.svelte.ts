import {
  applyFix as applyCheckFix,
  barChart,
  comparisonTable,
  emptyBlock,
  excerptFromItem,
  indexOfBlock,
  insertBlocks,
  mergeWithPrevious,
  moveBlock,
  proofread,
  referencedItemIds,
  removeBlocks,
  replaceBlock,
  runsText,
  setBlockField,
  setHeadingLevel,
  setMeta,
  setTitle,
  splitParagraph,
  toggleBold,
  unlinkExcerpt,
  updateBlock,
  applyTextChange,
  blockTypeName,
  replaceInRuns,
  type CheckIssue,
  type CheckTarget,
  type ComparisonTableOptions,
  type GlyphProblem,
  type LibraryItemLike,
  type LibrarySourceLike,
} from '../../core/briefing';
import type { Api } from '../../shared/api';
import type { Block, BlockType, Briefing, BriefingMeta, FrozenItem, TemplateRef, TextRun } from '../../shared/briefing';
import { api } from '../api';
import { Autosaver, type SaveStatus, type Timers } from './autosave';
import { UndoStack } from './undo';

let blockCounter = 0;
/** A block id unique within this session and across sessions (time + counter + random). */
export function newBlockId(): string {
  blockCounter++;
  const random = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return `b${Date.now().toString(36)}${blockCounter.toString(36)}${random.toString(36)}`;
}

/** The result of the last export, for the “在文件夹中显示” link. */
export interface ExportOutcome {
  readonly path: string;
  readonly pages: number;
  /** every file written: the PDF or the numbered copies, then the register */
  readonly files: readonly string[];
  /** what was left out (a template logo that could not be read), in Chinese */
  readonly warnings: readonly string[];
}

/**
 * A place the caret can be: a block's field (`text`, `before`, `cell.0.1` …), or the title /
 * 编者按 (`blockId` null, field `title` / `editorNote`). `offset`/`end` select text.
 */
export interface FocusTarget {
  readonly blockId: string | null;
  readonly field: string;
  readonly offset?: number;
  readonly end?: number;
}

/** A request for the field `blockId:field` to take the focus (a new nonce each time). */
export interface FocusRequest extends FocusTarget {
  readonly nonce: number;
}

/** The right-hand panel of the editor. */
export type SidePanel = 'preview' | 'meta' | 'checks' | 'history';

/** What the editor needs of the API (a fake in component tests). */
export type EditorClient = Pick<Api, 'saveDraft' | 'exportPdf' | 'checkBriefing' | 'listDrafts' | 'getDraft' | 'showInFolder'>;

export interface EditorOptions {
  readonly client?: EditorClient;
  readonly timers?: Timers;
  /** Autosave quiet time (ms). */
  readonly saveDelayMs?: number;
  /** Quiet time before the checks run again (ms). */
  readonly checkDelayMs?: number;
  /** Today as YYYY-MM-DD (for the 印发日期 fix). */
  readonly today?: () => string;
}

/** Keyboard shortcuts of the editor, for the F1 help sheet. */
export const editorShortcuts: readonly (readonly [string, string])[] = [
  ['Ctrl + Z', '撤销（任何编辑，包括移动、插入、校对修正）'],
  ['Ctrl + Shift + Z / Ctrl + Y', '重做'],
  ['Enter', '段落中：在光标处分段；标题中：新起一段'],
  ['Backspace（段首）', '与上一段合并'],
  ['/ 或 、（空段落开头）', '插入命令：标题、对比表、柱状图、分页符……'],
  ['Alt + ↑ / Alt + ↓', '上移 / 下移当前块'],
  ['Ctrl + B', '加粗选中的文字'],
  ['Ctrl + Shift + 1…4', '设为一至四级标题'],
  ['Ctrl + E', '导出 PDF'],
  ['Ctrl + Shift + C', '打开校对'],
  ['Esc', '关闭菜单或对话框'],
];

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The open draft. The briefing is immutable: every edit makes a new version through a pure
 * function of core/briefing, so undo keeps whole versions cheaply and Svelte re-renders only the
 * blocks that changed. Every edit goes through `#commit`, so autosave, undo, the checks and the
 * preview all see it.
 */
export class EditorState {
  draft = $state.raw<Briefing>() as Briefing;
  status = $state<SaveStatus>({ kind: 'idle' });
  /** Bumped on every change of the draft (the preview and the checks listen). */
  changes = $state(0);
  canUndo = $state(false);
  canRedo = $state(false);
  undoLabel = $state<string | null>(null);
  redoLabel = $state<string | null>(null);
  /** The field that should take the focus next (after an insert, undo, a jump …). */
  focusRequest = $state.raw<FocusRequest | null>(null);
  /** The block the caret is in (insertions go after it). */
  activeBlockId = $state<string | null>(null);
  /** A block to flash after a jump. */
  highlightBlockId = $state<string | null>(null);
  /** An IME composition is in progress somewhere in the editor. */
  composing = $state(false);
  /** Turn ASCII punctuation typed after Chinese into full-width (the default). */
  fullWidth = $state(true);
  panel = $state<SidePanel>('preview');
  /** A metadata field to focus in the panel (a jump from 校对 or a click on the masthead). */
  metaFocus = $state.raw<{ field: keyof BriefingMeta; nonce: number } | null>(null);
  exportOpen = $state(false);
  /** ms the last preview took from edit to painted pages (export progress estimates from it). */
  lastPreviewMs = $state<number | null>(null);
  /** The table or chart builder, when open; `replaceId` is the block it rebuilds or replaces. */
  chooser = $state.raw<{ kind: 'table' | 'chart'; replaceId?: string } | null>(null);
  exporting = $state(false);
  lastExport = $state.raw<ExportOutcome | null>(null);
  /** The 校对 issues of the current draft (recomputed shortly after edits stop). */
  issues = $state.raw<CheckIssue[]>([]);
  /** Library items the draft refers to, for the checks: null when the library no longer has one. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole on change ($state.raw), never mutated
  items = $state.raw<ReadonlyMap<string, LibraryItemLike | null>>(new Map());
  /** Characters no font can draw, from the PDF engine. */
  glyphProblems = $state.raw<GlyphProblem[]>([]);
  /** 期号 / 总期号 suggested from the last draft of the same series. */
  suggestion = $state.raw<{ issueNumber: number; totalIssueNumber: number | null; from: string } | null>(null);

  readonly #saver: Autosaver<Briefing>;
  readonly #undo = new UndoStack<Briefing, FocusTarget>({ limit: 500, coalesceMs: 1_000 });
  readonly #notify: (kind: 'info' | 'error', text: string) => void;
  readonly #client: EditorClient;
  readonly #timers: Timers;
  readonly #checkDelayMs: number;
  readonly #today: () => string;
  #checkTimer: unknown = null;
  #nonce = 0;
  #focus: FocusTarget | null = null;
  #disposed = false;

  constructor(draft: Briefing, notify: (kind: 'info' | 'error', text: string) => void, options: EditorOptions = {}) {
    this.draft = draft;
    this.#notify = notify;
    this.#client = options.client ?? api;
    this.#timers = options.timers ?? { setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms), clearTimeout: (h) => globalThis.clearTimeout(h as number) };
    this.#checkDelayMs = options.checkDelayMs ?? 400;
    this.#today = options.today ?? todayIso;
    this.#saver = new Autosaver<Briefing>({
      save: async (snapshot) => {
        const result = await this.#client.saveDraft({ draft: snapshot });
        return result.ok ? { ok: true, value: { savedAt: result.value.savedAt } } : result;
      },
      // The draft is immutable: the current version is its own snapshot.
      snapshot: () => this.draft,
      onStatus: (status) => {
        this.status = status;
      },
      ...(options.saveDelayMs !== undefined ? { delayMs: options.saveDelayMs } : {}),
      timers: this.#timers,
    });
    this.runChecks();
  }

  // ------------------------------------------------------------------------------------------
  // The one way in

  /** Replaces the draft with `next` as one undoable step. */
  #commit(next: Briefing, label: string, options: { coalesce?: string; focus?: FocusTarget | null } = {}): void {
    if (next === this.draft || this.#disposed) return;
    this.#undo.record(this.draft, label, {
      ...(options.coalesce ? { coalesceKey: options.coalesce } : {}),
      ...(this.#focus ? { focus: this.#focus } : {}),
    });
    this.draft = next;
    this.#changed();
    if (options.focus) this.requestFocus(options.focus);
  }

  #changed(): void {
    this.changes++;
    this.canUndo = this.#undo.canUndo;
    this.canRedo = this.#undo.canRedo;
    this.undoLabel = this.#undo.undoLabel;
    this.redoLabel = this.#undo.redoLabel;
    this.#saver.touch();
    this.#scheduleChecks();
  }

  /** Applies a pure edit as one undoable step (for components with their own operations). */
  apply(fn: (draft: Briefing) => Briefing, label: string, options: { coalesce?: string; focus?: FocusTarget } = {}): void {
    this.#commit(fn(this.draft), label, options);
  }

  /** Compatibility with the first slice: a mutation of a copy. */
  edit(mutate: (draft: Briefing) => void): void {
    const copy = structuredClone(this.draft);
    mutate(copy);
    this.#commit(copy, '编辑');
  }

  // ------------------------------------------------------------------------------------------
  // Focus

  /** Asks the field `target` to take the focus (the component holding it obeys). */
  requestFocus(target: FocusTarget): void {
    this.focusRequest = { ...target, nonce: ++this.#nonce };
    if (target.blockId) this.activeBlockId = target.blockId;
  }

  /** A field got the focus or its selection moved: remembered for undo and for insertions. */
  noteFocus(target: FocusTarget): void {
    const previous = this.#focus;
    if (!previous || previous.blockId !== target.blockId || previous.field !== target.field) this.#undo.seal();
    this.#focus = target;
    if (target.blockId !== null && this.activeBlockId !== target.blockId) this.activeBlockId = target.blockId;
  }

  /** Where the caret is. */
  get focus(): FocusTarget | null {
    return this.#focus;
  }

  /** Jumps to where an issue is: the block (scrolled into view, flashed and focused), or a metadata field. */
  jumpTo(target: CheckTarget): void {
    if (target.kind === 'meta') {
      this.panel = 'meta';
      this.metaFocus = { field: target.field, nonce: ++this.#nonce };
      return;
    }
    if (target.kind === 'title') {
      this.requestFocus({ blockId: null, field: 'title', offset: 0 });
      return;
    }
    this.highlightBlockId = target.blockId;
    const field = target.field ?? firstField(this.draft.blocks.find((b) => b.id === target.blockId));
    this.requestFocus({ blockId: target.blockId, field, ...(target.offset !== undefined ? { offset: target.offset } : {}) });
  }

  /** Shows the history panel (menu 历史版本). */
  openHistory(): void {
    this.panel = 'history';
  }

  /** 存为版本 — the history panel has the name field (menu 存为版本…). */
  saveVersion(): void {
    this.panel = 'history';
  }

  /** Opens the metadata panel on a field (clicking the masthead). */
  editMeta(field: keyof BriefingMeta): void {
    this.jumpTo({ kind: 'meta', field });
  }

  // ------------------------------------------------------------------------------------------
  // Text

  setTitle(text: string): void {
    this.#commit(setTitle(this.draft, text), '修改标题', { coalesce: 'title' });
  }

  setEditorNote(text: string): void {
    if (text === this.draft.meta.editorNote) return;
    this.#commit(setMeta(this.draft, { editorNote: text }), '修改编者按', { coalesce: 'editorNote' });
  }

  /** Sets a text field of a block (see setBlockField for the names). Typing in one field is one step. */
  setField(blockId: string, field: string, text: string): void {
    const block = this.draft.blocks.find((b) => b.id === blockId);
    if (!block) return;
    this.#commit(replaceBlock(this.draft, setBlockField(block, field, text)), '输入文字', { coalesce: `${blockId}:${field}` });
  }

  /** Sets a paragraph's runs (typing, with weights carried over). */
  setRuns(blockId: string, runs: TextRun[]): void {
    this.#commit(
      updateBlock(this.draft, blockId, 'paragraph', (b) => ({ ...b, runs })),
      '输入文字',
      { coalesce: `${blockId}:text` },
    );
  }

  /** Replaces a paragraph's text (weights carried over). */
  setParagraphText(id: string, text: string): void {
    this.#commit(
      updateBlock(this.draft, id, 'paragraph', (b) => (runsText(b.runs) === text ? b : { ...b, runs: applyTextChange(b.runs, text) })),
      '输入文字',
      { coalesce: `${id}:text` },
    );
  }

  /** Replaces a heading's text. */
  setHeadingText(id: string, text: string): void {
    this.setField(id, 'text', text);
  }

  /** 加粗 — toggles bold on [start, end) of a paragraph. */
  toggleBold(id: string, start: number, end: number): void {
    if (start === end) {
      this.#notify('info', '请先选中要加粗的文字。');
      return;
    }
    this.#commit(
      updateBlock(this.draft, id, 'paragraph', (b) => ({ ...b, runs: toggleBold(b.runs, start, end) })),
      '加粗',
      { focus: { blockId: id, field: 'text', offset: start, end } },
    );
  }

  /** Enter inside a paragraph: splits it at `offset`; the caret goes to the new paragraph. */
  splitParagraph(id: string, offset: number): void {
    const newId = newBlockId();
    this.#commit(splitParagraph(this.draft, id, offset, newId), '分段', { focus: { blockId: newId, field: 'text', offset: 0 } });
  }

  /** Backspace at the start of a paragraph: joins the paragraph before it. */
  mergeWithPrevious(id: string): boolean {
    const merged = mergeWithPrevious(this.draft, id);
    if (!merged) return false;
    this.#commit(merged.briefing, '合并段落', { focus: { blockId: merged.caret.blockId, field: 'text', offset: merged.caret.offset } });
    return true;
  }

  /**
   * Pastes paragraphs into a paragraph at [start, end): the first joins the text before the caret,
   * the last takes the text after it, those between become paragraphs of their own.
   */
  pasteParagraphs(id: string, start: number, end: number, paragraphs: readonly string[]): void {
    const block = this.draft.blocks.find((b) => b.id === id);
    if (!block || block.type !== 'paragraph' || paragraphs.length === 0) return;
    if (paragraphs.length === 1) {
      const runs = replaceInRuns(block.runs, start, end, paragraphs[0]!);
      this.#commit(replaceBlock(this.draft, { ...block, runs }), '粘贴', { focus: { blockId: id, field: 'text', offset: start + paragraphs[0]!.length } });
      return;
    }
    const text = runsText(block.runs);
    const head = replaceInRuns(block.runs, start, text.length, paragraphs[0]!);
    const tail = text.slice(end);
    const middle = paragraphs.slice(1, -1).map((p): Block => ({ id: newBlockId(), type: 'paragraph', runs: [{ text: p }] }));
    const last = paragraphs[paragraphs.length - 1]!;
    const lastId = newBlockId();
    const lastBlock: Block = { id: lastId, type: 'paragraph', runs: [{ text: last + tail }] };
    const index = indexOfBlock(this.draft, id);
    const next = insertBlocks(replaceBlock(this.draft, { ...block, runs: head }), [...middle, lastBlock], index + 1);
    this.#commit(next, `粘贴 ${paragraphs.length} 段`, { focus: { blockId: lastId, field: 'text', offset: last.length } });
  }

  // ------------------------------------------------------------------------------------------
  // Blocks

  /** Where an insertion goes: after the block the caret is in, else at the end. */
  insertionIndex(): number {
    const i = this.activeBlockId ? indexOfBlock(this.draft, this.activeBlockId) : -1;
    return i < 0 ? this.draft.blocks.length : i + 1;
  }

  /**
   * Inserts blocks at `index` as one step and focuses the first. Without an index they go after
   * the caret's block, or take the place of the empty paragraph the caret is in.
   */
  insertBlocks(blocks: Block[], index?: number, label = `插入${blockTypeName(blocks[0]?.type ?? 'paragraph')}`): void {
    if (blocks.length === 0) return;
    const first = blocks[0]!;
    if (index === undefined) {
      const active = this.draft.blocks.find((b) => b.id === this.activeBlockId);
      if (active && active.type === 'paragraph' && runsText(active.runs).trim() === '' && first.type !== 'paragraph') {
        this.replaceWith(active.id, blocks, label);
        this.highlightBlockId = first.id;
        return;
      }
    }
    this.#commit(insertBlocks(this.draft, blocks, index ?? this.insertionIndex()), label, { focus: { blockId: first.id, field: firstField(first) } });
    this.highlightBlockId = first.id;
  }

  /** Opens the table or chart builder; the result replaces `replaceId` (an empty paragraph or the block being rebuilt). */
  openChooser(kind: 'table' | 'chart', replaceId?: string): void {
    this.chooser = { kind, ...(replaceId ? { replaceId } : {}) };
  }

  /** Inserts an empty block of a kind; headings take `level`. Returns its id. */
  insertBlock(type: Exclude<BlockType, 'excerpt'>, options: { index?: number; level?: number } = {}): string {
    const id = newBlockId();
    let block = emptyBlock(type, id);
    if (block.type === 'heading' && options.level) block = { ...block, level: Math.max(1, Math.min(4, options.level)) };
    this.insertBlocks([block], options.index, block.type === 'heading' ? `插入${block.level}级标题` : `插入${blockTypeName(type)}`);
    return id;
  }

  /** Compatibility with the first slice: appends a heading or a paragraph after `afterId`. */
  addBlock(type: 'heading' | 'paragraph', afterId?: string): string {
    const i = afterId ? indexOfBlock(this.draft, afterId) : -1;
    return this.insertBlock(type, { index: i >= 0 ? i + 1 : this.draft.blocks.length });
  }

  /**
   * Replaces the block `id` with `block` (a `/` command on an empty paragraph turns it into the
   * chosen block) as one step.
   */
  replaceWith(id: string, blocks: Block[], label: string): void {
    const index = indexOfBlock(this.draft, id);
    if (index < 0 || blocks.length === 0) return;
    const next = insertBlocks(removeBlocks(this.draft, [id]), blocks, index);
    this.#commit(next, label, { focus: { blockId: blocks[0]!.id, field: firstField(blocks[0]!) } });
  }

  /** Removes a block; the caret goes to its neighbour. */
  removeBlock(id: string): void {
    const index = indexOfBlock(this.draft, id);
    if (index < 0) return;
    const block = this.draft.blocks[index]!;
    const neighbour = this.draft.blocks[index - 1] ?? this.draft.blocks[index + 1];
    this.#commit(removeBlocks(this.draft, [id]), `删除${blockTypeName(block.type)}`, neighbour ? { focus: { blockId: neighbour.id, field: firstField(neighbour) } } : {});
    if (this.activeBlockId === id) this.activeBlockId = neighbour?.id ?? null;
  }

  /** Moves a block up (−1) or down (+1); keeps the caret where it was. */
  moveBlockBy(id: string, delta: number): void {
    const from = indexOfBlock(this.draft, id);
    if (from < 0) return;
    this.moveBlockTo(id, from + delta);
  }

  /** Moves a block so that it ends up at `toIndex`. */
  moveBlockTo(id: string, toIndex: number): void {
    const keep = this.#focus && this.#focus.blockId === id ? this.#focus : { blockId: id, field: firstField(this.draft.blocks.find((b) => b.id === id)) };
    this.#commit(moveBlock(this.draft, id, toIndex), '移动块', { focus: keep });
  }

  /** Changes a heading's level. */
  setHeadingLevel(id: string, level: number): void {
    this.#commit(setHeadingLevel(this.draft, id, level), `改为${level}级标题`);
  }

  /** Turns a paragraph into a heading of `level` (or a heading's level), keeping its text. */
  makeHeading(id: string, level: number): void {
    const block = this.draft.blocks.find((b) => b.id === id);
    if (!block) return;
    if (block.type === 'heading') return this.setHeadingLevel(id, level);
    if (block.type !== 'paragraph') return;
    this.#commit(replaceBlock(this.draft, { id, type: 'heading', level, text: runsText(block.runs) }), `改为${level}级标题`, {
      focus: { blockId: id, field: 'text' },
    });
  }

  /** 取消关联 — an excerpt becomes plain text, no longer tied to the library. */
  unlink(id: string): void {
    this.#commit(unlinkExcerpt(this.draft, id), '取消关联', { focus: { blockId: id, field: 'text' } });
  }

  /** Switches an excerpt between the verbatim quote and an indicator statement. */
  setExcerptMode(id: string, mode: 'quote' | 'statement'): void {
    const block = this.draft.blocks.find((b) => b.id === id);
    if (!block || block.type !== 'excerpt' || block.mode === mode) return;
    const item = this.items.get(block.itemId);
    if (mode === 'statement' && !block.frozen.figure) return;
    let next: Block = { ...block, mode };
    if (mode === 'statement' && block.before === undefined && block.after === undefined) {
      const made = excerptFromItem(item ?? frozenAsItem(block.itemId, block.frozen), undefined, id, 'statement');
      next = { ...next, ...(made.before !== undefined ? { before: made.before } : {}), ...(made.after !== undefined ? { after: made.after } : {}) };
    }
    this.#commit(replaceBlock(this.draft, next), mode === 'quote' ? '改为原文摘录' : '改为指标表述');
  }

  // ------------------------------------------------------------------------------------------
  // Library

  /** Remembers library items (for the checks and statements). */
  rememberItems(items: readonly LibraryItemLike[], missing: readonly string[] = []): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new version of `items`, assigned whole below
    const next = new Map(this.items);
    for (const item of items) next.set(item.id, item);
    for (const id of missing) next.set(id, null);
    this.items = next;
    this.#scheduleChecks();
  }

  /** Ids of every library item the draft refers to. */
  referencedItemIds(): string[] {
    return referencedItemIds(this.draft);
  }

  /**
   * Inserts a library item at `index` (default: after the caret's block) as an excerpt; `frozen`
   * is the library's own copy of it with its citation, when the library gave one.
   */
  insertItem(item: LibraryItemLike, source: LibrarySourceLike | undefined, index?: number, options: { mode?: 'quote' | 'statement'; frozen?: FrozenItem | null } = {}): string {
    this.rememberItems([item]);
    const made = excerptFromItem(item, source, newBlockId(), options.mode);
    const block = options.frozen ? { ...made, frozen: options.frozen } : made;
    this.insertBlocks([block], index, block.mode === 'statement' ? '插入指标表述' : '插入资料摘录');
    return block.id;
  }

  /** Inserts a comparison table (对比表) built from the library. */
  insertTable(items: readonly LibraryItemLike[], metrics: readonly string[], places: readonly string[], options: ComparisonTableOptions = {}, replaceId?: string): string {
    this.rememberItems(items);
    const block = comparisonTable(items, metrics, places, replaceId ?? newBlockId(), options);
    if (replaceId && this.draft.blocks.some((b) => b.id === replaceId)) {
      this.#commit(replaceBlock(this.draft, block), '更新对比表');
    } else {
      this.insertBlocks([block], undefined, '插入对比表');
    }
    return block.id;
  }

  /** Inserts a bar chart (柱状图) of library indicators; `sources` lets its note cite them. */
  insertChart(items: readonly LibraryItemLike[], title?: string, replaceId?: string, sources?: ReadonlyMap<string, LibrarySourceLike>, all?: readonly LibraryItemLike[]): string {
    this.rememberItems(items);
    const { block, skipped } = barChart(items, replaceId ?? newBlockId(), title, sources, all ?? items);
    if (skipped.length > 0) this.#notify('info', `${skipped.length} 个条目没有可比的数值或单位不同，未画入柱状图。`);
    if (replaceId && this.draft.blocks.some((b) => b.id === replaceId)) {
      this.#commit(replaceBlock(this.draft, block), '更新柱状图');
    } else {
      this.insertBlocks([block], undefined, '插入柱状图');
    }
    return block.id;
  }

  // ------------------------------------------------------------------------------------------
  // Metadata and template

  /** Changes metadata; typing in one field is one step. */
  setMeta(patch: Partial<BriefingMeta>, coalesce?: string): void {
    const changed = (Object.keys(patch) as (keyof BriefingMeta)[]).some((k) => JSON.stringify(patch[k]) !== JSON.stringify(this.draft.meta[k]));
    if (!changed) return;
    this.#commit(setMeta(this.draft, patch), '修改简报信息', coalesce ? { coalesce: `meta:${coalesce}` } : {});
  }

  /** Switches the template (the preview re-renders). */
  setTemplate(template: TemplateRef): void {
    if (template.id === this.draft.template.id && template.version === this.draft.template.version) return;
    this.#commit({ ...this.draft, template: { ...template } }, '更换模板');
  }

  /** Replaces the whole draft (a history version was restored): undoable like any edit. */
  replaceDraft(draft: Briefing, label = '恢复历史版本'): void {
    this.#commit(draft, label);
  }

  /** Looks up the last draft of the same series and suggests the next 期号 / 总期号. */
  async suggestIssueNumbers(): Promise<void> {
    const series = this.draft.meta.seriesName.trim();
    const list = await this.#client.listDrafts({});
    if (!list.ok) return;
    const same = list.value.filter((d) => d.id !== this.draft.id && d.seriesName.trim() === series && d.issueNumber !== null);
    const last = same.sort((a, b) => (b.issueNumber ?? 0) - (a.issueNumber ?? 0) || (a.updatedAt < b.updatedAt ? 1 : -1))[0];
    if (!last || last.issueNumber === null) {
      this.suggestion = null;
      return;
    }
    const full = await this.#client.getDraft({ id: last.id });
    const total = full.ok && full.value.meta.totalIssueNumber !== null ? full.value.meta.totalIssueNumber + 1 : null;
    this.suggestion = { issueNumber: last.issueNumber + 1, totalIssueNumber: total, from: last.title || `${last.seriesName}第${last.issueNumber}期` };
    this.#scheduleChecks();
  }

  // ------------------------------------------------------------------------------------------
  // Undo

  /** 撤销 — steps back over the last edit of any kind. */
  undo(): void {
    if (this.composing) return;
    if (foreignField()) {
      // A field that is not part of the briefing (the library search box): its own undo.
      document.execCommand('undo');
      return;
    }
    const step = this.#undo.undo(this.draft, this.#focus ?? undefined);
    if (!step) return;
    this.draft = step.state;
    this.#changed();
    // Back to the field; the text area puts the caret after the change itself.
    if (step.focus) this.requestFocus({ blockId: step.focus.blockId, field: step.focus.field });
  }

  /** 重做 */
  redo(): void {
    if (this.composing) return;
    if (foreignField()) {
      document.execCommand('redo');
      return;
    }
    const step = this.#undo.redo(this.draft, this.#focus ?? undefined);
    if (!step) return;
    this.draft = step.state;
    this.#changed();
    // Back to the field; the text area puts the caret after the change itself.
    if (step.focus) this.requestFocus({ blockId: step.focus.blockId, field: step.focus.field });
  }

  // ------------------------------------------------------------------------------------------
  // Checks (校对)

  #scheduleChecks(): void {
    if (this.#checkTimer !== null) this.#timers.clearTimeout(this.#checkTimer);
    this.#checkTimer = this.#timers.setTimeout(() => {
      this.#checkTimer = null;
      this.runChecks();
    }, this.#checkDelayMs);
  }

  /** Runs the checks now. */
  runChecks(): CheckIssue[] {
    const items = this.items;
    this.issues = proofread(this.draft, {
      item: (id) => items.get(id),
      glyphProblems: this.glyphProblems,
      suggestedIssueNumber: this.suggestion?.issueNumber ?? null,
      today: this.#today(),
    });
    return this.issues;
  }

  /** Asks the PDF engine which characters no font can draw, then runs the checks. */
  async checkGlyphs(): Promise<void> {
    const result = await this.#client.checkBriefing({ briefing: this.draft });
    if (!result.ok) return;
    const problems: GlyphProblem[] = [];
    for (const m of result.value.missingGlyphs) {
      for (const where of m.where.length > 0 ? m.where : ['']) {
        const n = /^第(\d+)块/.exec(where);
        const block = n ? this.draft.blocks[Number(n[1]) - 1] : undefined;
        problems.push({ char: m.char, blockId: block?.id ?? null, where: block ? null : where.replace(/（.*$/, '') || null });
      }
    }
    this.glyphProblems = problems;
    this.runChecks();
  }

  /** Applies the one-click fix of an issue (undoable). */
  fix(issue: CheckIssue): void {
    if (!issue.fix) return;
    this.#commit(applyCheckFix(this.draft, issue.fix.action), `校对：${issue.fix.label}`);
    this.runChecks();
  }

  // ------------------------------------------------------------------------------------------
  // Saving and export

  /** An IME composition started or ended: no save starts in the middle of one. */
  setComposing(composing: boolean): void {
    this.composing = composing;
    this.#saver.hold(composing);
    if (!composing) this.#undo.seal();
  }

  /** Saves what is pending now; true when everything is on disk. */
  flush(): Promise<boolean> {
    return this.#saver.flush();
  }

  /** 导出 PDF — opens the export dialog (menu 导出 PDF…, Ctrl+E). */
  exportPdf(): void {
    this.runChecks();
    this.exportOpen = true;
  }

  /**
   * Exports through the save dialog: a single file, or numbered copies (份号 000001 …) with
   * recipients. Saves first; returns what was written, or null (cancelled or failed, with a notice).
   */
  async runExport(
    options: { copies?: number; recipients?: string[]; watermark?: string; fileName?: string; jobId?: string } = {},
  ): Promise<ExportOutcome | null> {
    if (this.exporting) return null;
    this.exporting = true;
    try {
      if (!(await this.flush())) {
        this.#notify('error', '草稿保存失败，暂不能导出。请先解决保存问题。');
        return null;
      }
      const result = await this.#client.exportPdf({
        draftId: this.draft.id,
        ...(options.copies !== undefined && options.copies > 1 ? { copies: options.copies } : {}),
        ...(options.recipients && options.recipients.length > 0 ? { recipients: options.recipients } : {}),
        ...(options.watermark !== undefined ? { watermark: options.watermark } : {}),
        ...(options.fileName !== undefined ? { fileName: options.fileName } : {}),
        ...(options.jobId !== undefined ? { jobId: options.jobId } : {}),
      });
      if (!result.ok) {
        if (result.code !== 'CANCELLED') this.#notify('error', result.message);
        return null;
      }
      const v = result.value;
      const files = v.copies.length > 0 ? [...v.copies.map((c) => c.path), ...(v.register ? [v.register.pdf, v.register.csv] : [])] : [v.path];
      this.lastExport = { path: v.path, pages: v.pageCount, files, warnings: v.warnings ?? [] };
      return this.lastExport;
    } finally {
      this.exporting = false;
    }
  }

  /** Shows a written file in the system file manager. */
  showInFolder(path: string): void {
    void this.#client.showInFolder({ path });
  }

  /** Saves and stops: true when it is safe to leave the editor. */
  async close(): Promise<boolean> {
    const saved = await this.flush();
    if (saved) this.dispose();
    return saved;
  }

  dispose(): void {
    this.#disposed = true;
    this.#saver.dispose();
    if (this.#checkTimer !== null) this.#timers.clearTimeout(this.#checkTimer);
  }
}

/**
 * True when the focus is in a text field that is not part of the briefing (the library's search
 * box): undo and redo from the menu or the keyboard act on that field, not on the draft.
 */
function foreignField(): boolean {
  if (typeof document === 'undefined') return false;
  const el = document.activeElement as HTMLElement | null;
  if (!el || !(el.tagName === 'INPUT' || el.tagName === 'TEXTAREA')) return false;
  return el.closest('[data-testid="library-panel"]') !== null && typeof document.execCommand === 'function';
}

/** The first field of a block, where the caret goes after inserting it. */
export function firstField(block: Block | undefined): string {
  switch (block?.type) {
    case 'excerpt':
      return block.mode === 'statement' ? 'before' : '';
    case 'table':
      return 'caption';
    case 'chart':
    case 'attachment':
      return 'title';
    case 'pageBreak':
    case undefined:
      return '';
    default:
      return 'text';
  }
}

/** A frozen copy seen as a library item (when the library is not at hand). */
function frozenAsItem(id: string, frozen: Extract<Block, { type: 'excerpt' }>['frozen']): LibraryItemLike {
  return {
    id,
    kind: frozen.kind,
    city: frozen.city,
    district: frozen.district,
    subject: frozen.subject,
    value: frozen.figure?.value,
    unit: frozen.figure?.unit,
    year: frozen.figure?.year,
    qualifier: frozen.figure?.qualifier,
    quote: frozen.quote,
    sourceId: frozen.citation.sourceId,
    paragraph: frozen.citation.paragraph,
  };
}
