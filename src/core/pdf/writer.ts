import PDFDocument from 'pdfkit';
import type { FontFace } from '../fonts';
import type { Bookmark, Colour, ImageItem, LayoutDocument, LayoutItem, StructRef, TextItem, WatermarkItem } from '../layout';
import { cidStateFor, useCachedFontPrograms, type RenderCache } from './cache';
import { CidFont } from './cid-font';

/** Options of the PDF writer. */
export interface PdfWriteOptions {
  /** CreationDate (from the host clock): the same date gives byte-identical output. */
  readonly creationDate: Date;
  /** 简报工坊 version, written as Creator and Producer. */
  readonly appVersion: string;
  /** PDF/A-2b: XMP identification and an sRGB output intent (needs `iccProfile`). */
  readonly pdfa?: boolean;
  /** The sRGB ICC profile for PDF/A, supplied by the host. */
  readonly iccProfile?: Uint8Array;
  readonly signal?: AbortSignal;
  /** Called after each page is written: (pages done, pages total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Kept between renders (font programs); the output is the same bytes with or without it. */
  readonly cache?: RenderCache;
}

/** pdfkit internals this writer relies on (pdfkit 0.20): the current font and page objects. */
interface EmbeddedFontLike {
  readonly id: string;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number }[]];
  ref(): unknown;
}
interface PageLike {
  readonly height: number;
  readonly content: ContentRef;
  readonly dictionary: unknown;
  readonly fonts: Record<string, unknown>;
  readonly resources: { data: Record<string, unknown> };
}
interface DocInternals {
  _font: EmbeddedFontLike;
  page: PageLike;
  _root: { data: Record<string, unknown> };
  info: Record<string, unknown>;
  metadata: { append(xml: string, newline?: boolean): void };
  _addInfo(): void;
  _addColorOutputIntent?: () => void;
  ref(data?: unknown): { data: Record<string, unknown>; end(data?: unknown): void; write(data: unknown): void };
  subset?: number;
  _fontFamilies: Record<string, unknown>;
  _fontCount: number;
  openImage(src: Uint8Array): PdfImageLike;
}
/** A page's content stream object (pdfkit's PDFReference). */
interface ContentRef {
  readonly document: { _write(data: unknown): void };
  data: Record<string, unknown>;
  buffer: Uint8Array[];
  compress: boolean;
  write(chunk: Uint8Array | string): void;
  finalize(): void;
}
/** pdfkit's image (JPEG or PNG): `embed` writes its objects; a PNG with transparency finishes later, in `finalize`. */
interface PdfImageLike {
  readonly width: number;
  readonly height: number;
  embed(doc: unknown): void;
  finalize?(): void;
  /** A PNG's decoder; null once its objects are written. */
  image?: unknown;
}

const STRUCT_TYPES: Record<StructRef['type'], string> = {
  Title: 'H',
  H1: 'H1',
  H2: 'H2',
  H3: 'H3',
  H4: 'H4',
  P: 'P',
  Note: 'P',
  Caption: 'Caption',
  Table: 'Table',
  Figure: 'Figure',
  Masthead: 'Div',
  Tail: 'Div',
  Artifact: 'Artifact',
};

const num = (n: number): string => {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
};

/** Escapes text for XMP (XML). pdfkit writes metadata into XMP unescaped. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function pdfkitColour(colour: Colour): string | number[] {
  return typeof colour === 'string' ? colour : colour.map((c) => c * 100);
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('导出已取消', 'AbortError');
}

/**
 * Writes a layout as PDF with pdfkit. pdfkit draws what the layout decided and nothing else: every
 * glyph is placed by its layout position (one TJ per run), rules and shapes as vectors. Adds the
 * outline from bookmarks, Info + escaped XMP metadata, a structure tree (tagged PDF), the
 * watermark as outlines in its own optional-content layer, and optionally PDF/A-2b identification.
 */
