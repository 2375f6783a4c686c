import { cleanup } from '@testing-library/svelte';
import { joinBackward, splitBlock } from 'prosemirror-commands';
import { Fragment, Slice } from 'prosemirror-model';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runsText } from '../../core/briefing';
import { briefingSchema, type Briefing } from '../../shared/briefing';
import { items, makeEditor, measure, mountBody, sampleBriefing, source } from '../components/editor/test-support';
import { offsetOfPosition } from '../editor/mapping';
import { nodes, schema } from '../editor/schema';
import type { EditorState } from './editor.svelte';

/** The top-level block holding the PM selection, and the selection's character offsets in it. */
function caretOf(editor: EditorState): { blockId: string; offset: number; end: number } | null {
  const sel = editor.pmState.selection;
  if (sel.$from.depth === 0) return null;
  const node = sel.$from.node(1);
  const pos = sel.$from.before(1);
  return { blockId: node.attrs.id as string, offset: offsetOfPosition(node, pos, sel.from), end: offsetOfPosition(node, pos, sel.to) };
}

const paragraphText = (editor: EditorState, id: string) => {
  const block = editor.draft.blocks.find((b) => b.id === id);
  return block?.type === 'paragraph' ? runsText(block.runs) : undefined;
};

/** Types at the selection of the body, as the view does (no view: straight into the state). */
const typeAtCaret = (editor: EditorState, text: string) => editor.dispatch(editor.pmState.tr.insertText(text));

/** A pause longer than the history's grouping delay (ProseMirror stamps transactions with Date.now()). */
const pause = () => vi.setSystemTime(Date.now() + 2_000);

