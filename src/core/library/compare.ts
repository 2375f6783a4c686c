import type { BlockOf } from '../../shared/briefing';
import { canonicalBaseUnit, splitUnit, type Derivation, type LibraryCatalog, type LibraryItem, type Qualifier } from '../../shared/library';
import { formatCitation } from './citation';

/** One value of a metric for one place: stated by an item, or derived (推算) from other items. */
export interface MetricValue {
  /** 杭州, or 杭州萧山区 for a district */
  readonly place: string;
  readonly city: string;
  readonly district?: string;
  /** in the metric's display unit */
  readonly value: number;
  readonly unit: string;
  /** the figure as a table shows it: 28, 约6087 */
  readonly text: string;
  readonly itemId?: string;
  readonly derivationId?: string;
  /** true when computed by the library, not stated in a source */
  readonly derived: boolean;
  readonly year?: number;
  readonly qualifier?: Qualifier;
  readonly approximate: boolean;
  /** the ids of the items it rests on (the item itself, or a derivation's operands) */
  readonly basis: readonly string[];
}

/** 杭州 or 杭州萧山区. */
export function placeLabel(city: string, district?: string): string {
  return district ? `${city}${district}` : city;
}

/** Whether a place name given by a caller (杭州, 萧山区, 杭州萧山区) names this value's place. */
function isPlace(value: { city: string; district?: string }, name: string): boolean {
  return value.district ? name === value.district || name === placeLabel(value.city, value.district) : name === value.city;
}

