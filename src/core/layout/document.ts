import { citationKey, citationMarkerText, citedSources, figureLabel, figureNumbers, formatChineseDate, frozenItems } from '../briefing';
import { FaceResolver, type FontProvider, type FontReportEntry } from '../fonts';
import type { Block, BlockOf, Briefing, FrozenItem, TextRun } from '../../shared/briefing';
import { FONT_ROLES, type FontRole, type Template } from '../../shared/template';
import { LayoutContext } from './context';
import { resolverFor, type LayoutCache } from './shape-cache';
import { Flow } from './flow';
import { EM_ASCENT, baselineInSlot, geometryOf, mm } from './geometry';
import { layoutChart } from './chart';
import { HeadingCounter, headingPrefix, stripTypedNumber } from './numbering';
import { layoutTable } from './table';
import { balanceTitle } from './title';
import { layoutLogo, type ImageProvider } from './image';
import type { ComposedLine } from './justify';
import type { Bookmark, LayoutDocument, LayoutPage, SourceField, StructRef } from './types';
import { citationText, excerptText, figureText } from './text';

/** What one layout run needs. */
export interface LayoutInput {
  readonly briefing: Briefing;
  readonly template: Template;
  readonly fonts: FontProvider;
  /** 份号 of this copy (already zero-padded), printed when `meta.printCopyNumber` or when given. */
  readonly copyNumber?: string;
  /** Watermark text; defaults to the briefing's own (`meta.watermark`). Empty for none. */
  readonly watermark?: string;
  /** Reads an image the template names (its masthead logo), relative to the template's folder. */
  readonly images?: ImageProvider;
  /** 共印N份: the number of copies exported; default: the draft's 印数 (`meta.copies`). */
  readonly copies?: number;
  /** 印发日期 (YYYY-MM-DD) for templates that print one in the 报尾; default: the issue date. */
  readonly printedDate?: string;
  /** Checked between blocks; a long layout stops with an AbortError. */
  readonly signal?: AbortSignal;
  /** Shaping and line breaking kept from earlier layouts (the render cache's part, shape-cache.ts); same layout with or without. */
  readonly cache?: LayoutCache;
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('导出已取消', 'AbortError');
}

/**
 * Lays out a briefing with a template: masthead (报头), title, 按语, body blocks with numbered
 * headings, tables and charts, 资料来源, 附件说明, attachments, the 报尾 on the last page and page
 * numbers. Pure: the same input gives the same layout.
 */
export function layoutBriefing(input: LayoutInput): LayoutDocument {
  const { briefing, template } = input;
  const geometry = geometryOf(template);
  const resolver = input.cache ? resolverFor(input.cache, input.fonts) : new FaceResolver((role) => input.fonts.chain(role));
  const flow = new Flow(geometry);
  const ctx = new LayoutContext(template, geometry, resolver, flow, input.cache);
  const bookmarks: Bookmark[] = [];
  const meta = briefing.meta;

  layoutMasthead(ctx, briefing, input.copyNumber);
  if (template.masthead.logo) layoutLogo(ctx, template.masthead.logo, input.images);
  layoutTitle(ctx, briefing.title, bookmarks);
  if (template.tail.baoPosition === 'under-title') layoutMainRecipients(ctx, meta.distribution.bao);
  if (meta.editorNote.trim() !== '') {
    layoutNote(ctx, template.note.label, meta.editorNote);
    flow.skipSlots(template.note.slotsAfter);
  }

  const body: BodyContext = {
    counter: new HeadingCounter(),
    bookmarks,
    frozen: frozenItems(briefing.blocks),
    figureNumbers: figureNumbers(briefing.blocks),
    markers: template.sources.enabled && template.sources.markers !== false ? new Map(citedSources(briefing.blocks).map((s) => [s.key, s.number])) : new Map(),
  };
  const blocks = briefing.blocks.filter((b) => b.type !== 'attachment');
  for (let index = 0; index < blocks.length; ) {
    checkAborted(input.signal);
    index = blocks[index]!.type === 'heading' ? layoutHeadingGroup(ctx, blocks, index, body) : (layoutBlock(ctx, blocks[index]!, blocks[index + 1], body), index + 1);
  }

  if (template.sources.enabled) layoutSources(ctx, briefing.blocks);
  const attachments = briefing.blocks.filter((b): b is BlockOf<'attachment'> => b.type === 'attachment');
  if (attachments.length > 0) layoutAttachmentNote(ctx, attachments);
  attachments.forEach((attachment, index) => {
    checkAborted(input.signal);
    layoutAttachment(ctx, attachment, attachments.length > 1 ? index + 1 : null, bookmarks);
  });
  layoutTail(ctx, briefing, { copies: input.copies ?? meta.copies, printedDate: input.printedDate ?? meta.issueDate });
  layoutPageNumbers(ctx);
  const watermark = (input.watermark ?? meta.watermark).trim();
  if (watermark !== '') layoutWatermark(ctx, watermark);

  return {
    width: geometry.pageWidth,
    height: geometry.pageHeight,
    pages: flow.pages,
    bookmarks,
    metadata: {
      title: briefing.title.trim() || meta.seriesName,
      author: meta.publisher,
      subject: [meta.seriesName, template.masthead.docNumber && meta.docNumber.trim() ? meta.docNumber.trim() : meta.issueNumber !== null ? issueText(template, meta.issueNumber, null) : '']
        .filter(Boolean)
        .join(' '),
      keywords: [...new Set([meta.seriesName, template.name, meta.publisher].map((k) => k.trim()).filter((k) => k !== ''))],
      templateId: template.id,
      templateVersion: template.version,
    },
    fontReport: fontReport(ctx),
    faces: [...ctx.usedFaces],
  };
}

