// The zip container of a library pack, read defensively: the central directory is parsed by hand so
// that every limit (file size, entry count, names, declared and actual inflated sizes) is checked
// before a byte is inflated, and inflation stops the moment an entry outgrows what it declared.
// Nothing is ever written to disk from a pack, so entry names are data; unsafe ones are refused
// anyway (defence in depth, and a hostile pack should be named as such).
import { Inflate, zipSync, type Zippable } from 'fflate';
import { fail, ok, type Result } from '../../shared/errors';
import { printable } from '../../shared/validation';

/** What a pack may be. Packs hold text only: a 2,000-source library fits in a few MB. */
export interface ZipLimits {
  /** the pack file itself */
  readonly maxFileBytes: number;
  readonly maxEntries: number;
  /** one entry, inflated */
  readonly maxEntryBytes: number;
  /** all entries, inflated */
  readonly maxTotalBytes: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Inflate this much compressed input at a time: deflate's ≤1032:1 bounds each step's output. */
const STEP = 4096;

/** True for an entry name a pack may carry: relative, forward slashes, no `..`, no drive, printable. */
export function isSafeEntryName(name: string): boolean {
  if (name.length === 0 || name.length > 200) return false;
  if (name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name)) return false;
  for (const ch of name) if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Zips `entries` (name → bytes) with deflate; `mtime` stamps every entry (the pack's own clock). */
export function writeZip(entries: ReadonlyMap<string, Uint8Array>, mtime: Date): Uint8Array {
  const files: Zippable = {};
  for (const [name, data] of entries) files[name] = [data, { level: 6, mtime }];
  return zipSync(files);
}

interface CentralEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/**
 * Reads every entry of a zip into memory, refusing: a file over `maxFileBytes` (PACK_TOO_LARGE);
 * not a zip, zip64, encrypted or unknown compression (PACK_INVALID / PACK_DAMAGED); more than
 * `maxEntries` entries (PACK_TOO_MANY_ENTRIES); an unsafe or repeated name (PACK_UNSAFE_PATH);
 * declared sizes over the limits, or inflated data longer than declared (PACK_ZIP_BOMB).
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits): Result<Map<string, Uint8Array>> {
  if (bytes.length > limits.maxFileBytes) return fail('PACK_TOO_LARGE', `（${mb(bytes.length)}，上限 ${mb(limits.maxFileBytes)}）`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return fail('PACK_INVALID', '（不是 zip 文件）');
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff) return fail('PACK_INVALID', '（不支持 zip64）');
  if (count > limits.maxEntries) return fail('PACK_TOO_MANY_ENTRIES', `（${count} 个文件，上限 ${limits.maxEntries}）`);
  if (dirOffset + dirSize > eocd) return fail('PACK_DAMAGED', '（目录越界）');

  const entries: CentralEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  for (let at = dirOffset, k = 0; k < count; k++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL) return fail('PACK_DAMAGED', '（目录损坏）');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > eocd) return fail('PACK_DAMAGED', '（目录损坏）');
    const name = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (!isSafeEntryName(name)) return fail('PACK_UNSAFE_PATH', `（“${printable(name, 80)}”）`);
    if (names.has(name)) return fail('PACK_UNSAFE_PATH', `（“${printable(name, 80)}”重复出现）`);
    names.add(name);
    if (flags & 1) return fail('PACK_INVALID', '（文件已加密）');
    if (method !== 0 && method !== 8) return fail('PACK_INVALID', `（不支持的压缩方式 ${method}）`);
    if (size > limits.maxEntryBytes) return fail('PACK_ZIP_BOMB', `（“${printable(name, 80)}”解压后 ${mb(size)}，上限 ${mb(limits.maxEntryBytes)}）`);
    total += size;
    if (total > limits.maxTotalBytes) return fail('PACK_ZIP_BOMB', `（解压后合计超过 ${mb(limits.maxTotalBytes)}）`);
    if (method === 0 && compressedSize !== size) return fail('PACK_DAMAGED', `（“${printable(name, 80)}”大小不符）`);
    entries.push({ name, method, compressedSize, size, localOffset });
  }

  const out = new Map<string, Uint8Array>();
  for (const entry of entries) {
    const at = entry.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) return fail('PACK_DAMAGED', `（“${printable(entry.name, 80)}”的文件头损坏）`);
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > bytes.length) return fail('PACK_DAMAGED', `（“${printable(entry.name, 80)}”被截断）`);
    const data = bytes.subarray(start, end);
    if (entry.method === 0) {
      out.set(entry.name, data.slice());
      continue;
    }
    const inflated = inflateBounded(data, entry.size);
    if (!inflated.ok) return inflated.code === 'PACK_ZIP_BOMB' ? fail('PACK_ZIP_BOMB', `（“${printable(entry.name, 80)}”解压后超过其声明的大小）`) : fail('PACK_DAMAGED', `（“${printable(entry.name, 80)}”无法解压）`);
    out.set(entry.name, inflated.value);
  }
  return ok(out);
}

/** Inflates `data`, stopping as soon as the output would exceed `declared` bytes. */
function inflateBounded(data: Uint8Array, declared: number): Result<Uint8Array> {
  const out = new Uint8Array(declared);
  let length = 0;
  let over = false;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    if (over) return;
    if (length + chunk.length > declared) {
      over = true;
      return;
    }
    out.set(chunk, length);
    length += chunk.length;
    if (final) finished = true;
  });
  try {
    for (let at = 0; at < data.length && !over; at += STEP) inflater.push(data.subarray(at, Math.min(at + STEP, data.length)), at + STEP >= data.length);
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch {
    return fail('PACK_DAMAGED');
  }
  if (over) return fail('PACK_ZIP_BOMB');
  if (!finished || length !== declared) return fail('PACK_DAMAGED');
  return ok(out);
}

/** The end-of-central-directory record: the last 22 bytes, or earlier when a comment follows. */
function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  return -1;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;
