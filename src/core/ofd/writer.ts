import { strToU8, zipSync, type Zippable } from 'fflate';
import type { FontFace } from '../fonts';
import type { Bookmark, Colour, ImageItem, LayoutDocument, LayoutItem, PlacedGlyph, RectItem, RuleItem, TextItem, WatermarkItem } from '../layout';
import { isFontkitFont, subsetFont, type SubsetFont } from './sfnt';
import { fixZipTimes } from '../archive/zip-times';

/** Options of the OFD writer. */
export interface OfdWriteOptions {
  readonly title: string;
  readonly author?: string;
  /** From the host clock: the same date gives byte-identical output (also the zip entry times). */
  readonly creationDate: Date;
  /** The template the document was laid out with, written as CustomData `template` = `id@version`. */
  readonly templateRef: string;
  /** Embed subset fonts (default true). Without them a reader draws with its own fonts. */
  readonly fonts?: boolean;
  /** 简报工坊 version, written as Creator/CreatorVersion when given. */
  readonly appVersion?: string;
  /** Subset fonts kept between exports (`createOfdFontCache`); the output is the same bytes with or without it. */
  readonly cache?: OfdFontCache;
}

/** Subset font files by face and exact code point list, the last few per face (an engine keeps one). */
export interface OfdFontCache {
  get(faceKey: string, codePoints: string): SubsetFont | undefined;
  set(faceKey: string, codePoints: string, font: SubsetFont): void;
}

/** A cache of subset fonts keeping the `perFace` most recent subsets of each face. */
export function createOfdFontCache(perFace = 4): OfdFontCache {
  const faces = new Map<string, Map<string, SubsetFont>>();
  return {
    get(faceKey, codePoints) {
      const entries = faces.get(faceKey);
      const hit = entries?.get(codePoints);
      if (entries && hit) {
        entries.delete(codePoints);
        entries.set(codePoints, hit);
      }
      return hit;
    },
    set(faceKey, codePoints, font) {
      const entries = faces.get(faceKey) ?? new Map<string, SubsetFont>();
      faces.set(faceKey, entries);
      entries.set(codePoints, font);
      while (entries.size > perFace) entries.delete(entries.keys().next().value!);
    },
  };
}

/** The OFD namespace of GB/T 33190-2016. */
export const OFD_NS = 'http://www.ofdspec.org/2016';

/** 1 pt in mm: OFD measures everything in millimetres. */
const MM = 25.4 / 72;

