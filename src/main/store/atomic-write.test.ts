import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableJsonFile, writeFileAtomic } from './atomic-write';
import { nodeStoreFs, type StoreFs } from './fs-layer';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bs-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recording(fail?: { op: keyof StoreFs; code: string }) {
  const calls: string[] = [];
  const fs = { ...nodeStoreFs } as StoreFs;
  for (const op of Object.keys(nodeStoreFs) as (keyof StoreFs)[]) {
    (fs as unknown as Record<string, unknown>)[op] = async (...args: string[]) => {
      calls.push(`${op} ${args.map((a) => a.toString().replace(dir, '').slice(0, 40)).join(' ')}`);
      if (fail?.op === op) throw Object.assign(new Error(fail.code), { code: fail.code });
      return (nodeStoreFs[op] as (...a: string[]) => unknown)(...args);
    };
  }
  return { fs, calls };
}

describe('writeFileAtomic', () => {
  it('writes and fsyncs a temp file, renames it over the target, then fsyncs the directory — in that order', async () => {
    const { fs, calls } = recording();
    const target = join(dir, 'a.json');
    const stamp = await writeFileAtomic(fs, target, '{"v":1}');
    expect(await readFile(target, 'utf8')).toBe('{"v":1}');
    expect(stamp.size).toBe(7);
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['writeNewSynced', 'rename', 'syncDir']);
    expect(calls[0]).toMatch(/^writeNewSynced \/\.a\.json\.\d+\.\d+\.tmp/);
    expect(calls[2]).toBe('syncDir ');
  });

  it('leaves the old content and no temp file when the write fails (ENOSPC)', async () => {
    const target = join(dir, 'a.json');
    await writeFile(target, 'old');
    const failing: StoreFs = {
      ...nodeStoreFs,
      async writeNewSynced(path, data) {
        await writeFile(path, data.slice(0, 2)); // a partial write, then the disk is full
        throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      },
    };
    await expect(writeFileAtomic(failing, target, 'new content')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('reports a failed directory fsync (the save is not durable, so not acknowledged)', async () => {
    const { fs } = recording({ op: 'syncDir', code: 'EIO' });
    await expect(writeFileAtomic(fs, join(dir, 'a.json'), 'x')).rejects.toMatchObject({ code: 'EIO' });
  });
});

describe('DurableJsonFile (lowdb adapter)', () => {
  it('works under lowdb: write through Low, read back through the decoder, null when absent', async () => {
    const path = join(dir, 'db.json');
    const decode = (text: string) => {
      const v = JSON.parse(text) as { n: number };
      if (typeof v.n !== 'number') throw new Error('invalid');
      return v;
    };
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
});
