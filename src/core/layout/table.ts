import type { BlockOf, FrozenItem } from '../../shared/briefing';
import type { LayoutContext } from './context';
import { EM_ASCENT, mm } from './geometry';
import type { ComposedLine } from './justify';
import { breakOpportunities } from './line-break';
import { printedNote } from './notes';
import type { RunStyle } from './shape';
import type { StructRef } from './types';

const NUMERIC = /^[-+−]?[\d,，.]+\s*[%％‰]?$/;

interface Cell {
  readonly text: string;
  readonly align: 'left' | 'center' | 'right';
  readonly header: boolean;
  /** A header's unit, already formatted: （亿元）. Goes on its own line when the header must wrap. */
  readonly unit?: string;
}

/** The label column's header when the table names none, as the editor's table shows it. */
const CORNER_LABEL = '地区';

/**
 * 对比表: caption, header row (label + unit), one row per metric. Numbers are right-aligned, text
 * left, headers centred. Columns share the type-area width by content; a table too wide for the
 * page first shrinks its type (down to `minSizePt`), then wraps cell text, and finally splits into
 * column groups that each repeat the row labels (续表). The header row repeats on every page.
 */
export function layoutTable(ctx: LayoutContext, block: BlockOf<'table'>, _frozen: ReadonlyMap<string, FrozenItem>): void {
  const t = ctx.template.table;
  const cellCount = block.rows.reduce((m, r) => Math.max(m, r.cells.length), 0);
  const hasLabelHeader = block.columns.length === cellCount + 1;
  const dataColumns = hasLabelHeader ? block.columns.slice(1) : block.columns;
  const columnCount = Math.max(dataColumns.length, cellCount);
  const headerCell = (c: { label: string; unit?: string | undefined } | undefined): Cell =>
    c?.unit ? { text: c.label, unit: t.unitFormat.replace('{unit}', c.unit), align: 'center', header: true } : { text: c?.label ?? '', align: 'center', header: true };
  // Columns that are all data columns (the editor's 对比表) have the corner the editor shows: 地区.
  const header: Cell[] = [headerCell(hasLabelHeader ? block.columns[0] : { label: CORNER_LABEL }), ...Array.from({ length: columnCount }, (_, j) => headerCell(dataColumns[j]))];
  let derived = false;
  const body: Cell[][] = block.rows.map((row) => [
    { text: row.label, align: 'left', header: false },
    ...Array.from({ length: columnCount }, (_, j): Cell => {
      const cell = row.cells[j];
      if (!cell) return { text: '', align: 'left', header: false };
      if (cell.derived) derived = true;
      const numeric = cell.value !== undefined || NUMERIC.test(cell.text.trim());
      return { text: `${cell.text}${cell.derived ? '*' : ''}`, align: numeric ? 'right' : 'left', header: false };
    }),
  ]);
  const notes = [
    ...(derived ? ['注：标“*”者为推算值，非原文数据。'] : []),
    ...(printedNote(block.note) !== '' ? [printedNote(block.note)] : []),
  ];

  const width = ctx.geometry.width;
  const padding = mm(t.cellPaddingMm);
  // Find the largest size (down to minSizePt) at which the whole table fits; else split columns.
  let size = t.cellStyle.sizePt;
  let groups: number[][] = [];
  for (;;) {
    const { minWidths } = measureColumns(ctx, header, body, size, padding);
    const total = minWidths.reduce((s, w) => s + w, 0);
    if (total <= width) {
      groups = [Array.from({ length: columnCount }, (_, j) => j + 1)];
      break;
    }
    if (size - 1 >= t.minSizePt) {
      size -= 1;
      continue;
    }
    // Split the data columns into groups that fit next to the label column.
    const labelWidth = Math.min(minWidths[0]!, width / 3);
    let group: number[] = [];
    let used = labelWidth;
    for (let j = 1; j <= columnCount; j++) {
      const w = Math.min(minWidths[j]!, width - labelWidth);
      if (group.length > 0 && used + w > width) {
        groups.push(group);
        group = [];
        used = labelWidth;
      }
      group.push(j);
      used += w;
    }
    if (group.length > 0) groups.push(group);
    break;
  }
  if (groups.length === 0 || columnCount === 0) groups = [[]];
  groups.forEach((group, index) => {
    const columns = [0, ...group];
    const caption = index === 0 ? block.caption : `${block.caption}（续表）`;
    drawTable(ctx, block.id, caption, columns.map((j) => header[j]!), body.map((row) => columns.map((j) => row[j]!)), size, padding, index === groups.length - 1 ? notes : []);
  });
}

