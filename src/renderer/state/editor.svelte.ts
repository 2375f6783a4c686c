import { toggleMark } from 'prosemirror-commands';
import { closeHistory, redo, redoDepth, undo, undoDepth } from 'prosemirror-history';
import type { Node as PMNode } from 'prosemirror-model';
import { NodeSelection, Selection, TextSelection, type Command, type EditorState as PMState, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import {
  applyFix as applyCheckFix,
  barChart,
  blockText,
  comparisonTable,
  countHanzi,
  emptyBlock,
  excerptFromItem,
  linkedFigureRun,
  locateCharacters,
  proofread,
  referencedItemIds,
  replaceBlock,
  setBlockField,
  setHeadingLevel,
  setMeta,
  setTitle,
  statementParagraph,
  unlinkExcerpt,
  type CheckIssue,
  type CheckTarget,
  type ComparisonTableOptions,
  type LibraryItemLike,
  type LibrarySourceLike,
} from '../../core/briefing';
import type { Api, ExportFormat, RefusedField } from '../../shared/api';
import type { Block, BlockType, Briefing, BriefingMeta, TemplateRef } from '../../shared/briefing';
import { api } from '../api';
import type { InsertCommand } from '../components/editor/commands';
import { createBodyState } from '../editor/body';
import { currentBlock, insertBlocksCommand, moveBlock, selectionIn, setTextblockType, unlinkFigures } from '../editor/commands';
import { blockToNode, docToBriefing, newBlockCache, offsetOfPosition, positionOfOffset, runsToInline, type BlockCache, type BriefingHead } from '../editor/mapping';
import { findKey, replaceAll, replaceCurrent, setFindQuery, stepFind, type FindState } from '../editor/plugins/find';
import type { RefusedChange } from '../editor/plugins/limits';
import { slashKey, type SlashState } from '../editor/plugins/slash';
import { boldMark, nodes } from '../editor/schema';
import { Autosaver, type SaveStatus, type Timers } from './autosave';
import { answerUnsaved, stashDraft, utf8Bytes, type UnsavedAtUnload } from '../transport/unload';
import { fieldLabel } from '../components/close/close-check';
import { requestLibraryFocus } from './library.svelte';

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
  /** every file written: the file of each format, or the numbered copies (each in every format), then the register */
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
  /** A fresh block id (tests pass a counter). */
  readonly newId?: () => string;
  /** ms of pause in typing that starts a new undo step. */
  readonly newGroupDelay?: number;
}

/** Keyboard shortcuts of the editor, for the F1 help sheet. */
export const editorShortcuts: readonly (readonly [string, string])[] = [
  ['Ctrl + Z', '撤销（任何编辑，包括移动、插入、校对修正）'],
  ['Ctrl + Shift + Z / Ctrl + Y', '重做'],
  ['Enter / Shift + Enter', '在光标处分段；标题末尾：新起一段正文'],
  ['Backspace（段首）', '与上一段合并；紧跟在全角转换之后：恢复半角'],
  ['Ctrl + F / Ctrl + H', '查找 / 查找与替换（标题和正文）'],
  ['/ 或 、（空段落开头）', '插入命令：标题、对比表、柱状图、分页符……'],
  ['Alt + ↑ / Alt + ↓', '上移 / 下移当前块'],
  ['Ctrl + B', '加粗选中的文字'],
  ['Ctrl + Shift + 1…4 / Ctrl + Shift + 0', '设为一至四级标题 / 正文段落'],
  ['Ctrl + E', '导出（PDF/Word/OFD）…'],
  ['Ctrl + Shift + C', '打开校对'],
  ['Esc', '关闭菜单或对话框'],
];

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** What the caret is on: the toolbar shows it (block type, heading level, bold, a linked figure). */
export interface CaretInfo {
  readonly blockType: string | null;
  readonly level: number | null;
  readonly bold: boolean;
  readonly figure: boolean;
}

function caretInfo(state: PMState): CaretInfo {
  const here = currentBlock(state);
  const sel = state.selection;
  const marks = state.storedMarks ?? sel.$from.marks();
  let figure = sel instanceof NodeSelection && sel.node.type === nodes.figure;
  if (!figure && !sel.empty) state.doc.nodesBetween(sel.from, sel.to, (n) => void (n.type === nodes.figure && (figure = true)));
  return {
    blockType: here ? here.node.type.name : null,
    level: here && here.node.type === nodes.heading ? (here.node.attrs.level as number) : null,
    bold: boldMark.isInSet(marks) !== undefined,
    figure,
  };
}

