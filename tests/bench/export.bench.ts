// Export benchmark on the reference fixture (tests/fixtures/briefings/bench-reference.json: ~10 pages,
// ~5,000 Chinese characters, four heading levels, two tables, one chart, masthead and 报尾):
// warm export median, the same content printed by headless Chromium in the same run (ratio),
// a cold `node bin/briefsmith.js export`, output size, and characters that differ between the
// source text and the text extracted from the PDF.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { headingPrefix, HeadingCounter, excerptText, stripTypedNumber } from '../../src/core/layout';
import { renderBriefingPdf } from '../../src/core/pdf';
import { findAppPaths } from '../../src/main/paths';
import { createEngine } from '../../src/main/engine';
import { resolveTemplate } from '../../src/main/services/export';
import { parseBriefingJson, type Briefing } from '../../src/shared/briefing';
import { median, timeRuns, type BenchFigure } from './util';

const paths = findAppPaths(import.meta.dirname);
const fixture = join(paths.root, 'tests', 'fixtures', 'briefings', 'bench-reference.json');
const strip = (s: string) => s.replace(/\s+/g, '');
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function loadFixture(): Briefing {
  const parsed = parseBriefingJson(readFileSync(fixture, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/** The text every block must read as, in order (what "0 characters differ" is measured against). */
function sourcePieces(briefing: Briefing, headings: { numbering: Parameters<typeof headingPrefix>[0] }[]): string[] {
  const counter = new HeadingCounter();
  const pieces = [briefing.title, briefing.meta.editorNote];
  for (const b of briefing.blocks) {
    if (b.type === 'heading') pieces.push(`${headingPrefix(headings[b.level - 1]!.numbering, counter.next(b.level))}${stripTypedNumber(b.text)}`);
    if (b.type === 'paragraph') pieces.push(b.runs.map((r) => r.text).join(''));
    if (b.type === 'excerpt') pieces.push(excerptText(b));
  }
  return pieces.map(strip).filter((p) => p !== '');
}

/** Characters of the source pieces not found, in order, in the extracted text. */
function differingCharacters(pieces: readonly string[], extracted: string): number {
  const text = strip(extracted).replace(/—\d+—/g, '');
  let from = 0;
  let missing = 0;
  for (const piece of pieces) {
    const at = text.indexOf(piece, from);
    if (at >= 0) {
      from = at + piece.length;
      continue;
    }
    // Count the characters that differ: walk the piece against the text from the cursor.
    let k = from;
    for (const ch of piece) {
      const found = text.indexOf(ch, k);
      if (found >= 0 && found - k < 4) k = found + 1;
      else missing++;
    }
    from = k;
  }
  return missing;
}

/** The same content as HTML for Chromium: A4, the type area, 16 pt serif body on a 29.6 pt leading. */
function toHtml(briefing: Briefing, pieces: readonly string[]): string {
  const body: string[] = [];
  const counter = new HeadingCounter();
  for (const b of briefing.blocks) {
    if (b.type === 'heading') body.push(`<h${b.level}>${escapeHtml(pieces.find((p) => p.endsWith(strip(stripTypedNumber(b.text))) && p.length - strip(b.text).length < 6) ?? b.text)}</h${b.level}>`);
    else if (b.type === 'paragraph') body.push(`<p>${escapeHtml(b.runs.map((r) => r.text).join(''))}</p>`);
    else if (b.type === 'excerpt') body.push(`<p>${escapeHtml(excerptText(b))}</p>`);
    else if (b.type === 'table') {
      body.push(`<table><caption>${escapeHtml(b.caption)}</caption><tr>${b.columns.map((c) => `<th>${escapeHtml(c.label)}${c.unit ? `（${escapeHtml(c.unit)}）` : ''}</th>`).join('')}</tr>`);
      for (const r of b.rows) body.push(`<tr><td>${escapeHtml(r.label)}</td>${r.cells.map((c) => `<td class="n">${escapeHtml(c.text)}</td>`).join('')}</tr>`);
      body.push('</table>');
    } else if (b.type === 'chart') {
      const max = Math.max(1, ...b.bars.map((x) => x.value));
      body.push(`<figure><figcaption>${escapeHtml(b.title)}</figcaption><svg width="156mm" height="60mm" viewBox="0 0 156 60">${b.bars
        .map((x, i) => `<rect x="${20 + i * 50}" y="${55 - (x.value / max) * 50}" width="25" height="${(x.value / max) * 50}" fill="#404040"/><text x="${32 + i * 50}" y="59" font-size="4" text-anchor="middle">${escapeHtml(x.label)}</text>`)
        .join('')}</svg></figure>`);
    }
    void counter;
  }
  const d = briefing.meta.distribution;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-right { content: "— " counter(page) " —"; } }
body { font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 29.6pt; margin: 0; text-align: justify; }
.name { color: #f00; font-size: 42pt; text-align: center; font-weight: 900; letter-spacing: 0.25em; margin-top: 25mm; line-height: 1; }
.issue, h1.title { text-align: center; } h1.title { font-size: 22pt; font-weight: bold; }
.row { display: flex; justify-content: space-between; border-bottom: 2.25pt solid #f00; padding-bottom: 4mm; }
p { text-indent: 2em; margin: 0; } h1, h2, h3, h4 { font-size: 16pt; margin: 0; text-indent: 2em; font-weight: normal; }
h1 { font-family: 'Noto Sans CJK SC', sans-serif; } h2 { font-family: 'LXGW WenKai', serif; }
table { width: 100%; border-collapse: collapse; font-size: 14pt; line-height: 1.4; } td, th { border: 0.5pt solid #000; } .n { text-align: right; }
.tail { border-top: 0.35mm solid #000; border-bottom: 0.35mm solid #000; font-size: 14pt; }
</style></head><body>
<div>内部资料\u3000注意保存</div><div class="name">${escapeHtml(briefing.meta.seriesName)}</div>
<div class="issue">第${briefing.meta.issueNumber ?? ''}期</div><div class="row"><span>${escapeHtml(briefing.meta.publisher)}</span><span>2025年2月12日</span></div>
<h1 class="title">${escapeHtml(briefing.title)}</h1>
<p>编者按：${escapeHtml(briefing.meta.editorNote)}</p>
${body.join('\n')}
<div class="tail"><div>报：${escapeHtml(d.bao.join('，'))}。</div><div>送：${escapeHtml(d.song.join('，'))}。</div><div>发：${escapeHtml(d.fa.join('，'))}。</div></div>
</body></html>`;
}

function pdftotext(path: string): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

export default async function exportBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const briefing = loadFixture();
  const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: tmpdir(), systemFontDirs: [], clock: () => new Date('2025-02-12T00:00:00Z'), appVersion: paths.version, keepTemplateVersions: false });
  const loaded = resolveTemplate(engine, 'gongzuo-jianbao');
  if (!loaded.ok) throw new Error(loaded.message);
  const host = engine.hostFor(loaded.value);
  const pieces = sourcePieces(briefing, loaded.value.template.headings);
  const dir = mkdtempSync(join(tmpdir(), 'bs-bench-'));

  // Warm export: fonts parsed once; median of 20 runs after 5 warm-up runs.
  let pdf: Uint8Array = new Uint8Array();
  let pages = 0;
  const warm = await timeRuns(
    async () => {
      const r = await renderBriefingPdf(briefing, loaded.value.template, host);
      if (!r.ok) throw new Error(r.message);
      pdf = r.value.pdf;
      pages = r.value.pageCount;
    },
    20,
    5,
  );
  const warmMedian = median(warm);
  figures.push({ name: 'warm export median (reference fixture)', value: warmMedian, unit: 'ms', goal: { max: 100 }, note: `${pages} pages` });
  figures.push({ name: 'output size', value: pdf.length / 1024, unit: 'KB', goal: { max: 600 } });
  const ours = join(dir, 'briefsmith.pdf');
  await import('node:fs').then((fs) => fs.writeFileSync(ours, pdf));
  figures.push({ name: 'characters differing between source and extracted text', value: differingCharacters(pieces, pdftotext(ours)), unit: 'count', goal: { max: 0 }, note: `${pieces.join('').length} source characters` });

  // Cold CLI export: a fresh `node bin/briefsmith.js export` process, median of 5 (measured before Chromium starts, so it does not compete for the CPU).
  const cli = join(paths.root, 'out', 'cli', 'index.js');
  if (!existsSync(cli)) execFileSync('npx', ['vite', 'build', '--config', 'vite.cli.config.ts'], { cwd: paths.root, stdio: 'ignore' });
  const cold: number[] = [];
  const cpu: number[] = [];
  const timeTool = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  for (let i = 0; i < 5; i++) {
    const out = join(dir, `cold-${i}.pdf`);
    // A plain Node process: without the TypeScript loader this benchmark itself runs under.
    const env: NodeJS.ProcessEnv = { ...process.env, SOURCE_DATE_EPOCH: '1739318400' };
    delete env.NODE_OPTIONS;
    const command = [process.execPath, join(paths.root, 'bin', 'briefsmith.js'), 'export', fixture, '-o', out];
    const start = performance.now();
    // /usr/bin/time also reports the CPU time (user + sys), which a loaded machine distorts less.
    const r = timeTool ? spawnSync(timeTool, ['-f', 'BENCH_CPU %U %S', ...command], { encoding: 'utf8', env }) : spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', env });
    cold.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`cold export failed: ${r.stderr}`);
    const measured = /BENCH_CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
    if (measured) cpu.push((Number(measured[1]) + Number(measured[2])) * 1000);
    if (i === 0) figures.push({ name: 'cold CLI output size', value: statSync(out).size / 1024, unit: 'KB', goal: { max: 600 } });
  }
  if (cpu.length > 0) figures.push({ name: 'cold CLI CPU time (user + sys) median', value: median(cpu), unit: 'ms', note: 'for comparison when the machine is loaded' });
  figures.push({ name: 'cold `node bin/briefsmith.js export` median', value: median(cold), unit: 'ms', goal: { max: 1000 }, note: `runs: ${cold.map((t) => t.toFixed(0)).join(', ')} ms` });

  // Headless Chromium printing the same content, page kept open, measured in the same run.
  const chromiumPath = '/usr/bin/chromium';
  if (existsSync(chromiumPath)) {
    // A fresh user-data-dir (playwright passes it as --user-data-dir) and the flags toolchain.md lists.
    const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'bs-chromium-')), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const html = toHtml(briefing, pieces);
      let printed: Buffer = Buffer.alloc(0);
      const times = await timeRuns(
        async () => {
          await page.setContent(html, { waitUntil: 'load' });
          printed = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
        },
        7,
        2,
      );
      const chromiumMedian = median(times);
      figures.push({ name: 'Chromium page.pdf() median, same content', value: chromiumMedian, unit: 'ms' });
      figures.push({ name: 'speed-up over Chromium (median / median)', value: chromiumMedian / warmMedian, unit: 'x', goal: { min: 5 } });
      const theirs = join(dir, 'chromium.pdf');
      await import('node:fs').then((fs) => fs.writeFileSync(theirs, printed));
      figures.push({ name: 'Chromium output size (for comparison)', value: printed.length / 1024, unit: 'KB' });
      figures.push({ name: 'Chromium: characters differing in its text layer (for comparison)', value: differingCharacters(pieces, pdftotext(theirs)), unit: 'count' });
    } finally {
      await browser.close();
    }
  } else {
    figures.push({ name: 'Chromium comparison skipped: /usr/bin/chromium not found', value: 0, unit: 'count' });
  }

  return figures;
}
