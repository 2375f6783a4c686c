// Main event loop during a 20-copy export (`npx tsx tests/bench/run.ts event-loop`): the export
// goes through the services (exportPdf with a job id, progress polled as the export dialog does),
// once rendering on this thread (the old way, the baseline) and once in the render worker. The
// main loop's delay is sampled with perf_hooks.monitorEventLoopDelay; goal with the worker: p99 ≤ 20 ms.
// Both renderers are warmed by one preview first (fonts loaded), so the figure is the steady state.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createNodeHost } from '../../src/main/node-host';
import { findAppPaths } from '../../src/main/paths';
import { createRenderer } from '../../src/main/render-worker';
import { createExportServices } from '../../src/main/services/export';
import { parseBriefingJson, type Briefing } from '../../src/shared/briefing';
import { fail, ok } from '../../src/shared/errors';
import { readFileSync } from 'node:fs';
import type { BenchFigure } from './util';

const paths = findAppPaths(import.meta.dirname);
const COPIES = 20;

function demoBriefing(): Briefing {
  const parsed = parseBriefingJson(readFileSync(join(paths.resourcesDir, 'samples', 'demo-briefing.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

interface Run {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly exportMs: number;
  readonly polls: number;
  readonly thread: number | null;
  /** Main-thread time spent running code (not waiting) during the export, ms (eventLoopUtilization). */
  readonly activeMs: number;
}

/** The loop's delay while nothing is exported: the noise floor of this machine under its current load. */
async function idleFloor(ms: number): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await new Promise((r) => setTimeout(r, ms));
  histogram.disable();
  return histogram.percentile(99) / 1e6;
}

async function exportOnce(inThread: boolean): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'bs-bench-loop-'));
  try {
    const demo = demoBriefing();
    const host = createNodeHost({
      paths,
      dataDir: join(dir, 'data'),
      systemFontDirs: [],
      now: () => new Date('2025-02-12T00:00:00Z'),
      dialogs: { pickSavePath: async ({ defaultName }) => join(dir, 'out', defaultName), pickOpenPath: async () => null },
    });
    const renderer = createRenderer({ engine: host.engine, log: host.log, inThread });
    const services = createExportServices(host, { getDraft: async (id) => (id === demo.id ? ok(demo) : fail('DRAFT_NOT_FOUND')) }, renderer);
    // warm: fonts parsed, code compiled, on whichever thread renders
    const warm = await services.previewPdf({ briefing: demo });
    if (!warm.ok) throw new Error(warm.message);
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const elu = performance.eventLoopUtilization();
    const started = performance.now();
    const running = services.exportPdf({ draftId: demo.id, copies: COPIES, jobId: 'bench' });
    // the export dialog polls progress; each poll is an IPC answer the loop must give
    let polls = 0;
    for (;;) {
      const p = await services.getExportProgress({ jobId: 'bench' });
      polls++;
      if (p.ok && p.value?.phase === 'done') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const result = await running;
    const exportMs = performance.now() - started;
    histogram.disable();
    const activeMs = performance.eventLoopUtilization(elu).active;
    if (!result.ok) throw new Error(result.message);
    const ms = (ns: number) => ns / 1e6;
    const run = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), exportMs, polls, thread: renderer.lastThreadId(), activeMs };
    await renderer.close();
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<BenchFigure[]> {
  const here = await exportOnce(true);
  const worker = await exportOnce(false);
  const floor = await idleFloor(3000);
  const line = (r: Run) => `p50 ${r.p50.toFixed(1)} ms, max ${r.max.toFixed(1)} ms, main thread busy ${r.activeMs.toFixed(0)} ms of ${r.exportMs.toFixed(0)} ms export, ${r.polls} progress polls, render thread ${r.thread}`;
  return [
    { name: `main event loop p99 during a ${COPIES}-copy export, rendering in thread (old way)`, value: here.p99, unit: 'ms', note: line(here) },
    { name: `main event loop p99 during a ${COPIES}-copy export, render worker`, value: worker.p99, unit: 'ms', goal: { max: 20 }, note: line(worker) },
    { name: 'p99 in thread / p99 worker', value: here.p99 / worker.p99, unit: 'x' },
    { name: 'main event loop p99 with nothing exported (noise floor under the machine’s load)', value: floor, unit: 'ms', note: `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores` },
  ];
}
