import { z } from 'zod';
import { migrateBriefing } from './migrations';

/**
 * The briefing schema version this build writes. Older versions are migrated on read (see
 * ./migrations): 1 — first model; 2 — a library figure is an inline linked run of a paragraph
 * (the excerpt block keeps only the verbatim quote: no `mode`, `before`, `after`).
 */
export const BRIEFING_SCHEMA_VERSION = 2 as const;

const text = (max: number) => z.string().max(max);
const blockId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '块标识只能包含字母、数字、- 和 _');

/** A figure as written in the source: 1.85 万亿元, 28 %. */
export const figureSchema = z.strictObject({
  value: z.number().finite(),
  unit: text(32),
  year: z.number().int().min(1900).max(2200).optional(),
  qualifier: z.enum(['target', 'actual', 'comparison', 'threshold']).optional(),
});

/** Where a library item came from, frozen at insertion time so the PDF can cite it offline. */
export const citationSchema = z.strictObject({
  sourceId: text(128),
  sourceTitle: text(500),
  outlet: text(200),
  date: text(32),
  paragraph: z.number().int().min(1),
});

/** The copy of a library item kept in the draft: what the item said when it was inserted. */
export const frozenItemSchema = z.strictObject({
  kind: z.enum(['measure', 'indicator']),
  city: text(64),
  district: text(64).optional(),
  subject: text(500),
  quote: text(5_000),
  figure: figureSchema.optional(),
  citation: citationSchema,
});

/** A library figure linked to its item: the run's text is the figure as written (28%). */
export const figureLinkSchema = z.strictObject({
  itemId: text(128).min(1),
  frozen: frozenItemSchema,
});

/**
 * A run of paragraph text; `bold` marks 加粗. A run with `link` is a linked library figure (an
 * atom in the editor: it cannot be half-edited, only unlinked into plain text as a whole).
 */
export const textRunSchema = z.strictObject({
  text: text(100_000),
  bold: z.boolean().optional(),
  link: figureLinkSchema.optional(),
});

const headingBlock = z.strictObject({
  id: blockId,
  type: z.literal('heading'),
  level: z.number().int().min(1).max(4),
  text: text(1_000),
});

const paragraphBlock = z.strictObject({
  id: blockId,
  type: z.literal('paragraph'),
  runs: z
    .array(textRunSchema)
    .max(10_000)
    .superRefine((runs, ctx) => {
      // A linked figure is the figure as written: it has one, and it is never empty.
      runs.forEach((run, index) => {
        if (!run.link) return;
        if (!run.link.frozen.figure) ctx.addIssue({ code: 'custom', path: [index, 'link', 'frozen', 'figure'], message: '关联数字缺少资料库中的数值' });
        if (run.text === '') ctx.addIssue({ code: 'custom', path: [index, 'text'], message: '关联数字的文字不能为空' });
      });
    }),
});

/** 按语 — an editor's note set in 楷体 before or inside the body. */
const noteBlock = z.strictObject({
  id: blockId,
  type: z.literal('note'),
  label: text(16).optional(),
  text: text(100_000),
});

/**
 * 资料摘录 — a library item by id with a frozen copy, shown as its verbatim source sentence. (A
 * figure in the official's own words is a linked run inside a paragraph, not an excerpt.)
 */
const excerptBlock = z.strictObject({
  id: blockId,
  type: z.literal('excerpt'),
  itemId: text(128).min(1),
  frozen: frozenItemSchema,
});

const tableCell = z.strictObject({
  text: text(500),
  value: z.number().finite().optional(),
  itemId: text(128).optional(),
  /** 推算 — computed from other figures, not stated in a source. */
  derived: z.boolean().optional(),
});

/** 对比表 — one or more metrics across cities. */
const tableBlock = z.strictObject({
  id: blockId,
  type: z.literal('table'),
  caption: text(500),
  columns: z.array(z.strictObject({ label: text(200), unit: text(32).optional() })).min(1).max(50),
  rows: z
    .array(z.strictObject({ label: text(200), cells: z.array(tableCell).max(50) }))
    .max(2_000),
  note: text(2_000).optional(),
});

/** 柱状图 — indicator values drawn as bars. */
const chartBlock = z.strictObject({
  id: blockId,
  type: z.literal('chart'),
  title: text(500),
  unit: text(32),
  bars: z
    .array(
      z.strictObject({
        label: text(200),
        value: z.number().finite(),
        itemId: text(128).optional(),
        derived: z.boolean().optional(),
      }),
    )
    .max(200),
  note: text(2_000).optional(),
});

