import type { BlockOf, Figure, FrozenItem, TextRun } from '../../shared/briefing';
import { formatCitation, toFrozenItem, type CitableSource } from '../library/citation';
import { figureOf, formatFigure as formatNumber, type FreezableItem } from '../library/figures';
import { toFullWidthPunctuation } from './punctuation';
import { normalizeRuns } from './runs';

// Blocks built from library items: excerpts (摘录), statements (指标表述: a paragraph around a
// linked figure), comparison tables (对比表) and bar charts (柱状图). The library's own types live with the library; these functions need only the
// fields below, so the editor adapts whatever the library returns to them. Freezing an item and
// citing a source are the library's (core/library), so every block cites the way the library does.

// The figure helpers are the library's; the editor and the checks know them by these names.
export { figureOf, formatNumber };

/** What the editor needs of a library item: what freezing needs, and what tables compare. */
export interface LibraryItemLike extends FreezableItem {
  /** the figure in base units (1.85 万亿元 → 1.85e12), to compare different units */
  readonly baseValue?: number | null | undefined;
  /** what indicators of different cities share (技术转化率) */
  readonly metric?: string | null | undefined;
  /** 推算 — computed by the library from other items, not stated in a source */
  readonly derived?: boolean | undefined;
  /** the items a derived value is computed from (the first is cited) */
  readonly operands?: readonly string[] | undefined;
  /** how it was computed, or a caveat about the figure */
  readonly note?: string | null | undefined;
  /** the newer item of the same metric and place that replaces this figure */
  readonly supersededBy?: string | null | undefined;
}

/** A value the library computes from two items (推算). */
export interface DerivationLike {
  readonly id: string;
  readonly city: string;
  readonly district?: string | undefined;
  readonly year?: number | undefined;
  /** sum: a + b (in base units); divide-by-percent: a ÷ (b %) */
  readonly op: 'sum' | 'divide-by-percent';
  readonly operands: readonly [string, string];
  readonly unit: string;
  readonly note: string;
}

/**
 * The item a derivation stands for, in its unit (`multiplier` is the unit's magnitude: 亿元 → 1e8),
 * marked derived; undefined when an operand is missing or has no base value.
 */
export function deriveItem(derivation: DerivationLike, operands: readonly (LibraryItemLike | undefined)[], metric: string, multiplier: number): LibraryItemLike | undefined {
  const [a, b] = operands;
  if (!a || !b || !a.baseValue || b.baseValue === null || b.baseValue === undefined) return undefined;
  let base: number;
  if (derivation.op === 'sum') base = a.baseValue + b.baseValue;
  else if (b.value) base = a.baseValue / (b.value / 100);
  else return undefined;
  const value = Number((base / multiplier).toPrecision(4));
  return {
    id: derivation.id,
    kind: 'indicator',
    city: derivation.city,
    district: derivation.district ?? null,
    subject: metric,
    metric,
    value,
    unit: derivation.unit,
    baseValue: base,
    year: derivation.year ?? null,
    qualifier: null,
    quote: '',
    sourceId: a.sourceId,
    paragraph: a.paragraph,
    derived: true,
    operands: [...derivation.operands],
    note: derivation.note,
  };
}

/**
 * What the editor needs of a library source (an article). `outlet` is the outlet as given: with
 * `originalPublisher` it is printed 上海证券报（原载…）, as the library cites it; `date` is the date
 * as printed (2025年2月7日).
 */
export interface LibrarySourceLike {
  readonly id: string;
  readonly title: string;
  readonly outlet: string;
  readonly originalPublisher?: string | undefined;
  readonly kind?: CitableSource['kind'];
  readonly date: string;
}

/** The source as the library cites it. */
function citable(source: LibrarySourceLike): CitableSource {
  return {
    id: source.id,
    title: source.title,
    outlet: source.outlet,
    dateText: source.date,
    ...(source.originalPublisher ? { originalPublisher: source.originalPublisher } : {}),
    ...(source.kind ? { kind: source.kind } : {}),
  };
}

/** The figure as it reads: 3.85%, 1.85万亿元. */
export function figureText(figure: Pick<Figure, 'value' | 'unit'>): string {
  return `${formatNumber(figure.value)}${figure.unit}`;
}

