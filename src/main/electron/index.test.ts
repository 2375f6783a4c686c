import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { contract, methodNames } from '../../shared/api';

// A fake `electron` module: enough of app, BrowserWindow, ipcMain, Menu, session and dialog to run
// the real main entry and observe what it wires up.
const fake = vi.hoisted(() => {
  const state = {
    userData: '',
    handlers: new Map<string, unknown>(),
    windows: [] as { options: Record<string, unknown>; url?: string; listeners: Record<string, (e: { preventDefault(): void }) => void> }[],
    menuTemplate: null as unknown,
    ready: null as null | (() => void),
    appListeners: {} as Record<string, (...args: unknown[]) => void>,
    sandboxEnabled: false,
    permissionHandler: null as unknown,
    closed: 0,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    options: Record<string, unknown>;
    listeners: Record<string, (e: { preventDefault(): void }) => void> = {};
    url?: string;
    webContents = { send: vi.fn(), toggleDevTools: vi.fn() };
    constructor(options: Record<string, unknown>) {
      this.options = options;
      fake.windows.push(this);
    }
    once() {}
    on(name: string, fn: (e: { preventDefault(): void }) => void) {
      this.listeners[name] = fn;
    }
    maximize() {}
    show() {}
    /** Like Electron: emits `close`; the window is closed unless a listener prevents it. */
    close = vi.fn(() => {
      let prevented = false;
      this.listeners.close?.({ preventDefault: () => (prevented = true) });
      if (!prevented) fake.closed += 1;
    });
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1440, height: 900 };
    }
    async loadURL(url: string) {
      this.url = url;
    }
  }
  const app = {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    enableSandbox: () => (fake.sandboxEnabled = true),
    getPath: () => fake.userData,
    on: (name: string, fn: (...args: unknown[]) => void) => (fake.appListeners[name] = fn),
    whenReady: () => new Promise<void>((resolve) => (fake.ready = resolve)),
    quit: vi.fn(),
  };
  return {
    app,
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: unknown) => fake.handlers.set(channel, fn), removeHandler: vi.fn() },
    Menu: { buildFromTemplate: (t: unknown) => (fake.menuTemplate = t), setApplicationMenu: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: unknown) => (fake.permissionHandler = h),
        setPermissionCheckHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    dialog: { showSaveDialog: vi.fn(), showOpenDialog: vi.fn(), showMessageBox: vi.fn() },
    shell: { showItemInFolder: vi.fn() },
  };
});

