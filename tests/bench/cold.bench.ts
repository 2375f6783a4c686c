// Cold start, each figure from fresh processes (`npx tsx tests/bench/run.ts cold`):
//   - the cold CLI export of the reference fixture (`node bin/briefsmith.js export … -o x.pdf`,
//     the built CLI) against Typst's cold compile of the same content (its Node binding in a fresh
//     `node`, the rendition generated from our layout in the same font files — renditions.ts),
//     in paired rounds (the two alternate within each round) with the median of the per-round
//     ratios; also the very first run (no code cache yet) and a run with the code cache off;
//   - the first open of a 1,000-draft store in a fresh process: services created, store opened,
//     drafts listed — timed inside the child (after its modules loaded) and from its spawn.
// The child of the store figure is this file run with `--store-child <dataDir>`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findAppPaths } from '../../src/main/paths';
import { median, type BenchFigure } from './util';
// The engine and the renditions are imported where used: the store child loads only the store.

const paths = findAppPaths(import.meta.dirname);
const fixture = join(paths.root, 'tests', 'fixtures', 'briefings', 'bench-reference.json');
const ROUNDS = Number(process.env.COLD_BENCH_ROUNDS ?? 7);

/** Wall time of one fresh process, ms; throws with its stderr when it fails. */
function timed(command: readonly string[], env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const r = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', env });
  const elapsed = performance.now() - start;
  if (r.status !== 0) throw new Error(`${command.join(' ')} failed (${r.status}): ${r.stderr}`);
  return elapsed;
}

/** The Typst script of the cold compile (a fresh node loading the binding, compiling, writing the PDF). */
async function typstColdScript(dir: string): Promise<string> {
  const { geometryOf } = await import('../../src/core/layout');
  const { renderBriefingPdf } = await import('../../src/core/pdf');
  const { createEngine } = await import('../../src/main/engine');
  const { resolveTemplate } = await import('../../src/main/services/export');
  const { parseBriefingJson } = await import('../../src/shared/briefing');
  const { fontFiles, toTypst } = await import('./renditions');
  const parsed = parseBriefingJson(await readFile(fixture, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  const briefing = parsed.value;
  const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: tmpdir(), systemFontDirs: [], clock: () => new Date('2025-02-12T00:00:00Z'), appVersion: paths.version, keepTemplateVersions: false });
  const loaded = resolveTemplate(engine, 'gongzuo-jianbao');
  if (!loaded.ok) throw new Error(loaded.message);
  const rendered = await renderBriefingPdf(briefing, loaded.value.template, engine.hostFor(loaded.value));
  if (!rendered.ok) throw new Error(rendered.message);
  const layout = rendered.value.layout;
  writeFileSync(join(dir, 'reference.typ'), toTypst(briefing, layout, geometryOf(loaded.value.template)));
  const fontDirs = [...new Set(fontFiles(layout).map((f) => join(f, '..')))];
  const typstEntry = createRequire(join(paths.root, 'package.json')).resolve('@myriaddreamin/typst-ts-node-compiler');
  const script = join(dir, 'typst-cold.cjs');
  writeFileSync(
    script,
    `const { NodeCompiler } = require(${JSON.stringify(typstEntry)});
const c = NodeCompiler.create({ workspace: ${JSON.stringify(dir)}, fontArgs: [{ fontPaths: ${JSON.stringify(fontDirs)} }] });
const r = c.compile({ mainFilePath: ${JSON.stringify(join(dir, 'reference.typ'))} });
if (!r.result) { r.printDiagnostics(); process.exit(1); }
require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'typst-cold.pdf'))}, c.pdf(r.result));\n`,
  );
  return script;
}

