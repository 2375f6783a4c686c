// The model-based concurrency test of the drafts store (issue 12), shared by
// tests/integration/store-model.test.ts (≥ 500 runs) and tests/bench/store.bench.ts (≥ 10,000).
// fast-check generates sequences of commands; each command issues one to five store operations
// on random drafts WITHOUT waiting between them (save, trash, restore, purge, snapshot,
// restore-version, get, create), or closes the store with operations still in flight and opens it
// again with the start-up check on, issuing more operations while that check runs. Every file
// system call first waits a random moment (a seeded mix of nothing, setImmediate and short
// timers), so the operations, the store's background work and the test interleave differently
// in every run. A simple in-memory model applies each operation in call order; after every
// command the store must agree with it: each operation's outcome, the drafts list and the trash,
// every draft's content, no notices (a false “文件丢失” is a divergence) and nothing unsaved.
import fc from 'fast-check';
import { createBriefing } from '../../src/core/briefing';
import { DraftStore } from '../../src/main/store';
import type { Briefing } from '../../src/shared/briefing';
import { MemoryFs } from './memory-fs';

const ROOT = '/model/drafts';

type OpSpec =
  | { readonly kind: 'create' }
  | { readonly kind: 'save'; readonly d: number; readonly text: number }
  | { readonly kind: 'trash' | 'restore' | 'purge' | 'snapshot' | 'get'; readonly d: number }
  | { readonly kind: 'restoreVersion'; readonly d: number; readonly v: number };

interface ModelDraft {
  loc: 'files' | 'trash';
  text: string;
  /** snapshot id → the text it holds (only those the test made or was told about) */
  readonly versions: Map<string, string>;
}

interface Model {
  readonly drafts: Map<string, ModelDraft>;
  /** every id ever created, in order (operations pick from these, purged ones included) */
  readonly ids: string[];
  created: number;
}

interface Real {
  readonly fs: MemoryFs;
  store: DraftStore;
  readonly clock: { ms: number };
  readonly random: () => number;
  newId: () => string;
}

/** What a run of the model test found. */
export interface ModelReport {
  readonly runs: number;
  /** runs in which the store and the model disagreed (fast-check stops at the first and shrinks it) */
  readonly divergences: number;
  readonly commands: number;
  readonly operations: number;
  readonly durationMs: number;
  /** the shrunk counterexample, when there is one */
  readonly failure: string | null;
}

/** A seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const briefingOf = (id: string, text: string): Briefing => {
  const b = createBriefing({ id, template: { id: 'gongzuo-jianbao', version: '1.0.0' }, title: `模型草稿 ${id}`, today: '2025-02-10' });
  return { ...b, blocks: [{ id: 'p1', type: 'paragraph', runs: [{ text }] }] };
};

const textOf = (b: Briefing): string => {
  const block = b.blocks[0];
  return block && block.type === 'paragraph' ? block.runs.map((r) => r.text).join('') : '';
};

const codeOf = (error: unknown): string => (typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : `thrown: ${String(error)}`);

let counters = { commands: 0, operations: 0 };

function openStore(real: Real): Promise<DraftStore> {
  return DraftStore.open({
    root: ROOT,
    fs: real.fs.api,
    now: () => new Date(real.clock.ms),
    newId: real.newId,
    verifyOnOpen: true,
    indexDelayMs: 1 + Math.floor(real.random() * 5),
    retryDelaysMs: [60_000],
    history: { sessionIdleMs: 20 * 60_000, intervalMs: 3 * 60_000, keepAuto: 6 },
    backups: { intervalMs: 5 * 60_000, keep: 3, days: 1 },
  });
}

/**
 * Issues one operation on the store and applies it to the model, both now (call order); returns
 * a promise of the divergence found once the operation settles, or null.
 */
