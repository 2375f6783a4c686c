// Extraction of a 30,000-character policy text (the bundled articles and the report fixture,
// repeated): goal ≤ 1 s. Baseline in the same run: splitting the same text into sentences only,
// the floor any extractor pays.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractCandidates } from '../../src/core/extract';
import { median, timeRuns, type BenchFigure } from './util';

const root = join(import.meta.dirname, '..', '..');

export default async function extractBench(): Promise<BenchFigure[]> {
  const sources = (JSON.parse(readFileSync(join(root, 'resources', 'library', 'sources.json'), 'utf8')) as { sources: { paragraphs: { text: string }[] }[] }).sources;
  const base = [...sources.flatMap((s) => s.paragraphs.map((p) => p.text)), ...readFileSync(join(root, 'tests', 'fixtures', 'sources', 'report.txt'), 'utf8').split('\n').filter(Boolean)];
  const paragraphs: string[] = [];
  while (paragraphs.join('').length < 30_000) paragraphs.push(...base);
  const chars = paragraphs.join('').length;
  let count = 0;
  const times = await timeRuns(() => {
    count = extractCandidates(paragraphs, { year: 2025, city: '南京' }).length;
  }, 10, 2);
  const baseline = await timeRuns(() => paragraphs.map((p) => p.split(/[。！？；]/u)), 10, 2);
  return [
    { name: `extract ${chars} characters (${count} candidates), median`, value: median(times), unit: 'ms', goal: { max: 1000 } },
    { name: 'baseline: sentence split of the same text, median', value: median(baseline), unit: 'ms' },
  ];
}
