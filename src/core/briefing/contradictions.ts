import type { Briefing } from '../../shared/briefing';
import { figureOf, formatNumber, metricOf, placeOf, pickIndicator, type LibraryItemLike } from './library-blocks';
import { runsText } from './runs';

// 数字矛盾 — a figure typed in the official's own words that names a library metric and a place
// with another value than the library's (我市技术转化率为38% where the library says 南京 28%).
// Deliberately conservative: a figure is checked only when the metric is named right before it
// (a few linking words: 为 / 仅为 / 达到), a place or 我市 is named in the same sentence, the units
// compare, and nothing says it is a target, a change, a bound or an estimate. Pure.

/** A figure in running text whose value the library contradicts. */
export interface FigureContradiction {
  /** the figure as typed, and where: UTF-16 offsets in the text checked */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** the metric as the library names it, and the place the text speaks of */
  readonly metric: string;
  readonly place: string;
  /** the library's figure for that metric and place (the one to link instead) */
  readonly item: LibraryItemLike;
}

/** What the check knows of the library: names of metrics and places, built once per items array. */
interface ClaimIndex {
  readonly indicators: readonly LibraryItemLike[];
  /** a name as it may be typed → the metric labels it stands for; longest names first */
  readonly names: readonly { readonly name: string; readonly metrics: readonly string[] }[];
  /** a place name as it may be typed → the place (placeOf form); longest first */
  readonly places: readonly { readonly name: string; readonly place: string }[];
  readonly cities: ReadonlySet<string>;
}

const indexCache = new WeakMap<readonly LibraryItemLike[], ClaimIndex>();

function indexOf(items: readonly LibraryItemLike[]): ClaimIndex {
  const cached = indexCache.get(items);
  if (cached) return cached;
  const indicators = items.filter((i) => i.kind === 'indicator' && !i.derived && figureOf(i));
  const names = new Map<string, Set<string>>();
  const addName = (name: string, metric: string) => {
    const clean = name.trim();
    // Names shorter than 2 characters (“率”) would match anything.
    if (clean.length < 2) return;
    if (!names.has(clean)) names.set(clean, new Set());
    names.get(clean)!.add(metric);
  };
  for (const item of indicators) {
    const metric = metricOf(item);
    for (const name of [metric, item.subject]) {
      addName(name, metric);
      // 地区生产总值（GDP） is typed 地区生产总值 or GDP.
      const bare = name.replace(/[（(][^）)]*[）)]/g, '');
      if (bare !== name) addName(bare, metric);
      for (const m of name.matchAll(/[（(]([A-Za-z][A-Za-z0-9&-]+)[）)]/g)) addName(m[1]!, metric);
    }
  }
  const places = new Map<string, string>();
  const cities = new Set<string>();
  for (const item of indicators) {
    cities.add(item.city);
    places.set(item.city, item.city);
    places.set(`${item.city}市`, item.city);
    if (item.district) {
      places.set(item.district, placeOf(item));
      places.set(placeOf(item), placeOf(item));
    }
  }
  const byLength = <T extends { name: string }>(list: T[]) => list.sort((a, b) => b.name.length - a.name.length || (a.name < b.name ? -1 : 1));
  const index: ClaimIndex = {
    indicators,
    names: byLength([...names.entries()].map(([name, metrics]) => ({ name, metrics: [...metrics] }))),
    places: byLength([...places.entries()].map(([name, place]) => ({ name, place }))),
    cities,
  };
  indexCache.set(items, index);
  return index;
}

/** The words officials use for their own city. */
const SELF = /我市|本市|全市|我区|本区/g;
const SENTENCE_END = /[。；！？!?\n]/;

/** A number with a unit in running text (28%, 1.85万亿元, 287项); not a date, an ordinal or a year. */
const FIGURE = /(?<![第\d.])(\d+(?:\.\d+)?)\s*(%|％|‰|万亿元|亿元|万元|千元|元|万亿|亿|万人|万户|万家|万个|万|个百分点|个月|个|家|项|人|名|户|所|座|条|件|倍|平方公里|平方米|公里|千米|吨|千瓦|辆|台|套|亩|公顷|份|天)(?![年月日号期时])/gu;

