import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  HeightRule,
  LineRuleType,
  OverlapType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { citationKey, citationMarkerText, citedSources, figureLabel, figureNumbers, formatChineseDate, frozenItems } from '../briefing';
import { citationText, excerptText, geometryOf, headingPrefix, HeadingCounter, isFullWidth, stripTypedNumber, type Geometry, type LayoutDocument } from '../layout';
import { formatNumber } from '../layout/chart';
// The layout's punctuation classes: what a line may not start or end with, as Word breaks it too.
import { CLOSING_PUNCT, OPENING_PUNCT } from '../layout/chars';
import type { Block, BlockOf, Briefing, TextRun as BriefingRun } from '../../shared/briefing';
import { FONT_ROLES, type FontRole, type Template, type TextStyle } from '../../shared/template';
import { layoutSpans, type GlyphAdvance, type LinePlace, type Span } from './anchors';
import { nativeChart } from './chart';
import { fontKeyOf, fontTableXml, setEmbeddedFontKeys } from './font-table';
import { logoRuns } from './logo';
import { layoutWatermark, watermarkHeaders } from './watermark';
import { roleFonts, type EmbeddedFont, type RoleFonts } from './fonts';
import { charGrid, DOCX_STYLES, gridFit, stylesXml, type GridFit } from './styles';
import { unzipSync, zipSync } from 'fflate';
import { fixZipTimes } from '../archive/zip-times';

/** What one .docx needs. */
export interface DocxInput {
  readonly briefing: Briefing;
  readonly template: Template;
  /**
   * The layout of the same briefing, template and copy (`layoutBriefing`, or `RenderResult.layout`
   * of the PDF export): paragraphs are spaced and paged where the PDF has them, title lines break
   * where the PDF balances them.
   */
  readonly layout: LayoutDocument;
  /** The injected clock: document properties and the zip entries' times. */
  readonly now: Date;
  /** 份号 of this copy (already zero-padded), as given to the layout. */
  readonly copyNumber?: string;
  /** Who this numbered copy goes to (written to the document properties). */
  readonly recipient?: string;
  /** 印发日期 (YYYY-MM-DD) of the 报尾, as given to the layout (the export's date); default: the issue date. */
  readonly printedDate?: string;
  /** Fonts to embed instead of naming installed ones (Word embeds TrueType faces; see ARCHITECTURE.md). */
  readonly embedFonts?: readonly EmbeddedFont[];
  /** Latin font for digits and letters; default: the role's own font, as the PDF draws them. */
  readonly latinFont?: string;
  readonly appVersion?: string;
  /**
   * Charts: `native` (default) — a Word chart drawn from its data (editable with 编辑数据 in Word
   * and WPS, drawn by LibreOffice too), on the PDF's axis and colours, its data in the alt text;
   * `table` — the data as a Word table.
   */
  readonly charts?: 'native' | 'table';
}

const twip = (pt: number): number => Math.round(pt * 20);
const halfPt = (pt: number): number => Math.round(pt * 2);
const eighth = (pt: number): number => Math.max(2, Math.round(pt * 8));
const PT_PER_MM = 72 / 25.4;
const hex = (colour: string | undefined): string | undefined => (colour ? colour.replace('#', '').toUpperCase() : undefined);
/** Width of a string in ems: full-width characters 1, others ½ (for tab stops and indents). */
const ems = (text: string): number => [...text].reduce((s, c) => s + ((c.codePointAt(0) ?? 0) > 0x2e80 ? 1 : 0.5), 0);

/** The vertical cursor of the Word document as the writer builds it: page, and the bottom of the last line. */
interface Cursor {
  page: number;
  y: number;
}

/** Letters and digits LibreOffice's script portions treat as Asian: Han, kana, Hangul, full-width forms. */
const ASIAN_LETTER = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]$/u;
/** Letters and digits of other scripts (Latin, Greek, Cyrillic, ASCII digits). */
const WESTERN_LETTER = /^[\p{L}\p{Nd}]$/u;

/**
 * Whether LibreOffice puts its Asian/Western spacing between two adjacent characters: a letter or
 * digit on each side, one Asian and one not (sw/source/core/text/itrform2.cxx, BuildPortions: a
 * SwKernPortion of a fifth of the font height where the script changes between two
 * `isLetterNumeric` characters, in every paragraph that does not snap to a character grid). Its
 * .docx import drops w:autoSpaceDE/DN (writerfilter DomainMapper: `case
 * LN_CT_PPrBase_autoSpaceDE: break;`), so the spacing stays on whatever the file says.
 */
export function autospaceBetween(a: string, b: string): boolean {
  const asian = (c: string) => ASIAN_LETTER.test(c);
  const western = (c: string) => !asian(c) && WESTERN_LETTER.test(c);
  return (asian(a) && western(b)) || (western(a) && asian(b));
}

/** LibreOffice's Asian/Western spacing for text of `sizePt`, points: a fifth of the font height in whole twips. */
export const autospaceWidth = (sizePt: number): number => Math.floor(twip(sizePt) / 5) / 20;

/**
 * Carries the layout's pen advances into the Word file, character by character: each character
 * gets the scale and spacing that take its advance in its font to its advance in the PDF (a cell of
 * the grid, a compressed punctuation mark, a line stretched after its last character moved down),
 * the rounding carried to the next character; the last character of each line that is not a
 * paragraph's last reaches to just short of the right edge. So Word and LibreOffice find each line
 * as full as the PDF's and break it at the same character. Characters within half a point of the
 * style's fit keep it (no run of their own), and one within `REUSE_WITHIN` of the previous
 * character's fit takes that. Spacing is never negative: LibreOffice 7.4 condenses by
 * a sixth of an em at most and not the last character of a run; a narrower scale does it instead.
 *
 * A line where LibreOffice will put its Asian/Western spacing (`autospaceBetween`, which Word and
 * WPS do not: the file says w:autoSpaceDE/DN off) is set that much narrower, spread evenly over the
 * line's characters (a tenth of a point or two each, under 2 %): LibreOffice's spacing fills the
 * line back to the PDF's width, and Word and WPS, which justify the line, still break it at the same
 * character because what is taken off is less than the next character (see `lineCuts`).
 */
class Tracker {
  #at = 0;
  #ok = true;
  /** How far the Word pen is behind the layout's on this line, points. */
  #drift = 0;
  /** The fit the last character that took its own got. */
  #previous: GridFit | undefined;
  /** Per glyph: how much narrower than the layout's this glyph is set (its line's share of LibreOffice's spacing), points. */
  readonly #cut: readonly number[];
  /** `paragraphs`: the glyph count of each paragraph, when the owner's glyphs are more than one paragraph's (资料来源). */
  constructor(
    private readonly advances: readonly GlyphAdvance[],
    private readonly base: (sizePt: number) => GridFit,
    paragraphs?: readonly number[],
  ) {
    const ends = new Set<number>();
    let at = -1;
    for (const count of paragraphs ?? []) ends.add((at += count));
    this.#cut = lineCuts(advances, ends);
  }

