// Shared scaffolding of the Word and OFD export benchmarks (docx.bench.ts, ofd.bench.ts): the
// reference fixture (tests/fixtures/briefings/bench-reference.json, ~10 pages) in one engine
// world, each format's export path, our PDF export as the same-run baseline, warm medians, cold
// runs in fresh Node processes (this module run as a script), and file sizes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LayoutDocument } from '../../src/core/layout';
import type { EngineHost } from '../../src/core/pdf';
import type { Briefing } from '../../src/shared/briefing';
import type { Template } from '../../src/shared/template';
import { median, timeRuns, type BenchFigure } from './util';

// Only Node's own modules are imported statically: a cold run times the app's modules loading.
const root = join(import.meta.dirname, '..', '..');
const fixture = join(root, 'tests', 'fixtures', 'briefings', 'bench-reference.json');
const NOW = new Date('2025-02-12T00:00:00Z');
const WARM_RUNS = 15;
const COLD_RUNS = 3;

/** The formats an export writes. */
export type ExportFormat = 'pdf' | 'docx' | 'ofd';

/** The fixture, its template and the engine host, as every export of a bench run sees them. */
export interface BenchWorld {
  readonly briefing: Briefing;
  readonly template: Template;
  readonly host: EngineHost;
}

/** One engine world over the reference fixture (bundled fonts only, pinned clock). */
export async function benchWorld(): Promise<BenchWorld> {
  const [{ findAppPaths }, { createEngine }, { resolveTemplate }, { parseBriefingJson }] = await Promise.all([
    import('../../src/main/paths'),
    import('../../src/main/engine'),
    import('../../src/main/services/export'),
    import('../../src/shared/briefing'),
  ]);
  const paths = findAppPaths(import.meta.dirname);
  const parsed = parseBriefingJson(readFileSync(fixture, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: tmpdir(), systemFontDirs: [], clock: () => NOW, appVersion: paths.version, keepTemplateVersions: false });
  const loaded = resolveTemplate(engine, 'gongzuo-jianbao');
  if (!loaded.ok) throw new Error(loaded.message);
  return { briefing: parsed.value, template: loaded.value.template, host: engine.hostFor(loaded.value) };
}

/** The layout every writer draws (checks, images, layout), as the exports make it. */
export async function benchLayout(world: BenchWorld): Promise<LayoutDocument> {
  const { prepareLayout } = await import('../../src/core/render-prep');
  const prepared = await prepareLayout(world.briefing, world.template, world.host);
  if (!prepared.ok) throw new Error(prepared.message);
  return prepared.value;
}

/**
 * One whole export of the fixture in `format`, as the app makes it: the PDF and OFD through their
 * render functions, the .docx from the prepared layout. Writers are imported on first use, so a
 * cold run loads only its own.
 */
export async function exportOnce(world: BenchWorld, format: ExportFormat): Promise<{ bytes: Uint8Array; pages: number }> {
  const { briefing, template, host } = world;
  if (format === 'pdf') {
    const { renderBriefingPdf } = await import('../../src/core/pdf');
    const r = await renderBriefingPdf(briefing, template, host);
    if (!r.ok) throw new Error(r.message);
    return { bytes: r.value.pdf, pages: r.value.pageCount };
  }
  if (format === 'ofd') {
    const { renderBriefingOfd } = await import('../../src/core/ofd');
    const r = await renderBriefingOfd(briefing, template, host);
    if (!r.ok) throw new Error(r.message);
    return { bytes: r.value.ofd, pages: r.value.pageCount };
  }
  const { writeBriefingDocx } = await import('../../src/core/docx');
  const layout = await benchLayout(world);
  return { bytes: await writeBriefingDocx({ briefing, template, layout, now: host.now(), appVersion: host.appVersion }), pages: layout.pages.length };
}

/** Median wall time (ms) of `fn` over the warm runs, after three warm-up runs. */
export async function warmMedian(fn: () => unknown): Promise<number> {
  return median(await timeRuns(fn, WARM_RUNS, 3));
}

/** Median in-process time (ms) of one export in a fresh Node process: module loading, fonts, layout, writing. */
export function coldMedian(format: ExportFormat): number {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const self = fileURLToPath(import.meta.url);
  const runs = Array.from({ length: COLD_RUNS }, () => Number(execFileSync(tsx, [self, 'cold', format], { cwd: root, encoding: 'utf8' })));
  return median(runs);
}

/** What a format's bench adds to the shared figures: its label, goals and the writer-only timings. */
export interface FormatBenchSpec {
  readonly format: Exclude<ExportFormat, 'pdf'>;
  /** '.docx', '.ofd'. */
  readonly label: string;
  readonly warmGoalMs?: number;
  readonly sizeGoalKB?: number;
  /** Timings of the writer alone, given the layout (with and without a cache …). */
  readonly writers: readonly { readonly name: string; readonly run: (world: BenchWorld, layout: LayoutDocument) => unknown }[];
}

/**
 * The figures of one format against the PDF in the same run: warm medians of both exports and
 * their ratio, the writer alone, sizes, and cold exports of both in fresh processes.
 */
export async function formatBench(spec: FormatBenchSpec): Promise<BenchFigure[]> {
  const world = await benchWorld();
  let pdf: { bytes: Uint8Array; pages: number } = { bytes: new Uint8Array(), pages: 0 };
  let other: { bytes: Uint8Array; pages: number } = { bytes: new Uint8Array(), pages: 0 };
  const pdfWarm = await warmMedian(async () => {
    pdf = await exportOnce(world, 'pdf');
  });
  const otherWarm = await warmMedian(async () => {
    other = await exportOnce(world, spec.format);
  });
  const layout = await benchLayout(world);
  const figures: BenchFigure[] = [
    { name: 'PDF export warm median (baseline, same run)', value: pdfWarm, unit: 'ms', note: `${pdf.pages} pages` },
    { name: `${spec.label} export warm median (checks, layout, writer)`, value: otherWarm, unit: 'ms', note: `${other.pages} pages`, ...(spec.warmGoalMs !== undefined ? { goal: { max: spec.warmGoalMs } } : {}) },
  ];
  for (const writer of spec.writers) figures.push({ name: `${spec.label} ${writer.name}`, value: await warmMedian(() => writer.run(world, layout)), unit: 'ms' });
  figures.push({ name: `${spec.label} warm ÷ PDF warm`, value: otherWarm / pdfWarm, unit: 'x' });
  figures.push({ name: 'PDF size', value: pdf.bytes.length / 1024, unit: 'KB' });
  figures.push({ name: `${spec.label} size`, value: other.bytes.length / 1024, unit: 'KB', ...(spec.sizeGoalKB !== undefined ? { goal: { max: spec.sizeGoalKB } } : {}) });
  const pdfCold = coldMedian('pdf');
  const otherCold = coldMedian(spec.format);
  figures.push({ name: 'PDF export cold median (fresh process, in-process time)', value: pdfCold, unit: 'ms' });
  figures.push({ name: `${spec.label} export cold median (fresh process, in-process time)`, value: otherCold, unit: 'ms' });
  figures.push({ name: `${spec.label} cold ÷ PDF cold`, value: otherCold / pdfCold, unit: 'x' });
  return figures;
}

// Run as a script (`tsx format-export.ts cold <format>`): one cold export, its in-process time on stdout.
if (process.argv[2] === 'cold' && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const start = performance.now();
  const format = process.argv[3] as ExportFormat;
  await exportOnce(await benchWorld(), format);
  process.stdout.write(String(performance.now() - start));
}
