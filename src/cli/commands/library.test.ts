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
