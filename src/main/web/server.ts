// The browser mode (issue 16): the built renderer and the very services Electron's IPC answers,
// served on 127.0.0.1 behind one dispatcher — a transport beside main/electron. `briefsmith open`
// runs it for people; the Chromium tests run the same host (tests/e2e/harness wraps it with test
// hooks). Native dialogs become the browser's own: exports are written into the configured export
// folder and offered for download, and a file to import is uploaded. The page never names a path.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, extname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import type { StoreLockHolder, StoreStatus } from '../../shared/api';
import { createNodeHost } from '../node-host';
import { findAppPaths, type AppPaths } from '../paths';
import { createDispatcher, createServices, type Dialogs, type ServiceHost, type ServiceSetOptions } from '../services';
import { encodeWire } from './codec';
import { checkRequest, newToken, refusalText, SECURITY_HEADERS, sessionCookie } from './security';
import { isInside } from './settings';
import { arrangeTemplateUpload } from './template-upload';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
};

/** Largest API request body (a draft with images, an imported template's preview). */
const MAX_API_BYTES = 64 * 1024 * 1024;
/** Largest upload (sources are refused above 50 MB by their reader anyway). */
const MAX_UPLOAD_BYTES = 60 * 1024 * 1024;

/** The store lock is held by another writer (the desktop app, another `briefsmith open`). */
export class WebHostLockedError extends Error {
  override readonly name = 'WebHostLockedError';
  constructor(readonly holder: StoreLockHolder) {
    super(`store locked by pid ${holder.pid} on ${holder.hostname}`);
  }
}

/** A file the page may download (written by an export in this session). */
export interface WebDownload {
  readonly id: string;
  readonly name: string;
  /** where it was written; the page shows it, it never sends it back */
  readonly path: string;
}

/** Hooks for the Chromium tests (tests/e2e/harness): never used by `briefsmith open`. */
export interface WebHostTestHooks {
  /** Store tuning and an injected store file system (fault switches). */
  readonly services?: ServiceSetOptions;
  /** Called with each API channel as it is called. */
  readonly onCall?: (channel: string) => void;
  /** Extra routes, asked after the security checks passed; true when answered. */
  readonly route?: (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;
}

export interface WebHostOptions {
  /** The data folder (the desktop app's by default in `briefsmith open`). */
  readonly dataDir: string;
  /** Where exports are written. */
  readonly exportDir: string;
  /** The built renderer (default `<root>/out/renderer`). */
  readonly rendererDir?: string;
  readonly paths?: AppPaths;
  /** 0 (default): any free port. */
  readonly port?: number;
  /** The session token (default: 32 random bytes). */
  readonly token?: string;
  readonly now?: () => Date;
  readonly log?: ServiceHost['log'];
  /** Refuse to start while another writer holds the data folder's store lock (WebHostLockedError). */
  readonly exclusive?: boolean;
  readonly test?: WebHostTestHooks;
}

export interface WebHost {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The URL to open: with its token, exchanged for the session cookie on the first visit. */
  readonly url: string;
  readonly token: string;
  readonly dataDir: string;
  readonly exportDir: string;
  /** Saves everything pending to disk. */
  flush(): Promise<void>;
  /** Stops serving, flushes, keeps unsaved drafts as recovery copies and releases the store lock. */
  close(): Promise<void>;
}

/** What one API request may use instead of a native dialog. */
interface CallContext {
  /** files uploaded for this call (the open dialog's answer) */
  readonly upload: readonly string[] | null;
  /** the save dialog was answered (files were written into the export folder) */
  saved: boolean;
}

/** A file name suggested by a service, reduced to a safe base name in the export folder. */
function safeFileName(name: string): string {
  const base = [...basename(name.replace(/\\/g, '/'))].filter((c) => c >= ' ' && !'<>:"|?*'.includes(c)).join('').trim();
  return base === '' || base === '.' || base === '..' ? '简报导出' : base.slice(0, 200);
}

/** Starts the browser mode's server on 127.0.0.1. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const paths = options.paths ?? findAppPaths(import.meta.dirname);
  const rendererDir = resolve(options.rendererDir ?? join(paths.root, 'out', 'renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) throw Object.assign(new Error(`The renderer is not built (${rendererDir}); run npm run build first.`), { code: 'RENDERER_NOT_BUILT' });
  const token = options.token ?? newToken();
  const exportDir = resolve(options.exportDir);
  mkdirSync(options.dataDir, { recursive: true });
  const uploadRoot = mkdtempSync(join(tmpdir(), 'briefsmith-uploads-'));
  const log = options.log ?? (() => undefined);
  const context = new AsyncLocalStorage<CallContext>();

  // Dialogs of the browser mode: save = a file in the export folder; open = the file the page uploaded for this call.
  const dialogs: Dialogs = {
    async pickSavePath({ defaultName }) {
      mkdirSync(exportDir, { recursive: true });
      const call = context.getStore();
      if (call) call.saved = true;
      return join(exportDir, safeFileName(defaultName));
    },
    async pickOpenPath({ filters }) {
      const files = context.getStore()?.upload ?? null;
      if (!files || files.length === 0) return null;
      const wanted = new Set(filters.flatMap((f) => f.extensions.map((e) => `.${e.toLowerCase()}`)));
      return files.find((f) => wanted.has(extname(f).toLowerCase())) ?? files[0] ?? null;
    },
  };
  const host = createNodeHost({
    paths,
    dataDir: options.dataDir,
    ...(options.now ? { now: options.now } : {}),
    // The font metrics cache beside the data, as the desktop app keeps it (tests start cold).
    ...(options.test ? {} : { cacheDir: join(options.dataDir, 'cache') }),
    log,
    dialogs,
    // Revealing a file would take a path from the page: the transport offers the download instead.
    showItemInFolder: () => undefined,
  });
  const serviceSet = createServices(host, options.test?.services ?? {});
  const dispatch = createDispatcher(serviceSet.services, log);

  if (options.exclusive) {
    const status = await dispatch('draft:status', {});
    const lockedBy = status.ok ? (status.value as StoreStatus).lockedBy : undefined;
    if (lockedBy) {
      await serviceSet.close().catch(() => undefined);
      rmSync(uploadRoot, { recursive: true, force: true });
      throw new WebHostLockedError(lockedBy);
    }
  }

  const downloads = new Map<string, WebDownload>();
  const uploads = new Map<string, string>();
  /** The last previewed pack's upload: importPack reads the file its preview named, so it stays until the next preview (or close). */
  let previewedPack: string | null = null;
  const newId = () => randomBytes(16).toString('base64url');

