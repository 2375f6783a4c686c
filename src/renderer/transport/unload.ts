// Closing a browser tab with edits not yet on disk (issue 16): the browser mode's part of "nothing
// typed is ever lost". The web transport asks the page, synchronously, what is unsaved when the tab
// is going away (`askUnsaved`); the open editor answers (`answerUnsaved`). A save the browser can
// carry after the page is gone (a keepalive request: Chromium allows 64 KiB of them in flight)
// needs nothing more; one it cannot — a large draft, or saves that are failing — holds the page
// with the browser's own "leave this site?" question while it saves, and if the user leaves
// anyway, the draft is kept in the page's storage (`stashDraft`) and delivered as a recovery copy
// (恢复副本, offered with 恢复 / 丢弃) the next time the app is opened (`deliverStashes`).

/** The page's ask: who has something unsaved (dispatched on the window, answered synchronously). */
export const UNLOAD_QUERY_EVENT = 'briefsmith:unload-query';

/** Chromium lets a page keep 64 KiB of keepalive request bodies in flight; stay under it. */
export const KEEPALIVE_LIMIT = 60_000;

/** One draft with something unsaved when the tab goes away. */
export interface UnsavedAtUnload {
  readonly draftId: string;
  /** Bytes of the save request that would carry it (UTF-8 JSON). */
  readonly bytes: number;
  /** The last save failed (disk full, read-only …): the pending one may fail too. */
  readonly failing: boolean;
  /** Starts saving now. */
  flush(): void;
  /** Keeps the draft in the page's storage (closed at `stashedAt`); false when the storage refused it. */
  stash(stashedAt: string): boolean;
}

interface UnloadQuery {
  readonly entries: UnsavedAtUnload[];
}

/** Everything unsaved in the page, as its editors answer now. */
export function askUnsaved(target: EventTarget): UnsavedAtUnload[] {
  const detail: UnloadQuery = { entries: [] };
  target.dispatchEvent(new CustomEvent<UnloadQuery>(UNLOAD_QUERY_EVENT, { detail }));
  return detail.entries;
}

/** Answers the ask with `entry()` (null when nothing is unsaved); returns the unsubscribe. */
export function answerUnsaved(target: EventTarget, entry: () => UnsavedAtUnload | null): () => void {
  const listener = (event: Event) => {
    const found = entry();
    if (found) (event as CustomEvent<UnloadQuery>).detail?.entries.push(found);
  };
  target.addEventListener(UNLOAD_QUERY_EVENT, listener);
  return () => target.removeEventListener(UNLOAD_QUERY_EVENT, listener);
}

/** A save request's size as it goes over the wire (the keepalive limit counts bytes, not characters). */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** True when a keepalive request can carry this unsaved draft after the page is gone. */
export function keepaliveCarries(entry: Pick<UnsavedAtUnload, 'bytes' | 'failing'>): boolean {
  return !entry.failing && entry.bytes < KEEPALIVE_LIMIT;
}

const STASH_PREFIX = 'briefsmith.unsaved.';
const STASH_VERSION = 1;

/** A draft kept in the page's storage when its tab was closed before it reached the disk. */
export interface StashedDraft {
  readonly draft: { readonly id: string } & Record<string, unknown>;
  /** ISO time the tab was closed. */
  readonly stashedAt: string;
}

/** Keeps `draft` under its id; false when the storage is missing or refuses (quota). */
export function stashDraft(storage: Pick<Storage, 'setItem'> | undefined, draft: { readonly id: string }, stashedAt: string): boolean {
  if (!storage) return false;
  try {
    storage.setItem(STASH_PREFIX + draft.id, JSON.stringify({ v: STASH_VERSION, stashedAt, draft }));
    return true;
  } catch {
    return false;
  }
}

/**
 * The stashed drafts, validated: a stash that does not parse, is of another version, or whose
 * draft is not the one its key names is set aside (left in the storage, never delivered).
 */
export function readStashes(storage: Pick<Storage, 'length' | 'key' | 'getItem'> | undefined): StashedDraft[] {
  if (!storage) return [];
  const out: StashedDraft[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(STASH_PREFIX)) continue;
      const id = key.slice(STASH_PREFIX.length);
      let parsed: unknown;
      try {
        parsed = JSON.parse(storage.getItem(key) ?? 'null');
      } catch {
        continue;
      }
      const value = parsed as { v?: unknown; stashedAt?: unknown; draft?: unknown } | null;
      const draft = value?.draft as { id?: unknown } | undefined;
      if (!value || value.v !== STASH_VERSION || typeof value.stashedAt !== 'string' || !draft || typeof draft !== 'object' || draft.id !== id) continue;
      out.push({ draft: draft as StashedDraft['draft'], stashedAt: value.stashedAt });
    }
  } catch {
    return out;
  }
  return out;
}

/** Forgets a stash once the server has it. */
export function clearStash(storage: Pick<Storage, 'removeItem'> | undefined, draftId: string): void {
  try {
    storage?.removeItem(STASH_PREFIX + draftId);
  } catch {
    // nothing to do: the stash is delivered again next time (a second recovery copy of the same text)
  }
}

/** What delivering needs of the API: writing a recovery copy. */
export interface StashClient {
  writeRecovery(request: { draft: { id: string }; reason: 'close' }): Promise<{ ok: true; value: { path: string | null } } | { ok: false; code: string; message: string }>;
}

let delivered: Promise<number> = Promise.resolve(0);

/**
 * Hands every stash to the server as a recovery copy (never over the draft on disk: another tab or
 * the desktop app may have saved since), clearing each one the server wrote. Resolves with how
 * many were delivered; `stashesDelivered` waits for it (the recovery notice lists copies after).
 */
export function deliverStashes(storage: (Pick<Storage, 'length' | 'key' | 'getItem' | 'removeItem'>) | undefined, client: StashClient): Promise<number> {
  delivered = (async () => {
    let count = 0;
    for (const stash of readStashes(storage)) {
      const written = await client.writeRecovery({ draft: stash.draft, reason: 'close' });
      if (!written.ok) continue;
      clearStash(storage, stash.draft.id);
      count++;
    }
    return count;
  })();
  return delivered;
}

/** Resolves when the stashes of this page load have been delivered (at once outside the browser mode). */
export function stashesDelivered(): Promise<number> {
  return delivered;
}
