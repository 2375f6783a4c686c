import type { Template } from '../../shared/template';
import type { LayoutContext } from './context';
import { mm } from './geometry';
import type { ImageItem, LayoutDocument } from './types';

/**
 * Reads an image a template names, `file` as written in the template (relative to the template's
 * folder). Undefined when it cannot be read; never throws.
 */
export type ImageProvider = (file: string) => Uint8Array | undefined;

/** The masthead logo of a template. */
export type Logo = NonNullable<Template['masthead']['logo']>;

/** What the header of an image says. */
export interface ImageInfo {
  readonly kind: 'png' | 'jpeg';
  /** Pixels, as stored (EXIF orientation is not applied). */
  readonly width: number;
  readonly height: number;
}

export type ImageHeader = { readonly ok: true; readonly info: ImageInfo } | { readonly ok: false; readonly reason: string };

/** An image the layout could not draw. */
export interface MissingImage {
  readonly file: string;
  /** What went wrong and that the image was left out, in Chinese. */
  readonly message: string;
}

/** Largest image side and area drawn (a logo needs far less; this bounds the memory decoding takes). */
export const MAX_IMAGE_SIDE = 10_000;
export const MAX_IMAGE_PIXELS = 16_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Bit depths allowed per PNG colour type (PNG spec, table 11.1). */
const PNG_DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
export const PNG_CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => b[at]! * 0x1000000 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
const fail = (reason: string): ImageHeader => ({ ok: false, reason });

/** The PNG header (IHDR) and its image data chunks, after a walk over every chunk. */
interface PngStructure {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlaced: boolean;
  readonly idat: readonly Uint8Array[];
}

function pngStructure(bytes: Uint8Array): PngStructure | string {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, k) => bytes[k] !== b)) return '不是 PNG 文件';
  if (bytes.length < 33 || u32(bytes, 8) !== 13 || chunkType(bytes, 12) !== 'IHDR') return 'PNG 文件头不完整';
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const [bitDepth, colorType, compression, filter, interlace] = [bytes[24]!, bytes[25]!, bytes[26]!, bytes[27]!, bytes[28]!];
  if (!PNG_DEPTHS[colorType]?.includes(bitDepth) || compression !== 0 || filter !== 0 || interlace > 1) return 'PNG 文件头中的格式参数无效';
  const idat: Uint8Array[] = [];
  let palette = false;
  // Every chunk must lie inside the file and the file must end with IEND: a truncated or garbled
  // file is refused here rather than handed to the PDF library.
  let at = 8;
  for (;;) {
    if (at + 12 > bytes.length) return 'PNG 文件不完整（没有结束标记）';
    const length = u32(bytes, at);
    const type = chunkType(bytes, at + 4);
    if (length > 0x7fffffff || at + 12 + length > bytes.length) return 'PNG 文件不完整或已损坏';
    if (type === 'PLTE') palette = true;
    if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (idat.length === 0) return 'PNG 文件中没有图像数据';
  if (colorType === 3 && !palette) return 'PNG 调色板图像缺少调色板';
  return { width, height, bitDepth, colorType, interlaced: interlace === 1, idat };
}

