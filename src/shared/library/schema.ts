import { z } from 'zod';
import { isKnownCity, isKnownDistrict } from './places';
import { isLibraryTheme } from './themes';

/** The library data version this build reads (sources.json, items.json, exclusions.json). */
export const LIBRARY_SCHEMA_VERSION = 1 as const;

const text = (max: number) => z.string().max(max);
const slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '标识只能由小写字母、数字和连字符组成');

/** The two kinds of item: 措施 (a programme, arrangement or district action) and 指标 (a figure). */
export const itemKinds = ['measure', 'indicator'] as const;
export type ItemKind = (typeof itemKinds)[number];

/** What a figure is: a target (目标), an actual figure (实际), a comparison (对比) or a bound (门槛). */
export const qualifiers = ['target', 'actual', 'comparison', 'threshold'] as const;
export type Qualifier = (typeof qualifiers)[number];

/** Chinese labels for kinds and qualifiers, as shown on filter chips. */
export const kindLabels: Record<ItemKind, string> = { measure: '措施', indicator: '指标' };
export const qualifierLabels: Record<Qualifier, string> = {
  target: '目标',
  actual: '实际',
  comparison: '对比',
  threshold: '门槛',
};

/** A paragraph of a source, verbatim; `heading` marks a sub-heading line. Numbered from 1 by position. */
export const sourceParagraphSchema = z.strictObject({
  text: text(10_000).min(1),
  heading: z.literal(true).optional(),
});

/** One source text: the introduction or one article, split into its verbatim paragraphs. */
export const librarySourceSchema = z.strictObject({
  id: slug,
  kind: z.enum(['introduction', 'article']),
  /** 专稿 — the label printed before the title, if any */
  label: text(20).min(1).optional(),
  /** 篇名, verbatim (half-width punctuation as in the source) */
  title: text(200).min(1),
  /** The title line exactly as printed (label included), when the source has one */
  titleLine: text(300).min(1).optional(),
  /** 出处 — the outlet the text was taken from: 上海证券报 */
  outlet: text(100).min(1),
  /** The outlet that first carried it (新华日报“交汇点”客户端), when the outlet reprinted it */
  originalPublisher: text(100).min(1).optional(),
  /** First publication date, ISO: 2025-02-07, or 2025-02 when only the month is known */
  date: z.string().regex(/^\d{4}-\d{2}(?:-\d{2})?$/, '日期格式应为 YYYY-MM-DD 或 YYYY-MM'),
  /** The same date as printed in a citation: 2025年2月7日 */
  dateText: text(32).min(1),
  /** How the date was established, when it is not printed in the source */
  dateNote: text(500).optional(),
  paragraphs: z.array(sourceParagraphSchema).min(1).max(20_000),
  /** 'user' for sources the user imported (the user library) */
  origin: z.literal('user').optional(),
  /** 文号 of an imported document: 杭政〔2025〕3号 */
  docNumber: text(100).min(1).optional(),
});

/** A metric shared by indicators of different places (技术转化率 for 南京 and 杭州). */
export const metricDefinitionSchema = z.strictObject({
  key: slug,
  /** 技术转化率 */
  label: text(100).min(1),
  /** the unit tables and charts show it in: %, 亿元, 万亿元 */
  unit: text(16).min(1),
  description: text(500).optional(),
});

