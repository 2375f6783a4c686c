// A lock the store cannot verify (another computer, or a running pid that may have been reused)
// opens the store read-only with a notice and a stable code, never locks the user out, and is
// taken over only by 接管 (issue 12, item 6). Drafts from a newer version are never trashed or
// purged.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../node-host';
import { findAppPaths } from '../paths';
import { createDispatcher } from '../services/dispatch';
import { createDraftServices } from '../services/drafts';
import { editParagraph, nextId, openStore, sampleBriefing, storeSandbox, type FakeClock } from '../../../tests/unit/store/helpers';

let root: string;
let clock: FakeClock;
const track = storeSandbox((r, c) => ((root = r), (clock = c)));

const lockOf = (pid: number, host: string, token = 'other-writer') =>
  JSON.stringify({ schemaVersion: 3, kind: 'lock', pid, hostname: host, createdAt: '2025-02-09T08:00:00.000Z', token });
const paragraph = (b: { blocks: readonly unknown[] }) => (b.blocks[1] as { runs: { text: string }[] }).runs[0]!.text;

async function storeWithDraft(): Promise<{ id: string; b: ReturnType<typeof sampleBriefing> }> {
  const first = await openStore(root, clock);
  const id = nextId();
  const b = sampleBriefing(id, '锁定测试');
  await first.create(b);
  await first.save(editParagraph(b, 1, '磁盘上的正文'));
  await first.close();
  return { id, b };
}

