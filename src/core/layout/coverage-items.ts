import { blockTypeName } from '../briefing';
import type { CoverageRun, PlaceWording } from '../fonts';
import type { GlyphPagePart, GlyphPlace } from '../../shared/api/export';
import type { Briefing } from '../../shared/briefing';
import type { LayoutDocument, StructRef } from './types';

/** The part of the page a structure element without a block or field shows. */
function partOf(struct: StructRef): GlyphPagePart {
  switch (struct.type) {
    case 'Masthead':
      return 'masthead';
    case 'Note':
      return 'note';
    case 'Tail':
      return 'tail';
    // Text artifacts of a briefing's layout are its page numbers.
    case 'Artifact':
      return 'pageNumber';
    default:
      return 'other';
  }
}

/** Where a drawn run comes from: its block, else its briefing field, else its part of the page. */
function placeOf(struct: StructRef): GlyphPlace {
  if (struct.blockId !== undefined && struct.blockId !== '') return { blockId: struct.blockId };
  if (struct.field !== undefined) return { field: struct.field };
  return { part: partOf(struct) };
}

/**
 * Every run of text the layout drew, with the face it drew it in and where it comes from: the glyph
 * check reads the layout itself, so whatever the layout draws is checked — there is no list of
 * strings to keep in step with it.
 */
export function* layoutCoverage(layout: LayoutDocument): Generator<CoverageRun> {
  for (const page of layout.pages) {
    for (const item of page.items) {
      if (item.kind === 'text') yield { text: item.glyphs.map((g) => g.char).join(''), face: item.face, where: placeOf(item.struct) };
      else if (item.kind === 'watermark') yield { text: item.glyphs.map((g) => g.char).join(''), face: item.face, where: { part: 'watermark' } };
    }
  }
}

const FIELD_NAMES: Record<NonNullable<GlyphPlace['field']>, string> = {
  title: '标题',
  seriesName: '简报名称',
  issueNumber: '期号',
  docNumber: '发文字号',
  publisher: '编印单位',
  issueDate: '印发日期',
  classification: '密级或标识',
  urgency: '紧急程度',
  copyNumber: '份号',
};

const PART_NAMES: Record<GlyphPagePart, string> = {
  masthead: '报头',
  note: '按语',
  tail: '报尾',
  pageNumber: '页码',
  watermark: '水印',
  other: '资料来源、主送机关或附件说明',
};

/** Names places in a briefing as a message shows them: 标题、第3块（段落）、报尾. */
export function glyphPlaceWording(briefing: Briefing): PlaceWording {
  const index = new Map(briefing.blocks.map((b, i) => [b.id, { n: i + 1, type: b.type }]));
  return (place) => {
    if (place.blockId !== undefined) {
      const block = index.get(place.blockId);
      return block ? `第${block.n}块（${blockTypeName(block.type)}）` : '正文';
    }
    if (place.field !== undefined) return FIELD_NAMES[place.field];
    return PART_NAMES[place.part ?? 'other'];
  };
}
