import { copyFile, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DraftStore } from '../../../src/main/store';
import { FakeClock, MINUTE, editParagraph, fixturesDir, nextId, openStore, removeDir, sampleBriefing, tempDir } from './helpers';

let root: string;
let clock: FakeClock;
const open: DraftStore[] = [];
const openTracked = async (extra = {}) => {
  const s = await openStore(root, clock, extra);
  open.push(s);
  return s;
};

beforeEach(async () => {
  root = await tempDir();
  clock = new FakeClock();
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  await removeDir(root);
});

/** A store with one draft saved a few times (so it has history), closed. Returns the draft id. */
async function seed(options: { backup?: boolean } = {}): Promise<{ id: string; saved: string }> {
  const store = await openStore(root, clock);
  const id = nextId();
  const b = await store.create(sampleBriefing(id, '二月简报'));
  await store.save(editParagraph(b, 1, '第一次修改'));
  clock.advance(6 * MINUTE);
  const last = editParagraph(b, 1, '第二次修改');
  await store.save(last);
  await store.createVersion(id, '送审稿');
  if (options.backup) await store.backupNow();
  await store.close();
  return { id, saved: '第二次修改' };
}

const paragraph = (b: { blocks: readonly { id: string; type: string }[] }) => {
  const p = b.blocks.find((x) => x.id === 'p1') as { runs: { text: string }[] } | undefined;
  return p?.runs[0]?.text;
};

