// The drafts home, trash and store notices in jsdom against an in-memory drafts API.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppState } from '../../state/app.svelte';
import DraftsHome from '../../views/DraftsHome.svelte';
import Trash from '../../views/Trash.svelte';
import StoreNotices from './StoreNotices.svelte';
import { briefingOf, callsOf, fakeDraftsApi, summary } from './fake-drafts-api.test-support';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function seed() {
  return fakeDraftsApi([
    summary({ id: 'a', title: '杭州“六小龙”现象对我市的启示', issueNumber: 3, updatedAt: minutesAgo(5), blockCount: 4 }),
    summary({ id: 'b', title: '南京科技成果转化情况', issueNumber: 2, updatedAt: minutesAgo(180) }),
    summary({ id: 'c', title: '深圳营商环境调研', seriesName: '调研专报', issueNumber: null, updatedAt: minutesAgo(60 * 24 * 10) }),
  ]);
}

async function renderHome(fake = seed()) {
  const app = new AppState(fake.api);
  render(DraftsHome, { props: { app } });
  await screen.findAllByTestId('draft-row');
  return { app, fake };
}

const rowTitles = () => screen.getAllByTestId('draft-row').map((r) => r.querySelector('.title')?.textContent);

// Relative times depend on the clock: pin it to an afternoon (only Date is faked; timers run).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2025, 1, 8, 15, 0, 0));
});
afterEach(() => vi.useRealTimers());

