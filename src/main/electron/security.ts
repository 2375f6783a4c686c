import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import type { WindowState } from '../window-state';
import { MIN_WINDOW_SIZE } from '../window-state';

/**
 * The renderer's Content Security Policy, one directive per line: nothing from any remote origin;
 * scripts only from the app itself (no 'unsafe-eval', no 'unsafe-inline'); blob: workers for
 * pdf.js; inline styles for Svelte transitions. Sent as a response header by `hardenSession`.
 * `src/renderer/index.html` carries the same policy in a meta tag (`META_CONTENT_SECURITY_POLICY`:
 * without frame-ancestors, which browsers ignore in a meta tag); security.test.ts compares both
 * for equality, and scripts/electronegativity.mjs pins this literal list in its allowlist.
 */
export const CONTENT_SECURITY_POLICY = [
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
  "frame-ancestors 'none'",
].join('; ');

/** The policy as `index.html`'s meta tag must carry it: the header's, less what a meta tag cannot set. */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors '))
  .join('; ');

/** The constructor of a window (Electron's BrowserWindow, or a fake in tests). */
export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the main window with every security switch explicit and literal (so a test and the
 * electronegativity scan can both read them).
 */
export function createMainWindow<W>(BrowserWindow: WindowConstructor<W>, preloadPath: string, state: WindowState, iconPath?: string): W {
  return new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: '简报工坊 BriefSmith',
    show: false,
    backgroundColor: '#f5f3ef',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click (auxclick) could open links in a new window; the app has no use for it.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** Denies every permission request and check (camera, geolocation, notifications …). */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/**
 * Blocks navigation away from the app, new windows and webviews. `isAppUrl` says which URLs are
 * the app's own renderer.
 */
export function hardenWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** True when `url` is the renderer this app loaded (its file or the dev server origin). */
export function createAppUrlCheck(rendererUrl: string): (url: string) => boolean {
  const base = new URL(rendererUrl);
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (base.protocol === 'file:') return parsed.protocol === 'file:' && parsed.pathname === base.pathname;
    return parsed.origin === base.origin;
  };
}