/** One library item: a measure (措施) or an indicator (指标), traced to its source sentence. */
export const libraryItemSchema = z
  .strictObject({
    /** stable, readable: hz-rd-intensity-2025 */
    id: slug,
    kind: z.enum(itemKinds),
    city: text(32).min(1),
    district: text(32).min(1).optional(),
    /** the programme's own name as written (双聘制, 人才码, 三个15%), for measures that have one */
    name: text(100).min(1).optional(),
    /** what the item is about, in the library's words: 全社会研发投入强度 */
    subject: text(300).min(1),
    /** the number as written (1.85 for 1.85万亿元; Chinese numerals read: 千亩 → 1000) */
    value: z.number().finite().optional(),
    /** the unit as written, magnitude included: 万亿元, %, 万人 */
    unit: text(16).min(1).optional(),
    /** the figure exactly as the quote writes it, with its bound: 突破4%, 15%以上, 10万量级 */
    valueText: text(64).min(1).optional(),
    /** which occurrence of valueText in the quote is meant (0-based), when it occurs more than once */
    valueIndex: z.number().int().min(1).max(50).optional(),
    /** the value in base units: 1.85万亿元 → 1850000000000 */
    baseValue: z.number().finite().optional(),
    /** the base unit: 元, 人, %, 天 */
    baseUnit: text(16).min(1).optional(),
    qualifier: z.enum(qualifiers).optional(),
    /** the year the figure refers to */
    year: z.number().int().min(1900).max(2200).optional(),
    /** whether the year is written in the quote or implied by its context (今年 → 2025) */
    yearBasis: z.enum(['stated', 'implied']).optional(),
    /** the metric key shared across places */
    metric: slug.optional(),
    /** for comparisons: what the figure is compared with (杭州, 5G) */
    baseline: text(100).min(1).optional(),
    themes: z.array(text(16)).min(1).max(8),
    /** the verbatim source sentence (or clause between semicolons) */
    quote: text(2_000).min(1),
    sourceId: slug,
    /** 1-based paragraph of the source that holds the quote */
    paragraph: z.number().int().min(1),
    /** set when the text gives an order of magnitude or a round figure (10万量级, 千亩) */
    approximate: z.literal(true).optional(),
    note: text(500).min(1).optional(),
    /** ids of items about the same fact (a measure and its figures) */
    related: z.array(slug).max(20).optional(),
    /** 'user' for items the user accepted from an imported source (the user library) */
    origin: z.literal('user').optional(),
    /** the newer item of the same metric and place that replaces this figure (set when the libraries merge) */
    supersededBy: slug.optional(),
  })
  .superRefine((item, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    // Imported sources name any city of the country; the bundled library keeps its closed list.
    if (item.origin !== 'user' && !isKnownCity(item.city)) issue('city', `未知城市“${item.city}”（应在资料库地名表中）`);
    else if (item.origin !== 'user' && item.district !== undefined && !isKnownDistrict(item.city, item.district)) {
      issue('district', `“${item.district}”不是已知的${item.city}辖区`);
    }
    item.themes.forEach((theme, index) => {
      if (!isLibraryTheme(theme)) ctx.addIssue({ code: 'custom', path: ['themes', index], message: `未知主题“${theme}”` });
    });
    if (new Set(item.themes).size !== item.themes.length) issue('themes', '主题重复');
    if (item.kind === 'indicator') {
      if (item.value === undefined) issue('value', '指标必须有数值（value）');
      if (item.unit === undefined) issue('unit', '指标必须有单位（unit）');
      if (item.valueText === undefined) issue('valueText', '指标必须写明原文数值（valueText）');
      if (item.baseValue === undefined) issue('baseValue', '指标必须有换算到基本单位的数值（baseValue）');
      if (item.baseUnit === undefined) issue('baseUnit', '指标必须有基本单位（baseUnit）');
      if (item.qualifier === undefined) issue('qualifier', '指标必须注明性质（qualifier：target/actual/comparison/threshold）');
      if (item.metric === undefined) issue('metric', '指标必须有指标键（metric）');
    } else {
      for (const key of ['value', 'unit', 'valueText', 'valueIndex', 'baseValue', 'baseUnit', 'qualifier', 'metric', 'baseline'] as const) {
        if (item[key] !== undefined) issue(key, `措施不应有“${key}”：数字请另立指标条目`);
      }
    }
    if (item.yearBasis !== undefined && item.year === undefined) issue('yearBasis', '有 yearBasis 时必须有 year');
    if (item.year !== undefined && item.yearBasis === undefined) issue('yearBasis', '有年份时须注明 yearBasis（stated 或 implied）');
    if (item.related?.includes(item.id)) issue('related', '条目不能关联自身');
  });

