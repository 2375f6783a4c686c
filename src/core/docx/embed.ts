// The fonts a .docx embeds when asked to (the export's 嵌入字体): for each role, the face that
// serves it in the layout, cut down to the characters the document draws with it plus a small
// editing set, as a standalone OpenType file (core/ofd/sfnt, the OFD writer's subsetter). A Word
// or WPS reader without the official fonts then shows the document in the faces of our PDF.
import type { LayoutDocument } from '../layout';
import type { FontFace } from '../fonts';
import { isFontkitFont, subsetFont } from '../ofd/sfnt';
import type { EmbeddedFont } from './fonts';

/**
 * Kept in every subset besides the document's own characters, so that a reviser's few edits (a
 * figure, a date, a mark) still draw in the embedded face: ASCII, full-width digits and the marks
 * and units of a 简报.
 */
const EDITING_SET = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...'０１２３４５６７８９',
  ...'。，、；：？！“”‘’（）《》〔〕【】—…·％',
  ...'年月日时分个项家件次人元万亿第期号',
].map((c) => c.codePointAt(0)!);

/** Embedding the font in a document is allowed: installable or editable (OS/2 fsType). */
const embeddable = (face: FontFace): boolean => face.embedding === 'installable' || face.embedding === 'editable';

/**
 * The family name inside the font file (name ID 1, what Word and WPS register an embedded font
 * under), falling back to the face's family.
 */
function familyInFile(face: FontFace): string {
  const name = (face.pdfFont as { familyName?: unknown } | null)?.familyName;
  return typeof name === 'string' && name.trim() !== '' ? name : face.family;
}

/**
 * One subset per role's face in `layout` (roles sharing a face share one file's bytes), in the
 * order of the layout's font report; roles whose face drew nothing, or may not be embedded, or is
 * not an OpenType file we can cut, are left to the reader's installed fonts. Same layout, same bytes.
 */
export function docxEmbeddedFonts(layout: LayoutDocument): EmbeddedFont[] {
  const drawn = new Map<string, Set<number>>();
  for (const page of layout.pages) {
    for (const item of page.items) {
      if (item.kind !== 'text') continue;
      let set = drawn.get(item.face.key);
      if (!set) drawn.set(item.face.key, (set = new Set()));
      for (const glyph of item.glyphs) for (const ch of glyph.char) set.add(ch.codePointAt(0)!);
    }
  }
  const subsets = new Map<string, Uint8Array>();
  const out: EmbeddedFont[] = [];
  for (const entry of layout.fontReport) {
    const face = layout.faces.find((f) => f.postscriptName === entry.postscriptName);
    const used = face && drawn.get(face.key);
    if (!face || !used || used.size === 0 || !embeddable(face) || !isFontkitFont(face.pdfFont)) continue;
    let data = subsets.get(face.key);
    if (!data) {
      const codePoints = [...new Set([...used, ...EDITING_SET.filter((cp) => face.hasGlyph(cp))])].sort((a, b) => a - b);
      data = subsetFont(face.pdfFont, codePoints).data;
      subsets.set(face.key, data);
    }
    out.push({ role: entry.role, family: familyInFile(face), data });
  }
  return out;
}
