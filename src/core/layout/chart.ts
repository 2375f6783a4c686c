import { scaleLinear } from 'd3-scale';
import type { BlockOf, FrozenItem } from '../../shared/briefing';
import type { LayoutContext } from './context';
import { printedNote } from './notes';
import { citationText } from './text';
import { EM_ASCENT, mm } from './geometry';
import type { ComposedLine } from './justify';
import type { RunStyle } from './shape';

/** A number as a tick or value label: up to six significant decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  return String(Number(value.toFixed(6)));
}

/**
 * The value axis of a chart of `values`: a domain with zero in it, made nice for about five ticks
 * (d3's choice), and those ticks. One choice for the PDF's drawing and Word's native chart.
 */
export function chartAxis(values: readonly number[]): { domain: [number, number]; ticks: number[] } {
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  // A degenerate range (all zero, or denormal values) gets a unit axis instead of infinities.
  if (!(hi - lo > 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi)))) {
    lo = Math.min(lo, 0);
    hi = lo + 1;
  }
  const scale = scaleLinear().domain([lo, hi]).nice(5);
  const [a, b] = scale.domain() as [number, number];
  return { domain: [a, b], ticks: scale.ticks(5) };
}

/**
 * 柱状图 as vector graphics: title, unit, a linear axis with nice ticks (zero included), one bar
 * per indicator with its value on top, category labels below, derived values drawn lighter and
 * marked 推算, then the source line. The whole chart stays on one page.
 */
