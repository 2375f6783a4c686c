import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pngBytes } from '../../../tests/support/images';
import { parseBriefingJson } from '../../shared/briefing';
import { parseTemplateJson, type Template } from '../../shared/template';
import { layoutBriefing } from '../layout';
import { fakeFace } from '../layout/test-support';
import { writeBriefingDocx } from './writer';

const root = join(import.meta.dirname, '..', '..', '..');
const base = (() => {
  const parsed = parseTemplateJson(readFileSync(join(root, 'templates', 'gongzuo-jianbao.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();
const demo = (() => {
  const parsed = parseBriefingJson(readFileSync(join(root, 'resources', 'samples', 'demo-briefing.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();
const png = pngBytes({ width: 40, height: 20, colorType: 6, pixel: (x) => [x * 6, 0, 0, 255] });
const NOW = new Date('2025-02-12T00:00:00Z');
const EMU_PER_MM = 36_000;

async function write(template: Template, images?: (file: string) => Uint8Array | undefined) {
  const layout = layoutBriefing({ briefing: demo, template, fonts: { chain: () => [fakeFace()] }, ...(images ? { images } : {}) });
  const zip = unzipSync(await writeBriefingDocx({ briefing: demo, template, layout, now: NOW }));
  return { zip, document: strFromU8(zip['word/document.xml']!), layout };
}

describe('the masthead logo in the .docx', () => {
  const template: Template = { ...base, masthead: { ...base.masthead, logo: { file: 'images/徽标.png', widthMm: 24, heightMm: 16, topMm: 20, align: 'center' } } };

  it('floats on page 1 where the PDF draws it: page-relative offsets, its size, no text wrap', async () => {
    const { zip, document, layout } = await write(template, () => png);
    const item = layout.pages[0]!.items.find((i) => i.kind === 'image')!;
    const anchor = /<wp:anchor[^>]*>.*?<\/wp:anchor>/s.exec(document)?.[0] ?? '';
    expect(anchor).toContain('<wp:positionH relativeFrom="page"><wp:posOffset>' + Math.round(item.x * 12_700) + '</wp:posOffset>');
    expect(anchor).toContain('<wp:positionV relativeFrom="page"><wp:posOffset>' + Math.round(item.y * 12_700) + '</wp:posOffset>');
    expect(anchor).toContain('<wp:wrapNone/>');
    // 24 mm × 16 mm box, a 2:1 image: 24 mm × 12 mm, give or take the 96-dpi pixel rounding.
    const extent = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(anchor)!;
    expect(Number(extent[1]) / EMU_PER_MM).toBeCloseTo(24, 0);
    expect(Number(extent[2]) / EMU_PER_MM).toBeCloseTo(12, 0);
    expect(anchor).toContain('descr="报头标志图片"');
    // The image itself is in the package.
    const media = Object.keys(zip).filter((p) => p.startsWith('word/media/'));
    expect(media.some((p) => Buffer.from(zip[p]!).equals(Buffer.from(png)))).toBe(true);
  });

  it('is left out when the layout could not use it, and absent without a logo', async () => {
    expect((await write(template, () => undefined)).document).not.toContain('报头标志图片');
    expect((await write(base)).document).not.toContain('报头标志图片');
  });
});
