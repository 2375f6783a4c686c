// The app shell in jsdom: navigation, F1 help, menu commands and store notices, on a fake API.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Component } from 'svelte';
import type { MenuCommand } from '../shared/api';
import { ok } from '../shared/errors';
import { callsOf, fakeDraftsApi, summary } from './components/drafts/fake-drafts-api.test-support';

const fake = fakeDraftsApi([summary({ id: 'a', title: '杭州启示', issueNumber: 3 })]);
const menu = new Set<(command: MenuCommand) => void>();
fake.status = {
  ...fake.status,
  lastBackupAt: new Date(2025, 1, 8, 10, 20).toISOString(),
  notices: [{ id: 'n1', kind: 'draft-recovered', params: { title: '季度简报', damaged: true, reason: { code: 'INVALID_JSON' }, recoveredFrom: { source: 'backup', at: new Date().toISOString() } }, message: '', path: '/d/quarantine/x.json', draftId: 'x', at: new Date().toISOString() }],
};

let App: Component;
beforeAll(async () => {
  // api.ts reads window.api when it is first imported: define it first (the preload's role).
  const api = new Proxy(fake.api as unknown as Record<string, unknown>, {
    get(target, name: string) {
      if (name === 'onMenuCommand') return (listener: (command: MenuCommand) => void) => (menu.add(listener), () => menu.delete(listener));
      if (name === 'onBeforeClose') return () => () => undefined;
      if (name === 'listTemplateGallery') return async () => ok([]);
      if (name === 'listRecovery') return async () => ok([]);
      if (name === 'getAppInfo') return async () => ok({ name: 'briefsmith', productName: '简报工坊', version: '0.1.0', dataDir: '/d', platform: 'linux' });
      return target[name];
    },
  });
  Object.defineProperty(window, 'api', { value: api, configurable: true });
  App = (await import('./App.svelte')).default as Component;
  // The first import compiles every Svelte file of the app: seconds on a loaded machine.
}, 120_000);

describe('app shell', () => {
  it('shows the drafts home, the store state and the store’s recovery notice', async () => {
    render(App);
    await screen.findByTestId('draft-row');
    expect(screen.getByTestId('store-status').textContent).toContain('草稿自动保存在本机 · 备份于 10:20');
    expect(screen.getByTestId('store-notice').textContent).toContain('已从自动备份（');
    await fireEvent.click(screen.getByTestId('dismiss-store-notice'));
    await waitFor(() => expect(screen.queryByTestId('store-notice')).toBeNull());
    expect(callsOf(fake, 'dismissNotice')).toEqual([{ id: 'n1' }]);
  });

  it('navigates to 回收站 and 模板库 and back', async () => {
    render(App);
    await fireEvent.click(screen.getByTestId('nav-trash'));
    expect((await screen.findByTestId('trash-empty')).textContent).toContain('回收站是空的');
    expect(screen.getByTestId('nav-trash').getAttribute('aria-current')).toBe('page');
    await fireEvent.click(screen.getByTestId('nav-templates'));
    expect((await screen.findByTestId('templates')).textContent).toContain('模板库');
    expect(screen.getByTestId('nav-templates').getAttribute('aria-current')).toBe('page');
    await fireEvent.click(screen.getByTestId('nav-drafts'));
    await screen.findByTestId('draft-row');
  });

  it('F1 opens help, Esc closes it; the menu opens the shortcuts list', async () => {
    render(App);
    await fireEvent.keyDown(window, { key: 'F1' });
    expect(screen.getByTestId('help').textContent).toContain('快速上手');
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('help')).toBeNull();
    menu.forEach((l) => l('show-shortcuts'));
    expect((await screen.findByTestId('help')).textContent).toContain('Ctrl + K');
  });

  it('the menu’s 导入简报文件 imports (cancelled here: nothing happens)', async () => {
    render(App);
    await screen.findByTestId('draft-row');
    const before = callsOf(fake, 'importDraft').length;
    menu.forEach((l) => l('import-draft'));
    await waitFor(() => expect(callsOf(fake, 'importDraft').length).toBe(before + menu.size));
    expect(screen.queryByTestId('notice')).toBeNull();
  });
});