export async function writePdf(layout: LayoutDocument, options: PdfWriteOptions): Promise<Uint8Array> {
  const meta = layout.metadata;
  const producer = `简报工坊 BriefSmith ${options.appVersion}`;
  const doc = new PDFDocument({
    size: [layout.width, layout.height],
    margin: 0,
    autoFirstPage: false,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'zh-CN',
    displayTitle: true,
    compress: true,
    font: null as unknown as string,
    ...(options.pdfa ? { subset: 'PDF/A-2b' as const } : {}),
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords.join(', '),
      Creator: producer,
      Producer: producer,
      CreationDate: options.creationDate,
    },
  });
  const internals = doc as unknown as DocInternals;
  internals.info.BriefSmithTemplate = `${meta.templateId}@${meta.templateVersion}`;
  installEscapedMetadata(internals, meta.templateId, meta.templateVersion);
  if (options.pdfa) {
    const icc = options.iccProfile;
    internals._addColorOutputIntent = () => {
      if (!icc) throw new Error('PDF/A needs an sRGB ICC profile from the host');
      const profile = internals.ref({ Length: icc.length, N: 3 });
      profile.write(icc);
      profile.end();
      const intent = internals.ref({
        Type: 'OutputIntent',
        S: 'GTS_PDFA1',
        Info: new String('sRGB IEC61966-2.1'),
        OutputConditionIdentifier: new String('sRGB IEC61966-2.1'),
        DestOutputProfile: profile,
      });
      intent.end();
      internals._root.data.OutputIntents = [intent];
    };
  }

  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  // OpenType-CFF faces: CID fonts drawn by glyph id (cid-font.ts); others (TrueType): pdfkit's own.
  for (const face of layout.faces) {
    const state = cidStateFor(face, options.cache);
    if (state) internals._fontFamilies[face.key] = new CidFont(internals as never, `F${++internals._fontCount}`, state);
    else doc.registerFont(face.key, face.pdfFont as never);
  }
  const images = await embedImages(internals, layout);

  // Structure tree: one Document element, one child per layout structure id.
  const root = doc.struct('Document');
  doc.addStructure(root);
  const elements = new Map<number, PDFKit.PDFStructureElement>();
  const elementFor = (struct: StructRef) => {
    let element = elements.get(struct.id);
    if (!element) {
      element = doc.struct(STRUCT_TYPES[struct.type] as never);
      root.add(element);
      elements.set(struct.id, element);
    }
    return element;
  };

  // The watermark layer (optional content), created when first needed.
  let watermarkLayer: ReturnType<DocInternals['ref']> | undefined;
  const outline = new OutlineBuilder(doc);

  const total = layout.pages.length;
  for (const page of layout.pages) {
    if (options.signal?.aborted) throw abortError(options.signal);
    doc.addPage({ size: [layout.width, layout.height], margin: 0 });
    compressContent(internals.page.content, options.cache);
    let open: { struct: StructRef; content: unknown } | undefined;
    const close = () => {
      if (!open) return;
      doc.endMarkedContent();
      if (open.struct.type !== 'Artifact') elementFor(open.struct).add(open.content as never);
      open = undefined;
    };
    for (const item of page.items) {
      if (item.kind === 'watermark') {
        close();
        watermarkLayer ??= createWatermarkLayer(internals);
        drawWatermark(doc, internals, item, watermarkLayer);
        continue;
      }
      if (item.kind === 'image' && !images.has(item)) continue;
      const struct = item.struct;
      if (!open || open.struct.id !== struct.id || open.struct.type !== struct.type) {
        close();
        if (struct.type === 'Artifact') {
          doc.markContent('Artifact', { type: item.kind === 'image' ? 'Layout' : 'Pagination' } as never);
          open = { struct, content: null };
        } else {
          open = { struct, content: doc.markStructureContent(STRUCT_TYPES[struct.type] as never) };
        }
      }
      if (item.kind === 'image') drawImage(doc, item, images.get(item)!);
      else drawItem(doc, internals, item);
    }
    close();
    for (const bookmark of layout.bookmarks.filter((b) => b.pageIndex === page.index)) outline.add(bookmark, internals.page);
    options.onProgress?.(page.index + 1, total);
    if (options.signal && page.index % 16 === 15) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (options.signal.aborted) throw abortError(options.signal);
    }
  }
  for (const element of elements.values()) element.end();
  root.end();
  if (options.cache) useCachedFontPrograms(internals._fontFamilies, options.cache);
  doc.end();
  await finished;
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/**
 * Collects a page's content as text (pdfkit turns every operator string into bytes as it goes) and
 * lets pdfkit deflate it once at the end — or writes the deflated bytes kept for the very same
 * content (a page a one-word edit did not touch): the same bytes either way.
 */