describe('EditorState undo/redo across every kind of edit', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('undoes and redoes text, structure, metadata, template, library inserts and fixes, in order', () => {
    const { editor } = makeEditor();
    const start = editor.draft;
    const versions: Briefing[] = [start];
    const step = (fn: () => void) => {
      fn();
      pause(); // the writer stops between edits: typing does not merge with the next one
      versions.push(editor.draft);
    };
    step(() => editor.setTitle('新标题'));
    step(() => {
      editor.requestFocus({ blockId: 'p2', field: 'text', offset: 0, end: 7 });
      typeAtCaret(editor, '优化营商环境，服务企业。');
    });
    step(() => {
      editor.requestFocus({ blockId: 'p2', field: 'text', offset: 0, end: 2 });
      editor.toggleBold();
    });
    step(() => {
      editor.requestFocus({ blockId: 'p2', field: 'text', offset: 4 });
      editor.run(splitBlock);
    });
    step(() => editor.moveBlockBy('h2', -1));
    step(() => editor.setHeadingLevel('h2', 3));
    step(() => editor.setMeta({ issueNumber: 4 }));
    step(() => editor.setTemplate({ id: 'other', version: '1.0.0' }));
    step(() => editor.insertItem(items[0]!, source, 1));
    step(() => editor.insertItem(measure, source));
    step(() => editor.insertTable(items, ['技术转化率'], ['南京', '杭州']));
    step(() => editor.insertChart(items.slice(2)));
    step(() => editor.insertBlock('pageBreak'));
    step(() => editor.removeBlock('h1'));
    step(() => editor.setMeta({ issueDate: null }));
    step(() => editor.fix(editor.runChecks().find((i) => i.code === 'missing-date')!));
    const last = editor.draft;
    expect(versions).toHaveLength(17);
    // every step changed the draft
    for (let i = 1; i < versions.length; i++) expect(versions[i], `step ${i}`).not.toEqual(versions[i - 1]);
    expect(last.meta.issueDate).toBe('2025-02-08');
    expect(paragraphText(editor, 'p2')).toBe('优化营商');
    for (let i = versions.length - 2; i >= 0; i--) {
      editor.undo();
      expect(editor.draft, `undo to version ${i}`).toEqual(versions[i]);
    }
    expect(editor.canUndo).toBe(false);
    for (let i = 1; i < versions.length; i++) {
      editor.redo();
      expect(editor.draft, `redo to version ${i}`).toEqual(versions[i]);
    }
    expect(editor.draft).toEqual(last);
    expect(editor.canRedo).toBe(false);
  });

  it('merges a burst of typing into one step, a pause starts the next, and undo puts the caret back', () => {
    const { editor } = makeEditor();
    editor.requestFocus({ blockId: 'p2', field: 'text', offset: 2 });
    for (const ch of '加快') typeAtCaret(editor, ch);
    pause();
    for (const ch of '持续') typeAtCaret(editor, ch);
    expect(paragraphText(editor, 'p2')).toBe('优化加快持续营商环境。');
    editor.undo();
    expect(paragraphText(editor, 'p2')).toBe('优化加快营商环境。');
    expect(caretOf(editor)).toEqual({ blockId: 'p2', offset: 4, end: 4 });
    editor.undo();
    expect(paragraphText(editor, 'p2')).toBe('优化营商环境。');
    expect(caretOf(editor)).toEqual({ blockId: 'p2', offset: 2, end: 2 });
    expect(editor.canUndo).toBe(false);
  });

  it('a library insert right after typing is an undo step of its own', () => {
    const { editor } = makeEditor();
    editor.requestFocus({ blockId: 'p2', field: 'text', offset: 7 });
    typeAtCaret(editor, '再接再厉。');
    editor.insertItem(items[0]!, source);
    expect(editor.draft.blocks).toHaveLength(5);
    editor.undo();
    expect(editor.draft.blocks).toHaveLength(4);
    expect(paragraphText(editor, 'p2')).toBe('优化营商环境。再接再厉。');
  });

  // Found while migrating: two edits made by buttons (an insert, 取消关联, a 校对 fix) within the
  // history's grouping delay (700 ms) of each other and touching the same text join one undo
  // step (prosemirror-history groups adjacent changes by time), so one Ctrl+Z takes back both.
  // The textarea editor kept every command a step of its own. A `closeHistory(tr)` on command
  // transactions (insertBlocksCommand, unlinkFigures, EditorState.#commit) would restore that.
  // Remove `.fails` once they are separate steps.
  it('two button edits in quick succession are two undo steps', () => {
    const { editor } = makeEditor();
    const id = editor.insertItem(items[0]!, source);
    editor.requestFocus({ blockId: id, field: 'text', offset: 9, end: 12 });
    editor.unlink();
    editor.undo();
    expect(editor.draft.blocks.find((b) => b.id === id)).toMatchObject({ runs: [{}, { text: '28%', link: { itemId: 'nj-ttr' } }, {}] });
  });

  it('Enter at the start, in the middle or at the end of a paragraph is taken back by one undo', () => {
    for (const offset of [0, 4, 7]) {
      const { editor, notices } = makeEditor();
      editor.requestFocus({ blockId: 'p2', field: 'text', offset });
      editor.run(splitBlock);
      expect(editor.draft.blocks, `split at ${offset}`).toHaveLength(5);
      editor.undo();
      expect(editor.draft.blocks, `undo of the split at ${offset}`).toEqual(sampleBriefing().blocks);
      expect(notices).toEqual([]);
      editor.redo();
      expect(editor.draft.blocks, `redo of the split at ${offset}`).toHaveLength(5);
    }
  });

  it('keeps bold while typing and splits/joins paragraphs with the caret where a word processor puts it', () => {
    const { editor } = makeEditor();
    editor.requestFocus({ blockId: 'p1', field: 'text', offset: 2 });
    typeAtCaret(editor, '要');
    expect(editor.draft.blocks[1]).toEqual({ id: 'p1', type: 'paragraph', runs: [{ text: '一是要', bold: true }, { text: '加强统筹。' }] });
    editor.requestFocus({ blockId: 'p1', field: 'text', offset: 3 });
    expect(editor.run(splitBlock)).toBe(true);
    const second = editor.draft.blocks[2]!;
    expect(second.id).not.toBe('p1');
    expect(second).toMatchObject({ type: 'paragraph', runs: [{ text: '加强统筹。' }] });
    expect(caretOf(editor)).toEqual({ blockId: second.id, offset: 0, end: 0 });
    expect(editor.run(joinBackward)).toBe(true);
    expect(editor.draft.blocks[1]).toEqual({ id: 'p1', type: 'paragraph', runs: [{ text: '一是要', bold: true }, { text: '加强统筹。' }] });
    expect(caretOf(editor)).toEqual({ blockId: 'p1', offset: 3, end: 3 });
  });

  it('pastes several paragraphs as paragraphs of their own, with fresh ids, as one step', () => {
    const { editor } = makeEditor();
    editor.requestFocus({ blockId: 'p2', field: 'text', offset: 2 });
    // What the view makes of three pasted lines: a slice of paragraphs open at both ends.
    const lines = ['甲。', '乙。', '丙'].map((t) => nodes.paragraph.create({ id: 'p2' }, schema.text(t)));
    editor.dispatch(editor.pmState.tr.replaceSelection(new Slice(Fragment.from(lines), 1, 1)));
    const texts = editor.draft.blocks.slice(3).map((b) => (b.type === 'paragraph' ? runsText(b.runs) : ''));
    expect(texts).toEqual(['优化甲。', '乙。', '丙营商环境。']);
    const ids = editor.draft.blocks.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(briefingSchema.safeParse(editor.draft).success).toBe(true);
    editor.undo();
    expect(editor.draft.blocks).toEqual(sampleBriefing().blocks);
  });

  it('inserts after the caret block, or in place of the empty paragraph the caret is in', () => {
    const { editor } = makeEditor();
    editor.requestFocus({ blockId: 'h1', field: 'text' });
    editor.insertBlock('note');
    expect(editor.draft.blocks[1]!.type).toBe('note');
    const empty = editor.insertBlock('paragraph');
    expect(editor.draft.blocks[2]!.id).toBe(empty);
    expect(caretOf(editor)?.blockId).toBe(empty);
    const statement = editor.insertItem(items[0]!, source);
    expect(editor.draft.blocks.some((b) => b.id === empty)).toBe(false);
    // An indicator becomes a sentence around its linked figure, where the empty paragraph was.
    expect(editor.draft.blocks[2]).toMatchObject({
      id: statement,
      type: 'paragraph',
      runs: [{ text: '南京技术转化率仅为' }, { text: '28%', link: { itemId: 'nj-ttr', frozen: { figure: { value: 28, unit: '%' } } } }, { text: '（江苏省科技厅2023年数据）。' }],
    });
    // The caret is in it, so a measure goes after it, as its quote.
    const quote = editor.insertItem(measure, source);
    expect(editor.draft.blocks[3]).toMatchObject({ id: quote, type: 'excerpt', itemId: 'hz-policy', frozen: { quote: measure.quote } });
    expect(editor.draft.blocks).toHaveLength(7);
  });

  it('unlinks a linked figure and an excerpt into plain text, undoably', () => {
    const { editor } = makeEditor();
    const id = editor.insertItem(items[0]!, source);
    pause();
    // 取消关联 of the selected figure: the statement keeps its words, the figure becomes text.
    editor.requestFocus({ blockId: id, field: 'text', offset: 9, end: 12 });
    expect(editor.caret.figure).toBe(true);
    editor.unlink();
    expect(editor.draft.blocks.find((b) => b.id === id)).toEqual({ id, type: 'paragraph', runs: [{ text: '南京技术转化率仅为28%（江苏省科技厅2023年数据）。' }] });
    editor.undo();
    expect(editor.draft.blocks.find((b) => b.id === id)).toMatchObject({ runs: [{}, { text: '28%', link: { itemId: 'nj-ttr' } }, {}] });
    // 取消关联 of an excerpt: a paragraph of its quote.
    const excerpt = editor.insertItem(measure, source);
    pause();
    editor.unlink(excerpt);
    expect(editor.draft.blocks.find((b) => b.id === excerpt)).toEqual({ id: excerpt, type: 'paragraph', runs: [{ text: measure.quote }] });
    editor.undo();
    expect(editor.draft.blocks.find((b) => b.id === excerpt)?.type).toBe('excerpt');
  });

  it('restoring a history version is one undoable step', () => {
    const { editor } = makeEditor();
    const before = editor.draft;
    const restored: Briefing = { ...sampleBriefing(), title: '送审稿', blocks: [{ id: 'r1', type: 'paragraph', runs: [{ text: '恢复的正文。' }] }] };
    editor.replaceDraft(restored);
    expect(editor.draft).toEqual(restored);
    editor.undo();
    expect(editor.draft).toEqual(before);
    expect(editor.canUndo).toBe(false);
    editor.redo();
    expect(editor.draft).toEqual(restored);
  });

  it('holds autosave during an IME composition and saves after it', () => {
    // Without a view the composition is what BodyEditor reports through setComposing.
    const scheduled: (() => void)[] = [];
    const timers = { setTimeout: (fn: () => void) => scheduled.push(fn), clearTimeout: () => undefined };
    const { editor, calls } = makeEditor(undefined, {}, { timers });
    editor.setComposing(true);
    editor.setTitle('甲');
    while (scheduled.length > 0) scheduled.shift()!();
    expect(calls.filter((c) => c.method === 'saveDraft')).toHaveLength(0);
    editor.setComposing(false);
    while (scheduled.length > 0) scheduled.shift()!();
    expect(calls.filter((c) => c.method === 'saveDraft')).toHaveLength(1);
  });
});