export function layoutChart(ctx: LayoutContext, block: BlockOf<'chart'>, frozen: ReadonlyMap<string, FrozenItem>): void {
  const { geometry: g, flow, template } = ctx;
  const c = template.chart;
  const struct = ctx.struct('Figure', block.id);
  const titleStyle = ctx.runStyle(c.titleStyle);
  const labelStyle = ctx.runStyle(c.labelStyle);
  const labelPitch = labelStyle.size * 1.35;
  const width = g.width;
  const titleLines = block.title.trim() ? ctx.compose(ctx.shape(block.title.trim(), titleStyle), { width, align: 'center', lastAlign: 'center' }) : [];
  const titlePitch = titleStyle.size * 1.5;

  // Source line: the citations of the bars' library items, then the chart's own note.
  const sources: string[] = [];
  for (const bar of block.bars) {
    const item = bar.itemId ? frozen.get(bar.itemId) : undefined;
    if (!item) continue;
    const text = citationText(item, []);
    if (!sources.includes(text)) sources.push(text);
  }
  const footer: string[] = [];
  if (sources.length > 0) footer.push(`${c.sourcePrefix}${sources.join('；')}。`);
  if (block.bars.some((b) => b.derived)) footer.push(`注：浅色柱为${c.derivedLabel}值。`);
  // A note inserted from the library carries its own 资料来源 sentence: printed once, from the items.
  const note = printedNote(block.note, sources.length > 0 ? c.sourcePrefix : undefined);
  if (note) footer.push(note);
  const footerLines = footer.flatMap((text) => ctx.compose(ctx.shape(text, labelStyle), { width, align: 'justify' }));

  const plotHeight = mm(c.heightMm);
  const values = block.bars.map((b) => b.value);
  const n = block.bars.length;
  const unitText = block.unit.trim() ? `单位：${block.unit.trim()}` : '';

  // Category labels under the bars (wrapped to the bar's slot).
  const axisLeftGuess = ctx.measure('0000.0', labelStyle) + 6;
  const slot = n > 0 ? (width - axisLeftGuess) / n : width;
  const categoryLines: ComposedLine[][] = block.bars.map((b) =>
    ctx.compose(ctx.shape(b.label, labelStyle), { width: Math.max(labelStyle.size, slot - 4), align: 'center', lastAlign: 'center' }).slice(0, 3),
  );
  const categoryHeight = Math.max(1, ...categoryLines.map((l) => l.length)) * labelPitch;
  // The chart stays on one page with its first footer line; further footer lines may flow on.
  const total = titleLines.length * titlePitch + labelPitch + plotHeight + 4 + categoryHeight + Math.min(1, footerLines.length) * labelPitch + 4;
  const top = flow.reserve(total, mm(4));
  let y = top;
  titleLines.forEach((line) => {
    flow.add(...ctx.lineItems(line, g.left, y + (titlePitch - titleStyle.size) / 2 + EM_ASCENT * titleStyle.size, struct));
    y += titlePitch;
  });
  const labelBaseline = (lineTop: number) => lineTop + (labelPitch - labelStyle.size) / 2 + EM_ASCENT * labelStyle.size;
  if (unitText) flow.add(...ctx.lineItems(ctx.singleLine(unitText, labelStyle, 'left', width), g.left, labelBaseline(y), struct));
  y += labelPitch;
  const plotTop = y;
  const plotBottom = y + plotHeight;

  if (n === 0 || values.every((v) => !Number.isFinite(v))) {
    flow.add({ kind: 'rect', x: g.left, y: plotTop, w: width, h: plotHeight, stroke: '#000000', lineWidth: c.axisWidthPt, struct: { type: 'Artifact', id: 0 } });
    const line = ctx.singleLine(c.emptyText, labelStyle, 'center', width);
    flow.add(...ctx.lineItems(line, g.left, plotTop + plotHeight / 2 + labelStyle.size / 3, struct));
  } else {
    const axis0 = chartAxis(values);
    const scale = scaleLinear().domain(axis0.domain).range([plotBottom, plotTop + labelPitch * 2]).clamp(true);
    const ticks = axis0.ticks.filter((t) => Number.isFinite(scale(t)));
    const tickLabels = ticks.map(formatNumber);
    const axisLeft = g.left + Math.max(...tickLabels.map((t) => ctx.measure(t, labelStyle))) + 6;
    const plotWidth = g.right - axisLeft;
    const barSlot = plotWidth / n;
    const barWidth = Math.min(barSlot * 0.55, mm(22));
    const axis = (x1: number, y1: number, x2: number, y2: number, w: number, color = '#000000') =>
      flow.add({ kind: 'rule', x1, y1, x2, y2, width: w, color, struct: { type: 'Artifact', id: 0 } });
    ticks.forEach((t, k) => {
      const ty = scale(t);
      axis(axisLeft - 3, ty, axisLeft, ty, c.axisWidthPt);
      if (t !== 0) axis(axisLeft, ty, g.right, ty, 0.25, '#BFBFBF');
      const line = ctx.singleLine(tickLabels[k]!, labelStyle, 'right', axisLeft - 5 - g.left);
      flow.add(...ctx.lineItems(line, g.left, ty + labelStyle.size * 0.35, struct));
    });
    axis(axisLeft, plotTop + labelPitch, axisLeft, plotBottom, c.axisWidthPt);
    const zero = scale(0);
    axis(axisLeft, zero, g.right, zero, c.axisWidthPt);
    block.bars.forEach((bar, k) => {
      const cx = axisLeft + barSlot * (k + 0.5);
      const yv = scale(bar.value);
      const yTop = Math.min(yv, zero);
      const h = Math.abs(zero - yv);
      flow.add({ kind: 'rect', x: cx - barWidth / 2, y: yTop, w: barWidth, h: Math.max(h, 0.01), fill: ctx.colour(bar.derived ? c.derivedBarColor : c.barColor), struct: { type: 'Artifact', id: 0 } });
      const valueText = bar.derived ? `${formatNumber(bar.value)}（${c.derivedLabel}）` : formatNumber(bar.value);
      const valueLines = ctx.compose(ctx.shape(valueText, labelStyle as RunStyle), { width: Math.max(barSlot - 2, labelStyle.size * 2), align: 'center', lastAlign: 'center' });
      const above = bar.value >= 0;
      valueLines.forEach((line, i) => {
        const lineTop = above ? yTop - (valueLines.length - i) * labelPitch - 1 : yTop + h + i * labelPitch + 1;
        flow.add(...ctx.lineItems(line, cx - Math.max(barSlot - 2, labelStyle.size * 2) / 2, labelBaseline(lineTop), struct));
      });
      categoryLines[k]!.forEach((line, i) => {
        const w = Math.max(labelStyle.size, slot - 4);
        flow.add(...ctx.lineItems(line, cx - w / 2, labelBaseline(plotBottom + 4 + i * labelPitch), struct));
      });
    });
  }
  flow.y = plotBottom + 4 + categoryHeight;
  for (const line of footerLines) {
    const lineTop = flow.reserve(labelPitch, 0);
    flow.add(...ctx.lineItems(line, g.left, labelBaseline(lineTop), struct));
  }
  flow.y += 4;
}
