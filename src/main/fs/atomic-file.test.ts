import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeAtomicFs, writeFileAtomic, writeFileDurable, type AtomicFs } from './atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bs-atomic-'));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

function recording(fail?: { op: keyof AtomicFs; code: string }) {
  const calls: string[] = [];
  const fs = { ...nodeAtomicFs } as AtomicFs;
  for (const op of Object.keys(nodeAtomicFs) as (keyof AtomicFs)[]) {
    (fs as unknown as Record<string, unknown>)[op] = async (...args: string[]) => {
      calls.push(`${op} ${args.map((a) => a.toString().replace(dir, '').slice(0, 40)).join(' ')}`);
      if (fail?.op === op) throw Object.assign(new Error(fail.code), { code: fail.code });
      return (nodeAtomicFs[op] as (...a: string[]) => unknown)(...args);
    };
  }
  return { fs, calls };
}

describe('writeFileDurable (async, injectable: the store)', () => {
  it('writes and fsyncs a temp file, renames it over the target, then fsyncs the directory — in that order', async () => {
    const { fs, calls } = recording();
    const target = join(dir, 'a.json');
    const stamp = await writeFileDurable(fs, target, '{"v":1}');
    expect(await readFile(target, 'utf8')).toBe('{"v":1}');
    expect(stamp.size).toBe(7);
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['writeNewSynced', 'rename', 'syncDir']);
    expect(calls[0]).toMatch(/^writeNewSynced \/\.a\.json\.\d+\.\d+\.tmp/);
    expect(calls[2]).toBe('syncDir ');
  });

  it('a fault mid-write (ENOSPC after half the bytes) leaves the old file intact and no temp file', async () => {
    const target = join(dir, 'a.json');
    await writeFile(target, 'old');
    const failing: AtomicFs = {
      ...nodeAtomicFs,
      async writeNewSynced(path, data) {
        await writeFile(path, data.slice(0, 2)); // a partial write, then the disk is full
        throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      },
    };
    await expect(writeFileDurable(failing, target, 'new content')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('a failed rename leaves the old file intact and removes the temp file', async () => {
    const target = join(dir, 'a.json');
    await writeFile(target, 'old');
    const { fs, calls } = recording({ op: 'rename', code: 'EBUSY' });
    await expect(writeFileDurable(fs, target, 'new')).rejects.toMatchObject({ code: 'EBUSY' });
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['a.json']);
    // off Windows a busy target is not retried: one rename, then the temp file goes
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['writeNewSynced', 'rename', 'unlink']);
  });

  it('on Windows retries a rename refused while a scanner holds the target, then succeeds', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'win32' });
    try {
      const target = join(dir, 'a.json');
      await writeFile(target, 'old');
      let refusals = 2;
      const calls: string[] = [];
      const fs: AtomicFs = {
        ...nodeAtomicFs,
        async rename(from, to) {
          calls.push('rename');
          if (refusals-- > 0) throw Object.assign(new Error('EBUSY'), { code: 'EBUSY' });
          return nodeAtomicFs.rename(from, to);
        },
      };
      await writeFileDurable(fs, target, 'new');
      expect(calls).toEqual(['rename', 'rename', 'rename']);
      expect(await readFile(target, 'utf8')).toBe('new');
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });

  it('reports a failed directory fsync (the save is not durable, so not acknowledged)', async () => {
    const { fs } = recording({ op: 'syncDir', code: 'EIO' });
    await expect(writeFileDurable(fs, join(dir, 'a.json'), 'x')).rejects.toMatchObject({ code: 'EIO' });
  });
});

describe('writeFileAtomic (sync, Result: exports, templates, the user library)', () => {
  it('writes text and bytes, replacing the old content, and leaves no temp file', () => {
    const target = join(dir, 'a.pdf');
    expect(writeFileAtomic(target, 'old')).toEqual({ ok: true, value: null });
    expect(writeFileAtomic(target, new Uint8Array([37, 80, 68, 70]), { syncDir: true })).toEqual({ ok: true, value: null });
    return Promise.all([readFile(target, 'latin1'), readdir(dir)]).then(([text, names]) => {
      expect(text).toBe('%PDF');
      expect(names).toEqual(['a.pdf']);
    });
  });

  it('a missing folder is a WRITE_FAILED failure naming the folder, never a throw', () => {
    const result = writeFileAtomic(join(dir, 'nope', 'a.json'), 'x');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('WRITE_FAILED');
      expect(result.detail).toContain('nope');
    }
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('a read-only folder is PERMISSION_DENIED and the old file stays', async () => {
    const target = join(dir, 'a.json');
    await writeFile(target, 'old');
    await chmod(dir, 0o555);
    const result = writeFileAtomic(target, 'new');
    expect(result.ok ? null : result.code).toBe('PERMISSION_DENIED');
    expect(await readFile(target, 'utf8')).toBe('old');
  });
});
