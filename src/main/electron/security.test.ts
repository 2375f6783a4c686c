import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY, createAppUrlCheck, createMainWindow, hardenSession, hardenWebContents } from './security';

class FakeWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

describe('main window options', () => {
  const { options } = createMainWindow(FakeWindow, '/app/out/preload/index.cjs', { width: 1440, height: 900, maximized: false });
  it('isolates and sandboxes the renderer', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });
  it('uses a CommonJS preload (a sandboxed preload cannot be ESM)', () => {
    expect(options.webPreferences?.preload).toMatch(/\.cjs$/);
  });
  it('enforces the minimum size of 1280 × 800', () => {
    expect(options.minWidth).toBe(1280);
    expect(options.minHeight).toBe(800);
  });
});

describe('content security policy', () => {
  it('allows no remote origin', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check, and adds the CSP header', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      webRequest: { onHeadersReceived: (h: never) => (handlers.headers = h) },
    };
    hardenSession(session as never);
    const callback = vi.fn();
    (handlers.request as (a: unknown, b: string, c: (ok: boolean) => void) => void)(null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect((handlers.check as () => boolean)()).toBe(false);
    const headerCallback = vi.fn();
    (handlers.headers as (d: unknown, c: (r: unknown) => void) => void)({ responseHeaders: {} }, headerCallback);
    expect(headerCallback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});

describe('hardenWebContents', () => {
  function fakeContents() {
    const listeners: Record<string, (event: { preventDefault: () => void }, url?: string) => void> = {};
    let openHandler: (() => { action: string }) | undefined;
    return {
      contents: {
        on: (name: string, fn: never) => (listeners[name] = fn),
        setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn),
      },
      listeners,
      open: () => openHandler?.(),
    };
  }
  const isApp = createAppUrlCheck('file:///opt/briefsmith/out/renderer/index.html');

  it('blocks navigation away from the app and allows reloading the app', () => {
    const f = fakeContents();
    hardenWebContents(f.contents as never, isApp);
    const away = { preventDefault: vi.fn() };
    f.listeners['will-navigate']!(away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const home = { preventDefault: vi.fn() };
    f.listeners['will-navigate']!(home, 'file:///opt/briefsmith/out/renderer/index.html');
    expect(home.preventDefault).not.toHaveBeenCalled();
  });
  it('denies new windows and webviews', () => {
    const f = fakeContents();
    hardenWebContents(f.contents as never, isApp);
    expect(f.open()).toEqual({ action: 'deny' });
    const attach = { preventDefault: vi.fn() };
    f.listeners['will-attach-webview']!(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });
  it('recognises only the app renderer URL', () => {
    expect(isApp('file:///etc/passwd')).toBe(false);
    expect(isApp('not a url')).toBe(false);
    const dev = createAppUrlCheck('http://localhost:5173/');
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
  });
});