function compressContent(ref: ContentRef, cache: RenderCache | undefined): void {
  const parts: string[] = ref.buffer.map(latin1);
  ref.buffer = [];
  ref.write = (chunk) => {
    parts.push(typeof chunk === 'string' ? `${chunk}\n` : latin1(chunk));
  };
  const finalize = ref.finalize;
  ref.finalize = function finalizeContent(this: ContentRef) {
    const text = parts.join('');
    const kept = cache?.pageContents;
    const hit = kept?.get(text);
    if (hit) {
      cache!.stats.pageHits++;
      kept!.delete(text);
      kept!.set(text, hit);
      ref.buffer = [hit];
      ref.compress = false;
      ref.data.Filter = 'FlateDecode';
      finalize.call(ref);
      return;
    }
    ref.buffer = [Uint8Array.from(text, (c) => c.charCodeAt(0))];
    if (!kept) {
      finalize.call(ref);
      return;
    }
    // pdfkit deflates (zlib) and writes the stream bytes: keep them.
    const doc = ref.document;
    const write = doc._write;
    let deflated: Uint8Array | undefined;
    doc._write = function capture(data: unknown) {
      if (data instanceof Uint8Array) deflated = data;
      write.call(doc, data);
    };
    try {
      finalize.call(ref);
    } finally {
      doc._write = write;
    }
    cache.stats.pageMisses++;
    if (deflated) {
      kept.set(text, deflated);
      while (kept.size > PAGE_CONTENTS_KEPT) kept.delete(kept.keys().next().value!);
    }
  };
}

const PAGE_CONTENTS_KEPT = 128;

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

function setFill(doc: PDFKit.PDFDocument, colour: Colour): void {
  doc.fillColor(pdfkitColour(colour) as never);
}

const finite = (...values: number[]) => values.every((v) => Number.isFinite(v));

function glyphsFinite(item: TextItem): boolean {
  for (const g of item.glyphs) if (!Number.isFinite(g.x)) return false;
  return true;
}

/**
 * Embeds every image of the layout before the pages are written. pdfkit finishes a PNG with
 * transparency in a zlib callback; waiting for it here keeps the objects in one order, so the same
 * input always gives the same bytes. Images whose data pdfkit refuses are left out.
 */
async function embedImages(internals: DocInternals, layout: LayoutDocument): Promise<Map<ImageItem, PdfImageLike>> {
  const out = new Map<ImageItem, PdfImageLike>();
  for (const page of layout.pages) {
    for (const item of page.items) {
      if (item.kind !== 'image' || !item.data || !finite(item.x, item.y, item.w, item.h) || item.w <= 0 || item.h <= 0) continue;
      let image: PdfImageLike;
      try {
        image = internals.openImage(item.data);
      } catch {
        continue;
      }
      await new Promise<void>((resolve) => {
        const finalize = image.finalize;
        if (finalize) {
          image.finalize = function (this: PdfImageLike) {
            finalize.call(this);
            resolve();
          };
        }
        image.embed(internals);
        // A JPEG, or a PNG pdfkit passes through, is written at once.
        if (!finalize || image.image === null) resolve();
      });
      out.set(item, image);
    }
  }
  return out;
}

/** An image in its box (pixels as stored: the layout measured them so, EXIF orientation is not applied). */
function drawImage(doc: PDFKit.PDFDocument, item: ImageItem, image: PdfImageLike): void {
  doc.image(image as never, item.x, item.y, { width: item.w, height: item.h, ignoreOrientation: true } as never);
}

