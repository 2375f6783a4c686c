// Shared set-up for the store tests: temp stores, a pinned clock, fixed ids, a file system with
// injectable failures, and briefings of a given size.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createBriefing } from '../../../src/core/briefing';
import type { Briefing } from '../../../src/shared/briefing';
import { DraftStore, nodeStoreFs, type DraftStoreOptions, type StoreFs } from '../../../src/main/store';

export const fixturesDir = join(import.meta.dirname, '../../fixtures/drafts');

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public ms = Date.parse('2025-02-10T02:00:00.000Z')) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const MINUTE = 60_000;
export const DAY = 24 * 3600_000;

/** A fresh temp directory, removed by `cleanup()`. */
export async function tempDir(prefix = 'bs-store-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Copies a fixture store folder (`v1`, `v2` …) into `root`. */
export async function copyFixtureStore(version: string, root: string): Promise<void> {
  await cp(join(fixturesDir, version), root, { recursive: true });
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** An errno-style error like the ones node:fs throws. */
export function fsError(code: string, path = ''): NodeJS.ErrnoException {
  const error = new Error(`${code}: simulated failure, '${path}'`) as NodeJS.ErrnoException;
  error.code = code;
  return error;
}

type Op = keyof StoreFs;

/**
 * A file system whose operations fail on demand: `faults.set('writeNewSynced', (path) => …)`
 * returns an error to throw (or undefined to let the call through).
 */
export function faultyFs(base: StoreFs = nodeStoreFs) {
  const faults = new Map<Op, (path: string) => Error | undefined>();
  const calls: { op: Op; path: string }[] = [];
  const fs = {} as StoreFs;
  for (const op of Object.keys(base) as Op[]) {
    (fs as unknown as Record<string, unknown>)[op] = async (...args: unknown[]) => {
      const path = String(args[0]);
      calls.push({ op, path });
      const error = faults.get(op)?.(path);
      if (error) throw error;
      return (base[op] as (...a: unknown[]) => unknown)(...args);
    };
  }
  return { fs, faults, calls };
}

/** Every writing operation fails with `code` (a read-only or full disk). */
export function failWrites(faults: Map<Op, (path: string) => Error | undefined>, code: string, when: (path: string) => boolean = () => true): void {
  for (const op of ['writeNewSynced', 'rename', 'link', 'copyFile', 'unlink', 'mkdirp', 'removeTree'] as const) {
    faults.set(op, (path) => (when(path) ? fsError(code, path) : undefined));
  }
}

let idCounter = 0;
/** Ids `t1`, `t2` … unique within the test process. */
export const nextId = (): string => `t${++idCounter}`;

/** Opens a store in `root` with a pinned clock and quiet defaults for tests. */
export function openStore(root: string, clock: FakeClock, extra: Partial<DraftStoreOptions> = {}): Promise<DraftStore> {
  return DraftStore.open({
    root,
    now: clock.now,
    newId: nextId,
    verifyOnOpen: false,
    indexDelayMs: 5,
    retryDelaysMs: [60_000],
    ...extra,
  });
}

/** A briefing with `paragraphs` paragraphs of about `chars` characters each. */
export function sampleBriefing(id: string, title = '测试简报', paragraphs = 3, chars = 40): Briefing {
  const b = createBriefing({ id, template: { id: 'gongzuo-jianbao', version: '1.0.0' }, title, today: '2025-02-10' });
  const text = '我市深入推进营商环境改革，重点项目建设提速增效。'.repeat(Math.ceil(chars / 24)).slice(0, chars);
  return {
    ...b,
    blocks: [
      { id: 'h1', type: 'heading', level: 1, text: '一、总体情况' },
      ...Array.from({ length: paragraphs }, (_, i) => ({ id: `p${i + 1}`, type: 'paragraph' as const, runs: [{ text: `${i + 1}. ${text}` }] })),
    ],
  };
}

/** The same briefing with paragraph `n` rewritten. */
export function editParagraph(b: Briefing, n: number, text: string): Briefing {
  return {
    ...b,
    blocks: b.blocks.map((block) => (block.id === `p${n}` && block.type === 'paragraph' ? { ...block, runs: [{ text }] } : block)),
  };
}

/**
 * The per-test sandbox of the store tests: a fresh folder and clock before each test (handed to
 * `set`), and after it every tracked store closed and the folder removed (`beforeRemove` first).
 * Returns `track`, which registers a store for closing and returns it.
 */
export function storeSandbox(set: (root: string, clock: FakeClock) => void, beforeRemove?: (root: string) => Promise<unknown>): (store: DraftStore) => DraftStore {
  const stores: DraftStore[] = [];
  let root = '';
  beforeEach(async () => {
    root = await tempDir();
    set(root, new FakeClock());
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await beforeRemove?.(root);
    await removeDir(root);
  });
  return (store) => (stores.push(store), store);
}
