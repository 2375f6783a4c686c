import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeClock } from './helpers';
import { editParagraph, failWrites, faultyFs, fsError, nextId, openStore, sampleBriefing, storeSandbox } from './helpers';

let root: string;
let clock: FakeClock;
// A test may leave the folder read-only: give write access back before removing it.
const track = storeSandbox(
  (r, c) => ((root = r), (clock = c)),
  (dir) => chmod(dir, 0o755).catch(() => undefined),
);

const onDisk = async (id: string) => JSON.parse(await readFile(join(root, 'files', `${id}.json`), 'utf8'));
const p1 = (b: { blocks: readonly unknown[] }) => (b.blocks[1] as { runs: { text: string }[] }).runs[0]!.text;
const isDraftWrite = (path: string) => path.includes(`${join(root, 'files')}/`);

describe('a full disk (ENOSPC injected into the file layer)', () => {
  it('rejects the save with DISK_FULL, keeps the text in memory and on screen, loses nothing, and saves on retry', async () => {
    const { fs, faults } = faultyFs();
    const store = track(await openStore(root, clock, { fs }));
    const id = nextId();
    const b = await store.create(sampleBriefing(id));
    await store.save(editParagraph(b, 1, '已保存的文字'));

    faults.set('writeNewSynced', (path) => (isDraftWrite(path) ? fsError('ENOSPC', path) : undefined));
    const edited = editParagraph(b, 1, '磁盘满时输入的文字');
    await expect(store.save(edited)).rejects.toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining('磁盘空间不足') });
    expect(p1(await store.get(id))).toBe('磁盘满时输入的文字');
    expect(store.status().unsaved).toMatchObject([{ id, code: 'DISK_FULL' }]);
    expect(store.list()[0]!.unsaved).toBe(true);
    // the previous save is intact on disk and no temp file is left behind
    expect(p1((await onDisk(id)).briefing)).toBe('已保存的文字');
    expect((await readdir(join(root, 'files'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // a later edit while the disk is still full is kept too (the newest wins)
    const later = editParagraph(b, 1, '磁盘满时又改了一次');
    await expect(store.save(later)).rejects.toMatchObject({ code: 'DISK_FULL' });
    expect(p1(await store.get(id))).toBe('磁盘满时又改了一次');

    faults.clear();
    const receipt = await store.retrySave(id);
    expect(p1((await onDisk(id)).briefing)).toBe('磁盘满时又改了一次');
    expect((await onDisk(id)).revision).toBe(receipt.revision);
    expect(store.status().unsaved).toEqual([]);
    expect(store.list()[0]!.unsaved).toBe(false);
  });

  it('retries on its own and reaches disk once space is back', async () => {
    const { fs, faults } = faultyFs();
    const store = track(await openStore(root, clock, { fs, retryDelaysMs: [20] }));
    const id = nextId();
    const b = await store.create(sampleBriefing(id));
    faults.set('writeNewSynced', (path) => (isDraftWrite(path) ? fsError('ENOSPC', path) : undefined));
    await expect(store.save(editParagraph(b, 1, '自动重试'))).rejects.toMatchObject({ code: 'DISK_FULL' });
    faults.clear();
    await expect.poll(async () => p1((await onDisk(id)).briefing), { timeout: 2000 }).toBe('自动重试');
    expect(store.status().unsaved).toEqual([]);
  });

  it('does not acknowledge a save whose directory fsync failed, and writes it again on retry', async () => {
    const { fs, faults } = faultyFs();
    const store = track(await openStore(root, clock, { fs }));
    const id = nextId();
    const b = await store.create(sampleBriefing(id));
    faults.set('syncDir', (path) => (path === join(root, 'files') ? fsError('EIO', path) : undefined));
    await expect(store.save(editParagraph(b, 1, '目录未落盘'))).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    faults.clear();
    const receipt = await store.retrySave(id);
    expect(receipt.revision).toBe((await onDisk(id)).revision);
  });

  it('reports what is still unsaved when closing on a full disk', async () => {
    const { fs, faults } = faultyFs();
    const store = await openStore(root, clock, { fs });
    const id = nextId();
    const b = await store.create(sampleBriefing(id, '未保存的草稿'));
    failWrites(faults, 'ENOSPC');
    await store.save(editParagraph(b, 1, 'x')).catch(() => undefined);
    const report = await store.close();
    expect(report.unsaved).toMatchObject([{ id, title: '未保存的草稿', code: 'DISK_FULL' }]);
  });
});

describe('permission and locking errors', () => {
  for (const [errno, code, text] of [
    ['EACCES', 'PERMISSION_DENIED', '没有写入权限'],
    ['EPERM', 'PERMISSION_DENIED', '没有写入权限'],
    ['EBUSY', 'WRITE_FAILED', '文件写入失败'],
  ] as const) {
    it(`maps ${errno} while saving to ${code} with a Chinese message`, async () => {
      const { fs, faults } = faultyFs();
      const store = track(await openStore(root, clock, { fs }));
      const id = nextId();
      const b = await store.create(sampleBriefing(id));
      faults.set('rename', (path) => (isDraftWrite(path) ? fsError(errno, path) : undefined));
      await expect(store.save(editParagraph(b, 1, errno))).rejects.toMatchObject({ code, message: expect.stringContaining(text) });
      expect(p1(await store.get(id))).toBe(errno);
      faults.clear();
      await store.retrySave(id);
      expect(p1((await onDisk(id)).briefing)).toBe(errno);
    });
  }

  it('opens a read-only data directory read-only: lists and opens drafts, refuses saves with PERMISSION_DENIED, keeps the edits', async () => {
    const first = await openStore(root, clock);
    const id = nextId();
    const b = await first.create(sampleBriefing(id, '只读目录中的草稿'));
    await first.close();

    const { fs, faults } = faultyFs();
    failWrites(faults, 'EROFS');
    const store = track(await openStore(root, clock, { fs }));
    expect(store.status().readOnly).toBe(true);
    expect(store.status().notices.map((n) => n.kind)).toEqual(['read-only']);
    expect(store.list().map((d) => d.title)).toEqual(['只读目录中的草稿']);
    expect((await store.get(id)).title).toBe('只读目录中的草稿');
    await expect(store.save(editParagraph(b, 1, '只读时的修改'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(p1(await store.get(id))).toBe('只读时的修改');

    // the directory becomes writable again: the next attempt takes the lock and saves
    faults.clear();
    await store.retrySave(id);
    expect(store.status().readOnly).toBe(false);
    expect(p1((await onDisk(id)).briefing)).toBe('只读时的修改');
  });

  it.skipIf(process.getuid?.() === 0)('opens a chmod 555 data directory read-only (real permissions; skipped as root, which ignores them)', async () => {
    const first = await openStore(root, clock);
    const id = nextId();
    const b = await first.create(sampleBriefing(id));
    await first.close();
    for (const d of ['', 'files', 'trash', 'history', 'backups', 'quarantine']) await chmod(join(root, d), 0o555);
    const store = track(await openStore(root, clock));
    expect(store.status().readOnly).toBe(true);
    await expect(store.save(editParagraph(b, 1, 'x'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    for (const d of ['', 'files', 'trash', 'history', 'backups', 'quarantine']) await chmod(join(root, d), 0o755);
  });

  it('refuses a second writer on the same folder while the first is alive', async () => {
    track(await openStore(root, clock));
    await expect(openStore(root, clock)).rejects.toMatchObject({ code: 'DATA_DIR_UNAVAILABLE', message: expect.stringContaining('另一个简报工坊进程') });
  });

  it('takes over a stale lock left by a process that died', async () => {
    const first = await openStore(root, clock);
    await first.close();
    const stale = { schemaVersion: 3, kind: 'lock', pid: 2 ** 22 + 12345, hostname: hostname(), createdAt: '2025-02-01T00:00:00.000Z', token: 'dead' };
    await writeFile(join(root, 'store.lock'), JSON.stringify(stale));
    const store = track(await openStore(root, clock));
    const lock = JSON.parse(await readFile(join(root, 'store.lock'), 'utf8'));
    expect(lock.pid).toBe(process.pid);
    expect(store.status().readOnly).toBe(false);
  });

  it('takes over an unreadable lock file', async () => {
    const first = await openStore(root, clock);
    await first.close();
    await writeFile(join(root, 'store.lock'), '');
    track(await openStore(root, clock));
    expect(JSON.parse(await readFile(join(root, 'store.lock'), 'utf8')).pid).toBe(process.pid);
  });

  it('releases the lock on close', async () => {
    const store = await openStore(root, clock);
    await store.close();
    expect((await readdir(root)).includes('store.lock')).toBe(false);
    await expect(store.get('x')).rejects.toMatchObject({ code: 'DATA_DIR_UNAVAILABLE' });
  });
});

describe('lock written by a newer app version', () => {
  it('is respected while its process lives (not mistaken for an unreadable, stale lock)', async () => {
    const first = await openStore(root, clock);
    await first.close();
    const newer = { schemaVersion: 9, kind: 'lock', pid: process.pid, hostname: hostname(), createdAt: '2025-02-01T00:00:00.000Z', token: 'newer', extra: true };
    await writeFile(join(root, 'store.lock'), JSON.stringify(newer));
    await expect(openStore(root, clock)).rejects.toMatchObject({ code: 'DATA_DIR_UNAVAILABLE' });
  });
});
