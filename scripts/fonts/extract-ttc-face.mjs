#!/usr/bin/env node
// Extracts one face of an OpenType collection (.ttc) into a stand-alone .otf/.ttf, unchanged:
// every table the face references is copied byte for byte (no subsetting, so no coverage is lost),
// offsets and the head checksum adjustment are recomputed.
// Usage: node extract-ttc-face.mjs <in.ttc> <PostScriptName> <out.otf>
import { readFileSync, writeFileSync } from 'node:fs';

const [input, wanted, output] = process.argv.slice(2);
if (!input || !wanted || !output) {
  process.stderr.write('usage: extract-ttc-face.mjs <in.ttc> <PostScriptName> <out>\n');
  process.exit(1);
}
const src = readFileSync(input);
if (src.toString('latin1', 0, 4) !== 'ttcf') throw new Error('not a TTC file');
const numFonts = src.readUInt32BE(8);

function tablesOf(offset) {
  const numTables = src.readUInt16BE(offset + 4);
  const tables = [];
  for (let i = 0; i < numTables; i++) {
    const rec = offset + 12 + i * 16;
    tables.push({
      tag: src.toString('latin1', rec, rec + 4),
      offset: src.readUInt32BE(rec + 8),
      length: src.readUInt32BE(rec + 12),
    });
  }
  return { sfntVersion: src.readUInt32BE(offset), tables };
}

function postscriptName(face) {
  const name = face.tables.find((t) => t.tag === 'name');
  if (!name) return undefined;
  const base = name.offset;
  const count = src.readUInt16BE(base + 2);
  const strings = base + src.readUInt16BE(base + 4);
  for (let i = 0; i < count; i++) {
    const r = base + 6 + i * 12;
    const [platform, , , nameId, length, off] = [0, 2, 4, 6, 8, 10].map((d) => src.readUInt16BE(r + d));
    if (nameId !== 6) continue;
    const bytes = src.subarray(strings + off, strings + off + length);
    if (platform === 3 || platform === 0) {
      let s = '';
      for (let j = 0; j + 1 < bytes.length; j += 2) s += String.fromCharCode(bytes.readUInt16BE(j));
      return s;
    }
    return bytes.toString('latin1');
  }
  return undefined;
}

let face;
for (let i = 0; i < numFonts; i++) {
  const candidate = tablesOf(src.readUInt32BE(12 + i * 4));
  if (postscriptName(candidate) === wanted) face = candidate;
}
if (!face) throw new Error(`face ${wanted} not found in ${input}`);

const checksum = (buf) => {
  let sum = 0;
  const padded = Buffer.concat([buf, Buffer.alloc((4 - (buf.length % 4)) % 4)]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
};

const tables = [...face.tables].sort((a, b) => (a.tag < b.tag ? -1 : 1));
const n = tables.length;
const headerLength = 12 + n * 16;
let entrySelector = 0;
while (2 ** (entrySelector + 1) <= n) entrySelector++;
const searchRange = 2 ** entrySelector * 16;
const header = Buffer.alloc(headerLength);
header.writeUInt32BE(face.sfntVersion, 0);
header.writeUInt16BE(n, 4);
header.writeUInt16BE(searchRange, 6);
header.writeUInt16BE(entrySelector, 8);
header.writeUInt16BE(n * 16 - searchRange, 10);
const bodies = [];
let offset = headerLength;
let headOffset = -1;
tables.forEach((t, i) => {
  const data = Buffer.from(src.subarray(t.offset, t.offset + t.length));
  if (t.tag === 'head') {
    data.writeUInt32BE(0, 8);
    headOffset = offset;
  }
  const rec = 12 + i * 16;
  header.write(t.tag, rec, 'latin1');
  header.writeUInt32BE(checksum(data), rec + 4);
  header.writeUInt32BE(offset, rec + 8);
  header.writeUInt32BE(t.length, rec + 12);
  const pad = Buffer.alloc((4 - (t.length % 4)) % 4);
  bodies.push(data, pad);
  offset += t.length + pad.length;
});
const out = Buffer.concat([header, ...bodies]);
if (headOffset >= 0) out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headOffset + 8);
writeFileSync(output, out);
process.stdout.write(`${wanted}: ${tables.length} tables, ${out.length} bytes -> ${output}\n`);