function drawItem(doc: PDFKit.PDFDocument, internals: DocInternals, item: Exclude<LayoutItem, WatermarkItem | ImageItem>): void {
  // The layout never produces non-finite geometry; if it ever did, skip the mark rather than write a broken file.
  if (item.kind === 'rule' && !finite(item.x1, item.y1, item.x2, item.y2, item.width)) return;
  if (item.kind === 'rect' && !finite(item.x, item.y, item.w, item.h)) return;
  if (item.kind === 'text' && !(finite(item.baseline, item.size) && glyphsFinite(item))) return;
  switch (item.kind) {
    case 'text':
      drawText(doc, internals, item);
      return;
    case 'rule':
      doc.save();
      doc.moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).lineWidth(item.width).strokeColor(pdfkitColour(item.color) as never).stroke();
      doc.restore();
      return;
    case 'rect':
      doc.save();
      doc.rect(item.x, item.y, item.w, item.h);
      if (item.fill && item.stroke) {
        doc.lineWidth(item.lineWidth ?? 0.5).fillAndStroke(pdfkitColour(item.fill) as never, pdfkitColour(item.stroke) as never);
      } else if (item.fill) {
        doc.fill(pdfkitColour(item.fill) as never);
      } else if (item.stroke) {
        doc.lineWidth(item.lineWidth ?? 0.5).stroke(pdfkitColour(item.stroke) as never);
      }
      doc.restore();
      return;
  }
}

/** One text run: glyphs placed exactly where the layout put them (TJ adjustments), Tz for stretched glyphs. */
function drawText(doc: PDFKit.PDFDocument, internals: DocInternals, item: TextItem): void {
  if (item.glyphs.length === 0) return;
  doc.font(item.face.key);
  const font = internals._font;
  const page = internals.page;
  if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
  let text = '';
  for (const g of item.glyphs) text += g.char;
  const [encoded, positions] = font.encode(text);
  doc.save();
  setFill(doc, item.color);
  if (item.bold) doc.strokeColor(pdfkitColour(item.color) as never).lineWidth(item.size / 30);
  // Back to PDF's native y-up space for the text object (pdfkit's page CTM flips y).
  doc.transform(1, 0, 0, -1, 0, page.height);
  const y = page.height - item.baseline;
  const ops: string[] = ['BT', `/${font.id} ${num(item.size)} Tf`];
  if (item.bold) ops.push('2 Tr');
  const baseScale = item.scaleX ?? 1;
  let i = 0;
  let currentScale = -1;
  while (i < item.glyphs.length) {
    const scale = baseScale * (item.glyphs[i]!.scaleX ?? 1);
    let j = i + 1;
    while (j < item.glyphs.length && baseScale * (item.glyphs[j]!.scaleX ?? 1) === scale) j++;
    if (scale !== currentScale) {
      ops.push(`${num(scale * 100)} Tz`);
      currentScale = scale;
    }
    ops.push(`1 0 0 1 ${num(item.glyphs[i]!.x)} ${num(y)} Tm`);
    const parts: string[] = [];
    for (let k = i; k < j; k++) {
      parts.push(`<${encoded[k]}>`);
      if (k + 1 < j) {
        const natural = item.glyphs[k]!.x + (positions[k]!.xAdvance * item.size * scale) / 1000;
        const adjust = ((item.glyphs[k + 1]!.x - natural) * 1000) / (item.size * scale);
        if (Math.abs(adjust) > 0.001) parts.push(num(-adjust));
      }
    }
    ops.push(`[${parts.join(' ')}] TJ`);
    i = j;
  }
  ops.push('ET');
  doc.addContent(ops.join('\n'));
  doc.restore();
}

function createWatermarkLayer(internals: DocInternals): ReturnType<DocInternals['ref']> {
  const ocg = internals.ref({ Type: 'OCG', Name: new String('水印') });
  ocg.end();
  internals._root.data.OCProperties = {
    OCGs: [ocg],
    D: { Name: new String('默认'), ON: [ocg], Order: [ocg] },
  };
  return ocg;
}

