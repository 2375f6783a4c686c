// `briefsmith open --print-url` (or `npm start`) as a user runs it: a child process of the built
// CLI whose first stdout line is the URL with its token. The browser-mode tests drive this very
// server — not a test-only one.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

export interface OpenedServer {
  readonly child: ChildProcess;
  /** The URL printed on the first line (with its token). */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Sends `signal` and waits for the exit: its code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns `node <script> <args>` and waits for the URL on stdout's first line. */
export function startServer(script: string, args: readonly string[], env: Record<string, string>, timeoutMs = 60_000): Promise<OpenedServer> {
  const child = spawn(process.execPath, [script, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
    void exited.then((code) => reject(new Error(`exited with ${code} before printing a URL; stderr: ${err}`)));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const url = out.slice(0, newline);
      const parsed = new URL(url);
      resolve({
        child,
        url,
        port: Number(parsed.port),
        token: parsed.searchParams.get('token') ?? '',
        stderr: () => err,
        stop: (signal = 'SIGINT') => {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    });
  });
}

/** `briefsmith open --print-url` of the built CLI on `dataDir`. */
export function startOpen(dataDir: string, extraArgs: readonly string[] = [], env: Record<string, string> = {}): Promise<OpenedServer> {
  return startServer(join(repoRoot, 'bin', 'briefsmith.js'), ['open', '--print-url', ...extraArgs], { BRIEFSMITH_DATA_DIR: dataDir, ...env });
}