function issueText(template: Template, n: number, total: number | null): string {
  const issue = template.masthead.issue.format.replace('{n}', String(n));
  return total !== null ? `${issue}${template.masthead.issue.totalFormat.replace('{m}', String(total))}` : issue;
}

/** 报头: mark / urgency / 份号 on the first slots, red 简报名称, 期号, 编印单位 + date, red rule. */
function layoutMasthead(ctx: LayoutContext, briefing: Briefing, copyNumber: string | undefined): void {
  const { template, geometry: g, flow } = ctx;
  const m = template.masthead;
  const meta = briefing.meta;
  const struct = ctx.struct('Masthead');
  const number = copyNumber ?? (meta.printCopyNumber || m.copyNumber.always === true ? '1'.padStart(m.copyNumber.digits, '0') : undefined);
  const leftItems: { text: string; style: typeof m.mark; field?: SourceField }[] = [];
  if (number !== undefined && m.copyNumber.position === 'top-left') leftItems.push({ text: number, style: m.copyNumber.style, field: 'copyNumber' });
  const classification = meta.classification.trim();
  if (classification) leftItems.push({ text: classification, style: m.mark, field: 'classification' });
  // The template's own mark (会后收回) is printed whatever the draft says, once.
  const fixedMark = (m.fixedMark ?? '').trim();
  if (fixedMark && !classification.split(/\s+/).includes(fixedMark)) leftItems.push({ text: fixedMark, style: m.mark });
  if (meta.urgency) leftItems.push({ text: meta.urgency, style: m.urgency, field: 'urgency' });
  let lastSlot = -1;
  leftItems.forEach((item, k) => {
    const style = ctx.runStyle(item.style);
    const line = ctx.singleLine(item.text, style, 'left', g.width);
    flow.add(...ctx.lineItems(line, g.left, baselineInSlot(g.slotTop(k), g.bodySize, style.size), item.field ? ctx.showing(struct, item.field) : struct));
    lastSlot = k;
  });
  if (number !== undefined && m.copyNumber.position === 'top-right') {
    const style = ctx.runStyle(m.copyNumber.style);
    const line = ctx.singleLine(number, style, 'right', g.width);
    flow.add(...ctx.lineItems(line, g.left, baselineInSlot(g.slotTop(0), g.bodySize, style.size), ctx.showing(struct, 'copyNumber')));
    lastSlot = Math.max(lastSlot, 0);
  }

  // 简报名称: red, centred, compressed horizontally (then shrunk) to fit the type area.
  const nameStyle = m.seriesName.style;
  let size = nameStyle.sizePt;
  const headerBottom = lastSlot >= 0 ? g.slotTop(lastSlot) + g.bodySize + mm(3) : g.top;
  const nameTop = Math.max(mm(m.seriesName.topMm), headerBottom);
  const name = meta.seriesName.trim() || template.name;
  let scaleX = 1;
  for (;;) {
    const style = ctx.runStyle({ ...nameStyle, sizePt: size }, { letterSpacing: m.seriesName.letterSpacingEm * size });
    const atoms = ctx.shape(name, style);
    const natural = atoms.reduce((s, a) => s + a.width, 0) - m.seriesName.letterSpacingEm * size;
    scaleX = Math.min(1, g.width / natural);
    if (scaleX >= m.seriesName.minHorizontalScale || size <= 12) {
      scaleX = Math.max(scaleX, Math.min(1, g.width / natural));
      const left = g.left + (g.width - natural * scaleX) / 2;
      const baseline = nameTop + EM_ASCENT * size;
      let x = 0;
      const glyphs = atoms.map((a) => {
        const glyph = { char: a.char, x: left + (x + a.glyphOffset) * scaleX };
        x += a.width;
        return glyph;
      });
      const face = atoms[0]?.face;
      if (face) {
        flow.add({ kind: 'text', face, size, color: style.color, baseline, glyphs, ...(scaleX < 1 ? { scaleX } : {}), struct: ctx.showing(struct, 'seriesName') });
      }
      break;
    }
    size -= 2;
  }
  const nameBottom = nameTop + size;

  // 发文字号 (公文 form) or 期号, then the 编印单位 / date row, on the grid below the name.
  const nameSlot = g.slotAtOrBelow(nameBottom + mm(1));
  let slot = nameSlot;
  // The bottom of the ink above the red rule: the last line printed, or the name.
  let rowBottom = nameBottom;
  const centredLine = (text: string, textStyle: Template['masthead']['issue']['style'], field: SourceField) => {
    const style = ctx.runStyle(textStyle);
    const line = ctx.singleLine(text, style, 'center', g.width);
    flow.add(...ctx.lineItems(line, g.left, baselineInSlot(g.slotTop(slot), g.bodySize, style.size), ctx.showing(struct, field)));
    rowBottom = g.slotTop(slot) + (g.bodySize + style.size) / 2;
    slot += 1;
  };
  const docNumber = meta.docNumber.trim();
  if (m.docNumber && docNumber !== '') {
    slot += m.docNumber.slotsBefore;
    centredLine(docNumber, m.docNumber.style, 'docNumber');
  } else {
    slot += m.issue.slotsBefore;
    if (meta.issueNumber !== null) centredLine(issueText(template, meta.issueNumber, meta.totalIssueNumber), m.issue.style, 'issueNumber');
  }
  if (m.publisherRow.show !== false) {
    slot += m.publisherRow.slotsBefore;
    const rowStyle = ctx.runStyle(m.publisherRow.style);
    const rowBaseline = baselineInSlot(g.slotTop(slot), g.bodySize, rowStyle.size);
    if (meta.publisher.trim()) {
      const line = ctx.singleLine(`${meta.publisher.trim()}${m.publisherRow.publisherSuffix}`, rowStyle, 'left', g.width);
      flow.add(...ctx.lineItems(line, g.left, rowBaseline, ctx.showing(struct, 'publisher')));
    }
    if (meta.issueDate) {
      const line = ctx.singleLine(formatChineseDate(meta.issueDate), rowStyle, 'right', g.width);
      flow.add(...ctx.lineItems(line, g.left, rowBaseline, ctx.showing(struct, 'issueDate')));
    }
    rowBottom = g.slotTop(slot) + (g.bodySize + rowStyle.size) / 2;
  }
  const ruleY = rowBottom + mm(m.rule.gapMm);
  flow.add({
    kind: 'rule',
    x1: g.left,
    y1: ruleY,
    x2: g.right,
    y2: ruleY,
    width: m.rule.widthPt,
    color: ctx.colour(m.rule.color),
    struct: { type: 'Artifact', id: 0 },
  });
  flow.y = ruleY + m.rule.widthPt / 2;
}

