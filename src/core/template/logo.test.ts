// The checker on `masthead.logo` (a PNG or JPEG inside the template's folder, really an image, its
// box on the sheet) and on `tail.printedDateFormat` ({date}).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pngBytes } from '../../../tests/support/images';
import { checkTemplate, pathProblem, IMAGE_EXTENSIONS, FONT_EXTENSIONS, type TemplateLoader } from '.';

const root = join(import.meta.dirname, '..', '..', '..');
const builtin = readFileSync(join(root, 'templates', 'gongzuo-jianbao.json'), 'utf8');
const png = pngBytes({ width: 16, height: 16 });

/** In memory: the built-in as base; files of the template's folder `/t/` as bytes; `readBytes` optional. */
function loader(files: Record<string, Uint8Array>, options: { bytes?: boolean } = {}): TemplateLoader {
  const reads: string[] = [];
  return {
    load: (ref) => (ref === 'gongzuo-jianbao' ? { ok: true, file: '/builtin/gongzuo-jianbao.json', text: builtin } : { ok: false, reason: 'not-found' }),
    knownIds: () => ['gongzuo-jianbao'],
    exists: (path, fromFile) => fromFile.startsWith('/t/') && files[path] !== undefined,
    ...(options.bytes === false
      ? {}
      : {
          readBytes: (path: string) => {
            reads.push(path);
            return files[path];
          },
        }),
  };
}

const logo = { file: 'images/徽标.png', widthMm: 20, heightMm: 20, topMm: 40, align: 'center' };
function check(fields: Record<string, unknown>, files: Record<string, Uint8Array> = { 'images/徽标.png': png }, options: { bytes?: boolean } = {}) {
  const text = JSON.stringify({ extends: 'gongzuo-jianbao', id: 'hui', name: '徽标简报', version: '1.0.0', ...fields }, null, 2);
  return checkTemplate({ file: '/t/hui.json', text, loader: loader(files, options) }).report;
}
const brief = (report: ReturnType<typeof check>) => report.issues.map((i) => [i.severity, i.code, i.path]);

describe('masthead.logo', () => {
  it('a PNG in the template folder is accepted', () => {
    const report = check({ masthead: { logo } });
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('refuses a path escaping the folder, an absolute path and a URL, with image examples in the hint', () => {
    for (const [file, code, words] of [
      ['../徽标.png', 'unsafe-path', '跳出了模板所在的文件夹'],
      ['/etc/徽标.png', 'unsafe-path', '不能使用绝对路径'],
      ['https://example.gov.cn/logo.png', 'remote-url', '不允许引用网络地址'],
    ] as const) {
      const report = check({ masthead: { logo: { ...logo, file } } });
      expect(brief(report), file).toEqual([['error', code, 'masthead.logo.file']]); // one mistake, one error (not also the URL walk)
      expect(report.issues[0]!.message).toContain(words);
      expect(report.issues[0]!.hint).toContain('images/徽标.png');
      expect(report.issues[0]!.line).toBe(8); // the "file" key
    }
  });

  it('refuses other file types with a message about images, not fonts', () => {
    const report = check({ masthead: { logo: { ...logo, file: 'images/徽标.svg' } } });
    expect(brief(report)).toEqual([['error', 'bad-file-type', 'masthead.logo.file']]);
    expect(report.issues[0]!.message).toContain('图片文件类型不允许（只接受 .png、.jpg、.jpeg）');
    expect(report.issues[0]!.hint).toContain('PNG 或 JPEG');
    expect(report.issues[0]!.hint).not.toContain('字体');
    // font messages stay about fonts
    expect(pathProblem('fonts/x.woff', FONT_EXTENSIONS)?.hint).toContain('字体');
    expect(pathProblem('a/B.JPEG', IMAGE_EXTENSIONS)).toBeUndefined();
  });

  it('reports a missing file', () => {
    const report = check({ masthead: { logo } }, {});
    expect(brief(report)).toEqual([['error', 'missing-file', 'masthead.logo.file']]);
    expect(report.issues[0]!.message).toContain('找不到标志图片“images/徽标.png”');
  });

  it('reads the bytes when it can: a .png that is not an image is refused with the reason', () => {
    const text = new TextEncoder().encode('<html>这不是图片</html>');
    const report = check({ masthead: { logo } }, { 'images/徽标.png': text });
    expect(brief(report)).toEqual([['error', 'bad-file-type', 'masthead.logo.file']]);
    expect(report.issues[0]!.message).toBe('masthead.logo.file：“images/徽标.png”不是可用的 PNG 或 JPEG 图片（不是 PNG 或 JPEG 图片）');
    const truncated = check({ masthead: { logo } }, { 'images/徽标.png': png.subarray(0, 40) });
    expect(truncated.issues[0]!.message).toContain('PNG 文件不完整');
    // without readBytes only presence is checked
    expect(check({ masthead: { logo } }, { 'images/徽标.png': text }, { bytes: false }).ok).toBe(true);
  });

  it('warns when the box leaves the sheet (page 297 mm high, type area 28 + 156 of 210 mm)', () => {
    const low = check({ masthead: { logo: { ...logo, topMm: 285 } } });
    expect(brief(low)).toEqual([['warning', 'element-overflow', 'masthead.logo.topMm']]);
    expect(low.ok).toBe(true);
    expect(low.issues[0]!.message).toContain('topMm 285 + heightMm 20 = 305 毫米，纸高只有 297 毫米');
    expect(low.issues[0]!.hint).toContain('不大于 277');
    expect(brief(check({ masthead: { logo: { ...logo, topMm: 277 } } }))).toEqual([]);
    // a box wider than a narrow type area, flush left from 60 mm: 60 + 156 > 210
    const wide = check({ masthead: { logo: { ...logo, widthMm: 156, align: 'left' } }, page: { typeArea: { leftMm: 60, widthMm: 140 } }, grid: { charsPerLine: 24 } });
    expect(brief(wide)).toEqual([['warning', 'element-overflow', 'masthead.logo.widthMm']]);
    expect(wide.issues[0]!.message).toContain('超出纸张左右边');
    expect(brief(check({ masthead: { logo: { ...logo, widthMm: 156, align: 'right' } }, page: { typeArea: { leftMm: 60, widthMm: 140 } }, grid: { charsPerLine: 24 } }))).toEqual([]);
  });
});

describe('tail.printedDateFormat', () => {
  it('needs {date}, may be empty, and knows no other placeholder', () => {
    expect(check({ tail: { printedDateFormat: '{date}印发' } }).ok).toBe(true);
    expect(check({ tail: { printedDateFormat: '' } }).ok).toBe(true);
    const missing = check({ tail: { printedDateFormat: '印发' } });
    expect(brief(missing)).toEqual([['error', 'placeholder', 'tail.printedDateFormat']]);
    expect(missing.issues[0]!.message).toContain('缺少占位符 {date}');
    expect(missing.issues[0]!.hint).toBe('写成 "{date}印发"');
    const unknown = check({ tail: { printedDateFormat: '{日期}印发' } });
    expect(unknown.issues[0]!.message).toContain('未知占位符 “{日期}”');
  });
});