describe('Electron main entry (electron mocked)', () => {
  beforeAll(async () => {
    fake.userData = mkdtempSync(join(tmpdir(), 'bs-main-'));
    await import('./index');
    fake.ready?.();
    await new Promise((r) => setTimeout(r, 50));
  });

  it('enables the sandbox for every renderer', () => {
    expect(fake.sandboxEnabled).toBe(true);
  });

  it('creates one secure window with the CommonJS preload and loads the built renderer', () => {
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(win.url).toMatch(/^file:.*renderer\/index\.html$/);
  });

  it('registers a handler for every contract channel', () => {
    expect([...fake.handlers.keys()].sort()).toEqual(methodNames.map((m) => contract[m].channel).sort());
  });

  it('sets the Chinese application menu', () => {
    expect((fake.menuTemplate as { label: string }[]).map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
  });

  it('blocks navigation and new windows in every web contents', () => {
    const listeners: Record<string, (e: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: (() => unknown) | undefined;
    fake.appListeners['web-contents-created']!({}, {
      on: (n: string, f: never) => (listeners[n] = f),
      setWindowOpenHandler: (f: () => unknown) => (openHandler = f),
    });
    const event = { preventDefault: vi.fn() };
    listeners['will-navigate']!(event, 'https://example.com');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });

  it('asks the renderer to save before the window closes', () => {
    const win = fake.windows[0]!;
    const event = { preventDefault: vi.fn() };
    win.listeners.close!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect((win as unknown as { webContents: { send: ReturnType<typeof vi.fn> } }).webContents.send).toHaveBeenCalledWith('app:before-close');
  });

  it('denies permission requests', () => {
    const cb = vi.fn();
    (fake.permissionHandler as (a: unknown, b: string, c: (v: boolean) => void) => void)(null, 'geolocation', cb);
    expect(cb).toHaveBeenCalledWith(false);
  });

  describe('the close handshake never drops an edit', () => {
    type Handler = (event: unknown, argument?: unknown) => Promise<{ ok: boolean; value?: unknown; code?: string }>;
    const call = (channel: string, argument: unknown = {}) => {
      const win = fake.windows[0]!;
      // the app's own top frame: the sender check passes
      return (fake.handlers.get(channel) as Handler)({ senderFrame: { parent: null, url: win.url } }, argument);
    };
    const sent = () => (fake.windows[0] as unknown as { webContents: { send: ReturnType<typeof vi.fn> } }).webContents.send;

    afterEach(() => {
      vi.useRealTimers();
    });

    it('a refused field is saved around, and a renderer holding the close keeps the window open past the timeout', async () => {
      const created = await call('draft:create', { title: '关闭测试' });
      expect(created.ok).toBe(true);
      const draft = created.value as Record<string, unknown> & { meta: Record<string, unknown>; id: string };
      // the issue's case: a 6-digit year — the rest of the draft is saved, the field is listed
      const edited = { ...draft, title: '关闭前改的标题', meta: { ...draft.meta, issueDate: '102025-01-01' } };
      const saved = await call('draft:save', { draft: edited });
      expect(saved.ok && (saved.value as { refused: { field: string }[] }).refused.map((r) => r.field)).toEqual(['meta.issueDate']);
      vi.useFakeTimers();
      sent().mockClear();
      fake.windows[0]!.listeners.close!({ preventDefault: vi.fn() });
      expect(sent()).toHaveBeenCalledWith('app:before-close');
      // the renderer: something is unsaved (the refused date) — hold, and keep a recovery copy
      expect((await call('app:hold-close')).ok).toBe(true);
      const written = await call('app:recovery-write', { draft: edited, reason: 'close' });
      expect(written.ok).toBe(true);
      const closedBefore = fake.closed;
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fake.closed).toBe(closedBefore);
      // the recovery copy is outside the drafts folder and holds the refused value too
      expect(readFileSync(join(fake.userData, 'recovery', `${draft.id}.json`), 'utf8')).toContain('102025-01-01');
    });

    it('quitting while the window is open asks the renderer first and keeps the store open', async () => {
      const { app } = await import('electron');
      vi.mocked(app.quit).mockClear();
      sent().mockClear();
      const event = { preventDefault: vi.fn() };
      fake.appListeners['before-quit']!(event);
      expect(event.preventDefault).toHaveBeenCalled();
      expect(sent()).toHaveBeenCalledWith('app:before-close');
      // the store still answers (the renderer can retry its save)
      expect((await call('draft:list', {})).ok).toBe(true);
      expect(app.quit).not.toHaveBeenCalled();
    });

    it('a renderer that never answers is presumed hung: the window closes after 5 s', async () => {
      vi.useFakeTimers();
      const closedBefore = fake.closed;
      fake.windows[0]!.listeners.close!({ preventDefault: vi.fn() });
      await vi.advanceTimersByTimeAsync(4_900);
      expect(fake.closed).toBe(closedBefore);
      await vi.advanceTimersByTimeAsync(200);
      expect(fake.closed).toBe(closedBefore + 1);
    });

    it('readyToClose closes the window, and quitting then waits for the store', async () => {
      const closedBefore = fake.closed;
      expect((await call('app:ready-to-close')).ok).toBe(true);
      expect(fake.closed).toBe(closedBefore + 1);
      const event = { preventDefault: vi.fn() };
      fake.appListeners['before-quit']!(event);
      expect(event.preventDefault).toHaveBeenCalled();
      const { app } = await import('electron');
      await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    });
  });
});
