// The built `briefsmith` command as a user runs it (`npx briefsmith …` after `npm run build`):
// the demo writes a PDF whose text layer holds the sample's Chinese text exactly, and bad input
// gives one Chinese line and exit code 1, never a stack trace.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockText } from '../../src/core/briefing';
import { parseBriefingJson } from '../../src/shared/briefing';
import { hasTool, pdfText, squash } from '../support/tools';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/briefsmith.js');
const built = existsSync(join(root, 'out/cli/index.js'));
if (!built && process.env.CI === 'true') throw new Error('out/cli is missing: npm test builds it before the tests');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe.skipIf(!built)(`briefsmith CLI (built)${built ? '' : ' (skipped: run npm run build first)'}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bs-cli-'));

  it.runIf(hasTool('pdftotext'))('demo writes a PDF whose text contains the sample briefing exactly', () => {
    const out = join(dir, '简报示例.pdf');
    const { code, out: stdout } = run('demo', '-o', out);
    expect(code).toBe(0);
    expect(stdout).toContain('已导出');
    const sample = parseBriefingJson(readFileSync(join(root, 'resources/samples/demo-briefing.json'), 'utf8'));
    if (!sample.ok) throw new Error(sample.message);
    // Page numbers (— 2 —) sit in the text layer between a paragraph's lines on two pages, and a
    // linked figure is followed by its 资料来源 marker 〔n〕, which is not the paragraph's text.
    const text = squash(pdfText(out)).replace(/—\d+—/g, '').replace(/〔\d+〕/g, '');
    expect(text).toContain(squash(sample.value.title));
    for (const block of sample.value.blocks) {
      if (block.type === 'paragraph') expect(text).toContain(squash(blockText(block)));
    }
  });

  it('export writes a draft file to PDF', () => {
    const out = join(dir, 'export.pdf');
    const { code } = run('export', join(root, 'resources/samples/demo-briefing.json'), '-o', out);
    expect(code).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('export --format pdf,docx,ofd writes numbered copies whose Word and OFD files carry 份号 and 共印N份', async () => {
    const copies = join(dir, 'formats');
    const { code, out } = run('export', join(root, 'tests/fixtures/briefings/numbered.json'), '-o', join(copies, 'jb.pdf'), '--format', 'pdf,docx,ofd', '--copies', '2');
    expect(code).toBe(0);
    expect(out).toContain('编号副本 2 份（每份 PDF、Word、OFD）');
    const { unzipSync } = await import('fflate');
    for (const n of ['000001', '000002']) {
      const docx = unzipSync(new Uint8Array(readFileSync(join(copies, `jb-${n}.docx`))));
      const word = [...new TextDecoder().decode(docx['word/document.xml']).matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
      expect(word).toContain(n);
      expect(word).toContain('共印2份');
      const ofd = unzipSync(new Uint8Array(readFileSync(join(copies, `jb-${n}.ofd`))));
      const pages = Object.keys(ofd).filter((name) => /Content\.xml$/.test(name)).sort();
      const archive = pages.map((name) => [...new TextDecoder().decode(ofd[name]).matchAll(/<ofd:TextCode[^>]*>([^<]*)<\/ofd:TextCode>/g)].map((m) => m[1]).join('')).join('');
      expect(archive).toContain(n);
      expect(archive).toContain('共印2份');
      expect(readFileSync(join(copies, `jb-${n}.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(existsSync(join(copies, 'jb-分发登记表.pdf'))).toBe(true);
  });

  const oneChineseLine = (err: string) => {
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^错误：.*[\u4e00-\u9fff]/);
    expect(err).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  };

  it('a missing draft file is one Chinese line and exit 1', () => {
    const r = run('export', join(dir, 'nope.json'), '-o', join(dir, 'x.pdf'));
    expect(r.code).toBe(1);
    oneChineseLine(r.err);
  });

  it('invalid briefing JSON is one Chinese line and exit 1, nothing written', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 1, "title": ');
    const r = run('export', bad, '-o', join(dir, 'bad.pdf'));
    expect(r.code).toBe(1);
    oneChineseLine(r.err);
    expect(existsSync(join(dir, 'bad.pdf'))).toBe(false);
  });

  it('an unknown template is one Chinese line and exit 1', () => {
    const r = run('export', join(root, 'resources/samples/demo-briefing.json'), '--template', 'no-such-template', '-o', join(dir, 't.pdf'));
    expect(r.code).toBe(1);
    oneChineseLine(r.err);
  });

  it('an unwritable output path is one Chinese line and exit 1, leaving no partial file', () => {
    const missingDir = join(dir, 'no-such-dir', 'x.pdf');
    const r1 = run('demo', '-o', missingDir);
    expect(r1.code).toBe(1);
    oneChineseLine(r1.err);
    expect(existsSync(missingDir)).toBe(false);
    // /proc refuses new files even for root
    const r2 = run('demo', '-o', '/proc/briefsmith-test.pdf');
    expect(r2.code).toBe(1);
    oneChineseLine(r2.err);
  });

  it('--help is in Chinese and English; an unknown command exits 1', () => {
    const help = run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('用法 Usage');
    expect(help.out).toMatch(/demo[\s\S]*export[\s\S]*library[\s\S]*template/);
    const unknown = run('frobnicate');
    expect(unknown.code).toBe(1);
    oneChineseLine(unknown.err);
  });

  it('npx briefsmith resolves to this package', () => {
    const version = execFileSync('npx', ['--no-install', 'briefsmith', '--version'], { cwd: root, encoding: 'utf8' }).trim();
    expect(version).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });
});
