import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LibraryItem, LibrarySearchResult } from '../../shared/library';
import { clearLibraryCache } from '../../main/library';
import { findAppPaths } from '../../main/paths';
import { runCli } from '../main';
import { createLibraryCommand, libraryCommand } from './library';

const resourcesDir = findAppPaths(import.meta.dirname).resourcesDir;

/** Runs `briefsmith <args>` with the library command, capturing output and exit code. */
async function cli(args: string[], command = libraryCommand) {
  let out = '';
  let err = '';
  // An empty working folder: the default data folder (./.briefsmith-cli) holds no user library.
  const code = await runCli(args, { cwd: emptyCwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) }, [command], '0.0.0-test');
  return { code, out, err };
}
const emptyCwd = mkdtempSync(join(tmpdir(), 'bs-cli-cwd-'));

describe('briefsmith library search', () => {
  it('prints hits in Chinese with figure, quote, citation and id', async () => {
    const { code, out, err } = await cli(['library', 'search', '技术转化率', '--city', '南京']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('“技术转化率”：共 3 条。');
    expect(out).toContain('1. [指标] 南京 · 技术转化率：28% · 2023年 · 实际');
    expect(out).toContain('出处：《杭州有DeepSeek,我们有什么?》，上海证券报（原载新华日报“交汇点”客户端），2025年2月8日，第10段');
    expect(out).toContain('编号：nj-tech-transfer-rate-2023');
  });

  it('searches pinyin initials and filters by kind, with JSON output', async () => {
    const { code, out } = await cli(['library', 'search', 'hzrc', '--kind', 'indicator', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as LibrarySearchResult;
    expect(result.total).toBeGreaterThan(3);
    expect(result.hits.every((h) => h.item.city === '杭州' && h.item.kind === 'indicator' && h.match === 'pinyin')).toBe(true);
  });

  it('joins several words into one query and accepts Chinese kind names', async () => {
    const { out } = await cli(['library', 'search', 'hangzhou', 'rencai', '--kind', '措施', '--json']);
    const result = JSON.parse(out) as LibrarySearchResult;
    expect(result.query).toBe('hangzhou rencai');
    expect(result.hits.map((h) => h.item.id)).toContain('hz-talent-code');
  });

  it('says so in Chinese when nothing matches', async () => {
    const { code, out } = await cli(['library', 'search', '量子纠缠通信']);
    expect(code).toBe(0);
    expect(out).toContain('没有找到与“量子纠缠通信”相符的条目');
  });

  it.each([
    [['library', 'search'], '错误：缺少查询词。'],
    [['library', 'search', '人才', '--city', '西安'], '错误：未知城市“西安”。'],
    [['library', 'search', '人才', '--kind', 'policy'], '错误：未知类型“policy”。'],
    [['library', 'search', '人才', '--year', '25'], '错误：年份“25”无效'],
    [['library', 'search', '人才', '--limit', '0'], '错误：--limit “0”无效'],
    [['library', 'search', '人才', '--theme', '旅游'], '错误：未知主题“旅游”。'],
    [['library', 'search', '人才', '--bogus'], '错误：未知选项“--bogus”'],
    [['library', 'search', '人才', '--city'], '错误：选项 --city 需要一个值'],
    [['library', 'frobnicate'], '错误：未知子命令“frobnicate”。'],
    [['library'], '错误：缺少子命令'],
  ])('refuses %j with one Chinese line and exit code 1', async (args, message) => {
    const { code, err, out } = await cli(args);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.startsWith(message)).toBe(true);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});

describe('briefsmith library list and show', () => {
  it('lists every item as JSON', async () => {
    const { code, out } = await cli(['library', 'list', '--json']);
    expect(code).toBe(0);
    const items = JSON.parse(out) as LibraryItem[];
    expect(items).toHaveLength(100);
    expect(new Set(items.map((i) => i.id)).size).toBe(100);
  });

  it('lists filtered items for people', async () => {
    const { out } = await cli(['library', 'list', '--city', '苏州']);
    expect(out).toBe('共 1 条：\nsz-biomedicine-output  [指标] 苏州 · 苏州生物医药产值：突破2500亿元\n');
  });

  it('shows one item, and refuses an unknown id', async () => {
    const { out } = await cli(['library', 'show', 'nj-ning-manyi']);
    expect(out).toContain('[措施] 南京 · “宁满意”工程压缩企业开办时间');
    const missing = await cli(['library', 'show', 'nj-nothing']);
    expect(missing).toMatchObject({ code: 1, err: '错误：资料库中没有编号为“nj-nothing”的条目。\n' });
  });

  it('reports broken library data as a user error, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefsmith-cli-library-'));
    try {
      cpSync(resourcesDir, dir, { recursive: true });
      writeFileSync(join(dir, 'library', 'items.json'), '{');
      clearLibraryCache();
      const { code, err } = await cli(['library', 'search', '人才'], createLibraryCommand(() => dir));
      expect(code).toBe(1);
      expect(err).toMatch(/^错误：资料库数据无效。/);
    } finally {
      clearLibraryCache();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('briefsmith library extract', () => {
  const report = join(findAppPaths(import.meta.dirname).root, 'tests', 'fixtures', 'sources', 'report.txt');

  it('prints one JSON object in the contract: the source and its candidates', async () => {
    const { code, out, err } = await cli(['library', 'extract', report, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { source: { title: string; date: string; paragraphs: string[] }; candidates: Record<string, unknown>[] };
    expect(parsed.source).toMatchObject({ title: '2025年南京市政府工作报告（节选）', date: '2025-01-15' });
    const text = parsed.source.paragraphs.join('\n');
    const gdp = parsed.candidates.find((c) => c.valueText === '1.85万亿元')!;
    expect(gdp).toMatchObject({ kind: 'indicator', value: 1.85, unit: '万亿元', baseValue: 1.85e12, baseUnit: '元', qualifier: 'actual', year: 2024, city: '南京', district: null, paragraph: 5 });
    expect(text.slice(gdp.offset as number, (gdp.offset as number) + 4)).toBe('1.85');
    expect(parsed.candidates.find((c) => c.valueText === '5%—5.5%')).toMatchObject({ value: 5, valueHigh: 5.5, qualifier: 'target', year: 2025 });
    for (const c of parsed.candidates) {
      for (const key of ['kind', 'quote', 'valueText', 'value', 'unit', 'baseValue', 'baseUnit', 'qualifier', 'bound', 'year', 'city', 'district', 'subject', 'paragraph', 'offset', 'confidence']) expect(c, key).toHaveProperty(key);
    }
    expect(parsed.candidates.some((c) => c.kind === 'measure' && c.name === '紫金山英才计划')).toBe(true);
    // Not facts: the date, the section numbers, 十四五 and 5G.
    expect(parsed.candidates.filter((c) => c.kind === 'indicator').map((c) => c.valueText)).not.toEqual(expect.arrayContaining(['5', '十四五', '2025年']));
  });

  it('explains in Chinese when a file cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-extract-'));
    writeFileSync(join(dir, 'scan.pdf'), '%PDF-1.4 broken');
    const { code, err } = await cli(['library', 'extract', join(dir, 'scan.pdf'), '--json']);
    expect(code).not.toBe(0);
    expect(err).toContain('文件已损坏');
    const missing = await cli(['library', 'extract']);
    expect(missing.err).toContain('请给出一个文件');
  });
});

describe('briefsmith library import (into the user library of a data folder)', () => {
  const report = join(findAppPaths(import.meta.dirname).root, 'tests', 'fixtures', 'sources', 'report.txt');
  const userLibrary = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'library', 'user-library.json'), 'utf8')) as { sources: { id: string; title: string }[]; items: LibraryItem[] };
  const withEnv = async (args: string[], env: Record<string, string>) => {
    let out = '';
    let err = '';
    const code = await runCli(args, { cwd: process.cwd(), env, out: (t) => (out += t), err: (t) => (err += t) }, [libraryCommand], '0.0.0-test');
    return { code, out, err };
  };

  it('lists numbered candidates and writes nothing without --accept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-import-'));
    const { code, out, err } = await cli(['library', 'import', report, '--data-dir', dataDir]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('   1. [指标·高] 南京 · 全市地区生产总值：1.85万亿元 · 实际 · 2024年（第5段）');
    expect(out).toContain('未写入');
    expect(existsSync(join(dataDir, 'library'))).toBe(false);
  });

  it('accepts candidates by number, then the rest with all, without repeating the source or items', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-import-'));
    const first = await cli(['library', 'import', report, '--accept', '1,3-4', '--data-dir', dataDir, '--json']);
    expect(first.code).toBe(0);
    const stored = (JSON.parse(first.out) as { stored: { sourceId: string; newSource: boolean; itemIds: string[] } }).stored;
    expect(stored.newSource).toBe(true);
    expect(stored.itemIds).toHaveLength(3);
    let lib = userLibrary(dataDir);
    expect(lib.sources.map((s) => s.title)).toEqual(['2025年南京市政府工作报告（节选）']);
    expect(lib.items.map((i) => i.valueText)).toEqual(['1.85万亿元', '1752亿元', '2.1%']);
    expect(lib.items.every((i) => i.origin === 'user' && i.sourceId === stored.sourceId)).toBe(true);

    const second = await cli(['library', 'import', report, '--accept', 'all', '--data-dir', dataDir]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('（已有，同一文本）');
    expect(second.out).toContain('已有而未重复收入 3 条');
    lib = userLibrary(dataDir);
    expect(lib.sources).toHaveLength(1);
    const total = (JSON.parse((await cli(['library', 'import', report, '--data-dir', dataDir, '--json'])).out) as { candidates: unknown[] }).candidates.length;
    expect(lib.items).toHaveLength(total);
    // a third time: nothing new, the file is not rewritten
    const bytes = readFileSync(join(dataDir, 'library', 'user-library.json'), 'utf8');
    const third = await cli(['library', 'import', report, '--accept', 'all', '--data-dir', dataDir]);
    expect(third.out).toContain('新条目 0 条');
    expect(readFileSync(join(dataDir, 'library', 'user-library.json'), 'utf8')).toBe(bytes);
    expect(existsSync(join(dataDir, 'library', 'user-library.json.bak'))).toBe(true);
  });

  it('accepts the high-confidence class only, in the folder BRIEFSMITH_DATA_DIR names', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-import-'));
    const listed = JSON.parse((await withEnv(['library', 'import', report, '--json'], { BRIEFSMITH_DATA_DIR: dataDir })).out) as { candidates: { confidence: number }[] };
    const { code } = await withEnv(['library', 'import', report, '--accept', 'high'], { BRIEFSMITH_DATA_DIR: dataDir });
    expect(code).toBe(0);
    expect(userLibrary(dataDir).items).toHaveLength(listed.candidates.filter((c) => c.confidence >= 0.8).length);
  });

  it('stores the source alone with --accept none', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-import-'));
    expect((await cli(['library', 'import', report, '--accept', 'none', '--data-dir', dataDir])).code).toBe(0);
    expect(userLibrary(dataDir)).toMatchObject({ sources: [{ title: '2025年南京市政府工作报告（节选）' }], items: [] });
  });

  it.each([
    [['--accept', 'some'], '错误：--accept 的值“some”无效。'],
    [['--accept', '0'], '错误：--accept 的编号“0”无效'],
    [['--accept', '999'], '错误：--accept 的编号 999 超出范围'],
    [['--date', '15.1.2025'], '错误：--date “15.1.2025”无效'],
    [['--bogus'], '错误：未知选项“--bogus”'],
  ])('refuses %j with one Chinese line', async (extra, message) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-import-'));
    const { code, err } = await cli(['library', 'import', report, '--data-dir', dataDir, ...extra]);
    expect(code).toBe(1);
    expect(err.startsWith(message)).toBe(true);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dataDir, 'library'))).toBe(false);
  });
});