function chunkType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/** Start-of-frame markers drawn: baseline, extended sequential and progressive DCT (what PDF's DCTDecode reads). */
const JPEG_SOF_OK = new Set([0xc0, 0xc1, 0xc2]);
/** Other start-of-frame markers (lossless, hierarchical, arithmetic coding): refused. */
const JPEG_SOF_OTHER = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegInfo(bytes: Uint8Array): ImageHeader {
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return fail('JPEG 文件结构已损坏');
    while (bytes[at] === 0xff) at++; // fill bytes
    if (at >= bytes.length) break;
    const marker = bytes[at]!;
    at += 1;
    // Markers without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd9 || marker === 0xda) return fail('JPEG 文件中在图像数据前没有尺寸信息');
    if (at + 2 > bytes.length) break;
    const length = u16(bytes, at);
    if (length < 2 || at + length > bytes.length) break;
    if (JPEG_SOF_OTHER.has(marker)) return fail('不支持这种 JPEG 编码（只支持基线和渐进式 JPEG）');
    if (JPEG_SOF_OK.has(marker)) {
      if (length < 8) break;
      const precision = bytes[at + 2]!;
      const height = u16(bytes, at + 3);
      const width = u16(bytes, at + 5);
      const components = bytes[at + 7]!;
      if (precision !== 8) return fail(`不支持 ${precision} 位的 JPEG（只支持 8 位）`);
      if (![1, 3, 4].includes(components)) return fail('不支持这种颜色通道数的 JPEG');
      if (width === 0 || height === 0) return fail('JPEG 文件中的图像尺寸为 0');
      return { ok: true, info: { kind: 'jpeg', width, height } };
    }
    at += length;
  }
  return fail('JPEG 文件不完整或已损坏');
}

/**
 * The kind and pixel size of a PNG or JPEG (baseline or progressive), from its bytes; anything
 * else is refused with a reason in Chinese. PNGs are walked chunk by chunk (complete, with image
 * data); the image data itself is checked by `imageDataDecodes`.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  let result: ImageHeader;
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, k) => bytes[k] === b)) {
    const png = pngStructure(bytes);
    result = typeof png === 'string' ? fail(png) : { ok: true, info: { kind: 'png', width: png.width, height: png.height } };
  } else if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    result = jpegInfo(bytes);
  } else {
    return fail(bytes.length === 0 ? '文件是空的' : '不是 PNG 或 JPEG 图片');
  }
  if (!result.ok) return result;
  const { width, height } = result.info;
  if (width === 0 || height === 0) return fail('图像尺寸为 0');
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    return fail(`图像过大（${width}×${height} 像素，每边不超过 ${MAX_IMAGE_SIDE}、共不超过 ${MAX_IMAGE_PIXELS / 1_000_000} 百万像素）`);
  }
  return result;
}

/** Adam7 passes: [x0, y0, dx, dy]. */
export const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** Rows of the decompressed PNG data: [count, bytes per row including the filter byte], pass by pass. */
function pngRows(png: PngStructure): [number, number][] {
  const bitsPerPixel = png.bitDepth * PNG_CHANNELS[png.colorType]!;
  const row = (w: number): number => 1 + Math.ceil((w * bitsPerPixel) / 8);
  if (!png.interlaced) return [[png.height, row(png.width)]];
  return ADAM7.map(([x0, y0, dx, dy]): [number, number] => {
    const w = Math.ceil((png.width - x0) / dx);
    const h = Math.ceil((png.height - y0) / dy);
    return w > 0 && h > 0 ? [h, row(w)] : [0, 0];
  });
}

/**
 * True when the image's data decodes: for a PNG, the compressed data inflates to exactly its rows
 * with a valid filter byte on each (the PDF library decodes PNGs with transparency itself, and a
 * corrupt stream would crash it); a JPEG is embedded as it is and only needs its header.
 */
export async function imageDataDecodes(bytes: Uint8Array): Promise<boolean> {
  const header = readImageHeader(bytes);
  if (!header.ok) return false;
  if (header.info.kind === 'jpeg') return true;
  const png = pngStructure(bytes);
  if (typeof png === 'string') return false;
  const rows = pngRows(png);
  const expected = rows.reduce((sum, [count, size]) => sum + count * size, 0);
  // Offsets of the filter bytes, walked as the decompressed data arrives.
  let pass = 0;
  let rowInPass = 0;
  let nextFilter = 0;
  const advance = () => {
    while (pass < rows.length && rowInPass >= rows[pass]![0]) {
      pass += 1;
      rowInPass = 0;
    }
  };
  advance();
  let seen = 0;
  try {
    const stream = new Blob(png.idat as Uint8Array<ArrayBuffer>[]).stream().pipeThrough(new DecompressionStream('deflate'));
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      while (pass < rows.length && nextFilter < seen + value.length) {
        if (value[nextFilter - seen]! > 4) {
          await reader.cancel();
          return false;
        }
        nextFilter += rows[pass]![1];
        rowInPass += 1;
        advance();
      }
      seen += value.length;
      if (seen > expected) {
        await reader.cancel();
        return false;
      }
    }
  } catch {
    return false;
  }
  return seen === expected;
}

