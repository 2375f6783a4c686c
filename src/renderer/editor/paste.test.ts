// Paste into the body (the mounted BodyEditor in jsdom): Word and web HTML keep paragraphs and
// bold and lose every style; a copy inside the app keeps linked figures, and its plain text has the
// figure as written.
import { cleanup } from '@testing-library/svelte';
import { TextSelection } from 'prosemirror-state';
import { afterEach, describe, expect, it } from 'vitest';
import { runsText } from '../../core/briefing';
import { briefingSchema, type Block } from '../../shared/briefing';
import { items, makeEditor, mountBody, sampleBriefing, source } from '../components/editor/test-support';

afterEach(() => cleanup());

function setup() {
  const { editor } = makeEditor({ ...sampleBriefing(), blocks: [{ id: 'p1', type: 'paragraph', runs: [{ text: '杭州' }] }, { id: 'p2', type: 'paragraph', runs: [{ text: '末段。' }] }] });
  const body = mountBody(editor);
  editor.requestFocus({ blockId: 'p1', field: 'text', offset: 2 });
  const texts = () => editor.draft.blocks.map((b) => (b.type === 'paragraph' ? runsText(b.runs) : b.type));
  return { editor, ...body, texts };
}

const word = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{font-family:仿宋}</style></head><body>
  <p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-family:黑体'>一是</span></b><span style='color:red'>强化“链主”企业引领，</span><o:p></o:p></p>
  <p class=MsoNormal><span>二是优化服务。</span></p></body></html>`;

describe('paste', () => {
  it('keeps the paragraphs and bold of Word HTML and drops its styles, with fresh block ids, as one undo step', () => {
    const { editor, view, texts } = setup();
    view.pasteHTML(word);
    // The first pasted paragraph joins the text at the caret, as in a word processor.
    expect(texts()).toEqual(['杭州一是强化“链主”企业引领，', '二是优化服务。', '末段。']);
    expect(editor.draft.blocks[0]).toEqual({ id: 'p1', type: 'paragraph', runs: [{ text: '杭州' }, { text: '一是', bold: true }, { text: '强化“链主”企业引领，' }] });
    expect(JSON.stringify(editor.draft)).not.toMatch(/font|color|Mso/);
    const ids = editor.draft.blocks.map((b) => b.id);
    expect(new Set(ids).size).toBe(3);
    expect(briefingSchema.safeParse(editor.draft).success).toBe(true);
    editor.undo();
    expect(texts()).toEqual(['杭州', '末段。']);
  });

  it('pastes lines of plain text as paragraphs, the first and last joining the text around the caret', () => {
    const { view, texts } = setup();
    view.pasteText('六小龙\n出圈\n集聚');
    expect(texts()).toEqual(['杭州六小龙', '出圈', '集聚', '末段。']);
  });

  it('a copy inside the app keeps linked figures; its plain text has the figure as written', () => {
    const { editor, view, texts } = setup();
    const statement = editor.insertItem(items[0]!, source);
    const doc = editor.pmState.doc;
    let from = 0;
    doc.forEach((node, pos) => void (node.attrs.id === statement && (from = pos)));
    const copied = doc.slice(from + 1, from + doc.nodeAt(from)!.nodeSize - 1);
    const { dom, text } = view.serializeForClipboard(copied);
    expect(text).toBe('南京技术转化率仅为28%（江苏省科技厅2023年数据）。');
    // Paste it at the end of p2.
    const p2 = editor.draft.blocks.findIndex((b) => b.id === 'p2');
    let p2Pos = 0;
    for (let i = 0; i < p2; i++) p2Pos += editor.pmState.doc.child(i).nodeSize;
    editor.dispatch(editor.pmState.tr.setSelection(TextSelection.create(editor.pmState.doc, p2Pos + 1 + 3)));
    view.pasteHTML(dom.innerHTML);
    expect(texts().at(-1)).toBe('末段。南京技术转化率仅为28%（江苏省科技厅2023年数据）。');
    const runs = (editor.draft.blocks.at(-1) as Extract<Block, { type: 'paragraph' }>).runs;
    expect(runs.filter((r) => r.link).map((r) => r.link!.itemId)).toEqual(['nj-ttr']);
    expect(runs.find((r) => r.link)?.link?.frozen).toEqual((editor.draft.blocks.find((b) => b.id === statement) as Extract<Block, { type: 'paragraph' }>).runs[1]!.link!.frozen);
  });

  it('a figure pasted from outside with a forged link that the schema refuses comes in as plain text', () => {
    const { editor, view, texts } = setup();
    view.pasteHTML('<p>增速<span class="bs-figure" data-item-id="x" data-frozen="{&quot;kind&quot;:&quot;indicator&quot;}">99%</span>。</p>');
    expect(texts()[0]).toBe('杭州增速99%。');
    expect(JSON.stringify(editor.draft.blocks)).not.toContain('"link"');
  });

  // Found while migrating: the textarea editor turned ASCII punctuation of pasted Chinese text
  // full-width (core pastedTextToParagraphs with `fullWidth`), and dropped Word's empty spacer
  // paragraphs; the ProseMirror body pastes both as they come (校对 still flags the marks, with a
  // one-click fix). A `transformPasted`/`clipboardTextParser` in body.ts would restore it.
  it('converts ASCII punctuation of pasted Chinese text to full-width', () => {
    const { view, texts } = setup();
    view.pasteText('六小龙,出圈');
    expect(texts()[0]).toBe('杭州六小龙，出圈');
  });

  it('drops the empty spacer paragraphs of Word', () => {
    const { view, texts } = setup();
    view.pasteHTML('<p class=MsoNormal>一是。</p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>二是。</p>');
    expect(texts()).toEqual(['杭州一是。', '二是。', '末段。']);
  });
});
