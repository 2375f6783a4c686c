// word/fontTable.xml: every font the .docx names, with what Word and WPS need to find it or a
// substitute (ECMA-376 §17.8.3: w:altName, w:charset, w:family, w:pitch), and the embedded ones
// with their obfuscation keys (§17.8.1). The docx library writes an empty table (no entries for
// named fonts) and embeds with random keys; this module writes the table from the fonts in use and
// derives each key from the font's bytes, so the same input gives the same file.

/** One font of the table: a name the runs use, and its embedded file when it is embedded. */
export interface FontTableFont {
  readonly name: string;
  /** The embedded file's relationship id in word/_rels/fontTable.xml.rels and its key (`fontKeyOf`). */
  readonly embed?: { readonly rId: string; readonly key: string };
}

/** What Word and WPS are told of a font they may not have: ECMA-376 §17.8.3. */
interface FontFacts {
  /** Another name of the same font (Windows Vista and later name 仿宋_GB2312 仿宋, 楷体_GB2312 楷体). */
  readonly altName?: string;
  /** 86: GB2312, the character set that makes a substitute be a Chinese font. */
  readonly charset: '86' | '00';
  readonly family: 'roman' | 'swiss' | 'modern' | 'script' | 'decorative' | 'auto';
  readonly pitch: 'fixed' | 'variable' | 'default';
}

/**
 * The official fonts' facts as Chinese Windows' own font table lists them (the names of
 * `OFFICIAL_FONT_NAMES` and their common spellings); other fonts: Chinese ones (a Han character
 * in the name, or the bundled CJK families) charset 86, others the default.
 */
const KNOWN: Readonly<Record<string, FontFacts>> = {
  仿宋_GB2312: { altName: '仿宋', charset: '86', family: 'modern', pitch: 'fixed' },
  楷体_GB2312: { altName: '楷体', charset: '86', family: 'modern', pitch: 'fixed' },
  仿宋: { altName: 'FangSong', charset: '86', family: 'modern', pitch: 'fixed' },
  楷体: { altName: 'KaiTi', charset: '86', family: 'modern', pitch: 'fixed' },
  宋体: { altName: 'SimSun', charset: '86', family: 'auto', pitch: 'variable' },
  黑体: { altName: 'SimHei', charset: '86', family: 'modern', pitch: 'fixed' },
  方正小标宋简体: { charset: '86', family: 'script', pitch: 'fixed' },
};

function factsOf(name: string): FontFacts {
  const known = KNOWN[name];
  if (known) return known;
  const chinese = /\p{Script=Han}|CJK|WenKai|Fandol|Hana/u.test(name);
  return chinese ? { charset: '86', family: 'auto', pitch: 'variable' } : { charset: '00', family: 'auto', pitch: 'variable' };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The namespaces the docx library's own font table declares (kept, so both read alike). */
const NAMESPACES =
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"';

/**
 * word/fontTable.xml for `fonts` (each name once, in the order given). Elements of a w:font in the
 * schema's order: altName, panose1, charset, family, notTrueType, pitch, sig, embedRegular.
 */
export function fontTableXml(fonts: readonly FontTableFont[]): string {
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const font of fonts) {
    if (seen.has(font.name)) continue;
    seen.add(font.name);
    const facts = factsOf(font.name);
    entries.push(
      `<w:font w:name="${esc(font.name)}">` +
        (facts.altName ? `<w:altName w:val="${esc(facts.altName)}"/>` : '') +
        `<w:charset w:val="${facts.charset}"/>` +
        `<w:family w:val="${facts.family}"/>` +
        `<w:pitch w:val="${facts.pitch}"/>` +
        (font.embed ? `<w:embedRegular r:id="${font.embed.rId}" w:fontKey="{${font.embed.key}}"/>` : '') +
        '</w:font>',
    );
  }
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts ${NAMESPACES}>${entries.join('')}</w:fonts>`;
}

/**
 * An obfuscation key (a GUID, upper-case hex with dashes, no braces) derived from the font's name
 * and bytes: four FNV-1a 32-bit hashes with different seeds. Any GUID is a valid key (§17.8.1);
 * this one is the same for the same font on any machine.
 */
export function fontKeyOf(name: string, data: Uint8Array): string {
  const seeds = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x7f4a7c15];
  const hashes = seeds.map((seed) => {
    let h = seed >>> 0;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, 0x01000193) >>> 0;
    return h.toString(16).toUpperCase().padStart(8, '0');
  });
  const hex = hashes.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * ECMA-376 §17.8.1's obfuscation read back: the first 32 bytes XORed with the key's bytes in
 * reverse order. For tests and checks (the writer's library obfuscates on the way in).
 */
export function deobfuscateFont(data: Uint8Array, key: string): Uint8Array {
  const hex = key.replace(/[{}-]/g, '');
  const bytes = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).reverse();
  const out = data.slice();
  for (let i = 0; i < Math.min(32, out.length); i++) out[i] = out[i]! ^ bytes[i % 16]!;
  return out;
}

/**
 * Gives the docx library's embedded font files these keys (its own are random: the same document
 * would obfuscate differently each time). `doc` is the library's Document before it is packed;
 * the table that names the keys is ours (`fontTableXml`). Throws when the library no longer keeps
 * its files where this expects them (a test packs an embedded font and reads it back).
 */
export function setEmbeddedFontKeys(doc: object, keys: readonly string[]): void {
  const files = (doc as { FontTable?: { files?: { fontKey: string }[] } }).FontTable?.files;
  if (!Array.isArray(files) || files.length !== keys.length) throw new Error('docx: the embedded font files are not where the writer expects them');
  files.forEach((file, i) => {
    file.fontKey = keys[i]!;
  });
}
