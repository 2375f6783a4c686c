import { describe, expect, it } from 'vitest';
import { Autosaver, type SaveStatus, type Timers } from './autosave';

/** Manual timers: `advance(ms)` runs what is due. */
function fakeTimers() {
  let now = 0;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const timers: Timers = {
    setTimeout(fn, ms) {
      const id = nextId++;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(handle) {
      const i = queue.findIndex((t) => t.id === handle);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  return {
    timers,
    async advance(ms: number) {
      now += ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at);
        const due = queue[0];
        if (!due || due.at > now) break;
        queue.shift();
        due.fn();
        await new Promise((r) => setTimeout(r, 0));
      }
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

function setup(saveImpl: (v: string) => Promise<{ ok: true; value: { savedAt: string } } | { ok: false; code: 'DISK_FULL'; message: string }>) {
  const clock = fakeTimers();
  let value = 'a';
  const statuses: SaveStatus[] = [];
  const saved: string[] = [];
  const saver = new Autosaver<string>({
    save: async (v) => {
      const r = await saveImpl(v);
      if (r.ok) saved.push(v);
      return r;
    },
    snapshot: () => value,
    onStatus: (s) => statuses.push(s),
    delayMs: 500,
    timers: clock.timers,
  });
  return { clock, saver, statuses, saved, set: (v: string) => ((value = v), saver.touch()) };
}

const okSave = async () => ({ ok: true as const, value: { savedAt: '2025-02-08T00:00:00Z' } });

describe('Autosaver', () => {
  it('coalesces a burst of keystrokes into one save after the quiet delay', async () => {
    const t = setup(okSave);
    t.set('杭');
    await t.clock.advance(200);
    t.set('杭州');
    await t.clock.advance(200);
    t.set('杭州六小龙');
    expect(t.saved).toEqual([]);
    await t.clock.advance(500);
    expect(t.saved).toEqual(['杭州六小龙']);
    expect(t.statuses.at(-1)).toEqual({ kind: 'saved', at: '2025-02-08T00:00:00Z' });
  });

  it('keeps the data and retries after a failed save, then succeeds', async () => {
    let fail = true;
    const t = setup(async () => (fail ? { ok: false as const, code: 'DISK_FULL' as const, message: '磁盘空间不足' } : okSave()));
    t.set('内容');
    await t.clock.advance(500);
    expect(t.statuses.at(-1)).toMatchObject({ kind: 'error', message: '磁盘空间不足', retryInMs: 1000 });
    expect(t.saver.isDirty).toBe(true);
    fail = false;
    await t.clock.advance(1000);
    expect(t.saved).toEqual(['内容']);
    expect(t.saver.isDirty).toBe(false);
  });

  it('names the failure by its code (the close guard explains disk full and read-only by it) until a save succeeds', async () => {
    let fail = true;
    const t = setup(async () => (fail ? { ok: false as const, code: 'DISK_FULL' as const, message: '磁盘空间不足' } : okSave()));
    t.set('内容');
    await t.clock.advance(500);
    expect(t.statuses.at(-1)).toMatchObject({ kind: 'error', code: 'DISK_FULL' });
    expect(t.saver.lastFailure).toEqual({ code: 'DISK_FULL', message: '磁盘空间不足' });
    expect(await t.saver.flush()).toBe(false);
    fail = false;
    expect(await t.saver.flush()).toBe(true);
    expect(t.saver.lastFailure).toBeNull();
  });

  it('does not save during a held composition and saves when it ends', async () => {
    const t = setup(okSave);
    t.saver.hold(true);
    t.set('hang');
    await t.clock.advance(2000);
    expect(t.saved).toEqual([]);
    t.set('杭');
    t.saver.hold(false);
    await t.clock.advance(500);
    expect(t.saved).toEqual(['杭']);
  });

  it('flush saves immediately and waits for a running save', async () => {
    const t = setup(okSave);
    t.set('一');
    expect(await t.saver.flush()).toBe(true);
    expect(t.saved).toEqual(['一']);
    expect(await t.saver.flush()).toBe(true);
    expect(t.saved).toEqual(['一']);
  });
});
