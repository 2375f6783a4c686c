// Shared set-up for the editor's component tests (jsdom): a briefing, a fake API, an editor state.
import { createBriefing, type LibraryItemLike, type LibrarySourceLike } from '../../../core/briefing';
import type { Briefing } from '../../../shared/briefing';
import { EditorState, type EditorClient } from '../../state/editor.svelte';

export const source: LibrarySourceLike = { id: 'src-3', title: '杭州有DeepSeek,我们有什么?', outlet: '上海证券报', date: '2025-02-08' };

const quote = '数据显示,东南大学计算机视觉团队近五年斩获16项国际顶会最佳论文,南京大学LAMDA研究所的机器学习成果被引量突破10万次,但技术转化率仅为28%(江苏省科技厅2023年数据),远低于杭州的45%。';

export const items: LibraryItemLike[] = [
  { id: 'nj-ttr', kind: 'indicator', city: '南京', subject: '技术转化率', metric: '技术转化率', value: 28, unit: '%', year: 2023, qualifier: 'actual', quote, sourceId: 'src-3', paragraph: 12 },
  { id: 'hz-ttr', kind: 'indicator', city: '杭州', subject: '技术转化率', metric: '技术转化率', value: 45, unit: '%', qualifier: 'comparison', quote, sourceId: 'src-3', paragraph: 12 },
  { id: 'nj-pe', kind: 'indicator', city: '南京', subject: '私募基金管理规模', metric: '私募基金管理规模', value: 2800, unit: '亿元', baseValue: 2.8e11, year: 2023, quote: '截至2023年末,南京私募基金管理规模2800亿元,仅为杭州的46%', sourceId: 'src-3', paragraph: 14 },
  { id: 'hz-pe', kind: 'indicator', city: '杭州', subject: '私募基金管理规模', metric: '私募基金管理规模', value: 6087, unit: '亿元', baseValue: 6.087e11, quote: '截至2023年末,南京私募基金管理规模2800亿元,仅为杭州的46%', sourceId: 'src-3', paragraph: 14 },
];

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
export function makeEditor(draft: Briefing = sampleBriefing(), over: Partial<EditorClient> = {}) {
  const { client, calls } = fakeClient(over);
  const notices: string[] = [];
  const editor = new EditorState(draft, (_kind, text) => notices.push(text), { client, today: () => '2025-02-08', checkDelayMs: 0 });
  return { editor, calls, notices };
}
