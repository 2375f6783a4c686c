// The browser mode's `window.api` (issue 16): the same contract as Electron's preload, carried by
// fetch to the local server of `briefsmith open` (src/main/web), which dispatches to the very
// services IPC reaches. Served with the page (a module of the renderer bundle); used when no
// preload defined `window.api`. What the desktop app does with native dialogs happens in the page:
// a file to import is picked with the browser's file chooser and uploaded; a written export is
// downloaded. The page never sends a path.
import { contract, isMenuCommand, menuAccelerators, methodNames, type Api, type ApiEvents, type MenuCommand, type MethodName } from '../../shared/api';
import { fail, type Result } from '../../shared/errors';
import { askUnsaved, deliverStashes, KEEPALIVE_LIMIT, keepaliveCarries, utf8Bytes, type StashClient } from './unload';

/** A menu command for the app (the browser mode has no native menu; the tests send them this way). */
export const MENU_COMMAND_EVENT = 'briefsmith:menu-command';
/** Asks the app to save before closing, as Electron's window close does (also sent on pagehide). */
export const BEFORE_CLOSE_EVENT = 'briefsmith:before-close';

/** The tag of a byte array on the wire (src/main/web/codec.ts). */
const BYTES_TAG = '__bytes_base64';

/** A file the server wrote for this session and offers for download. */
export interface WebDownload {
  readonly id: string;
  readonly name: string;
  readonly path: string;
}

interface Wire {
  readonly result: Result<unknown>;
  readonly downloads: readonly WebDownload[];
}

/** Where each method asked the desktop app's open dialog: the browser's file chooser instead. */
const OPEN_DIALOGS: Partial<Record<MethodName, { readonly accept: string; readonly multiple?: boolean; readonly when?: (request: unknown) => boolean }>> = {
  importDraft: { accept: '.json' },
  checkTemplateFile: { accept: '.json' },
  // a template with the fonts and images it uses (picked together)
  importTemplate: { accept: '.json,.ttf,.otf,.ttc,.png,.jpg,.jpeg,.svg', multiple: true },
  importSource: { accept: '.txt,.docx,.pdf,.html,.htm', when: (request) => (request as { text?: unknown } | undefined)?.text === undefined },
  previewPackImport: { accept: '.bspack', when: (request) => (request as { path?: unknown } | undefined)?.path === undefined },
};

/**
 * The desktop menu's accelerators the page takes itself, there being no menu in a browser tab
 * (the help sheet lists them): not undo/redo (the editor has them), not Ctrl+N (the browser keeps
 * it), not F1 and Ctrl+K (App handles those keys in both modes).
 */
const PAGE_KEYS = ['open-drafts', 'import-draft', 'export-json', 'save-version', 'export-pdf'] as const satisfies readonly MenuCommand[];

/** True when `event` is `accelerator` (`CmdOrCtrl+Shift+O`; Cmd on macOS). */
export function matchesAccelerator(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'code'>, accelerator: string, mac: boolean): boolean {
  const parts = accelerator.split('+');
  const key = parts.at(-1)!;
  const has = (name: string) => parts.includes(name);
  const primary = mac ? event.metaKey : event.ctrlKey;
  const other = mac ? event.ctrlKey : event.metaKey;
  return primary === has('CmdOrCtrl') && !other && event.shiftKey === has('Shift') && event.altKey === has('Alt') && event.code === (/^[A-Z]$/.test(key) ? `Key${key}` : key);
}

/** JSON.parse turning `{ __bytes_base64 }` back into Uint8Array. */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && typeof (v as Record<string, unknown>)[BYTES_TAG] === 'string') {
      const bin = atob((v as Record<string, string>)[BYTES_TAG]!);
      const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out;
    }
    return v;
  });
}

const disconnected = () => fail('INTERNAL', '（无法连接本机的简报工坊服务，它可能已经停止。请在终端重新运行 briefsmith open 或 npm start。）');

