// Citation markers 〔n〕 and table/chart numbers in the PDF: each linked figure and excerpt carries
// its source's number in the 资料来源 list; a template can hide the markers.
import { describe, expect, it } from 'vitest';
import { citationKey, citedSources, figureNumbers } from '../../../src/core/briefing';
import type { Briefing } from '../../../src/shared/briefing';
import { extractRuns, linesOf } from './extract';
import { loadBriefing, loadTemplate, render } from './render';

async function pdfText(briefing: Briefing, markers?: boolean, sources = true): Promise<{ text: string; runs: Awaited<ReturnType<typeof extractRuns>>[number]['runs'] }> {
  const loaded = loadTemplate();
  const template = { ...loaded.template, sources: { ...loaded.template.sources, enabled: sources, ...(markers === undefined ? {} : { markers }) } };
  const result = await render(briefing, {}, { ...loaded, template });
  if (!result.ok) throw new Error(result.message);
  const pages = await extractRuns(result.value.pdf);
  return { text: pages.map((p) => linesOf(p.runs).map((l) => l.text).join('')).join('').replace(/\s/g, ''), runs: pages.flatMap((p) => p.runs) };
}

describe('citation markers 〔n〕', () => {
  const demo = loadBriefing('demo');

  it('follow every linked figure with the number its source has in 资料来源, raised and smaller', async () => {
    const { text, runs } = await pdfText(demo);
    const numbers = new Map(citedSources(demo.blocks).map((s) => [s.key, s.number]));
    let checked = 0;
    for (const block of demo.blocks) {
      if (block.type !== 'paragraph') continue;
      for (const run of block.runs) {
        if (!run.link) continue;
        expect(text).toContain(`${run.text}〔${numbers.get(citationKey(run.link.frozen))}〕`);
        checked++;
      }
    }
    expect(checked).toBe(7);
    // 资料来源 lists exactly the numbers the markers use
    for (const n of new Set(numbers.values())) expect(text).toMatch(new RegExp(`资料来源：.*${n}\\.《`));
    const marker = runs.find((r) => /^〔\d+〕$/.test(r.str.trim()));
    const body = runs.find((r) => Math.abs(r.size - 16) < 0.05);
    expect(marker!.size).toBeLessThan(body!.size * 0.7);
  });

  it('follow an excerpt too', async () => {
    const excerpt = { id: 'q1', type: 'excerpt' as const, itemId: 'nj-tech-transfer-rate-2023', frozen: demo.blocks.flatMap((b) => (b.type === 'paragraph' ? b.runs : [])).find((r) => r.link)!.link!.frozen };
    const { text } = await pdfText({ ...demo, blocks: [excerpt] });
    expect(text).toContain(`${excerpt.frozen.quote.replace(/\s/g, '')}〔1〕`);
  });

  it('are not printed when the template turns them off, or does not print 资料来源', async () => {
    for (const [markers, sources] of [[false, true], [true, false]] as const) {
      const { text } = await pdfText(demo, markers, sources);
      expect(text).not.toMatch(/〔\d+〕/);
      expect(text).toContain('1.85万亿元GDP');
    }
  });
});

describe('table and chart numbers', () => {
  it('print 表N / 图N before captions and titles, as figureNumbers says', async () => {
    const demo = loadBriefing('demo');
    const { text } = await pdfText(demo);
    const labels = figureNumbers(demo.blocks);
    expect([...labels.values()]).toEqual(['表1', '图1']);
    expect(text).toContain('表1南京与杭州部分创新指标对比');
    expect(text).not.toContain('表1表1');
    expect(text).toContain('图1南京与杭州私募基金管理规模');
  });
});