  /** Scale and spacing for `char`, or undefined for the style's own. */
  next(char: string): GridFit | undefined {
    if (!this.#ok) return undefined;
    if (/\s/.test(char)) {
      // The layout drew no glyph for the space: its width is in the advance before it, and the
      // Word file has the space itself.
      const before = this.advances[this.#at - 1];
      if (before) this.#drift -= advanceOf(before.space, this.base(before.size));
      return undefined;
    }
    const at = this.#at++;
    const glyph = this.advances[at];
    if (!glyph || glyph.char !== char) {
      this.#ok = false;
      return undefined;
    }
    if (glyph.advance === null || glyph.natural <= 0) return undefined;
    const cut = this.#cut[at] ?? 0;
    const base = this.base(glyph.size);
    const own = glyph.advance - advanceOf(glyph.natural, base);
    let target: number;
    if (glyph.lineEnd && own > (glyph.natural * base.scale) / 100) {
      // More than a character's room left: a short line, the end of a paragraph the owner goes on after.
      this.#drift = 0;
      return undefined;
    } else if (glyph.lineEnd) {
      // Just short of the right edge: a reader's rounding must not push the last character down.
      target = glyph.advance + this.#drift - LINE_END_SLACK;
    } else if (Math.abs(own) < 0.5 && cut === 0) {
      // Within half a point of the style's fit: the style's, the difference carried to the next
      // character that takes its own fit, or to the end of the line.
      this.#drift += own - cut;
      return undefined;
    } else {
      target = glyph.advance + this.#drift - cut;
    }
    // Narrower than the style makes it (compressed punctuation): a smaller scale, never negative spacing.
    const scale = target < (glyph.natural * base.scale) / 100 ? Math.max(1, Math.floor((target / glyph.natural) * 100)) : base.scale;
    const spacing = Math.max(0, Math.floor((target - (glyph.natural * scale) / 100) * 20));
    // The previous character's fit when it comes close enough (fewer runs; the rest carried).
    const previous = this.#previous;
    const fit = !glyph.lineEnd && previous && Math.abs(target - advanceOf(glyph.natural, previous)) < REUSE_WITHIN ? previous : { scale, spacing };
    this.#drift = glyph.lineEnd ? 0 : target - advanceOf(glyph.natural, fit);
    this.#previous = fit;
    return fit.scale === base.scale && fit.spacing === base.spacing ? undefined : fit;
  }
}

/**
 * Room left on a line with LibreOffice's Asian/Western spacing for its rounding, points: it sets a
 * scaled glyph a little wider than its scale says (16 pt at 97 % measures 15.58 pt on a line, not
 * 15.52) and measures each script's portion apart. Measured on the reference fixture: lines the
 * same 209 with none, 220 with 0.5, 223 with 0.8 and with 1.2; a paragraph's last line, which has
 * no next line to keep, gets more (225 with 2 and with 4).
 */
const LIBREOFFICE_ROUNDING = 0.8;
const LIBREOFFICE_ROUNDING_LAST_LINE = 2;

/**
 * The width of what a line starting at `at` starts with, as Word breaks it, points at the style's
 * 98 %: opening marks with what they open, a Latin word or number whole (12%, DeepSeek), else one
 * character, and the closing marks after it (a line starts with none of them).
 */
function unitWidth(advances: readonly GlyphAdvance[], at: number): number {
  const width = (g: GlyphAdvance) => g.natural * 0.98;
  const western = (g: GlyphAdvance) => !isFullWidth(g.char.codePointAt(0) ?? 0) && !ASIAN_LETTER.test(g.char);
  let k = at;
  let sum = 0;
  while (k < advances.length - 1 && OPENING_PUNCT.has(advances[k]!.char)) sum += width(advances[k++]!);
  const first = advances[k]!;
  sum += width(first);
  if (western(first)) while (k < advances.length - 1 && !advances[k]!.gapAfter && !advances[k]!.lineEnd && western(advances[k + 1]!)) sum += width(advances[++k]!);
  while (k < advances.length - 1 && !advances[k]!.lineEnd && CLOSING_PUNCT.has(advances[k + 1]!.char)) sum += width(advances[++k]!);
  return sum;
}

/**
 * Per glyph, its share of the spacing LibreOffice puts on its line: the places where the script
 * changes between two adjacent letters or digits (no space between), a fifth of the font height
 * each, and `LIBREOFFICE_ROUNDING`, spread over the line's glyphs but its last. Never more than
 * what the next line starts with less a point (`unitWidth`): Word and WPS, which put no such
 * spacing, must still find no room for it (they do not compress punctuation either: no
 * w:characterSpacingControl, whose default is doNotCompress). A paragraph's last line has no such
 * limit: the owner's last, and one ending at a glyph in `paragraphEnds` (indices).
 */
export function lineCuts(advances: readonly GlyphAdvance[], paragraphEnds: ReadonlySet<number> = new Set()): number[] {
  const cuts = new Array<number>(advances.length).fill(0);
  let start = 0;
  while (start < advances.length) {
    let end = start;
    while (end < advances.length - 1 && !advances[end]!.lineEnd) end++;
    let total = 0;
    for (let k = start; k < end; k++) {
      const a = advances[k]!;
      const b = advances[k + 1]!;
      if (!a.gapAfter && autospaceBetween(a.char, b.char)) total += autospaceWidth(b.size);
    }
    const next = end + 1 < advances.length && !paragraphEnds.has(end) ? unitWidth(advances, end + 1) : null;
    if (total > 0) total += next !== null ? LIBREOFFICE_ROUNDING : LIBREOFFICE_ROUNDING_LAST_LINE;
    const limit = next !== null ? Math.max(0, next - 1) : total;
    const share = end > start ? Math.min(total, limit) / (end - start) : 0;
    for (let k = start; k < end; k++) cuts[k] = share;
    start = end + 1;
  }
  return cuts;
}

/**
 * How close to its target a character may keep the previous character's fit, points: the rounding
 * of scale and twips no longer alternates two fits along a line (a run each). Measured on the
 * reference fixture: 1,703 runs and 225/250 lines in LibreOffice without; 1,118, 1,037 and 998 runs
 * with 0.1, 0.15 and 0.2 pt, lines the same; 0.3 pt loses 4 lines.
 */
const REUSE_WITHIN = 0.15;

/** A character's advance in points under a fit. */
const advanceOf = (natural: number, fit: GridFit): number => (natural * fit.scale) / 100 + fit.spacing / 20;

/** How far short of the right edge a full line ends in the Word file, points (room for a reader's rounding). */
const LINE_END_SLACK = 0.3;

/**
 * Digits that follow a Chinese closing mark (“。2017年”, “、8日”), with the digits after them: Chinese
 * text, and the run says so (w:lang zh-CN for Latin script too). Chinese typesetting, Word and the
 * PDF may break a line between the mark and the number; LibreOffice decides a break inside a Latin
 * portion by that portion's language, and its default rules (i18npool line.txt, CL × NU) keep a
 * closing mark with a number after it, so an en-US number after 。 pulled the mark's character down
 * with it. Only digits: a zh-CN Latin word could be split anywhere by LibreOffice's Chinese breaking.
 */
export function chineseDigits(text: string): boolean[] {
  const chars = [...text];
  const out = new Array<boolean>(chars.length).fill(false);
  for (let k = 0; k < chars.length; k++) {
    if (!/[0-9]/.test(chars[k]!)) continue;
    const before = chars[k - 1];
    out[k] = before !== undefined && ((/[0-9]/.test(before) && out[k - 1]!) || (CLOSING_PUNCT.has(before) && isFullWidth(before.codePointAt(0) ?? 0)));
  }
  return out;
}

const CHINESE_RUN = { language: { value: 'zh-CN', eastAsia: 'zh-CN' } } as const;

/** Text runs of `text` in the paragraph's style, split where a character takes another fit or is a number `chineseDigits` tags. */
function trackedRuns(text: string, tracker: Tracker | undefined, props: Partial<IRunOptions> = {}): TextRun[] {
  const out: TextRun[] = [];
  const chinese = chineseDigits(text);
  let piece = '';
  let fit: GridFit | undefined;
  let tagged = false;
  const flush = () => {
    if (piece !== '') out.push(new TextRun({ ...props, text: piece, ...(fit !== undefined ? { characterSpacing: fit.spacing, scale: fit.scale } : {}), ...(tagged ? CHINESE_RUN : {}) }));
    piece = '';
  };
  [...text].forEach((char, k) => {
    const next = tracker?.next(char);
    if (next?.scale !== fit?.scale || next?.spacing !== fit?.spacing || chinese[k] !== tagged) {
      flush();
      fit = next;
      tagged = chinese[k]!;
    }
    piece += char;
  });
  flush();
  return out;
}

/** State of one document being written. */
class Writer {
  readonly children: (Paragraph | Table)[] = [];
  readonly g: Geometry;
  readonly fonts: (role: FontRole) => RoleFonts;
  readonly spans: Map<string, Span>;
  readonly order: string[];
  /** The top of the first line box on a page: the type area's top less half the leading. */
  readonly marginTop: number;
  cursor: Cursor;
  /** Drawings written so far (their ids in the document). */
  drawings = 0;
  /** Native charts written so far (each brings an embedded workbook). */
  charts = 0;
  constructor(readonly input: DocxInput) {
    this.g = geometryOf(input.template);
    this.fonts = roleFonts(input.template, input.embedFonts ?? [], input.latinFont);
    const { spans, order } = layoutSpans(input.layout, this.g.right, (size) => (size === this.g.bodySize ? this.g.cell : size));
    this.spans = spans;
    this.order = order;
    this.marginTop = this.g.slotTop(0) + this.g.bodySize / 2 - this.g.linePitch / 2;
    this.cursor = { page: 0, y: this.marginTop };
  }

  get template(): Template {
    return this.input.template;
  }

  /** A tracker over the span's glyphs for text at the body size (others keep their natural spacing). */
  tracker(span: Span | undefined, sizePt: number): Tracker | undefined {
    if (!span || sizePt !== this.g.bodySize) return undefined;
    return new Tracker(span.advances, (size) => gridFit(this.g, size));
  }

  /** Run properties of a template text style. */
  run(style: TextStyle, extra: Partial<IRunOptions> = {}): IRunOptions {
    const fit = gridFit(this.g, style.sizePt);
    return {
      font: this.fonts(style.role),
      size: halfPt(style.sizePt),
      ...(style.color ? { color: hex(style.color) } : {}),
      ...(fit.spacing !== 0 ? { characterSpacing: fit.spacing } : {}),
      ...(fit.scale !== 100 ? { scale: fit.scale } : {}),
      ...extra,
    } as IRunOptions;
  }

  /**
   * Paragraph spacing that puts a paragraph whose lines are `height` tall where the layout put
   * `first`: a page break before it when the layout starts it on a later page, and the space
   * before it that brings its first line box to the layout's.
   */
  anchor(first: LinePlace | undefined, height: number): Pick<IParagraphOptions, 'pageBreakBefore'> & { before: number } {
    if (!first) return { before: 0 };
    const top = first.center - height / 2;
    if (first.page > this.cursor.page) {
      // A page the layout filled breaks by itself; only a page it left short (a heading kept with
      // what follows, a table that did not fit, a 分页) needs a page break before this paragraph.
      // Forcing every break would turn a line Word sets longer into a page of its own.
      const bodyBottom = this.marginTop + this.g.lines * this.g.linePitch;
      const early = first.page > this.cursor.page + 1 || bodyBottom - this.cursor.y > 1.5 * this.g.linePitch;
      this.cursor = { page: first.page, y: this.marginTop };
      return { ...(early ? { pageBreakBefore: true } : {}), before: Math.max(0, top - this.marginTop) };
    }
    return { before: Math.max(0, top - this.cursor.y) };
  }

  /** Moves the cursor below the last line of a span laid out with lines `height` tall. */
  after(span: Span | undefined, height: number): void {
    if (span) this.cursor = { page: span.last.page, y: span.last.center + height / 2 };
  }

  /** A paragraph of lines exactly `height` points tall, anchored to `span` when given. */
  paragraph(options: IParagraphOptions & { height: number; span?: Span | undefined; spaceBefore?: number }): Paragraph {
    const { height, span, spaceBefore, ...rest } = options;
    const place = span ? this.anchor(span.first, height) : { before: spaceBefore ?? 0 };
    const paragraph = new Paragraph({
      ...rest,
      ...(place.pageBreakBefore ? { pageBreakBefore: true } : {}),
      spacing: { line: twip(height), lineRule: LineRuleType.EXACT, before: twip(place.before), after: 0 },
    });
    if (span) this.after(span, height);
    else this.cursor = { page: this.cursor.page, y: this.cursor.y + (spaceBefore ?? 0) + height };
    this.children.push(paragraph);
    return paragraph;
  }

  /** An empty paragraph `height` points tall (space before a table); skipped when under a point. */
  spacer(target: LinePlace | undefined): void {
    if (!target) return;
    const pageBreak = target.page > this.cursor.page;
    const from = pageBreak ? this.marginTop : this.cursor.y;
    const gap = target.center - from;
    if (!pageBreak && gap < 1) return;
    this.children.push(
      new Paragraph({
        ...(pageBreak ? { pageBreakBefore: true } : {}),
        spacing: { line: twip(Math.max(1, gap)), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
        run: { size: 2 },
      }),
    );
    this.cursor = { page: target.page, y: target.center };
  }
}

/**
 * A briefing as a Word document (.docx, Office Open XML) that looks like its PDF and edits like a
 * Word document: A4 with the template's margins, the body on a lines-and-chars document grid with
 * exact line spacing, official font names (East Asian and Latin set separately) and a document
 * default font, real styles (标题 1–4 with their numbers as text, 正文, 按语), the 报头 with its red
 * rule, odd/even footers with PAGE fields, tables with repeated header rows, charts as data tables,
 * 资料来源 with the 〔n〕 markers and the 报尾 at the foot of the last page. Pure: the clock and
 * the fonts to embed come in through the input.
 */
export async function writeBriefingDocx(input: DocxInput): Promise<Uint8Array> {
  const w = new Writer(input);
  const { briefing, template } = input;
  writeMasthead(w);
  writeTitle(w);
  const objects = w.order.filter((o) => o.startsWith('object:'));
  const paragraphsP = w.order.filter((o) => o.startsWith('P:'));
  if (template.tail.baoPosition === 'under-title' && briefing.meta.distribution.bao.some((n) => n.trim() !== '')) {
    const names = briefing.meta.distribution.bao.map((n) => n.trim()).filter((n) => n !== '');
    w.paragraph({ style: DOCX_STYLES.body, indent: { firstLine: 0, firstLineChars: 0 }, children: [new TextRun({ text: `${names.join(template.tail.separator)}：` })], height: w.g.linePitch, span: w.spans.get(paragraphsP.shift() ?? '') });
  }
  if (briefing.meta.editorNote.trim() !== '') writeNote(w, template.note.label, briefing.meta.editorNote, w.spans.get('editorNote'));

  const markers = template.sources.enabled && template.sources.markers !== false ? new Map(citedSources(briefing.blocks).map((s) => [s.key, s.number])) : new Map<string, number>();
  const numbers = figureNumbers(briefing.blocks);
  const counter = new HeadingCounter();
  const frozen = frozenItems(briefing.blocks);
  for (const block of briefing.blocks) {
    if (block.type === 'attachment') continue;
    writeBlock(w, block, { markers, numbers, counter, objects, frozen });
  }
  const sources = citedSources(briefing.blocks);
  if (template.sources.enabled && sources.length > 0) writeSources(w, sources, w.spans.get(paragraphsP.shift() ?? ''));
  const attachments = briefing.blocks.filter((b): b is BlockOf<'attachment'> => b.type === 'attachment');
  if (attachments.length > 0) writeAttachments(w, attachments, paragraphsP.shift());
  writeTail(w);

  const embeds = uniqueEmbeds(input.embedFonts ?? []);
  const doc = new Document({
    creator: briefing.meta.publisher || 'BriefSmith',
    lastModifiedBy: `BriefSmith ${input.appVersion ?? ''}`.trim(),
    title: briefing.title.trim() || briefing.meta.seriesName,
    subject: briefing.meta.seriesName,
    keywords: [briefing.meta.seriesName, template.name].filter(Boolean).join(' '),
    description: `${template.id}@${template.version}`,
    customProperties: [
      { name: 'BriefSmithTemplate', value: `${template.id}@${template.version}` },
      ...(input.copyNumber !== undefined ? [{ name: '份号', value: input.copyNumber }] : []),
      ...(input.recipient !== undefined && input.recipient.trim() !== '' ? [{ name: '接收人', value: input.recipient.trim() }] : []),
    ],
    evenAndOddHeaderAndFooters: template.pageNumbers.enabled && template.pageNumbers.position === 'outer',
    externalStyles: stylesXml(w.template, w.g, w.fonts),
    ...(embeds.length > 0 ? { fonts: embeds.map((f) => ({ name: f.family, data: f.data as never })) } : {}),
    sections: [section(w)],
  });
  // Embedded fonts keyed from their bytes (the library's keys are random), and a font table that
  // names every font the runs use with its substitutes (the library's lists none).
  const keys = embeds.map((f) => fontKeyOf(f.family, f.data));
  setEmbeddedFontKeys(doc, keys);
  const named = FONT_ROLES.flatMap((role) => {
    const f = w.fonts(role);
    return [f.eastAsia, f.ascii, f.hAnsi, f.cs];
  });
  const fontTable = fontTableXml([...embeds.map((f, i) => ({ name: f.family, embed: { rId: `rId${i + 1}`, key: keys[i]! } })), ...named.map((name) => ({ name }))]);
  // docx stamps the core properties with the machine's clock: they are written from the injected one.
  const bytes = await Packer.pack(doc, 'uint8array', false, [
    { path: 'docProps/core.xml', data: coreXml(input) },
    { path: 'word/fontTable.xml', data: fontTable },
  ]);
  return fixZipTimes(w.charts > 0 ? withFixedEmbeddedTimes(bytes, input.now) : bytes, input.now);
}

/**
 * The package with the times inside its embedded workbooks (a chart's data, zipped by the library
 * with the machine's clock) set from the injected clock; the package is zipped again, in order.
 */
function withFixedEmbeddedTimes(zip: Uint8Array, now: Date): Uint8Array {
  const files = unzipSync(zip);
  const names = Object.keys(files);
  if (!names.some((n) => n.startsWith('word/embeddings/') && n.endsWith('.xlsx'))) return zip;
  const entries: Record<string, Uint8Array> = {};
  for (const name of names) entries[name] = name.startsWith('word/embeddings/') && name.endsWith('.xlsx') ? fixZipTimes(files[name]!, now) : files[name]!;
  return zipSync(entries, { level: 6 });
}

const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** docProps/core.xml: title, subject, author, keywords, the template id@version, times from the injected clock. */
function coreXml(input: DocxInput): string {
  const { briefing, template } = input;
  const when = `${input.now.toISOString().slice(0, 19)}Z`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(briefing.title.trim() || briefing.meta.seriesName)}</dc:title>` +
    `<dc:subject>${xmlText(briefing.meta.seriesName)}</dc:subject>` +
    `<dc:creator>${xmlText(briefing.meta.publisher || 'BriefSmith')}</dc:creator>` +
    `<cp:keywords>${xmlText([briefing.meta.seriesName, template.name].filter(Boolean).join(' '))}</cp:keywords>` +
    `<dc:description>${xmlText(`${template.id}@${template.version}`)}</dc:description>` +
    `<cp:lastModifiedBy>${xmlText(`BriefSmith ${input.appVersion ?? ''}`.trim())}</cp:lastModifiedBy>` +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

function uniqueEmbeds(fonts: readonly EmbeddedFont[]): EmbeddedFont[] {
  const seen = new Set<string>();
  return fonts.filter((f) => (seen.has(f.family) ? false : (seen.add(f.family), true)));
}

/** Page setup: A4 (the template's page), the type area as margins, the document grid, the footers. */
function section(w: Writer) {
  const { template, g } = w;
  const lines = g.lines;
  const top = w.marginTop;
  // Room for exactly `lines` lines and a half: never one more, never one less after rounding.
  const bottom = g.pageHeight - top - (lines + 0.5) * twip(g.linePitch) / 20;
  const grid = charGrid(g.cell, g.bodySize, template.grid.charsPerLine);
  const p = template.pageNumbers;
  const footerLine = p.style.sizePt * 1.3;
  const dashCentre = g.bottom + p.belowTypeAreaMm * PT_PER_MM;
  const footerDistance = Math.max(0, g.pageHeight - dashCentre - footerLine / 2);
  const pageFooter = (side: 'left' | 'right' | 'center') => {
    const [before, after] = p.format.split('{n}') as [string, string | undefined];
    const indent = twip(p.indentChars * p.style.sizePt);
    return new Footer({
      children: [
        new Paragraph({
          style: DOCX_STYLES.footer,
          alignment: side === 'left' ? AlignmentType.LEFT : side === 'right' ? AlignmentType.RIGHT : AlignmentType.CENTER,
          indent: side === 'left' ? { left: indent } : side === 'right' ? { right: indent } : {},
          children: [new TextRun({ ...w.run(p.style), children: [before, PageNumber.CURRENT, after ?? ''] })],
        }),
      ],
    });
  };
  const footers = !p.enabled
    ? {}
    : p.position === 'outer'
      ? { default: pageFooter('right'), even: pageFooter('left'), ...(p.firstPage ? {} : { first: new Footer({ children: [new Paragraph({})] }) }) }
      : { default: pageFooter(p.position === 'right' ? 'right' : 'center'), ...(p.firstPage ? {} : { first: new Footer({ children: [new Paragraph({})] }) }) };
  return {
    properties: {
      ...(p.enabled && !p.firstPage ? { titlePage: true } : {}),
      page: {
        size: { width: twip(g.pageWidth), height: twip(g.pageHeight) },
        margin: { top: twip(top), bottom: twip(bottom), left: twip(g.left), right: twip(g.pageWidth) - twip(g.left) - grid.widthTwips, header: twip(Math.min(top, 15 * PT_PER_MM)), footer: twip(footerDistance), gutter: 0 },
      },
      // A lines-and-chars grid, 22 × 28 in 页面设置 (`charGrid`). The line pitch a twip over the
      // lines' own: LibreOffice fits no more on a page than its grid has lines (22 × the pitch), and a
      // page whose rounded heights come to a hair over 22 lines would lose its last line to the next.
      // The paragraphs do not snap to it (w:snapToGrid off in the styles; see styles.ts).
      grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: twip(g.linePitch) + 1, charSpace: grid.charSpace },
    },
    footers,
    // The copy's watermark (征求意见稿, a recipient), as Word's own, on every kind of page the footers have.
    headers: watermarkHeaders(layoutWatermark(w.input.layout), w.fonts(template.watermark.role).eastAsia, { even: 'even' in footers, first: p.enabled && !p.firstPage }),
    children: w.children,
  };
}

/** 报头: 份号 / 密级 / 紧急程度 on the first lines, the red 简报名称, 期号 (or 发文字号), 编印单位 and date, the red rule. */
function writeMasthead(w: Writer): void {
  const { template: t, input, g } = w;
  const m = t.masthead;
  const meta = input.briefing.meta;
  const none = { firstLine: 0, firstLineChars: 0 };
  const number = input.copyNumber ?? (meta.printCopyNumber || m.copyNumber.always === true ? '1'.padStart(m.copyNumber.digits, '0') : undefined);
  const left: { text: string; style: TextStyle; owner: string }[] = [];
  if (number !== undefined && m.copyNumber.position === 'top-left') left.push({ text: number, style: m.copyNumber.style, owner: 'masthead:copyNumber' });
  const classification = meta.classification.trim();
  if (classification) left.push({ text: classification, style: m.mark, owner: 'masthead:classification' });
  const fixedMark = (m.fixedMark ?? '').trim();
  if (fixedMark && !classification.split(/\s+/).includes(fixedMark)) left.push({ text: fixedMark, style: m.mark, owner: 'masthead:mark' });
  if (meta.urgency) left.push({ text: meta.urgency, style: m.urgency, owner: 'masthead:urgency' });
  const rightNumber = number !== undefined && m.copyNumber.position === 'top-right' ? number : undefined;
  const rows = Math.max(left.length, rightNumber !== undefined ? 1 : 0);
  for (let k = 0; k < rows; k++) {
    const item = left[k];
    const children: ParagraphChild[] = [];
    if (item) children.push(new TextRun({ ...w.run(item.style), text: item.text }));
    if (k === 0 && rightNumber !== undefined) children.push(new TextRun({ ...w.run(m.copyNumber.style), children: ['\t', rightNumber] }));
    const span = w.spans.get(item?.owner ?? 'masthead:copyNumber');
    w.paragraph({ style: DOCX_STYLES.masthead, indent: none, tabStops: [{ type: TabStopType.RIGHT, position: twip(g.width) }], children, height: g.linePitch, span: span && k === 0 ? span : item ? w.spans.get(item.owner) : undefined });
  }

  // 简报名称: red, centred, letter-spaced, compressed as the layout compressed it.
  const nameSpan = w.spans.get('masthead:seriesName');
  const size = nameSpan?.size ?? m.seriesName.style.sizePt;
  const name = meta.seriesName.trim() || t.name;
  w.paragraph({
    style: DOCX_STYLES.masthead,
    alignment: AlignmentType.CENTER,
    indent: none,
    children: [
      new TextRun({
        ...w.run({ ...m.seriesName.style, sizePt: size }),
        text: name,
        characterSpacing: twip(m.seriesName.letterSpacingEm * size),
        ...(nameSpan && nameSpan.scaleX < 0.995 ? { scale: Math.round(nameSpan.scaleX * 100) } : {}),
      }),
      // The template's logo, floating where the PDF draws it (anchored here, on page 1).
      ...logoRuns(input.layout, () => ++w.drawings),
    ],
    height: size * 1.2,
    span: nameSpan,
  });

  const docNumber = meta.docNumber.trim();
  const issueLine = m.docNumber && docNumber !== '' ? { text: docNumber, style: m.docNumber.style, owner: 'masthead:docNumber' } : meta.issueNumber !== null ? { text: issueText(t, meta.issueNumber, meta.totalIssueNumber), style: m.issue.style, owner: 'masthead:issueNumber' } : null;
  const rule = { style: BorderStyle.SINGLE, size: eighth(m.rule.widthPt), color: hex(m.rule.color) ?? 'FF0000' };
  const showRow = m.publisherRow.show !== false && (meta.publisher.trim() !== '' || meta.issueDate !== null);
  // The red rule is the bottom border of the last masthead line, `gapMm` below its text.
  const ruleSpace = (style: TextStyle) => Math.max(0, Math.min(31, (style.sizePt + g.bodySize) / 2 - g.bodySize / 2 + m.rule.gapMm * PT_PER_MM - g.linePitch / 2 - m.rule.widthPt / 2));
  if (issueLine) {
    const last = !showRow;
    w.paragraph({
      style: DOCX_STYLES.masthead,
      alignment: AlignmentType.CENTER,
      indent: none,
      children: [new TextRun({ ...w.run(issueLine.style), text: issueLine.text })],
      ...(last ? { border: { bottom: { ...rule, space: ruleSpace(issueLine.style) } } } : {}),
      height: g.linePitch,
      span: w.spans.get(issueLine.owner),
    });
    if (last) w.cursor.y += ruleSpace(issueLine.style) + m.rule.widthPt;
  }
  if (showRow) {
    const style = m.publisherRow.style;
    const publisher = meta.publisher.trim() ? `${meta.publisher.trim()}${m.publisherRow.publisherSuffix}` : '';
    const date = meta.issueDate ? formatChineseDate(meta.issueDate) : '';
    const span = w.spans.get(publisher ? 'masthead:publisher' : 'masthead:issueDate');
    w.paragraph({
      style: DOCX_STYLES.masthead,
      indent: none,
      tabStops: [{ type: TabStopType.RIGHT, position: twip(g.width) }],
      border: { bottom: { ...rule, space: ruleSpace(style) } },
      children: [new TextRun({ ...w.run(style), text: publisher }), ...(date ? [new TextRun({ ...w.run(style), children: ['\t', date] })] : [])],
      height: g.linePitch,
      span,
    });
    w.cursor.y += ruleSpace(style) + m.rule.widthPt;
  } else if (!issueLine) {
    w.paragraph({ style: DOCX_STYLES.masthead, indent: none, border: { bottom: { ...rule, space: 0 } }, children: [], height: 2 });
  }
}

function issueText(template: Template, n: number, total: number | null): string {
  const issue = template.masthead.issue.format.replace('{n}', String(n));
  return total !== null ? `${issue}${template.masthead.issue.totalFormat.replace('{m}', String(total))}` : issue;
}

/** The title, its lines broken where the layout balanced them (a line break, as officials do by hand). */
function writeTitle(w: Writer): void {
  const text = w.input.briefing.title.trim();
  if (text === '') return;
  const span = w.spans.get('title');
  const pieces = splitLike(text, span?.lines.map((l) => l.text) ?? [text]);
  const children: ParagraphChild[] = [];
  pieces.forEach((piece, k) => {
    children.push(new TextRun({ text: piece, ...(k > 0 ? { break: 1 } : {}) }));
  });
  w.paragraph({ style: DOCX_STYLES.title, children, height: w.template.title.linePitchPt, span });
}

/** Splits `text` into pieces as long as the layout's lines (which dropped spaces), keeping every character. */
function splitLike(text: string, lines: readonly string[]): string[] {
  const chars = [...text];
  const out: string[] = [];
  let at = 0;
  lines.forEach((line, k) => {
    const count = [...line.replace(/\s/g, '')].length;
    let taken = 0;
    let piece = '';
    while (at < chars.length && (taken < count || k === lines.length - 1)) {
      const c = chars[at++]!;
      piece += c;
      if (!/\s/.test(c)) taken++;
    }
    if (piece !== '') out.push(piece);
  });
  if (at < chars.length) out.push(chars.slice(at).join(''));
  return out.length > 0 ? out : [text];
}

/** 按语: the label in its own style, then the text; each line of the text is a paragraph. */
function writeNote(w: Writer, label: string, text: string, span: Span | undefined): void {
  const t = w.template.note;
  const tracker = w.tracker(span, t.style.sizePt);
  text
    .split(/\n+/)
    .filter((p) => p.trim() !== '')
    .forEach((paragraph, index) => {
      const children = [...(index === 0 && label ? trackedRuns(label, tracker, w.run(t.labelStyle)) : []), ...trackedRuns(paragraph.trim(), tracker)];
      w.paragraph({ style: DOCX_STYLES.note, children, height: w.g.linePitch, ...(index === 0 ? { span } : {}) });
    });
  if (span) w.after(span, w.g.linePitch);
}

interface BodyState {
  readonly markers: ReadonlyMap<string, number>;
  readonly numbers: ReadonlyMap<string, string>;
  readonly counter: HeadingCounter;
  readonly objects: string[];
  readonly frozen: ReturnType<typeof frozenItems>;
}

/** A 〔n〕 citation marker: 0.6 of the text size, raised a third of it, as the PDF sets it. */
function markerRun(w: Writer, n: number, style: TextStyle, tracker?: Tracker): TextRun[] {
  const size = Math.round(style.sizePt * 0.6 * 2) / 2;
  // The marker's glyphs are the layout's too: its brackets compressed as the layout compressed them
  // (a run of their own each), so the character after the marker starts where the PDF's does.
  return trackedRuns(citationMarkerText(n), tracker, { ...w.run({ ...style, sizePt: size }), position: Math.round(style.sizePt * 0.33 * 2) as never });
}

function bodyRuns(w: Writer, runs: readonly BriefingRun[], markers: ReadonlyMap<string, number>, style: TextStyle, tracker: Tracker | undefined): ParagraphChild[] {
  return runs.flatMap((r) => {
    const out: ParagraphChild[] = [];
    out.push(...trackedRuns(r.text, tracker, r.bold ? { bold: true } : {}));
    const n = r.link ? markers.get(citationKey(r.link.frozen)) : undefined;
    if (n !== undefined) out.push(...markerRun(w, n, style, tracker));
    return out;
  });
}

function writeBlock(w: Writer, block: Block, state: BodyState): void {
  const { template: t, g } = w;
  const span = w.spans.get(`block:${block.id}`);
  switch (block.type) {
    case 'heading': {
      const level = Math.min(Math.max(block.level, 1), 4);
      const text = stripTypedNumber(block.text.trim());
      if (text === '') return;
      const h = t.headings[level - 1]!;
      w.paragraph({ style: DOCX_STYLES.headings[level - 1], children: trackedRuns(`${headingPrefix(h.numbering, state.counter.next(level))}${text}`, w.tracker(span, h.style.sizePt)), height: g.linePitch, span });
      return;
    }
    case 'paragraph': {
      const children = bodyRuns(w, block.runs, state.markers, t.body.style, w.tracker(span, t.body.style.sizePt));
      if (children.length === 0) return;
      w.paragraph({ style: DOCX_STYLES.body, children, height: g.linePitch, span });
      return;
    }
    case 'note':
      writeNote(w, block.label ?? t.note.label, block.text, span);
      return;
    case 'excerpt': {
      const n = state.markers.get(citationKey(block.frozen));
      const tracker = w.tracker(span, t.excerpt.style.sizePt);
      w.paragraph({ style: DOCX_STYLES.excerpt, children: [...trackedRuns(excerptText(block), tracker), ...(n !== undefined ? markerRun(w, n, t.excerpt.style, tracker) : [])], height: g.linePitch, span });
      return;
    }
    case 'table':
      writeTable(w, block, figureLabel(state.numbers.get(block.id), block.caption), takeObject(w, state, figureLabel(state.numbers.get(block.id), block.caption)));
      return;
    case 'chart':
      writeChart(w, block, figureLabel(state.numbers.get(block.id), block.title), takeObject(w, state, figureLabel(state.numbers.get(block.id), block.title)), state.frozen);
      return;
    case 'pageBreak':
      return;
    case 'attachment':
      return;
  }
}

/** The layout's span of the next table or chart whose first line starts like `caption`. */
function takeObject(w: Writer, state: BodyState, caption: string): Span | undefined {
  const key = caption.replace(/\s/g, '').slice(0, 6);
  const index = state.objects.findIndex((o) => (w.spans.get(o)?.lines[0]?.text.replace(/\s/g, '') ?? '').startsWith(key));
  if (index < 0) return undefined;
  const [owner] = state.objects.splice(index, 1);
  return w.spans.get(owner!);
}

const NUMERIC = /^[-+−]?[\d,，.]+\s*[%％‰]?$/;

/** 对比表 as a Word table: caption, a header row repeated on every page, rows as tall as the PDF's. */
function writeTable(w: Writer, block: BlockOf<'table'>, caption: string, span: Span | undefined): void {
  const { template, g } = w;
  const t = template.table;
  const padding = t.cellPaddingMm * PT_PER_MM;
  const captionPitch = t.captionStyle.sizePt * 1.5;
  if (caption.trim() !== '') w.paragraph({ style: DOCX_STYLES.caption, children: [new TextRun({ text: caption.trim() })], height: captionPitch, span, ...(span ? {} : { spaceBefore: 3 * PT_PER_MM }) });
  const cellCount = block.rows.reduce((m, r) => Math.max(m, r.cells.length), 0);
  const hasLabelHeader = block.columns.length === cellCount + 1;
  const dataColumns = hasLabelHeader ? block.columns.slice(1) : block.columns;
  const columnCount = Math.max(dataColumns.length, cellCount);
  // A header the layout wrapped keeps its unit whole on a line of its own (its rule): a line break
  // before the unit, as an official would type it; otherwise label and unit on one line.
  const layoutLines = (span?.lines ?? []).map((l) => l.text.replace(/\s/g, ''));
  const headerText = (c: { label: string; unit?: string | undefined } | undefined): { label: string; unit: string; own: boolean } => {
    if (!c) return { label: '', unit: '', own: false };
    const unit = c.unit ? t.unitFormat.replace('{unit}', c.unit) : '';
    const joined = `${c.label}${unit}`.replace(/\s/g, '');
    return { label: c.label, unit, own: unit !== '' && layoutLines.length > 0 && !layoutLines.some((l) => l.includes(joined)) };
  };
  const header = [hasLabelHeader ? headerText(block.columns[0]) : headerText(undefined), ...Array.from({ length: columnCount }, (_, j) => headerText(dataColumns[j]))];
  let derived = false;
  const body = block.rows.map((row) => [
    { text: row.label, align: AlignmentType.LEFT },
    ...Array.from({ length: columnCount }, (_, j) => {
      const cell = row.cells[j];
      if (!cell) return { text: '', align: AlignmentType.LEFT };
      if (cell.derived) derived = true;
      const numeric = cell.value !== undefined || NUMERIC.test(cell.text.trim());
      return { text: `${cell.text}${cell.derived ? '*' : ''}`, align: numeric ? AlignmentType.RIGHT : AlignmentType.JUSTIFIED };
    }),
  ]);
  // Row heights: the distances between the PDF's horizontal rules (grid borders), header first on each page.
  const heights = rowHeights(span, body.length);
  const pitch = t.cellStyle.sizePt * 1.45;
  const widths = columnWidths(span, header.length, g.width);
  const thin = { style: BorderStyle.SINGLE, size: eighth(t.ruleWidthPt), color: '000000' };
  const thick = { style: BorderStyle.SINGLE, size: eighth(t.outerRuleWidthPt), color: '000000' };
  const nil = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const borders =
    t.borders === 'grid'
      ? { top: thick, bottom: thick, left: thick, right: thick, insideHorizontal: thin, insideVertical: thin }
      : { top: thick, bottom: thick, left: nil, right: nil, insideHorizontal: nil, insideVertical: nil };
  const cell = (text: string | { label: string; unit: string; own: boolean }, align: (typeof AlignmentType)[keyof typeof AlignmentType], headerCell: boolean, width: number) =>
    new TableCell({
      width: { size: twip(width), type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { top: twip(padding / 2), bottom: twip(padding / 2), left: twip(padding), right: twip(padding) },
      children: [
        new Paragraph({
          style: headerCell ? DOCX_STYLES.tableHeader : DOCX_STYLES.tableText,
          alignment: align,
          children: typeof text === 'string' ? [new TextRun({ text })] : text.own ? [new TextRun({ text: text.label }), new TextRun({ text: text.unit, break: 1 })] : [new TextRun({ text: `${text.label}${text.unit}` })],
        }),
      ],
    });
  const row = (cells: TableCell[], height: number | undefined, isHeader: boolean, underHeader: boolean) =>
    new TableRow({
      ...(isHeader ? { tableHeader: true } : {}),
      cantSplit: true,
      height: height !== undefined ? { value: twip(height), rule: HeightRule.EXACT } : { value: twip(pitch + padding), rule: HeightRule.ATLEAST },
      children: underHeader && t.borders === 'three-line' ? cells : cells,
    });
  // Readers draw the outer rules outside an exact row height: the first and last rows give up half
  // of theirs, so the table is as tall as the PDF's and what follows stays on its page.
  const outer = t.outerRuleWidthPt / 2;
  const rows = [
    row(header.map((text, j) => cell(text, AlignmentType.CENTER, true, widths[j]!)), heights ? heights.header - outer : undefined, true, false),
    ...body.map((r, i) => row(r.map((c, j) => cell(c.text, c.align, false, widths[j]!)), heights?.rows[i] !== undefined ? heights.rows[i]! - (i === body.length - 1 ? outer : 0) : undefined, false, i === 0)),
  ];
  w.children.push(new Table({ rows, width: { size: twip(g.width), type: WidthType.DXA }, columnWidths: widths.map(twip), layout: TableLayoutType.FIXED, borders }));
  // Where the table ends in the PDF (its last horizontal rule), else the rows' own heights.
  const lastRule = span?.rules.filter((r) => r.full).at(-1);
  if (lastRule) w.cursor = { page: lastRule.page, y: lastRule.y };
  else w.cursor.y += (heights?.header ?? pitch + padding) + body.reduce((s, _, i) => s + (heights?.rows[i] ?? pitch + padding), 0);
  const notes = [...(derived ? ['注：标“*”者为推算值，非原文数据。'] : []), ...(block.note && block.note.trim() !== '' ? [block.note.trim()] : [])];
  const notePitch = t.noteStyle.sizePt * 1.5;
  for (const note of notes) w.paragraph({ style: DOCX_STYLES.tableNote, children: [new TextRun({ text: note })], height: notePitch });
  // The notes may wrap: the cursor goes under the last note line the layout drew (its ink bottom is
  // half a pitch plus half the size plus 2 pt below its line top).
  if (notes.length > 0 && span && lastRule && span.bottom.page === lastRule.page && span.bottom.center > lastRule.y + 1) {
    w.cursor = { page: span.bottom.page, y: span.bottom.center + notePitch / 2 - t.noteStyle.sizePt / 2 - 2 };
  }
}

/** Header and row heights from the span's full-width horizontal rules, when they tell them (grid borders). */
function rowHeights(span: Span | undefined, rowCount: number): { header: number; rows: number[] } | undefined {
  if (!span) return undefined;
  const pages = [...new Set(span.rules.map((r) => r.page))];
  let header: number | undefined;
  const rows: number[] = [];
  for (const page of pages) {
    const ys = [...new Set(span.rules.filter((r) => r.page === page && r.full).map((r) => Math.round(r.y * 100) / 100))].sort((a, b) => a - b);
    const diffs = ys.slice(1).map((y, k) => y - ys[k]!);
    if (diffs.length === 0) continue;
    header ??= diffs[0];
    rows.push(...diffs.slice(1));
  }
  if (header === undefined || rows.length !== rowCount) return undefined;
  return { header, rows };
}

/** Column widths from the span's vertical rules, else equal shares of the type area. */
function columnWidths(span: Span | undefined, count: number, width: number): number[] {
  const xs = span?.columns ?? [];
  if (xs.length === count + 1) return xs.slice(1).map((x, k) => x - xs[k]!);
  return Array.from({ length: count }, () => width / count);
}

/**
 * 柱状图: the title as a caption paragraph, the 单位 line, the chart itself as a native Word chart
 * on the PDF's axis, bars and colours (its data in an embedded workbook and the alt text), then
 * the source line and notes as paragraphs. Without the layout's drawing, or with
 * `charts: 'table'`, the data as a Word table.
 */
function writeChart(w: Writer, block: BlockOf<'chart'>, title: string, span: Span | undefined, frozen: ReturnType<typeof frozenItems>): void {
  const { template } = w;
  const c = template.chart;
  const titlePitch = c.titleStyle.sizePt * 1.5;
  const labelPitch = c.labelStyle.sizePt * 1.35;
  if (title.trim() !== '') w.paragraph({ style: DOCX_STYLES.caption, children: [new TextRun({ ...w.run(c.titleStyle), text: title.trim() })], height: titlePitch, span, ...(span ? {} : { spaceBefore: 4 * PT_PER_MM }) });
  const unit = block.unit.trim();
  const data = block.bars.map((bar) => `${bar.label}：${formatNumber(bar.value)}${unit}${bar.derived ? `（${c.derivedLabel}）` : ''}`).join('；');
  const drawn = span && w.input.charts !== 'table' ? chartNative(w, block, span, title, data) : false;
  if (!drawn) writeChartTable(w, block, labelPitch);
  const sources: string[] = [];
  for (const bar of block.bars) {
    const item = bar.itemId ? frozen.get(bar.itemId) : undefined;
    if (!item) continue;
    const text = citationText(item, []);
    if (!sources.includes(text)) sources.push(text);
  }
  const footer = [
    ...(!drawn && block.bars.length === 0 ? [c.emptyText] : []),
    ...(sources.length > 0 ? [`${c.sourcePrefix}${sources.join('；')}。`] : []),
    ...(block.bars.some((b) => b.derived) ? [drawn ? `注：浅色柱为${c.derivedLabel}值。` : `注：标“${c.derivedLabel}”者为${c.derivedLabel}值。`] : []),
    ...(block.note && block.note.trim() ? [block.note.trim()] : []),
  ];
  for (const text of footer) w.paragraph({ style: DOCX_STYLES.tableNote, children: [new TextRun({ ...w.run(c.labelStyle), text })], height: labelPitch });
}

/**
 * The chart (below its title, above its source line) as a native Word chart in its own paragraph,
 * with the PDF's 单位 line above it; false when the layout drew none.
 */
function chartNative(w: Writer, block: BlockOf<'chart'>, span: Span, title: string, data: string): boolean {
  const { g, template } = w;
  const c = template.chart;
  const labelPitch = c.labelStyle.sizePt * 1.35;
  const drawing = span.items.filter((i) => i.kind === 'rule' || i.kind === 'rect');
  // Nothing drawn, or nothing a chart can hold (the data then goes in a table).
  if (drawing.length === 0 || block.bars.length === 0 || !block.bars.every((b) => Number.isFinite(b.value))) return false;
  const axisBottom = Math.max(...drawing.map((i) => (i.kind === 'rule' ? Math.max(i.y1, i.y2) : i.kind === 'rect' ? i.y + i.h : 0)));
  // Footer lines (source, notes) start at the type area's left edge below the category labels.
  const footerTops = span.items
    .filter((i): i is Extract<typeof i, { kind: 'text' }> => i.kind === 'text' && i.baseline > axisBottom && Math.abs((i.glyphs[0]?.x ?? 0) - g.left) < 0.5)
    .map((i) => i.baseline - 0.88 * i.size - (labelPitch - i.size) / 2);
  const textBottoms = span.items.filter((i) => i.kind === 'text').map((i) => (i.kind === 'text' ? i.baseline + 0.12 * i.size : 0));
  const unit = block.unit.trim();
  // The unit line the PDF draws at the chart's top left, as text above it.
  if (unit !== '') w.paragraph({ style: DOCX_STYLES.tableNote, keepNext: true, children: [new TextRun({ ...w.run(c.labelStyle), text: `单位：${unit}` })], height: labelPitch });
  const top = w.cursor.y;
  const bottom = footerTops.length > 0 ? Math.min(...footerTops) : Math.max(axisBottom, ...textBottoms) + 4;
  if (!(bottom - top > 10)) return false;
  // The PDF's bars: their width against the slot each category has.
  const bars = drawing.filter((i): i is Extract<typeof i, { kind: 'rect' }> => i.kind === 'rect' && i.fill !== undefined);
  const axisX = drawing.find((i) => i.kind === 'rule' && i.x1 === i.x2);
  const slot = (g.right - (axisX?.kind === 'rule' ? axisX.x1 : g.left)) / block.bars.length;
  const barShare = bars.length > 0 ? bars[0]!.w / slot : 0.55;
  w.children.push(
    new Paragraph({
      style: DOCX_STYLES.body,
      indent: { firstLine: 0, firstLineChars: 0 },
      keepNext: true,
      spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
      children: [nativeChart(block, template, { width: g.width, height: bottom - top, barShare, font: w.fonts(c.labelStyle.role).eastAsia, drawingId: ++w.drawings, title, description: data })],
    }),
  );
  w.charts++;
  w.cursor = { page: w.cursor.page, y: bottom };
  return true;
}

/** A chart's data as a Word table (项目 / 数值（单位）). */
function writeChartTable(w: Writer, block: BlockOf<'chart'>, labelPitch: number): void {
  const { template, g } = w;
  const c = template.chart;
  const unit = block.unit.trim();
  if (block.bars.length === 0) return;
  const padding = template.table.cellPaddingMm * PT_PER_MM;
  const rowHeight = labelPitch + padding;
  const thin = { style: BorderStyle.SINGLE, size: eighth(c.axisWidthPt), color: '000000' };
  const cell = (text: string, align: (typeof AlignmentType)[keyof typeof AlignmentType], width: number, header = false) =>
    new TableCell({
      width: { size: twip(width), type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { top: twip(padding / 2), bottom: twip(padding / 2), left: twip(padding), right: twip(padding) },
      children: [new Paragraph({ style: DOCX_STYLES.tableText, alignment: align, spacing: { line: twip(labelPitch), lineRule: LineRuleType.EXACT }, children: [new TextRun({ ...w.run(header ? template.table.headerStyle : c.labelStyle, { size: halfPt(c.labelStyle.sizePt) }), text })] })],
    });
  const widths = [g.width * 0.5, g.width * 0.5];
  const rows = [
    new TableRow({ tableHeader: true, cantSplit: true, height: { value: twip(rowHeight), rule: HeightRule.EXACT }, children: [cell('项目', AlignmentType.CENTER, widths[0]!, true), cell(unit ? `数值（${unit}）` : '数值', AlignmentType.CENTER, widths[1]!, true)] }),
    ...block.bars.map(
      (bar) =>
        new TableRow({
          cantSplit: true,
          height: { value: twip(rowHeight), rule: HeightRule.ATLEAST },
          children: [cell(bar.label, AlignmentType.LEFT, widths[0]!), cell(bar.derived ? `${formatNumber(bar.value)}（${c.derivedLabel}）` : formatNumber(bar.value), AlignmentType.RIGHT, widths[1]!)],
        }),
    ),
  ];
  w.children.push(new Table({ rows, width: { size: twip(g.width), type: WidthType.DXA }, columnWidths: widths.map(twip), layout: TableLayoutType.FIXED, borders: { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin } }));
  w.cursor.y += rowHeight * (block.bars.length + 1);
}

/** 资料来源: the label, then one entry per source, numbered as the markers say, wrapped lines hanging. */
function writeSources(w: Writer, sources: ReturnType<typeof citedSources>, span: Span | undefined): void {
  const s = w.template.sources;
  const pitch = Math.max(s.style.sizePt, s.labelStyle.sizePt) * 1.5;
  // One tracker over the label and the entries: the layout draws them as one owner, in this order.
  const texts = sources.map((e) => `${e.number}.${citationText(e.item, e.paragraphs)}。`);
  const glyphs = (text: string) => [...text].filter((c) => !/\s/.test(c)).length;
  const tracker = span ? new Tracker(span.advances, (size) => gridFit(w.g, size), [s.label, ...texts].map(glyphs)) : undefined;
  w.paragraph({ style: DOCX_STYLES.sourcesLabel, children: trackedRuns(s.label, tracker), height: pitch, span, ...(span ? {} : { spaceBefore: pitch / 2 }) });
  const firstSpan = span;
  sources.forEach((e, k) => {
    const text = texts[k]!;
    const hang = twip(ems(`${e.number}.`) * s.style.sizePt);
    w.paragraph({ style: DOCX_STYLES.sources, indent: { left: hang, hanging: hang }, children: trackedRuns(text, tracker), height: pitch });
  });
  if (firstSpan) w.after(firstSpan, pitch);
}

/** 附件说明 after the body, then each attachment on a new page: 附件N, its title, its paragraphs. */
function writeAttachments(w: Writer, attachments: readonly BlockOf<'attachment'>[], noteOwner: string | undefined): void {
  const { template: t, g } = w;
  const label = t.attachments.noteLabel;
  const noteSpan = noteOwner ? w.spans.get(noteOwner) : undefined;
  attachments.forEach((a, k) => {
    const number = attachments.length > 1 ? `${k + 1}.` : '';
    const labelWidth = ems(label) * g.cell;
    const indent = t.body.indentChars * g.cell;
    w.paragraph({
      style: DOCX_STYLES.body,
      indent: { left: twip(indent + labelWidth + ems(number) * g.bodySize / 2), firstLine: 0, hanging: twip(k === 0 ? labelWidth + ems(number) * g.bodySize / 2 : ems(number) * g.bodySize / 2) },
      children: [new TextRun({ text: `${k === 0 ? label : ''}${number}${a.title.trim()}` })],
      height: g.linePitch,
      ...(k === 0 ? { span: noteSpan } : {}),
    });
  });
  if (noteSpan) w.after(noteSpan, g.linePitch);
  const labels = w.order.filter((o) => o.startsWith('H1:'));
  attachments.forEach((a, index) => {
    const labelText = `附件${attachments.length > 1 ? index + 1 : ''}`;
    w.paragraph({ style: DOCX_STYLES.headings[0], indent: { firstLine: 0, firstLineChars: 0 }, pageBreakBefore: true, children: [new TextRun({ ...w.run(t.attachments.labelStyle), text: labelText })], height: g.linePitch, span: w.spans.get(labels[index] ?? '') });
    const span = w.spans.get(`block:${a.id}`);
    const title = a.title.trim();
    const titleLines = span?.lines.filter((l) => l.page === span.first.page && Math.abs(l.center - span.first.center) < (title.length + 2) * t.title.linePitchPt) ?? [];
    const size = t.attachments.titleStyle.sizePt;
    const pieces = splitLike(title, titleLines.filter((l) => l.center < span!.first.center + 4 * t.title.linePitchPt).map((l) => l.text).slice(0, Math.max(1, Math.ceil(ems(title) * size / g.width))));
    w.paragraph({ style: DOCX_STYLES.title, run: w.run(t.attachments.titleStyle), children: pieces.map((p, k) => new TextRun({ text: p, ...(k > 0 ? { break: 1 } : {}) })), height: t.title.linePitchPt, span: span ? { ...span, last: span.first } : undefined });
    w.cursor.y += (pieces.length - 1) * t.title.linePitchPt;
    // The text resumes on the grid one empty line below the title.
    const titleBottom = w.cursor.y - (t.title.linePitchPt - size) / 2;
    const slot = g.slotAtOrBelow(titleBottom + 1) + 1;
    let first = true;
    for (const paragraph of a.paragraphs) {
      if (paragraph.trim() === '') continue;
      const target = first ? { page: w.cursor.page, center: g.slotTop(slot) + g.bodySize / 2 } : undefined;
      w.paragraph({ style: DOCX_STYLES.body, children: [new TextRun({ text: paragraph.trim() })], height: g.linePitch, ...(target ? { spaceBefore: Math.max(0, target.center - g.linePitch / 2 - w.cursor.y) } : {}) });
      first = false;
    }
  });
}

/**
 * 报尾 as a one-column table at the foot of the last page: a thick rule above, the 报/送/发 rows, a
 * thin rule over the last row (编印单位 left, 共印N份 or the 印发 date right), a thick rule below on the
 * type area's bottom edge — placed where the PDF places it.
 */
function writeTail(w: Writer): void {
  const { template: t, input, g } = w;
  const tail = t.tail;
  const meta = input.briefing.meta;
  const lists: [string, readonly string[]][] = [
    ...(tail.baoPosition === 'under-title' ? [] : [[tail.labels.bao, meta.distribution.bao] as [string, readonly string[]]]),
    [tail.labels.song, meta.distribution.song],
    [tail.labels.fa, meta.distribution.fa],
  ];
  const rows: { label: string; text: string }[] = [];
  for (const [label, names] of lists) {
    const clean = names.map((n) => n.trim()).filter((n) => n !== '');
    if (clean.length > 0) rows.push({ label, text: `${label}${clean.join(tail.separator)}${tail.terminator}` });
  }
  const showPublisher = tail.showPublisher && meta.publisher.trim() !== '';
  const printedDate = input.printedDate ?? meta.issueDate;
  const copies =
    tail.printedDateFormat !== undefined && tail.printedDateFormat !== ''
      ? printedDate
        ? tail.printedDateFormat.replace('{date}', formatChineseDate(printedDate))
        : ''
      : meta.copies !== null
        ? tail.copiesFormat.replace('{n}', String(meta.copies))
        : '';
  const hasLastRow = showPublisher || copies !== '';
  if (rows.length === 0 && !hasLastRow) return;
  const span = w.spans.get('tail');
  const pitch = g.linePitch;
  const indent = tail.indentChars * tail.style.sizePt;
  // A floating table at the tail's place on the page (from the page top, as the PDF has it), anchored
  // to the paragraph after it: however the text above reflows, the 报尾 stays at the foot of the
  // page its anchor lands on, and the text flows around it.
  const top = span ? span.first.center - pitch / 2 : g.bottom - (rows.length + (hasLastRow ? 1 : 0)) * pitch;
  // LibreOffice floats only tables narrower than the text area (a full-width one stays in the flow):
  // the 报尾 is half a point narrower, which no one sees.
  const width = g.width - 0.5;
  if (span && span.first.page > w.cursor.page) w.spacer({ page: span.first.page, center: w.marginTop });
  const thick = { style: BorderStyle.SINGLE, size: eighth(tail.thickRuleMm * PT_PER_MM), color: '000000' };
  const thin = { style: BorderStyle.SINGLE, size: eighth(tail.thinRuleMm * PT_PER_MM), color: '000000' };
  const nil = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const cell = (children: Paragraph[], top?: typeof thin) =>
    new TableCell({
      width: { size: twip(width), type: WidthType.DXA },
      margins: { top: 0, bottom: 0, left: twip(indent), right: twip(indent) },
      verticalAlign: VerticalAlignTable.CENTER,
      ...(top ? { borders: { top } } : {}),
      children,
    });
  // Each distribution row is one paragraph; its wrapped lines hang under the names, not the label.
  const tableRows = rows.map(
    (r) =>
      new TableRow({
        cantSplit: true,
        height: { value: twip(pitch), rule: HeightRule.ATLEAST },
        children: [cell([new Paragraph({ style: DOCX_STYLES.tail, keepNext: true, keepLines: true, indent: { left: twip(ems(r.label) * tail.style.sizePt), hanging: twip(ems(r.label) * tail.style.sizePt) }, children: [new TextRun({ text: r.text })] })])],
      }),
  );
  if (hasLastRow) {
    tableRows.push(
      new TableRow({
        cantSplit: true,
        height: { value: twip(pitch), rule: HeightRule.EXACT },
        children: [
          cell(
            [
              new Paragraph({
                style: DOCX_STYLES.tail,
                tabStops: [{ type: TabStopType.RIGHT, position: twip(g.width - 2 * indent) }],
                children: [new TextRun({ text: showPublisher ? meta.publisher.trim() : '' }), ...(copies ? [new TextRun({ children: ['\t', copies] })] : [])],
              }),
            ],
            rows.length > 0 ? thin : undefined,
          ),
        ],
      }),
    );
  }
  w.children.push(
    new Table({
      rows: tableRows,
      width: { size: twip(width), type: WidthType.DXA },
      columnWidths: [twip(width)],
      layout: TableLayoutType.FIXED,
      borders: { top: thick, bottom: thick, left: nil, right: nil, insideHorizontal: nil, insideVertical: nil },
      float: {
        horizontalAnchor: TableAnchorType.MARGIN,
        absoluteHorizontalPosition: 0,
        verticalAnchor: TableAnchorType.PAGE,
        absoluteVerticalPosition: twip(top),
        topFromText: 0,
        bottomFromText: 0,
        overlap: OverlapType.NEVER,
      },
    }),
  );
  // The anchor, and the paragraph Word always ends a document with: one point tall, which the half
  // line of room under the last grid line holds, so it never adds a page.
  w.children.push(new Paragraph({ spacing: { line: 20, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, run: { size: 2 } }));
}

export type { EmbeddedFont };
