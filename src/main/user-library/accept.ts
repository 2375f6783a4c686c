// From reviewed candidates to library items: metric suggestions by subject similarity, themes from
// the metric's existing items (or words of the text), ids, and the new source with its metadata.
import type { AcceptedItem } from '../../shared/api';
import { acceptedItemSchema } from '../../shared/api';
import { libraryThemes, type LibraryItem, type LibrarySource, type MetricDefinition } from '../../shared/library';
import type { z } from 'zod';

/** Character bigrams of a Chinese text (single characters for one-character texts). */
function bigrams(text: string): Set<string> {
  const chars = [...text.replace(/[\s\p{P}\d]/gu, '')];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** How much `label` resembles `subject`: 1 when the subject contains it, else the share of the label's bigrams found in the subject. */
export function metricSimilarity(subject: string, label: string): number {
  if (label.length > 0 && subject.includes(label)) return 1;
  const a = bigrams(label);
  if (a.size === 0) return 0;
  const b = bigrams(subject);
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return shared / a.size;
}

/** What a unit measures, roughly: a share (%, 个百分点) or an amount (亿元, 家, 人). */
const unitKind = (unit: string | null) => (unit === null ? null : /%|百分点/.test(unit) ? 'share' : 'amount');

/**
 * The metric whose label best resembles the subject (≥ 0.6 of its bigrams) and whose unit is of
 * the same kind (a growth rate 4.5% is not the 地区生产总值 in 万亿元), else null. Ties: the longer label.
 */
export function suggestMetric(subject: string | null, metrics: readonly MetricDefinition[], unit: string | null = null): string | null {
  if (!subject) return null;
  let best: { key: string; score: number; length: number } | null = null;
  for (const m of metrics) {
    if (unit !== null && unitKind(unit) !== unitKind(m.unit)) continue;
    const score = metricSimilarity(subject, m.label);
    if (score < 0.6) continue;
    if (!best || score > best.score || (score === best.score && m.label.length > best.length)) best = { key: m.key, score, length: m.label.length };
  }
  return best?.key ?? null;
}

/** Themes for a new item: those its metric's items carry most, else themes named in its words, else 经济总量. */
export function themesFor(item: { subject: string; quote: string; metric: string | null }, existing: readonly LibraryItem[]): string[] {
  if (item.metric) {
    const counts = new Map<string, number>();
    for (const other of existing) if (other.metric === item.metric) for (const t of other.themes) counts.set(t, (counts.get(t) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    if (top.length > 0) return top.slice(0, 2);
  }
  const named = libraryThemes.filter((t) => item.subject.includes(t) || item.quote.includes(t));
  return named.length > 0 ? named.slice(0, 3) : ['经济总量'];
}

type Accepted = z.output<typeof acceptedItemSchema>;

/** Builds the library items (and any new metrics) for accepted candidates of `source`. */
export function buildItems(
  accepted: readonly AcceptedItem[],
  source: LibrarySource,
  context: { existing: readonly LibraryItem[]; metrics: readonly MetricDefinition[]; newId: () => string },
): { items: LibraryItem[]; metrics: MetricDefinition[] } {
  const metrics: MetricDefinition[] = [];
  const known = new Map(context.metrics.map((m) => [m.key, m]));
  const byLabel = new Map(context.metrics.map((m) => [m.label, m.key]));
  const items = accepted.map((raw): LibraryItem => {
    const a: Accepted = acceptedItemSchema.parse(raw);
    const id = `u-${context.newId()}`;
    let metric = a.kind === 'indicator' ? a.metric : null;
    if (a.kind === 'indicator' && (metric === null || !known.has(metric))) {
      const label = a.metricLabel ?? a.subject;
      metric = byLabel.get(label) ?? `u-m-${context.newId()}`;
      if (!known.has(metric)) {
        const made: MetricDefinition = { key: metric, label: label.slice(0, 100), unit: (a.unit ?? '个').slice(0, 16) };
        metrics.push(made);
        known.set(metric, made);
        byLabel.set(label, metric);
      }
    }
    const themes = themesFor({ subject: a.subject, quote: a.quote, metric }, context.existing);
    const base = {
      id,
      kind: a.kind,
      city: a.city,
      ...(a.district ? { district: a.district } : {}),
      ...(a.name ? { name: a.name } : {}),
      subject: a.subject,
      themes,
      quote: a.quote,
      sourceId: source.id,
      paragraph: a.paragraph,
      origin: 'user' as const,
      ...(a.year !== null ? { year: a.year, yearBasis: a.quote.includes(String(a.year)) ? ('stated' as const) : ('implied' as const) } : {}),
    };
    if (a.kind === 'measure') return base;
    return {
      ...base,
      ...(a.value !== null ? { value: a.value } : {}),
      ...(a.unit !== null ? { unit: a.unit } : {}),
      ...(a.valueText !== null ? { valueText: a.valueText } : {}),
      ...(a.baseValue !== null ? { baseValue: a.baseValue } : {}),
      ...(a.baseUnit !== null ? { baseUnit: a.baseUnit } : {}),
      qualifier: a.qualifier ?? 'actual',
      metric: metric!,
    };
  });
  return { items, metrics };
}

/** The 2025年1月15日 form of an ISO date. */
export function dateText(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${d ? `${Number(d)}日` : ''}`;
}
