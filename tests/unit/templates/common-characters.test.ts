// resources/charsets/tongyong-guifan-level1.txt: the 3,500 characters of 通用规范汉字表 level 1,
// as documented in resources/charsets/README.md (count, order anchors, checksum), and the bundled
// Chinese fonts cover all of them (so the coverage check never flags the fonts we ship).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonCharacters, inspectFontFile } from '../../../src/main/fonts';
import { findAppPaths } from '../../../src/main/paths';

const paths = findAppPaths(import.meta.dirname);
const chars = [...commonCharacters(paths.resourcesDir)];

describe('the 3,500 common characters (通用规范汉字表 level 1)', () => {
  it('has 3,500 distinct CJK ideographs in the table order, with the documented checksum', () => {
    expect(chars).toHaveLength(3500);
    expect(new Set(chars).size).toBe(3500);
    expect(chars.every((c) => /^[\u4e00-\u9fff]$/.test(c))).toBe(true);
    expect([chars[0], chars[1], chars[2884], chars[3499]]).toEqual(['一', '乙', '零', '矗']);
    expect(createHash('sha256').update(chars.join(''), 'utf8').digest('hex')).toBe('be6a1aa43b1cf5234b42c8187ca6d568c54ff5cda9c44600ce653a4b20d8dc9d');
  });

  it('is covered entirely by the bundled Chinese fonts', () => {
    for (const file of ['NotoSerifCJKsc-Regular.otf', 'NotoSerifCJKsc-Black.otf', 'NotoSansCJKsc-Regular.otf', 'LXGWWenKai-Regular.ttf']) {
      const font = inspectFontFile(join(paths.resourcesDir, 'fonts', file));
      if (!font.ok) throw new Error(`${file}: ${font.detail}`);
      expect([file, chars.filter((c) => !font.hasGlyph(c.codePointAt(0)!)).join('')]).toEqual([file, '']);
    }
  });
});
