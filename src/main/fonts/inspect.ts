import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import type { Font, FontCollection } from 'fontkit';
import type { FontFileInspection } from '../../core/template';

/** Largest font file a template may name (the largest CJK fonts are about 30 MB). */
export const MAX_FONT_BYTES = 64 * 1024 * 1024;

/** The first four bytes of the font files templates accept: TrueType, OpenType (CFF), Apple `true`, collections. */
const SFNT_TAGS = new Set(['00010000', '4f54544f', '74727565', '74746366']);

const inspected = new Map<string, { stamp: string; result: FontFileInspection }>();

/**
 * Looks inside a font file a template names: it must start like a TrueType/OpenType font or
 * collection and be parsed by fontkit (the engine's parser), or it is refused with a Chinese
 * reason — a text file renamed `.ttf` never reaches the PDF. For a collection the first face is
 * taken, as the font host does. Cached by path, size and modification time. Never throws.
 */
export function inspectFontFile(path: string): FontFileInspection {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? '读取失败' };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not-a-font', detail: '不是普通文件' };
    if (stat.size > MAX_FONT_BYTES) return { ok: false, reason: 'too-large', detail: `${Math.round(stat.size / 1024 / 1024)} MB，上限 ${MAX_FONT_BYTES / 1024 / 1024} MB` };
    const stamp = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    const known = inspected.get(path);
    if (known?.stamp === stamp) return known.result;
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    const result: FontFileInspection =
      n < 4 || !SFNT_TAGS.has(head.toString('hex'))
        ? { ok: false, reason: 'not-a-font', detail: stat.size === 0 ? '文件是空的' : '文件开头没有 TrueType / OpenType 字体的标志' }
        : parse(path);
    inspected.set(path, { stamp, result });
    return result;
  } finally {
    closeSync(fd);
  }
}

function parse(path: string): FontFileInspection {
  try {
    const created = fontkit.create(readFileSync(path)) as Font | FontCollection;
    const font = Array.isArray((created as FontCollection).fonts) ? (created as FontCollection).fonts[0] : (created as Font);
    // Reading the cmap and the glyph count parses the tables a damaged file breaks.
    if (!font || !(font.numGlyphs > 0) || !(font.unitsPerEm > 0)) return { ok: false, reason: 'not-a-font', detail: '字体文件中没有字形' };
    font.hasGlyphForCodePoint(0x4e00);
    const family = font.familyName || font.postscriptName || '未命名字体';
    return {
      ok: true,
      family,
      hasGlyph: (codePoint) => {
        try {
          return font.hasGlyphForCodePoint(codePoint);
        } catch {
          return false;
        }
      },
    };
  } catch {
    return { ok: false, reason: 'not-a-font', detail: '字体文件已损坏，无法解析' };
  }
}

const common = new Map<string, string>();

/**
 * The 3,500 characters of 通用规范汉字表 level 1 (`resources/charsets/tongyong-guifan-level1.txt`,
 * one per line, `#` comments), as one string; '' when the file is missing. Read once per folder.
 */
export function commonCharacters(resourcesDir: string): string {
  let chars = common.get(resourcesDir);
  if (chars === undefined) {
    try {
      chars = readFileSync(join(resourcesDir, 'charsets', 'tongyong-guifan-level1.txt'), 'utf8')
        .split(/\r?\n/)
        .filter((line) => line !== '' && !line.startsWith('#'))
        .join('');
    } catch {
      chars = '';
    }
    common.set(resourcesDir, chars);
  }
  return chars;
}
