// Shared set-up for the editor's component tests (jsdom): a briefing, a fake API, an editor state,
// and the real body (BodyEditor and its EditorView) with typing and keys as the view receives them.
import { render } from '@testing-library/svelte';
import type { EditorView } from 'prosemirror-view';
import { createBriefing, type LibraryItemLike, type LibrarySourceLike } from '../../../core/briefing';
import type { Briefing } from '../../../shared/briefing';
import { EditorState, type EditorClient, type EditorOptions } from '../../state/editor.svelte';
import BodyEditor from './BodyEditor.svelte';
import { editorContext } from './context';

export const source: LibrarySourceLike = { id: 'src-3', title: '杭州有DeepSeek,我们有什么?', outlet: '上海证券报', date: '2025-02-08' };

const quote = '数据显示,东南大学计算机视觉团队近五年斩获16项国际顶会最佳论文,南京大学LAMDA研究所的机器学习成果被引量突破10万次,但技术转化率仅为28%(江苏省科技厅2023年数据),远低于杭州的45%。';

export const items: LibraryItemLike[] = [
  { id: 'nj-ttr', kind: 'indicator', city: '南京', subject: '技术转化率', metric: '技术转化率', value: 28, unit: '%', year: 2023, qualifier: 'actual', quote, sourceId: 'src-3', paragraph: 12 },
  { id: 'hz-ttr', kind: 'indicator', city: '杭州', subject: '技术转化率', metric: '技术转化率', value: 45, unit: '%', qualifier: 'comparison', quote, sourceId: 'src-3', paragraph: 12 },
  { id: 'nj-pe', kind: 'indicator', city: '南京', subject: '私募基金管理规模', metric: '私募基金管理规模', value: 2800, unit: '亿元', baseValue: 2.8e11, year: 2023, quote: '截至2023年末,南京私募基金管理规模2800亿元,仅为杭州的46%', sourceId: 'src-3', paragraph: 14 },
  { id: 'hz-pe', kind: 'indicator', city: '杭州', subject: '私募基金管理规模', metric: '私募基金管理规模', value: 6087, unit: '亿元', baseValue: 6.087e11, quote: '截至2023年末,南京私募基金管理规模2800亿元,仅为杭州的46%', sourceId: 'src-3', paragraph: 14 },
];

/** A measure (措施): no figure (`value: null`, as the library model hands it over), so it is inserted as a quote excerpt. */
export const measure: LibraryItemLike = {
  id: 'hz-policy',
  kind: 'measure',
  city: '杭州',
  subject: '科技成果转化',
  value: null,
  quote: '杭州出台“科创金融十条”,设立总规模100亿元的科技成果转化基金。',
  sourceId: 'src-3',
  paragraph: 20,
};

export function sampleBriefing(): Briefing {
  const b = createBriefing({ id: 'd1', template: { id: 'gongzuo-jianbao', version: '1.0.0' }, today: '2025-02-08' });
  return {
    ...b,
    title: '杭州“六小龙”现象对我市的启示',
    meta: { ...b.meta, issueNumber: 3, publisher: '市发展改革委' },
    blocks: [
      { id: 'h1', type: 'heading', level: 1, text: '基本情况' },
      { id: 'p1', type: 'paragraph', runs: [{ text: '一是', bold: true }, { text: '加强统筹。' }] },
      { id: 'h2', type: 'heading', level: 2, text: '主要做法' },
      { id: 'p2', type: 'paragraph', runs: [{ text: '优化营商环境。' }] },
    ],
  };
}

/** A fake API that records calls; saves succeed unless told otherwise. */
export function fakeClient(over: Partial<EditorClient> = {}) {
  const calls: { method: string; request: unknown }[] = [];
  const record = <T>(method: string, value: T) => async (request: unknown) => {
    calls.push({ method, request });
    return { ok: true as const, value };
  };
  const client = {
    saveDraft: record('saveDraft', { id: 'd1', savedAt: '2025-02-08T08:00:00.000Z', revision: 1 }),
    exportPdf: record('exportPdf', { path: '/tmp/工作简报第3期.pdf', pageCount: 2, byteSize: 1000, fonts: [], copies: [], register: null }),
    checkBriefing: record('checkBriefing', { missingGlyphs: [], warnings: [], fonts: [] }),
    listDrafts: record('listDrafts', []),
    getDraft: record('getDraft', sampleBriefing()),
    showInFolder: record('showInFolder', null),
    ...over,
  } as unknown as EditorClient;
  return { client, calls };
}

/** An editor on `draft` with a fake API and no timers running on their own. */
export function makeEditor(draft: Briefing = sampleBriefing(), over: Partial<EditorClient> = {}, options: EditorOptions = {}) {
  const { client, calls } = fakeClient(over);
  const notices: string[] = [];
  let n = 0;
  const editor = new EditorState(draft, (_kind, text) => notices.push(text), { client, today: () => '2025-02-08', checkDelayMs: 0, newId: () => `n${++n}`, ...options });
  return { editor, calls, notices };
}

/**
 * The real body (BodyEditor, with its EditorView attached to `editor`) mounted in jsdom. jsdom has
 * no layout and cannot type into a contenteditable: `type` hands each character to the view's
 * `handleTextInput` props (input rules, as the view does on a DOM change) and inserts it when
 * none takes it; `press` dispatches a keydown on the editable element.
 */
export function mountBody(editor: EditorState) {
  withoutLayout();
  const rendered = render(BodyEditor, { props: { ondropitem: () => undefined }, context: editorContext(editor) });
  const view = editor.view;
  if (!view) throw new Error('BodyEditor did not attach its view');
  return { rendered, view, type: (text: string) => typeText(view, text), press: (key: string, modifiers: KeyboardEventInit = {}) => press(view, key, modifiers) };
}

/**
 * What jsdom lacks and the view uses: no layout (Range gets the empty client rects of a hidden
 * element, so the view can scroll to the selection) and no ClipboardEvent (view.pasteHTML makes one).
 */
function withoutLayout(): void {
  if (typeof globalThis.ClipboardEvent === 'undefined') {
    globalThis.ClipboardEvent = class extends Event {
      readonly clipboardData: DataTransfer | null = null;
    } as unknown as typeof ClipboardEvent;
  }
  const proto = Range.prototype as Partial<Pick<Range, 'getClientRects' | 'getBoundingClientRect'>>;
  if (!proto.getClientRects) proto.getClientRects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  if (!proto.getBoundingClientRect) proto.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0);
}

/** Types `text` at the selection, one character at a time, as the view does on input. */
export function typeText(view: EditorView, text: string): void {
  for (const ch of text) {
    const { from, to } = view.state.selection;
    const typed = () => view.state.tr.insertText(ch, from, to);
    if (!view.someProp('handleTextInput', (f) => f(view, from, to, ch, typed))) view.dispatch(typed());
  }
}

/** A keydown on the editable element; true when the editor handled it (default prevented). */
export function press(view: EditorView, key: string, modifiers: KeyboardEventInit = {}): boolean {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers });
  view.dom.dispatchEvent(event);
  return event.defaultPrevented;
}