/** Title: 2号小标宋, centred, balanced lines, on its own leading; the grid resumes below it. */
function layoutTitle(ctx: LayoutContext, title: string, bookmarks: Bookmark[]): void {
  const text = title.trim();
  if (text === '') return;
  const { template, geometry: g, flow } = ctx;
  const t = template.title;
  const style = ctx.runStyle(t.style);
  const struct = ctx.showing(ctx.struct('Title'), 'title');
  const atoms = ctx.shape(text, style);
  const lines = balanceTitle(atoms, g.width);
  // The first title line sits on the slot after `slotsBefore` empty slots, centred on that slot.
  const slot = g.slotAtOrBelow(flow.y + 0.5) + t.slotsBefore;
  let emTop = g.slotTop(slot) + (g.bodySize - style.size) / 2;
  const needed = (lines.length - 1) * t.linePitchPt + style.size;
  if (slot >= g.lines || emTop + needed > g.bottom) {
    flow.newPage();
    emTop = g.top;
  }
  bookmarks.push({ title: text, level: 0, pageIndex: flow.page.index, y: emTop });
  placeTitleLines(ctx, lines, emTop, t.linePitchPt, style.size, struct);
  flow.skipSlots(t.slotsAfter);
}

/** Title lines on their own leading from `emTop`, continuing on a new page if one is ever too long. */
function placeTitleLines(ctx: LayoutContext, lines: readonly ComposedLine[], emTop: number, pitch: number, size: number, struct: StructRef): void {
  const { geometry: g, flow } = ctx;
  let top = emTop;
  for (const line of lines) {
    if (top + size > g.bottom + 0.01) {
      flow.newPage();
      top = g.top;
    }
    flow.add(...ctx.lineItems(line, g.left, top + EM_ASCENT * size, struct));
    flow.y = top + size;
    top += pitch;
  }
}

