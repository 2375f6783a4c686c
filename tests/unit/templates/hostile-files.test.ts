// Files a template names, on a real file system: symbolic links out of the template's folder (a
// linked fonts/ folder, a linked font file, a linked base) are refused by the checker, the import,
// the export and the font host alike; a text file named .ttf and a font without Chinese glyphs are
// reported by the check; template ids and versions from drafts never become paths.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeFontHost } from '../../../src/main/fonts';
import { findAppPaths } from '../../../src/main/paths';
import { createTemplateRegistry } from '../../../src/main/templates';
import { imageReaderFor } from '../../../src/main/templates/images';
import { pngBytes } from '../../support/images';

const paths = findAppPaths(import.meta.dirname);
const scratch = mkdtempSync(join(tmpdir(), 'bs-hostile-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => {
  const dir = join(scratch, `${name}-${++n}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const registry = () => createTemplateRegistry({ templatesDir: paths.templatesDir, dataDir: fresh('data'), resourcesDir: paths.resourcesDir, keepVersions: false });
const noto = join(paths.resourcesDir, 'fonts', 'NotoSansCJKsc-Regular.otf');
const latin = join(paths.root, 'node_modules', 'pdfjs-dist', 'standard_fonts', 'LiberationSans-Regular.ttf');

/** A template folder: template.json extending 工作简报, with the given font files for 黑体 (and fields). */
function templateFolder(files: string[], fields: Record<string, unknown> = {}): string {
  const dir = fresh('tpl');
  writeFileSync(join(dir, 'template.json'), JSON.stringify({ extends: 'gongzuo-jianbao', id: 'hei-jianbao', name: '黑体简报', version: '1.0.0', fonts: { heiti: { files, systemFamilies: [] } }, ...fields }, null, 2));
  return dir;
}
const outside = fresh('outside');
copyFileSync(noto, join(outside, 'hei.otf'));
const brief = (issues: readonly { severity: string; code: string; path: string }[]) => issues.map((i) => [i.severity, i.code, i.path]);

describe('symbolic links out of the template folder', () => {
  it('a symlinked fonts/ folder is refused by the check, the import and the font host', () => {
    const dir = templateFolder(['fonts/hei.otf']);
    symlinkSync(outside, join(dir, 'fonts'));
    const reg = registry();
    const checked = reg.check(join(dir, 'template.json'), { fresh: true });
    expect(brief(checked.report.issues)).toEqual([['error', 'unsafe-path', 'fonts.heiti.files[0]']]);
    expect(checked.report.issues[0]!.message).toMatch(/指向了模板文件夹之外/);
    const imported = reg.import(dir);
    expect(imported.ok && imported.value.status).toBe('rejected');
    expect(existsSync(join(reg.userDir, 'hei-jianbao'))).toBe(false);
    // Even if a template got past the check, the font host never reads the linked file.
    const template = reg.resolve('gongzuo-jianbao');
    if (!template.ok) throw new Error(template.message);
    const fonts = { ...template.value.template.fonts, heiti: { files: ['fonts/hei.otf'], systemFamilies: [] } };
    const chain = createNodeFontHost({ resourcesDir: paths.resourcesDir, systemFontDirs: [] }).providerFor({ fonts }, dir).chain('heiti');
    expect(chain.some((face) => face.origin === 'template')).toBe(false);
  });

  it('a symlinked font file is refused; the same font copied in is used', () => {
    const dir = templateFolder(['fonts/hei.otf']);
    mkdirSync(join(dir, 'fonts'));
    symlinkSync(join(outside, 'hei.otf'), join(dir, 'fonts', 'hei.otf'));
    expect(brief(registry().check(join(dir, 'template.json'), { fresh: true }).report.issues)).toEqual([['error', 'unsafe-path', 'fonts.heiti.files[0]']]);
    rmSync(join(dir, 'fonts', 'hei.otf'));
    copyFileSync(noto, join(dir, 'fonts', 'hei.otf'));
    const reg = registry();
    expect(reg.check(join(dir, 'template.json'), { fresh: true }).report.issues).toEqual([]);
    const imported = reg.import(dir);
    expect(imported.ok && imported.value.status).toBe('imported');
    const template = reg.resolve('hei-jianbao');
    if (!template.ok) throw new Error(template.message);
    const face = createNodeFontHost({ resourcesDir: paths.resourcesDir, systemFontDirs: [] }).providerFor(template.value.template, template.value.dir).chain('heiti')[0];
    expect([face?.origin, face?.postscriptName]).toEqual(['template', 'NotoSansCJKsc-Regular']);
  });

  it('a symlinked logo is refused by the check and never read', () => {
    writeFileSync(join(outside, 'logo.png'), pngBytes({ width: 8, height: 8 }));
    const dir = templateFolder([], { masthead: { logo: { file: 'images/logo.png', widthMm: 20, heightMm: 20, topMm: 40, align: 'center' } } });
    symlinkSync(outside, join(dir, 'images'));
    expect(brief(registry().check(join(dir, 'template.json'), { fresh: true }).report.issues)).toEqual([['error', 'unsafe-path', 'masthead.logo.file']]);
    expect(imageReaderFor(dir)('images/logo.png')).toBeUndefined();
  });

  it('a base named by path through a symbolic link out of the folder is not followed', () => {
    const dir = fresh('tpl');
    writeFileSync(join(outside, 'base.json'), JSON.stringify({ extends: 'gongzuo-jianbao', id: 'base', name: '底', version: '1.0.0' }));
    symlinkSync(join(outside, 'base.json'), join(dir, 'base.json'));
    writeFileSync(join(dir, 'child.json'), JSON.stringify({ extends: './base.json', id: 'child', name: '子', version: '1.0.0' }));
    expect(brief(registry().check(join(dir, 'child.json'), { fresh: true }).report.issues)).toEqual([['error', 'extends-not-found', 'extends']]);
  });
});

describe('font files are real fonts covering the common characters', () => {
  it('a text file named .ttf is refused with a Chinese reason', () => {
    const dir = templateFolder(['fonts/hei.ttf']);
    mkdirSync(join(dir, 'fonts'));
    writeFileSync(join(dir, 'fonts', 'hei.ttf'), '这不是字体，是一个改了扩展名的文本文件。\n');
    const report = registry().check(join(dir, 'template.json'), { fresh: true }).report;
    expect(brief(report.issues)).toEqual([['error', 'bad-file-type', 'fonts.heiti.files[0]']]);
    expect(report.issues[0]!.message).toBe('fonts.heiti.files[0]：“fonts/hei.ttf”不是可用的字体文件：文件开头没有 TrueType / OpenType 字体的标志');
  });

  it('a file with a font signature that does not parse is refused as damaged', () => {
    const dir = templateFolder(['fonts/hei.otf']);
    mkdirSync(join(dir, 'fonts'));
    writeFileSync(join(dir, 'fonts', 'hei.otf'), Buffer.concat([Buffer.from('OTTO'), Buffer.alloc(64, 0xff)]));
    const report = registry().check(join(dir, 'template.json'), { fresh: true }).report;
    expect(report.issues.map((i) => [i.code, i.message])).toEqual([['bad-file-type', expect.stringMatching(/已损坏，无法解析/)]]);
  });

  it('a Latin font used as 黑体 is reported: it lacks the 3,500 common characters', () => {
    const dir = templateFolder(['fonts/latin.ttf']);
    mkdirSync(join(dir, 'fonts'));
    copyFileSync(latin, join(dir, 'fonts', 'latin.ttf'));
    const report = registry().check(join(dir, 'template.json'), { fresh: true }).report;
    expect(brief(report.issues)).toEqual([['error', 'font-coverage', 'fonts.heiti.files[0]']]);
    expect(report.issues[0]!.message).toMatch(/用作黑体，但缺少《通用规范汉字表》一级字 3500 字中的 3500 字（一乙二十丁厂七卜八人/);
  });

  it('without resources (no character list) the coverage check is skipped, the font check is not', () => {
    const dir = templateFolder(['fonts/latin.ttf']);
    mkdirSync(join(dir, 'fonts'));
    copyFileSync(latin, join(dir, 'fonts', 'latin.ttf'));
    const bare = createTemplateRegistry({ templatesDir: paths.templatesDir, dataDir: fresh('data'), keepVersions: false });
    expect(bare.check(join(dir, 'template.json'), { fresh: true }).report.issues).toEqual([]);
  });
});

describe('template ids and versions from drafts never become paths', () => {
  it('resolve, details, versionStatus and resolveRef refuse ../ and / in ids and versions', () => {
    const reg = registry();
    for (const [id, version] of [['../gongzuo-jianbao', undefined], ['a/b', undefined], ['gongzuo-jianbao', '../../1.0.0'], ['..\\x', '1.0.0']] as const) {
      const resolved = reg.resolve(id, version);
      expect(resolved.ok ? '' : `${resolved.code} ${resolved.message}`).toMatch(/^UNKNOWN_TEMPLATE .*无效/);
      expect(reg.details(id, version).ok).toBe(false);
    }
    expect(reg.checkInstalled('../x').ok).toBe(false);
    expect(reg.remove('../x').ok).toBe(false);
  });

  it('a file outside the versions folder is neither read nor revealed by a ../ id', () => {
    const reg = registry();
    const probe = () => reg.versionStatus('../probe', '1.0.0');
    const before = probe();
    // A file where `.versions/../probe@1.0.0.json` would point.
    mkdirSync(join(reg.userDir, '.versions'), { recursive: true });
    writeFileSync(join(reg.userDir, 'probe@1.0.0.json'), '{}');
    expect(probe()).toEqual(before);
    expect(before.state).toBe('template-missing');
    expect(reg.resolveRef({ id: '../probe', version: '1.0.0' }).ok).toBe(false);
  });
});

describe('deep user templates in the gallery', () => {
  it('list, details and checkInstalled report them as broken, located, instead of failing', () => {
    const reg = registry();
    mkdirSync(join(reg.userDir, 'deep'), { recursive: true });
    writeFileSync(join(reg.userDir, 'deep', 'template.json'), `{"id":"deep","page":${'['.repeat(1600)}${']'.repeat(1600)}}`);
    mkdirSync(join(reg.userDir, 'wide'), { recursive: true });
    writeFileSync(join(reg.userDir, 'wide', 'template.json'), `{"id":"wide",${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`.replace('{"id":"wide",{', '{"id":"wide","b":{'));
    const listed = reg.list().filter((t) => t.origin === 'user');
    expect(listed.map((t) => [t.id, t.valid, t.errors])).toEqual([
      ['deep', false, 1],
      ['wide', false, 1],
    ]);
    const report = reg.checkInstalled('deep');
    expect(report.ok && report.value.issues.map((i) => [i.code, i.line, i.column])).toEqual([['too-deep', 1, 84]]);
    const details = reg.details('deep');
    expect(details.ok ? '' : `${details.code} ${details.message}`).toMatch(/^INVALID_TEMPLATE .*嵌套超过 64 层/s);
  });
});
