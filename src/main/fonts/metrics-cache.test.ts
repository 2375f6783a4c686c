import { mkdtempSync, readdirSync, readFileSync, truncateSync, utimesSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBriefingPdf } from '../../core/pdf';
import { parseBriefingJson } from '../../shared/briefing';
import { createEngine } from '../engine';
import { findAppPaths } from '../paths';
import { resolveTemplate } from '../services/export';
import { parseFontFile } from './load';
import { fontMetrics, INK_CODE_POINTS } from './metrics-cache';

const paths = findAppPaths(import.meta.dirname);
const fontsDir = join(paths.resourcesDir, 'fonts');

describe('font metrics cache', () => {
  for (const file of ['FandolFang-Regular.otf', 'LXGWWenKai-Regular.ttf']) {
    it(`${file}: every code point of the BMP and of CJK Extension B answers as fontkit does`, () => {
      const path = join(fontsDir, file);
      const font = parseFontFile(path, { whole: true })[0]!;
      const dir = mkdtempSync(join(tmpdir(), 'bs-metrics-'));
      const built = fontMetrics(dir, path, font.postscriptName, () => font)!;
      const read = fontMetrics(dir, path, font.postscriptName, () => {
        throw new Error('parsed although cached');
      })!;
      let mapped = 0;
      const mismatches: string[] = [];
      for (const [from, to] of [[0, 0xffff], [0x20000, 0x2a6df]] as const) {
        for (let cp = from; cp <= to; cp++) {
          const has = font.hasGlyphForCodePoint(cp);
          for (const m of [built, read]) {
            if ((m.glyphId(cp) !== 0) !== has) mismatches.push(`U+${cp.toString(16)} has`);
          }
          if (!has) continue;
          mapped++;
          const glyph = font.glyphForCodePoint(cp);
          for (const m of [built, read]) {
            if (m.glyphId(cp) !== glyph.id || m.advance(m.glyphId(cp)) !== glyph.advanceWidth) mismatches.push(`U+${cp.toString(16)} gid/advance`);
          }
        }
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(mapped).toBeGreaterThan(6000);
      for (const cp of INK_CODE_POINTS) {
        const box = font.glyphForCodePoint(cp).bbox;
        expect(read.ink(cp)).toEqual({ minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY });
      }
      // An unmapped code point draws .notdef: its advance is glyph 0's.
      expect(read.advance(read.glyphId(0x10fff0))).toBe(font.glyphForCodePoint(0x10fff0).advanceWidth);
    });
  }

  it('is rebuilt when the font file changes or the cache file is damaged, and kept otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-metrics-'));
    const path = join(dir, 'font.otf');
    copyFileSync(join(fontsDir, 'FandolFang-Regular.otf'), path);
    let parses = 0;
    const parse = () => {
      parses++;
      return parseFontFile(path)[0]!;
    };
    const cacheDir = join(dir, 'cache');
    const first = fontMetrics(cacheDir, path, 'FandolFang-Regular', parse)!;
    expect(parses).toBe(1);
    expect(readdirSync(join(cacheDir, 'font-metrics'))).toHaveLength(1);
    fontMetrics(cacheDir, path, 'FandolFang-Regular', parse);
    expect(parses).toBe(1);
    utimesSync(path, new Date(2003, 3, 3), new Date(2003, 3, 3));
    fontMetrics(cacheDir, path, 'FandolFang-Regular', parse);
    expect(parses).toBe(2);
    const cacheFile = join(cacheDir, 'font-metrics', readdirSync(join(cacheDir, 'font-metrics'))[0]!);
    truncateSync(cacheFile, 100);
    const again = fontMetrics(cacheDir, path, 'FandolFang-Regular', parse)!;
    expect(parses).toBe(3);
    expect(again.glyphId(0x4e2d)).toBe(first.glyphId(0x4e2d));
    expect(readFileSync(cacheFile).length).toBeGreaterThan(100);
  });

  it('an export is byte-identical with no cache, a cold cache and a warm cache', async () => {
    const parsed = parseBriefingJson(readFileSync(join(paths.resourcesDir, 'samples', 'demo-briefing.json'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    const cacheDir = mkdtempSync(join(tmpdir(), 'bs-metrics-'));
    const render = async (cache: string | undefined) => {
      const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: tmpdir(), systemFontDirs: [], clock: () => new Date('2025-02-12T00:00:00Z'), appVersion: '0.0.0-test', keepTemplateVersions: false, ...(cache ? { cacheDir: cache } : {}) });
      const loaded = resolveTemplate(engine, 'gongzuo-jianbao');
      if (!loaded.ok) throw new Error(loaded.message);
      const r = await renderBriefingPdf(parsed.value, loaded.value.template, engine.hostFor(loaded.value));
      if (!r.ok) throw new Error(r.message);
      return Buffer.from(r.value.pdf);
    };
    const none = await render(undefined);
    const cold = await render(cacheDir);
    expect(readdirSync(join(cacheDir, 'font-metrics')).length).toBeGreaterThan(0);
    const warm = await render(cacheDir);
    expect(cold.equals(none)).toBe(true);
    expect(warm.equals(none)).toBe(true);
  }, 120_000);
});
