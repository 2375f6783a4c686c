import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { flatGreyJpeg, jpegHeader, pngBytes, pngChunk, pngScanlines, PNG_SIGNATURE } from '../../../tests/support/images';
import { parseTemplateJson, type Template } from '../../shared/template';
import { createBriefing } from '../briefing';
import { layoutBriefing, toMm } from '.';
import { fitLogo, imageDataDecodes, missingImages, readImageHeader, verifiedImages, type ImageProvider, type Logo } from './image';
import { fakeFace } from './test-support';
import type { ImageItem, LayoutDocument } from './types';

const root = join(import.meta.dirname, '..', '..', '..');
const base = (() => {
  const parsed = parseTemplateJson(readFileSync(join(root, 'templates', 'gongzuo-jianbao.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();

const withLogo = (logo: Logo): Template => ({ ...base, masthead: { ...base.masthead, logo } });
const briefing = createBriefing({ id: 'b', template: { id: base.id, version: base.version }, title: '标题', today: '2025-02-12', meta: base.skeleton.meta, blocks: [] });
const layout = (template: Template, images?: ImageProvider): LayoutDocument =>
  layoutBriefing({ briefing, template, fonts: { chain: () => [fakeFace()] }, ...(images ? { images } : {}) });
const imageItems = (doc: LayoutDocument): ImageItem[] => doc.pages.flatMap((p) => p.items.filter((i): i is ImageItem => i.kind === 'image'));
const inMm = (item: ImageItem) => ({ x: toMm(item.x), y: toMm(item.y), w: toMm(item.w), h: toMm(item.h) });

const rgba = pngBytes({ width: 40, height: 20, colorType: 6, pixel: (x) => [x * 6, 0, 0, 255] });

describe('readImageHeader', () => {
  it('reads the pixel size of PNGs of every colour type', () => {
    expect(readImageHeader(rgba)).toEqual({ ok: true, info: { kind: 'png', width: 40, height: 20 } });
    expect(readImageHeader(pngBytes({ width: 3, height: 7, colorType: 0, pixel: () => [9] }))).toEqual({ ok: true, info: { kind: 'png', width: 3, height: 7 } });
    expect(readImageHeader(pngBytes({ width: 5, height: 2, colorType: 3, pixel: () => [0] }))).toMatchObject({ ok: true, info: { width: 5, height: 2 } });
    expect(readImageHeader(pngBytes({ width: 9, height: 9, colorType: 2, interlaced: true, pixel: () => [1, 2, 3] }))).toMatchObject({ ok: true, info: { width: 9, height: 9 } });
  });

  it('reads baseline, extended and progressive JPEGs (fill bytes before a marker too)', () => {
    expect(readImageHeader(jpegHeader({ sof: 0xc0, width: 640, height: 480 }))).toEqual({ ok: true, info: { kind: 'jpeg', width: 640, height: 480 } });
    expect(readImageHeader(jpegHeader({ sof: 0xc1, width: 300, height: 301, components: 1 }))).toMatchObject({ ok: true, info: { width: 300, height: 301 } });
    expect(readImageHeader(jpegHeader({ sof: 0xc2, width: 1200, height: 90, components: 4, fill: true }))).toEqual({ ok: true, info: { kind: 'jpeg', width: 1200, height: 90 } });
    expect(readImageHeader(flatGreyJpeg(24, 16, 64))).toEqual({ ok: true, info: { kind: 'jpeg', width: 24, height: 16 } });
  });

  it('refuses JPEG codings PDF does not draw: lossless, arithmetic, 12-bit, odd channels', () => {
    const reason = (bytes: Uint8Array) => {
      const r = readImageHeader(bytes);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason(jpegHeader({ sof: 0xc3, width: 8, height: 8 }))).toContain('只支持基线和渐进式');
    expect(reason(jpegHeader({ sof: 0xc9, width: 8, height: 8 }))).toContain('只支持基线和渐进式');
    expect(reason(jpegHeader({ sof: 0xc1, width: 8, height: 8, precision: 12 }))).toContain('12 位');
    expect(reason(jpegHeader({ sof: 0xc0, width: 8, height: 8, components: 2 }))).toContain('颜色通道');
    expect(reason(jpegHeader({ sof: 0xc0, width: 8, height: 0 }))).toContain('尺寸为 0');
    // SOS before any frame header: no size known
    expect(reason(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]))).toContain('没有尺寸');
    expect(reason(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x40]))).toContain('不完整');
  });

  it('refuses what is not a whole PNG or JPEG, with the reason in Chinese', () => {
    const reason = (bytes: Uint8Array) => {
      const r = readImageHeader(bytes);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason(new Uint8Array())).toBe('文件是空的');
    expect(reason(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('不是 PNG 或 JPEG 图片');
    expect(reason(new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000'))).toBe('不是 PNG 或 JPEG 图片');
    expect(reason(rgba.subarray(0, 20))).toContain('文件头不完整');
    expect(reason(rgba.subarray(0, rgba.length - 12))).toContain('没有结束标记'); // IEND cut off
    expect(reason(rgba.subarray(0, 60))).toContain('不完整或已损坏'); // IDAT cut in the middle
    const noData = new Uint8Array(Buffer.concat([Buffer.from(rgba.subarray(0, 33)), pngChunk('IEND', new Uint8Array())]));
    expect(reason(noData)).toContain('没有图像数据');
    const ihdr = Buffer.from(rgba.subarray(16, 29));
    ihdr[8] = 3; // 3-bit depth does not exist
    expect(reason(new Uint8Array(Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), Buffer.from(rgba.subarray(33))])))).toContain('格式参数无效');
    const palette = Buffer.from(pngBytes({ width: 2, height: 2, colorType: 3, pixel: () => [0] }));
    const withoutPlte = Buffer.concat([palette.subarray(0, 33), palette.subarray(33 + 12 + 3)]);
    expect(reason(new Uint8Array(withoutPlte))).toContain('缺少调色板');
    expect(reason(pngBytes({ width: 20_000, height: 1, colorType: 0, pixel: () => [0] }))).toContain('图像过大');
  });
});

describe('imageDataDecodes', () => {
  it('accepts PNGs whose data inflates to their rows, interlaced or not, and JPEGs', async () => {
    expect(await imageDataDecodes(rgba)).toBe(true);
    expect(await imageDataDecodes(pngBytes({ width: 13, height: 11, colorType: 4, interlaced: true, pixel: (x, y) => [x, y] }))).toBe(true);
    expect(await imageDataDecodes(pngBytes({ width: 1, height: 1, colorType: 2, interlaced: true, pixel: () => [1, 2, 3] }))).toBe(true);
    expect(await imageDataDecodes(flatGreyJpeg(8, 8, 200))).toBe(true);
  });

  it('refuses corrupt, short, long or badly filtered data (which would crash the PDF library)', async () => {
    const spec = { width: 10, height: 10, colorType: 6 as const };
    const rows = pngScanlines(spec);
    const garbled = Buffer.from(deflateSync(rows));
    garbled[garbled.length - 6]! ^= 0xff;
    expect(await imageDataDecodes(pngBytes({ ...spec, idat: garbled }))).toBe(false);
    expect(await imageDataDecodes(pngBytes({ ...spec, idat: deflateSync(rows.subarray(0, rows.length - 1)) }))).toBe(false);
    expect(await imageDataDecodes(pngBytes({ ...spec, idat: deflateSync(Buffer.concat([rows, Buffer.from([0])])) }))).toBe(false);
    const badFilter = Buffer.from(rows);
    badFilter[41 * 3] = 9; // the fourth row's filter byte
    expect(await imageDataDecodes(pngBytes({ ...spec, idat: deflateSync(badFilter) }))).toBe(false);
    expect(await imageDataDecodes(pngBytes({ ...spec, idat: new TextEncoder().encode('not zlib at all') }))).toBe(false);
    expect(await imageDataDecodes(new TextEncoder().encode('plain text'))).toBe(false);
  });

  it('verifiedImages hands out only the images that decode, reading each once', async () => {
    const reads: string[] = [];
    const files: Record<string, Uint8Array> = { 'good.png': rgba, 'bad.png': pngBytes({ width: 4, height: 4, idat: new Uint8Array([1, 2, 3]) }) };
    const provider = await verifiedImages(['good.png', 'bad.png', 'gone.png', 'good.png'], (file) => {
      reads.push(file);
      return files[file];
    });
    expect(reads).toEqual(['good.png', 'bad.png', 'gone.png']);
    expect(provider('good.png')).toBe(rgba);
    expect(provider('bad.png')).toBeUndefined();
    expect(provider('gone.png')).toBeUndefined();
    const throwing = await verifiedImages(['x.png'], () => {
      throw new Error('disk on fire');
    });
    expect(throwing('x.png')).toBeUndefined();
  });
});

describe('fitLogo', () => {
  const area = { left: 28 * (72 / 25.4), width: 156 * (72 / 25.4) };
  const logo = (align: Logo['align']): Logo => ({ file: 'l.png', widthMm: 40, heightMm: 20, topMm: 50, align });
  const mmOf = (box: { x: number; y: number; w: number; h: number }) => ({ x: toMm(box.x), y: toMm(box.y), w: toMm(box.w), h: toMm(box.h) });

  it('keeps the aspect ratio: a wide image fills the box width and is centred vertically', () => {
    const box = mmOf(fitLogo(logo('left'), 400, 100, area));
    expect(box.w).toBeCloseTo(40, 6);
    expect(box.h).toBeCloseTo(10, 6);
    expect(box.y).toBeCloseTo(55, 6); // (20 − 10) / 2 below the box top
    expect(box.x).toBeCloseTo(28, 6);
  });

  it('a tall image fills the box height', () => {
    const box = mmOf(fitLogo(logo('center'), 100, 200, area));
    expect([box.w, box.h, box.y]).toEqual([expect.closeTo(10, 6), expect.closeTo(20, 6), expect.closeTo(50, 6)]);
    expect(box.x + box.w / 2).toBeCloseTo(28 + 156 / 2, 6);
  });

  it('aligns left, centre and right within the type area', () => {
    expect(mmOf(fitLogo(logo('left'), 160, 160, area)).x).toBeCloseTo(28, 6);
    const centre = mmOf(fitLogo(logo('center'), 160, 160, area));
    expect(centre.x).toBeCloseTo(106 - 10, 6);
    const right = mmOf(fitLogo(logo('right'), 160, 160, area));
    expect(right.x + right.w).toBeCloseTo(28 + 156, 6);
    expect(right.w).toBeCloseTo(20, 6);
  });
});

describe('layoutLogo (through layoutBriefing)', () => {
  const logo: Logo = { file: 'images/徽标.png', widthMm: 24, heightMm: 16, topMm: 44, align: 'center' };

  it('puts the logo on page 1 only, fitted into its box, as an artifact with its bytes', () => {
    const asked: string[] = [];
    const doc = layout(withLogo(logo), (file) => {
      asked.push(file);
      return rgba;
    });
    expect(asked).toEqual(['images/徽标.png']);
    const items = imageItems(doc);
    expect(items).toHaveLength(1);
    expect(doc.pages[0]!.items).toContain(items[0]);
    expect(items[0]!.data).toBe(rgba);
    expect(items[0]!.struct.type).toBe('Artifact');
    const box = inMm(items[0]!);
    // 40×20 px into 24×16 mm: 24×12 mm, 2 mm down into the box, centred on the type area
    expect(box.w).toBeCloseTo(24, 6);
    expect(box.h).toBeCloseTo(12, 6);
    expect(box.y).toBeCloseTo(46, 6);
    expect(box.x).toBeCloseTo(106 - 12, 6);
    expect(missingImages(doc)).toEqual([]);
  });

  it('a template without a logo lays out no image and asks for none', () => {
    const doc = layout(base, () => {
      throw new Error('not asked');
    });
    expect(imageItems(doc)).toEqual([]);
  });

  it('a missing, unreadable or non-image file is left out and recorded; nothing throws', () => {
    const gone = layout(withLogo(logo), () => undefined);
    expect(imageItems(gone).map((i) => i.data)).toEqual([undefined]);
    expect(missingImages(gone)).toEqual([{ file: 'images/徽标.png', message: expect.stringContaining('无法使用') }]);
    expect(missingImages(gone)[0]!.message).toContain('已省略');

    const text = layout(withLogo(logo), () => new TextEncoder().encode('not a picture'));
    expect(missingImages(text)[0]!.message).toBe('报头标志图片“images/徽标.png”不是可用的 PNG 或 JPEG 图片（不是 PNG 或 JPEG 图片），已省略');

    const throwing = layout(withLogo(logo), () => {
      throw new Error('EACCES');
    });
    expect(missingImages(throwing)).toHaveLength(1);

    const noReader = layout(withLogo(logo));
    expect(missingImages(noReader)[0]!.message).toContain('此处不能读取模板的图片');
    // the rest of the page is laid out as usual
    expect(noReader.pages[0]!.items.filter((i) => i.kind === 'text').length).toBe(layout(base).pages[0]!.items.filter((i) => i.kind === 'text').length);
  });
});
