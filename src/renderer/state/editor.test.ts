import { describe, expect, it } from 'vitest';
import { runsText } from '../../core/briefing';
import type { Briefing } from '../../shared/briefing';
import { items, makeEditor, sampleBriefing, source } from '../components/editor/test-support';

describe('EditorState undo/redo across every kind of edit', () => {
  it('undoes and redoes text, structure, metadata, template, library inserts and fixes, in order', () => {
    const { editor } = makeEditor();
    const start = editor.draft;
    const versions: Briefing[] = [start];
    const step = (fn: () => void) => {
      fn();
      editor.noteFocus({ blockId: null, field: `step-${versions.length}` }); // ends typing-merge
      versions.push(editor.draft);
    };
    step(() => editor.setTitle('新标题'));
    step(() => editor.setParagraphText('p2', '优化营商环境，服务企业。'));
    step(() => editor.toggleBold('p2', 0, 2));
    step(() => editor.splitParagraph('p2', 4));
    step(() => editor.moveBlockBy('h2', -1));
    step(() => editor.setHeadingLevel('h2', 3));
    step(() => editor.setMeta({ issueNumber: 4 }));
    step(() => editor.setTemplate({ id: 'other', version: '1.0.0' }));
    step(() => editor.insertItem(items[0]!, source, 1));
    step(() => editor.insertTable(items, ['技术转化率'], ['南京', '杭州']));
    step(() => editor.insertChart(items.slice(2)));
    step(() => editor.insertBlock('pageBreak'));
    step(() => editor.removeBlock('h1'));
    const last = editor.draft;
    expect(versions).toHaveLength(14);
    for (let i = versions.length - 2; i >= 0; i--) {
      editor.undo();
      expect(editor.draft, `undo to version ${i}`).toBe(versions[i]);
    }
    expect(editor.canUndo).toBe(false);
    for (let i = 1; i < versions.length; i++) {
      editor.redo();
      expect(editor.draft, `redo to version ${i}`).toBe(versions[i]);
    }
    expect(editor.draft).toBe(last);
    expect(editor.canRedo).toBe(false);
  });

  it('merges a burst of typing in one field into one step', () => {
    const { editor } = makeEditor();
    for (const text of ['优', '优化', '优化营商', '优化营商环境']) editor.setParagraphText('p2', text);
    expect(editor.undoLabel).toBe('输入文字');
    editor.undo();
    expect(runsText((editor.draft.blocks[3] as Extract<Briefing['blocks'][number], { type: 'paragraph' }>).runs)).toBe('优化营商环境。');
  });

  it('keeps bold while typing and splits/merges paragraphs with the caret where a word processor puts it', () => {
    const { editor } = makeEditor();
    editor.setParagraphText('p1', '一是要加强统筹。');
    expect(editor.draft.blocks[1]).toMatchObject({ runs: [{ text: '一是要', bold: true }, { text: '加强统筹。' }] });
    editor.splitParagraph('p1', 3);
    const newId = editor.draft.blocks[2]!.id;
    expect(editor.focusRequest).toMatchObject({ blockId: newId, field: 'text', offset: 0 });
    expect(editor.mergeWithPrevious(newId)).toBe(true);
    expect(editor.focusRequest).toMatchObject({ blockId: 'p1', offset: 3 });
  });

  it('pastes several paragraphs as paragraphs of their own', () => {
    const { editor } = makeEditor();
    editor.pasteParagraphs('p2', 2, 2, ['甲。', '乙。', '丙']);
    const texts = editor.draft.blocks.slice(3).map((b) => (b.type === 'paragraph' ? runsText(b.runs) : ''));
    expect(texts).toEqual(['优化甲。', '乙。', '丙营商环境。']);
    editor.undo();
    expect(editor.draft.blocks).toHaveLength(4);
  });

  it('inserts after the caret block, or in place of the empty paragraph the caret is in', () => {
    const { editor } = makeEditor();
    editor.noteFocus({ blockId: 'h1', field: 'text' });
    editor.insertBlock('note');
    expect(editor.draft.blocks[1]!.type).toBe('note');
    const empty = editor.insertBlock('paragraph');
    editor.noteFocus({ blockId: empty, field: 'text' });
    editor.insertItem(items[0]!, source);
    expect(editor.draft.blocks.some((b) => b.id === empty)).toBe(false);
    expect(editor.draft.blocks[2]!.type).toBe('excerpt');
  });

  it('unlinks an excerpt into plain text, undoably', () => {
    const { editor } = makeEditor();
    const id = editor.insertItem(items[0]!, source);
    editor.unlink(id);
    expect(editor.draft.blocks.find((b) => b.id === id)).toEqual({ id, type: 'paragraph', runs: [{ text: '南京技术转化率仅为28%（江苏省科技厅2023年数据）。' }] });
    editor.undo();
    expect(editor.draft.blocks.find((b) => b.id === id)?.type).toBe('excerpt');
  });

  it('restoring a history version is one undoable step', () => {
    const { editor } = makeEditor();
    const before = editor.draft;
    editor.replaceDraft({ ...sampleBriefing(), title: '送审稿' });
    expect(editor.draft.title).toBe('送审稿');
    editor.undo();
    expect(editor.draft).toBe(before);
  });

  it('does not undo in the middle of an IME composition', () => {
    const { editor } = makeEditor();
    editor.setTitle('甲');
    editor.setComposing(true);
    editor.undo();
    expect(editor.draft.title).toBe('甲');
    editor.setComposing(false);
    editor.undo();
    expect(editor.draft.title).toBe('杭州“六小龙”现象对我市的启示');
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

  it('maps characters the engine cannot draw to their blocks', async () => {
    const { editor } = makeEditor(undefined, {
      checkBriefing: async () => ({ ok: true, value: { missingGlyphs: [{ char: '𰻞', codePoint: 0x30ede, where: ['第2块（段落）'] }], warnings: [], fonts: [] } }),
    });
    await editor.checkGlyphs();
    const issue = editor.issues.find((i) => i.code === 'missing-glyph');
    expect(issue?.target).toEqual({ kind: 'block', blockId: 'p1' });
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