describe('a lock of another writer that cannot be verified', () => {
  it('from another computer: opens read-only with LOCKED_BY_OTHER_HOST, writes nothing, and 接管 takes the lock and writes the held edits', async () => {
    const { id, b } = await storeWithDraft();
    await writeFile(join(root, 'store.lock'), lockOf(4242, 'office-pc-07'));
    const store = track(await openStore(root, clock));

    const status = store.status();
    expect(status.readOnly).toBe(true);
    expect(status.lockedBy).toEqual({ code: 'LOCKED_BY_OTHER_HOST', pid: 4242, hostname: 'office-pc-07', since: '2025-02-09T08:00:00.000Z' });
    expect(status.notices.map((n) => n.kind)).toEqual(['locked']);
    expect(status.notices[0]!.message).toContain('office-pc-07');
    // readable
    expect(store.list().map((d) => d.id)).toEqual([id]);
    expect(paragraph(await store.get(id))).toBe('磁盘上的正文');
    // not writable: the edit stays in memory, the file and the other writer's lock are untouched
    await expect(store.save(editParagraph(b, 1, '只读时的修改'))).rejects.toMatchObject({ code: 'DATA_DIR_UNAVAILABLE' });
    await expect(store.trash(id)).rejects.toMatchObject({ code: 'DATA_DIR_UNAVAILABLE' });
    expect(store.status().unsaved.map((u) => u.id)).toEqual([id]);
    const file = () => readFile(join(root, 'files', `${id}.json`), 'utf8').then((t) => paragraph((JSON.parse(t) as { briefing: { blocks: unknown[] } }).briefing));
    expect(await file()).toBe('磁盘上的正文');
    expect(JSON.parse(await readFile(join(root, 'store.lock'), 'utf8')).token).toBe('other-writer');

    const after = await store.takeOver();
    expect(after.readOnly).toBe(false);
    expect(after.lockedBy).toBeUndefined();
    expect(after.notices).toEqual([]);
    const lock = JSON.parse(await readFile(join(root, 'store.lock'), 'utf8'));
    expect([lock.pid, lock.hostname]).toEqual([process.pid, hostname()]);
    await store.flush();
    expect(store.status().unsaved).toEqual([]);
    expect(await file()).toBe('只读时的修改');
  });

  it('from a running process of this computer (maybe a reused pid): opens read-only with LOCKED_BY_RUNNING_PROCESS', async () => {
    const { id } = await storeWithDraft();
    const pid = process.pid + 1;
    await writeFile(join(root, 'store.lock'), lockOf(pid, hostname()));
    const store = track(await openStore(root, clock, { lock: { isAlive: (p) => p === pid } }));
    expect(store.status()).toMatchObject({ readOnly: true, lockedBy: { code: 'LOCKED_BY_RUNNING_PROCESS', pid, hostname: hostname() } });
    expect(store.list().map((d) => d.id)).toEqual([id]);
    const after = await store.takeOver();
    expect(after.readOnly).toBe(false);
    expect(JSON.parse(await readFile(join(root, 'store.lock'), 'utf8')).pid).toBe(process.pid);
  });

  it('becomes writable by itself when the other writer releases its lock', async () => {
    const { b } = await storeWithDraft();
    await writeFile(join(root, 'store.lock'), lockOf(4242, 'office-pc-07'));
    const store = track(await openStore(root, clock));
    expect(store.status().readOnly).toBe(true);
    await import('node:fs/promises').then((fs) => fs.unlink(join(root, 'store.lock')));
    await expect(store.save(editParagraph(b, 1, '对方关闭后'))).resolves.toMatchObject({ id: b.id });
    expect(store.status()).toMatchObject({ readOnly: false, notices: [] });
    expect(store.status().lockedBy).toBeUndefined();
  });

  it('接管 takes nothing when the lock changed meanwhile, and names the new holder', async () => {
    await storeWithDraft();
    await writeFile(join(root, 'store.lock'), lockOf(4242, 'office-pc-07'));
    const store = track(await openStore(root, clock));
    await writeFile(join(root, 'store.lock'), lockOf(777, 'office-pc-09', 'a-third-writer'));
    const after = await store.takeOver();
    expect(after.readOnly).toBe(true);
    expect(after.lockedBy).toMatchObject({ code: 'LOCKED_BY_OTHER_HOST', pid: 777, hostname: 'office-pc-09' });
    expect(JSON.parse(await readFile(join(root, 'store.lock'), 'utf8')).token).toBe('a-third-writer');
  });

  it('is taken over through the API method takeOverStore (contract, validation, service)', async () => {
    const dataDir = root;
    const storeDir = join(dataDir, 'drafts');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(storeDir, { recursive: true });
    await writeFile(join(storeDir, 'store.lock'), lockOf(4242, 'office-pc-07'));
    const host = createNodeHost({ paths: findAppPaths(import.meta.dirname), dataDir, newId: () => nextId() });
    const services = createDraftServices(host, { store: { verifyOnOpen: false } });
    try {
      const dispatch = createDispatcher(services as never, () => undefined);
      const status = await dispatch('draft:status', {});
      expect(status).toMatchObject({ ok: true, value: { readOnly: true, lockedBy: { code: 'LOCKED_BY_OTHER_HOST' } } });
      expect(await dispatch('draft:store-take-over', { force: true })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
      const taken = await dispatch('draft:store-take-over', {});
      expect(taken).toMatchObject({ ok: true, value: { readOnly: false } });
      expect(JSON.parse(await readFile(join(storeDir, 'store.lock'), 'utf8')).pid).toBe(process.pid);
    } finally {
      await services.close();
    }
  });
});

describe('drafts written by a newer version', () => {
  async function newerDraft(): Promise<string> {
    const first = await openStore(root, clock);
    const id = nextId();
    await first.create(sampleBriefing(id, '新版本草稿'));
    await first.close();
    const path = join(root, 'files', `${id}.json`);
    const file = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...file, schemaVersion: 99, futureField: true }));
    return id;
  }

  it('are not moved to the trash (NEWER_VERSION), even when the index was fresh and the file not yet read', async () => {
    const id = await newerDraft();
    const store = track(await openStore(root, clock));
    await expect(store.trash(id)).rejects.toMatchObject({ code: 'NEWER_VERSION' });
    expect(await readdir(join(root, 'files'))).toContain(`${id}.json`);
    expect(await readdir(join(root, 'trash'))).toEqual([]);
    expect(store.list().map((d) => d.id)).toEqual([id]);
    // a second attempt is refused at once
    await expect(store.trash(id)).rejects.toMatchObject({ code: 'NEWER_VERSION' });
  });

  it('are not purged from the trash (NEWER_VERSION), and their file stays', async () => {
    const first = await openStore(root, clock);
    const id = nextId();
    await first.create(sampleBriefing(id, '新版本草稿'));
    await first.trash(id);
    await first.close();
    const path = join(root, 'trash', `${id}.json`);
    const file = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...file, schemaVersion: 99 }));
    const store = track(await openStore(root, clock));
    await expect(store.purge(id)).rejects.toMatchObject({ code: 'NEWER_VERSION' });
    expect(await readdir(join(root, 'trash'))).toContain(`${id}.json`);
    expect(store.listTrash().map((d) => d.id)).toEqual([id]);
  });
});
