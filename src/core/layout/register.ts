import { FaceResolver, type FontProvider } from '../fonts';
import type { BlockOf } from '../../shared/briefing';
import type { Template } from '../../shared/template';
import { LayoutContext } from './context';
import { Flow } from './flow';
import { EM_ASCENT, geometryOf } from './geometry';
import { balanceTitle } from './title';
import { layoutTable } from './table';
import type { LayoutDocument } from './types';

/** One row of the 分发登记表. */
export interface RegisterRow {
  readonly copyNumber: string;
  readonly recipient: string;
  readonly date: string;
}

/**
 * 分发登记表: the register of numbered copies (份号 → 接收人 → 日期, with a column to sign), laid out
 * on the template's page with its title and table styles and page numbers.
 */
export function layoutRegister(input: { title: string; subtitle: string; rows: readonly RegisterRow[]; template: Template; fonts: FontProvider }): LayoutDocument {
  const { template } = input;
  const geometry = geometryOf(template);
  const resolver = new FaceResolver((role) => input.fonts.chain(role));
  const flow = new Flow(geometry);
  const ctx = new LayoutContext(template, geometry, resolver, flow);
  const titleStyle = ctx.runStyle(template.title.style);
  const struct = ctx.struct('Title');
  const lines = balanceTitle(ctx.shape(input.title, titleStyle), geometry.width);
  let y = geometry.top;
  for (const line of lines) {
    flow.add(...ctx.lineItems(line, geometry.left, y + EM_ASCENT * titleStyle.size, struct));
    y += template.title.linePitchPt;
  }
  const subStyle = ctx.runStyle(template.masthead.issue.style);
  flow.add(...ctx.lineItems(ctx.singleLine(input.subtitle, subStyle, 'center', geometry.width), geometry.left, y + EM_ASCENT * subStyle.size, ctx.struct('P')));
  flow.y = y + subStyle.size + 6;
  const block: BlockOf<'table'> = {
    id: 'register',
    type: 'table',
    caption: '',
    columns: [{ label: '份号' }, { label: '接收人' }, { label: '分发日期' }, { label: '签收' }],
    rows: input.rows.map((r) => ({ label: r.copyNumber, cells: [{ text: r.recipient }, { text: r.date }, { text: '' }] })),
  };
  layoutTable(ctx, block, new Map());
  for (const page of flow.pages) {
    const text = template.pageNumbers.format.replace('{n}', String(page.index + 1));
    const style = ctx.runStyle(template.pageNumbers.style);
    const line = ctx.singleLine(text, style, 'center', geometry.width);
    page.items.push(...ctx.lineItems(line, geometry.left, geometry.bottom + 7 * 72 / 25.4 + 0.3 * style.size, { type: 'Artifact', id: 0 }));
  }
  return {
    width: geometry.pageWidth,
    height: geometry.pageHeight,
    pages: flow.pages,
    bookmarks: [],
    metadata: { title: input.title, author: '', subject: input.subtitle, keywords: ['分发登记表'], templateId: template.id, templateVersion: template.version },
    fontReport: [],
    faces: [...ctx.usedFaces],
  };
}
