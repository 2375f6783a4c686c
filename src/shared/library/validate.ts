import { canonicalBaseUnit, readWrittenFigure, splitUnit } from './numerals';
import { isKnownCity, isKnownDistrict } from './places';
import type { LibraryItem, LibrarySource, SourcesFile, ItemsFile } from './schema';

/** The unit of ranks (第十, 前十): the text writes none, the library records 名. */
export const RANK_UNIT = '名';

/** One problem across the library files, located by file and JSON path, described in Chinese. */
export interface LibraryIssue {
  readonly file: 'sources.json' | 'items.json';
  /** `items[12].quote` */
  readonly path: string;
  readonly message: string;
}

/** How many times `needle` occurs in `haystack` (overlapping occurrences counted). */
function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

/**
 * Checks that an indicator's figure is the one its quote writes: valueText occurs in the quote
 * (at valueIndex), its numeral reads as `value`, the unit is written as in the text (magnitude
 * included), and baseValue/baseUnit follow from value and unit. Returns Chinese messages by field.
 */
export function checkItemFigure(item: LibraryItem): { field: keyof LibraryItem; message: string }[] {
  const out: { field: keyof LibraryItem; message: string }[] = [];
  const { value, unit, valueText, baseValue, baseUnit } = item;
  if (item.kind !== 'indicator' || value === undefined || unit === undefined || valueText === undefined) return out;
  const occurrences = countOccurrences(item.quote, valueText);
  const wanted = (item.valueIndex ?? 0) + 1;
  if (occurrences === 0) out.push({ field: 'valueText', message: `原文数值“${valueText}”未出现在引文中` });
  else if (occurrences < wanted) out.push({ field: 'valueIndex', message: `引文中“${valueText}”只出现 ${occurrences} 次，valueIndex 过大` });
  const figure = readWrittenFigure(valueText);
  if (!figure) {
    out.push({ field: 'valueText', message: `原文数值“${valueText}”中没有数字` });
    return out;
  }
  const parts = splitUnit(unit);
  if (figure.kind === 'arabic') {
    if (figure.number !== value) out.push({ field: 'value', message: `数值 ${value} 与原文“${valueText}”不符` });
    if (figure.magnitude !== parts.magnitude) {
      out.push({ field: 'unit', message: `单位“${unit}”与原文“${valueText}”的数量级（万、亿）不符` });
    }
  } else if (!(figure.number === value || figure.number === value * parts.multiplier)) {
    out.push({ field: 'value', message: `数值 ${value} 与原文“${valueText}”（读作 ${figure.number}）不符` });
  }
  const isRank = unit === RANK_UNIT && /^[第前]/.test(valueText);
  if (!isRank && !valueText.includes(unit)) {
    out.push({ field: 'unit', message: `单位“${unit}”须按原文写出（原文“${valueText}”）` });
  }
  if (baseValue !== undefined) {
    const expected = value * parts.multiplier;
    if (Math.abs(baseValue - expected) > 1e-9 * Math.max(1, Math.abs(expected))) {
      out.push({ field: 'baseValue', message: `基本单位数值应为 ${expected}（${value}${unit}），而不是 ${baseValue}` });
    }
  }
  if (baseUnit !== undefined && parts.base !== '' && canonicalBaseUnit(baseUnit) !== canonicalBaseUnit(parts.base)) {
    out.push({ field: 'baseUnit', message: `基本单位应为“${parts.base}”，而不是“${baseUnit}”` });
  }
  return out;
}

/** Checks an item's quote against its source: the paragraph exists and holds the quote verbatim. */
export function checkItemQuote(item: LibraryItem, source: LibrarySource | undefined): string | undefined {
  if (!source) return `来源“${item.sourceId}”不存在`;
  const paragraph = source.paragraphs[item.paragraph - 1];
  if (!paragraph) return `来源“${item.sourceId}”没有第 ${item.paragraph} 段（共 ${source.paragraphs.length} 段）`;
  if (!paragraph.text.includes(item.quote)) {
    return `引文不是《${source.title}》第 ${item.paragraph} 段的原文（须逐字一致，包括标点）`;
  }
  return undefined;
}

/**
 * Cross-file checks after each file passed its schema: unique ids, every quote verbatim in the
 * paragraph it cites, every indicator's figure as its quote writes it, metric keys, related ids and
 * derivations that resolve. Returns every problem found, in file order.
 */
export function validateLibraryData(sourcesFile: SourcesFile, itemsFile: ItemsFile): LibraryIssue[] {
  const issues: LibraryIssue[] = [];
  const sources = new Map<string, LibrarySource>();
  sourcesFile.sources.forEach((source, index) => {
    if (sources.has(source.id)) issues.push({ file: 'sources.json', path: `sources[${index}].id`, message: `来源标识“${source.id}”重复` });
    sources.set(source.id, source);
  });
  const metricKeys = new Set<string>();
  itemsFile.metrics.forEach((metric, index) => {
    if (metricKeys.has(metric.key)) issues.push({ file: 'items.json', path: `metrics[${index}].key`, message: `指标键“${metric.key}”重复` });
    metricKeys.add(metric.key);
  });
  const items = new Map<string, LibraryItem>();
  itemsFile.items.forEach((item, index) => {
    if (items.has(item.id)) issues.push({ file: 'items.json', path: `items[${index}].id`, message: `条目标识“${item.id}”重复` });
    items.set(item.id, item);
  });
  itemsFile.items.forEach((item, index) => {
    const at = (field: string) => `items[${index}].${field}`;
    const quoteProblem = checkItemQuote(item, sources.get(item.sourceId));
    if (quoteProblem) issues.push({ file: 'items.json', path: at(sources.has(item.sourceId) ? 'quote' : 'sourceId'), message: quoteProblem });
    for (const { field, message } of checkItemFigure(item)) issues.push({ file: 'items.json', path: at(field), message });
    if (item.metric !== undefined && !metricKeys.has(item.metric)) {
      issues.push({ file: 'items.json', path: at('metric'), message: `指标键“${item.metric}”未在 metrics 中定义` });
    }
    item.related?.forEach((id, k) => {
      if (!items.has(id)) issues.push({ file: 'items.json', path: `${at('related')}[${k}]`, message: `关联条目“${id}”不存在` });
    });
  });
  itemsFile.derivations.forEach((derivation, index) => {
    const at = (field: string) => `derivations[${index}].${field}`;
    if (items.has(derivation.id)) issues.push({ file: 'items.json', path: at('id'), message: `推算值标识“${derivation.id}”与条目重复` });
    if (!metricKeys.has(derivation.metric)) issues.push({ file: 'items.json', path: at('metric'), message: `指标键“${derivation.metric}”未定义` });
    if (!isKnownCity(derivation.city)) issues.push({ file: 'items.json', path: at('city'), message: `未知城市“${derivation.city}”` });
    else if (derivation.district !== undefined && !isKnownDistrict(derivation.city, derivation.district)) {
      issues.push({ file: 'items.json', path: at('district'), message: `“${derivation.district}”不是已知的${derivation.city}辖区` });
    }
    derivation.operands.forEach((id, k) => {
      const operand = items.get(id);
      if (!operand) issues.push({ file: 'items.json', path: `${at('operands')}[${k}]`, message: `推算所用条目“${id}”不存在` });
      else if (operand.kind !== 'indicator') issues.push({ file: 'items.json', path: `${at('operands')}[${k}]`, message: `推算所用条目“${id}”不是指标` });
    });
  });
  return issues;
}
