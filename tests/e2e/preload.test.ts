// The built preload bundle, run in a Node vm whose only module is a fake `electron`: it must expose
// exactly the contract's methods (each invoking its own channel) and the two event subscriptions.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../src/shared/api';

const bundle = join(import.meta.dirname, '../../out/preload/index.cjs');

describe('built preload (vm, fake electron)', () => {
  const exposed: Record<string, unknown> = {};
  const invoked: { channel: string; request: unknown }[] = [];
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const required: string[] = [];

  beforeAll(() => {
    if (!existsSync(bundle)) throw new Error('out/preload/index.cjs missing: run npm run build first');
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: {
        invoke: async (channel: string, request: unknown) => {
          invoked.push({ channel, request });
          return { ok: true, value: null };
        },
        on: (channel: string, fn: (...args: unknown[]) => void) => listeners.set(channel, fn),
        removeListener: (channel: string) => listeners.delete(channel),
      },
    };
    const module = { exports: {} };
    const sandbox = {
      module,
      exports: module.exports,
      require: (name: string) => {
        required.push(name);
        if (name === 'electron') return fakeElectron;
        throw new Error(`the preload required ${name}`);
      },
    };
    vm.runInNewContext(readFileSync(bundle, 'utf8'), sandbox, { filename: bundle });
  });

  it('is CommonJS and requires nothing but electron', () => {
    expect(required).toEqual(['electron']);
  });

  it('exposes exactly the contract methods and the event subscriptions as window.api', () => {
    const api = exposed.api as Record<string, unknown>;
    expect(Object.keys(exposed)).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'onMenuCommand', 'onBeforeClose'].sort());
  });

  it('sends each method on its own contract channel', async () => {
    const api = exposed.api as Record<string, (req: unknown) => Promise<unknown>>;
    for (const name of methodNames) {
      invoked.length = 0;
      await api[name]!({ probe: name });
      expect(invoked).toEqual([{ channel: contract[name].channel, request: { probe: name } }]);
    }
  });

  it('subscribes and unsubscribes menu commands', () => {
    const api = exposed.api as { onMenuCommand: (l: (c: string) => void) => () => void };
    const seen: string[] = [];
    const off = api.onMenuCommand((c) => seen.push(c));
    listeners.get('menu:command')!({}, 'export-pdf');
    expect(seen).toEqual(['export-pdf']);
    off();
    expect(listeners.has('menu:command')).toBe(false);
  });
});
