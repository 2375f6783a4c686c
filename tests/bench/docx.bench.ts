// .docx export benchmark on the reference fixture (~10 pages) against our PDF export in the same
// run: warm and cold (fresh process) exports, the Word writer alone given the layout, sizes. The
// scaffolding is shared with ofd.bench.ts (format-export.ts). Run alone: `npx tsx tests/bench/run.ts docx`.
import { writeBriefingDocx } from '../../src/core/docx';
import { formatBench } from './format-export';
import type { BenchFigure } from './util';

export default function docxBench(): Promise<BenchFigure[]> {
  return formatBench({
    format: 'docx',
    label: '.docx',
    warmGoalMs: 200,
    sizeGoalKB: 200,
    writers: [{ name: 'Word writer alone, given the layout', run: ({ briefing, template, host }, layout) => writeBriefingDocx({ briefing, template, layout, now: host.now() }) }],
  });
}
