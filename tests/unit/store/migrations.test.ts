import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_FORMAT_VERSION, decodeStoreFile, migrateFile, migrations } from '../../../src/main/store';
import { FakeClock, copyFixtureStore, fixturesDir, openStore, removeDir, tempDir } from './helpers';

const versions = Array.from({ length: STORE_FORMAT_VERSION }, (_, i) => `v${i + 1}`);
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeDir(d);
});

describe('store format migrations', () => {
  it('has a fixture store for every format version up to the current one', async () => {
    const present = (await readdir(fixturesDir)).filter((n) => /^v\d+$/.test(n)).sort();
    expect(present).toEqual(versions);
  });

  it('numbers migrations contiguously from 2 to the current version', () => {
    expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: STORE_FORMAT_VERSION - 1 }, (_, i) => i + 2));
  });

  it('never mutates the file it migrates (pure) and only adds fields (additive)', async () => {
    for (const kind of ['draft', 'index'] as const) {
      const path = kind === 'draft' ? join(fixturesDir, 'v1/files/fx-live.json') : join(fixturesDir, 'v1/index.json');
      const original = JSON.parse(await readFile(path, 'utf8'));
      const copy = structuredClone(original);
      const migrated = migrateFile(kind, original, 1);
      expect(original).toEqual(copy);
      for (const key of Object.keys(original)) expect(migrated).toHaveProperty(key);
      expect(migrated.schemaVersion).toBe(STORE_FORMAT_VERSION);
    }
  });

  for (const version of versions) {
    it(`reads a ${version} draft file and index into the current format`, async () => {
      const draft = decodeStoreFile('draft', await readFile(join(fixturesDir, version, 'files/fx-live.json'), 'utf8'));
      expect(draft.schemaVersion).toBe(STORE_FORMAT_VERSION);
      expect(draft.briefing.title).toBe('一季度经济运行简报');
      expect(draft.briefing.blocks.map((b) => b.id)).toEqual(['h1', 'p1', 'x1', 't1', 'n1']);
      expect(draft.createdAt).toMatch(/^2025-02-0/);
      expect(draft.origin.kind).toBe(version === 'v3' ? 'imported' : 'created');
      expect(draft.revision).toBe(version === 'v1' ? 0 : 7);
      const index = decodeStoreFile('index', await readFile(join(fixturesDir, version, 'index.json'), 'utf8'));
      expect(index.drafts.map((d) => [d.id, d.deletedAt])).toEqual([
        ['fx-live', null],
        ['fx-trashed', '2025-02-09T02:00:00.000Z'],
      ]);
    });

    it(`opens a whole ${version} store: lists, opens, saves, and rewrites it in the current format`, async () => {
      const root = await tempDir();
      dirs.push(root);
      await copyFixtureStore(version, root);
      const store = await openStore(root, new FakeClock());
      expect(store.list().map((d) => [d.id, d.title, d.issueNumber, d.blockCount])).toEqual([['fx-live', '一季度经济运行简报', 3, 5]]);
      expect(store.listTrash().map((d) => [d.id, d.deletedAt])).toEqual([['fx-trashed', '2025-02-09T02:00:00.000Z']]);
      const draft = await store.get('fx-live');
      const receipt = await store.save({ ...draft, title: '一季度经济运行简报（修订）' });
      expect(receipt.revision).toBe(version === 'v1' ? 1 : 8);
      await store.close();
      const onDisk = JSON.parse(await readFile(join(root, 'files/fx-live.json'), 'utf8'));
      expect(onDisk.schemaVersion).toBe(STORE_FORMAT_VERSION);
      expect(onDisk.briefing.title).toBe('一季度经济运行简报（修订）');
      const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8'));
      expect(index.schemaVersion).toBe(STORE_FORMAT_VERSION);
      expect(index.drafts.find((d: { id: string }) => d.id === 'fx-live').stamp).not.toBeNull();
      // the trashed draft's file was not touched: it stays in its old format until it changes
      const trashed = JSON.parse(await readFile(join(root, 'trash/fx-trashed.json'), 'utf8'));
      expect(trashed.schemaVersion).toBe(Number(version.slice(1)));
    });
  }
});