/** A value the library computes from other items (推算), never stated in a source. */
export const derivationSchema = z.strictObject({
  id: slug,
  metric: slug,
  city: text(32).min(1),
  district: text(32).min(1).optional(),
  year: z.number().int().min(1900).max(2200).optional(),
  /** sum: a + b (in base units); divide-by-percent: a ÷ (b %) */
  op: z.enum(['sum', 'divide-by-percent']),
  operands: z.tuple([slug, slug]),
  /** the unit the result is shown in */
  unit: text(16).min(1),
  /** how it is computed, in Chinese, shown in table notes */
  note: text(500).min(1),
});

/** items.json */
export const itemsFileSchema = z.strictObject({
  schemaVersion: z.literal(LIBRARY_SCHEMA_VERSION),
  metrics: z.array(metricDefinitionSchema).max(10_000),
  items: z.array(libraryItemSchema).max(200_000),
  derivations: z.array(derivationSchema).max(10_000),
});

/** sources.json */
export const sourcesFileSchema = z.strictObject({
  schemaVersion: z.literal(LIBRARY_SCHEMA_VERSION),
  /** the closing attribution line of the seed text: (文章来源:上海证券报) */
  attribution: text(200).optional(),
  sources: z.array(librarySourceSchema).min(1).max(1_000),
});

/** Why a numeral of the source is not an item. */
export const exclusionCategories = ['date', 'name', 'idiom', 'rhetoric', 'numbering', 'technology', 'heading', 'event'] as const;

/** One numeral (or several, in one context) of the source text that is not an item, with the reason. */
export const exclusionSchema = z.strictObject({
  id: slug,
  /** a verbatim snippet of the source around the numeral; every occurrence is covered */
  context: text(200).min(1),
  /** the numerals of the context this exclusion accounts for, as written (7, 六, 十八) */
  numerals: z.array(text(20).min(1)).min(1).max(20),
  category: z.enum(exclusionCategories),
  reason: text(500).min(1),
  /** items that carry the fact, when the numeral is repeated (a sub-heading) */
  seeItems: z.array(slug).max(20).optional(),
});

/** exclusions.json */
export const exclusionsFileSchema = z.strictObject({
  schemaVersion: z.literal(LIBRARY_SCHEMA_VERSION),
  exclusions: z.array(exclusionSchema).max(10_000),
});

export type SourceParagraph = z.infer<typeof sourceParagraphSchema>;
export type LibrarySource = z.infer<typeof librarySourceSchema>;
/** A source without its paragraphs: what lists and citations need. */
export type LibrarySourceSummary = Omit<LibrarySource, 'paragraphs'>;
export type MetricDefinition = z.infer<typeof metricDefinitionSchema>;
export type LibraryItem = z.infer<typeof libraryItemSchema>;
export type Derivation = z.infer<typeof derivationSchema>;
export type ItemsFile = z.infer<typeof itemsFileSchema>;
export type SourcesFile = z.infer<typeof sourcesFileSchema>;
export type Exclusion = z.infer<typeof exclusionSchema>;
export type ExclusionCategory = (typeof exclusionCategories)[number];
export type ExclusionsFile = z.infer<typeof exclusionsFileSchema>;

/** What a search index and the comparison helpers are built from (the `library:list` value). */
export interface LibraryCatalog {
  readonly items: readonly LibraryItem[];
  readonly metrics: readonly MetricDefinition[];
  readonly derivations: readonly Derivation[];
  readonly sources: readonly LibrarySourceSummary[];
}

/** The whole library as loaded: the catalogue with the sources' paragraphs. */
export interface LibraryData extends LibraryCatalog {
  readonly sources: readonly LibrarySource[];
}