const n = (value: number): string => {
  const r = Math.round(value * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
};
const mm = (pt: number): string => n(pt * MM);

/** Escapes text and attribute values for XML. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** An OFD colour value: "r g b" in 0–255 (CMYK converted naively, as the PDF viewer would show it). */
export function ofdColour(colour: Colour): string {
  if (typeof colour === 'string') {
    const hex = colour.replace('#', '');
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex.padEnd(6, '0');
    return [0, 2, 4].map((i) => String(parseInt(full.slice(i, i + 2), 16) || 0)).join(' ');
  }
  const [c, m, y, k] = colour;
  return [c, m, y].map((v) => String(Math.round(255 * (1 - v) * (1 - k)))).join(' ');
}

const finite = (...values: number[]) => values.every((v) => Number.isFinite(v));

/** Sequential unit IDs shared by every object of the document (MaxUnitID is the last). */
class Ids {
  #next = 0;
  next(): number {
    return ++this.#next;
  }
  get max(): number {
    return this.#next;
  }
}

interface FontRes {
  readonly id: number;
  readonly face: FontFace;
  readonly codePoints: Set<number>;
}
interface ImageRes {
  readonly id: number;
  readonly file: string;
  readonly format: 'PNG' | 'JPEG';
  readonly data: Uint8Array;
}

/**
 * Writes a layout as an OFD package (GB/T 33190-2016): OFD.xml with the document metadata,
 * Doc_0/Document.xml (page area, resources, pages, outline from the bookmarks),
 * Doc_0/PublicRes.xml with the subset fonts, Doc_0/DocumentRes.xml with the images, and one
 * Content.xml per page. Every glyph is placed where the layout put it (TextCode X/Y and DeltaX in
 * mm), rules and rectangles as PathObjects, the watermark as filled glyph outlines. Pure: the same
 * layout and options give the same bytes.
 */
export function writeOfd(layout: LayoutDocument, options: OfdWriteOptions): Uint8Array {
  const ids = new Ids();
  const fonts = new Map<string, FontRes>();
  const images = new Map<ImageItem, ImageRes>();
  const files: Record<string, Uint8Array> = {};
  // Resources first (fonts, then images) so their IDs do not depend on page order details.
  for (const face of layout.faces) fonts.set(face.key, { id: ids.next(), face, codePoints: new Set() });
  for (const page of layout.pages) {
    for (const item of page.items) {
      if (item.kind === 'text' && !fonts.has(item.face.key)) fonts.set(item.face.key, { id: ids.next(), face: item.face, codePoints: new Set() });
      if (item.kind === 'image' && item.data && finite(item.x, item.y, item.w, item.h) && item.w > 0 && item.h > 0) {
        const format = imageFormat(item.data);
        if (!format) continue;
        const id = ids.next();
        images.set(item, { id, file: `Image_${id}.${format === 'PNG' ? 'png' : 'jpg'}`, format, data: item.data });
      }
    }
  }

  const pageIds: number[] = [];
  const pageXml: string[] = [];
  for (const page of layout.pages) {
    const pageId = ids.next();
    pageIds.push(pageId);
    const layerId = ids.next();
    const objects: string[] = [];
    for (const item of page.items) objects.push(...drawItem(item, ids, fonts, images, layout));
    pageXml.push(
      xmlDoc(
        `<ofd:Page xmlns:ofd="${OFD_NS}"><ofd:Area><ofd:PhysicalBox>0 0 ${mm(layout.width)} ${mm(layout.height)}</ofd:PhysicalBox></ofd:Area>` +
          `<ofd:Content><ofd:Layer ID="${layerId}" Type="Body">${objects.join('')}</ofd:Layer></ofd:Content></ofd:Page>`,
      ),
    );
  }

  // Fonts: one subset file per face that draws text.
  const fontXml: string[] = [];
  for (const res of fonts.values()) {
    if (res.codePoints.size === 0) continue;
    let file = '';
    if (options.fonts !== false && isFontkitFont(res.face.pdfFont)) {
      const codePoints = [...res.codePoints].sort((a, b) => a - b);
      const key = codePoints.join(',');
      let subset = options.cache?.get(res.face.key, key);
      if (!subset) {
        subset = subsetFont(res.face.pdfFont, codePoints);
        options.cache?.set(res.face.key, key, subset);
      }
      file = `Font_${res.id}.${subset.outlines === 'cff' ? 'otf' : 'ttf'}`;
      files[`Doc_0/Res/${file}`] = subset.data;
    }
    fontXml.push(
      `<ofd:Font ID="${res.id}" FontName="${escapeXml(res.face.postscriptName)}" FamilyName="${escapeXml(res.face.family)}">` +
        (file ? `<ofd:FontFile>${file}</ofd:FontFile>` : '') +
        `</ofd:Font>`,
    );
  }
  const mediaXml: string[] = [];
  for (const image of images.values()) {
    files[`Doc_0/Res/${image.file}`] = image.data;
    mediaXml.push(`<ofd:MultiMedia ID="${image.id}" Type="Image" Format="${image.format}"><ofd:MediaFile>${image.file}</ofd:MediaFile></ofd:MultiMedia>`);
  }

  const pagesXml = pageIds.map((id, i) => `<ofd:Page ID="${id}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('');
  const outline = outlineXml(layout.bookmarks, pageIds);
  const documentXml = xmlDoc(
    `<ofd:Document xmlns:ofd="${OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>${ids.max}</ofd:MaxUnitID>` +
      `<ofd:PageArea><ofd:PhysicalBox>0 0 ${mm(layout.width)} ${mm(layout.height)}</ofd:PhysicalBox></ofd:PageArea>` +
      `<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>` +
      (mediaXml.length > 0 ? `<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>` : '') +
      `</ofd:CommonData><ofd:Pages>${pagesXml}</ofd:Pages>${outline}</ofd:Document>`,
  );
  const publicRes = xmlDoc(`<ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res"><ofd:Fonts>${fontXml.join('')}</ofd:Fonts></ofd:Res>`);
  const docRes = mediaXml.length > 0 ? xmlDoc(`<ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res"><ofd:MultiMedias>${mediaXml.join('')}</ofd:MultiMedias></ofd:Res>`) : '';

  const docId = hashHex([documentXml, publicRes, ...pageXml, options.title, options.templateRef, options.creationDate.toISOString()].join('\u0000'));
  const meta = layout.metadata;
  const keywords = meta.keywords.filter((k) => k.trim() !== '');
  const ofdXml = xmlDoc(
    `<ofd:OFD xmlns:ofd="${OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>` +
      `<ofd:DocID>${docId}</ofd:DocID>` +
      `<ofd:Title>${escapeXml(options.title)}</ofd:Title>` +
      (options.author ? `<ofd:Author>${escapeXml(options.author)}</ofd:Author>` : '') +
      (meta.subject ? `<ofd:Subject>${escapeXml(meta.subject)}</ofd:Subject>` : '') +
      `<ofd:CreationDate>${options.creationDate.toISOString().slice(0, 10)}</ofd:CreationDate>` +
      (keywords.length > 0 ? `<ofd:Keywords>${keywords.map((k) => `<ofd:Keyword>${escapeXml(k)}</ofd:Keyword>`).join('')}</ofd:Keywords>` : '') +
      `<ofd:Creator>简报工坊 BriefSmith</ofd:Creator>` +
      (options.appVersion ? `<ofd:CreatorVersion>${escapeXml(options.appVersion)}</ofd:CreatorVersion>` : '') +
      `<ofd:CustomDatas><ofd:CustomData Name="template">${escapeXml(options.templateRef)}</ofd:CustomData></ofd:CustomDatas>` +
      `</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
  );

  const entries: Zippable = {};
  entries['OFD.xml'] = strToU8(ofdXml);
  entries['Doc_0/Document.xml'] = strToU8(documentXml);
  entries['Doc_0/PublicRes.xml'] = strToU8(publicRes);
  if (docRes) entries['Doc_0/DocumentRes.xml'] = strToU8(docRes);
  pageXml.forEach((xml, i) => (entries[`Doc_0/Pages/Page_${i}/Content.xml`] = strToU8(xml)));
  // Images are compressed already (stored); font subsets are not (deflated: a quarter to a third smaller).
  for (const [path, data] of Object.entries(files)) entries[path] = [data, { level: /\.(?:otf|ttf)$/.test(path) ? 6 : 0 }];
  return fixZipTimes(zipSync(entries, { level: 6 }), options.creationDate);
}

const xmlDoc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;

function imageFormat(data: Uint8Array): 'PNG' | 'JPEG' | undefined {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'PNG';
  if (data[0] === 0xff && data[1] === 0xd8) return 'JPEG';
  return undefined;
}

function drawItem(item: LayoutItem, ids: Ids, fonts: Map<string, FontRes>, images: Map<ImageItem, ImageRes>, layout: LayoutDocument): string[] {
  switch (item.kind) {
    case 'text':
      return finite(item.baseline, item.size, ...item.glyphs.map((g) => g.x)) ? textObjects(item, ids, fonts.get(item.face.key)!) : [];
    case 'rule':
      return finite(item.x1, item.y1, item.x2, item.y2, item.width) ? [ruleObject(item, ids)] : [];
    case 'rect':
      return finite(item.x, item.y, item.w, item.h) ? [rectObject(item, ids)] : [];
    case 'image': {
      const res = images.get(item);
      if (!res) return [];
      return [`<ofd:ImageObject ID="${ids.next()}" Boundary="${mm(item.x)} ${mm(item.y)} ${mm(item.w)} ${mm(item.h)}" CTM="${mm(item.w)} 0 0 ${mm(item.h)} 0 0" ResourceID="${res.id}"/>`];
    }
    case 'watermark':
      return watermarkObjects(item, ids, layout);
  }
}

const isBlank = (char: string) => /^\s*$/u.test(char);

/**
 * One run: TextObjects (one per horizontal scale, since HScale belongs to the object) with the
 * glyphs as TextCode — X/Y of the first glyph relative to the boundary and DeltaX for the rest.
 * Blank glyphs are left out: positions are absolute, so nothing moves.
 */
function textObjects(item: TextItem, ids: Ids, font: FontRes): string[] {
  const glyphs: PlacedGlyph[] = item.glyphs.filter((g) => !isBlank(g.char));
  const out: string[] = [];
  const base = item.scaleX ?? 1;
  let i = 0;
  while (i < glyphs.length) {
    const scale = base * (glyphs[i]!.scaleX ?? 1);
    let j = i + 1;
    while (j < glyphs.length && base * (glyphs[j]!.scaleX ?? 1) === scale) j++;
    out.push(textObject(item, glyphs.slice(i, j), scale, ids, font));
    i = j;
  }
  return out;
}

function textObject(item: TextItem, glyphs: PlacedGlyph[], scale: number, ids: Ids, font: FontRes): string {
  const chars: string[] = [];
  const xs: number[] = [];
  for (const glyph of glyphs) {
    const cps = [...glyph.char];
    cps.forEach((c) => {
      chars.push(c);
      // Extra code points of one glyph (rare) share its position.
      xs.push(glyph.x);
      font.codePoints.add(c.codePointAt(0)!);
    });
  }
  const last = glyphs[glyphs.length - 1]!;
  const lastAdvance = [...last.char].reduce((sum, c) => sum + item.face.advance(c.codePointAt(0)!), 0) * item.size * scale;
  const left = xs[0]!;
  const right = last.x + Math.max(lastAdvance, item.size * 0.1);
  const top = item.baseline - item.size;
  const height = item.size * 1.25;
  const deltas: string[] = [];
  for (let k = 1; k < xs.length; k++) deltas.push(mm(xs[k]! - xs[k - 1]!));
  const colour = ofdColour(item.color);
  const attrs = [
    `ID="${ids.next()}"`,
    `Boundary="${mm(left)} ${mm(top)} ${mm(right - left)} ${mm(height)}"`,
    `Font="${font.id}"`,
    `Size="${mm(item.size)}"`,
    ...(scale !== 1 ? [`HScale="${n(scale)}"`] : []),
    ...(item.bold ? [`Stroke="true"`, `LineWidth="${mm(item.size / 30)}"`] : []),
  ];
  return (
    `<ofd:TextObject ${attrs.join(' ')}><ofd:FillColor Value="${colour}"/>` +
    (item.bold ? `<ofd:StrokeColor Value="${colour}"/>` : '') +
    `<ofd:TextCode X="0" Y="${mm(item.baseline - top)}"${deltas.length > 0 ? ` DeltaX="${deltas.join(' ')}"` : ''}>${escapeXml(chars.join(''))}</ofd:TextCode></ofd:TextObject>`
  );
}

function ruleObject(item: RuleItem, ids: Ids): string {
  const pad = item.width / 2;
  const left = Math.min(item.x1, item.x2) - pad;
  const top = Math.min(item.y1, item.y2) - pad;
  const w = Math.abs(item.x2 - item.x1) + item.width;
  const h = Math.abs(item.y2 - item.y1) + item.width;
  return (
    `<ofd:PathObject ID="${ids.next()}" Boundary="${mm(left)} ${mm(top)} ${mm(w)} ${mm(h)}" LineWidth="${mm(item.width)}" Stroke="true" Fill="false">` +
    `<ofd:StrokeColor Value="${ofdColour(item.color)}"/>` +
    `<ofd:AbbreviatedData>M ${mm(item.x1 - left)} ${mm(item.y1 - top)} L ${mm(item.x2 - left)} ${mm(item.y2 - top)}</ofd:AbbreviatedData></ofd:PathObject>`
  );
}

function rectObject(item: RectItem, ids: Ids): string {
  const stroke = item.stroke !== undefined;
  const fill = item.fill !== undefined;
  const lw = stroke ? (item.lineWidth ?? 0.5) : 0;
  const pad = lw / 2;
  const left = item.x - pad;
  const top = item.y - pad;
  const x0 = mm(pad);
  const y0 = mm(pad);
  const x1 = mm(pad + item.w);
  const y1 = mm(pad + item.h);
  return (
    `<ofd:PathObject ID="${ids.next()}" Boundary="${mm(left)} ${mm(top)} ${mm(item.w + lw)} ${mm(item.h + lw)}"` +
    (stroke ? ` LineWidth="${mm(lw)}"` : '') +
    ` Stroke="${stroke}" Fill="${fill}">` +
    (stroke ? `<ofd:StrokeColor Value="${ofdColour(item.stroke!)}"/>` : '') +
    (fill ? `<ofd:FillColor Value="${ofdColour(item.fill!)}"/>` : '') +
    `<ofd:AbbreviatedData>M ${x0} ${y0} L ${x1} ${y0} L ${x1} ${y1} L ${x0} ${y1} C</ofd:AbbreviatedData></ofd:PathObject>`
  );
}

/**
 * The watermark as filled glyph outlines (never text), rotated about its centre: each glyph's SVG
 * path (font units, y up) is mapped point by point to page millimetres inside a page-sized boundary.
 */
function watermarkObjects(item: WatermarkItem, ids: Ids, layout: LayoutDocument): string[] {
  const out: string[] = [];
  const angle = (-item.angleDeg * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const grey = String(Math.round(item.gray * 255));
  for (const glyph of item.glyphs) {
    const { path, unitsPerEm } = item.face.outline(glyph.char.codePointAt(0)!);
    if (!path) continue;
    const s = item.size / unitsPerEm;
    const point = (fx: number, fy: number): string => {
      // Glyph space → unrotated text space (baseline 0.38 em below the centre line) → page.
      const x = glyph.x + fx * s;
      const y = 0.38 * item.size - fy * s;
      return `${mm(item.cx + x * cos - y * sin)} ${mm(item.cy + x * sin + y * cos)}`;
    };
    const data = svgToAbbreviated(path, point);
    if (!data) continue;
    out.push(
      `<ofd:PathObject ID="${ids.next()}" Boundary="0 0 ${mm(layout.width)} ${mm(layout.height)}" Stroke="false" Fill="true">` +
        `<ofd:FillColor Value="${grey} ${grey} ${grey}"/><ofd:AbbreviatedData>${data}</ofd:AbbreviatedData></ofd:PathObject>`,
    );
  }
  return out;
}

/** An absolute SVG path (M L Q C Z, as fontkit writes) as OFD AbbreviatedData (M L Q B C). */
export function svgToAbbreviated(path: string, point: (x: number, y: number) => string): string {
  const tokens = path.match(/[MLQCZmlqcz]|-?\d*\.?\d+(?:e[-+]?\d+)?/g) ?? [];
  const out: string[] = [];
  let i = 0;
  const take = (count: number): string[] => {
    const pts: string[] = [];
    for (let k = 0; k < count; k++) {
      pts.push(point(Number(tokens[i]), Number(tokens[i + 1])));
      i += 2;
    }
    return pts;
  };
  while (i < tokens.length) {
    const op = tokens[i++]!;
    switch (op.toUpperCase()) {
      case 'M':
        out.push(`M ${take(1).join(' ')}`);
        break;
      case 'L':
        out.push(`L ${take(1).join(' ')}`);
        break;
      case 'Q':
        out.push(`Q ${take(2).join(' ')}`);
        break;
      case 'C':
        out.push(`B ${take(3).join(' ')}`);
        break;
      case 'Z':
        out.push('C');
        break;
      default:
        return out.join(' ');
    }
  }
  return out.join(' ');
}

/** OutlineElem tree from the bookmarks (levels nest), each going to its heading (XYZ, mm). */
function outlineXml(bookmarks: readonly Bookmark[], pageIds: readonly number[]): string {
  if (bookmarks.length === 0) return '';
  type Node = { b: Bookmark; children: Node[] };
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const b of bookmarks) {
    const node: Node = { b, children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.b.level >= b.level) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1]!.children : roots).push(node);
    stack.push(node);
  }
  const render = (node: Node): string => {
    const pageId = pageIds[node.b.pageIndex] ?? pageIds[0];
    return (
      `<ofd:OutlineElem Title="${escapeXml(node.b.title)}"><ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto>` +
      `<ofd:Dest Type="XYZ" PageID="${pageId}" Left="0" Top="${mm(Math.max(0, node.b.y - 8))}"/></ofd:Goto></ofd:Action></ofd:Actions>` +
      node.children.map(render).join('') +
      `</ofd:OutlineElem>`
    );
  };
  return `<ofd:Outlines>${roots.map(render).join('')}</ofd:Outlines>`;
}

/** A 32-hex-digit document id from the content (two FNV-1a 64-bit hashes): same content, same id. */
function hashHex(text: string): string {
  const bytes = strToU8(text);
  const fnv = (seed: bigint): string => {
    let h = seed;
    for (const b of bytes) {
      h ^= BigInt(b);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return h.toString(16).padStart(16, '0');
  };
  return fnv(0xcbf29ce484222325n) + fnv(0x84222325cbf29ce4n);
}