describe('drafts home (草稿箱)', () => {
  it('lists drafts newest first with 期号, template name and relative time in Chinese', async () => {
    await renderHome();
    expect(rowTitles()).toEqual(['杭州“六小龙”现象对我市的启示', '南京科技成果转化情况', '深圳营商环境调研']);
    const first = screen.getAllByTestId('draft-row')[0]!;
    expect(first.textContent).toContain('第3期');
    expect(first.textContent).toContain('工作简报');
    expect(first.textContent).toContain('5 分钟前');
    expect(screen.getAllByTestId('draft-row')[1]!.textContent).toContain('3 小时前');
    expect(screen.getAllByTestId('draft-row')[2]!.textContent).toContain('未编期号');
    expect(screen.getByTestId('drafts-count').textContent).toBe('共 3 份');
  });

  it('searches as you type, by title word and by 第N期', async () => {
    await renderHome();
    const search = screen.getByTestId('drafts-search');
    await fireEvent.input(search, { target: { value: '南京' } });
    expect(rowTitles()).toEqual(['南京科技成果转化情况']);
    await fireEvent.input(search, { target: { value: '第3期' } });
    expect(rowTitles()).toEqual(['杭州“六小龙”现象对我市的启示']);
  });

  it('says so when nothing matches, and clears the search', async () => {
    await renderHome();
    await fireEvent.input(screen.getByTestId('drafts-search'), { target: { value: '上海' } });
    expect(screen.getByTestId('drafts-no-match').textContent).toContain('没有找到与“上海”相符的草稿');
    await fireEvent.click(screen.getByRole('button', { name: '清除搜索和筛选' }));
    expect(rowTitles()).toHaveLength(3);
  });

  it('sorts by title and filters by 简报名称', async () => {
    await renderHome();
    await fireEvent.change(screen.getByTestId('drafts-sort'), { target: { value: 'title' } });
    // zh-CN collation is by pinyin: 杭 hang < 南 nan < 深 shen
    expect(rowTitles()).toEqual(['杭州“六小龙”现象对我市的启示', '南京科技成果转化情况', '深圳营商环境调研']);
    await fireEvent.change(screen.getByTestId('drafts-series-filter'), { target: { value: '调研专报' } });
    expect(rowTitles()).toEqual(['深圳营商环境调研']);
  });

  it('renames in place: Enter saves through renameDraft', async () => {
    const { fake } = await renderHome();
    await fireEvent.click(screen.getAllByTestId('rename-draft')[1]!);
    const input = screen.getByTestId<HTMLInputElement>('rename-input');
    expect(input.value).toBe('南京科技成果转化情况');
    input.value = '南京技术转化率对比';
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(rowTitles()).toContain('南京技术转化率对比'));
    expect(callsOf(fake, 'renameDraft')).toEqual([{ id: 'b', title: '南京技术转化率对比' }]);
  });

  it('F2 starts renaming and Esc cancels without saving', async () => {
    const { fake } = await renderHome();
    await fireEvent.keyDown(screen.getAllByTestId('draft-row')[0]!, { key: 'F2' });
    const input = await screen.findByTestId<HTMLInputElement>('rename-input');
    input.value = '不要保存';
    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.queryByTestId('rename-input')).toBeNull();
    expect(callsOf(fake, 'renameDraft')).toEqual([]);
    expect(rowTitles()).not.toContain('不要保存');
  });

  it('deletes to the trash, and 撤销 brings the draft back', async () => {
    const { fake } = await renderHome();
    await fireEvent.click(screen.getAllByTestId('delete-draft')[0]!);
    await waitFor(() => expect(rowTitles()).toHaveLength(2));
    expect(fake.trash.map((d) => d.id)).toEqual(['a']);
    expect(screen.getByTestId('deleted-strip').textContent).toContain('已将《杭州“六小龙”现象对我市的启示》移到回收站，30 天内可以恢复');
    await fireEvent.click(screen.getByTestId('undo-delete'));
    await waitFor(() => expect(rowTitles()).toHaveLength(3));
    expect(callsOf(fake, 'restoreDraft')).toEqual([{ id: 'a' }]);
    expect(fake.trash).toEqual([]);
  });

  it('the Delete key moves the focused draft to the trash', async () => {
    const { fake } = await renderHome();
    await fireEvent.keyDown(screen.getAllByTestId('draft-row')[2]!, { key: 'Delete' });
    await waitFor(() => expect(fake.trash.map((d) => d.id)).toEqual(['c']));
  });

  it('duplicates as “（副本）” and shows the copy', async () => {
    const { fake } = await renderHome();
    await fireEvent.click(screen.getAllByTestId('duplicate-draft')[1]!);
    await waitFor(() => expect(rowTitles()).toContain('南京科技成果转化情况（副本）'));
    expect(callsOf(fake, 'duplicateDraft')).toEqual([{ id: 'b', title: '南京科技成果转化情况（副本）' }]);
  });

  it('shows a failed rename as a Chinese notice and keeps the old title', async () => {
    const fake = seed();
    fake.failNext('renameDraft', 'DISK_FULL');
    const { app } = await renderHome(fake);
    await fireEvent.click(screen.getAllByTestId('rename-draft')[0]!);
    const input = screen.getByTestId<HTMLInputElement>('rename-input');
    input.value = '新标题';
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(app.notice?.text).toBe('重命名失败：磁盘空间不足，保存失败。'));
    expect(rowTitles()).toContain('杭州“六小龙”现象对我市的启示');
  });

  it('imports a file and reports a rejected one in Chinese', async () => {
    const fake = seed();
    const { app } = await renderHome(fake);
    fake.importResult = 'UNSAFE_CONTENT';
    await fireEvent.click(screen.getByTestId('import-draft'));
    await waitFor(() => expect(app.notice?.kind).toBe('error'));
    expect(app.notice?.text).toBe('导入失败：文件包含不安全的内容，已拒绝导入。（含有 __proto__ 键）');
    fake.importResult = { draft: briefingOf(summary({ id: 'imp', title: '同事发来的简报' })), idReissued: true, fileName: '简报.briefing.json' };
    await fireEvent.click(screen.getByTestId('import-draft'));
    await waitFor(() => expect(app.view.name).toBe('editor'));
    expect(app.notice?.text).toContain('已导入“简报.briefing.json”为《同事发来的简报》');
    expect(app.notice?.text).toContain('新副本');
  });

  it('a cancelled import says nothing', async () => {
    const { app, fake } = await renderHome();
    await fireEvent.click(screen.getByTestId('import-draft'));
    await waitFor(() => expect(callsOf(fake, 'importDraft')).toHaveLength(1));
    expect(app.notice).toBeNull();
  });

  it('shows the empty state in Chinese', async () => {
    const app = new AppState(fakeDraftsApi([]).api);
    render(DraftsHome, { props: { app } });
    expect((await screen.findByTestId('drafts-empty')).textContent).toContain('还没有草稿');
  });
});

