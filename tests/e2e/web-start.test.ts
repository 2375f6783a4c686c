// `npm start` on a machine without the Electron binary (issue 16): scripts/start.mjs falls back to
// the browser mode with one Chinese + English line, and `--print-url` still puts the URL first on
// stdout. The binary is hidden the way a fresh offline machine lacks it: Electron's own override
// points at an empty folder, and its download mirror at a closed port (nothing is fetched).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, startServer } from './harness/cli-open';

const built = existsSync(join(repoRoot, 'out', 'cli', 'index.js')) && existsSync(join(repoRoot, 'out', 'main', 'index.js')) && existsSync(join(repoRoot, 'out', 'renderer', 'index.html'));

describe.skipIf(!built && process.env.CI !== 'true')('starting the browser mode: npm start without the Electron binary, briefsmith open without a browser', () => {
  it('falls back to the browser mode with one clear line, serves the app, and stops on SIGINT', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bs-start-'));
    const server = await startServer(join(repoRoot, 'scripts', 'start.mjs'), ['--print-url'], {
      BRIEFSMITH_DATA_DIR: join(root, 'data'),
      // a desktop is there; only the binary is missing
      DISPLAY: ':0',
      ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(join(tmpdir(), 'bs-no-electron-')),
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      ELECTRON_GET_USE_PROXY: '',
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
      const fallback = server.stderr().split('\n').filter((l) => l.includes('改用浏览器模式'));
      expect(fallback).toHaveLength(1);
      expect(fallback[0]).toContain('opening BriefSmith in your browser instead');
      const status = await new Promise<number>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port: server.port, path: `/?token=${server.token}`, headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
      expect(status).toBe(303);
    } finally {
      expect(await server.stop('SIGINT')).toBe(0);
    }
    expect(existsSync(join(root, 'data', 'drafts', 'store.lock'))).toBe(false);
  });

  it('briefsmith open without a browser to open prints the URL and says so (no xdg-open on PATH)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bs-open-'));
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'briefsmith.js'), 'open'], {
      cwd: repoRoot,
      env: { ...process.env, BRIEFSMITH_DATA_DIR: join(root, 'data'), PATH: mkdtempSync(join(tmpdir(), 'bs-empty-path-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 600 && !err.includes('未能自动打开浏览器'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(err).toContain('未能自动打开浏览器，请在浏览器中打开上面的地址');
      expect(out.split('\n')[0]).toMatch(/^简报工坊已在本机启动 BriefSmith is running: http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
