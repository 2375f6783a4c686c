// 柱状图 as a native Word chart: drawn by Word, WPS and LibreOffice from its data, edited with 编辑数据.
import { PackagePart } from 'docx';
import { ChartRun } from 'docx/charts';
import type { BlockOf } from '../../shared/briefing';
import type { Template } from '../../shared/template';
import { chartAxis, formatNumber } from '../layout/chart';

/** Where and how large the chart is drawn, points; the official font name of its labels. */
export interface NativeChartPlace {
  readonly width: number;
  readonly height: number;
  /** The share of a category's slot the PDF's bar takes (0–1). */
  readonly barShare: number;
  readonly font: string;
  /** The drawing's id in the document (wp:docPr), unique per document. */
  readonly drawingId: number;
  readonly title: string;
  /** The chart's data in words, for the alt text. */
  readonly description: string;
}

const hex = (colour: string): string => colour.replace('#', '').toUpperCase();
const px = (pt: number): number => Math.round((pt * 96) / 72);

/**
 * A column chart of the block's bars as the PDF draws it: one series, each bar in the template's
 * colour (a derived bar in the lighter one, its label “6087（推算）”), values above the bars, the
 * value axis on the PDF's ticks with grey gridlines, no legend, the labels' font and size. Its
 * data sits in an embedded workbook, so 编辑数据 in Word or WPS opens it.
 * The library's random part ids are settled (`settle`) so the same input gives the same bytes.
 */
export function nativeChart(block: BlockOf<'chart'>, template: Template, place: NativeChartPlace): ChartRun {
  const c = template.chart;
  const values = block.bars.map((b) => b.value);
  const axis = chartAxis(values);
  // The tick step, rid of the float noise of a difference (−0.2 − −0.3 is 0.09999999999999998).
  const interval = axis.ticks.length > 1 ? Number((axis.ticks[1]! - axis.ticks[0]!).toPrecision(12)) : undefined;
  const font = { name: place.font, size: c.labelStyle.sizePt, color: '000000' };
  const share = Math.min(0.95, Math.max(0.05, place.barShare));
  const run = new ChartRun({
    type: 'column',
    categories: block.bars.map((b) => b.label),
    series: [
      {
        name: place.title || '数值',
        values,
        color: hex(c.barColor),
        colors: block.bars.map((b) => (b.derived ? hex(c.derivedBarColor) : undefined)),
        dataLabels: { value: true, position: 'outsideEnd', font },
        pointLabels: block.bars.map((b) => (b.derived ? { text: `${formatNumber(b.value)}（${c.derivedLabel}）`, position: 'outsideEnd', font } : undefined)),
      },
    ],
    // Word's gap between bars is a share of a bar's width: the PDF's bar takes `share` of its slot.
    gapWidth: Math.min(500, Math.round(((1 - share) / share) * 100)),
    legend: false,
    font: { name: place.font, color: '000000' },
    chartArea: { fill: 'none', border: 'none' },
    plotArea: { fill: 'none', border: 'none' },
    categoryAxis: { font, gridlines: false },
    valueAxis: { minimum: axis.domain[0], maximum: axis.domain[1], ...(interval ? { interval } : {}), gridlines: true, numberFormat: 'General', font },
    transformation: { width: px(place.width), height: px(place.height) },
    altText: { id: String(place.drawingId), name: place.title || '图表', title: place.title || '图表', description: place.description },
  });
  settle(run, place.drawingId, place.font);
  return run;
}

/**
 * Settles what the library leaves to chance or to the theme, walking the run's own objects once
 * each (never into byte arrays):
 * - the package parts it refers to (the chart, and its workbook through the chart) get ids from
 *   `n`, and every `r:id` attribute that names them follows;
 * - Chinese text takes the labels' font (`a:ea`; the library leaves it to the theme, 等线 in a
 *   Chinese Word);
 * - data labels do not wrap (“6087（推算）” stays one line above its bar, as in the PDF).
 */
function settle(run: ChartRun, n: number, font: string): void {
  const parts: PackagePart[] = [];
  const ids: { key: string; value: unknown }[] = [];
  const seen = new Set<object>();
  const stack: [unknown, boolean][] = [[run, false]];
  while (stack.length > 0) {
    const [value, inLabels] = stack.pop()!;
    if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) continue;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (typeof record['key'] === 'string' && 'value' in record) {
      const attribute = record as { key: string; value: unknown };
      if (attribute.key === 'r:id') ids.push(attribute);
      else if (attribute.key === 'typeface' && attribute.value === '+mn-ea') attribute.value = font;
      else if (inLabels && attribute.key === 'wrap' && attribute.value === 'square') attribute.value = 'none';
    }
    const labels = inLabels || record['rootKey'] === 'c:dLbls';
    for (const child of Array.isArray(value) ? value : Object.values(record)) stack.push([child, labels]);
    if (value instanceof PackagePart) {
      parts.push(value);
      // A part's XML content holds the parts it refers to (the chart holds its workbook).
      stack.push([value.options.content, false]);
    }
  }
  if (parts.length !== 2) throw new Error(`docx chart: expected a chart and a workbook part, found ${parts.length}`);
  for (const part of parts) {
    const name = part.options.folder === 'charts' ? `bschart${n}` : `bsbook${n}`;
    const old = part.relationshipId;
    Object.defineProperty(part, 'id', { value: name });
    Object.defineProperty(part, 'relationshipId', { value: `rId${name}` });
    for (const id of ids) if (id.value === old) id.value = `rId${name}`;
  }
}
