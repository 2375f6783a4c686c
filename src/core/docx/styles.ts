import type { Geometry } from '../layout';
import type { FontRole, Template, TextStyle } from '../../shared/template';
import type { RoleFonts } from './fonts';

/** Style ids of the document (names are what Chinese Word and WPS show: Normal is 正文, heading 1 is 标题 1). */
export const DOCX_STYLES = {
  body: 'Normal',
  title: 'Title',
  headings: ['Heading1', 'Heading2', 'Heading3', 'Heading4'],
  note: 'Note',
  excerpt: 'Excerpt',
  caption: 'Caption',
  tableText: 'TableText',
  tableHeader: 'TableHeader',
  tableNote: 'TableNote',
  sources: 'Sources',
  sourcesLabel: 'SourcesLabel',
  masthead: 'Masthead',
  tail: 'Tail',
  footer: 'Footer',
} as const;

const twip = (pt: number): number => Math.round(pt * 20);
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** How a run is fitted to the grid's pitch: horizontal scale (w:w, percent) and character spacing (w:spacing, twips). */
export interface GridFit {
  readonly scale: number;
  readonly spacing: number;
}

/** No fitting: the font's own advances. */
export const NATURAL_FIT: GridFit = { scale: 100, spacing: 0 };

/**
 * The fit that gives body-size text the grid's pitch (28 a line): the largest whole-percent scale
 * that keeps a character inside its cell, then the spacing (never negative, rounded down) that
 * brings it to the cell — 98 % and +0.1 pt for 3号 in a 15.79 pt cell, so 28 characters take
 * 441.8 pt of 442.2. Never negative spacing: LibreOffice 7.4 limits condensing to about a sixth
 * of an em and drops it from the last character of a run. Other sizes keep their advances.
 */
export function gridFit(g: Geometry, sizePt: number): GridFit {
  if (sizePt !== g.bodySize || g.cell >= sizePt) return NATURAL_FIT;
  const scale = Math.floor((g.cell / sizePt) * 100);
  return { scale, spacing: Math.max(0, Math.floor((g.cell - (sizePt * scale) / 100) * 20)) };
}

/** How LibreOffice 7.4 converts twips to 1/100 mm and back (rounded each way). */
const twipToMm100 = (tw: number): number => Math.round((tw * 127) / 72);
const mm100ToTwip = (mm: number): number => Math.round((mm * 72) / 127);

/**
 * LibreOffice 7.4's grid width, twips, for a Normal style of `sizeTwips` and a w:docGrid charSpace:
 * the size, plus the charSpace's whole points (its top 20 bits, signed), plus its fraction (the low
 * 12 bits) in whole twips, each converted to 1/100 mm and the sum back to twips
 * (writerfilter/source/dmapper/PropertyMap.cxx, SectionPropertyMap::CloseSectionGroup).
 */
export function libreOfficeGridTwips(sizeTwips: number, charSpace: number): number {
  const main = Math.floor(charSpace / 4096);
  const fraction = Math.floor(((charSpace - main * 4096) * 20) / 0xfff);
  return mm100ToTwip(twipToMm100(sizeTwips) + twipToMm100(main * 20) + twipToMm100(fraction));
}

/** The section's character grid: w:charSpace, and the width of the text area in twips. */
export interface CharGrid {
  readonly charSpace: number;
  readonly widthTwips: number;
}

/**
 * The character grid, so that Word, WPS and LibreOffice all find `chars` characters a line. Word
 * and WPS: the pitch is Normal's size plus charSpace/4096 pt, and a line holds the text width over
 * the pitch (ECMA-376 Part 1, §17.6.5 docGrid, charSpace). LibreOffice 7.4 takes its grid width
 * (`libreOfficeGridTwips`, whole twips) and cuts its text area down to whole grid cells, centred
 * (sw/source/core/layout/pagechg.cxx, SwBodyFrame::Format): with the exact pitch (3号 in 156 mm /
 * 28 = 15.79 pt = 315.86 twips) its grid is 315 twips and its lines 441.0 pt — 1.2 pt short of the
 * PDF's, so every full line loses its last character. So charSpace is the least that gives
 * LibreOffice a grid at least the cell (316 twips, −820 for 3号: Word's pitch 15.80 pt), and the
 * text area just wider than `chars` cells of both: the right margin a tenth of a millimetre
 * narrower than the template's.
 */