/**
 * 主送机关 in 公文 form (GB/T 9704 §7.3.2): under the title after its blank line, flush left, wrapped
 * lines flush left too, names joined by 、 and ended by a full-width colon.
 */
function layoutMainRecipients(ctx: LayoutContext, names: readonly string[]): void {
  const clean = names.map((n) => n.trim()).filter((n) => n !== '');
  if (clean.length === 0) return;
  const { template, geometry: g } = ctx;
  const style = ctx.runStyle(template.body.style, { grid: true });
  const atoms = ctx.shapeRuns([{ text: `${clean.join(template.tail.separator)}：`, style }]);
  const lines = ctx.compose(atoms, { width: g.width, firstIndent: 0, align: 'justify' });
  ctx.placeOnGrid(lines, template.body.style.sizePt, ctx.struct('P'));
}

/** 按语 / note: a label in its own style, then the text; each line of the text is a paragraph. */
function layoutNote(ctx: LayoutContext, label: string, text: string, blockId?: string): void {
  const { template, geometry: g } = ctx;
  const n = template.note;
  const struct = ctx.struct('Note', blockId);
  text
    .split(/\n+/)
    .filter((p) => p.trim() !== '')
    .forEach((paragraph, index) => {
      const runs = [
        ...(index === 0 && label ? [{ text: label, style: ctx.runStyle(n.labelStyle, { grid: true }) }] : []),
        { text: paragraph.trim(), style: ctx.runStyle(n.style, { grid: true }) },
      ];
      const atoms = ctx.shapeRuns(runs);
      const lines = ctx.compose(atoms, { width: g.width, firstIndent: n.indentChars * g.cell, align: 'justify' });
      ctx.placeOnGrid(lines, n.style.sizePt, struct);
    });
}

/** What the body blocks share while they are laid out. */
interface BodyContext {
  readonly counter: HeadingCounter;
  readonly bookmarks: Bookmark[];
  /** frozen library items by item id: what tables and charts cite */
  readonly frozen: ReadonlyMap<string, FrozenItem>;
  /** 表1 / 图1 by block id */
  readonly figureNumbers: ReadonlyMap<string, string>;
  /** the number of each source in 资料来源 by citation key; empty when markers are not printed */
  readonly markers: ReadonlyMap<string, number>;
}

/** A run of body text, or the citation marker 〔n〕 printed after a linked figure or a quote. */
type BodyRun = { readonly text: string; readonly bold?: boolean | undefined } | { readonly marker: number };

/** Paragraph runs as printed: each linked figure as written, followed by its source's marker. */
function withMarkers(runs: readonly TextRun[], markers: ReadonlyMap<string, number>): BodyRun[] {
  return runs.flatMap((r): BodyRun[] => {
    const n = r.link ? markers.get(citationKey(r.link.frozen)) : undefined;
    return n === undefined ? [r] : [r, { marker: n }];
  });
}

/** A body paragraph from runs, on the grid, indented and justified. */
function layoutRuns(ctx: LayoutContext, runs: readonly BodyRun[], struct: StructRef, styleOverride?: Template['body']['style']): void {
  const { template, geometry: g } = ctx;
  const style = styleOverride ?? template.body.style;
  const atoms = ctx.shapeRuns(
    runs.map((r) => {
      if ('marker' in r) return { atoms: ctx.markerAtoms(citationMarkerText(r.marker), ctx.runStyle(style, { grid: true })) };
      return { text: r.text, style: ctx.runStyle(style, { grid: true, bold: r.bold ?? false }) };
    }),
  );
  if (atoms.length === 0) return;
  const lines = ctx.compose(atoms, { width: g.width, firstIndent: template.body.indentChars * g.cell, align: 'justify' });
  ctx.placeOnGrid(lines, style.sizePt, struct);
}