/** The top-level node of block `id`, with its position. */
function findBlockNode(doc: PMNode, id: string): { node: PMNode; pos: number } | null {
  let found: { node: PMNode; pos: number } | null = null;
  doc.forEach((node, pos) => {
    if (!found && node.attrs.id === id) found = { node, pos };
  });
  return found;
}

function sameHead(a: BriefingHead, b: BriefingHead): boolean {
  return a.title === b.title && a.meta === b.meta && a.template === b.template && a.id === b.id && a.schemaVersion === b.schemaVersion;
}

/**
 * Replaces, in `tr`, the top-level nodes of `oldBlocks` by those of `blocks`, keeping the common
 * prefix and suffix (blocks that are the same objects) untouched.
 */
function replaceChangedBlocks(tr: Transaction, doc: PMNode, oldBlocks: readonly Block[], blocks: readonly Block[]): void {
  // The doc may hold a placeholder paragraph that is not a block.
  const offset = doc.childCount - oldBlocks.length;
  let start = 0;
  while (start < oldBlocks.length && start < blocks.length && oldBlocks[start] === blocks[start]) start++;
  let endOld = oldBlocks.length;
  let endNew = blocks.length;
  while (endOld > start && endNew > start && oldBlocks[endOld - 1] === blocks[endNew - 1]) {
    endOld--;
    endNew--;
  }
  let from = 0;
  for (let i = 0; i < start + (start === 0 ? 0 : offset); i++) from += doc.child(i).nodeSize;
  let to = from;
  for (let i = start + (start === 0 ? 0 : offset); i < endOld + offset; i++) to += doc.child(i).nodeSize;
  const inserted = blocks.slice(start, endNew).map(blockToNode);
  if (inserted.length === 0 && from === 0 && to === doc.content.size) inserted.push(nodes.paragraph.create({ id: '' }));
  tr.replaceWith(from, to, inserted);
}

function countOccurrences(text: string, query: string): number {
  return query === '' ? 0 : text.split(query).length - 1;
}

/** 校对's issue for a field the store refused on save: where it is, what is on disk instead. */
function refusedIssue(refused: RefusedField): CheckIssue {
  const name = refused.field === 'blocks' ? '正文中的一块' : fieldLabel(refused.field);
  const why = refused.code === 'too_big' && refused.limit !== null ? `超过上限 ${refused.limit}` : '格式不符合要求';
  const kept = refused.kept === 'previous' ? '磁盘上保留的是上次能保存的内容' : '这部分没有保存';
  const metaField = refused.field.startsWith('meta.') ? (refused.field.slice(5) as keyof BriefingMeta) : null;
  const target: CheckTarget = metaField ? { kind: 'meta', field: metaField } : refused.blockId ? { kind: 'block', blockId: refused.blockId } : { kind: 'title' };
  return {
    id: `refused:${refused.field}:${refused.blockId ?? ''}`,
    code: 'field-refused',
    severity: 'error',
    message: `“${name}”未能保存（${why}），${kept}。请改正后再保存。`,
    target,
  };
}

/** The Chinese notice for a change the saved format would refuse. */
function refusedMessage(refused: RefusedChange): string {
  if (refused.blockType === 'doc') return '正文的块数已达上限，无法继续添加。';
  return refused.code === 'too_big' ? '这一段的文字超过了允许的长度，改动未生效。' : '这一改动会使简报无法保存，未生效。';
}

/**
 * The open draft. While it is open the truth is the ProseMirror state of its body (the briefing's
 * head — title, metadata, template — rides in the doc's `head` attribute), so every edit, typed
 * or made by a button, the library, 校对 or a restore, is a transaction of one history. `draft`
 * is the briefing that state maps to (unchanged blocks reuse their mapped objects), and every
 * change of it reaches autosave, the checks and the preview through `#changed`.
 */
