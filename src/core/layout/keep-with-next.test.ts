import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../shared/briefing';
import { parseTemplateJson } from '../../shared/template';
import { createBriefing } from '../briefing';
import { layoutBriefing } from '.';
import { fakeFace } from './test-support';

const root = join(import.meta.dirname, '..', '..', '..');
const template = (() => {
  const parsed = parseTemplateJson(readFileSync(join(root, 'templates', 'gongzuo-jianbao.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();

const frozen = {
  kind: 'indicator' as const,
  city: '杭州',
  subject: '研发投入强度',
  quote: '杭州全社会研发投入强度3.85%，居副省级城市前列。'.repeat(3),
  figure: { value: 3.85, unit: '%' },
  citation: { sourceId: 's1', sourceTitle: '篇', outlet: '上海证券报', date: '2025-02-08', paragraph: 1 },
};

/** What may follow a heading, each as the block with id `f`. */
const followers: Record<string, Block> = {
  paragraph: { id: 'f', type: 'paragraph', runs: [{ text: '我市加快建设科创金融体系，推动成果转化。'.repeat(4) }] },
  note: { id: 'f', type: 'note', text: '编者按：以下材料供参阅。'.repeat(3) },
  excerpt: { id: 'f', type: 'excerpt', itemId: 'hz-rd', frozen },
  table: {
    id: 'f',
    type: 'table',
    caption: '主要指标',
    columns: [{ label: '地区' }, { label: '研发投入强度', unit: '%' }, { label: '增速', unit: '%' }],
    rows: Array.from({ length: 6 }, (_, k) => ({ label: `城市${k + 1}`, cells: [{ text: '3.85' }, { text: '7.1' }] })),
  },
  chart: {
    id: 'f',
    type: 'chart',
    title: '研发投入强度',
    unit: '%',
    bars: Array.from({ length: 6 }, (_, k) => ({ label: `城市${k + 1}`, value: 3 + k / 2 })),
  },
};

/** The pages on which items of `blockId` are drawn. */
function pagesOf(layout: ReturnType<typeof layoutBriefing>, blockId: string): number[] {
  return layout.pages.filter((p) => p.items.some((i) => 'struct' in i && i.struct.blockId === blockId)).map((p) => p.index);
}

describe('keep-with-next', () => {
  for (const [name, follower] of Object.entries(followers)) {
    it(`never leaves a heading as the last line of a page before a ${name}`, () => {
      let moved = 0;
      // A filler paragraph one line longer each time walks the headings down past the page foot.
      for (let lines = 1; lines <= 30; lines++) {
        const briefing = createBriefing({
          id: 'b',
          template: { id: template.id, version: template.version },
          title: '标题',
          today: '2025-02-12',
          meta: template.skeleton.meta,
          blocks: [
            { id: 'p0', type: 'paragraph', runs: [{ text: '字'.repeat(28 * lines - 2) }] },
            { id: 'h1', type: 'heading', level: 1, text: '对策建议' },
            { id: 'h2', type: 'heading', level: 2, text: '加快科创金融' },
            follower,
          ],
        });
        const layout = layoutBriefing({ briefing, template, fonts: { chain: () => [fakeFace()] } });
        const h1 = pagesOf(layout, 'h1');
        const h2 = pagesOf(layout, 'h2');
        const f = pagesOf(layout, 'f');
        expect(h1).toHaveLength(1);
        expect(h2).toEqual(h1);
        expect(f[0]).toBe(h1[0]);
        if (h1[0]! > 0 && pagesOf(layout, 'p0').at(-1) === h1[0]! - 1) moved++;
      }
      // The sweep did push the headings over a page break at least once.
      expect(moved).toBeGreaterThan(0);
    });
  }
});
