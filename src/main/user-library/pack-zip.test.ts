import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isSafeEntryName, readZip, writeZip } from './pack-zip';

const limits = { maxFileBytes: 1024 * 1024, maxEntries: 4, maxEntryBytes: 64 * 1024, maxTotalBytes: 100 * 1024 };

describe('isSafeEntryName', () => {
  it.each(['pack.json', 'sources/0001.json', 'a/b/c.txt'])('accepts %s', (name) => expect(isSafeEntryName(name)).toBe(true));
  it.each(['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'C:/x', 'a\\b', 'a\u0000b', 'x'.repeat(201)])('refuses %j', (name) =>
    expect(isSafeEntryName(name)).toBe(false),
  );
});

describe('readZip', () => {
  it('reads what writeZip wrote, deflated and stored entries alike', () => {
    const zip = writeZip(new Map([['a.json', strToU8('{"x":"长文本'.repeat(200) + '"}')], ['b.txt', strToU8('')]]), new Date('2026-01-01T00:00:00Z'));
    const read = readZip(zip, limits);
    expect(read.ok && [...read.value.keys()]).toEqual(['a.json', 'b.txt']);
    const stored = readZip(zipSync({ 'c.txt': strToU8('hello') }, { level: 0 }), limits);
    expect(stored.ok && new TextDecoder().decode(stored.value.get('c.txt'))).toBe('hello');
  });

  it.each([
    ['over the file size', () => new Uint8Array(limits.maxFileBytes + 1), 'PACK_TOO_LARGE'],
    ['not a zip', () => strToU8('PK but not really'), 'PACK_INVALID'],
    ['too many entries', () => zipSync({ a: strToU8('1'), b: strToU8('2'), c: strToU8('3'), d: strToU8('4'), e: strToU8('5') }), 'PACK_TOO_MANY_ENTRIES'],
    ['an entry over the limit', () => zipSync({ a: new Uint8Array(limits.maxEntryBytes + 1) }), 'PACK_ZIP_BOMB'],
    ['entries over the total', () => zipSync({ a: new Uint8Array(60 * 1024), b: new Uint8Array(60 * 1024) }), 'PACK_ZIP_BOMB'],
    ['a traversing name', () => zipSync({ '../a': strToU8('1') }), 'PACK_UNSAFE_PATH'],
    ['a cut-off file', () => zipSync({ a: strToU8('x'.repeat(5000)) }).slice(0, 60), 'PACK_INVALID'],
  ])('refuses %s', (_name, make, code) => {
    const read = readZip(make(), limits);
    expect(read.ok ? 'ok' : read.code).toBe(code);
  });
});
