import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pngBytes } from '../../../tests/support/images';
import { imageReaderFor, MAX_IMAGE_BYTES } from './images';

/** A template folder with images/logo.png, a file beside the folder, and a folder as "image". */
function folder() {
  const outer = mkdtempSync(join(tmpdir(), 'bs-img-'));
  const dir = join(outer, 'tpl');
  mkdirSync(join(dir, 'images', 'sub.png'), { recursive: true });
  const png = pngBytes({ width: 4, height: 3 });
  writeFileSync(join(dir, 'images', 'logo.png'), png);
  writeFileSync(join(dir, 'images', '徽标 1.JPG'), png);
  writeFileSync(join(outer, 'outside.png'), png);
  return { outer, dir, png };
}

describe('imageReaderFor', () => {
  it('reads an image relative to the template folder (any spelling of the path inside it)', () => {
    const { dir, png } = folder();
    const read = imageReaderFor(dir);
    expect(read('images/logo.png')).toEqual(png);
    expect(read('./images/../images/logo.png')).toEqual(png);
    expect(read(' images/徽标 1.JPG ')).toEqual(png);
  });

  it('hands back the same bytes for an unchanged file, and the new content once it changes', () => {
    const { dir, png } = folder();
    const read = imageReaderFor(dir);
    const first = read('images/logo.png');
    expect(read('images/logo.png')).toBe(first);
    const other = pngBytes({ width: 5, height: 5 });
    writeFileSync(join(dir, 'images', 'logo.png'), other);
    const after = read('images/logo.png');
    expect(after).toEqual(other);
    expect(after).not.toEqual(png);
  });

  it('refuses paths escaping the folder, absolute paths, URLs and other file types', () => {
    const { dir, outer } = folder();
    const read = imageReaderFor(dir);
    expect(read('../outside.png')).toBeUndefined();
    expect(read('images/../../outside.png')).toBeUndefined();
    expect(read(join(outer, 'outside.png'))).toBeUndefined();
    expect(read('file:///etc/passwd.png')).toBeUndefined();
    expect(read('https://example.com/logo.png')).toBeUndefined();
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(read('notes.txt')).toBeUndefined();
  });

  it('refuses a symbolic link leading out of the folder, but follows one inside it', () => {
    const { dir, outer, png } = folder();
    symlinkSync(join(outer, 'outside.png'), join(dir, 'images', 'escape.png'));
    symlinkSync(join(dir, 'images', 'logo.png'), join(dir, 'images', 'alias.png'));
    const read = imageReaderFor(dir);
    expect(read('images/escape.png')).toBeUndefined();
    expect(read('images/alias.png')).toEqual(png);
  });

  it('returns undefined for a missing file, a folder, a file over 5 MB, or no folder at all', () => {
    const { dir } = folder();
    const read = imageReaderFor(dir);
    expect(read('images/none.png')).toBeUndefined();
    expect(read('images/sub.png')).toBeUndefined();
    writeFileSync(join(dir, 'big.png'), new Uint8Array(MAX_IMAGE_BYTES + 1));
    expect(read('big.png')).toBeUndefined();
    writeFileSync(join(dir, 'limit.png'), new Uint8Array(MAX_IMAGE_BYTES));
    expect(read('limit.png')?.length).toBe(MAX_IMAGE_BYTES);
    expect(imageReaderFor(undefined)('images/logo.png')).toBeUndefined();
    expect(imageReaderFor(join(dir, 'missing-folder'))('images/logo.png')).toBeUndefined();
  });
});
