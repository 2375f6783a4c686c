// Every hostile input (tests/fixtures/hostile + cases made here) through every reader, in process:
// safe JSON, the briefing parser, the store's draft import and file decoder, the template parser,
// the template checker and registry import, the library loader (as items.json and as
// sources.json), and every CLI command (runCli, the code the built CLI runs). Each refuses with a
// Chinese message — never a crash, a stack overflow, an English parser message or INTERNAL.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { commands } from '../../src/cli/commands';
import { createTemplateCommand, type PreviewRender } from '../../src/cli/commands/template';
import { readLibrary } from '../../src/main/library';
import { findAppPaths } from '../../src/main/paths';
import { decodeStoreFile, parseBriefingFileText } from '../../src/main/store';
import { createTemplateRegistry } from '../../src/main/templates';
import { parseBriefingJson } from '../../src/shared/briefing';
import { isUserError } from '../../src/shared/errors';
import { parseTemplateJson } from '../../src/shared/template';
import { parseJsonSafely } from '../../src/shared/validation';
import { committedCases, generatedCases, isChineseMessage, TERMINAL_CONTROLS, type HostileCase } from '../support/hostile';

const paths = findAppPaths(import.meta.dirname);
const scratch = mkdtempSync(join(tmpdir(), 'bs-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const committed = committedCases(paths.root);
const cases: HostileCase[] = [...committed, ...generatedCases(paths.root, join(scratch, 'generated'))];
const files = cases.filter((c) => c.kind === 'file' && statSync(c.path).isFile());
const textOf = (c: HostileCase) => readFileSync(c.path, 'utf8');
const registry = createTemplateRegistry({ templatesDir: paths.templatesDir, dataDir: join(scratch, 'data'), resourcesDir: paths.resourcesDir, keepVersions: false });

/** Runs a reader that throws expected failures as UserError: the message must be Chinese. */
function refusedWithUserError(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (!isUserError(error)) throw error;
    return error.message;
  }
  return '（已接受）';
}

describe('the hostile corpus', () => {
  it(`has at least 60 inputs, committed and generated (${cases.length})`, () => {
    expect(committed.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.generated).length).toBeGreaterThanOrEqual(15);
  });
});

describe.each(files.map((c) => [c.name, c] as const))('%s through every JSON reader', (_name, c) => {
  const text = textOf(c);

  it('safe JSON never throws; a refusal is Chinese', () => {
    const result = parseJsonSafely(text);
    if (!result.ok) expect(result.message).toSatisfy(isChineseMessage);
  });

  it('the briefing parser refuses it in Chinese', () => {
    const result = parseBriefingJson(text);
    expect(result.ok ? '（已接受）' : result.message).toSatisfy(isChineseMessage);
  });

  it('the store draft import and the store file decoder refuse it in Chinese', () => {
    expect(refusedWithUserError(() => parseBriefingFileText(text, c.name))).toSatisfy(isChineseMessage);
    expect(refusedWithUserError(() => decodeStoreFile('draft', text))).toSatisfy(isChineseMessage);
  });

  it('the template parser refuses it in Chinese', () => {
    const result = parseTemplateJson(text, c.name);
    expect(result.ok ? '（已接受）' : result.message).toSatisfy(isChineseMessage);
  });

  it('the library loader refuses it as items.json and as sources.json, in Chinese', () => {
    for (const name of ['items.json', 'sources.json']) {
      const dir = join(scratch, 'library', `${c.name}-${name}`);
      cpSync(join(paths.resourcesDir, 'library'), dir, { recursive: true });
      writeFileSync(join(dir, name), readFileSync(c.path));
      const message = refusedWithUserError(() => readLibrary(dir));
      expect(message).toSatisfy(isChineseMessage);
      expect(message).toMatch(/^资料库数据无效/);
    }
  });
});

describe.each(cases.map((c) => [c.name, c] as const))('%s through the template registry', (_name, c) => {
  it('the checker reports located Chinese errors', () => {
    const file = c.kind === 'folder' ? join(c.path, 'template.json') : c.path;
    const { report } = registry.check(file, { fresh: true });
    expect(report.ok).toBe(false);
    const errors = report.issues.filter((i) => i.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const i of errors) {
      expect(i.message).toSatisfy(isChineseMessage);
      expect(i.line).toBeGreaterThanOrEqual(1);
      expect(i.column).toBeGreaterThanOrEqual(1);
    }
  });

  it('the import rejects it with a Chinese message and installs nothing', () => {
    const result = registry.import(c.path);
    if (result.ok) {
      expect(result.value.status).toBe('rejected');
      expect(result.value.report.issues.filter((i) => i.severity === 'error').every((i) => isChineseMessage(i.message))).toBe(true);
    } else expect(result.message).toSatisfy(isChineseMessage);
    expect(registry.list().map((t) => t.id)).not.toContain('hostile');
  });
});