  /** Files of the export folder named in a result (`path`, copies, register …): offered for download. */
  function offerDownloads(value: unknown): WebDownload[] {
    const found: WebDownload[] = [];
    const seen = new Set<string>();
    const walk = (v: unknown, depth: number) => {
      if (depth > 4 || v === null || v === undefined) return;
      if (typeof v === 'string') {
        if (isAbsolute(v) && !seen.has(v) && isInside(exportDir, v) && existsSync(v) && statSync(v).isFile()) {
          seen.add(v);
          const download = { id: newId(), name: basename(v), path: v };
          downloads.set(download.id, download);
          found.push(download);
        }
        return;
      }
      if (Array.isArray(v)) for (const item of v) walk(item, depth + 1);
      else if (typeof v === 'object') for (const item of Object.values(v)) walk(item, depth + 1);
    };
    walk(value, 0);
    return found;
  }

  const send = (res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', ...headers }).end(body);
  };
  const refuse = (res: ServerResponse, status: number, text: string) => send(res, status, text, { 'Content-Type': 'text/plain; charset=utf-8' });

  async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  let port = 0;
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log('error', 'browser mode: request failed', error);
      if (!res.headersSent) refuse(res, 500, '内部错误');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return refuse(res, 400, '请求地址无效');
    }
    const method = req.method ?? 'GET';
    const verdict = checkRequest({ method, url, headers: req.headers }, port, token);
    if (verdict.kind === 'refuse') {
      req.resume();
      return refuse(res, verdict.reason === 'NO_TOKEN' || verdict.reason === 'BAD_TOKEN' ? 401 : 403, refusalText(verdict.reason));
    }
    if (verdict.kind === 'exchange') {
      // The token leaves the address bar (and the history) at once; the cookie carries it from now on.
      return send(res, 303, '', { Location: `/${url.pathname.replace(/^[/\\]+/, '')}`, 'Set-Cookie': sessionCookie(port, token) });
    }
    if (options.test?.route && (await options.test.route(req, res, url))) return;

    if (method === 'POST' && url.pathname.startsWith('/__api/')) {
      const channel = decodeURIComponent(url.pathname.slice('/__api/'.length));
      const body = await readBody(req, MAX_API_BYTES);
      if (body === null) return refuse(res, 413, '请求过大');
      let argument: unknown;
      try {
        argument = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
      } catch {
        return refuse(res, 400, '请求不是有效的 JSON');
      }
      options.test?.onCall?.(channel);
      const uploadId = req.headers['x-briefsmith-upload'];
      const uploadDir = typeof uploadId === 'string' ? uploads.get(uploadId) : undefined;
      // A template's files go where its JSON names them (images/徽标.png): the browser uploads them flat.
      if (uploadDir && channel === 'template:import') arrangeTemplateUpload(uploadDir);
      const call: CallContext = { upload: uploadDir ? readdirSync(uploadDir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(uploadDir, e.name)).sort() : null, saved: false };
      try {
        const result = await context.run(call, () => dispatch(channel, argument));
        const offered = call.saved && result.ok ? offerDownloads(result.value) : [];
        return send(res, 200, encodeWire({ result, downloads: offered }), { 'Content-Type': 'application/json; charset=utf-8' });
      } finally {
        if (uploadDir && typeof uploadId === 'string') {
          uploads.delete(uploadId);
          const drop = channel === 'sources:pack-preview' ? previewedPack : uploadDir;
          if (channel === 'sources:pack-preview') previewedPack = uploadDir;
          if (drop) rmSync(drop, { recursive: true, force: true });
        }
      }
    }
    if (method === 'POST' && url.pathname === '/__upload') {
      // One file per request; `into` adds it to an earlier upload (a template and its fonts).
      const name = safeFileName(url.searchParams.get('name') ?? '');
      const into = url.searchParams.get('into');
      const body = await readBody(req, MAX_UPLOAD_BYTES);
      if (body === null) return refuse(res, 413, '文件过大（上限 60 MB）');
      let id = into ?? '';
      let dir = into !== null ? uploads.get(into) : undefined;
      if (into !== null && dir === undefined) return refuse(res, 404, '上传已失效');
      if (dir === undefined) {
        id = newId();
        dir = mkdtempSync(join(uploadRoot, 'u-'));
        uploads.set(id, dir);
      }
      writeFileSync(join(dir, name), body, { mode: 0o600 });
      return send(res, 200, JSON.stringify({ id }), { 'Content-Type': 'application/json; charset=utf-8' });
    }
    if (method === 'POST' && url.pathname === '/__flush') {
      // The last tab closed (pagehide): its pending save came just before; write everything down now.
      req.resume();
      await serviceSet.flush();
      return send(res, 204, '');
    }
    if (method === 'GET' && url.pathname.startsWith('/__download/')) {
      const download = downloads.get(decodeURIComponent(url.pathname.slice('/__download/'.length)));
      if (!download || !existsSync(download.path)) return refuse(res, 404, '文件不存在或已被移走');
      const ascii = download.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Cache-Control': 'no-store',
        'Content-Type': MIME[extname(download.name).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': String(statSync(download.path).size),
        'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(download.name)}`,
      });
      createReadStream(download.path).pipe(res);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') return refuse(res, 405, '不支持的请求');
    if (url.pathname.startsWith('/__')) return refuse(res, 404, '没有这个地址');
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    } catch {
      return refuse(res, 400, '请求地址无效');
    }
    const file = resolve(rendererDir, relative === '' ? 'index.html' : relative);
    if (!(file === rendererDir || file.startsWith(`${rendererDir}${sep}`)) || !existsSync(file) || !statSync(file).isFile()) return refuse(res, 404, '没有这个文件');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache', 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    if (method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((done, failed) => {
    server.once('error', failed);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', failed);
      done();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | null = null;
  return {
    port,
    origin,
    url: `${origin}/?token=${token}`,
    token,
    dataDir: options.dataDir,
    exportDir,
    flush: () => serviceSet.flush(),
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        await serviceSet.close();
        rmSync(uploadRoot, { recursive: true, force: true });
      })()),
  };
}
