import { describe, expect, it } from 'vitest';
import { runStoreModel } from './store-model';

// The model-based concurrency test (issue 12): 500 random interleavings of save, trash, restore,
// purge, snapshot, restore-version, get, create and close/open (start-up check on), with random
// delays in every file-system call, each step compared with an in-memory model. The bench suite
// runs 10,000 (tests/bench/store.bench.ts). MODEL_SEED replays a failing run.
describe('drafts store against its model', () => {
  it('agrees with the model after every step of 500 random runs (0 divergences)', async () => {
    const report = await runStoreModel({ runs: 500, seed: Number(process.env.MODEL_SEED ?? 20250210) });
    expect(report.failure).toBeNull();
    expect(report.divergences).toBe(0);
    expect(report.runs).toBe(500);
    // the runs really exercised the store: several commands and operations each
    expect(report.operations).toBeGreaterThan(500 * 5);
  }, 180_000);
});
