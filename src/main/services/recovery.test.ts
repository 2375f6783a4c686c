import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../node-host';
import { findAppPaths } from '../paths';
import { nodeStoreFs, type StoreFs } from '../store';
import type { Briefing } from '../../shared/briefing';
import { createServices, type ServiceSet } from './index';
import { fallbackRecoveryDirFor } from './recovery';

const paths = findAppPaths(import.meta.dirname);

/** The real file system, with writes under the drafts folder failing with `code` while `fault.code` is set. */
function faultyFs(fault: { code: string | null }): StoreFs {
  const failing = (path: string) => fault.code !== null && path.includes(`${sep}drafts${sep}`);
  const error = () => Object.assign(new Error(String(fault.code)), { code: fault.code });
  return {
    ...nodeStoreFs,
    async writeNewSynced(path, data) {
      if (failing(path)) throw error();
      return nodeStoreFs.writeNewSynced(path, data);
    },
    async rename(from, to) {
      if (failing(to)) throw error();
      return nodeStoreFs.rename(from, to);
    },
  };
}

function open(dataDir: string, fault: { code: string | null }, copyPath: string | null = null): ServiceSet {
  let n = 0;
  const host = createNodeHost({
    paths,
    dataDir,
    newId: () => `id${Date.now().toString(36)}${++n}`,
    dialogs: { pickSavePath: async () => copyPath, pickOpenPath: async () => null },
  });
  return createServices(host, { drafts: { fs: faultyFs(fault), store: { verifyOnOpen: false } } });
}

const withText = (draft: Briefing, text: string): Briefing => ({ ...draft, blocks: [...draft.blocks, { id: `x${draft.blocks.length}`, type: 'paragraph', runs: [{ text }] }] });

describe.each([
  ['disk full', 'ENOSPC', 'DISK_FULL'],
  ['read-only folder', 'EROFS', 'PERMISSION_DENIED'],
])('closing while saves fail (%s): nothing is lost', (_name, errno, code) => {
  it('the unsaved text goes to a recovery copy outside the drafts folder and comes back at the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-recovery-'));
    const fault = { code: null as string | null };
    const first = open(dataDir, fault);
    const made = await first.services.createDraft({ title: '第一期' });
    if (!made.ok) throw new Error(made.message);
    fault.code = errno;
    const failed = await first.services.saveDraft({ draft: withText(made.value, '只在内存里的一段') });
    expect(failed.ok ? 'ok' : failed.code).toBe(code);
    // while the store holds it unsaved, the renderer's copy after the failure is kept
    const kept = await first.services.writeRecovery({ draft: withText(made.value, '只在内存里的一段'), reason: 'save-failed' });
    expect(kept.ok && kept.value.path).toBe(join(dataDir, 'recovery', `${made.value.id}.json`));
    // The app quits (the renderer never answered): the store's unsaved content is kept.
    await first.close();
    const files = readdirSync(join(dataDir, 'recovery'));
    expect(files).toEqual([`${made.value.id}.json`]);
    expect(readFileSync(join(dataDir, 'recovery', files[0]!), 'utf8')).toContain('只在内存里的一段');

    // Next start, the disk is fine again: the copy is offered, and 恢复 puts the text in the draft.
    fault.code = null;
    const second = open(dataDir, fault);
    const offered = await second.services.listRecovery({});
    expect(offered.ok && offered.value.map((e) => [e.draftId, e.title, e.reason, e.draftExists])).toEqual([[made.value.id, '第一期', 'close', true]]);
    const restored = await second.services.restoreRecovery({ draftId: made.value.id });
    expect(restored.ok).toBe(true);
    const draft = await second.services.getDraft({ id: made.value.id });
    expect(JSON.stringify(draft.ok && draft.value)).toContain('只在内存里的一段');
    expect(readdirSync(join(dataDir, 'recovery'))).toEqual([]);
    await second.close();
  });
});

