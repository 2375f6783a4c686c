// Drafts store benchmark (`npx tsx tests/bench/run.ts store`):
//   - save p95 of a ~20 KB draft with 1,000 drafts in the store (goal ≤ 15 ms), the same with 10
//     drafts, and their ratio in the same run (goal ≤ 1.5): saving costs in proportion to the
//     draft, not the collection;
//   - drafts list ready with 1,000 drafts: fresh services → store open → listDrafts (goal ≤ 50 ms);
//   - the fault-injection loop with 500 SIGKILLs, start-up check on: corrupt files and lost
//     acknowledged saves (0);
//   - the model-based concurrency test (tests/integration/store-model.ts) with 10,000 runs:
//     divergences from the model (0). STORE_BENCH_MODEL_RUNS overrides the count.
// Saves go through the dispatcher (request validation included), on real files with fsync.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBriefing } from '../../src/core/briefing';
import { createNodeHost } from '../../src/main/node-host';
import { findAppPaths } from '../../src/main/paths';
import { createDispatcher } from '../../src/main/services/dispatch';
import { createDraftServices, type DraftServices } from '../../src/main/services/drafts';
import type { Briefing } from '../../src/shared/briefing';
import { runCrashLoop } from '../integration/store-crash-harness';
import { runStoreModel } from '../integration/store-model';
import { median, percentile, timeRuns, type BenchFigure } from './util';

const paths = findAppPaths(import.meta.dirname);
const PARAGRAPH = '坚持稳中求进工作总基调，统筹推进经济社会发展各项工作，全市地区生产总值同比增长百分之五点八，规模以上工业增加值增长百分之六点一，固定资产投资稳步回升，社会消费品零售总额保持较快增长。';

/** A briefing of about 20 KB on disk. */
function draftOf(id: string, n: number): Briefing {
  const b = createBriefing({ id, template: { id: 'gongzuo-jianbao', version: '1.0.0' }, title: `第${n}期 经济运行简报`, today: '2025-02-10' });
  return {
    ...b,
    meta: { ...b.meta, issueNumber: (n % 500) + 1 },
    blocks: Array.from({ length: 20 }, (_, i) =>
      i % 5 === 0
        ? { id: `h${i}`, type: 'heading' as const, level: 1, text: `${i / 5 + 1}、主要情况` }
        : { id: `p${i}`, type: 'paragraph' as const, runs: [{ text: PARAGRAPH.repeat(6).slice(0, 400) }] },
    ),
  };
}

function servicesOn(dataDir: string): DraftServices {
  let n = 0;
  const host = createNodeHost({ paths, dataDir, newId: () => `b${Date.now().toString(36)}${(n++).toString(36)}` });
  return createDraftServices(host);
}

/** A store on `dataDir` filled with `count` ~20 KB drafts (also used by cold.bench.ts), and fresh services on it. */
export async function fillStore(dataDir: string, count: number): Promise<{ services: DraftServices; ids: string[] }> {
  const services = servicesOn(dataDir);
  const store = await services.store();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `d${String(i).padStart(5, '0')}`;
    await store.create(draftOf(id, i));
    ids.push(id);
  }
  // as in daily use: an earlier backup exists, so later ones only copy what changed
  await store.backupNow();
  await services.close();
  return { services: servicesOn(dataDir), ids };
}

/** p95 of saving one ~20 KB draft (edited each time) through the dispatcher. */
async function saveTimes(services: DraftServices, id: string, runs: number): Promise<number[]> {
  const dispatch = createDispatcher(services as never, () => undefined);
  const store = await services.store();
  await store.verified; // the background check after open has finished, as a few seconds into a session
  const base = draftOf(id, 1);
  let k = 0;
  return timeRuns(
    async () => {
      k++;
      const draft = { ...base, blocks: base.blocks.map((b, i) => (i === 1 && b.type === 'paragraph' ? { ...b, runs: [{ text: `${k} ${PARAGRAPH}` }] } : b)) };
      const result = await dispatch('draft:save', { draft });
      if (!result.ok) throw new Error(result.message);
    },
    runs,
    10,
  );
}

