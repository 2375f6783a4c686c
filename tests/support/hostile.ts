// The hostile corpus as test cases: the committed files and folders of tests/fixtures/hostile/files
// plus the cases made at test time (too large to commit, random, or needing symbolic links and
// fonts of this machine). Shared by the reader test (in process) and the CLI test (built CLI).
import { copyFileSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One hostile input: a file, or a template folder (holding template.json). */
export interface HostileCase {
  readonly name: string;
  readonly path: string;
  readonly kind: 'file' | 'folder';
  /** Made by the test (not committed). */
  readonly generated: boolean;
}

/** The committed corpus. */
export function committedCases(root: string): HostileCase[] {
  const dir = join(root, 'tests', 'fixtures', 'hostile', 'files');
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { name, path, kind: statSync(path).isDirectory() ? ('folder' as const) : ('file' as const), generated: false };
    });
}

/** A small deterministic generator (xorshift32): the same bytes on every run. */
function randomBytes(seed: number, length: number): Buffer {
  let x = seed || 1;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Writes the generated cases into `dir` and lists them: 200,000 levels of nesting, a file over
 * every size limit, a 3 MB line, 50,000 keys, eight files of random bytes, random bytes that
 * start like JSON, a symbolic link to a system file, a folder named .json, and template folders
 * with a symbolic link out of them (fonts/ folder, font file, logo) or a Latin font as 仿宋.
 */
export function generatedCases(root: string, dir: string): HostileCase[] {
  mkdirSync(dir, { recursive: true });
  const cases: HostileCase[] = [];
  const file = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    cases.push({ name, path: join(dir, name), kind: 'file', generated: true });
  };
  const folder = (name: string, entries: Record<string, string | Buffer>, links: Record<string, string> = {}) => {
    const base = join(dir, name);
    for (const [rel, content] of Object.entries(entries)) {
      mkdirSync(join(base, rel, '..'), { recursive: true });
      writeFileSync(join(base, rel), content);
    }
    for (const [rel, target] of Object.entries(links)) {
      mkdirSync(join(base, rel, '..'), { recursive: true });
      symlinkSync(target, join(base, rel));
    }
    cases.push({ name, path: base, kind: 'folder', generated: true });
  };
  const tpl = (fields: Record<string, unknown>) => JSON.stringify({ extends: 'gongzuo-jianbao', id: 'hostile', name: '恶意模板', version: '1.0.0', ...fields }, null, 2);

  file('g-deep-200000.json', '['.repeat(200_000) + ']'.repeat(200_000));
  file('g-deep-objects-100000.json', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
  file('g-over-every-size-limit.json', `{"id": "${'x'.repeat(21 * 1024 * 1024)}"}`);
  file('g-name-3mb-line.json', tpl({ name: '长'.repeat(1024 * 1024) }));
  file('g-50000-keys.json', `{${Array.from({ length: 50_000 }, (_, k) => `"k${k}": ${k}`).join(',')}}`);
  for (let seed = 1; seed <= 8; seed++) file(`g-random-${seed}.json`, randomBytes(seed * 7919, 4096));
  file('g-random-after-brace.json', Buffer.concat([Buffer.from('{"id": "'), randomBytes(4242, 2048)]));
  symlinkSync('/etc/passwd', join(dir, 'g-symlink-to-system-file.json'));
  cases.push({ name: 'g-symlink-to-system-file.json', path: join(dir, 'g-symlink-to-system-file.json'), kind: 'file', generated: true });
  mkdirSync(join(dir, 'g-folder-named.json'), { recursive: true });
  cases.push({ name: 'g-folder-named.json', path: join(dir, 'g-folder-named.json'), kind: 'file', generated: true });

  // Outside every template folder: a real font and an image a template must not reach.
  const outside = join(dir, 'outside');
  mkdirSync(outside, { recursive: true });
  copyFileSync(join(root, 'resources', 'fonts', 'LXGWWenKai-Regular.ttf'), join(outside, '楷体.ttf'));
  writeFileSync(join(outside, 'logo.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  const kaiti = { fonts: { kaiti: { files: ['fonts/楷体.ttf'], systemFamilies: [] } } };
  folder('g-folder-symlinked-fonts-dir', { 'template.json': tpl(kaiti) }, { fonts: outside });
  folder('g-folder-symlinked-font-file', { 'template.json': tpl(kaiti) }, { 'fonts/楷体.ttf': join(outside, '楷体.ttf') });
  folder('g-folder-symlinked-logo', { 'template.json': tpl({ masthead: { logo: { file: 'images/logo.png', widthMm: 20, heightMm: 20, topMm: 40, align: 'center' } } }) }, { images: outside });
  folder('g-folder-latin-font-as-fangsong', {
    'template.json': tpl({ fonts: { fangsong: { files: ['fonts/latin.ttf'], systemFamilies: [] } } }),
    'fonts/latin.ttf': Buffer.alloc(0),
  });
  copyFileSync(join(root, 'node_modules', 'pdfjs-dist', 'standard_fonts', 'LiberationSans-Regular.ttf'), join(dir, 'g-folder-latin-font-as-fangsong', 'fonts', 'latin.ttf'));
  return cases;
}

/** True when a message reads as Chinese for a user: Chinese text, no English parser words, no stack, no internal error. */
export function isChineseMessage(text: string): boolean {
  return (
    /[\u4e00-\u9fff]/.test(text) &&
    !/Maximum call stack|Unexpected token|Unexpected end|JSON at position|SyntaxError|TypeError|RangeError|ENOENT|EISDIR|is not valid JSON|程序内部错误|INTERNAL/.test(text) &&
    !/\n\s+at\s+\S+/.test(text)
  );
}

/** Control characters a terminal acts on (everything but tab, line feed and carriage return), escapes included. */
// eslint-disable-next-line no-control-regex
export const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
