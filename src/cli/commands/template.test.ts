import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../main';
import { createTemplateCommand, type PreviewRender } from './template';
import { findAppPaths } from '../../main/paths';
import { extractRuns } from '../../../tests/unit/pdf/extract';
import { pngBytes } from '../../../tests/support/images';

const paths = findAppPaths(import.meta.dirname);

async function cli(argv: string[], options: { cwd?: string; command?: ReturnType<typeof createTemplateCommand> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'bs-tcli-'));
  const code = await runCli(
    ['template', ...argv],
    { cwd, env: { SOURCE_DATE_EPOCH: '1739318400', BRIEFSMITH_DATA_DIR: join(cwd, '.data') }, out: (t) => out.push(t), err: (t) => err.push(t) },
    [options.command ?? createTemplateCommand()],
    '0.0.0-test',
  );
  return { code, out: out.join(''), err: err.join(''), cwd };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at\s+\S+\s+\(/);

describe('briefsmith template check', () => {
  it('exits 0 on a clean template', async () => {
    const r = await cli(['check', join(paths.templatesDir, 'lingdao-canyue.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('模板检查通过');
  });

  it('exits 1 listing every error with file:line:column, path, what and how', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-tcli-'));
    writeFileSync(
      join(dir, 'mine.json'),
      ['{', '  "extends": "gongzuo-jianbao",', '  "id": "mine",', '  "name": "我的",', '  "version": "1.0.0",', '  "body": { "style": { "role": "fangsong2" } },', '  "colors": { "red": "red" },', '  "pageNumbers": { "formt": "— {n} —" }', '}'].join('\n'),
    );
    const r = await cli(['check', 'mine.json'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toEqual([
      'mine.json:6:24 错误 body.style.role 引用了未定义的字体角色“fangsong2”',
      expect.stringContaining('您是否想写“fangsong”？'),
      'mine.json:7:15 错误 colors.red 的颜色“red”无效',
      '    → 改为 "#FF0000"',
      'mine.json:8:20 错误 pageNumbers.formt：未知字段“formt”（在 pageNumbers 中）',
      expect.stringContaining('您是否想写“format”？'),
      'mine.json：发现 3 处错误，模板不能使用。',
    ]);
    noStack(r.err);
  });

  it('prints the report as JSON with --json', async () => {
    const r = await cli(['check', '--json', join(paths.root, 'tests', 'fixtures', 'templates', 'bad', 'grid-too-wide.json')]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.issues[0]).toMatchObject({ code: 'grid-overflow', path: 'grid.charsPerLine', line: 6, column: 33 });
  });

  it('refuses a missing file and unknown sub-commands in one Chinese line', async () => {
    for (const argv of [['check', 'nope.json'], ['check'], ['frobnicate'], [], ['check', 'a.json', 'b.json']]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toMatch(/^错误：/);
      noStack(r.err);
    }
  });
});

describe('briefsmith template new', () => {
  it('copies 工作简报 (found by its Chinese name) into <id>.json with a $schema for the editor', async () => {
    const r = await cli(['new', 'shiwei-jianbao', '--from', '工作简报', '--name', '市委工作简报']);
    expect(r.code).toBe(0);
    const file = join(r.cwd, 'shiwei-jianbao.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({ id: 'shiwei-jianbao', name: '市委工作简报', version: '1.0.0' });
    expect(existsSync(join(r.cwd, json.$schema))).toBe(true);
    expect(r.out).toContain('briefsmith template preview shiwei-jianbao.json');
    // the new file checks clean
    expect((await cli(['check', 'shiwei-jianbao.json'], { cwd: r.cwd })).code).toBe(0);
    // and is not overwritten without --force
    const again = await cli(['new', 'shiwei-jianbao', '--from', '工作简报'], { cwd: r.cwd });
    expect(again.code).toBe(1);
    expect(again.err).toContain('已存在');
  });

  it('the maintainer’s round: copy 工作简报, change the name, colour, 编印单位 and body size, check, preview', async () => {
    const r = await cli(['new', 'quwei-jianbao', '--from', '工作简报', '--name', '区委工作简报']);
    expect(r.code).toBe(0);
    const file = join(r.cwd, 'quwei-jianbao.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.masthead.seriesName.style.color = '#C8102E';
    json.masthead.rule.color = '#C8102E';
    json.body.style.sizePt = 15;
    for (const part of ['skeleton', 'sample'] as const) json[part].meta = { ...json[part].meta, seriesName: '区委工作简报', publisher: '区委办公室' };
    writeFileSync(file, JSON.stringify(json, null, 2));
    const check = await cli(['check', 'quwei-jianbao.json'], { cwd: r.cwd });
    expect(check.code, check.err).toBe(0);
    const preview = await cli(['preview', 'quwei-jianbao.json', '-o', 'p.pdf'], { cwd: r.cwd });
    expect(preview.code, preview.err).toBe(0);
    const pdf = readFileSync(join(r.cwd, 'p.pdf'));
    expect(pdf.toString('latin1')).toContain('quwei-jianbao@1.0.0');
    const pages = await extractRuns(new Uint8Array(pdf));
    const runs = pages.flatMap((p) => p.runs);
    expect(runs.some((x) => x.str.replace(/\s+/g, '') === '区委工作简报')).toBe(true);
    expect(runs.some((x) => x.str.includes('区委办公室'))).toBe(true);
    // body paragraphs in the new size
    const bodySizes = new Set(runs.filter((x) => x.x > 30 && x.str.length > 10).map((x) => Math.round(x.size * 10) / 10));
    expect(bodySizes.has(15)).toBe(true);
    expect(bodySizes.has(16)).toBe(false);
    // a mistake in the edited file is caught with its place
    writeFileSync(file, readFileSync(file, 'utf8').replace('"#C8102E"', '"#C8102"'));
    const broken = await cli(['check', 'quwei-jianbao.json'], { cwd: r.cwd });
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/quwei-jianbao\.json:\d+:\d+ 错误 .*颜色/);
  });

  it('a full copy of a template with a logo brings the logo; an extends copy finds it in its base', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'bs-tcli-logo-'));
    cpSync(join(paths.root, 'tests', 'fixtures', 'templates', 'with-logo'), join(cwd, '.data', 'templates', 'with-logo'), { recursive: true });
    const copy = await cli(['new', 'quwei-logo', '--from', 'with-logo', '-o', 'copy/quwei-logo.json'], { cwd });
    expect(copy.code, copy.err).toBe(0);
    expect(copy.out).toContain('已复制：copy/images/emblem.png');
    expect(readFileSync(join(cwd, 'copy', 'images', 'emblem.png'))).toEqual(readFileSync(join(cwd, '.data', 'templates', 'with-logo', 'images', 'emblem.png')));
    const ext = await cli(['new', 'quwei-logo2', '--from', 'with-logo', '--extends', '-o', 'ext/quwei-logo2.json'], { cwd });
    expect(ext.code, ext.err).toBe(0);
    expect(existsSync(join(cwd, 'ext', 'images'))).toBe(false);
    for (const file of ['copy/quwei-logo.json', 'ext/quwei-logo2.json']) {
      const preview = await cli(['preview', file, '-o', `${file}.pdf`], { cwd });
      expect(preview.code, preview.err).toBe(0);
      expect(preview.err).not.toContain('警告');
      expect(readFileSync(join(cwd, `${file}.pdf`)).toString('latin1')).toContain('/Subtype /Image');
    }
  });

  it('writes a minimal extends template with --extends', async () => {
    const r = await cli(['new', 'quwei-canyue', '--from', 'lingdao-canyue', '--extends', '-o', 'sub/t.json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(r.cwd, 'sub', 't.json'), 'utf8'));
    expect(Object.keys(json)).toEqual(['$schema', 'extends', 'id', 'name', 'version', 'description']);
    expect(json.extends).toBe('lingdao-canyue');
  });

  it('names the available templates when --from is unknown, and refuses a bad id', async () => {
    const unknown = await cli(['new', 'x', '--from', '工作简']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('工作简报（gongzuo-jianbao）');
    const bad = await cli(['new', '市委简报', '--from', '工作简报']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('模板标识“市委简报”无效');
  });
});

describe('briefsmith template preview', () => {
  it('writes a PDF of the sample, or of a given draft', async () => {
    const r = await cli(['preview', join(paths.templatesDir, 'huiyi-cailiao.json'), '-o', 'p.pdf']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(r.cwd, 'p.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(r.out).toMatch(/已生成预览：p\.pdf（1 页/);
    const d = await cli(['preview', join(paths.templatesDir, 'xinxi-zhuanbao.json'), '-o', 'd.pdf', '--draft', join(paths.resourcesDir, 'samples', 'demo-briefing.json')]);
    expect(d.code).toBe(0);
    expect(readFileSync(join(d.cwd, 'd.pdf')).toString('latin1')).toContain('xinxi-zhuanbao@2.0.0');
  });

  it('exits 1 with the errors of a broken template and writes nothing', async () => {
    const r = await cli(['preview', join(paths.root, 'tests', 'fixtures', 'templates', 'bad', 'unknown-font-role.json'), '-o', 'p.pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('unknown-font-role.json:7:16 错误');
    expect(existsSync(join(r.cwd, 'p.pdf'))).toBe(false);
  });

  it('--watch re-renders within 300 ms of each save, survives a broken save, and stops on the signal', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'bs-watch-'));
    await cli(['new', 'watched', '--from', '工作简报'], { cwd });
    const file = join(cwd, 'watched.json');
    const controller = new AbortController();
    const renders: (PreviewRender & { at: number })[] = [];
    const waiters: ((r: PreviewRender) => void)[] = [];
    const command = createTemplateCommand({
      signal: controller.signal,
      onRender: (r) => {
        renders.push({ ...r, at: performance.now() });
        waiters.shift()?.(r);
      },
    });
    const nextRender = () => new Promise<PreviewRender>((done) => waiters.push(done));
    const first = nextRender();
    const running = cli(['preview', 'watched.json', '-o', 'live.pdf', '--watch'], { cwd, command });
    expect((await first).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200)); // let the watcher settle

    const original = readFileSync(file, 'utf8');
    const latencies: number[] = [];
    const save = async (text: string, how: 'write' | 'rename' = 'write') => {
      const pending = nextRender();
      const started = performance.now();
      if (how === 'write') writeFileSync(file, text);
      else {
        writeFileSync(`${file}.swp`, text);
        renameSync(`${file}.swp`, file);
      }
      const render = await pending;
      return { render, ms: performance.now() - started };
    };
    for (let k = 0; k < 8; k++) {
      const size = 30 + 2 * k;
      const { render, ms } = await save(original.replace('"sizePt": 42', `"sizePt": ${size}`), k % 2 === 0 ? 'write' : 'rename');
      expect(render.ok).toBe(true);
      latencies.push(ms);
    }
    const broken = await save(original.replace('"sizePt": 42', '"sizePt": "big"'));
    expect(broken.render.ok).toBe(false);
    const fixed = await save(original);
    expect(fixed.render.ok).toBe(true);
    controller.abort();
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.err).toContain('应为数字，实际是文本“big”');
    expect(result.out).toContain('已停止监视');
    expect(statSync(join(cwd, 'live.pdf')).size).toBeGreaterThan(1000);
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    process.stderr.write(`template preview --watch: save → PDF written, ms: ${latencies.map((l) => Math.round(l)).join(', ')} (median ${Math.round(median)}, max ${Math.round(sorted[sorted.length - 1]!)})\n`);
    expect(median).toBeLessThan(300);
    expect(sorted[sorted.length - 1]!).toBeLessThan(1000);
    expect(renders.length).toBe(11);
  }, 60_000);

  it('--watch re-renders when the template’s logo is replaced, and names the logo when it is gone', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'bs-watch-logo-'));
    cpSync(join(paths.root, 'tests', 'fixtures', 'templates', 'with-logo'), cwd, { recursive: true });
    const logo = join(cwd, 'images', 'emblem.png');
    const controller = new AbortController();
    const waiters: ((r: PreviewRender) => void)[] = [];
    const command = createTemplateCommand({ signal: controller.signal, onRender: (r) => waiters.shift()?.(r) });
    const nextRender = () => new Promise<PreviewRender>((done) => waiters.push(done));
    const first = nextRender();
    const running = cli(['preview', 'template.json', '-o', 'live.pdf', '--watch'], { cwd, command });
    expect((await first).ok).toBe(true);
    const drawn = readFileSync(join(cwd, 'live.pdf')).toString('latin1');
    expect(drawn).toContain('/Subtype /Image');
    await new Promise((r) => setTimeout(r, 200));
    // a new logo (a different PNG) → a new PDF with it
    const replaced = nextRender();
    writeFileSync(logo, pngBytes({ width: 40, height: 20, colorType: 2, pixel: () => [200, 0, 0] }));
    expect((await replaced).ok).toBe(true);
    expect(readFileSync(join(cwd, 'live.pdf')).toString('latin1')).toMatch(/\/Width 40\b/);
    // the logo deleted → a located error; the last good preview stays
    const gone = nextRender();
    rmSync(logo);
    expect((await gone).ok).toBe(false);
    controller.abort();
    const result = await running;
    expect(result.err).toMatch(/template\.json:\d+:\d+ 错误 masthead\.logo\.file/);
    expect(readFileSync(join(cwd, 'live.pdf')).toString('latin1')).toMatch(/\/Width 40\b/);
  }, 60_000);
});