/** Between the metric and its figure: only linking words, no other number, no change or bound. */
const HEDGE = /[\d０-９]|提高|提升|增长|增加|增幅|下降|降低|减少|较|比|高于|低于|相当于|差距|之差|倍|超过|超|逾|不到|不足|接近|近|约|大约|力争|目标|预计|计划|争取|突破|将/;
const AFTER_HEDGE = /^(?:以上|以下|左右|多|余|上下)/;
/** A sentence that speaks of a target or a plan: its figures are not facts to check. */
const PLAN = /力争|目标|预计|计划|争取|将达|规划|到20\d\d年|提升至|提高到|提高至|提升到/;

const MAGNITUDES: [string, number][] = [
  ['万亿', 1e12],
  ['亿', 1e8],
  ['万', 1e4],
  ['千', 1e3],
];

/** A unit as magnitude × base: 万亿元 → 1e12 × 元, % → 1 × %, 个百分点 stays itself. */
function splitUnit(unit: string): { multiplier: number; base: string } {
  const u = unit.replace('％', '%').trim();
  if (u === '‰') return { multiplier: 0.1, base: '%' };
  if (u === '%' || u === '个百分点' || u === '千米' || u === '千瓦' || u === '千元') return u === '千元' ? { multiplier: 1e3, base: '元' } : { multiplier: 1, base: u };
  for (const [prefix, multiplier] of MAGNITUDES) if (u.startsWith(prefix)) return { multiplier, base: u.slice(prefix.length) };
  return { multiplier: 1, base: u };
}

/** Whether a typed figure says the item's figure (rounded as typed: 1.9万亿元 says 1.85万亿元). */
function agrees(typedValue: number, typedDecimals: number, typedUnit: string, item: LibraryItemLike): boolean | undefined {
  const a = splitUnit(typedUnit);
  const b = splitUnit(item.unit ?? '');
  if (a.base !== b.base) return undefined;
  const value = (item.value! * b.multiplier) / a.multiplier;
  const f = 10 ** typedDecimals;
  const rounded = Math.round(value * f + 1e-9) / f;
  return Math.abs(rounded - typedValue) <= 1e-9 * Math.max(1, Math.abs(typedValue)) || Math.abs(value - typedValue) <= 1e-9 * Math.max(1, Math.abs(typedValue));
}

/** The last match of any of `names` that ends at or before `limit` and starts at or after `from`. */
function lastName<T extends { name: string }>(text: string, from: number, limit: number, list: readonly T[]): { entry: T; start: number; end: number } | undefined {
  let best: { entry: T; start: number; end: number } | undefined;
  for (const entry of list) {
    const last = limit - entry.name.length;
    if (last < from) continue;
    const at = text.lastIndexOf(entry.name, last);
    if (at < from) continue;
    const end = at + entry.name.length;
    // The nearest name wins; at the same end, the longest (南京江宁区 over 江宁区).
    if (!best || end > best.end || (end === best.end && at < best.start)) best = { entry, start: at, end };
  }
  return best;
}

/**
 * The draft's own place — what 我市 / 本市 mean: `explicit` when the host knows it; else a city
 * named by the 编印单位 or the 简报名称 (南京市发展和改革委员会); else the city of the linked
 * figures that the text introduces with 我市; else the one city the title names when the title
 * does not itself say 我市 (杭州……对我市的启示 names the other city). Undefined when unsure.
 */
