import { describe, expect, it } from 'vitest';
import { backupTime, selectBackupsToKeep } from './backups';

const H = 3600_000;
const at = (iso: string) => Date.parse(iso);
const named = (t: number) => ({ name: new Date(t).toISOString(), time: t });

describe('selectBackupsToKeep', () => {
  it('keeps only the 20 newest of a busy day', () => {
    const start = at('2025-02-10T01:00:00.000Z');
    const list = Array.from({ length: 30 }, (_, i) => named(start + i * 10 * 60_000));
    const keep = selectBackupsToKeep(list, start + 30 * 10 * 60_000, 20, 7);
    expect([...keep].sort()).toEqual(list.slice(10).map((b) => b.name).sort());
  });

  it('also keeps the newest backup of each of the last 7 days (Beijing calendar), and nothing older', () => {
    const now = at('2025-02-20T04:00:00.000Z'); // 12:00 in Beijing
    const daily = Array.from({ length: 10 }, (_, d) => [named(now - (d + 1) * 24 * H), named(now - (d + 1) * 24 * H - 2 * H)]).flat();
    const recent = Array.from({ length: 20 }, (_, i) => named(now - i * 60_000));
    const keep = selectBackupsToKeep([...daily, ...recent], now, 20, 7);
    const expectedDaily = Array.from({ length: 6 }, (_, d) => named(now - (d + 1) * 24 * H).name);
    expect([...keep].sort()).toEqual([...recent.map((b) => b.name), ...expectedDaily].sort());
  });

  it('reads the time back from a backup folder name', () => {
    expect(backupTime('2025-02-10T02-10-00-000Z')).toBe(at('2025-02-10T02:10:00.000Z'));
    expect(backupTime('2025-02-10T02-10-00-000Z-2')).toBe(at('2025-02-10T02:10:00.000Z'));
    expect(backupTime('.partial-2025-02-10T02-10-00-000Z')).toBeNull();
    expect(backupTime('notes')).toBeNull();
  });
});
