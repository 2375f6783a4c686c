import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeClock } from './helpers';
import { DAY, MINUTE, editParagraph, failWrites, faultyFs, nextId, openStore, sampleBriefing, storeSandbox } from './helpers';

let root: string;
let clock: FakeClock;
const track = storeSandbox((r, c) => ((root = r), (clock = c)));

const exists = (path: string) => stat(path).then(() => true, () => false);

describe('trash (废纸篓)', () => {
  it('moves a deleted draft to the trash and restores it with its content', async () => {
    const store = track(await openStore(root, clock));
    const id = nextId();
    const b = await store.create(sampleBriefing(id, '要删除的简报'));
    await store.save(editParagraph(b, 1, '删除前的最后修改'));
    clock.advance(MINUTE);
    await store.trash(id);
    expect(store.list()).toEqual([]);
    const [row] = store.listTrash();
    expect(row).toMatchObject({ id, title: '要删除的简报', deletedAt: '2025-02-10T02:01:00.000Z', purgeAt: '2025-03-12T02:01:00.000Z' });
    expect(await exists(join(root, 'trash', `${id}.json`))).toBe(true);
    expect(await exists(join(root, 'files', `${id}.json`))).toBe(false);
    await expect(store.get(id)).rejects.toMatchObject({ code: 'DRAFT_NOT_FOUND' });
    await expect(store.save(b)).rejects.toMatchObject({ code: 'DRAFT_NOT_FOUND' });

    const restored = await store.restore(id);
    expect(restored.title).toBe('要删除的简报');
    expect(store.listTrash()).toEqual([]);
    const text = (await store.get(id)).blocks[1];
    expect(text).toMatchObject({ runs: [{ text: '删除前的最后修改' }] });
  });

  it('keeps the trash across restarts', async () => {
    const first = await openStore(root, clock);
    const id = nextId();
    await first.create(sampleBriefing(id));
    await first.trash(id);
    await first.close();
    const store = track(await openStore(root, clock));
    expect(store.listTrash().map((d) => [d.id, d.deletedAt])).toEqual([[id, '2025-02-10T02:00:00.000Z']]);
  });

  it('purges items 30 days after deletion by the injected clock, with their history', async () => {
    const store = track(await openStore(root, clock));
    const old = nextId();
    const recent = nextId();
    const b = await store.create(sampleBriefing(old));
    await store.save(editParagraph(b, 1, 'x'));
    await store.createVersion(old, '送审稿');
    await store.create(sampleBriefing(recent));
    await store.trash(old);
    clock.advance(10 * DAY);
    await store.trash(recent);

    clock.advance(20 * DAY - MINUTE);
    expect(await store.purgeExpired()).toBe(0);
    expect(store.listTrash()).toHaveLength(2);

    clock.advance(MINUTE);
    expect(await store.purgeExpired()).toBe(1);
    expect(store.listTrash().map((d) => d.id)).toEqual([recent]);
    expect(await exists(join(root, 'trash', `${old}.json`))).toBe(false);
    expect(await exists(join(root, 'history', old))).toBe(false);
  });

  it('purges expired items when the store opens', async () => {
    const first = await openStore(root, clock);
    const id = nextId();
    await first.create(sampleBriefing(id));
    await first.trash(id);
    await first.close();
    clock.advance(31 * DAY);
    const store = track(await openStore(root, clock));
    expect(store.listTrash()).toEqual([]);
    expect(await readdir(join(root, 'trash'))).toEqual([]);
  });

  it('deletes for good on request, and finishes a purge interrupted by a crash', async () => {
    const store = await openStore(root, clock);
    const a = nextId();
    const b = nextId();
    await store.create(sampleBriefing(a));
    await store.create(sampleBriefing(b));
    await store.trash(a);
    await store.trash(b);
    await store.purge(a);
    expect(store.listTrash().map((d) => d.id)).toEqual([b]);
    await expect(store.purge(a)).rejects.toMatchObject({ code: 'DRAFT_NOT_FOUND' });
    await store.close();

    // crash after the index said "purging" but before the file was removed
    const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8'));
    index.drafts.find((d: { id: string }) => d.id === b).purging = true;
    await writeFile(join(root, 'index.json'), JSON.stringify(index));
    const reopened = track(await openStore(root, clock));
    expect(reopened.listTrash()).toEqual([]);
    expect(await exists(join(root, 'trash', `${b}.json`))).toBe(false);
  });

  it('refuses to move a draft with unsaved edits (disk full) to the trash, and keeps it', async () => {
    const { fs, faults } = faultyFs();
    const store = track(await openStore(root, clock, { fs }));
    const id = nextId();
    const b = await store.create(sampleBriefing(id));
    failWrites(faults, 'ENOSPC');
    await store.save(editParagraph(b, 1, '未保存')).catch(() => undefined);
    await expect(store.trash(id)).rejects.toMatchObject({ code: 'DISK_FULL' });
    expect(store.list().map((d) => d.id)).toEqual([id]);
    faults.clear();
    await store.trash(id);
    expect(store.listTrash().map((d) => d.id)).toEqual([id]);
    const file = JSON.parse(await readFile(join(root, 'trash', `${id}.json`), 'utf8'));
    expect(file.briefing.blocks[1].runs[0].text).toBe('未保存');
  });
});

describe('drafts home operations', () => {
  it('renames and duplicates a draft', async () => {
    const store = track(await openStore(root, clock));
    const id = nextId();
    await store.create(sampleBriefing(id, '原标题'));
    const renamed = await store.rename(id, '新标题');
    expect(renamed.title).toBe('新标题');
    expect(JSON.parse(await readFile(join(root, 'files', `${id}.json`), 'utf8')).briefing.title).toBe('新标题');
    const copyId = nextId();
    const copy = await store.duplicate(id, copyId);
    expect(copy.id).toBe(copyId);
    expect(copy.title).toBe('新标题（副本）');
    expect(copy.blocks).toEqual((await store.get(id)).blocks);
    const file = JSON.parse(await readFile(join(root, 'files', `${copyId}.json`), 'utf8'));
    expect(file.origin).toEqual({ kind: 'duplicated', from: id });
    expect(store.list()).toHaveLength(2);
  });
});
