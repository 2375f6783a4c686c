// Starts the render worker from its TypeScript sources (tests under vitest, the harness): registers
// tsx's ESM loader in this thread, then imports the entry. Built apps start out/*/render-worker.js.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