export function charGrid(cellPt: number, sizePt: number, chars: number): CharGrid {
  const sizeTwips = Math.round(sizePt * 20);
  const cellTwips = Math.ceil(cellPt * 20 - 1e-6);
  // The least charSpace, from the exact pitch's up, whose grid in LibreOffice holds the cell.
  let charSpace = Math.ceil((cellPt - sizePt) * 4096 - 1e-6);
  while (libreOfficeGridTwips(sizeTwips, charSpace) < cellTwips) charSpace++;
  const gridTwips = libreOfficeGridTwips(sizeTwips, charSpace);
  const pitchTwips = (sizePt + charSpace / 4096) * 20;
  // A few twips over, for the margins' own round trip through 1/100 mm.
  return { charSpace, widthTwips: Math.max(Math.ceil(chars * pitchTwips), chars * gridTwips) + 3 };
}

/** A run-properties element for a text style (elements in the schema's order). */
export function rPrXml(fonts: RoleFonts, style: TextStyle, fit: GridFit, extra: { bold?: boolean } = {}): string {
  return (
    '<w:rPr>' +
    `<w:rFonts w:ascii="${esc(fonts.ascii)}" w:hAnsi="${esc(fonts.hAnsi)}" w:eastAsia="${esc(fonts.eastAsia)}" w:cs="${esc(fonts.cs)}"/>` +
    (extra.bold ? '<w:b/><w:bCs/>' : '') +
    '<w:snapToGrid w:val="0"/>' +
    (style.color ? `<w:color w:val="${style.color.replace('#', '').toUpperCase()}"/>` : '') +
    (fit.spacing !== 0 ? `<w:spacing w:val="${fit.spacing}"/>` : '') +
    (fit.scale !== 100 ? `<w:w w:val="${fit.scale}"/>` : '') +
    `<w:sz w:val="${Math.round(style.sizePt * 2)}"/><w:szCs w:val="${Math.round(style.sizePt * 2)}"/>` +
    '<w:lang w:val="en-US" w:eastAsia="zh-CN"/>' +
    '</w:rPr>'
  );
}

interface ParagraphStyle {
  readonly id: string;
  readonly name: string;
  readonly style: TextStyle;
  readonly lineHeight: number;
  readonly align: 'both' | 'left' | 'center' | 'right';
  readonly indentChars?: number;
  readonly keepNext?: boolean;
  readonly keepLines?: boolean;
  readonly outline?: number;
}

/**
 * styles.xml, written whole: docDefaults carry the body font (East Asian and Latin named apart, no
 * theme fonts) and the exact line pitch; Normal (正文), heading 1–4 (标题 1–4), Title (标题), 按语,
 * 资料摘录, caption, table text, 资料来源, 报头, 版记 and footer are real styles, so restyling a
 * level restyles every heading of it. Paragraphs do not snap to the character grid (w:snapToGrid
 * off): LibreOffice gives a character wider than a grid cell (16 pt in a 15.79 pt cell) two cells,
 * so the grid's pitch is set as a scale and a character spacing instead (`gridFit`), which Word,
 * WPS and LibreOffice all honour; the section keeps its lines-and-chars grid (28 × 22 in 页面设置).
 */