describe('trash (回收站)', () => {
  it('lists deleted drafts with the days left, restores one and purges another after confirming', async () => {
    const fake = seed();
    const now = Date.now();
    fake.trash = [
      { ...summary({ id: 't1', title: '旧稿一' }), deletedAt: new Date(now - 2 * 86_400_000).toISOString(), purgeAt: new Date(now + 28 * 86_400_000).toISOString() },
      { ...summary({ id: 't2', title: '旧稿二' }), deletedAt: new Date(now - 60_000 * 10).toISOString(), purgeAt: new Date(now + 30 * 86_400_000 - 60_000 * 10).toISOString() },
    ];
    const app = new AppState(fake.api);
    render(Trash, { props: { app } });
    const rows = await screen.findAllByTestId('trash-row');
    // newest deletion first
    expect(rows.map((r) => r.querySelector('.title')?.textContent)).toEqual(['旧稿二', '旧稿一']);
    expect(rows[1]!.textContent).toContain('28 天后永久删除');
    expect(rows[0]!.textContent).toContain('10 分钟前删除');

    await fireEvent.click(within(rows[1]!).getByTestId('restore-draft'));
    await waitFor(() => expect(screen.getAllByTestId('trash-row')).toHaveLength(1));
    expect(fake.drafts.some((d) => d.id === 't1')).toBe(true);
    expect(app.notice?.text).toBe('已恢复《旧稿一》，可在草稿箱中打开。');

    await fireEvent.click(screen.getByTestId('purge-draft'));
    expect(callsOf(fake, 'purgeDraft')).toEqual([]);
    await fireEvent.click(screen.getByTestId('confirm-purge'));
    await waitFor(() => expect(screen.getByTestId('trash-empty').textContent).toContain('回收站是空的'));
    expect(callsOf(fake, 'purgeDraft')).toEqual([{ id: 't2' }]);
  });
});

describe('store notices', () => {
  it('tells what happened and where the damaged file is; 知道了 dismisses', async () => {
    const ondismiss = vi.fn();
    const onreveal = vi.fn();
    render(StoreNotices, {
      props: {
        status: {
          storeDir: '/data/drafts',
          readOnly: false,
          unsaved: [],
          lastBackupAt: null,
          notices: [
            {
              id: 'n1',
              kind: 'draft-recovered',
              params: { title: '季度简报', damaged: true, reason: { code: 'INVALID_JSON', line: 3, column: 7 }, recoveredFrom: { source: 'snapshot', at: new Date(2025, 1, 8, 10, 20).toISOString() } },
              message: 'in Beijing time, for logs',
              path: '/data/drafts/quarantine/d1.json',
              draftId: 'd1',
              at: new Date().toISOString(),
            },
          ],
        },
        ondismiss,
        onreveal,
      },
    });
    const notice = screen.getByTestId('store-notice');
    expect(notice.textContent).toContain('草稿已自动恢复');
    // Formatted here from the notice's facts, in the computer's own time.
    expect(notice.textContent).toContain('草稿“季度简报”的文件已损坏（第 3 行第 7 列格式错误），已移到隔离文件夹：');
    expect(notice.textContent).toContain('已从历史快照（2025年2月8日 10:20）恢复');
    expect(notice.textContent).not.toContain('for logs');
    expect(screen.getByTestId('quarantine-path').textContent).toBe('/data/drafts/quarantine/d1.json');
    await fireEvent.click(screen.getByRole('button', { name: '在文件夹中显示' }));
    expect(onreveal).toHaveBeenCalledWith('/data/drafts/quarantine/d1.json');
    await fireEvent.click(screen.getByTestId('dismiss-store-notice'));
    expect(ondismiss).toHaveBeenCalledWith('n1');
  });

  it('shows the quarantine path once, as its own part of the sentence', () => {
    const path = '/data/drafts/quarantine/2025-02-08T07-00-00-000Z-d1.json';
    render(StoreNotices, {
      props: {
        status: {
          storeDir: '/data/drafts',
          readOnly: false,
          unsaved: [],
          lastBackupAt: null,
          notices: [{ id: 'n2', kind: 'draft-recovered', params: { title: '季度简报', damaged: true, reason: { code: 'INVALID_BRIEFING' }, recoveredFrom: { source: 'backup', at: new Date().toISOString() } }, message: '', path, draftId: 'd1', at: new Date().toISOString() }],
        },
        ondismiss: vi.fn(),
        onreveal: vi.fn(),
      },
    });
    const notice = screen.getByTestId('store-notice');
    expect(screen.getByTestId('quarantine-path').textContent).toBe(path);
    expect(notice.textContent!.split(path)).toHaveLength(2);
    expect(notice.textContent).toContain('已移到隔离文件夹：');
  });

  it('warns loudly when the data folder is read-only', () => {
    render(StoreNotices, {
      props: { status: { storeDir: '/ro/drafts', readOnly: true, unsaved: [], lastBackupAt: null, notices: [] }, ondismiss: vi.fn(), onreveal: vi.fn() },
    });
    expect(screen.getByRole('alert').textContent).toContain('无法写入数据目录');
    expect(screen.getByRole('alert').textContent).toContain('/ro/drafts');
  });
});
