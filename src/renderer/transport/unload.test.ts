import { describe, expect, it, vi } from 'vitest';
import { askUnsaved, answerUnsaved, clearStash, deliverStashes, KEEPALIVE_LIMIT, keepaliveCarries, readStashes, stashDraft, stashesDelivered, utf8Bytes, type UnsavedAtUnload } from './unload';

/** A Storage with the methods used, optionally refusing writes (a full quota). */
function memoryStorage(full = false) {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (full) throw new DOMException('quota', 'QuotaExceededError');
      data.set(k, v);
    },
    removeItem: (k: string) => void data.delete(k),
  };
}

const entry = (over: Partial<UnsavedAtUnload> = {}): UnsavedAtUnload => ({ draftId: 'd1', bytes: 10, failing: false, flush: () => undefined, stash: () => true, ...over });

describe('asking what is unsaved when the tab goes away', () => {
  it('collects the answers of every editor, synchronously; an editor with nothing unsaved says nothing', () => {
    const target = new EventTarget();
    const stopA = answerUnsaved(target, () => entry({ draftId: 'a' }));
    answerUnsaved(target, () => null);
    expect(askUnsaved(target).map((e) => e.draftId)).toEqual(['a']);
    stopA();
    expect(askUnsaved(target)).toEqual([]);
  });

  it('keepalive carries a small save that is not failing; not a large one, nor one after a failure', () => {
    expect(keepaliveCarries(entry({ bytes: KEEPALIVE_LIMIT - 1 }))).toBe(true);
    expect(keepaliveCarries(entry({ bytes: KEEPALIVE_LIMIT }))).toBe(false);
    expect(keepaliveCarries(entry({ failing: true }))).toBe(false);
  });

  it('counts bytes as they go over the wire: a Chinese character is three', () => {
    expect(utf8Bytes('ab')).toBe(2);
    expect(utf8Bytes('简报')).toBe(6);
  });
});

describe('stashes: a draft kept in the page when its tab closed before it was saved', () => {
  it('keeps a draft and reads it back; a full storage says so instead of throwing', () => {
    const storage = memoryStorage();
    expect(stashDraft(storage, { id: 'd1', title: '标题' } as { id: string }, '2026-12-05T01:00:00.000Z')).toBe(true);
    expect(readStashes(storage)).toEqual([{ draft: { id: 'd1', title: '标题' }, stashedAt: '2026-12-05T01:00:00.000Z' }]);
    expect(stashDraft(memoryStorage(true), { id: 'd1' }, 'now')).toBe(false);
    expect(stashDraft(undefined, { id: 'd1' }, 'now')).toBe(false);
  });

  it('sets aside what cannot be trusted: not JSON, another version, a draft under another id; other keys are not stashes', () => {
    const storage = memoryStorage();
    storage.data.set('briefsmith.unsaved.a', '{not json');
    storage.data.set('briefsmith.unsaved.b', JSON.stringify({ v: 2, stashedAt: 'x', draft: { id: 'b' } }));
    storage.data.set('briefsmith.unsaved.c', JSON.stringify({ v: 1, stashedAt: 'x', draft: { id: 'other' } }));
    storage.data.set('briefsmith.export.formats', '["pdf"]');
    stashDraft(storage, { id: 'ok' }, 't');
    expect(readStashes(storage).map((s) => s.draft.id)).toEqual(['ok']);
  });

  it('delivers each stash as a recovery copy and forgets it only when the server wrote it', async () => {
    const storage = memoryStorage();
    stashDraft(storage, { id: 'good' }, 't1');
    stashDraft(storage, { id: 'refused' }, 't2');
    const writeRecovery = vi.fn(async (request: { draft: { id: string }; reason: 'close' }) =>
      request.draft.id === 'good' ? ({ ok: true, value: { path: '/data/recovery/good.json' } } as const) : ({ ok: false, code: 'DISK_FULL', message: '磁盘已满' } as const),
    );
    await expect(deliverStashes(storage, { writeRecovery })).resolves.toBe(1);
    expect(writeRecovery.mock.calls.map((c) => [c[0].draft.id, c[0].reason])).toEqual([
      ['good', 'close'],
      ['refused', 'close'],
    ]);
    expect(readStashes(storage).map((s) => s.draft.id)).toEqual(['refused']);
    await expect(stashesDelivered()).resolves.toBe(1);
    clearStash(storage, 'refused');
    expect(readStashes(storage)).toEqual([]);
  });
});
