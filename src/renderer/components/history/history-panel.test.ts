// The history panel in jsdom: entries grouped by day, 存为版本, restore with confirmation, undo.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callsOf, fakeDraftsApi, historyEntry, summary } from '../drafts/fake-drafts-api.test-support';
import HistoryPanel from './HistoryPanel.svelte';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2025, 1, 8, 15, 0, 0));
});
afterEach(() => vi.useRealTimers());

function seeded() {
  const fake = fakeDraftsApi([summary({ id: 'd1', title: '杭州启示' })]);
  fake.history.set('d1', [
    historyEntry({
      id: 's3',
      draftId: 'd1',
      reason: 'named',
      label: '送审稿',
      name: '送审稿',
      createdAt: new Date(2025, 1, 8, 14, 5).toISOString(),
      changes: { added: 2, removed: 0, edited: 1, titleChanged: false, metaChanged: false, text: '新增 2 块，修改 1 块' },
    }),
    historyEntry({ id: 's2', draftId: 'd1', reason: 'interval', label: '编辑中自动保存', createdAt: new Date(2025, 1, 8, 10, 20).toISOString() }),
    historyEntry({ id: 's1', draftId: 'd1', reason: 'session-start', label: '开始编辑前', createdAt: new Date(2025, 1, 7, 9, 0).toISOString() }),
  ]);
  return fake;
}

describe('history panel (历史版本)', () => {
  it('lists snapshots and named versions by day with time and what changed', async () => {
    const fake = seeded();
    render(HistoryPanel, { props: { draftId: 'd1', onrestored: vi.fn(), client: fake.api } });
    const entries = await screen.findAllByTestId('history-entry');
    expect(entries).toHaveLength(3);
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['今天', '昨天']);
    expect(entries[0]!.textContent).toContain('14:05');
    expect(entries[0]!.textContent).toContain('送审稿');
    expect(entries[0]!.textContent).toContain('命名版本');
    expect(entries[0]!.textContent).toContain('新增 2 块，修改 1 块');
    expect(entries[1]!.textContent).toContain('编辑中自动保存');
    expect(entries[2]!.textContent).toContain('开始编辑前');
  });

  it('存为版本 saves pending edits first, then names a version', async () => {
    const fake = seeded();
    const order: string[] = [];
    const beforechange = vi.fn(async () => {
      order.push('flush');
      return true;
    });
    render(HistoryPanel, { props: { draftId: 'd1', onrestored: vi.fn(), beforechange, client: fake.api } });
    await screen.findAllByTestId('history-entry');
    const save = screen.getByTestId<HTMLButtonElement>('save-version');
    expect(save.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('version-name'), { target: { value: '  定稿 ' } });
    await fireEvent.click(save);
    await waitFor(() => expect(screen.getAllByTestId('history-entry')).toHaveLength(4));
    expect(beforechange).toHaveBeenCalledOnce();
    expect(callsOf(fake, 'createVersion')).toEqual([{ id: 'd1', name: '定稿' }]);
    expect(screen.getAllByTestId('history-entry')[0]!.textContent).toContain('定稿');
  });

  it('restores only after confirmation, hands the draft to the editor, and can undo', async () => {
    const fake = seeded();
    const onrestored = vi.fn();
    render(HistoryPanel, { props: { draftId: 'd1', onrestored, client: fake.api } });
    const entries = await screen.findAllByTestId('history-entry');
    await fireEvent.click(entries[1]!.querySelector<HTMLButtonElement>('[data-testid="restore-version"]')!);
    expect(callsOf(fake, 'restoreVersion')).toEqual([]);
    expect(screen.getByRole('group', { name: '确认恢复' }).textContent).toContain('当前内容会先自动存为快照，可以撤销');
    await fireEvent.click(screen.getByTestId('confirm-restore'));
    await waitFor(() => expect(onrestored).toHaveBeenCalledOnce());
    expect(callsOf(fake, 'restoreVersion')).toEqual([{ id: 'd1', snapshotId: 's2' }]);
    expect(onrestored.mock.calls[0]![0].title).toBe('杭州启示（s2）');
    expect(screen.getByTestId('restore-done').textContent).toContain('已恢复到“10:20 编辑中自动保存”');
    // the store's snapshot-before-restore is listed now
    await waitFor(() => expect(screen.getAllByTestId('history-entry')).toHaveLength(4));

    await fireEvent.click(screen.getByTestId('undo-restore'));
    await waitFor(() => expect(onrestored).toHaveBeenCalledTimes(2));
    const undoCall = callsOf(fake, 'restoreVersion')[1] as { snapshotId: string };
    expect(undoCall.snapshotId).toMatch(/^undo/);
    expect(screen.queryByTestId('restore-done')).toBeNull();
  });

  it('shows a failed restore in Chinese and changes nothing', async () => {
    const fake = seeded();
    fake.failNext('restoreVersion', 'DISK_FULL');
    const onrestored = vi.fn();
    render(HistoryPanel, { props: { draftId: 'd1', onrestored, client: fake.api } });
    const entries = await screen.findAllByTestId('history-entry');
    await fireEvent.click(entries[0]!.querySelector<HTMLButtonElement>('[data-testid="restore-version"]')!);
    await fireEvent.click(screen.getByTestId('confirm-restore'));
    expect((await screen.findByRole('alert')).textContent).toBe('恢复失败：磁盘空间不足，保存失败。');
    expect(onrestored).not.toHaveBeenCalled();
  });

  it('previews a version without restoring it', async () => {
    const fake = seeded();
    render(HistoryPanel, { props: { draftId: 'd1', onrestored: vi.fn(), client: fake.api } });
    const entries = await screen.findAllByTestId('history-entry');
    await fireEvent.click(entries[2]!.querySelector('button')!);
    expect((await screen.findByText('杭州启示（s1）')).closest('[data-testid="history-preview"]')).not.toBeNull();
    expect(callsOf(fake, 'restoreVersion')).toEqual([]);
  });

  it('explains an empty history', async () => {
    const fake = fakeDraftsApi([summary({ id: 'd2' })]);
    render(HistoryPanel, { props: { draftId: 'd2', onrestored: vi.fn(), client: fake.api } });
    expect((await screen.findByText(/还没有历史版本/)).textContent).toContain('开始编辑后会自动留存第一个快照');
  });
});