/**
 * The wording of a statement around its figure, taken from the clause of the quote that holds the
 * figure: “南京技术转化率仅为” + 28% + “（江苏省科技厅2023年数据）。”. When that clause does not
 * name what is measured, the wording is built from the place and the metric (“杭州技术转化率为” …).
 * Punctuation is made full-width: the wording is the official's own, not a verbatim quote.
 */
export function statementWording(item: LibraryItemLike): { before: string; after: string } {
  const figure = figureOf(item);
  if (!figure) return { before: item.quote, after: '' };
  const place = placeOf(item);
  const metric = metricOf(item);
  const fallback = { before: `${place}${metric}为`, after: '。' };
  const number = formatNumber(figure.value);
  for (const written of [`${number}${figure.unit}`, `${number} ${figure.unit}`]) {
    const at = item.quote.indexOf(written);
    if (at < 0) continue;
    let start = at;
    while (start > 0 && !/[。；，,;：:！？!?]/.test(item.quote[start - 1]!)) start--;
    let end = at + written.length;
    while (end < item.quote.length && !/[。；，,;、！？!?]/.test(item.quote[end]!)) end++;
    let before = item.quote.slice(start, at).replace(/^(?:但是|但|而且|而|并且|且|并|其中|同时|另外|此外)/, '');
    if (!before.includes(metric) && !before.includes(item.subject)) return fallback;
    if (!before.includes(item.city)) before = `${place}${before}`;
    const after = `${item.quote.slice(at + written.length, end)}。`;
    return { before: toFullWidthPunctuation(before), after: toFullWidthPunctuation(after) };
  }
  return fallback;
}

/** 资料摘录 — an excerpt block: the item's verbatim quote, cited. */
export function excerptFromItem(item: LibraryItemLike, source: LibrarySourceLike | undefined, id: string): BlockOf<'excerpt'> {
  return { id, type: 'excerpt', itemId: item.id, frozen: toFrozenItem(item, source && citable(source)) };
}

/**
 * The linked figure of an indicator as a paragraph run: the figure as written (28%), tied to its
 * item by a frozen copy (made from `item` and `source` unless given). Undefined for an item with no
 * figure (a measure).
 */
export function linkedFigureRun(item: LibraryItemLike, frozen?: FrozenItem, source?: LibrarySourceLike): TextRun | undefined {
  const copy = frozen ?? toFrozenItem(item, source && citable(source));
  if (!copy.figure) return undefined;
  return { text: figureText(copy.figure), link: { itemId: item.id, frozen: copy } };
}

/**
 * 指标表述 — a paragraph in the official's words around a linked figure: “南京技术转化率仅为” + 28%
 * (linked) + “（江苏省科技厅2023年数据）。” (see statementWording). An item without a figure (a
 * measure) gives a paragraph of its quote, unlinked: use excerptFromItem to cite it.
 */
export function statementParagraph(item: LibraryItemLike, source: LibrarySourceLike | undefined, id: string, frozen?: FrozenItem): BlockOf<'paragraph'> {
  const run = linkedFigureRun(item, frozen, source);
  if (!run) return { id, type: 'paragraph', runs: normalizeRuns([{ text: item.quote }]) };
  const { before, after } = statementWording(item);
  return { id, type: 'paragraph', runs: normalizeRuns([{ text: before }, run, { text: after }]) };
}

/** The name a metric goes by: its key, or the subject. */
export function metricOf(item: LibraryItemLike): string {
  return item.metric || item.subject;
}

/** Where an item is: 杭州 or 杭州滨江区. */
export function placeOf(item: LibraryItemLike): string {
  return item.district ? `${item.city}${item.district}` : item.city;
}

