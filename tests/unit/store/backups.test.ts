import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeClock } from './helpers';
import { DAY, MINUTE, editParagraph, nextId, openStore, sampleBriefing, storeSandbox } from './helpers';

let root: string;
let clock: FakeClock;
const track = storeSandbox((r, c) => ((root = r), (clock = c)));

const backupDirs = async () => (await readdir(join(root, 'backups'))).filter((n) => !n.startsWith('.')).sort();

describe('rolling backups', () => {
  it('backs up the whole store at the first edit, then at most every 10 minutes while editing', async () => {
    const store = track(await openStore(root, clock));
    const id = nextId();
    const b = await store.create(sampleBriefing(id, '备份测试'));
    await store.flush();
    expect(await backupDirs()).toHaveLength(1);
    for (let i = 1; i <= 9; i++) {
      clock.advance(MINUTE);
      await store.save(editParagraph(b, 1, `第 ${i} 次`));
    }
    await store.flush();
    expect(await backupDirs()).toHaveLength(1);
    clock.advance(MINUTE);
    await store.save(editParagraph(b, 1, '第 10 分钟'));
    await store.flush();
    const dirs = await backupDirs();
    expect(dirs).toEqual(['2025-02-10T02-00-00-000Z', '2025-02-10T02-10-00-000Z']);
    // a backup holds the index, every draft and a manifest written last
    const newest = join(root, 'backups', dirs[1]!);
    expect((await readdir(newest)).sort()).toEqual(['backup.json', 'files', 'index.json', 'trash']);
    const copy = JSON.parse(await readFile(join(newest, 'files', `${id}.json`), 'utf8'));
    expect(copy.briefing.blocks[1].runs[0].text).toBe('第 10 分钟');
    const manifest = JSON.parse(await readFile(join(newest, 'backup.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'backup', createdAt: '2025-02-10T02:10:00.000Z', files: [{ path: `files/${id}.json` }] });
  });

  it('does not back up when nothing changed, however much time passes', async () => {
    const store = track(await openStore(root, clock));
    await store.create(sampleBriefing(nextId()));
    await store.flush();
    clock.advance(DAY);
    await store.flush();
    expect(await backupDirs()).toHaveLength(1);
  });

  it('keeps the 20 newest plus one per day for 7 days', async () => {
    const store = track(await openStore(root, clock));
    const id = nextId();
    const b = await store.create(sampleBriefing(id));
    await store.flush();
    // 3 days with 30 edits each, 10 minutes apart, then 6 more days with one edit each
    for (let day = 0; day < 3; day++) {
      for (let i = 0; i < 30; i++) {
        clock.advance(10 * MINUTE);
        await store.save(editParagraph(b, 1, `d${day} e${i}`));
        await store.flush();
      }
      clock.advance(DAY - 300 * MINUTE);
    }
    for (let day = 0; day < 6; day++) {
      clock.advance(DAY);
      await store.save(editParagraph(b, 1, `later ${day}`));
      await store.flush();
    }
    const dirs = await backupDirs();
    const days = new Set(dirs.map((d) => d.slice(0, 10)));
    // 20 newest cover the last 6 single-edit days and the last 14 of day 3; days older than 7 days are gone
    expect(dirs.length).toBeGreaterThanOrEqual(20);
    expect(dirs.length).toBeLessThanOrEqual(27);
    const newestTime = Date.parse(dirs.at(-1)!.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z.*/, 'T$1:$2:$3.$4Z'));
    for (const d of dirs.slice(0, -20)) {
      const t = Date.parse(d.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z.*/, 'T$1:$2:$3.$4Z'));
      expect(newestTime - t).toBeLessThan(7 * DAY);
    }
    expect(days.size).toBeGreaterThanOrEqual(6);
  });

  it('shares unchanged files with the previous backup by hard link, and copies changed ones', async () => {
    const store = track(await openStore(root, clock));
    const same = nextId();
    const changing = nextId();
    await store.create(sampleBriefing(same, '不变的'));
    const c = await store.create(sampleBriefing(changing, '会变的'));
    await store.flush();
    clock.advance(10 * MINUTE);
    await store.save(editParagraph(c, 1, '改了'));
    await store.flush();
    clock.advance(10 * MINUTE);
    await store.save(editParagraph(c, 1, '又改了'));
    await store.flush();
    const [first, second] = (await backupDirs()).slice(-2);
    const s1 = await stat(join(root, 'backups', first!, 'files', `${same}.json`));
    const s2 = await stat(join(root, 'backups', second!, 'files', `${same}.json`));
    expect(s2.ino).toBe(s1.ino);
    const c1 = await stat(join(root, 'backups', first!, 'files', `${changing}.json`));
    const c2 = await stat(join(root, 'backups', second!, 'files', `${changing}.json`));
    expect(c2.ino).not.toBe(c1.ino);
    // a backup copy is never the live file itself
    const live = await stat(join(root, 'files', `${same}.json`));
    expect(s1.ino).not.toBe(live.ino);
  });

  it('removes an unfinished backup left by a crash when the store opens', async () => {
    await mkdir(join(root, 'backups', '.partial-2025-02-10T01-00-00-000Z', 'files'), { recursive: true });
    track(await openStore(root, clock));
    expect(await readdir(join(root, 'backups'))).toEqual([]);
  });
});
