// The host side of the render worker: starts it, sends jobs, routes its answers. A newer preview
// supersedes a stale one; an export's copies arrive one by one (progress) and a cancel stops the
// worker between (and inside) copies. If the worker cannot start, jobs run on the calling thread
// with the host's engine (logged): slower for the app, never wrong.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fail, ok, type Failure, type Result } from '../../shared/errors';
import type { Engine } from '../engine';
import { renderThreadId, runCheck, runJob } from './jobs';
import type { CheckJob, FromWorker, GlyphCheck, RenderedCopy, RenderJob, ToWorker, WorkerEngineOptions } from './protocol';

/** Callbacks of one job. */
export interface JobCallbacks {
  readonly signal?: AbortSignal;
  /** Each copy as soon as it is rendered (in order). */
  onCopy?(copy: RenderedCopy): void;
  onRegister?(pdf: Uint8Array): void;
}

/** What ran a job. */
export interface JobDone {
  /** The thread that rendered (`worker_threads.threadId`; 0 is the main thread). */
  readonly threadId: number;
}

export interface Renderer {
  /** Runs a job; resolves when its last PDF has been delivered. */
  run(job: RenderJob, callbacks?: JobCallbacks): Promise<Result<JobDone>>;
  /**
   * Runs a preview job. A newer preview supersedes this one: it resolves at once as CANCELLED (its
   * late result is dropped) and the worker stops rendering it.
   */
  preview(job: RenderJob): Promise<Result<{ copy: RenderedCopy; pdf: Uint8Array; threadId: number }>>;
  /**
   * 校对's glyph check in the worker (its fonts; the calling thread parses none for it). Answered
   * between the phases of a running export, not after it.
   */
  check(job: CheckJob): Promise<Result<GlyphCheck & { threadId: number }>>;
  /** The thread that rendered the last finished job (0: the main thread; null: none yet). */
  lastThreadId(): number | null;
  /** Whether jobs run in a worker (false: the in-thread fallback). */
  inWorker(): boolean;
  /** Stops the worker. */
  close(): Promise<void>;
}

export interface RendererOptions {
  /** The host's engine: its options build the worker's engine; the fallback renders with it. */
  readonly engine: Engine;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
  /** Force the in-thread path (the bench's baseline). */
  readonly inThread?: boolean;
  /** The worker's entry file; default: found beside this module (built) or its TS sources. */
  readonly entry?: string;
}

interface Pending {
  readonly job: RenderJob;
  readonly callbacks: JobCallbacks;
  readonly resolve: (result: Result<JobDone>) => void;
}

/** How to start the worker: the built entry beside the bundle, or the TS sources through tsx. */
function workerStart(entry: string | undefined): { file: string; workerData: Record<string, unknown> } | null {
  const here = import.meta.url;
  if (entry !== undefined) return existsSync(entry) ? { file: entry, workerData: {} } : null;
  if (here.endsWith('.ts')) {
    return { file: fileURLToPath(new URL('./bootstrap.mjs', here)), workerData: { entry: new URL('./worker.ts', here).href } };
  }
  // Built: the bundle's entry (out/main/index.js, out/cli/index.js) or a chunk below it.
  for (const rel of ['./render-worker.js', '../render-worker.js']) {
    const file = fileURLToPath(new URL(rel, here));
    if (existsSync(file)) return { file, workerData: {} };
  }
  return null;
}

/** The engine options a worker can receive (functions stay here). */
function workerOptions(engine: Engine): WorkerEngineOptions {
  const { clock: _clock, log: _log, ...rest } = engine.options;
  return rest;
}