/** Where an image of `width`×`height` pixels goes in a logo's box: fitted, aspect kept; in points. */
export function fitLogo(logo: Logo, width: number, height: number, typeArea: { left: number; width: number }): { x: number; y: number; w: number; h: number } {
  const box = { w: mm(logo.widthMm), h: mm(logo.heightMm) };
  const scale = Math.min(box.w / width, box.h / height);
  const w = width * scale;
  const h = height * scale;
  // The box is aligned in the type area and the image in the box the same way; vertically centred.
  const x = logo.align === 'left' ? typeArea.left : logo.align === 'right' ? typeArea.left + typeArea.width - w : typeArea.left + (typeArea.width - w) / 2;
  return { x, y: mm(logo.topMm) + (box.h - h) / 2, w, h };
}

/**
 * The masthead logo on page 1, fitted into its box. It is furniture (an artifact), not content: the
 * masthead's text says the same. An image that cannot be used is not drawn; an item without data
 * records why (see `missingImages`), so the export goes on and says so.
 */
export function layoutLogo(ctx: LayoutContext, logo: Logo, images: ImageProvider | undefined): void {
  const g = ctx.geometry;
  const page = ctx.flow.pages[0];
  if (!page) return;
  const struct = ctx.struct('Artifact');
  const skipped = (problem: string): ImageItem => ({ kind: 'image', file: logo.file, x: g.left, y: mm(logo.topMm), w: mm(logo.widthMm), h: mm(logo.heightMm), problem, struct });
  if (!images) {
    page.items.push(skipped(`报头标志图片“${logo.file}”未读取（此处不能读取模板的图片），已省略`));
    return;
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = images(logo.file);
  } catch {
    bytes = undefined;
  }
  if (!bytes) {
    page.items.push(skipped(`报头标志图片“${logo.file}”无法使用（找不到、无法读取、超过 5 MB 或图像数据损坏），已省略`));
    return;
  }
  const header = readImageHeader(bytes);
  if (!header.ok) {
    page.items.push(skipped(`报头标志图片“${logo.file}”不是可用的 PNG 或 JPEG 图片（${header.reason}），已省略`));
    return;
  }
  const box = fitLogo(logo, header.info.width, header.info.height, g);
  page.items.push({ kind: 'image', file: logo.file, ...box, data: bytes, struct });
}

/** The images a layout could not draw (none drawn for them), in page order. */
export function missingImages(layout: Pick<LayoutDocument, 'pages'>): MissingImage[] {
  const out: MissingImage[] = [];
  for (const page of layout.pages) {
    for (const item of page.items) {
      if (item.kind === 'image' && !item.data) out.push({ file: item.file, message: item.problem ?? `图片“${item.file}”无法使用，已省略` });
    }
  }
  return out;
}

/**
 * An image provider that hands out only images whose data decodes (checked once, up front, for
 * the files a template names). What it refuses, the layout records as missing.
 */
// A host that hands back the same bytes object for an unchanged file (main/templates/images.ts)
// gets each image decoded once, not on every preview refresh.
const decodedBefore = new WeakMap<Uint8Array, boolean>();

export async function verifiedImages(files: readonly string[], images: ImageProvider): Promise<ImageProvider> {
  const good = new Map<string, Uint8Array>();
  for (const file of new Set(files)) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = images(file);
    } catch {
      bytes = undefined;
    }
    if (!bytes) continue;
    let decodes = decodedBefore.get(bytes);
    if (decodes === undefined) {
      decodes = await imageDataDecodes(bytes);
      decodedBefore.set(bytes, decodes);
    }
    if (decodes) good.set(file, bytes);
  }
  return (file) => good.get(file);
}
