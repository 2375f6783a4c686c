import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  const code = await runCli(args, { cwd: process.cwd(), env: {}, out: (t) => (out += t), err: (t) => (err += t) }, [command], '0.0.0-test');
  return { code, out, err };
}

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
