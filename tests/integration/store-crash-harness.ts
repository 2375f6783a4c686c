// The fault-injection loop shared by tests/integration/store-crash.test.ts (200 kills) and the
// store benchmark (500 kills): a child process edits and saves in a loop and is killed with
// SIGKILL at a random moment; after every kill the store folder is checked file by file, then
// opened, and must hold every acknowledged save. The child is plain JS importing a bundle of
// src/main/store built once with esbuild, so each start costs a bare Node start.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DraftStore, decodeStoreFile, type FileOf, type StoreFileKind } from '../../src/main/store';
import { contentFor, seqOf } from './store-crash-content.mjs';

const here = import.meta.dirname;
const repo = join(here, '../..');

/** What a crash loop found. */
export interface CrashReport {
  readonly kills: number;
  /** kills that hit the child before it had opened the store */
  readonly killsBeforeReady: number;
  /** saves acknowledged to the child over all runs */
  readonly acknowledged: number;
  /** files that did not parse or validate, plus recovery notices at open */
  readonly corrupt: number;
  /** acknowledged saves (or created drafts) not found after a kill */
  readonly lost: number;
  readonly durationMs: number;
  /** mean time from spawn to the child's store being open */
  readonly meanStartMs: number;
  /** mean time of the check after each kill */
  readonly meanCheckMs: number;
  /** the first problems, described */
  readonly problems: readonly string[];
}

/** Options of the loop. */
export interface CrashOptions {
  readonly kills: number;
  /** seed of the kill timing and of the children's choices */
  readonly seed?: number;
  /** store folders crashed side by side (default 2) */
  readonly lanes?: number;
}