describe('EditorState with the body mounted', () => {
  afterEach(() => cleanup());

  it('does not undo in the middle of an IME composition', () => {
    const { editor } = makeEditor();
    const { view } = mountBody(editor);
    editor.setTitle('甲');
    view.dom.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    expect(view.composing).toBe(true);
    expect(editor.composing).toBe(true);
    editor.undo();
    expect(editor.draft.title).toBe('甲');
    view.dom.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '' }));
    expect(editor.composing).toBe(false);
    editor.undo();
    expect(editor.draft.title).toBe('杭州“六小龙”现象对我市的启示');
  });

  it('Ctrl+Z and Ctrl+Shift+Z in the body go through the one history', () => {
    const { editor } = makeEditor();
    const { press, type } = mountBody(editor);
    editor.setMeta({ issueNumber: 9 });
    editor.requestFocus({ blockId: 'p2', field: 'text', offset: 7 });
    type('再接再厉');
    expect(press('z', { ctrlKey: true })).toBe(true);
    expect(paragraphText(editor, 'p2')).toBe('优化营商环境。');
    expect(press('z', { ctrlKey: true })).toBe(true);
    expect(editor.draft.meta.issueNumber).toBe(3);
    expect(press('z', { ctrlKey: true, shiftKey: true })).toBe(true);
    expect(editor.draft.meta.issueNumber).toBe(9);
    expect(press('y', { ctrlKey: true })).toBe(true);
    expect(paragraphText(editor, 'p2')).toBe('优化营商环境。再接再厉');
  });
});

