import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFontFiles, createNodeFontHost } from '.';
import { findAppPaths } from '../paths';

const paths = findAppPaths(import.meta.dirname);
const wenkai = join(paths.resourcesDir, 'fonts', 'LXGWWenKai-Regular.ttf');
const fonts = { files: [], systemFamilies: [] };
const template = (families: Partial<Record<string, string[]>> = {}) => ({
  fonts: {
    xiaobiaosong: fonts,
    songti: fonts,
    fangsong: { files: [], systemFamilies: families.fangsong ?? [] },
    heiti: { files: [], systemFamilies: families.heiti ?? [] },
    kaiti: fonts,
    fallback: fonts,
  },
});

/** A copy of a small TrueType font with its OS/2 fsType set (the table offset is found from the directory). */
function withFsType(source: string, target: string, fsType: number): void {
  const data = readFileSync(source);
  const numTables = data.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (data.toString('latin1', rec, rec + 4) === 'OS/2') data.writeUInt16BE(fsType, data.readUInt32BE(rec + 8) + 8);
  }
  writeFileSync(target, data);
}

describe('Node font host', () => {
  it('falls back to the bundled open fonts and reports them', () => {
    const host = createNodeFontHost({ resourcesDir: paths.resourcesDir, systemFontDirs: [] });
    const provider = host.providerFor(template());
    // The bundled 仿宋 is FandolFang, Noto Serif behind it for the characters it lacks.
    expect(provider.chain('fangsong').map((f) => f.postscriptName)).toEqual(['FandolFang-Regular', 'NotoSerifCJKsc-Regular']);
    expect(provider.chain('heiti')[0]?.postscriptName).toBe('NotoSansCJKsc-Regular');
    expect(provider.chain('kaiti')[0]?.postscriptName).toBe('LXGWWenKai-Regular');
    expect(provider.chain('xiaobiaosong')[0]?.postscriptName).toBe('NotoSerifCJKsc-Black');
    expect(provider.chain('fallback').map((f) => f.postscriptName)).toContain('HanaMinB');
    expect(provider.chain('fangsong')[0]?.origin).toBe('bundled');
    // Coverage: common characters, the rare 镕 and Ext-B 𠮷 via the fallback.
    expect(provider.chain('fangsong').some((f) => f.hasGlyph(0x9555))).toBe(true);
    expect(provider.chain('fangsong')[0]?.hasGlyph(0x8bae)).toBe(true);
    expect(provider.chain('fallback').some((f) => f.hasGlyph(0x20bb7))).toBe(true);
  });

  it('prefers an installed font the template names, when its licence permits embedding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-fonts-'));
    // Stand-ins for installed Windows fonts: copies of a bundled TrueType font under their file names.
    copyFileSync(wenkai, join(dir, 'simfang.ttf'));
    withFsType(wenkai, join(dir, 'simhei.ttf'), 0x0002);
    const host = createNodeFontHost({ resourcesDir: paths.resourcesDir, systemFontDirs: [dir] });
    const provider = host.providerFor(template({ fangsong: ['FangSong'], heiti: ['SimHei'] }));
    const fangsong = provider.chain('fangsong');
    expect(fangsong[0]?.origin).toBe('system');
    expect(fangsong[0]?.location).toBe(join(dir, 'simfang.ttf'));
    expect(fangsong[fangsong.length - 1]?.origin).toBe('bundled');
    // fsType 2 (restricted licence): skipped, the bundled 黑体 serves.
    expect(provider.chain('heiti').map((f) => f.origin)).toEqual(['bundled']);
  });

  it('uses a user-configured font file first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-user-font-'));
    copyFileSync(wenkai, join(dir, 'my-fangsong.ttf'));
    const host = createNodeFontHost({ resourcesDir: paths.resourcesDir, systemFontDirs: [], userFonts: { fangsong: join(dir, 'my-fangsong.ttf') } });
    const chain = host.providerFor(template()).chain('fangsong');
    expect(chain[0]?.origin).toBe('user');
    expect(chain[0]?.postscriptName).toBe('LXGWWenKai-Regular');
    expect(chain[1]?.origin).toBe('bundled');
  });

  it('parses each font file once per engine, and never shares faces between engines', () => {
    const files = createFontFiles();
    const a = createNodeFontHost({ resourcesDir: paths.resourcesDir, systemFontDirs: [], files }).providerFor(template()).chain('songti')[0];
    const b = createNodeFontHost({ resourcesDir: paths.resourcesDir, systemFontDirs: [], files }).providerFor(template()).chain('songti')[0];
    // Identity compared as booleans: printing a face would walk a whole parsed font.
    expect(a === b).toBe(true);
    const other = createNodeFontHost({ resourcesDir: paths.resourcesDir, systemFontDirs: [] }).providerFor(template()).chain('songti')[0];
    expect(other === a).toBe(false);
    expect(other?.key).toBe(a?.key);
    // The same file parsed twice (two worlds) gives the same metrics.
    expect(other?.advance(0x4e2d)).toBe(a?.advance(0x4e2d));
  });
});