async function coldExport(figures: BenchFigure[]): Promise<void> {
  if (!existsSync(join(paths.root, 'out', 'cli', 'index.js'))) execFileSync('npm', ['run', 'build:cli'], { cwd: paths.root, stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'bs-cold-'));
  try {
    const typstScript = await typstColdScript(dir);
    const env: NodeJS.ProcessEnv = { ...process.env, SOURCE_DATE_EPOCH: '1739318400', XDG_CACHE_HOME: join(dir, 'cache') };
    delete env.NODE_OPTIONS;
    const ours = [process.execPath, join(paths.root, 'bin', 'briefsmith.js'), 'export', fixture, '-o', join(dir, 'cold.pdf')];
    const typst = [process.execPath, typstScript];
    // The very first run writes the code cache (as the first run after an install or an update).
    const first = timed(ours, env);
    timed(typst, env);
    const t = { ours: [] as number[], typst: [] as number[], uncached: [] as number[], ratios: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate who goes first, so a load spike does not always hit the same side.
      let a: number;
      let b: number;
      if (round % 2 === 0) {
        a = timed(ours, env);
        b = timed(typst, env);
      } else {
        b = timed(typst, env);
        a = timed(ours, env);
      }
      t.ours.push(a);
      t.typst.push(b);
      t.ratios.push(a / b);
      t.uncached.push(timed(ours, { ...env, BRIEFSMITH_CODE_CACHE: '0' }));
    }
    const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    figures.push({ name: 'cold CLI export / Typst cold compile, median of paired ratios', value: median(t.ratios), unit: 'ratio', goal: { max: 1 }, note: `${ROUNDS} paired rounds; ratios ${t.ratios.map((r) => r.toFixed(2)).join(', ')}` });
    figures.push({ name: 'cold CLI export (`node bin/briefsmith.js export`), median', value: median(t.ours), unit: 'ms', note: `runs ${list(t.ours)} ms` });
    figures.push({ name: 'Typst cold compile (fresh node process), median', value: median(t.typst), unit: 'ms', note: `runs ${list(t.typst)} ms` });
    figures.push({ name: 'cold CLI export, code cache off (BRIEFSMITH_CODE_CACHE=0), median', value: median(t.uncached), unit: 'ms', note: `runs ${list(t.uncached)} ms` });
    figures.push({ name: 'cold CLI export, very first run (writes the code cache)', value: first, unit: 'ms' });
    const bare = [0, 1, 2].map(() => timed([process.execPath, '-e', '0'], env));
    figures.push({ name: 'bare `node -e 0` on this machine now (floor of any fresh process), median', value: median(bare), unit: 'ms' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child: open the store on `dataDir` and list its drafts; prints what it measured as JSON. */
async function storeChild(dataDir: string): Promise<void> {
  const loaded = performance.now();
  const { createNodeHost } = await import('../../src/main/node-host');
  const { createDraftServices } = await import('../../src/main/services/drafts');
  const imported = performance.now();
  let n = 0;
  const services = createDraftServices(createNodeHost({ paths, dataDir, newId: () => `c${(n++).toString(36)}` }));
  const list = await services.listDrafts({});
  const ready = performance.now();
  await services.close();
  if (!list.ok) throw new Error(list.message);
  // performance.now() counts from this process's start.
  process.stdout.write(JSON.stringify({ count: list.value.length, openList: ready - imported, sinceStart: ready, imports: imported - loaded }));
}

async function firstOpen(figures: BenchFigure[]): Promise<void> {
  const { fillStore } = await import('./store.bench');
  const dir = mkdtempSync(join(tmpdir(), 'bs-cold-store-'));
  try {
    const filled = await fillStore(dir, 1000);
    await filled.services.close();
    const runs: { openList: number; sinceStart: number; spawn: number; imports: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'cold.bench.ts'), '--store-child', dir], { encoding: 'utf8', cwd: paths.root });
      const spawn = performance.now() - start;
      if (r.status !== 0) throw new Error(`store child failed: ${r.stderr}`);
      const m = JSON.parse(r.stdout) as { count: number; openList: number; sinceStart: number; imports: number };
      if (m.count !== 1000) throw new Error(`store child listed ${m.count} drafts`);
      runs.push({ ...m, spawn });
    }
    const of = (k: 'openList' | 'sinceStart' | 'spawn' | 'imports') => runs.map((r) => r[k]);
    figures.push({ name: 'first open of a 1,000-draft store in a fresh process (open + list, modules loaded), median', value: median(of('openList')), unit: 'ms', goal: { max: 50 }, note: `runs ${of('openList').map((x) => x.toFixed(0)).join(', ')} ms; the store's modules took ${median(of('imports')).toFixed(0)} ms to import from TS sources (tsx)` });
    figures.push({ name: 'first open, from process start to drafts listed (tsx sources), median', value: median(of('sinceStart')), unit: 'ms', note: `spawn to exit ${median(of('spawn')).toFixed(0)} ms` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function coldBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  await coldExport(figures);
  await firstOpen(figures);
  return figures;
}

const child = process.argv.indexOf('--store-child');
if (child >= 0) await storeChild(process.argv[child + 1]!);
