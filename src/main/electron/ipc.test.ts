import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../shared/api';
import { createNodeHost } from '../node-host';
import { findAppPaths } from '../paths';
import { createDispatcher, createServices } from '../services';
import { createSenderCheck, registerIpcHandlers } from './ipc';
import { createAppUrlCheck } from './security';

type Handler = (event: unknown, argument: unknown) => Promise<unknown>;

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, fn: Handler) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const host = createNodeHost({ paths: findAppPaths(import.meta.dirname), dataDir: mkdtempSync(join(tmpdir(), 'bs-ipc-')) });
  const dispatch = createDispatcher(createServices(host).services, host.log);
  const appUrl = 'file:///app/out/renderer/index.html';
  const unregister = registerIpcHandlers(ipcMain as never, dispatch, createSenderCheck(createAppUrlCheck(appUrl)));
  const trusted = { senderFrame: { url: appUrl, parent: null } };
  return { handlers, unregister, trusted, dispatch };
}

describe('IPC wiring', () => {
  it('registers a handler for every contract channel and nothing else', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(methodNames.map((m) => contract[m].channel).sort());
  });

  it('rejects a call from a foreign frame', async () => {
    const { handlers } = setup();
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await handlers.get('app:info')!(foreign, {})).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    const subframe = { senderFrame: { url: 'file:///app/out/renderer/index.html', parent: {} } };
    expect(await handlers.get('app:info')!(subframe, {})).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    expect(await handlers.get('app:info')!({ senderFrame: null }, {})).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
  });

  it('answers a valid call with a value', async () => {
    const { handlers, trusted } = setup();
    const result = (await handlers.get('app:info')!(trusted, {})) as { ok: boolean; value: { productName: string } };
    expect(result.ok).toBe(true);
    expect(result.value.productName).toBe('简报工坊 BriefSmith');
  });

  it('rejects invalid arguments on every channel with a Chinese message', async () => {
    const { handlers, trusted } = setup();
    for (const name of methodNames) {
      const channel = contract[name].channel;
      // A string where every request is an object: must never reach the service.
      const result = (await handlers.get(channel)!(trusted, 'not-an-object')) as { ok: boolean; code: string; message: string };
      expect(result, channel).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
      expect(result.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('rejects unknown keys (strict requests)', async () => {
    const { handlers, trusted } = setup();
    expect(await handlers.get('app:info')!(trusted, { evil: true })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });

  it('rejects an unknown channel in the dispatcher', async () => {
    const { dispatch } = setup();
    expect(await dispatch('fs:read', { path: '/etc/passwd' })).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' });
  });

  it('unregisters every handler', () => {
    const { handlers, unregister } = setup();
    unregister();
    expect(handlers.size).toBe(0);
  });
});