function issue(op: OpSpec, model: Model, real: Real): Promise<string | null> | null {
  counters.operations++;
  const store = real.store;
  if (op.kind === 'create') {
    const id = `m${++model.created}`;
    model.ids.push(id);
    model.drafts.set(id, { loc: 'files', text: `${id}:0`, versions: new Map() });
    return store.create(briefingOf(id, `${id}:0`)).then(
      (b) => (textOf(b) === `${id}:0` ? null : `create ${id}: returned “${textOf(b)}”`),
      (error: unknown) => `create ${id}: failed ${codeOf(error)}`,
    );
  }
  if (model.ids.length === 0) return null;
  const id = model.ids[op.d % model.ids.length]!;
  const m = model.drafts.get(id);
  const where = m?.loc ?? 'gone';
  const outcome = <T>(promise: Promise<T>, expectOk: boolean, onOk: (value: T) => string | null): Promise<string | null> =>
    promise.then(
      (value) => (expectOk ? onOk(value) : `${op.kind} ${id} (${where}): succeeded, model expects DRAFT_NOT_FOUND`),
      (error: unknown) => (expectOk ? `${op.kind} ${id} (${where}): failed ${codeOf(error)}` : codeOf(error) === 'DRAFT_NOT_FOUND' ? null : `${op.kind} ${id}: failed ${codeOf(error)}, model expects DRAFT_NOT_FOUND`),
    );
  const call = <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return fn();
    } catch (error) {
      return Promise.reject(error);
    }
  };
  switch (op.kind) {
    case 'save': {
      const text = `${id}:${op.text}`;
      const ok = where === 'files';
      if (ok) m!.text = text;
      return outcome(call(() => store.save(briefingOf(id, text))), ok, (r) => (r.id === id ? null : `save ${id}: receipt for ${r.id}`));
    }
    case 'get': {
      const ok = where === 'files';
      const expected = m?.text;
      return outcome(call(() => store.get(id)), ok, (b) => (textOf(b) === expected ? null : `get ${id}: “${textOf(b)}”, model has “${expected}”`));
    }
    case 'trash': {
      const ok = where === 'files';
      if (ok) m!.loc = 'trash';
      return outcome(call(() => store.trash(id)), ok, () => null);
    }
    case 'restore': {
      const ok = where === 'trash';
      if (ok) m!.loc = 'files';
      return outcome(call(() => store.restore(id)), ok, (s) => (s.id === id ? null : `restore ${id}: summary of ${s.id}`));
    }
    case 'purge': {
      const ok = where === 'trash';
      if (ok) model.drafts.delete(id);
      return outcome(call(() => store.purge(id)), ok, () => null);
    }
    case 'snapshot': {
      const ok = where === 'files';
      const text = m?.text ?? '';
      return outcome(call(() => store.createVersion(id, '模型版本')), ok, (entry) => {
        m!.versions.set(entry.id, text);
        return null;
      });
    }
    case 'restoreVersion': {
      if (!m || m.versions.size === 0) return null;
      const [snapshotId, versionText] = [...m.versions][op.v % m.versions.size]!;
      const ok = where === 'files';
      const before = m.text;
      if (ok) m.text = versionText;
      return outcome(call(() => store.restoreVersion(id, snapshotId)), ok, (result) => {
        m.versions.set(result.undoSnapshotId, before);
        return textOf(result.draft) === versionText ? null : `restoreVersion ${id}: returned “${textOf(result.draft)}”, snapshot holds “${versionText}”`;
      });
    }
  }
}

async function settle(pending: (Promise<string | null> | null)[]): Promise<string[]> {
  return (await Promise.all(pending)).filter((p): p is string => p !== null);
}

/** Compares the whole store with the model; returns the differences. */
async function compare(model: Model, real: Real, label: string): Promise<string[]> {
  const out: string[] = [];
  const store = real.store;
  const want = (loc: 'files' | 'trash') => [...model.drafts].filter(([, d]) => d.loc === loc).map(([id]) => id).sort();
  const live = store.list().map((d) => d.id).sort();
  const trash = store.listTrash().map((d) => d.id).sort();
  if (live.join() !== want('files').join()) out.push(`${label}: list [${live.join()}], model [${want('files').join()}]`);
  if (trash.join() !== want('trash').join()) out.push(`${label}: trash [${trash.join()}], model [${want('trash').join()}]`);
  for (const [id, d] of model.drafts) {
    if (d.loc !== 'files') continue;
    try {
      const text = textOf(await store.get(id));
      if (text !== d.text) out.push(`${label}: ${id} holds “${text}”, model “${d.text}”`);
    } catch (error) {
      out.push(`${label}: get ${id} failed ${codeOf(error)}`);
    }
  }
  const status = store.status();
  for (const n of status.notices) out.push(`${label}: notice ${n.kind}: ${n.message}`);
  for (const u of status.unsaved) out.push(`${label}: unsaved ${u.id} (${u.code})`);
  return out;
}

// On disk, after close: each draft's file in its folder, holding the model's text.
function compareDisk(model: Model, real: Real): string[] {
  const out: string[] = [];
  for (const loc of ['files', 'trash'] as const) {
    const onDisk = real.fs.filesIn(`${ROOT}/${loc}`).filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -5)).sort();
    const want = [...model.drafts].filter(([, d]) => d.loc === loc).map(([id]) => id).sort();
    if (onDisk.join() !== want.join()) out.push(`disk ${loc}/: [${onDisk.join()}], model [${want.join()}]`);
  }
  for (const [id, d] of model.drafts) {
    const text = real.fs.read(`${ROOT}/${d.loc}/${id}.json`);
    const saved = text ? textOf((JSON.parse(text) as { briefing: Briefing }).briefing) : null;
    if (saved !== d.text) out.push(`disk ${d.loc}/${id}.json holds “${saved}”, model “${d.text}”`);
  }
  return out;
}

