// `npm run bench`: runs every tests/bench/*.bench.ts, prints each figure against its goal and
// writes tests/bench/.results/latest.json. Exit code 1 when a goal is missed.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { meetsGoal, type BenchFigure } from './util';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const results: Record<string, BenchFigure[]> = {};
let missed = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: () => Promise<BenchFigure[]> };
  process.stdout.write(`\n== ${file}\n`);
  const figures = await mod.default();
  results[file] = figures;
  for (const f of figures) {
    const ok = meetsGoal(f);
    if (!ok) missed++;
    const goal = f.goal ? ` (goal ${f.goal.max !== undefined ? `≤ ${f.goal.max}` : `≥ ${f.goal.min}`})` : '';
    process.stdout.write(`  ${ok ? 'ok  ' : 'MISS'} ${f.name}: ${f.value.toFixed(f.unit === 'count' ? 0 : 2)} ${f.unit}${goal}${f.note ? ` — ${f.note}` : ''}\n`);
  }
}
mkdirSync(join(dir, '.results'), { recursive: true });
writeFileSync(join(dir, '.results', 'latest.json'), JSON.stringify(results, null, 2));
process.stdout.write(`\n${missed === 0 ? 'All goals met.' : `${missed} goal(s) missed.`}\n`);
process.exitCode = missed === 0 ? 0 : 1;
