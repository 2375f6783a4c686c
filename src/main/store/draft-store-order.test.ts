// One order of operations per draft (issue 12, item 1): the background check after open and the
// recovery it may start never act on a file that an operation has moved on purpose, and the
// operations on one draft take effect in the order they were called.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultyFs, nextId, openStore, sampleBriefing, editParagraph, storeSandbox, type FakeClock } from '../../../tests/unit/store/helpers';
import { nodeStoreFs, type StoreFs } from './index';

let root: string;
let clock: FakeClock;
const track = storeSandbox((r, c) => ((root = r), (clock = c)));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const paragraph = (b: { blocks: readonly unknown[] }) => (b.blocks[1] as { runs: { text: string }[] }).runs[0]!.text;

/**
 * The race of the issue, made deterministic: the start-up check's read of `trash/<id>.json` is
 * held until `restore` has renamed the file to `files/` (or 300 ms have passed), and `restore`'s
 * directory fsyncs after that rename take 40 ms, so that a check not ordered with `restore`
 * reads a file that has just moved and "recovers" it.
 */
function racingFs(id: string) {
  let renamed: () => void = () => undefined;
  const renamedFromTrash = new Promise<void>((resolve) => (renamed = resolve));
  let slowSync = false;
  const { fs } = faultyFs();
  const trashPath = join('trash', `${id}.json`);
  const raced: StoreFs = {
    ...fs,
    async readText(path) {
      if (path.endsWith(trashPath)) await Promise.race([renamedFromTrash, sleep(300)]);
      return fs.readText(path);
    },
    async rename(from, to) {
      await nodeStoreFs.rename(from, to);
      if (from.endsWith(trashPath) && to.endsWith(join('files', `${id}.json`))) {
        slowSync = true;
        renamed();
      }
    },
    async syncDir(path) {
      if (slowSync) {
        slowSync = false;
        await sleep(40);
      }
      return fs.syncDir(path);
    },
  };
  return raced;
}

describe('one order of operations per draft', () => {
  it('restoring from the trash during the start-up check keeps the latest text, with no false 文件丢失 notice', async () => {
    const id = nextId();
    const first = await openStore(root, clock);
    const b = await first.create(sampleBriefing(id, '待恢复的简报'));
    await first.save(editParagraph(b, 1, '旧版本的正文'));
    await first.createVersion(id, '旧版本');
    await first.save(editParagraph(b, 1, '最后保存的正文'));
    await first.trash(id);
    await first.close();

    const store = track(await openStore(root, clock, { verifyOnOpen: true, fs: racingFs(id) }));
    await store.restore(id);
    await store.verified;

    expect(store.status().notices).toEqual([]);
    expect(store.listTrash()).toEqual([]);
    expect(paragraph(await store.get(id))).toBe('最后保存的正文');
    const receipt = await store.save(editParagraph(b, 1, '恢复后继续编辑'));
    expect(receipt.id).toBe(id);
    expect(await readdir(join(root, 'trash'))).toEqual([]);
    const onDisk = JSON.parse(await readFile(join(root, 'files', `${id}.json`), 'utf8')) as { briefing: { blocks: unknown[] } };
    expect(paragraph(onDisk.briefing)).toBe('恢复后继续编辑');
    expect(await readdir(join(root, 'quarantine'))).toEqual([]);
  });

  it('a save called after trash is refused, and one called before it is written first', async () => {
    const store = track(await openStore(root, clock));
    const id = nextId();
    const b = await store.create(sampleBriefing(id));
    const before = store.save(editParagraph(b, 1, '删除前保存'));
    const trashing = store.trash(id);
    const after = store.save(editParagraph(b, 1, '删除后保存')).then(
      () => 'saved',
      (error: { code?: string }) => error.code,
    );
    await expect(before).resolves.toMatchObject({ id });
    await expect(trashing).resolves.toBeUndefined();
    expect(await after).toBe('DRAFT_NOT_FOUND');
    await store.restore(id);
    expect(paragraph(await store.get(id))).toBe('删除前保存');
  });

  it('a save called after restoreVersion ends up on top of the restored version', async () => {
    const store = track(await openStore(root, clock));
    const id = nextId();
    const b = await store.create(sampleBriefing(id));
    await store.save(editParagraph(b, 1, '版本一'));
    const v1 = await store.createVersion(id, '版本一');
    await store.save(editParagraph(b, 1, '版本二'));
    // a save in flight while the restore is called, and one called after it
    const inFlight = store.save(editParagraph(b, 1, '版本三'));
    const restoring = store.restoreVersion(id, v1.id);
    const later = store.save(editParagraph(b, 1, '恢复后的修改'));
    await Promise.all([inFlight, restoring, later]);
    expect(paragraph(await store.get(id))).toBe('恢复后的修改');
    const undo = await store.getVersion(id, (await restoring).undoSnapshotId);
    expect(paragraph(undo)).toBe('版本三');
  });
});