const fail = (problems: string[]) => {
  if (problems.length > 0) throw new Error(problems.join('\n'));
};

class BurstCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly ops: readonly OpSpec[],
    readonly advanceMs: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    counters.commands++;
    real.clock.ms += this.advanceMs;
    const pending = this.ops.map((op) => issue(op, model, real));
    fail([...(await settle(pending)), ...(await compare(model, real, 'after burst'))]);
  }
  toString = () => `burst(${this.ops.map(opText).join(', ')})`;
}

class ReopenCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly during: readonly OpSpec[],
    readonly after: readonly OpSpec[],
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    counters.commands++;
    // operations in flight when the store is closed are finished by close
    const pending = this.during.map((op) => issue(op, model, real));
    const report = await real.store.close();
    const problems = [...(await settle(pending))];
    for (const u of report.unsaved) problems.push(`close: unsaved ${u.id}`);
    problems.push(...compareDisk(model, real));
    real.store = await openStore(real);
    // operations while the start-up check runs
    problems.push(...(await settle(this.after.map((op) => issue(op, model, real)))));
    await real.store.verified;
    problems.push(...(await compare(model, real, 'after reopen')));
    fail(problems);
  }
  toString = () => `reopen(during: ${this.during.map(opText).join(', ')}; after: ${this.after.map(opText).join(', ')})`;
}

function opText(op: OpSpec): string {
  switch (op.kind) {
    case 'create':
      return 'create';
    case 'save':
      return `save(${op.d}, ${op.text})`;
    case 'restoreVersion':
      return `restoreVersion(${op.d}, ${op.v})`;
    default:
      return `${op.kind}(${op.d})`;
  }
}

const d = fc.nat(7);
const opArb: fc.Arbitrary<OpSpec> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'create' } as const) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('save' as const), d, text: fc.nat(999) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('trash' as const), d }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restore' as const), d }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const), d }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('snapshot' as const), d }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restoreVersion' as const), d, v: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('get' as const), d }) },
);

const commandArbs = [
  fc.tuple(fc.array(opArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 6 * 60_000 })).map(([ops, ms]) => new BurstCommand(ops, ms)),
  fc.tuple(fc.array(opArb, { maxLength: 3 }), fc.array(opArb, { minLength: 1, maxLength: 4 })).map(([during, after]) => new ReopenCommand(during, after)),
];

/** Runs the model test `runs` times (fast-check seed `seed`); never throws on a divergence. */
export async function runStoreModel(options: { runs: number; seed?: number; maxCommands?: number }): Promise<ModelReport> {
  counters = { commands: 0, operations: 0 };
  const started = performance.now();
  const property = fc.asyncProperty(fc.commands(commandArbs, { maxCommands: options.maxCommands ?? 10 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (commands, seed) => {
    const random = prng(seed);
    // the delay before every file-system call: mostly none or one turn of the event loop,
    // sometimes a short timer (which lets other operations run several steps meanwhile)
    const fs = new MemoryFs(() => {
      const r = random();
      if (r < 0.45) return;
      if (r < 0.97) return new Promise<void>((resolve) => setImmediate(resolve));
      return new Promise<void>((resolve) => setTimeout(resolve, Math.floor(random() * 3)));
    });
    let n = 0;
    const real: Real = { fs, clock: { ms: Date.parse('2025-02-10T02:00:00.000Z') }, random, newId: () => `s${++n}`, store: null as unknown as DraftStore };
    real.store = await openStore(real);
    const model: Model = { drafts: new Map(), ids: [], created: 0 };
    try {
      // two drafts to start with
      fail(await settle([issue({ kind: 'create' }, model, real), issue({ kind: 'create' }, model, real)]));
      await fc.asyncModelRun(() => ({ model, real }), commands);
    } finally {
      await real.store.close().catch(() => undefined);
    }
  });
  const details = await fc.check(property, { numRuns: options.runs, ...(options.seed !== undefined ? { seed: options.seed } : {}), endOnFailure: false });
  return {
    runs: details.numRuns,
    divergences: details.failed ? 1 : 0,
    commands: counters.commands,
    operations: counters.operations,
    durationMs: performance.now() - started,
    failure: details.failed ? `${fc.defaultReportMessage(details) ?? 'failed'}\n${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}` : null,
  };
}