export class EditorState {
  draft = $state.raw<Briefing>() as Briefing;
  status = $state<SaveStatus>({ kind: 'idle' });
  /** Bumped on every change of the draft (the preview and the checks listen). */
  changes = $state(0);
  canUndo = $state(false);
  canRedo = $state(false);
  /** A field outside the body (title, 编者按, a table cell) that should take the focus next. */
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
  /** Every indicator of the library and its sources, for the contradiction check (set once loaded). */
  #library: { indicators: readonly LibraryItemLike[]; sources: ReadonlyMap<string, LibrarySourceLike> } | null = null;
  /** Characters no font can draw, from the PDF engine (located in the draft by each check run). */
  missingChars = $state.raw<string[]>([]);
  /** 期号 / 总期号 suggested from the last draft of the same series. */
  suggestion = $state.raw<{ issueNumber: number; totalIssueNumber: number | null; from: string } | null>(null);
  /** The `/` menu of the body. */
  slash = $state.raw<SlashState | null>(null);
  /** 查找与替换 in the body: matches and the current one. */
  find = $state.raw<FindState | null>(null);
  /** The find bar: closed, find only (Ctrl+F) or find and replace (Ctrl+H). */
  findBar = $state<'closed' | 'find' | 'replace'>('closed');
  /** What the caret is on, for the toolbar: the block type (heading level) and bold. */
  caret = $state.raw<CaretInfo>({ blockType: null, level: null, bold: false, figure: false });
  /** Fields the store refused at the last save (kept at their last valid value on disk). */
  refused = $state.raw<readonly RefusedField[]>([]);
  /** 字数 for the status bar: characters without spaces, and 汉字. */
  counts = $state.raw<{ chars: number; hanzi: number }>({ chars: 0, hanzi: 0 });

  readonly #saver: Autosaver<Briefing>;
  readonly #notify: (kind: 'info' | 'error', text: string) => void;
  readonly #client: EditorClient;
  readonly #timers: Timers;
  readonly #checkDelayMs: number;
  readonly #today: () => string;
  readonly #cache: BlockCache = newBlockCache();
  #pm: PMState;
  #view: EditorView | null = null;
  #checkTimer: unknown = null;
  /** A button's edit is its own undo step: it closes the history event before and after it. */
  #buttonStep = false;
  #closeNext = false;
  #nonce = 0;
  #focus: FocusTarget | null = null;
  #disposed = false;
  /** Stops answering the browser mode's ask at tab close (see `#unsavedAtUnload`). */
  readonly #stopAnswering: () => void;