const pageBreakBlock = z.strictObject({ id: blockId, type: z.literal('pageBreak') });

/** 附件 — an attachment with its own title and body paragraphs. */
const attachmentBlock = z.strictObject({
  id: blockId,
  type: z.literal('attachment'),
  title: text(500),
  paragraphs: z.array(text(100_000)).max(10_000),
});

export const blockSchema = z.discriminatedUnion('type', [
  headingBlock,
  paragraphBlock,
  noteBlock,
  excerptBlock,
  tableBlock,
  chartBlock,
  pageBreakBlock,
  attachmentBlock,
]);

/** 报 / 送 / 发 — who the briefing goes to, printed in the 报尾. */
export const distributionSchema = z.strictObject({
  bao: z.array(text(200)).max(500).default([]),
  song: z.array(text(200)).max(500).default([]),
  fa: z.array(text(200)).max(500).default([]),
});

/** The metadata that the masthead (报头) and tail (报尾) are built from. */
export const briefingMetaSchema = z.strictObject({
  /** 简报名称, e.g. 工作简报 */
  seriesName: text(100),
  /** 期号 */
  issueNumber: z.number().int().min(1).max(100_000).nullable(),
  /** 总期号 */
  totalIssueNumber: z.number().int().min(1).max(1_000_000).nullable(),
  /** 编印单位 */
  publisher: text(200),
  /** 发文字号, e.g. 杭政办〔2025〕12号 (printed by templates in 公文 form); empty when none */
  docNumber: text(60).default(''),
  /** 印发日期, ISO `YYYY-MM-DD`; shown as 2025年2月8日 */
  issueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .nullable(),
  /** 密级 or 标识, e.g. 内部资料 注意保存; empty when none */
  classification: text(100),
  /** 紧急程度: 特急 / 加急, or none */
  urgency: z.enum(['', '特急', '加急']),
  /** whether 份号 is printed */
  printCopyNumber: z.boolean(),
  distribution: distributionSchema,
  /** 印数 */
  copies: z.number().int().min(1).max(100_000).nullable(),
  /** 按语 shown under the title */
  editorNote: text(100_000),
  /** watermark text (征求意见稿 …); empty for none */
  watermark: text(50).default(''),
});

export const templateRefSchema = z.strictObject({
  // The template id names a file: the same pattern as the template's own id, so `../` or `/`
  // can never walk out of the templates folder.
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '模板标识只能用小写字母、数字和连字符'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, '模板版本应为 x.y.z'),
});

export const briefingSchema = z
  .strictObject({
    schemaVersion: z.literal(BRIEFING_SCHEMA_VERSION),
    id: blockId,
    title: text(500),
    meta: briefingMetaSchema,
    template: templateRefSchema,
    blocks: z.array(blockSchema).max(20_000),
  })
  .superRefine((briefing, ctx) => {
    const seen = new Set<string>();
    briefing.blocks.forEach((block, index) => {
      if (seen.has(block.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['blocks', index, 'id'],
          message: `块标识“${block.id}”重复`,
        });
      }
      seen.add(block.id);
    });
  });

export type TextRun = z.infer<typeof textRunSchema>;
export type Figure = z.infer<typeof figureSchema>;
export type FigureLink = z.infer<typeof figureLinkSchema>;
export type Citation = z.infer<typeof citationSchema>;
export type FrozenItem = z.infer<typeof frozenItemSchema>;
export type Block = z.infer<typeof blockSchema>;
export type BlockType = Block['type'];
export type BlockOf<T extends BlockType> = Extract<Block, { type: T }>;
export type Distribution = z.infer<typeof distributionSchema>;
export type BriefingMeta = z.infer<typeof briefingMetaSchema>;
export type TemplateRef = z.infer<typeof templateRefSchema>;
export type Briefing = z.infer<typeof briefingSchema>;

/**
 * A briefing as stored by any earlier build: older versions are migrated (./migrations) before
 * the current schema validates them. For files (drafts, snapshots, imports); what the editor
 * sends is always current and is checked with `briefingSchema`.
 */
export const storedBriefingSchema = z.preprocess(migrateBriefing, briefingSchema);
