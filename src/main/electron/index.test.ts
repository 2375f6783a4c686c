import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
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
    close() {}
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

  it('waits for the store before quitting', async () => {
    const event = { preventDefault: vi.fn() };
    fake.appListeners['before-quit']!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    const { app } = await import('electron');
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  });

  it('denies permission requests', () => {
    const cb = vi.fn();
    (fake.permissionHandler as (a: unknown, b: string, c: (v: boolean) => void) => void)(null, 'geolocation', cb);
    expect(cb).toHaveBeenCalledWith(false);
  });
});