/** Formats a number as Chinese statistics write it: no exponent, no trailing zeros. */
export function formatFigure(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

/** Rounds a derived value to 4 significant digits for display, marking 约 when rounding changed it. */
function derivedText(value: number): { value: number; text: string } {
  const rounded = Number(value.toPrecision(4));
  const exact = Math.abs(rounded - value) < 1e-9 * Math.max(1, Math.abs(value));
  return { value: rounded, text: `${exact ? '' : '约'}${formatFigure(rounded)}` };
}

/** Converts an item's figure into `unit` through base values; undefined when the bases differ. */
function inUnit(item: LibraryItem, unit: string): number | undefined {
  if (item.value === undefined || item.unit === undefined) return undefined;
  if (item.unit === unit) return item.value;
  const target = splitUnit(unit);
  const own = splitUnit(item.unit);
  const base = item.baseUnit ?? own.base;
  if (target.base !== '' && canonicalBaseUnit(base) !== canonicalBaseUnit(target.base)) return undefined;
  if (target.base === '' && own.base !== '') return undefined;
  return (item.baseValue ?? item.value * own.multiplier) / target.multiplier;
}

/** Computes a derivation in base units, converted to its unit; undefined when an operand is missing. */
export function computeDerivation(derivation: Derivation, items: ReadonlyMap<string, LibraryItem>): number | undefined {
  const [a, b] = derivation.operands.map((id) => items.get(id));
  if (!a || !b || a.baseValue === undefined || b.baseValue === undefined) return undefined;
  let base: number;
  if (derivation.op === 'sum') {
    if (canonicalBaseUnit(a.baseUnit ?? '') !== canonicalBaseUnit(b.baseUnit ?? '')) return undefined;
    base = a.baseValue + b.baseValue;
  } else {
    if (b.unit !== '%' || b.baseValue === 0) return undefined;
    base = a.baseValue / (b.baseValue / 100);
  }
  return base / splitUnit(derivation.unit).multiplier;
}

const QUALIFIER_RANK: Record<Qualifier, number> = { actual: 3, comparison: 2, target: 1, threshold: 0 };

/**
 * Every value of a metric, one per place (stated items first; a derivation fills a place without
 * one), in the metric's unit. With `year`, only values of that year; otherwise a place with several
 * values keeps the actual figure before a comparison, target or threshold, then the latest year.
 */
export function metricValues(catalog: LibraryCatalog, metric: string, options: { year?: number } = {}): MetricValue[] {
  const definition = catalog.metrics.find((m) => m.key === metric);
  if (!definition) return [];
  const unit = definition.unit;
  const byPlace = new Map<string, MetricValue[]>();
  const push = (v: MetricValue) => {
    const list = byPlace.get(v.place) ?? [];
    list.push(v);
    byPlace.set(v.place, list);
  };
  for (const item of catalog.items) {
    if (item.kind !== 'indicator' || item.metric !== metric) continue;
    if (options.year !== undefined && item.year !== options.year) continue;
    const value = inUnit(item, unit);
    if (value === undefined) continue;
    push({
      place: placeLabel(item.city, item.district),
      city: item.city,
      ...(item.district ? { district: item.district } : {}),
      value,
      unit,
      text: formatFigure(value),
      itemId: item.id,
      derived: item.unit !== unit,
      ...(item.year !== undefined ? { year: item.year } : {}),
      ...(item.qualifier ? { qualifier: item.qualifier } : {}),
      approximate: item.approximate === true,
      basis: [item.id],
    });
  }
  const itemsById = new Map(catalog.items.map((i) => [i.id, i]));
  for (const derivation of catalog.derivations) {
    if (derivation.metric !== metric) continue;
    if (options.year !== undefined && derivation.year !== options.year) continue;
    const place = placeLabel(derivation.city, derivation.district);
    if (byPlace.has(place)) continue;
    const computed = computeDerivation(derivation, itemsById);
    if (computed === undefined) continue;
    const converted = derivation.unit === unit ? computed : (computed * splitUnit(derivation.unit).multiplier) / splitUnit(unit).multiplier;
    const shown = derivedText(converted);
    push({
      place,
      city: derivation.city,
      ...(derivation.district ? { district: derivation.district } : {}),
      value: shown.value,
      unit,
      text: shown.text,
      derivationId: derivation.id,
      derived: true,
      ...(derivation.year !== undefined ? { year: derivation.year } : {}),
      approximate: shown.text.startsWith('约'),
      basis: derivation.operands,
    });
  }
  const out: MetricValue[] = [];
  for (const list of byPlace.values()) {
    list.sort((a, b) => (QUALIFIER_RANK[b.qualifier ?? 'actual'] - QUALIFIER_RANK[a.qualifier ?? 'actual']) || (b.year ?? 0) - (a.year ?? 0));
    out.push(list[0]!);
  }
  return out;
}

/** Options of a comparison table: metrics as columns, places as rows. */
export interface ComparisonTableOptions {
  readonly metrics: readonly string[];
  /** 杭州, 南京, 萧山区 or 杭州萧山区 — in row order */
  readonly places: readonly string[];
  readonly year?: number;
  readonly caption?: string;
  /** adds a row numerator ÷ denominator (as %), marked derived */
  readonly ratio?: { readonly numerator: string; readonly denominator: string };
}

type TableCell = BlockOf<'table'>['rows'][number]['cells'][number];

/** Sources, derivations and targets of the values used, as a note under a table or chart. */
function noteFor(catalog: LibraryCatalog, used: readonly MetricValue[], extra: string[] = []): string | undefined {
  const lines: string[] = [];
  const targets = used.filter((v) => v.qualifier === 'target');
  if (targets.length > 0) lines.push(`目标值：${targets.map((v) => `${v.place}${v.year ? `（${v.year}年）` : ''}`).join('、')}。`);
  const derivedValues = used.filter((v) => v.derivationId !== undefined);
  for (const v of derivedValues) {
    const derivation = catalog.derivations.find((d) => d.id === v.derivationId);
    if (derivation) lines.push(derivation.note);
  }
  lines.push(...extra);
  const itemIds = new Set(used.flatMap((v) => v.basis));
  const sourceIds = [...new Set(catalog.items.filter((i) => itemIds.has(i.id)).map((i) => i.sourceId))];
  const sources = sourceIds.map((id) => catalog.sources.find((s) => s.id === id)).filter((s) => s !== undefined);
  if (sources.length > 0) lines.push(`资料来源：${sources.map((s) => formatCitation(s)).join('；')}。`);
  if (used.some((v) => v.derived) || extra.length > 0) lines.unshift('注：标注“推算”的数值由资料库根据原文数据计算，非原文所载。');
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/**
 * 对比表 contents from metric keys and places: one column per metric (label and unit from the
 * metric), one row per place; a missing figure shows —. Derived cells (推算, converted units, the
 * ratio row) carry `derived: true`. The caller adds the block id.
 */
export function buildComparisonTable(catalog: LibraryCatalog, options: ComparisonTableOptions): Omit<BlockOf<'table'>, 'id'> {
  const definitions = options.metrics.map((key) => {
    const d = catalog.metrics.find((m) => m.key === key);
    if (!d) throw new Error(`buildComparisonTable: unknown metric ${key}`);
    return d;
  });
  const valuesByMetric = options.metrics.map((key) => metricValues(catalog, key, options.year === undefined ? {} : { year: options.year }));
  const used: MetricValue[] = [];
  const rows = options.places.map((place) => ({
    label: place,
    cells: valuesByMetric.map((values): TableCell => {
      const v = values.find((x) => isPlace(x, place));
      if (!v) return { text: '—' };
      used.push(v);
      return {
        text: v.derived && v.derivationId ? `${v.text}（推算）` : v.text,
        value: v.value,
        ...(v.itemId ? { itemId: v.itemId } : {}),
        ...(v.derived ? { derived: true } : {}),
      };
    }),
  }));
  if (options.ratio) {
    const { numerator, denominator } = options.ratio;
    rows.push({
      label: `${numerator}÷${denominator}`,
      cells: valuesByMetric.map((values): TableCell => {
        const a = values.find((x) => isPlace(x, numerator));
        const b = values.find((x) => isPlace(x, denominator));
        if (!a || !b || b.value === 0) return { text: '—' };
        const ratio = Number(((a.value / b.value) * 100).toPrecision(4));
        return { text: `${formatFigure(ratio)}%（推算）`, value: ratio, derived: true };
      }),
    });
  }
  const extra = options.ratio ? [`比值行为${options.ratio.numerator}数值除以${options.ratio.denominator}数值（%）。`] : [];
  const note = noteFor(catalog, used, extra);
  return {
    type: 'table',
    caption: options.caption ?? `${options.places.join('、')}${definitions.map((d) => d.label).join('、')}对比`,
    columns: definitions.map((d) => ({ label: d.label, unit: d.unit })),
    rows,
    ...(note ? { note } : {}),
  };
}

/** Options of a bar chart: one metric, the places to show (all with a value when omitted). */
export interface BarChartOptions {
  readonly metric: string;
  readonly places?: readonly string[];
  readonly year?: number;
  readonly title?: string;
}

/** 柱状图 contents for one metric: a bar per place, derived values marked. The caller adds the id. */
export function buildBarChart(catalog: LibraryCatalog, options: BarChartOptions): Omit<BlockOf<'chart'>, 'id'> {
  const definition = catalog.metrics.find((m) => m.key === options.metric);
  if (!definition) throw new Error(`buildBarChart: unknown metric ${options.metric}`);
  const values = metricValues(catalog, options.metric, options.year === undefined ? {} : { year: options.year });
  const chosen = options.places
    ? options.places.map((p) => values.find((v) => isPlace(v, p))).filter((v): v is MetricValue => v !== undefined)
    : values;
  const note = noteFor(catalog, chosen);
  return {
    type: 'chart',
    title: options.title ?? `${definition.label}对比`,
    unit: definition.unit,
    bars: chosen.map((v) => ({
      label: v.place,
      value: v.value,
      ...(v.itemId ? { itemId: v.itemId } : {}),
      ...(v.derived ? { derived: true } : {}),
    })),
    ...(note ? { note } : {}),
  };
}