/** The watermark: glyph outlines (no text), light grey, rotated, in optional content marked as an artifact. */
function drawWatermark(doc: PDFKit.PDFDocument, internals: DocInternals, item: WatermarkItem, layer: ReturnType<DocInternals['ref']>): void {
  const resources = internals.page.resources.data;
  const properties = (resources.Properties as Record<string, unknown> | undefined) ?? {};
  properties.OCWM = layer;
  resources.Properties = properties;
  doc.addContent('/OC /OCWM BDC');
  doc.markContent('Artifact', { type: 'Layout' } as never);
  doc.save();
  doc.translate(item.cx, item.cy).rotate(-item.angleDeg);
  const gray = Math.round(item.gray * 255)
    .toString(16)
    .padStart(2, '0');
  for (const glyph of item.glyphs) {
    const { path, unitsPerEm } = item.face.outline(glyph.char.codePointAt(0)!);
    if (!path) continue;
    const s = item.size / unitsPerEm;
    doc.save();
    // Baseline 0.38 em below the centre line, glyph y up in font units.
    doc.transform(s, 0, 0, -s, glyph.x, 0.38 * item.size);
    doc.path(path).fill(`#${gray}${gray}${gray}`);
    doc.restore();
  }
  doc.restore();
  doc.endMarkedContent();
  doc.addContent('EMC');
}

/** Builds the outline: the title at the top level, headings nested by level. */
class OutlineBuilder {
  readonly #stack: { level: number; item: PDFKit.PDFOutline }[] = [];
  constructor(private readonly doc: PDFKit.PDFDocument) {}
  add(bookmark: Bookmark, page: PageLike): void {
    while (this.#stack.length > 0 && this.#stack[this.#stack.length - 1]!.level >= bookmark.level) this.#stack.pop();
    const parent = this.#stack[this.#stack.length - 1]?.item ?? this.doc.outline;
    const item = parent.addItem(bookmark.title, { expanded: bookmark.level <= 1 } as never);
    // pdfkit's default destination scrolls to the page's right edge; point at the heading instead.
    (item as unknown as { outlineData: Record<string, unknown> }).outlineData.Dest = [page.dictionary, 'XYZ', null, num(page.height - bookmark.y + 8), null];
    this.#stack.push({ level: bookmark.level, item });
  }
}

/** Replaces pdfkit's XMP writer with one that escapes every value (titles with & < > stay valid XML). */
function installEscapedMetadata(internals: DocInternals, templateId: string, templateVersion: string): void {
  internals._addInfo = function addInfo(this: DocInternals) {
    const info = this.info as Record<string, unknown> & { CreationDate: Date };
    const text = (key: string) => escapeXml(String(info[key] ?? ''));
    const created = info.CreationDate.toISOString().split('.')[0] + 'Z';
    const lines = [
      `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
      `<xmp:CreateDate>${created}</xmp:CreateDate>`,
      `<xmp:CreatorTool>${text('Creator')}</xmp:CreatorTool>`,
      `</rdf:Description>`,
      `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
      `<dc:format>application/pdf</dc:format>`,
      info.Title ? `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${text('Title')}</rdf:li></rdf:Alt></dc:title>` : '',
      info.Author ? `<dc:creator><rdf:Seq><rdf:li>${text('Author')}</rdf:li></rdf:Seq></dc:creator>` : '',
      info.Subject ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${text('Subject')}</rdf:li></rdf:Alt></dc:description>` : '',
      `</rdf:Description>`,
      `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`,
      `<pdf:Producer>${text('Producer')}</pdf:Producer>`,
      info.Keywords ? `<pdf:Keywords>${text('Keywords')}</pdf:Keywords>` : '',
      `</rdf:Description>`,
      `<rdf:Description rdf:about="" xmlns:briefsmith="https://briefsmith.local/ns/1.0/">`,
      `<briefsmith:template>${escapeXml(`${templateId}@${templateVersion}`)}</briefsmith:template>`,
      `</rdf:Description>`,
    ];
    this.metadata.append(lines.filter(Boolean).join('\n'));
  };
}

export type { FontFace };
