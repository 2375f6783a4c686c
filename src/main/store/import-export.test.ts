import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeStoreFs } from './fs-layer';
import { encodeBriefingFile, exportFileName, parseBriefingFileText, readBriefingFile } from './import-export';

const imports = join(import.meta.dirname, '../../../tests/fixtures/drafts/imports');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bs-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (name: string) => readBriefingFile(nodeStoreFs, join(imports, name));

describe('reading a .briefing.json for import', () => {
  it('accepts a valid file', async () => {
    const b = await read('valid.briefing.json');
    expect(b.title).toBe('一季度经济运行简报');
    expect(b.blocks).toHaveLength(5);
  });

  it('accepts a draft file copied out of an old (v1) store folder, migrated', async () => {
    expect((await read('store-draft-v1.json')).title).toBe('从草稿库复制出的文件');
  });

  const rejected: [string, string, RegExp][] = [
    ['proto.briefing.json', 'UNSAFE_CONTENT', /__proto__/],
    ['constructor.briefing.json', 'UNSAFE_CONTENT', /constructor|prototype/],
    ['malformed.briefing.json', 'INVALID_JSON', /不是有效的 JSON/],
    ['truncated.briefing.json', 'INVALID_JSON', /truncated\.briefing\.json/],
    ['unknown-version.briefing.json', 'INVALID_BRIEFING', /未知的文件版本“v1\.0”/],
    ['newer-version.briefing.json', 'NEWER_VERSION', /更新版本.*文件版本 99/],
    ['invalid.briefing.json', 'INVALID_BRIEFING', /blocks\[0\]\.level.*\n?.*块标识“h1”重复/s],
  ];
  for (const [name, code, message] of rejected) {
    it(`rejects ${name} with ${code} and a clear Chinese message`, async () => {
      const error = await read(name).then(() => null, (e: unknown) => e as { code: string; message: string });
      expect(error).toMatchObject({ code });
      expect(error!.message).toMatch(message);
      expect(error!.message).toContain(name);
    });
  }

  it('rejects a file over 20 MB before reading it', async () => {
    const big = join(dir, 'big.briefing.json');
    await writeFile(big, `{"schemaVersion":1,"title":"${'字'.repeat(7 * 1024 * 1024)}"}`);
    await expect(readBriefingFile(nodeStoreFs, big)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/上限 20 MB/) });
  });

  it('did not pollute Object.prototype while parsing the malicious files', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a missing file as READ_FAILED', async () => {
    await expect(read('nope.json')).rejects.toMatchObject({ code: 'READ_FAILED' });
  });
});

describe('export format', () => {
  it('round-trips: an exported file imports to the same briefing', async () => {
    const b = await read('valid.briefing.json');
    const text = encodeBriefingFile(b);
    expect(parseBriefingFileText(text, 'x.briefing.json')).toEqual(b);
    expect(JSON.parse(text).schemaVersion).toBe(2);
  });

  it('makes a safe file name from the title', () => {
    expect(exportFileName('关于“一季度”经济/运行的简报?')).toBe('关于“一季度”经济_运行的简报_.briefing.json');
    expect(exportFileName('  ')).toBe('简报.briefing.json');
  });
});

it('reads fixture files as text (sanity)', async () => {
  expect((await readFile(join(imports, 'proto.briefing.json'), 'utf8')).includes('__proto__')).toBe(true);
});