/**
 * Keep-with-next: a run of headings from `start` and the block after them are placed together; when
 * that block (a paragraph, table, chart, excerpt, note …) starts on a later page than the first
 * heading, the placement is undone and the headings start a new page instead, so a heading is never
 * the last line of a page whatever follows. Returns the index of the block after the group.
 */
function layoutHeadingGroup(ctx: LayoutContext, blocks: readonly Block[], start: number, body: BodyContext): number {
  const { flow } = ctx;
  let end = start;
  while (end < blocks.length && blocks[end]!.type === 'heading') end++;
  const follower = end < blocks.length && blocks[end]!.type !== 'pageBreak' ? end : -1;
  const last = follower >= 0 ? follower : end - 1;
  const place = (): { headingPage: number; followerPage: number } => {
    let headingPage = -1;
    let after = { page: flow.page.index, items: flow.page.items.length };
    for (let k = start; k <= last; k++) {
      if (k === follower) after = { page: flow.page.index, items: flow.page.items.length };
      const before = { page: flow.page.index, items: flow.page.items.length };
      layoutBlock(ctx, blocks[k]!, blocks[k + 1], body);
      if (k < end && headingPage < 0) headingPage = firstPageWithNewItems(flow.pages, before);
    }
    return { headingPage, followerPage: follower >= 0 ? firstPageWithNewItems(flow.pages, after) : -1 };
  };
  const mark = { flow: flow.mark(), atTop: flow.atPageTop, counter: body.counter.save(), bookmarks: body.bookmarks.length, struct: ctx.structMark };
  const placed = place();
  if (!mark.atTop && placed.headingPage >= 0 && placed.followerPage > placed.headingPage) {
    flow.restore(mark.flow);
    body.counter.restore(mark.counter);
    body.bookmarks.length = mark.bookmarks;
    ctx.structMark = mark.struct;
    flow.newPage();
    place();
  }
  return last + 1;
}

/** The first page, from `from.page` on, that received items after `from` (−1: none). */
function firstPageWithNewItems(pages: readonly { items: readonly unknown[] }[], from: { page: number; items: number }): number {
  for (let p = from.page; p < pages.length; p++) {
    if (pages[p]!.items.length > (p === from.page ? from.items : 0)) return p;
  }
  return -1;
}

function layoutBlock(ctx: LayoutContext, block: Block, next: Block | undefined, body: BodyContext): void {
  const { template, geometry: g, flow } = ctx;
  const { counter, bookmarks, frozen } = body;
  switch (block.type) {
    case 'heading': {
      const level = Math.min(Math.max(block.level, 1), 4);
      const h = template.headings[level - 1]!;
      const text = stripTypedNumber(block.text.trim());
      if (text === '') return;
      const full = `${headingPrefix(h.numbering, counter.next(level))}${text}`;
      const style = ctx.runStyle(h.style, { grid: true });
      const atoms = ctx.shapeRuns([{ text: full, style }]);
      const lines = ctx.compose(atoms, { width: g.width, firstIndent: h.indentChars * g.cell, align: 'justify' });
      // No heading alone at the foot of a page: keep it with the first lines of what follows.
      const keep = next && next.type !== 'heading' && next.type !== 'pageBreak' ? h.keepWithNextLines : 0;
      const nextIsBlock = next?.type === 'table' || next?.type === 'chart';
      if (!flow.atPageTop && flow.remainingSlots() < lines.length + (nextIsBlock ? 4 : keep)) flow.newPage();
      const placed = ctx.placeOnGrid(lines, h.style.sizePt, ctx.struct(`H${level}` as StructRef['type'], block.id));
      const first = placed[0];
      if (first) bookmarks.push({ title: full, level, pageIndex: first.pageIndex, y: first.top });
      return;
    }
    case 'paragraph':
      layoutRuns(ctx, withMarkers(block.runs, body.markers), ctx.struct('P', block.id));
      return;
    case 'note':
      layoutNote(ctx, block.label ?? template.note.label, block.text, block.id);
      return;
    case 'excerpt': {
      const n = body.markers.get(citationKey(block.frozen));
      layoutRuns(ctx, [{ text: excerptText(block) }, ...(n !== undefined ? [{ marker: n }] : [])], ctx.struct('P', block.id), template.excerpt.style);
      return;
    }
    case 'table':
      layoutTable(ctx, { ...block, caption: figureLabel(body.figureNumbers.get(block.id), block.caption) }, frozen);
      return;
    case 'chart':
      layoutChart(ctx, { ...block, title: figureLabel(body.figureNumbers.get(block.id), block.title) }, frozen);
      return;
    case 'pageBreak':
      if (!flow.atPageTop) flow.newPage();
      return;
    case 'attachment':
      return;
  }
}