/** runCli as the built CLI runs it, with the real command table. */
async function cli(argv: string[], extra: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = mkdtempSync(join(scratch, 'cwd-'));
  const code = await runCli(argv, { cwd, env: { SOURCE_DATE_EPOCH: '1739318400', BRIEFSMITH_DATA_DIR: join(cwd, '.data'), ...extra }, out: (t) => out.push(t), err: (t) => err.push(t) }, commands, '0.0.0-test');
  return { code, out: out.join(''), err: err.join(''), cwd };
}
const refusedByCli = (r: { code: number; out: string; err: string }) => {
  expect(r.code).toBe(1);
  expect(r.err).toSatisfy(isChineseMessage);
  expect(r.err + r.out).not.toMatch(TERMINAL_CONTROLS);
};

describe.each(cases.map((c) => [c.name, c] as const))('%s through every CLI command (in process)', (_name, c) => {
  it('template check, template preview, export and preview --draft exit 1 in Chinese, writing nothing', async () => {
    const good = join(paths.templatesDir, 'gongzuo-jianbao.json');
    for (const argv of [
      ['template', 'check', c.path],
      ['template', 'preview', c.path, '-o', 'out.pdf'],
      ['export', c.path, '-o', 'out.pdf'],
      ['template', 'preview', good, '--draft', c.path, '-o', 'out.pdf'],
    ]) {
      const r = await cli(argv);
      refusedByCli(r);
      expect(existsSync(join(r.cwd, 'out.pdf'))).toBe(false);
    }
  });
});

describe('hostile arguments to every CLI command (in process)', () => {
  const ESC = '\u001b';
  it.each([
    [['template', 'new', `${ESC}[31m../x`, '--from', 'gongzuo-jianbao']],
    [['template', 'new', 'ok-id', '--from', `${ESC}]0;title\u0007`]],
    [['template', `${ESC}[2Jcheck`]],
    [['library', 'search', '创新', '--city', `${ESC}[31m杭州`]],
    [['library', 'show', `../${ESC}[31m`]],
    [['library', 'search', '创新', `--${ESC}[31m`]],
    [['export', 'x.json', '-o']],
    [['demo', '-o', `/nonexistent-${ESC}[31m/out.pdf`]],
    [[`${ESC}[31mexport`]],
  ])('%j exits 1 with a Chinese message and no control characters', async (argv) => {
    refusedByCli(await cli(argv));
  });

  it('template list shows hostile user templates as broken, in Chinese, and exits 0', async () => {
    const data = join(scratch, 'list-data');
    for (const c of committed.filter((k) => k.name.startsWith('deep-') || k.name.startsWith('escape-') || k.name.includes('proto')).slice(0, 8)) {
      const dir = join(data, 'templates', c.name.replace(/\.json$/, ''));
      cpSync(c.path, join(dir, 'template.json'));
    }
    const r = await cli(['template', 'list'], { BRIEFSMITH_DATA_DIR: data });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/deep-arrays-1600 .*有 \d+ 处错误/);
    expect(r.out + r.err).not.toMatch(TERMINAL_CONTROLS);
  });
});

describe('template preview --watch meets a hostile file', () => {
  it('reports the deep template and keeps watching; the next good save renders', async () => {
    const dir = mkdtempSync(join(scratch, 'watch-'));
    const file = join(dir, 't.json');
    writeFileSync(file, '{"id":"w","page":' + '['.repeat(3000) + ']'.repeat(3000) + '}');
    const renders: PreviewRender[] = [];
    const controller = new AbortController();
    const err: string[] = [];
    const command = createTemplateCommand({
      signal: controller.signal,
      debounceMs: 20,
      onRender: (r) => {
        renders.push(r);
        if (renders.length === 1) setTimeout(() => writeFileSync(file, JSON.stringify({ extends: 'gongzuo-jianbao', id: 'w', name: '监视', version: '1.0.0' })), 100);
        if (renders.length === 2) controller.abort();
      },
    });
    const code = await runCli(['template', 'preview', file, '-o', join(dir, 'p.pdf'), '--watch'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '1739318400', BRIEFSMITH_DATA_DIR: join(dir, '.data') }, out: () => undefined, err: (t) => err.push(t) }, [command], '0');
    expect(code).toBe(0);
    expect(renders.map((r) => r.ok)).toEqual([false, true]);
    expect(err.join('')).toMatch(/嵌套超过 64 层/);
    expect(existsSync(join(dir, 'p.pdf'))).toBe(true);
  }, 60_000);
});