function styles(ctx: LayoutContext, size: number): { cell: RunStyle; header: RunStyle } {
  const t = ctx.template.table;
  const scale = size / t.cellStyle.sizePt;
  return {
    cell: ctx.runStyle({ ...t.cellStyle, sizePt: size }),
    header: ctx.runStyle({ ...t.headerStyle, sizePt: Math.max(t.minSizePt, t.headerStyle.sizePt * scale) }),
  };
}

function measureColumns(ctx: LayoutContext, header: readonly Cell[], body: readonly Cell[][], size: number, padding: number) {
  const s = styles(ctx, size);
  const natural = header.map(() => 0);
  const minWidths = header.map(() => 0);
  const consider = (cell: Cell, j: number) => {
    const style = cell.header ? s.header : s.cell;
    const atoms = ctx.shape(`${cell.text}${cell.unit ?? ''}`, style);
    const total = atoms.reduce((sum, a) => sum + a.width, 0);
    // The widest unbreakable piece (a number, a word) bounds the column's minimum width.
    const allowed = breakOpportunities(atoms.map((a) => a.char));
    let piece = 0;
    let widest = 0;
    atoms.forEach((a, k) => {
      if (k > 0 && allowed[k]) piece = 0;
      piece += a.width;
      widest = Math.max(widest, piece);
    });
    // Headers may wrap per character, but text columns should keep at least four characters.
    const floor = Math.min(total, style.size * (cell.header ? 2 : 4));
    natural[j] = Math.max(natural[j]!, total + 2 * padding);
    minWidths[j] = Math.max(minWidths[j]!, Math.max(widest, floor) + 2 * padding);
  };
  header.forEach((c, j) => consider(c, j));
  body.forEach((row) => row.forEach((c, j) => consider(c, j)));
  return { natural, minWidths };
}

