import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import type { WindowState } from '../window-state';
import { MIN_WINDOW_SIZE } from '../window-state';
import { CONTENT_SECURITY_POLICY } from '../csp';

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