/** Bundles src/main/store into one ESM file (zod and lowdb included); returns its path. */
export async function buildStoreBundle(outDir: string): Promise<string> {
  const outfile = join(outDir, 'store.bundle.mjs');
  await build({
    entryPoints: [join(repo, 'src/main/store/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // ESM builds first: jsonc-parser's UMD build (its `main`) requires modules dynamically,
    // which an ESM bundle cannot do
    mainFields: ['module', 'main'],
    outfile,
    minify: true,
    logLevel: 'silent',
  });
  return outfile;
}

interface Tracked {
  created: boolean;
  lastAck: number;
  lastAckRevision: number;
  maxSubmitted: number;
}

/**
 * Runs `kills` crash iterations, split over `lanes` independent store folders run side by side
 * (each lane one child at a time); returns the summed counts.
 */
export async function runCrashLoop(options: CrashOptions): Promise<CrashReport> {
  const started = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'bs-crash-'));
  try {
    const bundle = await buildStoreBundle(work);
    const lanes = Math.max(1, options.lanes ?? 2);
    const results = await Promise.all(
      Array.from({ length: lanes }, (_, lane) => {
        const kills = Math.floor(options.kills / lanes) + (lane < options.kills % lanes ? 1 : 0);
        return runLane(join(work, `store-${lane}`), bundle, kills, (options.seed ?? 20250210) + lane * 7919);
      }),
    );
    const sum = (f: (r: LaneResult) => number) => results.reduce((n, r) => n + f(r), 0);
    const starts = sum((r) => r.startCount);
    return {
      kills: sum((r) => r.kills),
      killsBeforeReady: sum((r) => r.killsBeforeReady),
      acknowledged: sum((r) => r.acknowledged),
      corrupt: sum((r) => r.corrupt),
      lost: sum((r) => r.lost),
      durationMs: performance.now() - started,
      meanStartMs: starts ? sum((r) => r.startTotal) / starts : 0,
      meanCheckMs: sum((r) => r.checkTotal) / Math.max(1, sum((r) => r.kills)),
      problems: results.flatMap((r) => r.problems).slice(0, 20),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface LaneResult {
  kills: number;
  killsBeforeReady: number;
  acknowledged: number;
  corrupt: number;
  lost: number;
  startTotal: number;
  startCount: number;
  checkTotal: number;
  problems: string[];
}

async function runLane(root: string, bundle: string, kills: number, initialSeed: number): Promise<LaneResult> {
  let seed = initialSeed;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 4294967296;
  };
  const tracked = new Map<string, Tracked>();
  const track = (id: string) => {
    let t = tracked.get(id);
    if (!t) tracked.set(id, (t = { created: false, lastAck: -1, lastAckRevision: 0, maxSubmitted: 0 }));
    return t;
  };
  const r: LaneResult = { kills, killsBeforeReady: 0, acknowledged: 0, corrupt: 0, lost: 0, startTotal: 0, startCount: 0, checkTotal: 0, problems: [] };

  for (let kill = 0; kill < kills; kill++) {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [join(here, 'store-crash-child.mjs'), bundle, root, String(Math.floor(random() * 2 ** 31))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let ready = false;
    let acksThisRun = 0;
    let ackWaiter: { count: number; resolve: () => void } | null = null;
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const onReady = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const [event, id, seq, revision] = buffered.slice(0, nl).split(' ');
          buffered = buffered.slice(nl + 1);
          if (event === 'ready') {
            ready = true;
            r.startTotal += performance.now() - spawnedAt;
            r.startCount++;
            resolve();
          } else if (event === 'created' && id) {
            const t = track(id);
            t.created = true;
            t.lastAck = Math.max(t.lastAck, 0);
          } else if (event === 'submit' && id) {
            track(id).maxSubmitted = Math.max(track(id).maxSubmitted, Number(seq));
          } else if (event === 'ack' && id) {
            const t = track(id);
            t.lastAck = Math.max(t.lastAck, Number(seq));
            t.lastAckRevision = Math.max(t.lastAckRevision, Number(revision));
            r.acknowledged++;
            acksThisRun++;
            if (ackWaiter && acksThisRun >= ackWaiter.count) ackWaiter.resolve();
          }
        }
      });
      void exited.then(() => resolve());
    });
    // One kill in five falls anywhere in the first 150 ms (often while the store opens); the rest
    // land in the editing loop: after the child's 1st–4th acknowledged save of this run, plus
    // 0–15 ms (so that the timing follows the child's pace on a slow or busy machine).
    if (random() < 0.2) {
      await sleep(random() * 150);
    } else {
      await onReady;
      const count = 1 + Math.floor(random() * 4);
      await Promise.race([
        new Promise<void>((resolve) => {
          ackWaiter = { count, resolve };
          if (acksThisRun >= count) resolve();
        }),
        exited,
      ]);
      await sleep(random() * 15);
    }
    if (!ready) r.killsBeforeReady++;
    child.kill('SIGKILL');
    await exited;
    // 'exit' can fire before the last stdout chunks are read: drain them
    await new Promise<void>((resolve) => (child.stdout.readableEnded ? resolve() : child.stdout.once('end', () => resolve())));
    if (child.exitCode !== null && child.exitCode !== 0) {
      r.problems.push(`kill ${kill}: child exited with ${child.exitCode} before the kill: ${stderr.slice(0, 500)}`);
      r.corrupt++;
    }

    const checkStarted = performance.now();
    const found = await checkStore(root, tracked);
    r.checkTotal += performance.now() - checkStarted;
    r.corrupt += found.corrupt;
    r.lost += found.lost;
    for (const p of found.problems) if (r.problems.length < 20) r.problems.push(`kill ${kill}: ${p}`);
  }
  return r;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function listJson(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return [];
  }
}