describe('recovery of damaged files at open', () => {
  it('quarantines a truncated draft file and loads the newest good snapshot, telling the user where the file went', async () => {
    const { id, saved } = await seed();
    const path = join(root, 'files', `${id}.json`);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, Math.floor(text.length / 2)));
    const store = await openTracked();
    const draft = await store.get(id);
    expect(paragraph(draft)).toBe(saved);
    const notices = store.status().notices;
    expect(notices).toHaveLength(1);
    expect(notices[0]!.kind).toBe('draft-recovered');
    expect(notices[0]!.message).toContain('二月简报');
    expect(notices[0]!.message).toContain('历史快照');
    const quarantined = notices[0]!.path!;
    expect(quarantined.startsWith(join(root, 'quarantine'))).toBe(true);
    expect(notices[0]!.message).toContain(quarantined);
    expect(await readFile(quarantined, 'utf8')).toBe(text.slice(0, Math.floor(text.length / 2)));
    // the repaired file is valid and marked as recovered
    const repaired = JSON.parse(await readFile(path, 'utf8'));
    expect(repaired.origin.kind).toBe('recovered');
  });

  it('recovers from the rolling backup when there is no history snapshot', async () => {
    const { id, saved } = await seed({ backup: true });
    await removeDir(join(root, 'history', id));
    await copyFile(join(fixturesDir, 'damaged/garbage-draft.json'), join(root, 'files', `${id}.json`));
    const store = await openTracked();
    expect(paragraph(await store.get(id))).toBe(saved);
    const [notice] = store.status().notices;
    expect(notice?.kind).toBe('draft-recovered');
    expect(notice?.message).toContain('自动备份');
  });

  it('reports a draft as lost (but keeps the damaged file) when no snapshot or backup exists', async () => {
    const { id } = await seed();
    await removeDir(join(root, 'history', id));
    await removeDir(join(root, 'backups'));
    await copyFile(join(fixturesDir, 'damaged/invalid-draft.json'), join(root, 'files', `${id}.json`));
    const store = await openTracked();
    expect(store.list()).toEqual([]);
    const [notice] = store.status().notices;
    expect(notice?.kind).toBe('draft-lost');
    expect(await readdir(join(root, 'quarantine'))).toHaveLength(1);
    expect(notice?.path && (await stat(notice.path)).size).toBeGreaterThan(0);
  });

  it('rebuilds the drafts list from the draft files when the index is damaged', async () => {
    const { id } = await seed({ backup: true });
    await copyFile(join(fixturesDir, 'damaged/index-truncated.json'), join(root, 'index.json'));
    const store = await openTracked();
    expect(store.list().map((d) => [d.id, d.title])).toEqual([[id, '二月简报']]);
    const [notice] = store.status().notices;
    expect(notice?.kind).toBe('index-rebuilt');
    expect(notice?.path && (await readFile(notice.path, 'utf8'))).toContain('"kind":"index"');
    await store.flush(); // the rebuilt index is written in the background
    const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8'));
    expect(index.drafts.map((d: { id: string }) => d.id)).toEqual([id]);
  });

  it('finds damage in the background check after open, before the user opens the draft', async () => {
    const { id, saved } = await seed();
    await copyFile(join(fixturesDir, 'damaged/truncated-draft.json'), join(root, 'files', `${id}.json`));
    const store = await openTracked({ verifyOnOpen: true });
    // the list is ready at once, from the index
    expect(store.list().map((d) => d.id)).toEqual([id]);
    await store.verified;
    expect(store.status().notices.map((n) => n.kind)).toEqual(['draft-recovered']);
    expect(paragraph(JSON.parse(await readFile(join(root, 'files', `${id}.json`), 'utf8')).briefing)).toBe(saved);
  });

  it('recovers a draft damaged while the app runs when it is opened', async () => {
    const { id, saved } = await seed();
    const store = await openTracked();
    await writeFile(join(root, 'files', `${id}.json`), '{"schemaVersion":3,"kind":"dr');
    expect(paragraph(await store.get(id))).toBe(saved);
    expect(store.status().notices[0]?.kind).toBe('draft-recovered');
  });

  it('recovers a draft whose file disappeared, from its history', async () => {
    const { id, saved } = await seed();
    await removeDir(join(root, 'files', `${id}.json`));
    const store = await openTracked();
    expect(paragraph(await store.get(id))).toBe(saved);
    expect(store.status().notices[0]?.message).toContain('丢失');
  });

  it('picks up drafts saved after the index was last written (the files are the truth)', async () => {
    const { id } = await seed();
    const path = join(root, 'files', `${id}.json`);
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.briefing.title = '索引之后改的标题';
    file.revision += 1;
    await writeFile(path, JSON.stringify(file));
    const other = JSON.parse(JSON.stringify(file));
    other.briefing.id = 'orphan';
    other.briefing.title = '不在索引里的草稿';
    await writeFile(join(root, 'files', 'orphan.json'), JSON.stringify(other));
    const store = await openTracked();
    expect(store.list().map((d) => d.title).sort()).toEqual(['不在索引里的草稿', '索引之后改的标题']);
    expect(store.summary(id).revision).toBe(file.revision);
  });

  it('removes temp files left by an interrupted write', async () => {
    const { id } = await seed();
    await writeFile(join(root, 'files', `.${id}.json.999.1.tmp`), '{"half":');
    await writeFile(join(root, `.index.json.999.2.tmp`), '{');
    const store = await openTracked();
    await store.flush();
    expect((await readdir(join(root, 'files'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await readdir(root)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(store.list()).toHaveLength(1);
  });
});

describe('files from a newer version of the app', () => {
  it('lists a newer draft as read-only, refuses to open or save it, and never rewrites it', async () => {
    await seed();
    const path = join(root, 'files', 'fx-newer.json');
    await copyFile(join(fixturesDir, 'newer/v4-draft.json'), path);
    const before = await readFile(path);
    const store = await openTracked();
    const row = store.list().find((d) => d.id === 'fx-newer');
    expect(row?.readOnly).toBe(true);
    await expect(store.get('fx-newer')).rejects.toMatchObject({ code: 'NEWER_VERSION' });
    const any = sampleBriefing('fx-newer');
    await expect(store.save(any)).rejects.toMatchObject({ code: 'NEWER_VERSION' });
    expect(store.status().notices.map((n) => n.kind)).toEqual(['newer-version']);
    expect(store.status().notices[0]!.message).toMatch(/更新版本/);
    await store.close();
    open.pop();
    expect(await readFile(path)).toEqual(before);
  });

  it('refuses to open a store whose index is newer, with a Chinese message, and writes nothing', async () => {
    await seed();
    await copyFile(join(fixturesDir, 'newer/v4-index.json'), join(root, 'index.json'));
    const before = await readFile(join(root, 'index.json'));
    await expect(openTracked()).rejects.toMatchObject({ code: 'NEWER_VERSION', message: expect.stringContaining('更新版本') });
    expect(await readFile(join(root, 'index.json'))).toEqual(before);
    // the lock was released: a later (newer) app can open the folder
    expect((await readdir(root)).filter((n) => n.startsWith('store.lock'))).toEqual([]);
  });
});
