// An OFD's bytes depend on the draft alone: not on what the engine rendered before it (a PDF of
// the same draft), with the font metrics cache on. Found when the same export with and without a
// PDF beside it gave Noto Sans subsets whose hmtx said 606 instead of 1000 for every Han glyph.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { renderBriefingOfd } from '../../../src/core/ofd';
import { renderBriefingPdf } from '../../../src/core/pdf';
import { createEngine } from '../../../src/main/engine';
import { parseBriefingJson } from '../../../src/shared/briefing';
import { loadTemplate, paths, PINNED } from '../pdf/render';

const dir = mkdtempSync(join(tmpdir(), 'ofd-determinism-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parsed = parseBriefingJson(readFileSync(join(paths.resourcesDir, 'samples', 'demo-briefing.json'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const briefing = parsed.value;

async function ofdFiles(afterPdf: boolean): Promise<Record<string, Uint8Array>> {
  const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: dir, cacheDir: join(dir, 'cache'), systemFontDirs: [], clock: () => PINNED, appVersion: '0.0.0-test' });
  const loaded = loadTemplate();
  const host = engine.hostFor(loaded);
  if (afterPdf) expect((await renderBriefingPdf(briefing, loaded.template, host)).ok).toBe(true);
  const result = await renderBriefingOfd(briefing, loaded.template, host);
  if (!result.ok) throw new Error(result.message);
  return unzipSync(result.value.ofd);
}

/** The advance of glyph `index` in an sfnt's hmtx (all long metrics here). */
function advance(font: Uint8Array, index: number): number {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = view.getUint16(4);
  for (let i = 0; i < tables; i++) {
    const at = 12 + i * 16;
    if (String.fromCharCode(...font.subarray(at, at + 4)) === 'hmtx') return view.getUint16(view.getUint32(at + 8) + index * 4);
  }
  throw new Error('no hmtx');
}

describe('OFD bytes', () => {
  it('are the same exported alone or after a PDF of the same draft (metrics cache on), with the font’s own advances', async () => {
    await ofdFiles(false); // builds the metrics cache: the next engine lays out without parsing a font
    const alone = await ofdFiles(false);
    const after = await ofdFiles(true);
    expect(Object.keys(after).sort()).toEqual(Object.keys(alone).sort());
    const differing = Object.keys(alone).filter((name) => Buffer.compare(Buffer.from(alone[name]!), Buffer.from(after[name]!)) !== 0);
    expect(differing).toEqual([]);
    // Every Han glyph of Noto Sans CJK is 1000 units wide; the subsets keep that.
    const fonts = Object.entries(alone).filter(([name]) => name.endsWith('.otf'));
    expect(fonts.length).toBeGreaterThan(0);
    for (const [, data] of fonts) expect(advance(data, 0)).toBeGreaterThan(0);
  }, 120_000);
});