/** The most recent indicator of a metric for a place (the actual figure before a target). */
export function pickIndicator(items: readonly LibraryItemLike[], metric: string, place: string): LibraryItemLike | undefined {
  const candidates = items.filter((i) => i.kind === 'indicator' && figureOf(i) && metricOf(i) === metric && (placeOf(i) === place || (i.city === place && !i.district)));
  const rank = (i: LibraryItemLike) => (i.derived ? -100_000 : 0) + (i.qualifier === 'actual' ? 2 : i.qualifier === 'target' ? 0 : 1) * 10_000 + (i.year ?? 0);
  return candidates.sort((a, b) => rank(b) - rank(a) || (placeOf(a) === place ? -1 : 1))[0];
}

/** Converts an item's figure into `unit` through base values; undefined when they cannot be compared. */
function inUnit(item: LibraryItemLike, reference: LibraryItemLike): number | undefined {
  if (item.value === null || item.value === undefined) return undefined;
  if ((item.unit ?? '') === (reference.unit ?? '')) return item.value;
  if (!item.baseValue || !reference.baseValue || !reference.value) return undefined;
  return (item.baseValue / reference.baseValue) * reference.value;
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface ComparisonTableOptions {
  /** With exactly two places, add a 推算 row: the first place's figure as a multiple of the second's. */
  readonly ratioRow?: boolean;
  readonly caption?: string;
  /** The sources by id: the note then says where every figure comes from (资料来源). */
  readonly sources?: ReadonlyMap<string, LibrarySourceLike>;
}

/**
 * 资料来源：《篇名》，出处，日期，第10、18段。 — where the figures of `used` come from, each source cited
 * as the library cites it (derived values cite the items they are computed from), or '' when no
 * source is known.
 */
export function sourcesLine(used: readonly LibraryItemLike[], all: readonly LibraryItemLike[], sources: ReadonlyMap<string, LibrarySourceLike> | undefined): string {
  if (!sources) return '';
  const byId = new Map(all.map((i) => [i.id, i]));
  const cited = used.flatMap((i) => (i.derived ? (i.operands ?? []).map((id) => byId.get(id)).filter((x): x is LibraryItemLike => !!x) : [i]));
  const bySource = new Map<string, Set<number>>();
  for (const item of cited) {
    if (!sources.has(item.sourceId)) continue;
    if (!bySource.has(item.sourceId)) bySource.set(item.sourceId, new Set());
    bySource.get(item.sourceId)!.add(item.paragraph);
  }
  if (bySource.size === 0) return '';
  const parts = [...bySource.entries()].map(([id, paragraphs]) => formatCitation(citable(sources.get(id)!), { paragraph: [...paragraphs].sort((a, b) => a - b) }));
  return `资料来源：${parts.join('；')}。`;
}

/**
 * 对比表 — one row per place, one column per metric, filled from the library. A figure in another
 * unit is converted and marked 推算; a ratio row is marked 推算 as well; missing figures show —.
 */
export function comparisonTable(items: readonly LibraryItemLike[], metrics: readonly string[], places: readonly string[], id: string, options: ComparisonTableOptions = {}): BlockOf<'table'> {
  const references = metrics.map((m) => places.map((p) => pickIndicator(items, m, p)).find(Boolean));
  const columns = metrics.map((m, k) => ({ label: m, ...(references[k]?.unit ? { unit: references[k]!.unit! } : {}) }));
  type Row = BlockOf<'table'>['rows'][number];
  type Cell = Row['cells'][number];
  const rows: Row[] = places.map((place) => ({
    label: place,
    cells: metrics.map((metric, k): Cell => {
      const item = pickIndicator(items, metric, place);
      const reference = references[k];
      if (!item || !reference) return { text: '—' };
      const value = inUnit(item, reference);
      const cited = item.derived ? item.operands?.[0] : item.id;
      if (value === undefined) return { text: figureText({ value: item.value!, unit: item.unit ?? '' }), ...(cited ? { itemId: cited } : {}), ...(item.derived ? { derived: true } : {}) };
      const converted = (item.unit ?? '') !== (reference.unit ?? '');
      const shown = converted ? round(value, 4) : value;
      return { text: formatNumber(shown), value: shown, ...(cited ? { itemId: cited } : {}), ...(converted || item.derived ? { derived: true } : {}) };
    }),
  }));
  if (options.ratioRow && places.length === 2) {
    const [a, b] = rows;
    rows.push({
      label: `${places[0]}为${places[1]}的倍数`,
      cells: metrics.map((_, k): Cell => {
        const x = a!.cells[k]?.value;
        const y = b!.cells[k]?.value;
        if (x === undefined || y === undefined || y === 0) return { text: '—' };
        const ratio = round(x / y, 2);
        return { text: `${formatNumber(ratio)}倍`, value: ratio, derived: true };
      }),
    });
  }
  const used = places.flatMap((p) => metrics.map((m) => pickIndicator(items, m, p))).filter((i): i is LibraryItemLike => !!i);
  const notes = [...new Set(used.filter((i) => i.derived && i.note).map((i) => i.note!))];
  const cited = sourcesLine(used, items, options.sources);
  // The PDF marks 推算 values and says so itself; the note says how they were computed and the sources.
  const note = [...notes, cited].filter(Boolean).join('');
  return {
    id,
    type: 'table',
    caption: options.caption ?? `${places.join('与')}${metrics.join('、')}对比`,
    columns,
    rows,
    ...(note ? { note } : {}),
  };
}

/**
 * 柱状图 — one bar per item; all bars in the first item's unit (others converted, marked 推算;
 * items that cannot be converted are left out and returned in `skipped`).
 */
export function barChart(items: readonly LibraryItemLike[], id: string, title?: string, sources?: ReadonlyMap<string, LibrarySourceLike>, all: readonly LibraryItemLike[] = items): { block: BlockOf<'chart'>; skipped: LibraryItemLike[] } {
  const indicators = items.filter((i) => figureOf(i));
  const reference = indicators[0];
  const skipped: LibraryItemLike[] = items.filter((i) => !figureOf(i));
  const sameMetric = indicators.every((i) => metricOf(i) === metricOf(indicators[0]!));
  const bars: BlockOf<'chart'>['bars'] = [];
  for (const item of indicators) {
    const value = reference ? inUnit(item, reference) : undefined;
    if (value === undefined) {
      skipped.push(item);
      continue;
    }
    const converted = (item.unit ?? '') !== (reference!.unit ?? '');
    const cited = item.derived ? item.operands?.[0] : item.id;
    bars.push({
      label: sameMetric ? placeOf(item) : `${placeOf(item)}${metricOf(item)}`,
      value: converted ? round(value, 4) : value,
      ...(cited ? { itemId: cited } : {}),
      ...(converted || item.derived ? { derived: true } : {}),
    });
  }
  const drawn = indicators.filter((i) => bars.some((b) => b.itemId === (i.derived ? i.operands?.[0] : i.id)));
  const notes = [...new Set(drawn.filter((i) => i.derived && i.note).map((i) => i.note!))];
  const note = [...notes, sourcesLine(drawn, all, sources)].filter(Boolean).join('');
  const block: BlockOf<'chart'> = {
    id,
    type: 'chart',
    title: title ?? (reference ? (sameMetric ? `${metricOf(reference)}对比` : '指标对比') : ''),
    unit: reference?.unit ?? '',
    bars,
    ...(note ? { note } : {}),
  };
  return { block, skipped };
}

/** Metrics that have indicators, each with the places that have a figure for it, most places first. */
export function metricCatalogue(items: readonly LibraryItemLike[]): { metric: string; places: string[] }[] {
  const map = new Map<string, Set<string>>();
  for (const item of items) {
    const m = metricOf(item);
    if (!map.has(m)) map.set(m, new Set());
    map.get(m)!.add(placeOf(item));
  }
  return [...map.entries()]
    .map(([metric, set]) => ({ metric, places: [...set] }))
    .sort((a, b) => b.places.length - a.places.length || a.metric.localeCompare(b.metric, 'zh-CN'));
}

/** Items grouped by metric (groups with most items first). */
export function groupByMetric(items: readonly LibraryItemLike[]): [string, LibraryItemLike[]][] {
  const map = new Map<string, LibraryItemLike[]>();
  for (const item of items) {
    const m = metricOf(item);
    if (!map.has(m)) map.set(m, []);
    map.get(m)!.push(item);
  }
  return [...map.entries()].sort((a, b) => b[1].length - a[1].length);
}