describe('briefsmith library pack export|import', () => {
  const report = join(findAppPaths(import.meta.dirname).root, 'tests', 'fixtures', 'sources', 'report.txt');
  const userLibrary = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'library', 'user-library.json'), 'utf8')) as { sources: { id: string }[]; items: LibraryItem[] };

  it('carries the user library to another data folder: preview, import, then duplicates only', async () => {
    const a = mkdtempSync(join(tmpdir(), 'bs-pack-a-'));
    const b = mkdtempSync(join(tmpdir(), 'bs-pack-b-'));
    expect((await cli(['library', 'import', report, '--accept', '1-5', '--data-dir', a])).code).toBe(0);
    const pack = join(a, '南京.bspack');
    const exported = await cli(['library', 'pack', 'export', pack, '--by', '张三', '--unit', '南京市发展和改革委员会', '--data-dir', a]);
    expect(exported.err).toBe('');
    expect(exported.out).toMatch(/^已导出资料包 .*：来源 1 个，条目 5 条，\d+ KB；制作人 张三（南京市发展和改革委员会）。\n$/);

    const preview = await cli(['library', 'pack', 'import', pack, '--preview', '--data-dir', b]);
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('资料包：张三（南京市发展和改革委员会） 制作于 ');
    expect(preview.out).toContain('来源 1 个，条目 5 条：新 5，重复 0，冲突 0。');
    expect(existsSync(join(b, 'library'))).toBe(false);

    const imported = await cli(['library', 'pack', 'import', pack, '--data-dir', b, '--json']);
    expect(imported.code).toBe(0);
    const result = (JSON.parse(imported.out) as { result: { itemsAdded: string[]; sourcesAdded: string[] } }).result;
    expect(result.itemsAdded).toHaveLength(5);
    expect(userLibrary(b).items.map((i) => i.id)).toEqual(userLibrary(a).items.map((i) => i.id));

    const again = await cli(['library', 'pack', 'import', pack, '--data-dir', b]);
    expect(again.out).toContain('新来源 0 个，新条目 0 条；重复来源 1 个、重复条目 5 条未重复收入');
  });

  it('shows a conflict and skips it by default; keep-both imports it beside', async () => {
    const a = mkdtempSync(join(tmpdir(), 'bs-pack-a-'));
    const b = mkdtempSync(join(tmpdir(), 'bs-pack-b-'));
    expect((await cli(['library', 'import', report, '--accept', '1', '--data-dir', a])).code).toBe(0);
    // B has its own text of the same year with another figure of 南京's GDP
    const other = join(b, 'bulletin.txt');
    writeFileSync(other, '南京市2024年国民经济和社会发展统计公报\n南京市统计局\n2025年3月1日\n2024年全市地区生产总值1.86万亿元。\n');
    expect((await cli(['library', 'import', other, '--accept', 'all', '--data-dir', b])).code).toBe(0);
    const pack = join(a, 'p.bspack');
    expect((await cli(['library', 'pack', 'export', pack, '--by', '张三', '--data-dir', a])).code).toBe(0);
    const skipped = await cli(['library', 'pack', 'import', pack, '--data-dir', b]);
    expect(skipped.out).toMatch(/冲突：数值冲突：南京 2024年“地区生产总值[^”]*”（实际），资料包为 1\.85万亿元，资料库中为 1\.86万亿元/);
    expect(skipped.out).toContain('未导入 1 条');
    const kept = await cli(['library', 'pack', 'import', pack, '--data-dir', b, '--on-conflict', 'keep-both']);
    expect(kept.out).toContain('新条目 1 条');
    expect(userLibrary(b).items.map((i) => i.valueText).sort()).toEqual(['1.85万亿元', '1.86万亿元']);
  });

  it.each([
    [['pack'], '错误：缺少 pack 的子命令'],
    [['pack', 'send', 'x.bspack'], '错误：未知的 pack 子命令“send”'],
    [['pack', 'export', 'x.bspack'], '错误：用户资料库'],
    [['pack', 'import', 'nope.bspack'], '错误：找不到文件'],
    [['pack', 'import', 'x.bspack', '--on-conflict', 'merge'], '错误：--on-conflict “merge”无效'],
    [['pack', 'export', 'x.bspack', '--preview'], '错误：--preview 只用于 pack import。'],
  ])('refuses %j with one Chinese line', async (args, message) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-pack-'));
    const { code, err } = await cli(['library', ...args, '--data-dir', dataDir]);
    expect(code).toBe(1);
    expect(err.startsWith(message)).toBe(true);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a hostile pack with its reason and leaves the library as it was', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-pack-'));
    expect((await cli(['library', 'import', report, '--accept', '1', '--data-dir', dataDir])).code).toBe(0);
    const before = readFileSync(join(dataDir, 'library', 'user-library.json'), 'utf8');
    const { zipSync, strToU8 } = await import('fflate');
    const evil = join(dataDir, 'evil.bspack');
    writeFileSync(evil, zipSync({ 'pack.json': strToU8('{}'), '../../outside.txt': strToU8('x') }));
    const { code, err } = await cli(['library', 'pack', 'import', evil, '--data-dir', dataDir]);
    expect(code).toBe(1);
    expect(err).toContain('资料包含有不安全或不认识的文件路径');
    expect(readFileSync(join(dataDir, 'library', 'user-library.json'), 'utf8')).toBe(before);
  });
});