/** 资料来源: every source of the library items used, once each, numbered as the markers 〔n〕 say. */
function layoutSources(ctx: LayoutContext, blocks: readonly Block[]): void {
  const { template, geometry: g, flow } = ctx;
  const sources = citedSources(blocks);
  if (sources.length === 0) return;
  const s = template.sources;
  const struct = ctx.struct('P');
  const labelStyle = ctx.runStyle(s.labelStyle);
  const style = ctx.runStyle(s.style);
  const pitch = Math.max(style.size, labelStyle.size) * 1.5;
  const entries = sources.map((e) => `${e.number}.${citationText(e.item, e.paragraphs)}。`);
  const lines = [
    ...ctx.compose(ctx.shape(s.label, labelStyle), { width: g.width, align: 'left' }),
    ...entries.flatMap((text) => {
      const atoms = ctx.shapeRuns([{ text, style }]);
      const hang = ctx.measure(text.slice(0, text.indexOf('.') + 1), style);
      return ctx.compose(atoms, { width: g.width, firstIndent: 0, restIndent: hang, align: 'justify' });
    }),
  ];
  flow.skipSlots(0);
  let top = flow.reserve(pitch, pitch / 2);
  lines.forEach((line, k) => {
    if (k > 0) top = flow.reserve(pitch, 0);
    const size = k === 0 ? labelStyle.size : style.size;
    flow.add(...ctx.lineItems(line, g.left, top + (pitch - size) / 2 + EM_ASCENT * size, struct));
  });
}

/** 附件说明: 附件：1.名称 (indented two characters, wrapped lines aligned with the name). */
function layoutAttachmentNote(ctx: LayoutContext, attachments: readonly BlockOf<'attachment'>[]): void {
  const { template, geometry: g, flow } = ctx;
  const label = template.attachments.noteLabel;
  const style = ctx.runStyle(template.body.style, { grid: true });
  const struct = ctx.struct('P');
  flow.skipSlots(1);
  attachments.forEach((a, k) => {
    const number = attachments.length > 1 ? `${k + 1}.` : '';
    const prefix = k === 0 ? label : '';
    const indent = template.body.indentChars * g.cell;
    const labelWidth = ctx.measure(label, style);
    const atoms = ctx.shapeRuns([{ text: `${prefix}${number}${a.title.trim()}`, style }]);
    const lines = ctx.compose(atoms, {
      width: g.width,
      firstIndent: indent + (k === 0 ? 0 : labelWidth),
      restIndent: indent + labelWidth + ctx.measure(number, style),
      align: 'justify',
    });
    ctx.placeOnGrid(lines, style.size, struct);
  });
}

/** An attachment page: 附件N (黑体, slot 1, flush left), its title centred on slot 3, then the text. */
function layoutAttachment(ctx: LayoutContext, attachment: BlockOf<'attachment'>, number: number | null, bookmarks: Bookmark[]): void {
  const { template, geometry: g, flow } = ctx;
  flow.newPage();
  const labelText = `附件${number ?? ''}`;
  const labelStyle = ctx.runStyle(template.attachments.labelStyle);
  const struct = ctx.struct('H1');
  flow.add(...ctx.lineItems(ctx.singleLine(labelText, labelStyle, 'left', g.width), g.left, baselineInSlot(g.slotTop(0), g.bodySize, labelStyle.size), struct));
  const titleStyle = ctx.runStyle(template.attachments.titleStyle);
  const lines = balanceTitle(ctx.shape(attachment.title.trim(), titleStyle), g.width);
  const emTop = g.slotTop(2) + (g.bodySize - titleStyle.size) / 2;
  bookmarks.push({ title: `${labelText}\u3000${attachment.title.trim()}`, level: 1, pageIndex: flow.page.index, y: g.slotTop(0) });
  placeTitleLines(ctx, lines, emTop, template.title.linePitchPt, titleStyle.size, ctx.struct('H2', attachment.id));
  flow.skipSlots(1);
  for (const paragraph of attachment.paragraphs) {
    if (paragraph.trim() === '') continue;
    layoutRuns(ctx, [{ text: paragraph.trim() }], ctx.struct('P', attachment.id));
  }
}