export default async function storeBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const small = await mkdtemp(join(tmpdir(), 'bs-bench-10-'));
  const large = await mkdtemp(join(tmpdir(), 'bs-bench-1000-'));
  try {
    const s = await fillStore(small, 10);
    const l = await fillStore(large, 1000);
    const size = (await readFile(join(large, 'drafts', 'files', `${l.ids[500]}.json`))).length / 1024;

    // interleave the two stores' rounds so that machine noise hits both alike
    const t10: number[] = [];
    const t1000: number[] = [];
    for (let round = 0; round < 12; round++) {
      t10.push(...(await saveTimes(s.services, s.ids[5]!, 40)));
      t1000.push(...(await saveTimes(l.services, l.ids[500]!, 40)));
    }
    await s.services.close();
    await l.services.close();
    const p95at10 = percentile(t10, 95);
    const p95at1000 = percentile(t1000, 95);
    figures.push({ name: 'draft file size', value: size, unit: 'KB', note: 'the draft saved below' });
    figures.push({ name: 'save p95, 1,000 drafts in store', value: p95at1000, unit: 'ms', goal: { max: 15 }, note: `median ${median(t1000).toFixed(2)} ms, ${t1000.length} saves` });
    figures.push({ name: 'save p95, 10 drafts in store', value: p95at10, unit: 'ms', note: `median ${median(t10).toFixed(2)} ms, ${t10.length} saves` });
    figures.push({ name: 'save p95 ratio 1,000 / 10 drafts', value: p95at1000 / p95at10, unit: 'ratio', goal: { max: 1.5 } });

    // drafts list ready: a fresh start of the services on the 1,000-draft folder
    const ready: number[] = [];
    for (let i = 0; i < 11; i++) {
      const started = performance.now();
      const services = servicesOn(large);
      const list = await services.listDrafts({});
      const elapsed = performance.now() - started;
      if (!list.ok || list.value.length !== 1000) throw new Error('list failed');
      if (i > 0) ready.push(elapsed);
      await services.close();
    }
    figures.push({ name: 'drafts list ready, 1,000 drafts (open + list)', value: median(ready), unit: 'ms', goal: { max: 50 }, note: `median of ${ready.length} fresh opens; p95 ${percentile(ready, 95).toFixed(1)} ms` });
  } finally {
    await rm(small, { recursive: true, force: true });
    await rm(large, { recursive: true, force: true });
  }

  const modelRuns = Number(process.env.STORE_BENCH_MODEL_RUNS ?? 10_000);
  if (modelRuns > 0) {
    const model = await runStoreModel({ runs: modelRuns, seed: 10_000 });
    figures.push({ name: 'model-based concurrency test: runs', value: model.runs, unit: 'count', goal: { min: 10_000 }, note: `${model.commands} commands, ${model.operations} operations, ${(model.durationMs / 1000).toFixed(1)} s` });
    figures.push({ name: 'model-based concurrency test: divergences', value: model.divergences, unit: 'count', goal: { max: 0 }, note: model.failure?.slice(0, 400) });
  }

  // STORE_BENCH_KILLS overrides the 500 kills (e.g. 0 to time only the saves while iterating)
  const kills = Number(process.env.STORE_BENCH_KILLS ?? 500);
  if (kills === 0) return figures;
  const crash = await runCrashLoop({ kills, seed: 500 });
  figures.push({ name: 'SIGKILL fault injection: kills', value: crash.kills, unit: 'count', goal: { min: 500 }, note: `${crash.acknowledged} acknowledged saves, ${crash.killsBeforeReady} kills during startup, ${(crash.durationMs / 1000).toFixed(1)} s` });
  figures.push({ name: 'SIGKILL fault injection: corrupt files', value: crash.corrupt, unit: 'count', goal: { max: 0 }, note: crash.problems.slice(0, 3).join(' | ') || undefined });
  figures.push({ name: 'SIGKILL fault injection: lost acknowledged saves', value: crash.lost, unit: 'count', goal: { max: 0 } });
  return figures;
}
