// The export dialog's formats (PDF, Word, OFD): their Chinese labels and the user's last choice,
// remembered in this window's localStorage (a preference of this machine, not of a draft).
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/api';

export type { ExportFormat };

/** The formats in the dialog's order, with their labels. */
export const FORMAT_CHOICES: readonly { readonly format: ExportFormat; readonly label: string; readonly hint: string }[] = [
  { format: 'pdf', label: 'PDF', hint: '印发、存档（GB/T 9704 版式）' },
  { format: 'docx', label: 'Word（.docx）', hint: '送审改，可用 WPS 或 Word 编辑' },
  { format: 'ofd', label: 'OFD', hint: '电子公文系统和档案（GB/T 33190）' },
];

const KEY = 'briefsmith.export.formats';

/** Keeps the known formats of a list, each once, in the dialog's order. */
export function normalizeFormats(list: readonly unknown[]): ExportFormat[] {
  return EXPORT_FORMATS.filter((f) => list.includes(f));
}

/** The last formats chosen; PDF when none were remembered (or the storage cannot be read). */
export function rememberedFormats(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ExportFormat[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? 'null');
    const formats = Array.isArray(parsed) ? normalizeFormats(parsed) : [];
    return formats.length > 0 ? formats : ['pdf'];
  } catch {
    return ['pdf'];
  }
}

/** Remembers the formats of an export (nothing when the list is empty or the storage refuses). */
export function rememberFormats(formats: readonly ExportFormat[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  const list = normalizeFormats(formats);
  if (list.length === 0) return;
  try {
    storage?.setItem(KEY, JSON.stringify(list));
  } catch {
    // a full or disabled storage only loses the preference
  }
}

/** The file names an export of `fileName` (a .pdf name) writes, one per format. */
export function formatFileNames(fileName: string, formats: readonly ExportFormat[]): string[] {
  const stem = fileName.replace(/\.pdf$/i, '');
  return formats.map((f) => `${stem}.${f}`);
}

const EMBED_KEY = 'briefsmith.export.embedFonts';

/** Whether the last Word export embedded its fonts (off when nothing was remembered). */
export function rememberedEmbedFonts(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): boolean {
  try {
    return storage?.getItem(EMBED_KEY) === 'true';
  } catch {
    return false;
  }
}

/** Remembers the Word export's 嵌入字体 choice. */
export function rememberEmbedFonts(on: boolean, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(EMBED_KEY, on ? 'true' : 'false');
  } catch {
    // a full or disabled storage only loses the preference
  }
}
