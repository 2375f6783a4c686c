// The render worker's entry (a worker_threads thread): builds its own engine from the host's
// options and runs render jobs one after the other; the host's thread only routes.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { fail, type Failure } from '../../shared/errors';
import { createEngine } from '../engine';
import { runCheck, runJob } from './jobs';
import type { FromWorker, RenderJob, ToWorker, WorkerEngineOptions } from './protocol';

const port = parentPort;
if (!port) throw new Error('render worker: not started as a worker thread');
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
// A PDF's bytes move to the host without a copy when they own their whole buffer.
const movable = (bytes: Uint8Array): ArrayBuffer[] => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : []);

const options = (workerData as { engine: WorkerEngineOptions }).engine;
// The clock is the host's reading sent with each job (jobs run one at a time): PDF dates are the
// host's, and a pinned host clock stays pinned here.
let now = 0;
const engine = createEngine({
  ...options,
  keepTemplateVersions: false,
  clock: () => new Date(now),
  log: (level, message, error) => post({ type: 'log', level, message: error instanceof Error ? `${message}: ${error.message}` : message, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) }),
});

const controllers = new Map<number, AbortController>();
let queue: Promise<void> = Promise.resolve();

async function run(id: number, job: RenderJob, controller: AbortController): Promise<void> {
  let failure: Failure | null = null;
  try {
    now = job.now;
    const result = await runJob(engine, job, controller.signal, {
      copy: (copy) => post({ type: 'copy', id, copy }, copy.pdf ? movable(copy.pdf) : []),
      register: (pdf) => post({ type: 'register', id, pdf }, movable(pdf)),
    });
    if (!result.ok) failure = result;
  } catch (error) {
    post({ type: 'log', level: 'error', message: `render job failed: ${error instanceof Error ? error.message : String(error)}`, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) });
    failure = fail('INTERNAL');
  } finally {
    controllers.delete(id);
  }
  post({ type: 'done', id, threadId, failure });
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    controllers.get(message.id)?.abort();
    return;
  }
  if (message.type === 'check') {
    // Not queued: a check is one synchronous layout, answered between the phases of a running job.
    try {
      post({ type: 'checked', id: message.id, check: runCheck(engine, message.job) });
    } catch (error) {
      post({ type: 'log', level: 'error', message: `glyph check failed: ${error instanceof Error ? error.message : String(error)}`, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) });
      post({ type: 'done', id: message.id, threadId, failure: fail('INTERNAL') });
    }
    return;
  }
  const controller = new AbortController();
  controllers.set(message.id, controller);
  queue = queue.then(() => run(message.id, message.job, controller));
});

post({ type: 'ready', threadId });