  constructor(draft: Briefing, notify: (kind: 'info' | 'error', text: string) => void, options: EditorOptions = {}) {
    this.#notify = notify;
    this.#client = options.client ?? api;
    this.#timers = options.timers ?? { setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms), clearTimeout: (h) => globalThis.clearTimeout(h as number) };
    this.#checkDelayMs = options.checkDelayMs ?? 400;
    this.#today = options.today ?? todayIso;
    this.#pm = createBodyState(draft, {
      newId: options.newId ?? newBlockId,
      fullWidth: () => this.fullWidth,
      onRefused: (refused) => this.#notify('error', refusedMessage(refused)),
      onSlashPick: (command) => this.runInsertCommand(command),
      ...(options.newGroupDelay !== undefined ? { newGroupDelay: options.newGroupDelay } : {}),
    });
    this.draft = docToBriefing(this.#pm.doc, this.#cache);
    this.#afterState(this.#pm);
    this.#saver = new Autosaver<Briefing>({
      save: async (snapshot) => {
        const result = await this.#client.saveDraft({ draft: snapshot });
        if (result.ok) {
          // A field the schema refused: the rest is on disk, 校对 says which field kept its old value.
          const refused = result.value.refused ?? [];
          if (refused.length > 0 || this.refused.length > 0) {
            this.refused = refused;
            this.runChecks();
          }
        }
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
    this.#counts();
    this.runChecks();
    // The browser mode asks what is unsaved when its tab goes away (transport/unload.ts).
    this.#stopAnswering = typeof window === 'undefined' ? () => undefined : answerUnsaved(window, () => this.#unsavedAtUnload());
  }

  /** What this editor has not saved yet, for a tab that is going away; null when everything is on disk. */
  #unsavedAtUnload(): UnsavedAtUnload | null {
    if (this.#disposed || !this.#saver.isDirty) return null;
    const draft = this.draft;
    return {
      draftId: draft.id,
      bytes: utf8Bytes(JSON.stringify({ draft })),
      failing: this.status.kind === 'error',
      flush: () => void this.flush(),
      stash: (stashedAt) => stashDraft(localStorageOrUndefined(), draft, stashedAt),
    };
  }

  // ------------------------------------------------------------------------------------------
  // The one way in: transactions

  /** The ProseMirror state (the view is created from it). */
  get pmState(): PMState {
    return this.#pm;
  }

  /** The view showing the body, once mounted; transactions then go through it. */
  attachView(view: EditorView | null): void {
    this.#view = view;
  }

  get view(): EditorView | null {
    return this.#view;
  }

  /** Applies a transaction (through the view when there is one, so the DOM follows). */
  dispatch(tr: Transaction): void {
    if (this.#disposed) return;
    if (this.#view) this.#view.dispatch(tr);
    else this.applyTransaction(tr);
  }

  /** The view's `dispatchTransaction`: the new state, then everything that follows a change. */
  applyTransaction(tr: Transaction): void {
    if (this.#disposed) return;
    if (tr.docChanged && (this.#buttonStep || this.#closeNext)) {
      closeHistory(tr);
      this.#closeNext = this.#buttonStep;
    }
    const previous = this.#pm;
    const next = previous.apply(tr);
    this.#pm = next;
    this.#view?.updateState(next);
    this.#afterState(next);
    if (next.doc !== previous.doc) {
      this.draft = docToBriefing(next.doc, this.#cache);
      this.#changed();
    }
  }

  /** Runs a ProseMirror command on the state as one undo step of its own (a button, a menu). */
  run(command: Command): boolean {
    return this.#asStep(() => command(this.#pm, (tr) => this.dispatch(tr), this.#view ?? undefined));
  }

  /** Everything `fn` dispatches is one undo step, never merged with typing or another button. */
  #asStep<T>(fn: () => T): T {
    const outer = this.#buttonStep;
    this.#buttonStep = true;
    try {
      return fn();
    } finally {
      this.#buttonStep = outer;
    }
  }

  #afterState(state: PMState): void {
    this.slash = slashKey.getState(state) ?? null;
    this.find = findKey.getState(state) ?? null;
    this.canUndo = undoDepth(state) > 0;
    this.canRedo = redoDepth(state) > 0;
    const here = currentBlock(state);
    const id = here ? (here.node.attrs.id as string) || null : null;
    if (this.activeBlockId !== id) this.activeBlockId = id;
    const caret = caretInfo(state);
    if (caret.blockType !== this.caret.blockType || caret.level !== this.caret.level || caret.bold !== this.caret.bold || caret.figure !== this.caret.figure) this.caret = caret;
  }

  #changed(): void {
    this.changes++;
    this.#saver.touch();
    this.#scheduleChecks();
  }

  #counts(): void {
    const text = [this.draft.title, this.draft.meta.editorNote, ...this.draft.blocks.map(blockText)].join('');
    let chars = 0;
    for (const ch of text) if (!/\s/.test(ch)) chars++;
    this.counts = { chars, hanzi: countHanzi(this.draft) };
  }

  /**
   * Moves the draft to `next` (made by a pure function of core/briefing) as one transaction: the
   * head through the doc attribute, the blocks by replacing only the run of top-level nodes that
   * differ (blocks the function left alone are the same objects and keep their nodes).
   */
  #commit(next: Briefing, options: { focus?: FocusTarget | null } = {}): void {
    if (next === this.draft || this.#disposed) return;
    const tr = this.#pm.tr;
    const { blocks, ...head } = next;
    const { blocks: oldBlocks, ...oldHead } = this.draft;
    if (!sameHead(head, oldHead)) tr.setDocAttribute('head', head);
    if (blocks !== oldBlocks) replaceChangedBlocks(tr, this.#pm.doc, oldBlocks, blocks);
    if (!tr.docChanged) return;
    this.#asStep(() => this.dispatch(tr.scrollIntoView()));
    if (options.focus) this.requestFocus(options.focus);
  }

  /** Applies a pure edit as one undoable step (for components with their own operations). */
  apply(fn: (draft: Briefing) => Briefing, _label?: string, options: { focus?: FocusTarget } = {}): void {
    this.#commit(fn(this.draft), options);
  }

  // ------------------------------------------------------------------------------------------
  // Focus

  /**
   * Puts the caret where `target` says: a block of the body at a character offset (as the
   * checks count them), a field inside a table or chart, or the title / 编者按 fields.
   */
  requestFocus(target: FocusTarget): void {
    this.#focus = target;
    if (target.blockId === null) {
      this.focusRequest = { ...target, nonce: ++this.#nonce };
      return;
    }
    this.activeBlockId = target.blockId;
    const found = findBlockNode(this.#pm.doc, target.blockId);
    if (!found) return;
    const { node, pos } = found;
    let selection: Selection;
    if (node.isAtom) {
      selection = NodeSelection.create(this.#pm.doc, pos);
      // A field inside the node view (a table cell) takes the focus itself.
      if (target.field) this.focusRequest = { ...target, nonce: ++this.#nonce };
    } else if (node.type === nodes.attachment) {
      const index = target.field === 'title' || !target.field ? 0 : Number(/\d+$/.exec(target.field)?.[0] ?? 0) + 1;
      const childIndex = Math.min(index, node.childCount - 1);
      let childPos = pos + 1;
      for (let i = 0; i < childIndex; i++) childPos += node.child(i).nodeSize;
      selection = TextSelection.create(this.#pm.doc, positionOfOffset(node.child(childIndex), childPos, target.offset ?? 0));
    } else {
      const from = positionOfOffset(node, pos, target.offset ?? 0);
      const to = target.end !== undefined ? positionOfOffset(node, pos, target.end) : from;
      selection = TextSelection.create(this.#pm.doc, from, to);
    }
    // Focus first: ProseMirror scrolls a selection into view only when it owns the page's selection
    // (a jump from the preview or 校对 comes from outside the body).
    if (!node.isAtom || !target.field) this.#view?.focus();
    this.dispatch(this.#pm.tr.setSelection(selection).scrollIntoView().setMeta('addToHistory', false));
  }

  /** A field outside the body got the focus (title, a table cell): remembered for insertions. */
  noteFocus(target: FocusTarget): void {
    this.#focus = target;
    if (target.blockId !== null && this.activeBlockId !== target.blockId) this.activeBlockId = target.blockId;
  }

  /** Where the caret is: in the body, the block and offset of the selection. */
  get focus(): FocusTarget | null {
    if (this.#view?.hasFocus() || this.#focus === null) {
      const here = currentBlock(this.#pm);
      if (!here) return this.#focus;
      const sel = this.#pm.selection;
      const offset = here.node.isTextblock ? offsetOfPosition(here.node, here.pos, sel.from) : 0;
      const end = here.node.isTextblock ? offsetOfPosition(here.node, here.pos, sel.to) : 0;
      return { blockId: here.node.attrs.id as string, field: 'text', offset, end };
    }
    return this.#focus;
  }

  /** Back to the body (after the library panel, Esc). */
  focusBody(): void {
    this.#view?.focus();
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
    this.requestFocus({ blockId: target.blockId, field: target.field ?? '', ...(target.offset !== undefined ? { offset: target.offset } : {}) });
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
  // Text outside the body, and formatting

  setTitle(text: string): void {
    this.#commit(setTitle(this.draft, text));
  }

  setEditorNote(text: string): void {
    if (text === this.draft.meta.editorNote) return;
    this.#commit(setMeta(this.draft, { editorNote: text }));
  }

  /** Sets a text field of a block (table captions and cells, chart titles and bars: see setBlockField). */
  setField(blockId: string, field: string, text: string): void {
    const block = this.draft.blocks.find((b) => b.id === blockId);
    if (!block) return;
    this.#commit(replaceBlock(this.draft, setBlockField(block, field, text)));
  }

  /** 加粗 — toggles bold on the selection of the body. */
  toggleBold(): void {
    if (this.#pm.selection.empty) {
      this.#notify('info', '请先选中要加粗的文字。');
      return;
    }
    this.run(toggleMark(boldMark));
    this.focusBody();
  }

  /** Turns the block holding the caret into a paragraph (level 0), a heading of `level`, or a 按语. */
  setCaretBlockType(kind: 'paragraph' | 'note' | 1 | 2 | 3 | 4): void {
    if (kind === 'paragraph') this.run(setTextblockType(nodes.paragraph));
    else if (kind === 'note') this.run(setTextblockType(nodes.note, { label: null }));
    else this.run(setTextblockType(nodes.heading, { level: kind }));
    this.focusBody();
  }

  /** Changes a heading's level. */
  setHeadingLevel(id: string, level: number): void {
    this.#commit(setHeadingLevel(this.draft, id, level));
  }

  /**
   * 取消关联 — the linked figures in the selection become plain text; with `id`, an excerpt block
   * becomes a plain paragraph of its quote.
   */
  unlink(id?: string): void {
    if (id !== undefined) {
      this.#commit(unlinkExcerpt(this.draft, id), { focus: { blockId: id, field: 'text' } });
      return;
    }
    this.run(unlinkFigures);
  }

  // ------------------------------------------------------------------------------------------
  // Blocks

  /**
   * Inserts blocks at top-level `index` as one step and puts the caret in the first. Without an
   * index they go after the caret's block, or take the place of the empty paragraph the caret is in.
   */
  insertBlocks(blocks: Block[], index?: number): void {
    if (blocks.length === 0) return;
    this.run(insertBlocksCommand(blocks.map(blockToNode), index));
    this.highlightBlockId = blocks[0]!.id;
    const first = blocks[0]!;
    if (first.type === 'table') this.focusRequest = { blockId: first.id, field: 'caption', nonce: ++this.#nonce };
    else if (first.type === 'chart') this.focusRequest = { blockId: first.id, field: 'title', nonce: ++this.#nonce };
    else this.focusBody();
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
    this.insertBlocks([block], options.index);
    return id;
  }

  /** A `/` command (or the toolbar's insert menu): inserts its block or opens its chooser. */
  runInsertCommand(command: InsertCommand): void {
    if (command.chooser === 'library') requestLibraryFocus();
    else if (command.chooser) this.openChooser(command.chooser);
    else this.insertBlock(command.type as Exclude<BlockType, 'excerpt'>, command.level !== undefined ? { level: command.level } : {});
  }

  /** Removes a block; the caret goes to its neighbour. */
  removeBlock(id: string): void {
    const found = findBlockNode(this.#pm.doc, id);
    if (!found) return;
    const tr = this.#pm.tr.delete(found.pos, found.pos + found.node.nodeSize);
    if (tr.doc.childCount === 0) tr.insert(0, nodes.paragraph.create({ id: '' }));
    tr.setSelection(Selection.near(tr.doc.resolve(Math.min(found.pos, tr.doc.content.size))));
    this.#asStep(() => this.dispatch(tr.scrollIntoView()));
  }

  /** Moves a block up (−1) or down (+1); keeps the caret where it was. */
  moveBlockBy(id: string, delta: -1 | 1): void {
    const found = findBlockNode(this.#pm.doc, id);
    if (!found) return;
    if (currentBlock(this.#pm)?.pos !== found.pos) this.dispatch(this.#pm.tr.setSelection(selectionIn(this.#pm.doc, found.pos)));
    this.run(moveBlock(delta));
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

  /** The whole library, for the check of typed figures that contradict it. */
  useLibrary(indicators: readonly LibraryItemLike[], sources: ReadonlyMap<string, LibrarySourceLike>): void {
    this.#library = { indicators, sources };
    this.#scheduleChecks();
  }

  /** Ids of every library item the draft refers to. */
  referencedItemIds(): string[] {
    return referencedItemIds(this.draft);
  }

  /**
   * Inserts a library item: an indicator as a sentence of the official's own words around its
   * linked figure (a paragraph), a measure as its verbatim quote (资料摘录). The frozen copy with
   * its citation is made from `item` and `source` by core (toFrozenItem), the one way to freeze.
   */
  insertItem(item: LibraryItemLike, source: LibrarySourceLike | undefined, index?: number, options: { mode?: 'quote' | 'statement' } = {}): string {
    this.rememberItems([item]);
    const id = newBlockId();
    const quote = options.mode === 'quote' || item.kind !== 'indicator' || typeof item.value !== 'number';
    this.insertBlocks([quote ? excerptFromItem(item, source, id) : statementParagraph(item, source, id)], index);
    return id;
  }

  /** Inserts an indicator's linked figure at the caret (or at `pos`) inside the text. */
  insertFigure(item: LibraryItemLike, source: LibrarySourceLike | undefined, pos?: number): boolean {
    const run = linkedFigureRun(item, undefined, source);
    const node = run ? runsToInline([run])[0] : undefined;
    if (!node) return false;
    const at = pos ?? this.#pm.selection.from;
    const atPos = this.#pm.doc.resolve(at);
    if (!atPos.parent.type.contentMatch.matchType(nodes.figure) && atPos.parent.type !== nodes.paragraph) return false;
    this.rememberItems([item]);
    const tr = pos === undefined ? this.#pm.tr.replaceSelectionWith(node, true) : this.#pm.tr.insert(at, node);
    this.#asStep(() => this.dispatch(tr.scrollIntoView()));
    this.focusBody();
    return true;
  }

  /** Inserts a comparison table (对比表) built from the library. */
  insertTable(items: readonly LibraryItemLike[], metrics: readonly string[], places: readonly string[], options: ComparisonTableOptions = {}, replaceId?: string): string {
    this.rememberItems(items);
    const block = comparisonTable(items, metrics, places, replaceId ?? newBlockId(), options);
    if (replaceId && this.draft.blocks.some((b) => b.id === replaceId)) this.#commit(replaceBlock(this.draft, block));
    else this.insertBlocks([block]);
    return block.id;
  }

  /** Inserts a bar chart (柱状图) of library indicators; `sources` lets its note cite them. */
  insertChart(items: readonly LibraryItemLike[], title?: string, replaceId?: string, sources?: ReadonlyMap<string, LibrarySourceLike>, all?: readonly LibraryItemLike[]): string {
    this.rememberItems(items);
    const { block, skipped } = barChart(items, replaceId ?? newBlockId(), title, sources, all ?? items);
    if (skipped.length > 0) this.#notify('info', `${skipped.length} 个条目没有可比的数值或单位不同，未画入柱状图。`);
    if (replaceId && this.draft.blocks.some((b) => b.id === replaceId)) this.#commit(replaceBlock(this.draft, block));
    else this.insertBlocks([block]);
    return block.id;
  }

  // ------------------------------------------------------------------------------------------
  // Metadata and template

  /** Changes metadata. */
  setMeta(patch: Partial<BriefingMeta>, _coalesce?: string): void {
    const changed = (Object.keys(patch) as (keyof BriefingMeta)[]).some((k) => JSON.stringify(patch[k]) !== JSON.stringify(this.draft.meta[k]));
    if (!changed) return;
    this.#commit(setMeta(this.draft, patch));
  }

  /** Switches the template (the preview re-renders). */
  setTemplate(template: TemplateRef): void {
    if (template.id === this.draft.template.id && template.version === this.draft.template.version) return;
    this.#commit({ ...this.draft, template: { ...template } });
  }

  /** Replaces the whole draft (a history version was restored): undoable like any edit. */
  replaceDraft(draft: Briefing): void {
    this.#commit(draft);
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
  // Undo (one history: the body, the title, the metadata, inserts, fixes and restores)

  /** 撤销 — steps back over the last edit of any kind; the caret goes back where it was. */
  undo(): void {
    if (this.#view?.composing) return;
    if (foreignField()) {
      // A field that is not part of the briefing (the library's search box): its own undo.
      document.execCommand('undo');
      return;
    }
    this.run(undo);
  }

  /** 重做 */
  redo(): void {
    if (this.#view?.composing) return;
    if (foreignField()) {
      document.execCommand('redo');
      return;
    }
    this.run(redo);
  }

  // ------------------------------------------------------------------------------------------
  // Find and replace

  /** Opens the find bar (Ctrl+F) or find and replace (Ctrl+H); the selection seeds the query. */
  openFind(mode: 'find' | 'replace'): void {
    this.findBar = mode;
    const sel = this.#pm.selection;
    if (!sel.empty && sel.to - sel.from < 60) {
      const text = this.#pm.doc.textBetween(sel.from, sel.to, ' ', '');
      if (text.trim() !== '') this.setFindQuery(text);
    }
  }

  closeFind(): void {
    this.findBar = 'closed';
    this.setFindQuery('');
    this.focusBody();
  }

  setFindQuery(query: string): void {
    this.dispatch(setFindQuery(this.#pm, query));
  }

  /** The next (+1) or previous (−1) match, selected in the body. */
  findStep(delta: 1 | -1): void {
    const tr = stepFind(this.#pm, delta);
    if (tr) this.dispatch(tr.setMeta('addToHistory', false));
  }

  /** Replaces the current match in the body. */
  replaceOne(replacement: string): void {
    const tr = replaceCurrent(this.#pm, replacement);
    if (tr) this.#asStep(() => this.dispatch(tr));
  }

  /** Replaces every match in the title and the body as one step; returns how many. */
  replaceEverywhere(replacement: string): number {
    const query = this.find?.query ?? '';
    if (query === '') return 0;
    const inTitle = countOccurrences(this.draft.title, query);
    const inBody = this.find?.matches.length ?? 0;
    const tr = replaceAll(this.#pm, replacement) ?? this.#pm.tr;
    if (inTitle > 0) tr.setDocAttribute('head', { ...(this.#pm.doc.attrs.head as object), title: this.draft.title.split(query).join(replacement) });
    if (tr.docChanged) this.#asStep(() => this.dispatch(tr));
    return inTitle + inBody;
  }

  // ------------------------------------------------------------------------------------------
  // Checks (校对)

  #scheduleChecks(): void {
    if (this.#checkTimer !== null) this.#timers.clearTimeout(this.#checkTimer);
    this.#checkTimer = this.#timers.setTimeout(() => {
      this.#checkTimer = null;
      // Counted with the checks, after typing pauses: not on every keystroke.
      this.#counts();
      this.runChecks();
    }, this.#checkDelayMs);
  }

  /** Runs the checks now. */
  runChecks(): CheckIssue[] {
    const items = this.items;
    this.issues = proofread(this.draft, {
      item: (id) => items.get(id),
      glyphProblems: locateCharacters(this.draft, this.missingChars),
      suggestedIssueNumber: this.suggestion?.issueNumber ?? null,
      today: this.#today(),
      ...(this.#library ? { indicators: this.#library.indicators, source: (id: string) => this.#library?.sources.get(id) } : {}),
    }).concat(this.refused.map(refusedIssue));
    return this.issues;
  }

  /**
   * Asks the PDF engine which characters no font can draw, then runs the checks (each run locates
   * them in the current draft, so the places follow the edits).
   */
  async checkGlyphs(): Promise<void> {
    const result = await this.#client.checkBriefing({ briefing: this.draft });
    if (!result.ok) return;
    this.missingChars = result.value.missingGlyphs.map((m) => m.char);
    this.runChecks();
  }

  /** Applies the one-click fix of an issue (undoable). */
  fix(issue: CheckIssue): void {
    if (!issue.fix) return;
    this.#commit(applyCheckFix(this.draft, issue.fix.action));
    this.runChecks();
  }

  // ------------------------------------------------------------------------------------------
  // Saving and export

  /** An IME composition started or ended: no save starts in the middle of one. */
  setComposing(composing: boolean): void {
    this.composing = composing;
    this.#saver.hold(composing);
  }

  /** Saves what is pending now; true when everything is on disk. */
  flush(): Promise<boolean> {
    return this.#saver.flush();
  }

  /** Opens the export dialog: PDF, Word, OFD, numbered copies (menu 导出（PDF/Word/OFD）…, Ctrl+E). */
  exportPdf(): void {
    this.runChecks();
    this.exportOpen = true;
  }

  /**
   * Exports through the save dialog: a single file, or numbered copies (份号 000001 …) with
   * recipients. Saves first; returns what was written, or null (cancelled or failed, with a notice).
   */
  async runExport(
    options: { copies?: number; recipients?: string[]; watermark?: string; fileName?: string; jobId?: string; formats?: ExportFormat[]; embedFonts?: boolean } = {},
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
        // PDF alone is the service's default: only another choice is sent.
        ...(options.formats && options.formats.length > 0 && options.formats.join() !== 'pdf' ? { formats: options.formats } : {}),
        ...(options.embedFonts && options.formats?.includes('docx') ? { embedFonts: true } : {}),
      });
      if (!result.ok) {
        if (result.code !== 'CANCELLED') this.#notify('error', result.message);
        return null;
      }
      const v = result.value;
      const files = v.files ? v.files.map((f) => f.path) : v.copies.length > 0 ? [...v.copies.map((c) => c.path), ...(v.register ? [v.register.pdf, v.register.csv] : [])] : [v.path];
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
    this.#stopAnswering();
    this.#saver.dispose();
    if (this.#checkTimer !== null) this.#timers.clearTimeout(this.#checkTimer);
  }
}

/** The page's localStorage, or undefined where there is none or reading it throws. */
function localStorageOrUndefined(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
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