/** Checks every file of the store, then opens it and compares with what was acknowledged. */
async function checkStore(root: string, tracked: Map<string, Tracked>): Promise<{ corrupt: number; lost: number; problems: string[] }> {
  const problems: string[] = [];
  let corrupt = 0;
  let lost = 0;
  const check = async <K extends StoreFileKind>(kind: K, path: string): Promise<FileOf<K> | null> => {
    try {
      return decodeStoreFile(kind, await readFile(path, 'utf8'));
    } catch (error) {
      corrupt++;
      problems.push(`corrupt ${kind} ${path.slice(root.length)}: ${String((error as Error).message).slice(0, 120)}`);
      return null;
    }
  };

  // 1. every file, as it is on disk after the kill
  if ((await listJson(root)).includes('index.json')) await check('index', join(root, 'index.json'));
  const onDisk = new Map<string, { location: string; briefing: ReturnType<typeof contentFor>; revision: number }>();
  for (const location of ['files', 'trash']) {
    for (const name of await listJson(join(root, location))) {
      const file = await check('draft', join(root, location, name));
      if (!file) continue;
      if (onDisk.has(file.briefing.id)) {
        corrupt++;
        problems.push(`draft ${file.briefing.id} is in both files/ and trash/`);
      }
      onDisk.set(file.briefing.id, { location, briefing: file.briefing, revision: file.revision });
    }
  }
  let historyDirs: string[] = [];
  try {
    historyDirs = (await readdir(join(root, 'history'))).filter((n) => !n.startsWith('.'));
  } catch {
    // none yet
  }
  for (const draft of historyDirs) {
    for (const name of await listJson(join(root, 'history', draft))) {
      await check(name === 'manifest.json' ? 'history' : 'snapshot', join(root, 'history', draft, name));
    }
  }
  let backups: string[] = [];
  try {
    backups = (await readdir(join(root, 'backups'))).filter((n) => !n.startsWith('.'));
  } catch {
    // none yet
  }
  for (const backup of backups) {
    const dir = join(root, 'backups', backup);
    await check('backup', join(dir, 'backup.json'));
    await check('index', join(dir, 'index.json'));
    for (const sub of ['files', 'trash']) for (const name of await listJson(join(dir, sub))) await check('draft', join(dir, sub, name));
  }

  // 2. every acknowledged save is there, exactly as saved
  for (const [id, t] of tracked) {
    if (!t.created) continue;
    const file = onDisk.get(id);
    if (!file) {
      lost++;
      problems.push(`draft ${id} is missing`);
      continue;
    }
    const seq = seqOf(file.briefing.title);
    if (seq === null || seq < t.lastAck || seq > Math.max(t.maxSubmitted, 0)) {
      lost++;
      problems.push(`draft ${id}: holds #${seq}, last acknowledged #${t.lastAck}, last submitted #${t.maxSubmitted}`);
    } else if (JSON.stringify(file.briefing) !== JSON.stringify(contentFor(id, seq))) {
      corrupt++;
      problems.push(`draft ${id} #${seq}: content differs from what was saved`);
    } else if (file.revision < t.lastAckRevision) {
      lost++;
      problems.push(`draft ${id}: revision ${file.revision} < acknowledged ${t.lastAckRevision}`);
    }
  }

  // 3. the store opens cleanly (takes over the dead child's lock) and agrees with the files
  let store: DraftStore | null = null;
  try {
    store = await DraftStore.open({ root, now: () => new Date(), newId: () => `v${Date.now()}`, verifyOnOpen: true, backups: { enabled: false } });
    // the start-up check reads every file not read at open: a recovery it makes is a notice
    await store.verified;
    for (const notice of store.status().notices) {
      corrupt++;
      problems.push(`notice at open: ${notice.message.slice(0, 160)}`);
    }
    const listed = new Set([...store.list(), ...store.listTrash()].map((d) => d.id));
    for (const [id, t] of tracked) {
      if (t.created && !listed.has(id)) {
        lost++;
        problems.push(`draft ${id} not listed after open`);
      }
    }
    for (const row of store.list()) {
      const expected = onDisk.get(row.id);
      const got = await store.get(row.id);
      if (expected && JSON.stringify(got) !== JSON.stringify(expected.briefing)) {
        corrupt++;
        problems.push(`draft ${row.id}: store returns other content than its file`);
      }
      if (expected && row.title !== expected.briefing.title) {
        corrupt++;
        problems.push(`draft ${row.id}: list shows “${row.title}”, file has “${expected.briefing.title}”`);
      }
    }
  } catch (error) {
    corrupt++;
    problems.push(`store did not open: ${String((error as Error).message).slice(0, 200)}`);
  } finally {
    await store?.close();
  }
  return { corrupt, lost, problems };
}