export function stylesXml(template: Template, g: Geometry, fonts: (role: FontRole) => RoleFonts): string {
  const t = template;
  const pitch = g.linePitch;
  const body = t.body.style;
  const defs: ParagraphStyle[] = [
    { id: DOCX_STYLES.body, name: 'Normal', style: body, lineHeight: pitch, align: 'both', indentChars: t.body.indentChars },
    ...t.headings.map((h, k): ParagraphStyle => ({ id: DOCX_STYLES.headings[k]!, name: `heading ${k + 1}`, style: h.style, lineHeight: pitch, align: 'both', indentChars: h.indentChars, keepNext: h.keepWithNextLines > 0, keepLines: true, outline: k })),
    { id: DOCX_STYLES.title, name: 'Title', style: t.title.style, lineHeight: t.title.linePitchPt, align: 'center', keepNext: true },
    { id: DOCX_STYLES.note, name: '按语', style: t.note.style, lineHeight: pitch, align: 'both', indentChars: t.note.indentChars },
    { id: DOCX_STYLES.excerpt, name: '资料摘录', style: t.excerpt.style, lineHeight: pitch, align: 'both', indentChars: t.body.indentChars },
    { id: DOCX_STYLES.caption, name: 'caption', style: t.table.captionStyle, lineHeight: t.table.captionStyle.sizePt * 1.5, align: 'center', keepNext: true },
    { id: DOCX_STYLES.tableText, name: '表格文字', style: t.table.cellStyle, lineHeight: t.table.cellStyle.sizePt * 1.45, align: 'left' },
    { id: DOCX_STYLES.tableHeader, name: '表头', style: t.table.headerStyle, lineHeight: t.table.cellStyle.sizePt * 1.45, align: 'center' },
    { id: DOCX_STYLES.tableNote, name: '表注', style: t.table.noteStyle, lineHeight: t.table.noteStyle.sizePt * 1.5, align: 'both' },
    { id: DOCX_STYLES.sourcesLabel, name: '资料来源标题', style: t.sources.labelStyle, lineHeight: Math.max(t.sources.style.sizePt, t.sources.labelStyle.sizePt) * 1.5, align: 'left', keepNext: true },
    { id: DOCX_STYLES.sources, name: '资料来源', style: t.sources.style, lineHeight: Math.max(t.sources.style.sizePt, t.sources.labelStyle.sizePt) * 1.5, align: 'both' },
    { id: DOCX_STYLES.masthead, name: '报头', style: t.masthead.publisherRow.style, lineHeight: pitch, align: 'left' },
    { id: DOCX_STYLES.tail, name: '版记', style: t.tail.style, lineHeight: pitch, align: 'both' },
    { id: DOCX_STYLES.footer, name: 'footer', style: t.pageNumbers.style, lineHeight: t.pageNumbers.style.sizePt * 1.3, align: 'left' },
  ];
  const pPr = (d: ParagraphStyle) =>
    '<w:pPr>' +
    (d.keepNext ? '<w:keepNext/>' : '') +
    (d.keepLines ? '<w:keepLines/>' : '') +
    '<w:widowControl w:val="0"/>' +
    '<w:kinsoku w:val="1"/><w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>' +
    '<w:snapToGrid w:val="0"/>' +
    `<w:spacing w:before="0" w:after="0" w:line="${twip(d.lineHeight)}" w:lineRule="exact"/>` +
    (d.indentChars ? `<w:ind w:firstLineChars="${Math.round(d.indentChars * 100)}" w:firstLine="${twip(d.indentChars * g.cell)}"/>` : '<w:ind w:firstLineChars="0" w:firstLine="0"/>') +
    `<w:jc w:val="${d.align}"/>` +
    (d.outline !== undefined ? `<w:outlineLvl w:val="${d.outline}"/>` : '') +
    '</w:pPr>';
  const paragraphStyles = defs
    .map(
      (d) =>
        `<w:style w:type="paragraph" w:styleId="${d.id}"${d.id === DOCX_STYLES.body ? ' w:default="1"' : ''}><w:name w:val="${esc(d.name)}"/>` +
        (d.id === DOCX_STYLES.body ? '' : `<w:basedOn w:val="${DOCX_STYLES.body}"/>`) +
        `<w:next w:val="${DOCX_STYLES.body}"/><w:qFormat/>${pPr(d)}${rPrXml(fonts(d.style.role), d.style, gridFit(g, d.style.sizePt))}</w:style>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<w:docDefaults><w:rPrDefault>${rPrXml(fonts(body.role), body, gridFit(g, body.sizePt))}</w:rPrDefault>` +
    `<w:pPrDefault><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="${twip(pitch)}" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>` +
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>' +
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
    paragraphStyles +
    '</w:styles>'
  );
}
