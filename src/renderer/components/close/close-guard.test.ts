// The close guard in jsdom, with a fake editor and API: what it tells the user and what it asks
// main to do when a field is refused, when a save fails, and when everything is saved.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { SaveStatus } from '../../state/autosave';
import type { AppState } from '../../state/app.svelte';
import CloseGuard from './CloseGuard.svelte';
import { findUnsaved, refusedFields } from './close-check';

const valid = {
  schemaVersion: 2,
  id: 'd1',
  title: '杭州启示',
  meta: { seriesName: '工作简报', issueNumber: 3, totalIssueNumber: null, publisher: '', docNumber: '', issueDate: '2025-02-08', classification: '', urgency: '', printCopyNumber: false, distribution: { bao: [], song: [], fa: [] }, copies: null, editorNote: '', watermark: '' },
  template: { id: 'gongzuo-jianbao', version: '1.0.0' },
  blocks: [{ id: 'b1', type: 'paragraph', runs: [{ text: '正文' }] }],
};

function setup(options: { draft?: object; saved?: boolean; status?: SaveStatus; storeUnsaved?: object[] } = {}) {
  let listener: (() => void) | null = null;
  const editor = {
    draft: options.draft ?? valid,
    status: options.status ?? ({ kind: 'saved', at: '2025-02-08T00:00:00Z' } as SaveStatus),
    flush: vi.fn(async () => options.saved ?? true),
  };
  const ok = <T,>(value: T) => Promise.resolve({ ok: true as const, value });
  const client = {
    onBeforeClose: (l: () => void) => ((listener = l), () => (listener = null)),
    holdClose: vi.fn(() => ok(null)),
    readyToClose: vi.fn(() => ok(null)),
    writeRecovery: vi.fn(() => ok({ path: '/data/recovery/d1.json', writtenAt: '2025-02-08T00:00:00Z' })),
    getStoreStatus: vi.fn(() => ok({ storeDir: '/data/drafts', readOnly: false, notices: [], unsaved: options.storeUnsaved ?? [], lastBackupAt: null })),
    saveDraftCopy: vi.fn(() => ok({ path: '/u盘/杭州启示.briefing.json' })),
    discardRecovery: vi.fn(() => ok(null)),
    retrySave: vi.fn(() => ok({ id: 'd1', savedAt: '', revision: 2 })),
    getDraft: vi.fn(() => ok(valid)),
  };
  const app = { view: { name: 'editor', editor } } as unknown as AppState;
  render(CloseGuard, { props: { app, client: client as never } });
  return { client, editor, close: () => listener?.() };
}

describe('what is unsaved when the window closes', () => {
  it('names refused fields by their path', () => {
    expect(refusedFields(valid)).toEqual([]);
    expect(refusedFields({ ...valid, meta: { ...valid.meta, issueDate: '102025-02-08' }, title: '长'.repeat(501) })).toEqual(['title', 'meta.issueDate']);
  });

  it('a failed flush is reported with the store’s code; other drafts the store holds are listed once', async () => {
    const editor = { draft: valid, status: { kind: 'error', message: '磁盘空间不足', retryInMs: 1000, code: 'DISK_FULL' } as SaveStatus, flush: async () => false };
    const items = await findUnsaved(editor, {
      getStoreStatus: async () => ({ ok: true, value: { storeDir: '', readOnly: false, lastBackupAt: null, notices: [], unsaved: [{ id: 'd1', title: '杭州启示', code: 'DISK_FULL', message: '', since: '' }, { id: 'd2', title: '另一份', code: 'PERMISSION_DENIED', message: '没有写入权限。', since: '' }] } }),
    });
    expect(items.map((i) => [i.draftId, i.reason, i.code])).toEqual([
      ['d1', 'save-failed', 'DISK_FULL'],
      ['d2', 'save-failed', 'PERMISSION_DENIED'],
    ]);
  });
});

describe('close guard', () => {
  it('everything saved: the window may close at once', async () => {
    const t = setup();
    t.close();
    await waitFor(() => expect(t.client.readyToClose).toHaveBeenCalled());
    expect(t.editor.flush).toHaveBeenCalled();
    expect(screen.queryByTestId('close-guard')).toBeNull();
  });

  it('a refused field holds the close, names the field, keeps a recovery copy; 另存副本 then 关闭窗口', async () => {
    const refused = { ...valid, meta: { ...valid.meta, issueDate: '102025-02-08' } };
    const t = setup({ draft: refused });
    t.close();
    const item = await screen.findByTestId('close-item');
    expect(item.dataset.reason).toBe('refused');
    expect(item.textContent).toContain('印发日期的内容不符合要求');
    expect(t.client.holdClose).toHaveBeenCalled();
    expect(t.client.readyToClose).not.toHaveBeenCalled();
    expect(t.client.writeRecovery).toHaveBeenCalledWith({ draft: refused, reason: 'close' });
    expect(screen.getByTestId('close-recovery').textContent).toContain('/data/recovery/d1.json');
    await fireEvent.click(screen.getByTestId('close-copy'));
    await screen.findByTestId('close-copied');
    expect(t.client.saveDraftCopy).toHaveBeenCalledWith({ draft: refused });
    expect(t.client.readyToClose).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('close-now'));
    await waitFor(() => expect(t.client.readyToClose).toHaveBeenCalledTimes(1));
  });

  it('放弃修改并关闭 is explicit: the recovery copy is discarded and the window closes', async () => {
    const t = setup({ saved: false, status: { kind: 'error', message: '没有写入权限。', retryInMs: 1000, code: 'PERMISSION_DENIED' } });
    t.close();
    expect((await screen.findByTestId('close-item')).dataset.code).toBe('PERMISSION_DENIED');
    await fireEvent.click(screen.getByTestId('close-discard'));
    await waitFor(() => expect(t.client.readyToClose).toHaveBeenCalled());
    expect(t.client.discardRecovery).toHaveBeenCalledWith({ draftId: 'd1' });
  });

  it('Esc goes back to editing without closing', async () => {
    const t = setup({ saved: false, status: { kind: 'error', message: '磁盘空间不足', retryInMs: 1000, code: 'DISK_FULL' } });
    t.close();
    const guard = await screen.findByTestId('close-guard');
    await fireEvent.keyDown(guard, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('close-guard')).toBeNull());
    expect(t.client.readyToClose).not.toHaveBeenCalled();
  });
});
