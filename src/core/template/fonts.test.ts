// The checker on font files a template names: a real font (the host says what the file is), the
// common characters covered for roles that set Chinese text, and no symbolic link out of the folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTemplate, type FontFileInspection, type TemplateLoader } from '.';

const root = join(import.meta.dirname, '..', '..', '..');
const builtin = readFileSync(join(root, 'templates', 'gongzuo-jianbao.json'), 'utf8');
const common = '一乙二十丁厂七卜八人'; // ten stand-ins for the 3,500

function loader(fonts: Record<string, FontFileInspection | 'outside'>): TemplateLoader {
  return {
    load: (ref) => (ref === 'gongzuo-jianbao' ? { ok: true, file: '/builtin/gongzuo-jianbao.json', text: builtin } : { ok: false, reason: 'not-found' }),
    knownIds: () => ['gongzuo-jianbao'],
    exists: (path) => fonts[path] !== undefined && fonts[path] !== 'outside',
    escapes: (path) => fonts[path] === 'outside',
    inspectFont: (path) => {
      const font = fonts[path];
      return font === 'outside' ? undefined : font;
    },
    commonCharacters: () => common,
  };
}
const covering = (chars: string): FontFileInspection => ({ ok: true, family: 'Test', hasGlyph: (cp) => chars.includes(String.fromCodePoint(cp)) });

function check(role: string, file: string, fonts: Record<string, FontFileInspection | 'outside'>) {
  const text = JSON.stringify({ extends: 'gongzuo-jianbao', id: 'zi', name: '字体', version: '1.0.0', fonts: { [role]: { files: [file], systemFamilies: [] } } }, null, 2);
  return checkTemplate({ file: '/t/zi.json', text, loader: loader(fonts) }).report;
}
const brief = (report: ReturnType<typeof check>) => report.issues.map((i) => [i.severity, i.code, i.path]);

describe('font files a template names', () => {
  it('a font covering every common character passes', () => {
    expect(check('fangsong', 'fonts/fs.ttf', { 'fonts/fs.ttf': covering(common) }).issues).toEqual([]);
  });

  it('a file that is not a font is an error naming the file and the reason', () => {
    const report = check('fangsong', 'fonts/fs.ttf', { 'fonts/fs.ttf': { ok: false, reason: 'not-a-font', detail: '文件开头没有 TrueType / OpenType 字体的标志' } });
    expect(brief(report)).toEqual([['error', 'bad-file-type', 'fonts.fangsong.files[0]']]);
    expect(report.issues[0]!.message).toMatch(/“fonts\/fs\.ttf”不是可用的字体文件：文件开头没有/);
  });

  it('a font without most common characters used for 仿宋 is an error', () => {
    const report = check('fangsong', 'fonts/latin.ttf', { 'fonts/latin.ttf': covering('一') });
    expect(brief(report)).toEqual([['error', 'font-coverage', 'fonts.fangsong.files[0]']]);
    expect(report.issues[0]!.message).toMatch(/用作仿宋，但缺少《通用规范汉字表》一级字 10 字中的 9 字（乙二十丁厂七卜八人），不是可用的中文字体/);
  });

  it('a font missing a few common characters is a warning listing them', () => {
    const report = check('heiti', 'fonts/hei.otf', { 'fonts/hei.otf': covering('一乙二十丁厂七卜') });
    expect(brief(report)).toEqual([['warning', 'font-coverage', 'fonts.heiti.files[0]']]);
    expect(report.ok).toBe(true);
    expect(report.issues[0]!.message).toMatch(/缺少.*中的 2 字（八人）/);
  });

  it('the rare-character fallback role is not held to the common characters', () => {
    expect(check('fallback', 'fonts/rare.ttf', { 'fonts/rare.ttf': covering('') }).issues).toEqual([]);
  });

  it('a font reached through a symbolic link out of the folder is refused, not reported missing', () => {
    const report = check('kaiti', 'fonts/kai.ttf', { 'fonts/kai.ttf': 'outside' });
    expect(brief(report)).toEqual([['error', 'unsafe-path', 'fonts.kaiti.files[0]']]);
    expect(report.issues[0]!.message).toMatch(/经符号链接（快捷方式）指向了模板文件夹之外/);
  });
});
