import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Briefing } from '../../../src/shared/briefing';
import type { DraftStore } from '../../../src/main/store';
import { FakeClock, MINUTE, editParagraph, nextId, openStore, removeDir, sampleBriefing, tempDir } from './helpers';

let root: string;
let clock: FakeClock;
let store: DraftStore;
let id: string;
let base: Briefing;

beforeEach(async () => {
  root = await tempDir();
  clock = new FakeClock();
  store = await openStore(root, clock, { backups: { enabled: false } });
  id = nextId();
  base = await store.create(sampleBriefing(id, '历史测试', 3));
});
afterEach(async () => {
  await store.close();
  await removeDir(root);
});

const p1 = (b: Briefing) => (b.blocks.find((x) => x.id === 'p1') as { runs: { text: string }[] }).runs[0]!.text;

describe('automatic snapshots', () => {
  it('keeps the state before the first change of a session, once per session', async () => {
    await store.save(editParagraph(base, 1, '第一处修改'));
    clock.advance(MINUTE);
    await store.save(editParagraph(base, 1, '第二处修改'));
    let history = await store.listHistory(id);
    expect(history.map((h) => h.reason)).toEqual(['session-start']);
    expect(history[0]!.label).toBe('开始编辑前');
    expect(p1(await store.getVersion(id, history[0]!.id))).toBe(p1(base));

    // 30 minutes without editing: the next change starts a new session
    clock.advance(31 * MINUTE);
    await store.save(editParagraph(base, 1, '新会话的修改'));
    history = await store.listHistory(id);
    expect(history.map((h) => h.reason)).toEqual(['session-start', 'session-start']);
    expect(p1(await store.getVersion(id, history[0]!.id))).toBe('第二处修改');
  });

  it('snapshots every 5 minutes of editing', async () => {
    for (let minute = 0; minute <= 12; minute++) {
      await store.save(editParagraph(base, 1, `第 ${minute} 分钟`));
      clock.advance(MINUTE);
    }
    await store.flush();
    const history = await store.listHistory(id);
    expect(history.map((h) => h.reason).reverse()).toEqual(['session-start', 'interval', 'interval']);
    const texts = await Promise.all(history.map(async (h) => p1(await store.getVersion(id, h.id))));
    expect(texts.reverse()).toEqual([p1(base), '第 5 分钟', '第 10 分钟']);
  });

  it('snapshots before an export, including edits not yet written, without repeating an unchanged state', async () => {
    await store.save(editParagraph(base, 2, '导出前的内容'));
    const first = await store.snapshotBeforeExport(id);
    const again = await store.snapshotBeforeExport(id);
    expect(again.id).toBe(first.id);
    expect(first.reason).toBe('before-export');
    expect(first.label).toBe('导出前');
    expect((await store.listHistory(id)).filter((h) => h.reason === 'before-export')).toHaveLength(1);
  });
});

describe('named versions and summaries', () => {
  it('creates 送审稿 as a named version and summarises changes by block id', async () => {
    const v1 = await store.createVersion(id, '初稿');
    // edit p1, remove p2, add a new block
    const changed: Briefing = {
      ...editParagraph(base, 1, '改过的第一段'),
      blocks: [
        ...editParagraph(base, 1, '改过的第一段').blocks.filter((b) => b.id !== 'p2'),
        { id: 'n9', type: 'note', text: '新增的按语' },
        { id: 'n10', type: 'note', text: '又一条' },
      ],
    };
    await store.save(changed);
    const v2 = await store.createVersion(id, '送审稿');
    expect(v2.label).toBe('送审稿');
    expect(v2.name).toBe('送审稿');
    const history = await store.listHistory(id);
    const named = history.filter((h) => h.reason === 'named');
    expect(named.map((h) => h.name)).toEqual(['送审稿', '初稿']);
    const sent = named[0]!;
    expect(sent.changes).toMatchObject({ added: 2, removed: 1, edited: 1, titleChanged: false, metaChanged: false });
    expect(sent.changes.text).toBe('新增 2 块，删除 1 块，修改 1 块');
    expect(sent.comparedToCurrent.text).toBe('内容无变化');
    const first = history.find((h) => h.id === v1.id)!;
    expect(first.comparedToCurrent).toMatchObject({ added: 1, removed: 2, edited: 1 });
    expect(history.at(-1)!.changes.text).toMatch(/^最早的记录/);
  });

  it('keeps named versions when old automatic snapshots are pruned', async () => {
    await store.close();
    store = await openStore(root, clock, { backups: { enabled: false }, history: { keepAuto: 3 } });
    await store.createVersion(id, '送审稿');
    for (let i = 0; i < 8; i++) {
      clock.advance(31 * MINUTE);
      await store.save(editParagraph(base, 1, `会话 ${i}`));
    }
    const history = await store.listHistory(id);
    expect(history.filter((h) => h.reason !== 'named')).toHaveLength(3);
    expect(history.filter((h) => h.reason === 'named').map((h) => h.name)).toEqual(['送审稿']);
    const files = (await readdir(join(root, 'history', id))).filter((n) => n !== 'manifest.json');
    expect(files).toHaveLength(4);
  });
});

describe('restoring a version', () => {
  it('restores in place after a snapshot of the current state, and the restore can be undone (and redone)', async () => {
    const v = await store.createVersion(id, '初稿');
    await store.save(editParagraph(base, 1, '后来的修改'));
    const result = await store.restoreVersion(id, v.id);
    expect(result.draft.id).toBe(id);
    expect(p1(result.draft)).toBe(p1(base));
    expect(p1(await store.get(id))).toBe(p1(base));
    expect(p1(JSON.parse(await readFile(join(root, 'files', `${id}.json`), 'utf8')).briefing)).toBe(p1(base));
    expect(result.receipt.revision).toBe(JSON.parse(await readFile(join(root, 'files', `${id}.json`), 'utf8')).revision);

    const undoEntry = (await store.listHistory(id)).find((h) => h.id === result.undoSnapshotId)!;
    expect(undoEntry.reason).toBe('before-restore');
    expect(undoEntry.label).toBe('恢复前');

    const undone = await store.restoreVersion(id, result.undoSnapshotId);
    expect(p1(undone.draft)).toBe('后来的修改');
    const redone = await store.restoreVersion(id, undone.undoSnapshotId);
    expect(p1(redone.draft)).toBe(p1(base));
  });

  it('refuses an unknown snapshot id', async () => {
    await expect(store.restoreVersion(id, 'nope')).rejects.toMatchObject({ code: 'DRAFT_NOT_FOUND' });
  });

  it('rebuilds a damaged history list from the snapshot files and says so', async () => {
    await store.createVersion(id, '送审稿');
    await store.createVersion(id, '定稿');
    await store.close();
    await writeFile(join(root, 'history', id, 'manifest.json'), '{"schemaVersion":3,"kind":"hist');
    store = await openStore(root, clock, { backups: { enabled: false } });
    const history = await store.listHistory(id);
    expect(history.map((h) => h.name)).toEqual(['定稿', '送审稿']);
    const notice = store.status().notices.find((n) => n.kind === 'history-rebuilt');
    expect(notice?.path).toContain(join(root, 'quarantine'));
  });
});
