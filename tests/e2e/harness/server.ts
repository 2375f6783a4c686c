// The Chromium test harness: the product's browser mode (src/main/web, what `briefsmith open`
// runs) on a fresh data folder, with test hooks — a call log, errors the services logged, fault
// switches for the store's writes, and queued answers for the open dialog (the page's file
// chooser is answered with the queued file). Not a second server: the web host is the server.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join, sep } from 'node:path';
import type { ServiceHost } from '../../../src/main/services';
import { nodeStoreFs, type StoreFs } from '../../../src/main/store';
import { SECURITY_HEADERS } from '../../../src/main/web/security';
import { startWebHost } from '../../../src/main/web/server';

export interface HarnessOptions {
  /** The user data directory the services write to. */
  readonly dataDir: string;
  /** The built renderer (default out/renderer). */
  readonly rendererDir?: string;
  readonly now?: () => Date;
}

export interface Harness {
  /** The browser mode's URL with its session token (the first visit trades it for the cookie). */
  readonly url: string;
  readonly dataDir: string;
  /** The browser mode's export folder: `<dataDir>/exports`, where every export is written. */
  readonly exportsDir: string;
  /** Test hooks for the page (give it to `context.addInitScript`): menu commands, the close request, the file chooser. */
  readonly initScript: string;
  /** Answers the next file chooser with `path` (uploaded as the page would), null cancels it. */
  queueOpenPath(path: string | null): void;
  /**
   * Fault switch: while set, every write under `<dataDir>/drafts/` fails with this errno
   * (`ENOSPC`: disk full; `EROFS`: read-only), as the real file system would; null heals it.
   */
  setSaveFault(errno: 'ENOSPC' | 'EROFS' | null): void;
  /** Every API call made, in order (channel names). */
  readonly calls: string[];
  /** Errors the services logged: a bug shows up here. */
  readonly logged: string[];
  close(): Promise<void>;
}

/** The page side of the hooks: menu commands and the close request as the web transport hears them. */
const initScript = `(() => {
  window.__harness = {
    menu: (command) => window.dispatchEvent(new CustomEvent('briefsmith:menu-command', { detail: command })),
    beforeClose: () => window.dispatchEvent(new CustomEvent('briefsmith:before-close')),
  };
  // The file chooser of the web transport is answered with the harness's queued file.
  const click = HTMLInputElement.prototype.click;
  HTMLInputElement.prototype.click = function () {
    if (this.type !== 'file' || !('briefsmithPicker' in this.dataset)) return click.call(this);
    void fetch('/__harness/next-open', { method: 'POST' }).then((r) => r.json()).then((next) => {
      if (!next) return void this.dispatchEvent(new Event('cancel'));
      const bin = atob(next.base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], next.name));
      this.files = transfer.files;
      this.dispatchEvent(new Event('change'));
    });
  };
})();`;

/** Starts the browser mode on a free port of 127.0.0.1 with the test hooks. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  mkdirSync(options.dataDir, { recursive: true });
  const exportsDir = join(options.dataDir, 'exports');
  const openQueue: (string | null)[] = [];
  const calls: string[] = [];
  const logged: string[] = [];
  const log: ServiceHost['log'] = (level, message, error) => {
    if (level === 'error') logged.push(`${message} ${error instanceof Error ? (error.stack ?? error.message) : ''}`);
  };
  // The store's file system with a switch: writes under drafts/ fail while a fault is set.
  let fault: string | null = null;
  const draftsDir = `${join(options.dataDir, 'drafts')}${sep}`;
  const failing = (path: string) => fault !== null && path.startsWith(draftsDir);
  const faultError = () => Object.assign(new Error(`${fault}: simulated by the harness`), { code: fault });
  const fs: StoreFs = {
    ...nodeStoreFs,
    async writeNewSynced(path, data) {
      if (failing(path)) throw faultError();
      return nodeStoreFs.writeNewSynced(path, data);
    },
    async rename(from, to) {
      if (failing(to)) throw faultError();
      return nodeStoreFs.rename(from, to);
    },
    async link(existing, newPath) {
      if (failing(newPath)) throw faultError();
      return nodeStoreFs.link(existing, newPath);
    },
    async copyFile(from, to) {
      if (failing(to)) throw faultError();
      return nodeStoreFs.copyFile(from, to);
    },
  };
  // The file chooser's answer: the queued file's name and bytes (null: cancelled, as an empty queue is).
  const route = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'POST' || url.pathname !== '/__harness/next-open') return false;
    req.resume();
    const path = openQueue.shift() ?? null;
    const answer = path !== null && existsSync(path) ? { name: basename(path), base64: readFileSync(path).toString('base64') } : null;
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    return true;
  };
  const web = await startWebHost({
    dataDir: options.dataDir,
    exportDir: exportsDir,
    ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
    ...(options.now ? { now: options.now } : {}),
    log,
    test: { services: { drafts: { fs } }, onCall: (channel) => void calls.push(channel), route },
  });
  return {
    url: web.url,
    dataDir: options.dataDir,
    exportsDir,
    initScript,
    queueOpenPath: (path) => void openQueue.push(path),
    setSaveFault: (errno) => void (fault = errno),
    calls,
    logged,
    close: () => web.close(),
  };
}
