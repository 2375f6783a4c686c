import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUserError } from '../../shared/errors';
import { findAppPaths } from '../paths';
import { clearLibraryCache, libraryDir, loadLibrary, readLibrary } from '.';

const resourcesDir = findAppPaths(import.meta.dirname).resourcesDir;

/** The Chinese message of the UserError `fn` throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isUserError(error)) return `${error.code}：${error.message}`;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('loadLibrary on the bundled data', () => {
  afterEach(() => clearLibraryCache());

  it('loads, validates and indexes resources/library', () => {
    const library = loadLibrary(resourcesDir);
    expect(library.data.items.length).toBe(100);
    expect(library.data.sources.map((s) => s.id)).toEqual(['intro', 'why-hangzhou', 'six-little-dragons', 'what-do-we-have']);
    expect(library.index.search({ query: '双聘制' }).hits[0]!.item.id).toBe('hz-etdz-dual-appointment');
  });

  it('reads once per process and directory', () => {
    expect(loadLibrary(resourcesDir)).toBe(loadLibrary(resourcesDir));
    const first = loadLibrary(resourcesDir);
    clearLibraryCache();
    expect(loadLibrary(resourcesDir)).not.toBe(first);
  });
});

describe('readLibrary on broken data', () => {
  let dir: string;
  const items = () => JSON.parse(readFileSync(join(dir, 'items.json'), 'utf8')) as { items: Record<string, unknown>[]; schemaVersion: number };
  const write = (value: unknown) => writeFileSync(join(dir, 'items.json'), JSON.stringify(value));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefsmith-library-'));
    cpSync(libraryDir(resourcesDir), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a file nested thousands deep with a located Chinese message, not a stack overflow', () => {
    writeFileSync(join(dir, 'items.json'), `{"schemaVersion":1,"items":[${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}]}`);
    expect(messageOf(() => readLibrary(dir))).toBe(
      'LIBRARY_INVALID：资料库数据无效。\nitems.json：文件嵌套层级过深，已拒绝读取。（第 1 行第 339 列：数组和对象嵌套超过 64 层（正常文件不超过 10 层），文件可能已损坏或被恶意构造，未读取）',
    );
  });

  it('reports a syntax error located and in Chinese, not in JSON.parse English', () => {
    writeFileSync(join(dir, 'sources.json'), '{\n  "schemaVersion": 1,\n  "sources": [}\n');
    expect(messageOf(() => readLibrary(dir))).toBe('LIBRARY_INVALID：资料库数据无效。\nsources.json：文件不是有效的 JSON。（第 3 行第 15 列：此处应为一个值（文本、数字、true/false、对象或数组））');
  });

  it('names the file, the path and the fault of a non-verbatim quote', () => {
    const data = items();
    data.items[0]!.quote = '阿里生态培养出10万量级的数字经济人才。';
    write(data);
    expect(messageOf(() => readLibrary(dir))).toBe(
      'LIBRARY_INVALID：资料库数据无效。\nitems.json items[0].quote：引文不是《DeepSeek为什么会出现在杭州?》第 4 段的原文（须逐字一致，包括标点）',
    );
  });

  it('reports schema errors in Chinese with their JSON path', () => {
    const data = items();
    data.items[3]!.city = '西安';
    delete data.items[0]!.unit;
    write(data);
    const message = messageOf(() => readLibrary(dir));
    expect(message).toContain('items.json items[0].unit：指标必须有单位（unit）');
    expect(message).toContain('items.json items[3].city：未知城市“西安”');
  });

  it('refuses a newer data version with a clear message', () => {
    write({ ...items(), schemaVersion: 9 });
    expect(messageOf(() => readLibrary(dir))).toContain('items.json：数据版本 9 高于本程序支持的 1');
  });

  it('refuses invalid JSON and a missing file', () => {
    writeFileSync(join(dir, 'items.json'), '{ "items": [');
    expect(messageOf(() => readLibrary(dir))).toMatch(/^LIBRARY_INVALID：资料库数据无效。\nitems\.json：文件不是有效的 JSON。/);
    rmSync(join(dir, 'sources.json'));
    expect(messageOf(() => readLibrary(dir))).toContain('缺少文件 sources.json');
  });

  it('refuses prototype-polluting keys', () => {
    writeFileSync(join(dir, 'items.json'), '{"__proto__": {"x": 1}}');
    expect(messageOf(() => readLibrary(dir))).toContain('禁止的键');
  });
});