export function draftPlace(briefing: Briefing, items: readonly LibraryItemLike[], explicit?: string): string | undefined {
  if (explicit && explicit.trim() !== '') return explicit.trim();
  const { cities } = indexOf(items);
  const cityIn = (text: string) => [...cities].filter((c) => text.includes(c));
  for (const text of [briefing.meta.publisher, briefing.meta.seriesName]) {
    const found = cityIn(text);
    if (found.length === 1) return found[0];
  }
  const votes = new Map<string, number>();
  for (const block of briefing.blocks) {
    if (block.type !== 'paragraph') continue;
    let at = 0;
    for (const run of block.runs) {
      if (run.link) {
        const text = runsText(block.runs).slice(0, at);
        let from = text.length;
        while (from > 0 && !SENTENCE_END.test(text[from - 1]!)) from--;
        const sentence = text.slice(from);
        const self = [...sentence.matchAll(SELF)].pop();
        if (self && cityIn(sentence.slice(self.index + self[0].length)).length === 0) votes.set(run.link.frozen.city, (votes.get(run.link.frozen.city) ?? 0) + 1);
      }
      at += run.text.length;
    }
  }
  const voted = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  if (voted.length > 0 && (voted.length === 1 || voted[0]![1] > voted[1]![1])) return voted[0]![0];
  const title = briefing.title;
  const inTitle = cityIn(title);
  if (inTitle.length === 1 && !/我市|本市|我们|我区/.test(title)) return inTitle[0];
  return undefined;
}

/**
 * The figures of `text` that contradict the library. `text` is what the official typed, with the
 * linked figures masked out (they are the library's own); `home` is what 我市 means (draftPlace).
 */
export function findContradictions(text: string, items: readonly LibraryItemLike[], home: string | undefined): FigureContradiction[] {
  const index = indexOf(items);
  if (index.indicators.length === 0) return [];
  const out: FigureContradiction[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const start = m.index;
    const end = start + m[0].length;
    let sentenceStart = start;
    while (sentenceStart > 0 && !SENTENCE_END.test(text[sentenceStart - 1]!)) sentenceStart--;
    let sentenceEnd = end;
    while (sentenceEnd < text.length && !SENTENCE_END.test(text[sentenceEnd]!)) sentenceEnd++;
    const sentence = text.slice(sentenceStart, sentenceEnd);
    if (PLAN.test(sentence) || AFTER_HEDGE.test(text.slice(end))) continue;
    const named = lastName(text, sentenceStart, start, index.names);
    if (!named) continue;
    const gap = text.slice(named.end, start);
    if (gap.length > 8 || HEDGE.test(gap)) continue;
    // The place: the nearest place name or 我市 before the metric, in the same sentence.
    const before = text.slice(sentenceStart, named.start);
    const place = lastName(before, 0, before.length, index.places);
    const self = [...before.matchAll(SELF)].pop();
    const selfEnd = self ? self.index + self[0].length : -1;
    const where = selfEnd > (place?.end ?? -1) ? home : place?.entry.place;
    if (!where) continue;
    const year = [...text.slice(sentenceStart, start).matchAll(/((?:19|20)\d{2})年/g)].pop();
    for (const metric of named.entry.metrics) {
      let candidates = index.indicators.filter((i) => metricOf(i) === metric && (placeOf(i) === where || (i.city === where && !i.district)));
      if (year) candidates = candidates.filter((i) => i.year === Number(year[1]));
      if (candidates.length === 0) continue;
      const value = Number(m[1]);
      const decimals = m[1]!.includes('.') ? m[1]!.split('.')[1]!.length : 0;
      const verdicts = candidates.map((i) => agrees(value, decimals, m[2]!, i));
      if (verdicts.every((v) => v === undefined) || verdicts.some((v) => v === true)) break;
      const item = pickIndicator(candidates.filter((_, k) => verdicts[k] === false), metric, where)!;
      out.push({ text: m[0], start, end, metric, place: where, item });
      break;
    }
  }
  return out;
}

/** The figure of an item as the library writes it (28%), for messages. */
export function libraryFigureText(item: LibraryItemLike): string {
  return `${formatNumber(item.value ?? 0)}${item.unit ?? ''}`;
}