/** 报尾 on the last page: rules 0.35 / 0.25 / 0.35 mm, 报：送：发： rows, 编印单位 and 共印N份; the last rule on the type-area bottom. */
function layoutTail(ctx: LayoutContext, briefing: Briefing, printed: { copies: number | null; printedDate: string | null | undefined }): void {
  const { template, geometry: g, flow } = ctx;
  const t = template.tail;
  const meta = briefing.meta;
  const style = ctx.runStyle(t.style);
  const indent = t.indentChars * style.size;
  const width = g.width - 2 * indent;
  const struct = ctx.struct('Tail');
  const rows: { lines: ReturnType<LayoutContext['compose']> }[] = [];
  const lists: [string, readonly string[]][] = [
    ...(t.baoPosition === 'under-title' ? [] : [[t.labels.bao, meta.distribution.bao] as [string, readonly string[]]]),
    [t.labels.song, meta.distribution.song],
    [t.labels.fa, meta.distribution.fa],
  ];
  for (const [label, names] of lists) {
    const clean = names.map((n) => n.trim()).filter((n) => n !== '');
    if (clean.length === 0) continue;
    const text = `${label}${clean.join(t.separator)}${t.terminator}`;
    const atoms = ctx.shapeRuns([{ text, style }]);
    rows.push({ lines: ctx.compose(atoms, { width, restIndent: ctx.measure(label, style), align: 'justify' }) });
  }
  const showPublisher = t.showPublisher && meta.publisher.trim() !== '';
  // The right of the last row: 印发日期 (“2025年2月21日印发”, 公文 版记) when the template asks for it, else 印数.
  const copies =
    t.printedDateFormat !== undefined && t.printedDateFormat !== ''
      ? printed.printedDate
        ? t.printedDateFormat.replace('{date}', formatChineseDate(printed.printedDate))
        : ''
      : printed.copies !== null
        ? t.copiesFormat.replace('{n}', String(printed.copies))
        : '';
  const hasLastRow = showPublisher || copies !== '';
  if (rows.length === 0 && !hasLastRow) return;

  const pitch = g.linePitch;
  const distLines = rows.reduce((s, r) => s + r.lines.length, 0);
  const height = (distLines + (hasLastRow ? 1 : 0)) * pitch;
  if (height > g.height) {
    layoutLongTail(ctx, rows.flatMap((r) => r.lines), hasLastRow ? { publisher: showPublisher ? meta.publisher.trim() : '', copies } : null);
    return;
  }
  const top = g.bottom - height;
  if (flow.y + mm(3) > top) flow.newPage();
  const thick = mm(t.thickRuleMm);
  const thin = mm(t.thinRuleMm);
  const rule = (y: number, width: number) =>
    flow.add({ kind: 'rule', x1: g.left, y1: y, x2: g.right, y2: y, width, color: '#000000', struct: { type: 'Artifact', id: 0 } });
  // Rules are drawn so that their outer edge stays inside the type area: the last one's centre is on
  // the type-area bottom as GB/T 9704 §7.4.1 says ("与版心下边缘重合").
  rule(top, thick);
  let y = top;
  for (const row of rows) {
    for (const line of row.lines) {
      flow.add(...ctx.lineItems(line, g.left + indent, y + (pitch - style.size) / 2 + EM_ASCENT * style.size, struct));
      y += pitch;
    }
  }
  if (hasLastRow) {
    if (rows.length > 0) rule(y, thin);
    const baseline = y + (pitch - style.size) / 2 + EM_ASCENT * style.size;
    if (showPublisher) flow.add(...ctx.lineItems(ctx.singleLine(meta.publisher.trim(), style, 'left', width), g.left + indent, baseline, struct));
    if (copies) flow.add(...ctx.lineItems(ctx.singleLine(copies, style, 'right', width), g.left + indent, baseline, struct));
  }
  rule(g.bottom, thick);
  flow.y = g.bottom;
}

/**
 * A 报尾 taller than a page (hundreds of recipients): it starts on a new page and flows down,
 * with its rules at its top and bottom rather than anchored to the type-area bottom.
 */
