import { describe, expect, it } from 'vitest';
import { formatFileNames, normalizeFormats, rememberEmbedFonts, rememberedEmbedFonts, rememberFormats, rememberedFormats } from './formats';

/** A Storage stand-in with the two methods used. */
function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('export formats: remembered choice', () => {
  it('defaults to PDF when nothing was remembered or the stored value is damaged', () => {
    expect(rememberedFormats(memoryStorage())).toEqual(['pdf']);
    expect(rememberedFormats(memoryStorage({ 'briefsmith.export.formats': '{not json' }))).toEqual(['pdf']);
    expect(rememberedFormats(memoryStorage({ 'briefsmith.export.formats': '["doc"]' }))).toEqual(['pdf']);
  });

  it('remembers a choice and reads it back in the dialog’s order, unknown entries dropped', () => {
    const storage = memoryStorage();
    rememberFormats(['ofd', 'docx'], storage);
    expect(rememberedFormats(storage)).toEqual(['docx', 'ofd']);
    storage.setItem('briefsmith.export.formats', '["ofd","exe","pdf","pdf"]');
    expect(rememberedFormats(storage)).toEqual(['pdf', 'ofd']);
  });

  it('does not remember an empty choice', () => {
    const storage = memoryStorage({ 'briefsmith.export.formats': '["docx"]' });
    rememberFormats([], storage);
    expect(rememberedFormats(storage)).toEqual(['docx']);
    expect(normalizeFormats([])).toEqual([]);
  });

  it('names one file per format from the dialog’s .pdf name', () => {
    expect(formatFileNames('工作简报第5期.pdf', ['pdf', 'docx', 'ofd'])).toEqual(['工作简报第5期.pdf', '工作简报第5期.docx', '工作简报第5期.ofd']);
  });
});

describe('export formats: Word 嵌入字体', () => {
  it('is off until chosen, then remembered; a storage that throws only loses the preference', () => {
    const storage = memoryStorage();
    expect(rememberedEmbedFonts(storage)).toBe(false);
    rememberEmbedFonts(true, storage);
    expect(rememberedEmbedFonts(storage)).toBe(true);
    rememberEmbedFonts(false, storage);
    expect(rememberedEmbedFonts(storage)).toBe(false);
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); } };
    expect(rememberedEmbedFonts(broken)).toBe(false);
    expect(() => rememberEmbedFonts(true, broken)).not.toThrow();
  });
});
