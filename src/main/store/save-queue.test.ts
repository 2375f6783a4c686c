// The save queue on its own: order per draft, coalescing, failures kept pending and retried.
import { describe, expect, it } from 'vitest';
import { sampleBriefing } from '../../../tests/unit/store/helpers';
import { nodeStoreFs } from './fs-layer';
import { StoreFileDb } from './db';
import { entryFromFile, newRecord, type DraftRecord, type PendingSave } from './draft-record';
import { STORE_FORMAT_VERSION, type DraftFile } from './format';
import { SaveQueue } from './save-queue';

function record(id = 'q1'): DraftRecord {
  const file: DraftFile = {
    schemaVersion: STORE_FORMAT_VERSION,
    kind: 'draft',
    revision: 1,
    createdAt: '2025-02-10T02:00:00.000Z',
    updatedAt: '2025-02-10T02:00:00.000Z',
    origin: { kind: 'created' },
    briefing: sampleBriefing(id),
  };
  // never written by these tests: the queue's `write` is injected
  return newRecord(entryFromFile(file, null, null), () => new StoreFileDb<DraftFile>('/nonexistent/q.json', nodeStoreFs, () => file));
}

function queue(write: (rec: DraftRecord, job: PendingSave) => Promise<void>, retryDelaysMs = [60_000]) {
  return new SaveQueue({
    now: () => new Date('2025-02-10T02:00:00.000Z'),
    log: () => undefined,
    retryDelaysMs,
    isClosed: () => false,
    isCurrent: () => true,
    write,
  });
}

const titled = (rec: DraftRecord, title: string) => ({ ...sampleBriefing(rec.entry.id), title });

describe('SaveQueue', () => {
  it('writes one save at a time and coalesces the saves that arrive meanwhile into the newest', async () => {
    const written: string[] = [];
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writing = new Promise<void>((resolve) => (started = resolve));
    const q = queue(async (_rec, job) => {
      if (written.length === 0) {
        started();
        await gate;
      }
      written.push(`${job.revision}:${job.briefing.title}`);
    });
    const rec = record();
    const first = q.enqueue(rec, titled(rec, 'A'), true);
    await writing;
    // A is being written: B and C wait, and only C (the newest) is written after it
    const second = q.enqueue(rec, titled(rec, 'B'), true);
    const third = q.enqueue(rec, titled(rec, 'C'), true);
    release();
    const receipts = await Promise.all([first, second, third]);
    expect(written).toEqual(['2:A', '4:C']);
    expect(receipts.map((r) => r.revision)).toEqual([2, 4, 4]);
    expect(rec.pending).toBeNull();
  });

  it('a failed write rejects with the mapped code, keeps the content pending, and retry writes it', async () => {
    let fail = true;
    const written: string[] = [];
    const q = queue(async (_rec, job) => {
      if (fail) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      written.push(job.briefing.title);
    });
    const rec = record();
    await expect(q.enqueue(rec, titled(rec, '未存'), true)).rejects.toMatchObject({ code: 'DISK_FULL' });
    expect(rec.pending?.briefing.title).toBe('未存');
    expect(rec.failure?.code).toBe('DISK_FULL');
    expect(rec.retryTimer).not.toBeNull();
    fail = false;
    const receipt = await q.retry(rec);
    expect(receipt.revision).toBe(2);
    expect(written).toEqual(['未存']);
    expect(rec.failure).toBeNull();
    expect(rec.retryTimer).toBeNull();
  });

  it('serial runs operations of one draft in call order, and settle refuses while edits are unsaved', async () => {
    const order: number[] = [];
    const q = queue(async () => {
      throw Object.assign(new Error('EROFS'), { code: 'EROFS' });
    });
    const rec = record();
    await Promise.all([
      q.serial(rec, async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(1);
      }),
      q.serial(rec, async () => {
        order.push(2);
      }),
    ]);
    expect(order).toEqual([1, 2]);
    await expect(q.enqueue(rec, titled(rec, 'x'), true)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(q.serial(rec, () => q.settle(rec))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    q.clearRetry(rec);
  });
});
