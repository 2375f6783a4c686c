// The browser mode's defences against its threats (issue 16), tested on `briefsmith open
// --print-url` itself: other local users and scripts (no token, wrong token), other web pages (a
// page on another port of 127.0.0.1 posting to the API with the user's cookie), DNS rebinding (a
// name that resolves to 127.0.0.1 — Chromium's host resolver maps evil.test here), and nothing
// listening beyond loopback.
import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium as playwright, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, chromiumPath } from './harness/browser';
import { startOpen, type OpenedServer } from './harness/cli-open';
import { draftIdsOnDisk } from './support';

const chromium = chromiumAvailability();

/** One raw request with any headers (fetch would not send a foreign Host). */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.skipIf(!chromium.available)('browser mode security: briefsmith open refuses what is not its own page', () => {
  let dataDir: string;
  let server: OpenedServer;
  let cookie: string;
  let browser: Browser;
  let evil: Server;
  let evilPort: number;
  const host = () => `127.0.0.1:${server.port}`;

  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'bs-web-sec-')), 'data');
    server = await startOpen(dataDir);
    const exchanged = await send(server.port, 'GET', `/?token=${server.token}`, { host: host() });
    cookie = String(exchanged.headers['set-cookie']).split(';')[0]!;
    // A page on another port of 127.0.0.1 (same site, another origin) that tries the API with the user's cookie.
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><script>
        const target = 'http://127.0.0.1:${server.port}';
        const results = {};
        const tries = [
          ['create', () => fetch(target + '/__api/draft:create', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ title: 'EVIL' }) }).then((r) => 'sent ' + r.type)],
          ['read', () => fetch(target + '/__api/draft:list', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: '{}' }).then((r) => r.text())],
          ['page', () => fetch(target + '/', { credentials: 'include' }).then((r) => r.text())],
        ];
        Promise.all(tries.map(([name, run]) => run().then((v) => (results[name] = 'ok: ' + v), (e) => (results[name] = 'error: ' + e.name)))).then(() => {
          window.results = results;
          document.title = 'done';
        });
      </script>`);
    });
    await new Promise<void>((done) => evil.listen(0, '127.0.0.1', done));
    evilPort = (evil.address() as { port: number }).port;
    browser = await playwright.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--host-resolver-rules=MAP evil.test 127.0.0.1'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    evil?.close();
    await server?.stop('SIGINT');
  });

  it('refuses requests without the token, with a wrong token or a wrong cookie', async () => {
    expect((await send(server.port, 'GET', '/', { host: host() })).status).toBe(401);
    expect((await send(server.port, 'GET', '/?token=guess', { host: host() })).status).toBe(401);
    expect((await send(server.port, 'GET', '/', { host: host(), cookie: `${cookie.split('=')[0]}=guess` })).status).toBe(401);
    expect((await send(server.port, 'POST', '/__api/draft:list', { host: host(), origin: `http://${host()}`, 'content-type': 'application/json' }, '{}')).status).toBe(401);
    // the token works, and the cookie it becomes works
    expect((await send(server.port, 'GET', '/', { host: host(), cookie })).status).toBe(200);
  });

  it('refuses a wrong Host and a DNS-rebinding Host (evil.test:<port>), even with the right token', async () => {
    expect((await send(server.port, 'GET', '/', { host: `evil.test:${server.port}`, cookie })).status).toBe(403);
    expect((await send(server.port, 'GET', `/?token=${server.token}`, { host: `evil.test:${server.port}` })).status).toBe(403);
    expect((await send(server.port, 'GET', '/', { host: `127.0.0.1:${server.port + 1}`, cookie })).status).toBe(403);
    // the rebinding attack in a real browser: evil.test resolves to 127.0.0.1
    const page = await browser.newPage();
    const response = await page.goto(`http://evil.test:${server.port}/?token=${server.token}`);
    expect(response?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('拒绝访问');
    await page.close();
  });

  it('refuses an API call with a foreign Origin or none', async () => {
    const post = (headers: Record<string, string>) => send(server.port, 'POST', '/__api/draft:create', { host: host(), cookie, 'content-type': 'application/json', ...headers }, JSON.stringify({ title: 'EVIL' }));
    expect((await post({ origin: `http://127.0.0.1:${evilPort}` })).status).toBe(403);
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ origin: 'null' })).status).toBe(403);
    expect((await post({})).status).toBe(403);
    const allowed = await post({ origin: `http://${host()}` });
    expect(allowed.status).toBe(200);
    expect(Object.keys(allowed.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(draftIdsOnDisk(dataDir)).toHaveLength(1);
  });

  it('a page on another port, with the user signed in, can neither call nor read the API', async () => {
    const context = await browser.newContext();
    const app = await context.newPage();
    await app.goto(server.url);
    expect(app.url()).toBe(`http://${host()}/`);
    const before = draftIdsOnDisk(dataDir).length;
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${evilPort}/`);
    await page.waitForFunction(() => document.title === 'done');
    const results = (await page.evaluate(() => (window as unknown as { results: Record<string, string> }).results));
    // the no-cors POST leaves the browser (its answer is opaque, or blocked by our
    // Cross-Origin-Resource-Policy), and the server refuses it by its Origin: nothing was created
    expect(['ok: sent opaque', 'error: TypeError']).toContain(results.create);
    expect(results.read).toBe('error: TypeError');
    expect(results.page).toBe('error: TypeError');
    expect(draftIdsOnDisk(dataDir).length).toBe(before);
    await context.close();
  });

  it('listens on 127.0.0.1 only: no other address of this machine answers', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i!.address);
    for (const address of [...others, '::1']) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port: server.port });
        socket.once('connect', () => (socket.destroy(), resolve(false)));
        socket.once('error', () => resolve(true));
      });
      expect(refused, address).toBe(true);
    }
  });
});
