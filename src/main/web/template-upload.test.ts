import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplateJson, type Template } from '../../shared/template';
import { findAppPaths } from '../paths';
import { arrangeTemplateUpload } from './template-upload';

const paths = findAppPaths(import.meta.dirname);
const base: Template = (() => {
  const parsed = parseTemplateJson(readFileSync(join(paths.templatesDir, 'gongzuo-jianbao.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();

/** An upload folder as the browser mode's server has it: the picked files side by side. */
function upload(template: object, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bs-upload-'));
  writeFileSync(join(dir, '我的模板.json'), JSON.stringify(template));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('a template uploaded as picked files', () => {
  it('puts its logo and fonts where the JSON names them, inside the upload folder', () => {
    const template = {
      ...base,
      id: 'my-template',
      masthead: { ...base.masthead, logo: { file: 'images/徽标.png', widthMm: 20, heightMm: 20, topMm: 30, align: 'left' as const } },
      fonts: { ...base.fonts, fangsong: { ...base.fonts.fangsong, files: ['fonts/仿宋.ttf'] } },
    };
    const dir = upload(template, { '徽标.png': 'png', '仿宋.ttf': 'ttf', '别的.png': 'other' });
    expect(arrangeTemplateUpload(dir).sort()).toEqual(['fonts/仿宋.ttf', 'images/徽标.png']);
    expect(readFileSync(join(dir, 'images', '徽标.png'), 'utf8')).toBe('png');
    expect(readFileSync(join(dir, 'fonts', '仿宋.ttf'), 'utf8')).toBe('ttf');
    expect(existsSync(join(dir, '徽标.png'))).toBe(false);
    // A file the template does not name stays where it was.
    expect(existsSync(join(dir, '别的.png'))).toBe(true);
  });

  it('never places a file outside the folder, and leaves a JSON that is not a template alone', () => {
    const escaping = { ...base, id: 'escape', masthead: { ...base.masthead, logo: { file: '../徽标.png', widthMm: 20, heightMm: 20, topMm: 30, align: 'left' as const } } };
    // The schema takes the name; the folder does not let it out.
    expect(parseTemplateJson(JSON.stringify(escaping)).ok).toBe(true);
    const dir = upload(escaping, { '徽标.png': 'png' });
    expect(arrangeTemplateUpload(dir)).toEqual([]);
    expect(existsSync(join(dir, '徽标.png'))).toBe(true);
    const notTemplate = upload({ hello: 'world' }, { 'a.png': 'x' });
    expect(arrangeTemplateUpload(notTemplate)).toEqual([]);
  });
});
