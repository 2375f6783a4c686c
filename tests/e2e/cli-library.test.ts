// The built `briefsmith library import` and `library pack export|import` as a user (or a check
// outside the project) runs them: a .txt, .docx, .pdf and .html source each imported into the user
// library of a data folder with --accept, its figures carried to another data folder by a pack.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceFont, writeSourceDocx, writeSourcePdf } from '../../src/main/sources/test-support';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/briefsmith.js');
const built = existsSync(join(root, 'out/cli/index.js'));
if (!built && process.env.CI === 'true') throw new Error('out/cli is missing: npm test builds it before the tests');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production', BRIEFSMITH_DATA_DIR: '' } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

interface ImportJson {
  candidates: { n: number; valueText: string | null }[];
  stored: { sourceId: string; newSource: boolean; itemIds: string[]; duplicates: number; skipped: unknown[] } | null;
}
const userLibrary = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'library', 'user-library.json'), 'utf8')) as { sources: { id: string; title: string }[]; items: { id: string; valueText?: string; origin: string }[] };

describe.skipIf(!built)(`briefsmith library import / pack (built)${built ? '' : ' (skipped: run npm run build:cli first)'}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bs-cli-library-'));
  const txt = join(root, 'tests/fixtures/sources/report.txt');
  const paragraphs = readFileSync(txt, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const files: Record<string, string> = { txt };

  beforeAll(async () => {
    files.docx = await writeSourceDocx(join(dir, 'report.docx'), paragraphs);
    files.pdf = await writeSourcePdf(join(dir, 'report.pdf'), paragraphs, { font: sourceFont(join(root, 'resources')) });
    files.html = join(dir, 'report.html');
    writeFileSync(files.html, `<!doctype html><html><head><meta charset="utf-8"><title>${paragraphs[0]}</title></head><body><nav>首页 | 政务公开</nav><article><h1>${paragraphs[0]}</h1>${paragraphs.slice(1).map((p) => `<p>${p}</p>`).join('')}</article><footer>版权所有</footer></body></html>`);
  }, 60_000);

  it('documents import and pack in --help', () => {
    const help = run('library', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('briefsmith library import <文件> [--accept 选择]');
    expect(help.out).toContain('briefsmith library pack export <资料包.bspack>');
    expect(help.out).toContain('all          全部候选指标和措施');
  });

  it.each(['txt', 'docx', 'pdf', 'html'])('imports the .%s report with --accept all into its data folder, the same candidates as extract', (kind) => {
    const dataDir = join(dir, `data-${kind}`);
    const file = files[kind]!;
    const { code, out, err } = run('library', 'import', file, '--accept', 'all', '--data-dir', dataDir, '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out) as ImportJson;
    expect(result.candidates.map((c) => c.valueText)).toContain('1.85万亿元');
    expect(result.stored?.newSource).toBe(true);
    expect(result.stored!.itemIds.length + result.stored!.skipped.length).toBe(result.candidates.length);
    const lib = userLibrary(dataDir);
    expect(lib.sources.map((s) => s.title)).toEqual(['2025年南京市政府工作报告（节选）']);
    expect(lib.items.map((i) => i.id)).toEqual(result.stored!.itemIds);
    expect(lib.items.some((i) => i.valueText === '1.85万亿元' && i.origin === 'user')).toBe(true);
    // extract (the older contract) reads the same file to the same candidates
    const extracted = JSON.parse(run('library', 'extract', file, '--json').out) as { candidates: { valueText: string | null }[] };
    expect(extracted.candidates.map((c) => c.valueText)).toEqual(result.candidates.map((c) => c.valueText));
    if (kind === 'txt') {
      // searchable from the same data folder, and listed among its sources
      const found = JSON.parse(run('library', 'search', '高新技术企业', '--data-dir', dataDir, '--json').out) as { hits: { item: { id: string } }[] };
      expect(found.hits.some((h) => result.stored!.itemIds.includes(h.item.id))).toBe(true);
      expect(run('library', 'sources', '--data-dir', dataDir).out).toContain(result.stored!.sourceId);
    }
    // the same file again: the same source, nothing repeated
    const again = JSON.parse(run('library', 'import', file, '--accept', 'all', '--data-dir', dataDir, '--json').out) as ImportJson;
    expect(again.stored).toMatchObject({ sourceId: result.stored!.sourceId, newSource: false, itemIds: [] });
    expect(userLibrary(dataDir).items).toHaveLength(lib.items.length);
  });

  it('carries a data folder’s library to another by a pack; a second import finds only duplicates', () => {
    const a = join(dir, 'pack-a');
    const b = join(dir, 'pack-b');
    expect(run('library', 'import', txt, '--accept', 'high', '--data-dir', a).code).toBe(0);
    const pack = join(dir, '南京资料.bspack');
    const exported = run('library', 'pack', 'export', pack, '--by', '张三', '--unit', '南京市发展和改革委员会', '--data-dir', a);
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    const preview = run('library', 'pack', 'import', pack, '--preview', '--data-dir', b);
    expect(preview.out).toContain('资料包：张三（南京市发展和改革委员会） 制作于');
    expect(existsSync(join(b, 'library'))).toBe(false);
    const imported = run('library', 'pack', 'import', pack, '--data-dir', b);
    expect(imported.code).toBe(0);
    expect(userLibrary(b).items.map((i) => i.id)).toEqual(userLibrary(a).items.map((i) => i.id));
    const again = run('library', 'pack', 'import', pack, '--data-dir', b, '--json');
    const result = (JSON.parse(again.out) as { result: { itemsAdded: string[]; duplicateItems: number } }).result;
    expect(result.itemsAdded).toEqual([]);
    expect(result.duplicateItems).toBe(userLibrary(a).items.length);
  });

  it('refuses a hostile pack with one Chinese line and exit code 1, the library untouched', () => {
    const dataDir = join(dir, 'hostile');
    expect(run('library', 'import', txt, '--accept', '1', '--data-dir', dataDir).code).toBe(0);
    const before = readFileSync(join(dataDir, 'library', 'user-library.json'), 'utf8');
    const evil = join(dir, 'evil.bspack');
    writeFileSync(evil, zipSync({ 'pack.json': strToU8('{}'), '../../../tmp/owned.txt': strToU8('x') }));
    const { code, err, out } = run('library', 'pack', 'import', evil, '--data-dir', dataDir);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('资料包含有不安全或不认识的文件路径');
    expect(readFileSync(join(dataDir, 'library', 'user-library.json'), 'utf8')).toBe(before);
  });
});
