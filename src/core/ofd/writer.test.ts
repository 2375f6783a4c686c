import { unzipSync, strFromU8 } from 'fflate';
import * as fontkit from 'fontkit';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { loadBriefing, renderOk, PINNED } from '../../../tests/unit/pdf/render';
import type { LayoutDocument } from '../layout';
import { checkOfdPackage, checkOfdXml, type XmlElementLike } from './check';
import { createOfdFontCache, writeOfd, ofdColour, type OfdWriteOptions } from './writer';

const options = (layout: LayoutDocument): OfdWriteOptions => ({
  title: layout.metadata.title,
  author: layout.metadata.author,
  creationDate: PINNED,
  templateRef: `${layout.metadata.templateId}@${layout.metadata.templateVersion}`,
});

const { DOMParser } = new JSDOM('').window;
const parseXml = (text: string): XmlElementLike => new DOMParser().parseFromString(text, 'text/xml').documentElement as unknown as XmlElementLike;

function open(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  const xml = (path: string) => parseXml(strFromU8(files[path]!));
  return { files, xml, problems: () => checkOfdPackage((p) => (files[p] ? xml(p) : undefined), (p) => files[p] !== undefined) };
}

const layouts = new Map<string, Promise<LayoutDocument>>();
const layoutOf = (name: string, extra: Parameters<typeof renderOk>[1] = {}) => {
  const key = name + JSON.stringify(extra);
  if (!layouts.has(key)) layouts.set(key, renderOk(loadBriefing(name), extra).then((r) => r.layout));
  return layouts.get(key)!;
};