function layoutLongTail(ctx: LayoutContext, lines: readonly ComposedLine[], last: { publisher: string; copies: string } | null): void {
  const { template, geometry: g, flow } = ctx;
  const t = template.tail;
  const style = ctx.runStyle(t.style);
  const indent = t.indentChars * style.size;
  const pitch = g.linePitch;
  const struct = ctx.struct('Tail');
  const rule = (y: number, width: number) =>
    flow.add({ kind: 'rule', x1: g.left, y1: y, x2: g.right, y2: y, width, color: '#000000', struct: { type: 'Artifact', id: 0 } });
  flow.newPage();
  let y = g.top;
  rule(y, mm(t.thickRuleMm));
  for (const line of lines) {
    if (y + pitch > g.bottom) {
      flow.newPage();
      y = g.top;
    }
    flow.add(...ctx.lineItems(line, g.left + indent, y + (pitch - style.size) / 2 + EM_ASCENT * style.size, struct));
    y += pitch;
  }
  if (last) {
    if (y + pitch > g.bottom) {
      flow.newPage();
      y = g.top;
    }
    rule(y, mm(t.thinRuleMm));
    const baseline = y + (pitch - style.size) / 2 + EM_ASCENT * style.size;
    const width = g.width - 2 * indent;
    if (last.publisher) flow.add(...ctx.lineItems(ctx.singleLine(last.publisher, style, 'left', width), g.left + indent, baseline, struct));
    if (last.copies) flow.add(...ctx.lineItems(ctx.singleLine(last.copies, style, 'right', width), g.left + indent, baseline, struct));
    y += pitch;
  }
  rule(y, mm(t.thickRuleMm));
  flow.y = y;
}

/** Page numbers — N — in 4号宋体, the dash 7 mm below the type area; odd right, even left, one character in. */
function layoutPageNumbers(ctx: LayoutContext): void {
  const { template, geometry: g } = ctx;
  const p = template.pageNumbers;
  if (!p.enabled) {
    for (const page of ctx.flow.pages) (page as { pageNumber: number | null }).pageNumber = null;
    return;
  }
  const style = ctx.runStyle(p.style);
  const indent = p.indentChars * style.size;
  for (const page of ctx.flow.pages) {
    const n = page.index + 1;
    if (n === 1 && !p.firstPage) {
      (page as { pageNumber: number | null }).pageNumber = null;
      continue;
    }
    const text = p.format.replace('{n}', String(n));
    const atoms = ctx.shape(text, style);
    const dash = atoms.find((a) => a.char === '—');
    // Put the dash's stroke (its ink centre) exactly `belowTypeAreaMm` under the type area.
    const inkMid = dash ? ((dash.face.bounds(0x2014).minY + dash.face.bounds(0x2014).maxY) / 2) * style.size : 0.3 * style.size;
    const baseline = g.bottom + mm(p.belowTypeAreaMm) + inkMid;
    const odd = n % 2 === 1;
    const align = p.position === 'center' ? 'center' : p.position === 'right' || odd ? 'right' : 'left';
    const line = ctx.singleLine(text, style, align, g.width - 2 * indent);
    page.items.push(...ctx.lineItems(line, g.left + indent, baseline, { type: 'Artifact', id: 0 }));
  }
}

/** A diagonal watermark centred on every page, as outlines. */
function layoutWatermark(ctx: LayoutContext, text: string): void {
  const { template, geometry: g } = ctx;
  const w = template.watermark;
  const style = ctx.runStyle({ role: w.role, sizePt: w.sizePt });
  const atoms = ctx.shape(text, style);
  const total = atoms.reduce((s, a) => s + a.width, 0);
  // Shrink to fit the page diagonal.
  const diagonal = Math.hypot(g.width, g.height) * 0.8;
  const factor = total > diagonal ? diagonal / total : 1;
  let x = -total * factor / 2;
  const glyphs = atoms.map((a) => {
    const glyph = { char: a.char, x: x + a.glyphOffset * factor };
    x += a.width * factor;
    return glyph;
  });
  const face = atoms[0]?.face;
  if (!face) return;
  for (const page of ctx.flow.pages) {
    page.items.unshift({ kind: 'watermark', face, size: style.size * factor, gray: w.gray, angleDeg: w.angleDeg, cx: g.left + g.width / 2, cy: g.top + g.height / 2, glyphs });
  }
}

function fontReport(ctx: LayoutContext): FontReportEntry[] {
  const entries: FontReportEntry[] = [];
  for (const role of FONT_ROLES as readonly FontRole[]) {
    const face = ctx.fonts.primary(role);
    if (!face) continue;
    entries.push({
      role,
      family: face.family,
      postscriptName: face.postscriptName,
      origin: face.origin,
      location: face.location,
      fallbackCharacters: ctx.fallbackChars.get(role)?.size ?? 0,
    });
  }
  return entries;
}

export { figureText };
export type { LayoutPage };
