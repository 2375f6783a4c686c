// The Chromium test harness: serves the built renderer on 127.0.0.1 and answers `window.api` calls
// over HTTP with the very services and dispatcher Electron's main registers (one contract, two
// transports). Test infrastructure only: it is not shipped.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { contract, methodNames } from '../../../src/shared/api';
import { createNodeHost } from '../../../src/main/node-host';
import { findAppPaths } from '../../../src/main/paths';
import { createDispatcher, createServices, type ServiceHost } from '../../../src/main/services';
import { nodeStoreFs, type StoreFs } from '../../../src/main/store';
import { decodeSource, encode } from './codec';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

export interface HarnessOptions {
  /** The user data directory the services write to. */
  readonly dataDir: string;
  /** The built renderer (default out/renderer). */
  readonly rendererDir?: string;
  readonly now?: () => Date;
}

export interface Harness {
  readonly url: string;
  readonly dataDir: string;
  /** Where the save dialog "chooses" to put exports: `<dataDir>/exports/<default name>`. */
  readonly exportsDir: string;
  /** The script that defines `window.api` in the page (give it to `page.addInitScript`). */
  readonly initScript: string;
  /** Answers the next open dialog with `path` (import tests). */
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

/** Starts the harness on a free port of 127.0.0.1. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const paths = findAppPaths(import.meta.dirname);
  const rendererDir = resolve(options.rendererDir ?? join(paths.root, 'out', 'renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${rendererDir}); run npm run build first.`);
  }
  mkdirSync(options.dataDir, { recursive: true });
  const exportsDir = join(options.dataDir, 'exports');
  const openQueue: (string | null)[] = [];
  const calls: string[] = [];
  const logged: string[] = [];
  const log: ServiceHost['log'] = (level, message, error) => {
    if (level === 'error') logged.push(`${message} ${error instanceof Error ? (error.stack ?? error.message) : ''}`);
  };
  const host = createNodeHost({
    paths,
    dataDir: options.dataDir,
    ...(options.now ? { now: options.now } : {}),
    log,
    dialogs: {
      async pickSavePath({ defaultName }) {
        mkdirSync(exportsDir, { recursive: true });
        return join(exportsDir, defaultName);
      },
      async pickOpenPath() {
        return openQueue.shift() ?? null;
      },
    },
  });
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
  const serviceSet = createServices(host, { drafts: { fs } });
  const dispatch = createDispatcher(serviceSet.services, log);

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      logged.push(String(error));
      res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname.startsWith('/__api/')) {
      const channel = decodeURIComponent(url.pathname.slice('/__api/'.length));
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      calls.push(channel);
      const result = await dispatch(channel, body === '' ? undefined : JSON.parse(body));
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(encode(result));
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = resolve(rendererDir, relative === '' ? 'index.html' : relative);
    if (!file.startsWith(rendererDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  }

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  const channels = Object.fromEntries(methodNames.map((m) => [m, contract[m].channel]));

  // The same shape the preload exposes: each contract method by name, plus the event subscriptions.
  const initScript = `(() => {
  ${decodeSource}
  const channels = ${JSON.stringify(channels)};
  const api = {};
  for (const [name, channel] of Object.entries(channels)) {
    api[name] = async (request) => {
      const response = await fetch('/__api/' + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request ?? {}),
      });
      return __bsDecode(await response.text());
    };
  }
  const menuListeners = new Set();
  const closeListeners = new Set();
  api.onMenuCommand = (listener) => (menuListeners.add(listener), () => menuListeners.delete(listener));
  api.onBeforeClose = (listener) => (closeListeners.add(listener), () => closeListeners.delete(listener));
  // Test hooks standing in for main pushing events.
  window.__harness = {
    menu: (command) => menuListeners.forEach((l) => l(command)),
    beforeClose: () => closeListeners.forEach((l) => l()),
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false });
})();`;

  return {
    url: `http://127.0.0.1:${port}/`,
    dataDir: options.dataDir,
    exportsDir,
    initScript,
    queueOpenPath: (path) => void openQueue.push(path),
    setSaveFault: (errno) => void (fault = errno),
    calls,
    logged,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await serviceSet.close();
    },
  };
}
