// The store's lowdb layer: the adapter over the one atomic writer, and one kept `Low` per open
// file (issue 13 item 5: not `new Low(...)` per save).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type * as LowDb from 'lowdb';
import { describe, expect, it, vi } from 'vitest';
import { editParagraph, faultyFs, fsError, nextId, openStore, sampleBriefing, storeSandbox, type FakeClock } from '../../../tests/unit/store/helpers';
import { DurableJsonFile, StoreFileDb } from './db';
import { nodeStoreFs } from './fs-layer';

// Counts every lowdb database made, by anyone in the store.
const made = vi.hoisted(() => ({ lows: 0 }));
vi.mock('lowdb', async (importOriginal) => {
  const lowdb = await importOriginal<typeof LowDb>();
  class CountingLow<T> extends lowdb.Low<T> {
    constructor(...args: ConstructorParameters<typeof lowdb.Low<T>>) {
      super(...args);
      made.lows++;
    }
  }
  return { ...lowdb, Low: CountingLow };
});

let root: string;
let clock: FakeClock;
const track = storeSandbox((r, c) => ((root = r), (clock = c)));

const decode = (text: string) => {
  const v = JSON.parse(text) as { n: number };
  if (typeof v.n !== 'number') throw new Error('invalid');
  return v;
};

describe('DurableJsonFile (lowdb adapter on the one atomic writer)', () => {
  it('works under lowdb: write through Low, read back through the decoder, null when absent', async () => {
    const path = join(root, 'db.json');
    const db = new Low(new DurableJsonFile(path, nodeStoreFs, decode), { n: 0 });
    await db.read();
    expect(db.data).toEqual({ n: 0 });
    db.data.n = 42;
    await db.write();
    const again = new Low(new DurableJsonFile(path, nodeStoreFs, decode), { n: 0 });
    await again.read();
    expect(again.data).toEqual({ n: 42 });
    await writeFile(path, '{"n":"x"}');
    await expect(again.read()).rejects.toThrow('invalid');
  });

  it('follows a path that moves (a draft between files/ and trash/)', async () => {
    let where = join(root, 'a.json');
    const adapter = new DurableJsonFile(() => where, nodeStoreFs, decode);
    await adapter.write({ n: 1 });
    where = join(root, 'b.json');
    await adapter.write({ n: 2 });
    expect(await readFile(join(root, 'a.json'), 'utf8')).toBe('{"n":1}');
    expect(await readFile(join(root, 'b.json'), 'utf8')).toBe('{"n":2}');
  });
});

describe('StoreFileDb', () => {
  it('keeps one Low for the life of the file, across loads and saves', async () => {
    const file = new StoreFileDb(join(root, 'x.json'), nodeStoreFs, decode);
    const low = file.low;
    expect(await file.load()).toBeNull();
    await file.save({ n: 1 });
    await file.save({ n: 2 });
    expect(await file.load()).toEqual({ n: 2 });
    expect(file.low).toBe(low);
  });

  it('a fault mid-write leaves the old file intact, and memory still holds what is on disk', async () => {
    const { fs, faults } = faultyFs();
    const path = join(root, 'x.json');
    const file = new StoreFileDb(path, fs, decode);
    await file.save({ n: 1 });
    faults.set('writeNewSynced', (p) => fsError('ENOSPC', p));
    await expect(file.save({ n: 2 })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(file.data).toEqual({ n: 1 });
    expect(await readFile(path, 'utf8')).toBe('{"n":1}');
    faults.clear();
    faults.set('syncDir', (p) => fsError('EIO', p));
    await expect(file.save({ n: 3 })).rejects.toMatchObject({ code: 'EIO' });
    // not acknowledged, so not what memory calls durable
    expect(file.data).toEqual({ n: 1 });
    expect((await readdir(root)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('peek decodes without keeping; evict forgets the content, not the database', async () => {
    const file = new StoreFileDb(join(root, 'x.json'), nodeStoreFs, decode);
    const low = file.low;
    await file.save({ n: 5 });
    file.evict();
    expect(file.data).toBeNull();
    expect(await file.peek()).toEqual({ n: 5 });
    expect(file.data).toBeNull();
    expect(file.low).toBe(low);
  });
});

describe('the drafts store on lowdb', () => {
  it('makes one Low per open file — the index and each draft — not one per save, trash or restore', async () => {
    const before = made.lows;
    const store = track(await openStore(root, clock));
    expect(made.lows - before).toBe(1); // the index
    const id = nextId();
    let b = sampleBriefing(id);
    await store.create(b);
    expect(made.lows - before).toBe(2); // + the new draft
    for (let i = 0; i < 10; i++) {
      b = editParagraph(b, 1, `第${i}次修改`);
      await store.save(b);
    }
    await store.trash(id);
    await store.restore(id);
    await store.save(editParagraph(b, 2, '恢复后再改'));
    await store.flush();
    expect(made.lows - before).toBe(2);
    const onDisk = JSON.parse(await readFile(join(root, 'files', `${id}.json`), 'utf8')) as { revision: number };
    expect(onDisk.revision).toBe(12);
  });
});