export function createRenderer(options: RendererOptions): Renderer {
  const { engine, log } = options;
  let worker: Worker | null = null;
  let failedToStart = options.inThread === true;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  // Glyph checks waiting for the worker's answer.
  const checks = new Map<number, { job: CheckJob; resolve: (result: Result<GlyphCheck & { threadId: number }>) => void }>();
  let latestPreview: { id: number; cancel: () => void } | null = null;
  let lastThread: number | null = null;

  // The in-thread fallback: same job code, the host's engine.
  const runHere = async (job: RenderJob, callbacks: JobCallbacks): Promise<Result<JobDone>> => {
    const controller = new AbortController();
    const abort = () => controller.abort();
    callbacks.signal?.addEventListener('abort', abort);
    if (callbacks.signal?.aborted) controller.abort();
    try {
      const result = await runJob(engine, job, controller.signal, { copy: (c) => callbacks.onCopy?.(c), register: (pdf) => callbacks.onRegister?.(pdf) });
      return result.ok ? ok({ threadId: renderThreadId }) : result;
    } catch (error) {
      log('error', 'render job failed (in thread)', error);
      return fail('INTERNAL');
    } finally {
      callbacks.signal?.removeEventListener('abort', abort);
    }
  };

  // The in-thread fallback of a glyph check (the host's engine).
  const checkHere = (job: CheckJob): Result<GlyphCheck & { threadId: number }> => {
    try {
      return ok({ ...runCheck(engine, job), threadId: renderThreadId });
    } catch (error) {
      log('error', 'glyph check failed (in thread)', error);
      return fail('INTERNAL');
    }
  };

  const settleAll = (failure: Failure) => {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.resolve(failure);
    }
    for (const [id, c] of checks) {
      checks.delete(id);
      c.resolve(failure);
    }
  };

  const start = (): Worker | null => {
    if (worker) return worker;
    if (failedToStart) return null;
    const how = workerStart(options.entry);
    if (!how) {
      failedToStart = true;
      log('warn', 'render worker entry not found: rendering on the calling thread');
      return null;
    }
    let started: Worker;
    try {
      started = new Worker(how.file, { workerData: { ...how.workerData, engine: workerOptions(engine) } });
    } catch (error) {
      failedToStart = true;
      log('warn', 'render worker could not start: rendering on the calling thread', error);
      return null;
    }
    let ready = false;
    started.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        ready = true;
        return;
      }
      if (message.type === 'log') {
        log(message.level, `[render worker] ${message.message}`, message.stack);
        return;
      }
      const c = checks.get(message.id);
      if (c) {
        checks.delete(message.id);
        if (pending.size === 0 && checks.size === 0) started.unref();
        c.resolve(message.type === 'checked' ? ok({ ...message.check, threadId: started.threadId }) : message.type === 'done' ? (message.failure ?? fail('INTERNAL')) : fail('INTERNAL'));
        return;
      }
      const p = pending.get(message.id);
      if (!p) return; // superseded or cancelled: its late results are dropped
      if (message.type === 'copy') p.callbacks.onCopy?.(message.copy);
      else if (message.type === 'register') p.callbacks.onRegister?.(message.pdf);
      else if (message.type === 'done') {
        pending.delete(message.id);
        if (pending.size === 0 && checks.size === 0) started.unref();
        p.resolve(message.failure ?? ok({ threadId: message.threadId }));
      }
    });
    started.on('error', (error) => {
      log('error', ready ? 'render worker crashed' : 'render worker failed to start: rendering on the calling thread', error);
      if (!ready) {
        // Jobs sent to a worker that never started run here instead.
        failedToStart = true;
        worker = null;
        const jobs = [...pending.values()];
        pending.clear();
        for (const p of jobs) void runHere(p.job, p.callbacks).then(p.resolve);
        const waiting = [...checks.values()];
        checks.clear();
        for (const c of waiting) c.resolve(checkHere(c.job));
        return;
      }
      worker = null;
      settleAll(fail('INTERNAL'));
    });
    started.on('exit', () => {
      if (worker === started) worker = null;
      settleAll(fail('INTERNAL'));
    });
    started.unref();
    worker = started;
    return started;
  };

  const noteThread = (result: Result<JobDone>): Result<JobDone> => {
    if (result.ok) lastThread = result.value.threadId;
    return result;
  };

  const send = (message: ToWorker) => worker?.postMessage(message);

  const run = (job: RenderJob, callbacks: JobCallbacks = {}): { id: number; done: Promise<Result<JobDone>> } => {
    const id = nextId++;
    const w = start();
    if (!w) return { id, done: runHere(job, callbacks) };
    if (callbacks.signal?.aborted) return { id, done: Promise.resolve(fail('CANCELLED')) };
    const done = new Promise<Result<JobDone>>((resolve) => {
      pending.set(id, { job, callbacks, resolve });
      callbacks.signal?.addEventListener('abort', () => send({ type: 'cancel', id }), { once: true });
    });
    w.ref(); // a job under way keeps the process alive; an idle worker does not
    w.postMessage({ type: 'run', id, job } satisfies ToWorker);
    return { id, done };
  };

  return {
    run: (job, callbacks) => run(job, callbacks).done.then(noteThread),
    async preview(job) {
      latestPreview?.cancel();
      const controller = new AbortController();
      let copy: RenderedCopy | undefined;
      let superseded: ((r: Result<JobDone>) => void) | null = null;
      const stale = new Promise<Result<JobDone>>((resolve) => (superseded = resolve));
      const started = run(job, { signal: controller.signal, onCopy: (c) => (copy = c) });
      const mine = {
        id: started.id,
        cancel: () => {
          // Stop the render and answer now: the stale result never reaches the caller.
          pending.delete(started.id);
          controller.abort();
          send({ type: 'cancel', id: started.id });
          superseded?.(fail('CANCELLED'));
        },
      };
      latestPreview = mine;
      const result = await Promise.race([started.done.then(noteThread), stale]);
      if (latestPreview === mine) latestPreview = null;
      if (!result.ok) return result;
      if (!copy?.pdf) return fail('CANCELLED');
      return ok({ copy, pdf: copy.pdf, threadId: result.value.threadId });
    },
    check(job) {
      const w = start();
      if (!w) return Promise.resolve(checkHere(job));
      const id = nextId++;
      const done = new Promise<Result<GlyphCheck & { threadId: number }>>((resolve) => checks.set(id, { job, resolve }));
      w.ref();
      w.postMessage({ type: 'check', id, job } satisfies ToWorker);
      return done;
    },
    lastThreadId: () => lastThread,
    inWorker: () => !failedToStart && worker !== null,
    async close() {
      const w = worker;
      worker = null;
      failedToStart = true;
      settleAll(fail('CANCELLED'));
      if (w) await w.terminate();
    },
  };
}
