// 校对 panel, metadata panel and export dialog, each on a fake API.
import { fireEvent, render, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../../shared/briefing';
import { offsetOfPosition } from '../../editor/mapping';
import type { EditorState } from '../../state/editor.svelte';
import ExportDialog from '../export/ExportDialog.svelte';
import MetadataPanel from '../metadata/MetadataPanel.svelte';
import ChecksPanel from './ChecksPanel.svelte';
import { editorContext } from './context';
import { makeEditor, sampleBriefing } from './test-support';

const settle = () => new Promise((r) => setTimeout(r, 10));

/** Where the ProseMirror selection of the body is: its top-level block and character offsets. */
function selectionOf(editor: EditorState) {
  const sel = editor.pmState.selection;
  const node = sel.$from.node(1);
  const pos = sel.$from.before(1);
  return { blockId: node.attrs.id as string, offset: offsetOfPosition(node, pos, sel.from), end: offsetOfPosition(node, pos, sel.to) };
}

describe('校对 panel', () => {
  it('lists errors before warnings, jumps to the place and applies one-click fixes', async () => {
    const b = sampleBriefing();
    const draft: Briefing = {
      ...b,
      meta: { ...b.meta, issueDate: null, copies: 1, distribution: { bao: ['市委办公室', '市政府办公室'], song: [], fa: [] } },
      blocks: [
        { id: 'h1', type: 'heading', level: 1, text: '基本情况' },
        { id: 'h3', type: 'heading', level: 3, text: '具体做法' },
        { id: 'p1', type: 'paragraph', runs: [{ text: '研发投入强度达3.85%,位居前列。' }] },
      ],
    };
    const { editor } = makeEditor(draft);
    const view = render(ChecksPanel, { context: editorContext(editor) });
    await settle();
    const rows = view.getAllByTestId('check-issue');
    expect(rows.map((r) => r.dataset.code)).toEqual(['missing-date', 'copies-too-few', 'heading-skip', 'figure-unsourced', 'ascii-punctuation']);
    expect(view.getByTestId('checks-summary').textContent).toContain('2 个需要处理，3 个建议');

    await fireEvent.click(within(rows[2]!).getByTestId('check-jump'));
    // The jump puts the body's selection in the heading (no field request: it is in the body).
    expect(editor.focus).toMatchObject({ blockId: 'h3', field: 'text' });
    expect(selectionOf(editor)).toEqual({ blockId: 'h3', offset: 0, end: 0 });
    expect(editor.highlightBlockId).toBe('h3');
    // The ASCII comma: the caret goes to its very character.
    await fireEvent.click(within(rows[4]!).getByTestId('check-jump'));
    expect(selectionOf(editor)).toEqual({ blockId: 'p1', offset: 12, end: 12 });
    expect(editor.highlightBlockId).toBe('p1');
    await fireEvent.click(within(rows[0]!).getByTestId('check-jump'));
    expect(editor.panel).toBe('meta');
    expect(editor.metaFocus?.field).toBe('issueDate');

    await fireEvent.click(within(rows[4]!).getByTestId('check-fix'));
    expect(editor.draft.blocks[2]).toMatchObject({ runs: [{ text: '研发投入强度达3.85%，位居前列。' }] });
    await fireEvent.click(within(view.getAllByTestId('check-issue')[1]!).getByTestId('check-fix'));
    expect(editor.draft.meta.copies).toBe(2);
    await tick();
    expect(view.getAllByTestId('check-issue').map((r) => r.dataset.code)).toEqual(['missing-date', 'heading-skip', 'figure-unsourced']);
    editor.undo();
    expect(editor.draft.meta.copies).toBe(1);
  });

  it('says so when there is nothing to fix', async () => {
    const { editor } = makeEditor();
    const view = render(ChecksPanel, { context: editorContext(editor) });
    await settle();
    expect(view.getByTestId('checks-summary').textContent).toContain('没有发现问题');
  });
});

describe('metadata panel', () => {
  const plain = { docNumber: false, numberedCopiesAlways: false, fixedMark: '', mainRecipientsUnderTitle: false, labels: { bao: '报', song: '送', fa: '发' } };
  const templates = {
    listTemplates: async () => ({
      ok: true as const,
      value: [
        { id: 'gongzuo-jianbao', name: '工作简报', version: '1.0.0', description: '', traits: plain },
        { id: 'canyue', name: '参阅件', version: '1.2.0', description: '', traits: plain },
        { id: 'xinxi-zhuanbao', name: '信息专报', version: '2.0.0', description: '', traits: { ...plain, docNumber: true, mainRecipientsUnderTitle: true, labels: { bao: '主送', song: '抄送', fa: '分送' } } },
        { id: 'huiyi-cailiao', name: '会议材料', version: '1.1.0', description: '', traits: { ...plain, numberedCopiesAlways: true, fixedMark: '会后收回' } },
      ],
    }),
  };

  it('asks for the 发文字号 and names 主送 when the template is in 公文 form; shows what a template always prints', async () => {
    const { editor } = makeEditor();
    const view = render(MetadataPanel, { props: { client: templates }, context: editorContext(editor) });
    await settle();
    expect(view.queryByTestId('meta-doc-number')).toBeNull();
    expect(view.getByTestId('meta-bao').textContent).toContain('报');
    editor.setTemplate({ id: 'xinxi-zhuanbao', version: '2.0.0' });
    await tick();
    const doc = view.getByTestId('meta-doc-number') as HTMLInputElement;
    doc.value = '市政办〔2025〕12号';
    await fireEvent.input(doc);
    expect(editor.draft.meta.docNumber).toBe('市政办〔2025〕12号');
    expect(view.getByTestId('meta-bao').textContent).toContain('主送');
    expect(view.getByTestId('meta-song').textContent).toContain('抄送');
    expect(view.getByTestId('meta-main-recipients').textContent).toContain('标题下');
    editor.setTemplate({ id: 'huiyi-cailiao', version: '1.1.0' });
    await tick();
    const copyNumber = view.getByTestId('meta-copy-number') as HTMLInputElement;
    expect(copyNumber.checked).toBe(true);
    expect(copyNumber.disabled).toBe(true);
    expect(view.getByTestId('meta-fixed-mark').textContent).toContain('会后收回');
    // the typed 发文字号 is kept (and shown) even where the template does not print it
    expect((view.getByTestId('meta-doc-number') as HTMLInputElement).value).toBe('市政办〔2025〕12号');
  });

  it('follows the traits of the draft’s pinned version when the editor knows them', async () => {
    const { editor } = makeEditor();
    const pinned = { ...plain, numberedCopiesAlways: true, fixedMark: '会后收回' };
    const view = render(MetadataPanel, { props: { client: templates, traits: pinned }, context: editorContext(editor) });
    await settle();
    // the listed current 工作简报 asks for neither; the pinned version does
    expect((view.getByTestId('meta-copy-number') as HTMLInputElement).disabled).toBe(true);
    expect(view.getByTestId('meta-fixed-mark').textContent).toContain('会后收回');
  });

  it('edits every field, shows the date the official way and switches the template', async () => {
    const { editor } = makeEditor();
    const view = render(MetadataPanel, { props: { client: templates }, context: editorContext(editor) });
    await settle();
    expect(view.getByTestId('meta-date-shown').textContent).toBe('2025年2月8日');
    const set = async (testid: string, value: string) => {
      const el = view.getByTestId(testid) as HTMLInputElement;
      el.value = value;
      await fireEvent.input(el);
    };
    await set('meta-series', '创新工作简报');
    await set('meta-issue', '5');
    await set('meta-total', '');
    await set('meta-publisher', '市科技局');
    await set('meta-date', '2025-03-01');
    await set('meta-copies', '30');
    await fireEvent.click(view.getByTestId('meta-copy-number'));
    const bao = view.getByTestId('meta-bao').querySelector('input')!;
    bao.value = '市委办公室、市政府办公室';
    await fireEvent.input(bao);
    await fireEvent.keyDown(bao, { key: 'Enter' });
    await fireEvent.change(view.getByTestId('meta-template'), { target: { value: 'canyue' } });
    await fireEvent.change(view.getByTestId('meta-watermark'), { target: { value: '征求意见稿' } });
    await tick();
    expect(editor.draft.meta).toMatchObject({
      seriesName: '创新工作简报',
      issueNumber: 5,
      totalIssueNumber: null,
      publisher: '市科技局',
      issueDate: '2025-03-01',
      copies: 30,
      printCopyNumber: true,
      watermark: '征求意见稿',
      distribution: { bao: ['市委办公室', '市政府办公室'], song: [], fa: [] },
    });
    expect(editor.draft.template).toEqual({ id: 'canyue', version: '1.2.0' });
    expect(view.getByTestId('meta-date-shown').textContent).toBe('2025年3月1日');
  });

  it('offers the 期号 that follows the last draft of the series', async () => {
    const prior = { ...sampleBriefing(), id: 'd0', title: '第七期', meta: { ...sampleBriefing().meta, issueNumber: 7, totalIssueNumber: 41 } };
    const row = { id: 'd0', title: '第七期', seriesName: '工作简报', issueNumber: 7, templateId: 'gongzuo-jianbao', updatedAt: '2025-01-01T00:00:00Z', createdAt: '2025-01-01T00:00:00Z', revision: 1, blockCount: 1, unsaved: false, readOnly: false };
    const { editor } = makeEditor(undefined, { listDrafts: async () => ({ ok: true, value: [row] }), getDraft: async () => ({ ok: true, value: prior }) });
    const view = render(MetadataPanel, { props: { client: templates }, context: editorContext(editor) });
    await settle();
    expect(view.getByTestId('issue-suggestion').textContent).toContain('建议为第8期（总第42期）');
    await fireEvent.click(view.getByTestId('use-suggestion'));
    expect(editor.draft.meta).toMatchObject({ issueNumber: 8, totalIssueNumber: 42 });
  });
});

/** The traits of a template that does or does not demand numbered copies. */
function traitsOf(always: boolean) {
  return { docNumber: false, numberedCopiesAlways: always, fixedMark: '', mainRecipientsUnderTitle: false, labels: { bao: '报', song: '送', fa: '发' } };
}

describe('export dialog', () => {
  it('a template that always numbers its copies (会议材料) leaves no single-file choice', async () => {
    const requests: unknown[] = [];
    const { editor } = makeEditor({ ...sampleBriefing(), meta: { ...sampleBriefing().meta, copies: 2, printCopyNumber: false } }, {
      exportPdf: async (request) => {
        requests.push(request);
        return { ok: false, code: 'CANCELLED', message: '操作已取消。' };
      },
    });
    const view = render(ExportDialog, { props: { onclose: () => undefined, traits: traitsOf(true) }, context: editorContext(editor) });
    await settle();
    expect((view.getByTestId('export-single') as HTMLInputElement).disabled).toBe(true);
    expect((view.getByTestId('export-numbered') as HTMLInputElement).checked).toBe(true);
    expect(view.getByTestId('export-numbered-required').textContent).toContain('会后按份号收回');
    expect((view.getByTestId('export-copies') as HTMLInputElement).value).toBe('2');
    await fireEvent.click(view.getByTestId('export-confirm'));
    await settle();
    expect(requests).toMatchObject([{ copies: 2 }]);
  });

  it('suggests {简报名称}第{期号}期.pdf and exports numbered copies with recipients', async () => {
    const requests: unknown[] = [];
    const { editor } = makeEditor(undefined, {
      exportPdf: async (request) => {
        requests.push(request);
        const copies = [1, 2, 3].map((k) => ({ copyNumber: `00000${k}`, recipient: '', path: `/out/工作简报第3期-00000${k}.pdf` }));
        return { ok: true, value: { path: copies[0]!.path, pageCount: 2, byteSize: 1, fonts: [], copies, register: { pdf: '/out/登记表.pdf', csv: '/out/登记表.csv' } } };
      },
    });
    const revealed: string[] = [];
    editor.showInFolder = (path: string) => void revealed.push(path);
    let closed = false;
    const view = render(ExportDialog, { props: { onclose: () => (closed = true), traits: traitsOf(false) }, context: editorContext(editor) });
    await tick();
    expect(view.getByTestId('export-filename').textContent).toBe('工作简报第3期.pdf');
    await fireEvent.click(view.getByTestId('export-numbered'));
    const copies = view.getByTestId('export-copies') as HTMLInputElement;
    copies.value = '3';
    await fireEvent.input(copies);
    const recipients = view.getByTestId('export-recipients') as HTMLTextAreaElement;
    recipients.value = '市委办公室\n市政府办公室';
    await fireEvent.input(recipients);
    const watermark = view.getByTestId('export-watermark') as HTMLInputElement;
    watermark.value = '征求意见稿';
    await fireEvent.input(watermark);
    await fireEvent.click(view.getByTestId('export-confirm'));
    await settle();
    expect(requests).toEqual([
      {
        draftId: 'd1',
        copies: 3,
        recipients: ['市委办公室', '市政府办公室'],
        watermark: '征求意见稿',
        fileName: '工作简报第3期.pdf',
        jobId: expect.stringMatching(/^job-[a-z0-9-]+$/),
      },
    ]);
    expect(view.getAllByTestId('export-file').map((f) => f.textContent)).toEqual(['/out/工作简报第3期-000001.pdf', '/out/工作简报第3期-000002.pdf', '/out/工作简报第3期-000003.pdf', '/out/登记表.pdf', '/out/登记表.csv']);
    await fireEvent.click(view.getByTestId('export-reveal'));
    expect(revealed).toEqual(['/out/工作简报第3期-000001.pdf']);
    // Each file on its own (the register's CSV here), named for screen readers. jsdom has no
    // preload: the page is in the browser mode, where showing a file downloads it.
    const open = view.getAllByTestId('export-file-open');
    expect(open).toHaveLength(5);
    expect(open[4]!.getAttribute('aria-label')).toBe('下载 登记表.csv');
    expect(view.getByTestId('export-reveal').textContent).toBe('再次下载');
    await fireEvent.click(open[4]!);
    expect(revealed).toEqual(['/out/工作简报第3期-000001.pdf', '/out/登记表.csv']);
    await fireEvent.click(view.getByTestId('export-close'));
    expect(closed).toBe(true);
  });

  it('shows a progress bar while exporting and lists what 校对 still reports', async () => {
    let finish: (() => void) | undefined;
    const { editor } = makeEditor({ ...sampleBriefing(), meta: { ...sampleBriefing().meta, issueNumber: null } }, {
      exportPdf: () => new Promise((resolve) => (finish = () => resolve({ ok: false, code: 'CANCELLED', message: '操作已取消。' }))),
    });
    editor.runChecks();
    const view = render(ExportDialog, { props: { onclose: () => undefined, traits: traitsOf(false) }, context: editorContext(editor) });
    await tick();
    expect(view.getAllByTestId('check-issue').map((r) => r.dataset.code)).toContain('missing-issue-number');
    expect(view.getByTestId('export-confirm').textContent).toBe('仍然导出');
    await fireEvent.click(view.getByTestId('export-confirm'));
    await settle();
    expect(view.getByTestId('export-progress').querySelector('[role="progressbar"]')).not.toBeNull();
    finish?.();
    await settle();
    expect(view.queryByTestId('export-progress')).toBeNull();
    expect(view.getByTestId('export-confirm')).toBeTruthy();
  });
});
