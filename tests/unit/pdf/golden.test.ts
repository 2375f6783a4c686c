// Golden files: fixture briefings rendered on a pinned clock, compared with stored references
// (a) as extracted text with positions and fonts, (b) as page images rendered by poppler.
// Update the references after an intended layout change with:
//   UPDATE_GOLDEN=1 npx vitest run --project node tests/unit/pdf/golden.test.ts
// then look at the new PNGs in tests/golden/<fixture>/ before committing them.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageDifference, pagePngs } from '../../support/page-images';
import { extractRuns, requireTools } from './extract';
import { loadBriefing, paths, renderOk } from './render';

const update = process.env.UPDATE_GOLDEN === '1';
const DPI = 30;
const cases: { name: string; options?: { copyNumber?: string } }[] = [
  { name: 'demo' },
  { name: 'full-grid' },
  { name: 'numbered', options: { copyNumber: '000017' } },
  { name: 'wide-table' },
  { name: 'chart-empty' },
  { name: 'empty' },
];

describe('golden files', () => {
  for (const { name, options } of cases) {
    it(`${name}: text with positions and page images match the references`, async () => {
      const dir = join(paths.root, 'tests', 'golden', name);
      const result = await renderOk(loadBriefing(name), options ?? {});
      const pages = await extractRuns(result.pdf);
      const text = pages.map((p, i) => ({
        page: i + 1,
        runs: p.runs.map((r) => ({ str: r.str, x: +r.x.toFixed(2), baseline: +r.baseline.toFixed(2), size: +r.size.toFixed(2), font: r.font })),
      }));
      const textJson = `${JSON.stringify(text, null, 1)}\n`;
      if (update) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'text.json'), textJson);
      }
      expect(existsSync(join(dir, 'text.json')), `missing reference: run UPDATE_GOLDEN=1 (see the top of this file)`).toBe(true);
      expect(JSON.parse(textJson)).toEqual(JSON.parse(readFileSync(join(dir, 'text.json'), 'utf8')));

      if (!requireTools('pdftoppm')) return;
      const pngs = pagePngs(result.pdf, DPI);
      if (update) pngs.forEach((png, i) => writeFileSync(join(dir, `page-${i + 1}.png`), png));
      const references = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f));
      expect(pngs).toHaveLength(references.length);
      pngs.forEach((png, i) => {
        const diff = imageDifference(png, readFileSync(join(dir, `page-${i + 1}.png`)));
        expect(diff.sameSize, `page ${i + 1}: same size`).toBe(true);
        // Tolerates anti-aliasing differences between poppler versions, not a moved line.
        expect(diff.mean, `page ${i + 1}: mean difference`).toBeLessThan(1);
        expect(diff.changed, `page ${i + 1}: changed pixels`).toBeLessThan(0.003);
      });
    }, 30_000);
  }
});
