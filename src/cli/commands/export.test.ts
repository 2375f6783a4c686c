import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../main';
import { commands } from '.';
import { findAppPaths } from '../../main/paths';

const paths = findAppPaths(import.meta.dirname);
const fixture = (name: string) => join(paths.root, 'tests', 'fixtures', 'briefings', `${name}.json`);

/** The text of a .docx body (its runs joined). */
function docxText(files: Record<string, Uint8Array>): string {
  const xml = new TextDecoder().decode(files['word/document.xml']);
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

/** The text of an OFD's pages (every TextCode joined). */
function ofdText(files: Record<string, Uint8Array>): string {
  return Object.keys(files)
    .filter((name) => /Pages\/Page_\d+\/Content\.xml$/.test(name))
    .sort()
    .map((name) => [...new TextDecoder().decode(files[name]).matchAll(/<ofd:TextCode[^>]*>([^<]*)<\/ofd:TextCode>/g)].map((m) => m[1]).join(''))
    .join('');
}

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = mkdtempSync(join(tmpdir(), 'bs-cli-'));
  const code = await runCli(argv, { cwd, env: { SOURCE_DATE_EPOCH: '1739318400' }, out: (t) => out.push(t), err: (t) => err.push(t) }, commands, '0.0.0-test');
  return { code, out: out.join(''), err: err.join(''), cwd };
}

