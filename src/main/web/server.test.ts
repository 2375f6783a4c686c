import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from './server';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** One raw HTTP request (any Host header, unlike fetch). */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser mode server (src/main/web)', () => {
  let web: WebHost;
  let cookie: string;
  let root: string;
  const api = (channel: string, argument: unknown, headers: Record<string, string> = {}) =>
    send(web.port, 'POST', `/__api/${channel}`, { cookie, origin: web.origin, 'content-type': 'application/json', ...headers }, JSON.stringify(argument));
  const wire = (reply: Reply) => JSON.parse(reply.body.toString('utf8')) as { result: { ok: boolean; value?: unknown; code?: string }; downloads: { id: string; name: string; path: string }[] };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'bs-web-'));
    const rendererDir = join(root, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(rendererDir, 'assets', 'a.js'), 'export {}');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    web = await startWebHost({ dataDir: join(root, 'data'), exportDir: join(root, 'exports'), rendererDir, exclusive: true });
    const exchanged = await send(web.port, 'GET', `/?token=${web.token}`);
    expect(exchanged.status).toBe(303);
    expect(exchanged.headers.location).toBe('/');
    cookie = String(exchanged.headers['set-cookie']).split(';')[0]!;
  });
  afterAll(async () => {
    await web.close();
  });

  it('listens on 127.0.0.1 only: no other address of this machine answers', async () => {
    expect(web.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${web.port}/\\?token=[A-Za-z0-9_-]{43}$`));
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i!.address);
    for (const address of [...others, '::1']) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port: web.port });
        socket.once('connect', () => (socket.destroy(), resolve(false)));
        socket.once('error', () => resolve(true));
      });
      expect(refused, address).toBe(true);
    }
  });

  it('serves the page with the CSP and no CORS headers once the cookie is set', async () => {
    const page = await send(web.port, 'GET', '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(Object.keys(page.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const preflight = await send(web.port, 'OPTIONS', '/__api/draft:list', { cookie, origin: 'https://evil.com', 'access-control-request-method': 'POST' });
    expect(preflight.status).toBe(403);
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('refuses no token, a wrong token, a foreign Host and a foreign Origin', async () => {
    expect((await send(web.port, 'GET', '/')).status).toBe(401);
    expect((await send(web.port, 'GET', '/?token=wrong')).status).toBe(401);
    expect((await send(web.port, 'GET', '/', { cookie: `${cookie}x` })).status).toBe(401);
    expect((await send(web.port, 'GET', '/', { cookie, host: `evil.com:${web.port}` })).status).toBe(403);
    expect((await send(web.port, 'GET', `/?token=${web.token}`, { host: `evil.com:${web.port}` })).status).toBe(403);
    expect((await api('draft:list', {}, { origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await send(web.port, 'POST', '/__api/draft:list', { cookie, 'content-type': 'application/json' }, '{}')).status).toBe(403);
    const refused = await send(web.port, 'GET', '/');
    expect(refused.body.toString('utf8')).toContain('briefsmith open');
  });

  it('answers the contract through the dispatcher, and never serves files outside the renderer', async () => {
    const listed = wire(await api('draft:list', {}));
    expect(listed.result.ok).toBe(true);
    expect(wire(await api('no:such', {})).result.code).toBe('UNKNOWN_CHANNEL');
    expect((await send(web.port, 'GET', '/assets/a.js', { cookie })).status).toBe(200);
    expect((await send(web.port, 'GET', '/../secret.txt', { cookie })).status).toBe(404);
    expect((await send(web.port, 'GET', '/%2e%2e/secret.txt', { cookie })).status).toBe(404);
    expect((await send(web.port, 'GET', '/__download/unknown', { cookie })).status).toBe(404);
  });

  it('imports an uploaded file (no path from the page) and offers an export for download', async () => {
    const created = wire(await api('draft:create', { title: '上传与下载' }));
    expect(created.result.ok).toBe(true);
    const id = (created.result.value as { id: string }).id;
    // the save dialog is the export folder; the result names the file and offers it for download
    const exported = wire(await api('draft:export-json', { id }));
    expect(exported.result.ok).toBe(true);
    const path = (exported.result.value as { path: string }).path;
    expect(path.startsWith(web.exportDir)).toBe(true);
    expect(exported.downloads.map((d) => d.path)).toEqual([path]);
    const downloaded = await send(web.port, 'GET', `/__download/${exported.downloads[0]!.id}`, { cookie });
    expect(downloaded.status).toBe(200);
    expect(String(downloaded.headers['content-disposition'])).toMatch(/^attachment; /);
    expect(downloaded.body.equals(readFileSync(path))).toBe(true);
    // the open dialog is the upload of this call
    const uploaded = await send(web.port, 'POST', '/__upload?name=%E5%89%AF%E6%9C%AC.briefing.json', { cookie, origin: web.origin }, readFileSync(path));
    expect(uploaded.status).toBe(200);
    const upload = (JSON.parse(uploaded.body.toString('utf8')) as { id: string }).id;
    const imported = wire(await api('draft:import', {}, { 'x-briefsmith-upload': upload }));
    expect(imported.result.ok).toBe(true);
    expect((imported.result.value as { fileName: string }).fileName).toBe('副本.briefing.json');
    // without an upload the open dialog is cancelled; an upload is used once
    expect(wire(await api('draft:import', {})).result.code).toBe('CANCELLED');
    expect(wire(await api('draft:import', {}, { 'x-briefsmith-upload': upload })).result.code).toBe('CANCELLED');
  });
});
