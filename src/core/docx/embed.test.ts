import { strFromU8, unzipSync } from 'fflate';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { loadBriefing, loadTemplate, PINNED, renderOk } from '../../../tests/unit/pdf/render';
import { docxEmbeddedFonts } from './embed';
import { writeBriefingDocx } from './writer';
import { deobfuscateFont, fontKeyOf, fontTableXml } from './font-table';

interface Parsed {
  readonly familyName: string;
  readonly numGlyphs: number;
  hasGlyphForCodePoint(cp: number): boolean;
}
const parse = (data: Uint8Array): Parsed => fontkit.create(Buffer.from(data)) as unknown as Parsed;

describe('docxEmbeddedFonts', () => {
  it('cuts each role\'s face down to the characters the document draws with it, plus the editing set', async () => {
    const { layout } = await renderOk(loadBriefing('demo'));
    const fonts = docxEmbeddedFonts(layout);
    const roles = fonts.map((f) => f.role);
    // The demo draws its body in 仿宋, its title in 小标宋, headings in 黑体 and 楷体.
    expect(roles).toEqual(expect.arrayContaining(['xiaobiaosong', 'fangsong', 'heiti', 'kaiti']));
    const fangsong = fonts.find((f) => f.role === 'fangsong')!;
    const font = parse(fangsong.data);
    // Named as the file names itself (name ID 1): Word registers an embedded font under that name.
    expect(font.familyName).toBe(fangsong.family);
    const drawn = new Set<number>();
    const face = layout.fontReport.find((e) => e.role === 'fangsong')!;
    for (const page of layout.pages) {
      for (const item of page.items) {
        if (item.kind === 'text' && item.face.postscriptName === face.postscriptName) for (const g of item.glyphs) drawn.add(g.char.codePointAt(0)!);
      }
    }
    expect(drawn.size).toBeGreaterThan(200);
    const missing = [...drawn].filter((cp) => !font.hasGlyphForCodePoint(cp));
    expect(missing).toEqual([]);
    for (const ch of '0123456789%。年') expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!)).toBe(true);
    // A subset, not the whole face: a few hundred glyphs of the font's thousands.
    expect(font.numGlyphs).toBeLessThan(drawn.size + 200);
    expect(fangsong.data.length).toBeLessThan(600_000);
  });

  it('gives the same bytes for the same layout', async () => {
    const { layout } = await renderOk(loadBriefing('demo'));
    const a = docxEmbeddedFonts(layout);
    const b = docxEmbeddedFonts(layout);
    expect(a.map((f) => f.family)).toEqual(b.map((f) => f.family));
    expect(a.every((f, i) => Buffer.from(f.data).equals(Buffer.from(b[i]!.data)))).toBe(true);
  });
});

describe('fontTableXml', () => {
  it('lists each font once with its substitutes, character set and embedded file', () => {
    const xml = fontTableXml([{ name: '仿宋_GB2312' }, { name: '黑体' }, { name: '仿宋_GB2312' }, { name: 'FandolFang R', embed: { rId: 'rId1', key: '01234567-89AB-CDEF-0123-456789ABCDEF' } }]);
    expect(xml.match(/<w:font /g)).toHaveLength(3);
    expect(xml).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>');
    expect(xml).toContain('<w:font w:name="FandolFang R"><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/><w:embedRegular r:id="rId1" w:fontKey="{01234567-89AB-CDEF-0123-456789ABCDEF}"/></w:font>');
  });

  it('escapes names', () => {
    expect(fontTableXml([{ name: 'A&B "x"' }])).toContain('w:name="A&amp;B &quot;x&quot;"');
  });
});

describe('fontKeyOf', () => {
  it('is a GUID that depends on the name and the bytes only', () => {
    const data = new Uint8Array(1000).map((_, i) => i % 7);
    const key = fontKeyOf('FandolFang R', data);
    expect(key).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(fontKeyOf('FandolFang R', data.slice())).toBe(key);
    expect(fontKeyOf('FandolFang', data)).not.toBe(key);
    const other = data.slice();
    other[999] = 9;
    expect(fontKeyOf('FandolFang R', other)).not.toBe(key);
  });

  it('deobfuscateFont undoes ECMA-376 obfuscation: the first 32 bytes XORed with the key reversed', () => {
    const data = new Uint8Array(64).map((_, i) => i);
    const key = '00112233-4455-6677-8899-AABBCCDDEEFF';
    const reversed = [0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00];
    const obfuscated = data.map((b, i) => (i < 32 ? b ^ reversed[i % 16]! : b));
    expect([...deobfuscateFont(obfuscated, key)]).toEqual([...data]);
    expect([...deobfuscateFont(obfuscated, `{${key}}`)]).toEqual([...data]);
  });
});

describe('a .docx with embedded fonts', () => {
  it('keys each embedded file from its bytes: the table\'s key reads it back, and the file is the same every time', async () => {
    const briefing = loadBriefing('demo');
    const { layout } = await renderOk(briefing);
    const embedFonts = docxEmbeddedFonts(layout);
    const write = () => writeBriefingDocx({ briefing, template: loadTemplate().template, layout, now: PINNED, embedFonts });
    const a = await write();
    const b = await write();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const files = unzipSync(a);
    const table = strFromU8(files['word/fontTable.xml']!);
    const rels = strFromU8(files['word/_rels/fontTable.xml.rels']!);
    const embedded = [...table.matchAll(/<w:font w:name="([^"]+)">(?:(?!<\/w:font>).)*<w:embedRegular r:id="(rId\d+)" w:fontKey="\{([0-9A-F-]+)\}"\/>/g)];
    expect(embedded.map((m) => m[1])).toEqual([...new Set(embedFonts.map((f) => f.family))]);
    for (const [, name, rId, key] of embedded) {
      const target = new RegExp(`Id="${rId}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
      const data = deobfuscateFont(files[`word/${target}`]!, key!);
      expect(Buffer.from(data).equals(Buffer.from(embedFonts.find((f) => f.family === name)!.data))).toBe(true);
      expect(parse(data).familyName).toBe(name);
    }
    // Runs name the embedded families.
    expect(strFromU8(files['word/styles.xml']!)).toContain(`w:eastAsia="${embedFonts.find((f) => f.role === 'fangsong')!.family}"`);
  });

  it('without embedding, the font table names the official fonts with their substitutes', async () => {
    const briefing = loadBriefing('demo');
    const { layout } = await renderOk(briefing);
    const files = unzipSync(await writeBriefingDocx({ briefing, template: loadTemplate().template, layout, now: PINNED }));
    const table = strFromU8(files['word/fontTable.xml']!);
    expect(table).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>');
    expect(table).toContain('<w:font w:name="黑体">');
    expect(table).not.toContain('embedRegular');
    expect(Object.keys(files).some((p) => p.endsWith('.odttf'))).toBe(false);
  });
});
