// Test support: real, tiny PNG and JPEG files built in memory (no image library needed), plus
// headers of JPEG variants for the header reader.
import { deflateSync } from 'node:zlib';
import { ADAM7, PNG_CHANNELS } from '../../src/core/layout/image';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Colour types: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA (8 bits per sample). */
export interface PngSpec {
  readonly width: number;
  readonly height: number;
  readonly colorType?: 0 | 2 | 3 | 4 | 6;
  /** The samples of a pixel (one per channel; a palette index for type 3). */
  readonly pixel?: (x: number, y: number) => readonly number[];
  readonly palette?: readonly (readonly [number, number, number])[];
  readonly interlaced?: boolean;
  /** Replaces the compressed data (to build broken files). */
  readonly idat?: Uint8Array;
}


/** The uncompressed scanlines of a PNG (filter byte 0 on each row; Adam7 passes when interlaced). */
export function pngScanlines(spec: PngSpec): Buffer {
  const type = spec.colorType ?? 6;
  const pixel = spec.pixel ?? (() => Array.from({ length: PNG_CHANNELS[type]! }, () => 128));
  const rows: number[] = [];
  const passes = spec.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  for (const [x0, y0, dx, dy] of passes) {
    if (x0 >= spec.width || y0 >= spec.height) continue;
    for (let y = y0; y < spec.height; y += dy) {
      rows.push(0);
      for (let x = x0; x < spec.width; x += dx) rows.push(...pixel(x, y));
    }
  }
  return Buffer.from(rows);
}

/** A complete PNG (8 bits per sample). */
export function pngBytes(spec: PngSpec): Uint8Array {
  const type = spec.colorType ?? 6;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(spec.width, 0);
  ihdr.writeUInt32BE(spec.height, 4);
  ihdr[8] = 8;
  ihdr[9] = type;
  ihdr[12] = spec.interlaced ? 1 : 0;
  const chunks = [pngChunk('IHDR', ihdr)];
  if (type === 3) chunks.push(pngChunk('PLTE', Buffer.from((spec.palette ?? [[255, 0, 0]]).flat())));
  chunks.push(pngChunk('IDAT', spec.idat ?? deflateSync(pngScanlines(spec))));
  chunks.push(pngChunk('IEND', new Uint8Array(0)));
  return new Uint8Array(Buffer.concat([PNG_SIGNATURE, ...chunks]));
}

/** A JPEG marker segment: FF, marker, length, payload. */
function segment(marker: number, payload: readonly number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

/**
 * A real baseline greyscale JPEG of one flat grey `level` (8×8 blocks, DC only): quantisation 1,
 * a DC Huffman table of twelve 4-bit codes, an AC table holding only end-of-block.
 */
export function flatGreyJpeg(width: number, height: number, level: number): Uint8Array {
  const app0 = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const dqt = segment(0xdb, [0x00, ...Array.from({ length: 64 }, () => 1)]);
  const sof = segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  // DC table 0: categories 0–11, each a 4-bit code (0000 … 1011).
  const dht = segment(0xc4, [0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...Array.from({ length: 12 }, (_, k) => k), 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
  const sos = segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  // Entropy-coded data: the first block's DC is 8 × (level − 128); the rest differ by 0.
  const bits: number[] = [];
  const put = (value: number, n: number) => {
    for (let k = n - 1; k >= 0; k--) bits.push((value >> k) & 1);
  };
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  for (let b = 0; b < blocks; b++) {
    const diff = b === 0 ? 8 * (level - 128) : 0;
    const size = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
    put(size, 4);
    if (size > 0) put(diff > 0 ? diff : diff + (1 << size) - 1, size);
    put(0, 1); // end of block (AC)
  }
  while (bits.length % 8 !== 0) bits.push(1);
  const scan: number[] = [];
  for (let k = 0; k < bits.length; k += 8) {
    const byte = bits.slice(k, k + 8).reduce((v, bit) => (v << 1) | bit, 0);
    scan.push(byte);
    if (byte === 0xff) scan.push(0x00);
  }
  return new Uint8Array([0xff, 0xd8, ...app0, ...dqt, ...sof, ...dht, ...sos, ...scan, 0xff, 0xd9]);
}

/** The markers of a JPEG up to its frame header, with frame marker `sof` (0xC0 baseline, 0xC2 progressive, …). */
export function jpegHeader(options: { sof: number; width: number; height: number; precision?: number; components?: number; fill?: boolean }): Uint8Array {
  const components = options.components ?? 3;
  const app0 = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const comment = segment(0xfe, [...Buffer.from('made in a test')]);
  const sof = segment(options.sof, [options.precision ?? 8, options.height >> 8, options.height & 0xff, options.width >> 8, options.width & 0xff, components, ...Array.from({ length: components }, (_, k) => [k + 1, 0x11, 0]).flat()]);
  return new Uint8Array([0xff, 0xd8, ...app0, ...(options.fill ? [0xff, 0xff] : []), ...comment, ...sof, 0xff, 0xd9]);
}