function drawTable(ctx: LayoutContext, blockId: string, caption: string, header: readonly Cell[], body: readonly Cell[][], size: number, padding: number, notes: readonly string[]): void {
  const { geometry: g, flow, template } = ctx;
  const t = template.table;
  const s = styles(ctx, size);
  const struct = ctx.struct('Table', blockId);
  const { natural, minWidths } = measureColumns(ctx, header, body, size, padding);
  const width = g.width;
  const sumNatural = natural.reduce((a, b) => a + b, 0);
  let widths: number[];
  if (sumNatural <= width) {
    widths = natural.map((w) => w + (width - sumNatural) / natural.length);
  } else {
    const sumMin = minWidths.reduce((a, b) => a + b, 0);
    const slack = natural.map((w, j) => Math.max(0, w - minWidths[j]!));
    const totalSlack = slack.reduce((a, b) => a + b, 0) || 1;
    const room = Math.max(0, width - sumMin);
    widths = minWidths.map((w, j) => w + (room * slack[j]!) / totalSlack);
    const sum = widths.reduce((a, b) => a + b, 0);
    if (sum > width) widths = widths.map((w) => (w * width) / sum);
  }
  const pitch = size * 1.45;
  const layoutRow = (row: readonly Cell[]) => {
    const cells = row.map((cell, j) => {
      const style = cell.header ? s.header : s.cell;
      const inner = Math.max(1, widths[j]! - 2 * padding);
      const compose = (text: string) => {
        const atoms = ctx.shape(text, style);
        return atoms.length === 0 ? [] : ctx.compose(atoms, { width: inner, align: cell.align === 'left' ? 'justify' : cell.align, lastAlign: cell.align === 'left' ? 'left' : cell.align });
      };
      let lines: ComposedLine[] = compose(`${cell.text}${cell.unit ?? ''}`);
      // A header that wraps keeps its unit whole, on a line of its own.
      if (cell.unit && lines.length > 1) lines = [...compose(cell.text), ...compose(cell.unit)];
      return { lines, style };
    });
    const count = Math.max(1, ...cells.map((c) => c.lines.length));
    return { cells, count };
  };
  const headerRow = layoutRow(header);
  const rows = body.map(layoutRow);
  const rowHeight = (count: number) => count * pitch + padding;
  const captionStyle = ctx.runStyle(t.captionStyle);
  const captionLines = caption.trim() === '' ? [] : ctx.compose(ctx.shape(caption.trim(), captionStyle), { width, align: 'center', lastAlign: 'center' });
  const captionPitch = captionStyle.size * 1.5;
  const captionHeight = captionLines.length * captionPitch;

  // A table that fits on one page stays whole with its notes; a longer one keeps at least its
  // caption, header and first row together.
  const noteStyle = ctx.runStyle(t.noteStyle);
  const notePitch = noteStyle.size * 1.5;
  const noteLines = notes.flatMap((note) => ctx.compose(ctx.shape(note, noteStyle), { width, align: 'justify' }));
  const whole = captionHeight + rowHeight(headerRow.count) + rows.reduce((h, r) => h + rowHeight(r.count), 0) + noteLines.length * notePitch;
  const firstRowHeight = rows[0] ? rowHeight(rows[0].count) : 0;
  let top = flow.reserve(whole <= g.bottom - g.top ? whole : captionHeight + rowHeight(headerRow.count) + firstRowHeight, mm(3));
  const captionStruct = ctx.struct('Caption', blockId);
  captionLines.forEach((line, k) => {
    flow.add(...ctx.lineItems(line, g.left, top + k * captionPitch + (captionPitch - captionStyle.size) / 2 + EM_ASCENT * captionStyle.size, captionStruct));
  });
  flow.y = top + captionHeight;

  const xs = widths.reduce<number[]>((acc, w) => [...acc, acc[acc.length - 1]! + w], [g.left]);
  const rule = (x1: number, y1: number, x2: number, y2: number, w: number) =>
    flow.add({ kind: 'rule', x1, y1, x2, y2, width: w, color: '#000000', struct: { type: 'Artifact', id: 0 } });

  let segmentTop = flow.y;
  const rowTops: number[] = [];
  const closeSegment = (bottom: number) => {
    if (t.borders === 'grid') {
      for (const y of rowTops) rule(g.left, y, g.right, y, y === segmentTop ? t.outerRuleWidthPt : t.ruleWidthPt);
      for (let j = 0; j < xs.length; j++) {
        const x = xs[j]!;
        const outer = j === 0 || j === xs.length - 1;
        rule(x, segmentTop, x, bottom, outer ? t.outerRuleWidthPt : t.ruleWidthPt);
      }
      rule(g.left, bottom, g.right, bottom, t.outerRuleWidthPt);
    } else {
      rule(g.left, segmentTop, g.right, segmentTop, t.outerRuleWidthPt);
      if (rowTops[1] !== undefined) rule(g.left, rowTops[1], g.right, rowTops[1], t.ruleWidthPt);
      rule(g.left, bottom, g.right, bottom, t.outerRuleWidthPt);
    }
    rowTops.length = 0;
  };
  const drawRow = (row: ReturnType<typeof layoutRow>, y: number, from = 0, to = row.count) => {
    row.cells.forEach((cell, j) => {
      const innerLeft = xs[j]! + padding;
      const lines = cell.lines.slice(from, to);
      // Vertically centre short cells within the row.
      const offset = ((to - from) - lines.length) * pitch / 2;
      lines.forEach((line, k) => {
        const baseline = y + padding / 2 + offset + k * pitch + (pitch - cell.style.size) / 2 + EM_ASCENT * cell.style.size;
        flow.add(...ctx.lineItems(line, innerLeft, baseline, struct as StructRef));
      });
    });
  };
  const startSegment = () => {
    segmentTop = flow.y;
    rowTops.push(flow.y);
    drawRow(headerRow, flow.y);
    flow.y += rowHeight(headerRow.count);
  };
  startSegment();
  for (const row of rows) {
    let from = 0;
    while (from < row.count) {
      const available = g.bottom - flow.y;
      const fit = Math.floor((available - padding) / pitch);
      const remaining = row.count - from;
      if (fit >= remaining || (fit >= 1 && remaining * pitch + padding > g.bottom - g.top - rowHeight(headerRow.count))) {
        const take = Math.min(fit, remaining);
        rowTops.push(flow.y);
        drawRow(row, flow.y, from, from + take);
        flow.y += rowHeight(take);
        from += take;
        if (from < row.count) {
          closeSegment(flow.y);
          flow.newPage();
          flow.y = g.top;
          startSegment();
        }
      } else {
        closeSegment(flow.y);
        flow.newPage();
        flow.y = g.top;
        startSegment();
      }
    }
  }
  closeSegment(flow.y);
  top = flow.y;
  for (const line of noteLines) {
    const lineTop = flow.reserve(notePitch, 0);
    flow.add(...ctx.lineItems(line, g.left, lineTop + (notePitch - noteStyle.size) / 2 + EM_ASCENT * noteStyle.size + 2, struct));
  }
  flow.y += mm(2);
}