describe('briefsmith demo / export', () => {
  it('demo exports the sample briefing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-demo-'));
    const r = await cli('demo', '-o', join(dir, '简报示例.pdf'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('已导出');
    expect(r.out).toContain('仿宋=');
    expect(existsSync(join(dir, '简报示例.pdf'))).toBe(true);
  });

  it('export --format docx --embed-fonts embeds the fonts drawn (the same bytes twice); without docx it is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-embed-'));
    const r = await cli('export', fixture('numbered'), '-o', join(dir, 'out.docx'), '--format', 'docx', '--embed-fonts');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const { unzipSync, strFromU8 } = await import('fflate');
    const docx = unzipSync(new Uint8Array(readFileSync(join(dir, 'out.docx'))));
    expect(Object.keys(docx).filter((p) => p.endsWith('.odttf')).length).toBeGreaterThanOrEqual(2);
    expect(strFromU8(docx['word/fontTable.xml']!)).toContain('<w:embedRegular');
    const again = await cli('export', fixture('numbered'), '-o', join(r.cwd, 'out.docx'), '--format', 'docx', '--embed-fonts');
    expect(again.code).toBe(0);
    expect(readFileSync(join(r.cwd, 'out.docx')).equals(readFileSync(join(dir, 'out.docx')))).toBe(true);
    const refused = await cli('export', fixture('numbered'), '-o', join(dir, 'x.pdf'), '--embed-fonts');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('--embed-fonts 只用于 Word 文件');
  });

  it('export --format pdf,docx,ofd writes the three files of one briefing, numbered copies for each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-formats-'));
    const r = await cli('export', fixture('numbered'), '-o', join(dir, 'out.pdf'), '--format', 'pdf,docx,ofd');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['out.docx', 'out.ofd', 'out.pdf']);
    const { unzipSync, strFromU8 } = await import('fflate');
    const docx = unzipSync(new Uint8Array(readFileSync(join(dir, 'out.docx'))));
    expect(strFromU8(docx['word/document.xml']!)).toContain('w:docGrid');
    const ofd = unzipSync(new Uint8Array(readFileSync(join(dir, 'out.ofd'))));
    expect(Object.keys(ofd)).toEqual(expect.arrayContaining(['OFD.xml', 'Doc_0/Document.xml', 'Doc_0/Pages/Page_0/Content.xml']));
    // Same input, same bytes (the pinned clock): a second export is identical.
    const again = await cli('export', fixture('numbered'), '-o', join(r.cwd, 'out.pdf'), '--format', 'pdf,docx,ofd');
    expect(readFileSync(join(r.cwd, 'out.pdf')).equals(readFileSync(join(dir, 'out.pdf')))).toBe(true);
    expect(readFileSync(join(r.cwd, 'out.ofd')).equals(readFileSync(join(dir, 'out.ofd')))).toBe(true);
    expect(readFileSync(join(r.cwd, 'out.docx')).equals(readFileSync(join(dir, 'out.docx')))).toBe(true);
    expect(again.code).toBe(0);
    // Numbered copies in every format.
    const copies = mkdtempSync(join(tmpdir(), 'bs-formats-copies-'));
    const c = await cli('export', fixture('numbered'), '-o', join(copies, 'jb.pdf'), '--format', 'docx,ofd', '--copies', '2');
    expect(c.code).toBe(0);
    // The app's export path: each copy laid out once, written in every format, with the register.
    expect(readdirSync(copies).sort()).toEqual(['jb-000001.docx', 'jb-000001.ofd', 'jb-000002.docx', 'jb-000002.ofd', 'jb-分发登记表.csv', 'jb-分发登记表.pdf']);
    expect(c.out).toContain('编号副本 2 份（每份 Word、OFD）');
    for (const n of ['000001', '000002']) {
      // 份号 in the masthead and 共印2份 (the copies exported, not the draft's 印数 80) in the 报尾.
      const word = docxText(unzipSync(new Uint8Array(readFileSync(join(copies, `jb-${n}.docx`)))));
      expect(word).toContain(n);
      expect(word).toContain('共印2份');
      expect(word).not.toContain('共印80份');
      const archive = ofdText(unzipSync(new Uint8Array(readFileSync(join(copies, `jb-${n}.ofd`)))));
      expect(archive).toContain(n);
      expect(archive).toContain('共印2份');
    }
    // The PDF path writes the same copies: its 份号 and 共印2份 agree with the Word and OFD files.
    const both = mkdtempSync(join(tmpdir(), 'bs-formats-both-'));
    const p = await cli('export', fixture('numbered'), '-o', join(both, 'jb.pdf'), '--format', 'pdf,docx', '--copies', '2');
    expect(p.code).toBe(0);
    expect(readdirSync(both).filter((f) => f.startsWith('jb-0')).sort()).toEqual(['jb-000001.docx', 'jb-000001.pdf', 'jb-000002.docx', 'jb-000002.pdf']);
    expect(p.out).toContain('编号副本 2 份（每份 PDF、Word）');
    const bad = await cli('export', fixture('numbered'), '-o', join(copies, 'x.pdf'), '--format', 'pdf,wps');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('未知格式“wps”');
  }, 120_000);

  it('export --format docx,ofd prints the export’s 印发日期 (the pinned clock), not the issue date, in Word and OFD', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-printed-'));
    const draft = JSON.parse(readFileSync(fixture('numbered'), 'utf8'));
    draft.meta.issueDate = '2025-01-05';
    writeFileSync(join(dir, 'draft.json'), JSON.stringify(draft));
    const r = await cli('export', join(dir, 'draft.json'), '-o', join(dir, 'zb.docx'), '-t', 'xinxi-zhuanbao', '--format', 'docx,ofd');
    expect(r.code).toBe(0);
    const { unzipSync } = await import('fflate');
    // SOURCE_DATE_EPOCH 1739318400 is 2025-02-12 in China.
    const word = docxText(unzipSync(new Uint8Array(readFileSync(join(dir, 'zb.docx')))));
    expect(word).toContain('2025年2月12日印发');
    expect(word).not.toContain('2025年1月5日印发');
    expect(ofdText(unzipSync(new Uint8Array(readFileSync(join(dir, 'zb.ofd')))))).toContain('2025年2月12日印发');
  }, 60_000);

  it('export writes a briefing file with a template given by id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-export-'));
    const r = await cli('export', fixture('numbered'), '-o', join(dir, 'out.pdf'), '--template', 'gongzuo-jianbao');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'out.pdf'))).toBe(true);
  });

  it('export writes numbered copies for a recipients list, with the register', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-copies-'));
    const list = join(dir, 'list.txt');
    writeFileSync(list, '\uFEFF张三\n李四\n\n');
    const r = await cli('export', fixture('numbered'), '-o', join(dir, '简报.pdf'), '--copies', '2', '--recipients', list, '--out-dir', join(dir, 'copies'));
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'copies')).sort()).toEqual(['简报-000001.pdf', '简报-000002.pdf', '简报-分发登记表.csv', '简报-分发登记表.pdf']);
  });

  const userErrors: [string, () => Promise<string[]>][] = [
    ['invalid JSON', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bs-bad-'));
      writeFileSync(join(dir, 'bad.json'), '{ "schemaVersion": 1, ');
      return ['export', join(dir, 'bad.json'), '-o', join(dir, 'x.pdf')];
    }],
    ['a briefing that fails the schema', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bs-bad-'));
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ schemaVersion: 1, id: 'x', title: 1 }));
      return ['export', join(dir, 'bad.json'), '-o', join(dir, 'x.pdf')];
    }],
    ['a missing file', async () => ['export', '/nonexistent/briefing.json', '-o', '/tmp/x.pdf']],
    ['an unknown template', async () => ['export', fixture('empty'), '-o', '/tmp/x.pdf', '--template', 'no-such-template']],
    ['an unwritable path', async () => ['export', fixture('empty'), '-o', '/nonexistent/dir/x.pdf']],
    ['a bad copy count', async () => ['export', fixture('empty'), '-o', '/tmp/x.pdf', '--copies', 'abc']],
    ['a missing -o', async () => ['export', fixture('empty')]],
    ['an unknown option', async () => ['export', fixture('empty'), '-o', '/tmp/x.pdf', '--colour', 'red']],
    ['a character no font has', async () => ['export', fixture('missing-glyph'), '-o', join(mkdtempSync(join(tmpdir(), 'bs-mg-')), 'x.pdf')]],
  ];
  for (const [what, args] of userErrors) {
    it(`exits 1 with one Chinese line for ${what}`, async () => {
      const r = await cli(...(await args()));
      expect(r.code).toBe(1);
      const lines = r.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^错误：/);
      expect(r.err).not.toMatch(/\s+at\s+\S+\s+\(/);
    });
  }
});
