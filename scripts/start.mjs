#!/usr/bin/env node
// `npm start`: the one command that always starts the app (issue 16). The desktop window when
// Electron's binary is there (or can be fetched now); otherwise — an offline office network, a
// machine Electron does not ship for, no graphical desktop — the browser mode (`briefsmith open`)
// with one line saying so. Builds first when out/ is missing. Arguments go to the browser mode
// (`npm start -- --print-url`). BRIEFSMITH_NO_ELECTRON=1 hides the binary (tests, CI).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const say = (line) => process.stderr.write(`${line}\n`);

/** Everything `npm run build` writes that starting needs. */
const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/cli/index.js'];

function ensureBuilt() {
  if (BUILT.every((file) => existsSync(join(root, file)))) return;
  say('首次启动：正在构建（npm run build）… / First start: building (npm run build)…');
  // The build's output goes to stderr: stdout's first line stays the browser mode's URL.
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  if (built.status !== 0 || !BUILT.every((file) => existsSync(join(root, file)))) {
    say('错误：构建失败，请查看上面的输出。/ Error: the build failed; see the output above.');
    process.exit(1);
  }
}

/** Why Electron cannot run here (a Chinese + English line), or its binary's path. */
function electron() {
  if (process.env.BRIEFSMITH_NO_ELECTRON === '1') return { why: '已按 BRIEFSMITH_NO_ELECTRON=1 不用 Electron / Electron disabled by BRIEFSMITH_NO_ELECTRON=1' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { why: '没有图形桌面（未设置 DISPLAY） / no graphical desktop (DISPLAY is not set)' };
  }
  let dir;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { why: '未安装 electron 包 / the electron package is not installed' };
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    // What require('electron') would do, with a time limit and without its stack trace.
    say('正在下载 Electron 程序… / Fetching the Electron binary…');
    spawnSync(process.execPath, [join(dir, 'install.js')], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
  }
  if (!existsSync(pathFile)) return { why: '未找到 Electron 程序且无法下载 / no Electron binary, and it could not be fetched' };
  const name = readFileSync(pathFile, 'utf8');
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name) : join(dir, 'dist', name);
  return existsSync(binary) ? { binary } : { why: '未找到 Electron 程序 / the Electron binary is missing' };
}

ensureBuilt();
const found = electron();
if (found.binary) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(found.binary, [root], { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  say(`${found.why.split(' / ')[0]}：改用浏览器模式打开简报工坊。/ ${found.why.split(' / ')[1]}: opening BriefSmith in your browser instead.`);
  // The CLI's own entry (its loader, whatever the build's format), in this process: signals reach it directly.
  process.argv = [process.argv[0], join(root, 'bin', 'briefsmith.js'), 'open', ...args];
  await import(pathToFileURL(join(root, 'bin', 'briefsmith.js')).href);
}