describe('recovery copies', () => {
  it('a copy written by the renderer (even with a refused field) is atomic, offered, and dropped once the draft saves', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-recovery-'));
    const set = open(dataDir, { code: null });
    const made = await set.services.createDraft({ title: '标题' });
    if (!made.ok) throw new Error(made.message);
    const unsaved = { ...withText(made.value, '新的一段'), meta: { ...made.value.meta, issueDate: '102025-01-01' } };
    // a copy “after a failed save” that arrives when the store holds nothing unsaved is late: not kept
    const late = await set.services.writeRecovery({ draft: unsaved, reason: 'save-failed' });
    expect(late.ok && late.value.path).toBeNull();
    expect(existsSync(join(dataDir, 'recovery'))).toBe(false);
    const written = await set.services.writeRecovery({ draft: unsaved, reason: 'close' });
    if (!written.ok) throw new Error(written.message);
    expect(written.value.path).toBe(join(dataDir, 'recovery', `${made.value.id}.json`));
    expect(readdirSync(join(dataDir, 'recovery'))).toEqual([`${made.value.id}.json`]);
    const offered = await set.services.listRecovery({});
    expect(offered.ok && offered.value.map((e) => e.reason)).toEqual(['close']);
    // restoring saves the rest and keeps the stored date
    const restored = await set.services.restoreRecovery({ draftId: made.value.id });
    expect(restored.ok && restored.value.refused?.map((r) => r.field)).toEqual(['meta.issueDate']);
    const draft = await set.services.getDraft({ id: made.value.id });
    expect(draft.ok && draft.value.meta.issueDate).toBe(made.value.meta.issueDate);
    expect(JSON.stringify(draft.ok && draft.value)).toContain('新的一段');

    // a later successful save removes a copy written meanwhile
    await set.services.writeRecovery({ draft: unsaved, reason: 'close' });
    expect(existsSync(join(dataDir, 'recovery', `${made.value.id}.json`))).toBe(true);
    expect((await set.services.saveDraft({ draft: withText(made.value, '又一段') })).ok).toBe(true);
    expect(existsSync(join(dataDir, 'recovery', `${made.value.id}.json`))).toBe(false);
    await set.close();
  });

  it('丢弃 removes the copy; a draft purged meanwhile comes back as a new draft', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-recovery-'));
    const set = open(dataDir, { code: null });
    const made = await set.services.createDraft({ title: '被删的' });
    if (!made.ok) throw new Error(made.message);
    await set.services.writeRecovery({ draft: withText(made.value, '救回来的一段'), reason: 'close' });
    expect((await set.services.discardRecovery({ draftId: made.value.id })).ok).toBe(true);
    expect(readdirSync(join(dataDir, 'recovery'))).toEqual([]);

    await set.services.writeRecovery({ draft: withText(made.value, '救回来的一段'), reason: 'close' });
    await set.services.deleteDraft({ id: made.value.id });
    await set.services.purgeDraft({ id: made.value.id });
    const offered = await set.services.listRecovery({});
    expect(offered.ok && offered.value[0]?.draftExists).toBe(false);
    const restored = await set.services.restoreRecovery({ draftId: made.value.id });
    if (!restored.ok) throw new Error(restored.message);
    const back = await set.services.getDraft({ id: restored.value.id });
    expect(JSON.stringify(back.ok && back.value)).toContain('救回来的一段');
    await set.close();
  });

  it('when the data directory cannot take the copy, it goes to the temporary folder and is offered from there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-recovery-'));
    const set = open(dataDir, { code: null });
    const made = await set.services.createDraft({ title: '数据目录写不进' });
    if (!made.ok) throw new Error(made.message);
    // `recovery` is a file: nothing can be created under it (as on a read-only or full disk)
    writeFileSync(join(dataDir, 'recovery'), '');
    const written = await set.services.writeRecovery({ draft: withText(made.value, '写到临时文件夹的一段'), reason: 'close' });
    if (!written.ok) throw new Error(written.message);
    expect(written.value.path).toBe(join(fallbackRecoveryDirFor(dataDir), `${made.value.id}.json`));
    const offered = await set.services.listRecovery({});
    expect(offered.ok && offered.value.map((e) => e.draftId)).toEqual([made.value.id]);
    expect((await set.services.restoreRecovery({ draftId: made.value.id })).ok).toBe(true);
    expect(existsSync(written.value.path!)).toBe(false);
    const draft = await set.services.getDraft({ id: made.value.id });
    expect(JSON.stringify(draft.ok && draft.value)).toContain('写到临时文件夹的一段');
    await set.close();
  });

  it('另存副本 writes the renderer’s draft as .briefing.json where the dialog says', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-recovery-'));
    const target = join(mkdtempSync(join(tmpdir(), 'bs-copy-')), '副本');
    const set = open(dataDir, { code: 'EROFS' }, target);
    const draft = { schemaVersion: 2, id: 'abc', title: '只读时另存', blocks: [] };
    const saved = await set.services.saveDraftCopy({ draft });
    expect(saved.ok && saved.value.path).toBe(`${target}.briefing.json`);
    expect(JSON.parse(readFileSync(`${target}.briefing.json`, 'utf8'))).toEqual(draft);
    const cancelled = await open(dataDir, { code: null }, null).services.saveDraftCopy({ draft });
    expect(cancelled.ok ? 'ok' : cancelled.code).toBe('CANCELLED');
    await set.close();
  });
});