describe('briefsmith library search, show and sources with the user library of a data folder', () => {
  const report = join(findAppPaths(import.meta.dirname).root, 'tests', 'fixtures', 'sources', 'report.txt');

  it('finds imported items beside the bundled ones, shows them with their source, lists the sources', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-usersearch-'));
    const imported = await cli(['library', 'import', report, '--accept', '7', '--data-dir', dataDir, '--json']);
    const id = (JSON.parse(imported.out) as { stored: { itemIds: string[]; sourceId: string } }).stored.itemIds[0]!;
    const found = await cli(['library', 'search', '高新技术企业', '--data-dir', dataDir, '--json']);
    expect(found.code).toBe(0);
    expect((JSON.parse(found.out) as LibrarySearchResult).hits.map((h) => h.item.id)).toContain(id);
    const without = await cli(['library', 'search', '高新技术企业', '--json']);
    expect((JSON.parse(without.out) as LibrarySearchResult).hits.map((h) => h.item.id)).not.toContain(id);
    const shown = await cli(['library', 'show', id, '--data-dir', dataDir]);
    expect(shown.out).toContain('出处：《2025年南京市政府工作报告（节选）》，南京市人民政府，2025年1月15日，第6段');
    const sources = await cli(['library', 'sources', '--data-dir', dataDir]);
    expect(sources.out).toMatch(/共 1 个来源：\nu-src-\S+ {2}《2025年南京市政府工作报告（节选）》 南京市人民政府 2025-01-15 · 1 条\n/);
    const list = JSON.parse((await cli(['library', 'list', '--json', '--data-dir', dataDir])).out) as LibraryItem[];
    expect(list).toHaveLength(101);
  });

  it('warns about a damaged user library and searches the bundled one, leaving the file where it is', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-usersearch-'));
    const file = join(dataDir, 'library', 'user-library.json');
    cpSync(report, join(dataDir, 'x.txt'));
    await cli(['library', 'import', join(dataDir, 'x.txt'), '--accept', '1', '--data-dir', dataDir]);
    writeFileSync(file, '{"schemaVersion":1,');
    const { code, err, out } = await cli(['library', 'search', '人才', '--data-dir', dataDir]);
    expect(code).toBe(0);
    expect(err).toContain('注意：用户资料库');
    expect(out).toContain('“人才”');
    expect(readFileSync(file, 'utf8')).toBe('{"schemaVersion":1,');
  });
});
