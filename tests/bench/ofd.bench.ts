// OFD export benchmark on the reference fixture (~10 pages) against our PDF export in the same
// run: warm and cold (fresh process) exports, the OFD writer alone given the layout (subset fonts
// made each time, and kept in a font cache), sizes. The scaffolding is shared with docx.bench.ts
// (format-export.ts). Run alone: `npx tsx tests/bench/run.ts ofd`.
import { createOfdFontCache, writeOfd } from '../../src/core/ofd';
import { formatBench } from './format-export';
import type { BenchFigure } from './util';

export default function ofdBench(): Promise<BenchFigure[]> {
  const cache = createOfdFontCache();
  const options = (world: { host: { now(): Date } }, title: string) => ({ title, creationDate: world.host.now(), templateRef: 'gongzuo-jianbao' });
  return formatBench({
    format: 'ofd',
    label: '.ofd',
    writers: [
      { name: 'OFD writer alone, given the layout', run: (world, layout) => writeOfd(layout, options(world, layout.metadata.title)) },
      { name: 'OFD writer alone, subset fonts cached (createOfdFontCache)', run: (world, layout) => writeOfd(layout, { ...options(world, layout.metadata.title), cache }) },
    ],
  });
}