describe('EditorState checks, suggestions and export', () => {
  it('runs the checks after edits and applies a fix as an undoable step', async () => {
    const { editor } = makeEditor();
    editor.setMeta({ issueDate: null });
    await new Promise((r) => setTimeout(r, 5));
    const issue = editor.issues.find((i) => i.code === 'missing-date');
    expect(issue?.fix?.label).toBe('填入今天（2025年2月8日）');
    editor.fix(issue!);
    expect(editor.draft.meta.issueDate).toBe('2025-02-08');
    expect(editor.issues.some((i) => i.code === 'missing-date')).toBe(false);
    editor.undo();
    expect(editor.draft.meta.issueDate).toBeNull();
  });

  it('locates characters the engine cannot draw in the draft itself, at the character, and follows edits', async () => {
    const { editor } = makeEditor(undefined, {
      // the engine's place (a block id that is not this draft's) is not read: the check locates the character itself
      checkBriefing: async () => ({ ok: true, value: { missingGlyphs: [{ char: '𰻞', codePoint: 0x30ede, where: [{ blockId: 'b9' }] }], warnings: [], fonts: [] } }),
    });
    const p1 = editor.draft.blocks.find((b) => b.id === 'p1');
    const text = p1?.type === 'paragraph' ? runsText(p1.runs) : '';
    editor.replaceDraft({ ...editor.draft, blocks: editor.draft.blocks.map((b) => (b.id === 'p1' ? { id: 'p1', type: 'paragraph', runs: [{ text: `${text}𰻞` }] } : b)) });
    await editor.checkGlyphs();
    const issue = editor.issues.find((i) => i.code === 'missing-glyph');
    expect(issue?.target).toEqual({ kind: 'block', blockId: 'p1', field: 'text', offset: text.length, length: 2 });
    editor.setTitle('𰻞');
    editor.runChecks();
    expect(editor.issues.filter((i) => i.code === 'missing-glyph').map((i) => i.target.kind)).toEqual(['title', 'block']);
  });

  it('suggests the next 期号 and 总期号 from the last draft of the same series', async () => {
    const last = { ...sampleBriefing(), id: 'd0', meta: { ...sampleBriefing().meta, issueNumber: 7, totalIssueNumber: 41 } };
    const summary = (id: string, issueNumber: number | null, seriesName = '工作简报') => ({ id, title: '旧', seriesName, issueNumber, templateId: 'gongzuo-jianbao', updatedAt: '2025-01-01T00:00:00Z', createdAt: '2025-01-01T00:00:00Z', revision: 1, blockCount: 1, unsaved: false, readOnly: false });
    const { editor } = makeEditor(undefined, {
      listDrafts: async () => ({ ok: true, value: [summary('d0', 7), summary('d9', 12, '专报'), summary('d1', 3)] }),
      getDraft: async () => ({ ok: true, value: last }),
    });
    await editor.suggestIssueNumbers();
    expect(editor.suggestion).toMatchObject({ issueNumber: 8, totalIssueNumber: 42 });
  });

  it('exports numbered copies after saving, and lists every file written', async () => {
    const { editor, calls } = makeEditor(undefined, {
      exportPdf: async (request) => ({
        ok: true,
        value: {
          path: '/x/工作简报第3期-000001.pdf',
          pageCount: 3,
          byteSize: 10,
          fonts: [],
          copies: [1, 2, 3].map((k) => ({ copyNumber: `00000${k}`, recipient: (request.recipients ?? [])[k - 1] ?? '', path: `/x/工作简报第3期-00000${k}.pdf` })),
          register: { pdf: '/x/登记表.pdf', csv: '/x/登记表.csv' },
        },
      }),
    });
    editor.setTitle('改');
    const outcome = await editor.runExport({ copies: 3, recipients: ['市委办公室'], watermark: '征求意见稿' });
    expect(calls.map((c) => c.method)).toEqual(['saveDraft']);
    expect(outcome?.files).toEqual(['/x/工作简报第3期-000001.pdf', '/x/工作简报第3期-000002.pdf', '/x/工作简报第3期-000003.pdf', '/x/登记表.pdf', '/x/登记表.csv']);
    expect(editor.status.kind).toBe('saved');
  });
});
