import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../csp';
import { createAppUrlCheck, createMainWindow, hardenSession, hardenWebContents } from './security';

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
  // Compared for equality, not `toContain`: adding 'unsafe-eval', a remote origin or a wildcard to
  // any directive fails here, in the header and in index.html alike.
  const expected = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];

  it('the header is exactly the reviewed policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe([...expected, "frame-ancestors 'none'"].join('; '));
  });

  it("index.html's meta tag is exactly the header's policy less frame-ancestors", () => {
    const html = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/g)].map((m) => m[1]);
    expect(metas).toEqual([META_CONTENT_SECURITY_POLICY]);
    expect(META_CONTENT_SECURITY_POLICY).toBe(expected.join('; '));
  });

  it('the built renderer keeps the same meta policy', () => {
    const built = join(import.meta.dirname, '../../../out/renderer/index.html');
    if (!existsSync(built)) return; // only after `npm run build`; CI builds before the tests
    const html = readFileSync(built, 'utf8');
    expect([...html.matchAll(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/g)].map((m) => m[1])).toEqual([META_CONTENT_SECURITY_POLICY]);
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
