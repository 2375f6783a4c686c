// `briefsmith open`: the browser mode (issue 16) — the app served on 127.0.0.1 for the system
// browser, on the desktop app's data folder, until Ctrl+C. `--print-url` prints the URL with its
// token as the first line of stdout and opens no browser (scripts and tests read it).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findAppPaths } from '../../main/paths';
import type { ServiceHost } from '../../main/services';
import { startWebHost, WebHostLockedError, type WebHost } from '../../main/web/server';
import { desktopDataDir, exportDirFor, readWebSettings, writeWebSettings } from '../../main/web/settings';
import { CliUserError, type CliCommand, type CliIo } from '../io';

const USAGE = `用法 Usage: briefsmith open [--print-url] [--port <端口>] [--data-dir <目录>] [--export-dir <目录>]

在浏览器中打开简报工坊：本机 127.0.0.1 上的服务，数据与桌面版相同，按 Ctrl+C 停止（先保存）。
Opens BriefSmith in your browser: served on 127.0.0.1 only, same data as the desktop app; Ctrl+C saves and stops.

选项 Options:
  --print-url         只在第一行输出带令牌的地址，不打开浏览器 / print the URL (with its token) as the first line, open no browser
  --port <端口>       使用指定端口（默认随机）/ listen on this port (default: any free port)
  --data-dir <目录>   数据目录（默认与桌面版相同，或环境变量 BRIEFSMITH_DATA_DIR）/ data folder (default: the desktop app's)
  --export-dir <目录> 设定导出文件夹并记住（默认 ~/Documents/简报工坊导出）/ set and remember the export folder`;

/** The command that opens a URL in the system browser on `platform`. */
export interface Opener {
  readonly command: string;
  readonly args: readonly string[];
  /**
   * Windows: the arguments go to cmd.exe as written. Node would otherwise quote `""` (start's
   * window title) as `"\"\""`, and start would take the URL for the title. The URL is ours
   * (http://127.0.0.1:port/?token=base64url): nothing in it is special to cmd.exe.
   */
  readonly verbatim: boolean;
}

/** `open URL` on macOS, `cmd /c start "" URL` on Windows, `xdg-open URL` elsewhere. */
export function openerFor(url: string, platform: NodeJS.Platform): Opener {
  if (!/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_=?&/.-]*$/.test(url)) throw new Error(`not a local URL of ours: ${url}`);
  if (platform === 'darwin') return { command: 'open', args: [url], verbatim: false };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')], verbatim: true };
  return { command: 'xdg-open', args: [url], verbatim: false };
}

/** Opens `url` in the system browser; false when no opener could be started. */
export function openSystemBrowser(url: string, platform: NodeJS.Platform = process.platform, run: typeof spawn = spawn): Promise<boolean> {
  return new Promise((done) => {
    try {
      const opener = openerFor(url, platform);
      const child = run(opener.command, [...opener.args], { detached: true, stdio: 'ignore', windowsHide: true, windowsVerbatimArguments: opener.verbatim });
      child.once('error', () => done(false));
      child.once('spawn', () => {
        child.unref();
        done(true);
      });
    } catch {
      done(false);
    }
  });
}

/** Resolves when the process is asked to stop (Ctrl+C, SIGTERM); the listeners are removed then. */
function stopRequested(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      done(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'print-url': { type: 'boolean' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'export-dir': { type: 'string' },
    },
    allowPositionals: false,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliUserError('端口必须是 0–65535 之间的整数');
  const dataDir = values['data-dir'] !== undefined ? resolve(io.cwd, values['data-dir']) : desktopDataDir(io.env);
  if (values['export-dir'] !== undefined) {
    writeWebSettings(dataDir, { ...readWebSettings(dataDir), exportDir: resolve(io.cwd, values['export-dir']) });
  }
  const exportDir = exportDirFor(dataDir);
  mkdirSync(exportDir, { recursive: true });
  // Until the server runs, warnings wait: a refused start says why in one line, not the store's notices.
  let early: string[] | null = [];
  const log: ServiceHost['log'] = (level, message, error) => {
    if (level === 'info') return;
    const line = `[${level}] ${message}${error instanceof Error && io.env.BRIEFSMITH_DEBUG === '1' ? `\n${error.stack ?? error.message}` : ''}\n`;
    if (early) early.push(line);
    else io.err(line);
  };
  const paths = findAppPaths(import.meta.dirname);
  let web: WebHost;
  try {
    web = await startWebHost({ dataDir, exportDir, paths, port, log, exclusive: true });
  } catch (error) {
    if (error instanceof WebHostLockedError) {
      const { pid, hostname } = error.holder;
      throw new CliUserError(`数据目录正被另一个简报工坊使用（进程号 ${pid}，计算机 ${hostname}），两者不能同时写入。请先关闭它（桌面版或另一个 briefsmith open），再运行本命令；或用 --data-dir 指定其他数据目录。数据目录：${dataDir}`);
    }
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new CliUserError(`端口 ${port} 已被占用，请换一个端口或不指定 --port`);
    if (code === 'RENDERER_NOT_BUILT') throw new CliUserError('界面尚未构建，请先运行 npm run build');
    throw error;
  }
  const pending = early;
  early = null;
  for (const line of pending) io.err(line);
  const stopping = stopRequested();
  if (values['print-url']) {
    io.out(`${web.url}\n`);
    io.err(`简报工坊浏览器模式已启动（仅本机 127.0.0.1），按 Ctrl+C 停止。数据目录：${dataDir}；导出文件夹：${exportDir}\n`);
  } else {
    io.out(`简报工坊已在本机启动 BriefSmith is running: ${web.url}\n`);
    io.out(`数据目录 Data: ${dataDir}\n导出文件夹 Exports: ${exportDir}\n按 Ctrl+C 停止（先保存）/ Press Ctrl+C to stop (saves first).\n`);
    if (!(await openSystemBrowser(web.url))) io.err('未能自动打开浏览器，请在浏览器中打开上面的地址。/ Could not open a browser: open the address above.\n');
  }
  const signal = await stopping;
  io.err(`正在保存并停止…（${signal}）\n`);
  await web.close();
  io.err('已保存，数据目录已释放。/ Saved; the data folder is released.\n');
  return 0;
}

export const openCommand: CliCommand = {
  name: 'open',
  summary: { zh: '在浏览器中打开简报工坊（仅本机，无需 Electron）', en: 'open the app in your browser (local only, no Electron needed)' },
  usage: USAGE,
  run,
};
