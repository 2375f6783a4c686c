import { EventEmitter } from 'node:events';
import type { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openerFor, openSystemBrowser } from './open';

const URL_WITH_TOKEN = 'http://127.0.0.1:46801/?token=BZxngAnCypZ8Hy4DP0wi1L7BOkak_KSvxyZFY-_cDUs';

/** A spawn that records its call and answers `spawn` or `error` like a child process. */
function fakeSpawn(outcome: 'spawn' | 'error' | 'throw') {
  const calls: { command: string; args: string[]; options: Record<string, unknown> }[] = [];
  const run = ((command: string, args: string[], options: Record<string, unknown>) => {
    calls.push({ command, args, options });
    if (outcome === 'throw') throw new Error('ENOENT');
    const child = Object.assign(new EventEmitter(), { unref: () => undefined });
    queueMicrotask(() => child.emit(outcome, outcome === 'error' ? new Error('ENOENT') : undefined));
    return child;
  }) as unknown as typeof spawn;
  return { run, calls };
}

describe('opening the system browser', () => {
  it('uses open on macOS, xdg-open on Linux, and cmd start with an empty title on Windows, the URL whole', () => {
    expect(openerFor(URL_WITH_TOKEN, 'darwin')).toEqual({ command: 'open', args: [URL_WITH_TOKEN], verbatim: false });
    expect(openerFor(URL_WITH_TOKEN, 'linux')).toEqual({ command: 'xdg-open', args: [URL_WITH_TOKEN], verbatim: false });
    // cmd.exe reads the line as written: start's first quoted argument is the window title.
    expect(openerFor(URL_WITH_TOKEN, 'win32')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', URL_WITH_TOKEN], verbatim: true });
  });

  it('escapes & for cmd.exe, and refuses anything that is not a local URL of ours', () => {
    expect(openerFor('http://127.0.0.1:8080/?token=a&x=1', 'win32').args.at(-1)).toBe('http://127.0.0.1:8080/?token=a^&x=1');
    expect(() => openerFor('http://127.0.0.1:8080/" & calc & "', 'win32')).toThrow();
    expect(() => openerFor('file:///etc/passwd', 'linux')).toThrow();
    expect(() => openerFor('http://evil.example:80/', 'darwin')).toThrow();
  });

  it('starts the opener detached and says whether it could: false when it is missing, never a throw', async () => {
    const ok = fakeSpawn('spawn');
    await expect(openSystemBrowser(URL_WITH_TOKEN, 'win32', ok.run)).resolves.toBe(true);
    expect(ok.calls[0]).toMatchObject({ command: 'cmd', args: ['/c', 'start', '""', URL_WITH_TOKEN], options: { detached: true, windowsVerbatimArguments: true, windowsHide: true } });
    await expect(openSystemBrowser(URL_WITH_TOKEN, 'linux', fakeSpawn('error').run)).resolves.toBe(false);
    await expect(openSystemBrowser(URL_WITH_TOKEN, 'darwin', fakeSpawn('throw').run)).resolves.toBe(false);
  });
});
