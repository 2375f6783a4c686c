import type { FontRole, Template } from '../../shared/template';

/** The names officials' machines give the fonts of each role (Windows/WPS), used when a template names none. */
export const OFFICIAL_FONT_NAMES: Readonly<Record<FontRole, string>> = {
  xiaobiaosong: '方正小标宋简体',
  songti: '宋体',
  fangsong: '仿宋_GB2312',
  heiti: '黑体',
  kaiti: '楷体_GB2312',
  fallback: '宋体',
};

/** A font file to embed in the .docx instead of naming an installed font (`embedFonts`). */
export interface EmbeddedFont {
  readonly role: FontRole;
  /** The family name inside the font file: Word and WPS find an embedded font by it. */
  readonly family: string;
  readonly data: Uint8Array;
}

/** The run fonts of a role: East Asian and Latin set separately, never theme fonts. */
export interface RoleFonts {
  readonly eastAsia: string;
  readonly ascii: string;
  readonly hAnsi: string;
  readonly cs: string;
}

/**
 * Font names by role: the embedded family when the role's font is embedded, else the template's
 * first system family (方正小标宋简体, 仿宋_GB2312 …). Latin text takes `latin` when given, else the
 * same font as the Chinese text — which is what the PDF draws digits and Latin letters with, so
 * lines break at the same places.
 */
export function roleFonts(template: Template, embedded: readonly EmbeddedFont[], latin?: string): (role: FontRole) => RoleFonts {
  return (role) => {
    const embed = embedded.find((f) => f.role === role);
    const name = embed?.family ?? template.fonts[role].systemFamilies[0] ?? OFFICIAL_FONT_NAMES[role];
    const latinName = latin ?? name;
    return { eastAsia: name, ascii: latinName, hAnsi: latinName, cs: name };
  };
}
