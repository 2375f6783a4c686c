// The PDF's watermark (征求意见稿, a numbered copy's recipient) in the .docx: Word's own watermark — a
// WordArt shape in the page headers, centred on the page behind the text, which Word's 设计 › 水印
// command recognises and can remove or replace (docx's `TextWatermark`). Taken from the layout of the
// same copy, so its text, face, size, grey and angle are the PDF's.
import { Header, Paragraph } from 'docx';
import { TextWatermark } from 'docx/watermarks';
import type { LayoutDocument } from '../layout';

/** What the headers draw: the layout's watermark, measured along its baseline. */
export interface DocxWatermark {
  readonly text: string;
  readonly sizePt: number;
  /** The text's length along its baseline, points. */
  readonly widthPt: number;
  /** Grey level as the template gives it (1 is white). */
  readonly gray: number;
  /** Counter-clockwise from the horizontal, as the layout draws it. */
  readonly angleDeg: number;
}

/** The layout's watermark (the same on every page), or null when the copy has none. */
export function layoutWatermark(layout: LayoutDocument): DocxWatermark | null {
  for (const page of layout.pages) {
    for (const item of page.items) {
      if (item.kind !== 'watermark' || item.glyphs.length === 0) continue;
      const first = item.glyphs[0]!;
      // Glyphs are placed from −width/2 along the baseline: the first one's x gives the width.
      return { text: item.glyphs.map((g) => g.char).join(''), sizePt: item.size, widthPt: Math.max(item.size, -2 * first.x), gray: item.gray, angleDeg: item.angleDeg };
    }
  }
  return null;
}

/** A grey level as a hex colour (1 → FFFFFF). */
function grayHex(gray: number): string {
  const v = Math.round(Math.min(1, Math.max(0, gray)) * 255)
    .toString(16)
    .toUpperCase()
    .padStart(2, '0');
  return `${v}${v}${v}`;
}

/**
 * Gives the watermark shape a fixed id: docx names it `PowerPlusWaterMarkObject` + a random
 * suffix (Word finds its watermark by that prefix), and the same input must give the same file.
 * The id is found wherever the library keeps it in the run's tree; finding none is a bug (tested).
 */
function pinShapeId(run: object, id: string): void {
  const seen = new Set<object>();
  let pinned = 0;
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && value.startsWith('PowerPlusWaterMarkObject')) {
        (node as Record<string, unknown>)[key] = id;
        pinned++;
      } else {
        walk(value);
      }
    }
  };
  walk(run);
  if (pinned === 0) throw new Error('docx: the watermark shape id is not where the writer expects it');
}

/** One header paragraph holding the watermark in `font` (the name the .docx gives the watermark's role). */
function watermarkParagraph(mark: DocxWatermark, font: string, id: string): Paragraph {
  const run = new TextWatermark({
    text: mark.text,
    font,
    fontSize: Math.round(mark.sizePt),
    color: grayHex(mark.gray),
    // The PDF paints the grey opaque, behind the text.
    opacity: 1,
    // VML turns clockwise; the layout's angle is counter-clockwise.
    rotation: (360 - Math.round(mark.angleDeg)) % 360,
    width: Math.round(mark.widthPt * 10) / 10,
    height: Math.round(mark.sizePt * 10) / 10,
  });
  pinShapeId(run, id);
  return new Paragraph({ children: [run] });
}

/**
 * Headers carrying the watermark for every kind of page the section has (default, even pages when
 * the footers differ on even pages, the first page when it has its own), or an empty object when
 * the copy has no watermark.
 */
export function watermarkHeaders(mark: DocxWatermark | null, font: string, kinds: { readonly even: boolean; readonly first: boolean }): { default?: Header; even?: Header; first?: Header } {
  if (!mark) return {};
  // Word numbers its watermark shapes; one per header.
  const header = (n: number) => new Header({ children: [watermarkParagraph(mark, font, `PowerPlusWaterMarkObject${n}`)] });
  return { default: header(1), ...(kinds.even ? { even: header(2) } : {}), ...(kinds.first ? { first: header(3) } : {}) };
}