/** Lets the user pick files with the browser's chooser: the files, or null when cancelled. */
function pickFiles(doc: Document, accept: string, multiple: boolean): Promise<File[] | null> {
  return new Promise((resolve) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.dataset.briefsmithPicker = '';
    input.addEventListener('change', () => resolve(input.files && input.files.length > 0 ? [...input.files] : null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}

/** Builds the API over fetch for the page in `win` (the server is the page's own origin). */
export function createWebApi(win: Window = window): Api & ApiEvents {
  const doc = win.document;
  const known = new Map<string, WebDownload>();
  // While the page is going away, requests must outlive it (keepalive).
  let leaving = false;

  const download = (file: WebDownload) => {
    const link = doc.createElement('a');
    link.href = `/__download/${encodeURIComponent(file.id)}`;
    link.download = file.name;
    link.rel = 'noopener';
    link.click();
  };

  async function post(channel: string, request: unknown, headers: Record<string, string> = {}): Promise<Result<unknown>> {
    const body = JSON.stringify(request ?? {});
    let response: Response;
    try {
      response = await win.fetch(`/__api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
        credentials: 'same-origin',
        // The limit counts bytes: a Chinese character is three.
        keepalive: leaving && utf8Bytes(body) < KEEPALIVE_LIMIT,
      });
    } catch {
      return disconnected();
    }
    if (!response.ok) return disconnected();
    const wire = decodeWire(await response.text()) as Wire;
    for (const file of wire.downloads) known.set(file.path, file);
    // The export's main file goes to the browser's downloads; the others on request (showInFolder).
    if (wire.downloads[0]) download(wire.downloads[0]);
    return wire.result;
  }

  async function upload(files: readonly File[]): Promise<string | null> {
    let id: string | null = null;
    for (const file of files) {
      const query = `name=${encodeURIComponent(file.name)}${id ? `&into=${encodeURIComponent(id)}` : ''}`;
      const response = await win.fetch(`/__upload?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file, credentials: 'same-origin' });
      if (!response.ok) return null;
      id = ((await response.json()) as { id: string }).id;
    }
    return id;
  }

  const api: Record<string, (request: unknown) => Promise<Result<unknown>>> = {};
  for (const method of methodNames) {
    const channel = contract[method].channel;
    const dialog = OPEN_DIALOGS[method];
    api[method] = async (request) => {
      if (dialog && (dialog.when?.(request) ?? true)) {
        const files = await pickFiles(doc, dialog.accept, dialog.multiple ?? false);
        if (!files) return fail('CANCELLED');
        let id: string | null;
        try {
          id = await upload(files);
        } catch {
          return disconnected();
        }
        if (id === null) return fail('FILE_TOO_LARGE', '（上传上限 60 MB）');
        return post(channel, request, { 'X-BriefSmith-Upload': id });
      }
      return post(channel, request);
    };
  }
  // Revealing a file in the file manager becomes downloading it; the server is told (it opens
  // nothing: it never acts on a path the page names).
  const reveal = api.showInFolder!;
  api.showInFolder = async (request) => {
    const file = known.get((request as { path?: string } | undefined)?.path ?? '');
    if (file) download(file);
    return reveal(request);
  };

  const events: ApiEvents = {
    onMenuCommand(listener: (command: MenuCommand) => void) {
      const wrapped = (event: Event) => {
        const command = (event as CustomEvent<unknown>).detail;
        if (isMenuCommand(command)) listener(command);
      };
      win.addEventListener(MENU_COMMAND_EVENT, wrapped);
      return () => win.removeEventListener(MENU_COMMAND_EVENT, wrapped);
    },
    onBeforeClose(listener: () => void) {
      const wrapped = () => listener();
      win.addEventListener(BEFORE_CLOSE_EVENT, wrapped);
      return () => win.removeEventListener(BEFORE_CLOSE_EVENT, wrapped);
    },
  };

  const mac = win.navigator.platform.startsWith('Mac');
  win.addEventListener('keydown', (event: KeyboardEvent) => {
    const command = PAGE_KEYS.find((c) => matchesAccelerator(event, menuAccelerators[c], mac));
    if (!command) return;
    event.preventDefault();
    win.dispatchEvent(new CustomEvent(MENU_COMMAND_EVENT, { detail: command }));
  });

  // Closing the tab with something unsaved (see ./unload.ts): saving starts at once, and when a
  // keepalive request could not carry the save after the page is gone (a large draft, failing
  // saves) the browser asks the user to stay while it finishes.
  win.addEventListener('beforeunload', (event: BeforeUnloadEvent) => {
    const unsaved = askUnsaved(win);
    for (const entry of unsaved) entry.flush();
    if (unsaved.some((entry) => !keepaliveCarries(entry))) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
  // Closing the last tab is the browser mode's window close: the close guard saves what is pending
  // (its requests keepalive, so they reach the server after the page is gone), then the server
  // writes everything down (/__flush, a beacon). What keepalive cannot carry is kept in the
  // page's storage first, and becomes a recovery copy when the app is next opened.
  win.addEventListener('pagehide', () => {
    const now = new Date().toISOString();
    for (const entry of askUnsaved(win)) if (!keepaliveCarries(entry)) entry.stash(now);
    leaving = true;
    win.dispatchEvent(new CustomEvent(BEFORE_CLOSE_EVENT));
    win.navigator.sendBeacon('/__flush');
  });
  win.addEventListener('pageshow', () => {
    leaving = false;
  });

  const client = Object.freeze({ ...(api as unknown as Api), ...events });
  // Drafts kept in this browser's storage when a tab was closed before they reached the disk.
  void deliverStashes(storageOf(win), client as unknown as StashClient);
  return client;
}

/** The page's localStorage, or undefined where reading it throws (storage disabled). */
function storageOf(win: Window): Storage | undefined {
  try {
    return win.localStorage;
  } catch {
    return undefined;
  }
}
