// OFD export benchmark on the reference fixture (tests/fixtures/briefings/bench-reference.json,
// ~10 pages), with same-run baselines: our PDF export warm, the OFD export warm (layout + OFD
// writer, subset fonts included), the OFD writer alone given the layout; cold runs of both in a
// fresh Node process; file sizes. Run alone with `npx tsx tests/bench/run.ts ofd`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutBriefing } from '../../src/core/layout';
import { createOfdFontCache, writeOfd } from '../../src/core/ofd';
import { renderBriefingPdf } from '../../src/core/pdf';
import { findAppPaths } from '../../src/main/paths';
import { createEngine } from '../../src/main/engine';
import { resolveTemplate } from '../../src/main/services/export';
import { parseBriefingJson } from '../../src/shared/briefing';
import { median, timeRuns, type BenchFigure } from './util';

const paths = findAppPaths(import.meta.dirname);
const fixture = join(paths.root, 'tests', 'fixtures', 'briefings', 'bench-reference.json');
const NOW = new Date('2025-02-12T00:00:00Z');

/** A fresh Node process (tsx) that exports the fixture once as `format` and prints its own wall time. */
const COLD = `
import { readFileSync } from 'node:fs';
const start = performance.now();
const { findAppPaths } = await import(${JSON.stringify(join(paths.root, 'src/main/paths.ts'))});
const { resolveTemplate } = await import(${JSON.stringify(join(paths.root, 'src/main/services/export.ts'))});
const { createEngine } = await import(${JSON.stringify(join(paths.root, 'src/main/engine/index.ts'))});
const { parseBriefingJson } = await import(${JSON.stringify(join(paths.root, 'src/shared/briefing/index.ts'))});
const { renderBriefingPdf } = await import(${JSON.stringify(join(paths.root, 'src/core/pdf/index.ts'))});
const { layoutBriefing } = await import(${JSON.stringify(join(paths.root, 'src/core/layout/index.ts'))});
const { writeOfd } = await import(${JSON.stringify(join(paths.root, 'src/core/ofd/index.ts'))});
const paths = findAppPaths(${JSON.stringify(import.meta.dirname)});
const briefing = parseBriefingJson(readFileSync(${JSON.stringify(fixture)}, 'utf8')).value;
const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: '/nonexistent', systemFontDirs: [], clock: () => new Date(0), appVersion: 'bench', keepTemplateVersions: false });
const loaded = resolveTemplate(engine, 'gongzuo-jianbao').value;
const host = engine.hostFor(loaded);
if (process.argv[2] === 'pdf') {
  const r = await renderBriefingPdf(briefing, loaded.template, host);
  if (!r.ok) throw new Error(r.message);
} else {
  const layout = layoutBriefing({ briefing, template: loaded.template, fonts: host.fonts });
  writeOfd(layout, { title: layout.metadata.title, creationDate: new Date(0), templateRef: 'bench@1' });
}
process.stdout.write(String(performance.now() - start));
`;

export default async function ofdBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const parsed = parseBriefingJson(readFileSync(fixture, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  const briefing = parsed.value;
  const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: tmpdir(), systemFontDirs: [], clock: () => NOW, appVersion: paths.version, keepTemplateVersions: false });
  const loaded = resolveTemplate(engine, 'gongzuo-jianbao');
  if (!loaded.ok) throw new Error(loaded.message);
  const template = loaded.value.template;
  const host = engine.hostFor(loaded.value);
  const options = (title: string) => ({ title, creationDate: NOW, templateRef: `${template.id}@${template.version}` });

  let pdf: Uint8Array = new Uint8Array();
  let pages = 0;
  const pdfWarm = median(
    await timeRuns(
      async () => {
        const r = await renderBriefingPdf(briefing, template, host);
        if (!r.ok) throw new Error(r.message);
        pdf = r.value.pdf;
        pages = r.value.pageCount;
      },
      15,
      3,
    ),
  );
  let ofd: Uint8Array = new Uint8Array();
  const ofdWarm = median(
    await timeRuns(
      () => {
        const layout = layoutBriefing({ briefing, template, fonts: host.fonts });
        ofd = writeOfd(layout, options(layout.metadata.title));
      },
      15,
      3,
    ),
  );
  const layout = layoutBriefing({ briefing, template, fonts: host.fonts });
  const writerOnly = median(await timeRuns(() => writeOfd(layout, options(layout.metadata.title)), 15, 3));
  const cache = createOfdFontCache();
  const writerCached = median(await timeRuns(() => writeOfd(layout, { ...options(layout.metadata.title), cache }), 15, 3));
  figures.push({ name: 'PDF export warm median (baseline, same run)', value: pdfWarm, unit: 'ms', note: `${pages} pages` });
  figures.push({ name: '.ofd export warm median (layout + OFD writer)', value: ofdWarm, unit: 'ms' });
  figures.push({ name: '.ofd OFD writer alone, given the layout', value: writerOnly, unit: 'ms' });
  figures.push({ name: '.ofd OFD writer alone, subset fonts cached (createOfdFontCache)', value: writerCached, unit: 'ms' });
  figures.push({ name: '.ofd warm ÷ PDF warm', value: ofdWarm / pdfWarm, unit: 'x' });
  figures.push({ name: 'PDF size', value: pdf.length / 1024, unit: 'KB' });
  figures.push({ name: '.ofd size', value: ofd.length / 1024, unit: 'KB' });

  const dir = mkdtempSync(join(tmpdir(), 'bs-ofd-bench-'));
  try {
    const script = join(dir, 'cold.mts');
    writeFileSync(script, COLD);
    const tsx = join(paths.root, 'node_modules', '.bin', 'tsx');
    const cold = (format: string) => median([0, 1, 2].map(() => Number(execFileSync(tsx, [script, format], { cwd: paths.root, encoding: 'utf8' }))));
    figures.push({ name: 'PDF export cold (fresh process, in-process time)', value: cold('pdf'), unit: 'ms' });
    figures.push({ name: '.ofd export cold (fresh process, in-process time)', value: cold('ofd'), unit: 'ms' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