describe('writeOfd', () => {
  it('writes a package that passes the GB/T 33190 structure rules, one Content.xml per layout page', async () => {
    const layout = await layoutOf('bench-reference');
    const pkg = open(writeOfd(layout, options(layout)));
    expect(pkg.problems()).toEqual([]);
    const pages = Object.keys(pkg.files).filter((p) => /^Doc_0\/Pages\/Page_\d+\/Content\.xml$/.test(p));
    expect(layout.pages.length).toBeGreaterThan(1);
    expect(pages).toHaveLength(layout.pages.length);
    const doc = strFromU8(pkg.files['Doc_0/Document.xml']!);
    expect(doc).toMatch(/<ofd:PhysicalBox>0 0 210(\.\d+)? 297(\.\d+)?<\/ofd:PhysicalBox>/);
    expect(doc.match(/<ofd:Page ID=/g)).toHaveLength(layout.pages.length);
  });

  it('writes the metadata: title, author, creation date and the template id@version', async () => {
    const layout = await layoutOf('numbered');
    const ofd = strFromU8(open(writeOfd(layout, { ...options(layout), title: 'A & <B>', author: '某某办公室' })).files['OFD.xml']!);
    expect(ofd).toContain('<ofd:Title>A &amp; &lt;B&gt;</ofd:Title>');
    expect(ofd).toContain('<ofd:Author>某某办公室</ofd:Author>');
    expect(ofd).toContain('<ofd:CreationDate>2025-02-12</ofd:CreationDate>');
    expect(ofd).toContain(`<ofd:CustomData Name="template">${layout.metadata.templateId}@${layout.metadata.templateVersion}</ofd:CustomData>`);
    expect(ofd).toMatch(/<ofd:DocID>[0-9a-f]{32}<\/ofd:DocID>/);
  });

  it('is byte-identical for the same input, and the zip entries carry the injected clock', async () => {
    const layout = await layoutOf('numbered');
    const a = writeOfd(layout, options(layout));
    const b = writeOfd(layout, options(layout));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = writeOfd(layout, { ...options(layout), creationDate: new Date('2026-01-02T03:04:06Z') });
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    // The subset-font cache changes nothing: cold, warm, and after another document's fonts.
    const cache = createOfdFontCache(1);
    const other = await layoutOf('bench-reference');
    const cold = writeOfd(layout, { ...options(layout), cache });
    writeOfd(other, { ...options(other), cache });
    const warm = writeOfd(layout, { ...options(layout), cache });
    const warmAgain = writeOfd(layout, { ...options(layout), cache });
    expect(Buffer.from(cold).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(warm).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(warmAgain).equals(Buffer.from(a))).toBe(true);
    // Local header of the first entry: DOS time/date fields from the UTC clock (2025-02-12 00:00:00).
    const view = new DataView(a.buffer, a.byteOffset);
    expect(view.getUint16(12, true)).toBe(((2025 - 1980) << 9) | (2 << 5) | 12);
    expect(view.getUint16(10, true)).toBe(0);
  });

  it('embeds a subset font per face whose cmap maps every drawn character to a glyph', async () => {
    const layout = await layoutOf('bench-reference');
    const pkg = open(writeOfd(layout, options(layout)));
    const res = strFromU8(pkg.files['Doc_0/PublicRes.xml']!);
    const fontEls = [...res.matchAll(/<ofd:Font ID="(\d+)"[^>]*><ofd:FontFile>([^<]+)<\/ofd:FontFile>/g)];
    expect(fontEls.length).toBeGreaterThan(0);
    // Characters each font draws, from every page.
    const drawn = new Map<string, Set<string>>();
    for (const [path, data] of Object.entries(pkg.files)) {
      if (!path.endsWith('Content.xml')) continue;
      for (const m of strFromU8(data).matchAll(/<ofd:TextObject [^>]*Font="(\d+)"[^>]*>.*?<ofd:TextCode[^>]*>([^<]*)<\/ofd:TextCode>/g)) {
        const set = drawn.get(m[1]!) ?? new Set();
        for (const ch of m[2]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")) set.add(ch);
        drawn.set(m[1]!, set);
      }
    }
    for (const [, id, file] of fontEls) {
      const bytes = pkg.files[`Doc_0/Res/${file}`]!;
      const font = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
      const chars = drawn.get(id!) ?? new Set();
      expect(chars.size).toBeGreaterThan(0);
      for (const ch of chars) expect(font.glyphForCodePoint(ch.codePointAt(0)!).id, `${file} ${ch}`).toBeGreaterThan(0);
      // A subset: far fewer glyphs than a CJK font's tens of thousands.
      expect(font.numGlyphs).toBeLessThanOrEqual(chars.size + 50);
      expect(bytes.length).toBeLessThan(2_000_000);
    }
  });

  it('places glyphs in mm from the layout: TextCode origin and DeltaX match the glyph positions', async () => {
    const layout = await layoutOf('numbered');
    const pkg = open(writeOfd(layout, options(layout)));
    const page = strFromU8(pkg.files['Doc_0/Pages/Page_0/Content.xml']!);
    const first = layout.pages[0]!.items.find((i) => i.kind === 'text' && i.glyphs.filter((g) => g.char.trim()).length > 2 && !i.scaleX);
    if (!first || first.kind !== 'text') throw new Error('no text run');
    const glyphs = first.glyphs.filter((g) => g.char.trim());
    const text = glyphs.map((g) => g.char).join('');
    const m = new RegExp(`<ofd:TextObject [^>]*Boundary="([^"]+)"[^>]*>(?:(?!</ofd:TextObject>).)*?<ofd:TextCode X="([^"]+)" Y="([^"]+)" DeltaX="([^"]+)">${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}<`).exec(page);
    expect(m, text).not.toBeNull();
    const [bx, by] = m![1]!.split(' ').map(Number);
    const MM = 25.4 / 72;
    expect(bx! + Number(m![2])).toBeCloseTo(glyphs[0]!.x * MM, 2);
    expect(by! + Number(m![3])).toBeCloseTo(first.baseline * MM, 2);
    const deltas = m![4]!.split(' ').map(Number);
    expect(deltas).toHaveLength(glyphs.length - 1);
    deltas.forEach((d, k) => expect(d).toBeCloseTo((glyphs[k + 1]!.x - glyphs[k]!.x) * MM, 2));
  });

  it('draws rules and rectangles as PathObjects with their colours, the watermark as outlines', async () => {
    const layout = await layoutOf('numbered', { watermark: '内部资料' });
    const pkg = open(writeOfd(layout, options(layout)));
    expect(pkg.problems()).toEqual([]);
    const all = Object.entries(pkg.files)
      .filter(([p]) => p.endsWith('Content.xml'))
      .map(([, d]) => strFromU8(d))
      .join('');
    const rules = layout.pages.flatMap((p) => p.items).filter((i) => i.kind === 'rule');
    expect(rules.length).toBeGreaterThan(0);
    const red = rules.find((r) => r.kind === 'rule' && ofdColour(r.color) !== '0 0 0');
    expect(red).toBeDefined();
    expect(all).toContain(`<ofd:StrokeColor Value="${ofdColour(red!.kind === 'rule' ? red!.color : '#000')}"/>`);
    expect(all).toMatch(/<ofd:AbbreviatedData>M [\d.]+ [\d.]+ L [\d.]+ [\d.]+<\/ofd:AbbreviatedData>/);
    // Watermark glyphs: filled outlines with curves, no text.
    expect(all).toMatch(/Fill="true"><ofd:FillColor Value="(\d+) \1 \1"\/><ofd:AbbreviatedData>M [^<]*[QB] [^<]*C/);
    expect(all).not.toContain('内部资料');
  });

  it('the checker catches what the rules forbid (missing attributes, wrong order, bad values)', () => {
    const bad = parseXml(
      `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1">` +
        `<ofd:TextObject ID="2" Boundary="0 0 -1 5" Size="3"><ofd:TextCode X="0" Y="1">字</ofd:TextCode><ofd:FillColor Value="300 0 0"/></ofd:TextObject>` +
        `<ofd:PathObject ID="2" Boundary="0 0 1 1"/></ofd:Layer></ofd:Content></ofd:Page>`,
    );
    const codes = checkOfdXml(bad, 'x.xml').map((p) => `${p.code}:${p.detail}`);
    expect(codes).toContain('missing-attribute:Font');
    expect(codes).toContain('bad-value:Boundary="0 0 -1 5"');
    expect(codes).toContain('order:FillColor');
    expect(codes).toContain('missing-element:AbbreviatedData');
    expect(codes.some((c) => c.startsWith('duplicate-id:2'))).toBe(true);
  });

  it('converts colours to OFD "r g b"', () => {
    expect(ofdColour('#E60012')).toBe('230 0 18');
    expect(ofdColour([0, 1, 1, 0])).toBe('255 0 0');
  });
});
