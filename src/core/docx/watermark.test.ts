import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadBriefing, loadTemplate, PINNED, renderOk } from '../../../tests/unit/pdf/render';
import { layoutWatermark } from './watermark';
import { writeBriefingDocx } from './writer';

/** The headers of a .docx by path. */
async function headers(watermark?: string): Promise<{ files: Record<string, string>; document: string }> {
  const briefing = loadBriefing('demo');
  const { layout } = await renderOk(briefing, watermark !== undefined ? { watermark } : {});
  const zip = unzipSync(await writeBriefingDocx({ briefing, template: loadTemplate().template, layout, now: PINNED }));
  const files = Object.fromEntries(Object.entries(zip).filter(([p]) => /^word\/header\d+\.xml$/.test(p)).map(([p, d]) => [p, strFromU8(d)]));
  return { files, document: strFromU8(zip['word/document.xml']!) };
}

describe('the .docx watermark', () => {
  it('is the layout\'s: text, size, grey and angle of the PDF', async () => {
    const { layout } = await renderOk(loadBriefing('demo'), { watermark: '征求意见稿' });
    const mark = layoutWatermark(layout)!;
    expect(mark.text).toBe('征求意见稿');
    const template = loadTemplate().template;
    expect(mark.gray).toBe(template.watermark.gray);
    expect(mark.angleDeg).toBe(template.watermark.angleDeg);
    expect(mark.sizePt).toBeGreaterThan(0);
    expect(mark.widthPt).toBeGreaterThan(mark.sizePt * 4);
    const { layout: none } = await renderOk(loadBriefing('demo'));
    expect(layoutWatermark(none)).toBeNull();
  });

  it('is Word\'s own watermark in every header the section uses, with a fixed shape id', async () => {
    const { files, document } = await headers('征求意见稿');
    const xml = Object.values(files);
    expect(xml.length).toBeGreaterThanOrEqual(1);
    for (const header of xml) {
      expect(header).toMatch(/<v:shape id="PowerPlusWaterMarkObject\d+"[^>]*rotation:\d+/);
      expect(header).toContain('string="征求意见稿"');
      expect(header).toMatch(/font-family:&quot;[^&]+&quot;/);
    }
    // The section names its headers (default; even pages too when the footers differ on them).
    expect(document).toContain('<w:headerReference w:type="default"');
    if (document.includes('<w:footerReference w:type="even"')) expect(document).toContain('<w:headerReference w:type="even"');
    // Same input, same bytes.
    const again = await headers('征求意见稿');
    expect(again.files).toEqual(files);
  });

  it('is absent when the copy has none', async () => {
    const { files } = await headers();
    expect(Object.values(files).some((x) => x.includes('PowerPlusWaterMarkObject'))).toBe(false);
  });
});
