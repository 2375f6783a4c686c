import { z } from 'zod';
import { blockSchema, briefingMetaSchema } from '../briefing';

/**
 * The template spec: a layout as data. Everything the layout engine reads — page, grid, font roles,
 * the style of every element, masthead (报头), tail (报尾), page numbers — comes from here. The schema
 * is strict (unknown keys are errors) and holds only numbers, strings and enums, so a template can
 * never run code. Units are in the key names: `…Mm` millimetres, `…Pt` PostScript points,
 * `…Chars` body characters, `…Slots` lines of the body grid, `…Em` the element's own font size.
 * The JSON Schema in templates/template.schema.json is generated from this file.
 */

/** The font roles of Chinese official documents. `fallback` serves characters no other role has. */
export const FONT_ROLES = ['xiaobiaosong', 'songti', 'fangsong', 'heiti', 'kaiti', 'fallback'] as const;
export const fontRoleSchema = z.enum(FONT_ROLES).describe('字体角色：小标宋 / 宋体 / 仿宋 / 黑体 / 楷体 / 生僻字后备');
export type FontRole = (typeof FONT_ROLES)[number];

const mm = (max = 1000) => z.number().min(0).max(max);
const pt = (min = 0, max = 200) => z.number().min(min).max(max);
const colour = z
  .string()
  .regex(/^#[0-9A-Fa-f]{6}$/, '颜色应为 #RRGGBB')
  .describe('颜色 #RRGGBB');
const label = (max = 40) => z.string().max(max);

/** A run of text in one role at one size. */
export const textStyleSchema = z.strictObject({
  role: fontRoleSchema,
  sizePt: pt(4, 120).describe('字号（磅）：三号 16，四号 14，二号 22'),
  color: colour.optional().describe('文字颜色，缺省为黑色'),
});
export type TextStyle = z.infer<typeof textStyleSchema>;

/** How a role resolves: template-supplied files first, then installed system fonts by family name. */
export const fontRoleConfigSchema = z.strictObject({
  files: z
    .array(z.string().min(1).max(1024))
    .max(8)
    .describe('模板指定的字体文件（相对于模板所在文件夹，不能跳出该文件夹），优先使用'),
  systemFamilies: z
    .array(z.string().min(1).max(100))
    .max(16)
    .describe('按顺序查找的系统字体名，如“方正小标宋简体”“仿宋_GB2312”“FangSong”'),
});

const headingNumbering = z
  .enum(['chinese-dun', 'chinese-paren', 'arabic-dot', 'arabic-paren', 'none'])
  .describe('编号样式：一、 / （一） / 1. / （1） / 不编号');

const headingStyleSchema = z.strictObject({
  style: textStyleSchema,
  numbering: headingNumbering,
  indentChars: z.number().min(0).max(8).describe('首行缩进（字）'),
  keepWithNextLines: z.number().int().min(0).max(5).describe('与下文至少同页的行数（防止标题孤悬页脚）'),
});

export const templateSchema = z.strictObject({
  $schema: z.string().max(200).optional(),
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '模板标识只能用小写字母、数字和连字符，如 gongzuo-jianbao')
    .describe('模板标识（ASCII 短横线格式）'),
  name: z.string().min(1).max(50).describe('模板名称，如“工作简报”'),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, '版本应为 x.y.z')
    .describe('语义化版本 x.y.z'),
  description: z.string().max(1000),

  page: z.strictObject({
    widthMm: mm().min(50),
    heightMm: mm().min(50),
    typeArea: z
      .strictObject({ topMm: mm(), leftMm: mm(), widthMm: mm().min(20), heightMm: mm().min(20) })
      .describe('版心：GB/T 9704 为天头 37、订口 28、156 × 225 mm'),
    mirrorMargins: z.boolean().describe('双面对称：偶数页订口在右'),
  }),

  grid: z.strictObject({
    linesPerPage: z.number().int().min(5).max(60),
    charsPerLine: z.number().int().min(5).max(60),
    lineModel: z
      .enum(['gb-line', 'word-grid'])
      .describe('行距模型：gb-line（首行字顶与末行字底贴合版心上下边，29.61 磅）或 word-grid（版心高 / 行数）'),
  }),

  fonts: z.strictObject({
    xiaobiaosong: fontRoleConfigSchema,
    songti: fontRoleConfigSchema,
    fangsong: fontRoleConfigSchema,
    heiti: fontRoleConfigSchema,
    kaiti: fontRoleConfigSchema,
    fallback: fontRoleConfigSchema,
  }),

  colors: z.strictObject({
    red: colour.describe('套红颜色（屏幕 RGB）'),
    redCmyk: z
      .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
      .describe('印刷用 CMYK 红，GB/T 9704 §6.2 为 M80 Y80'),
    useCmyk: z.boolean().describe('红色输出为 CMYK（交印刷厂时）'),
  }),

  body: z.strictObject({
    style: textStyleSchema,
    indentChars: z.number().min(0).max(8),
    compressAdjacentPunctuation: z.boolean().describe('相邻标点挤压为 1.5 字宽'),
  }),

  headings: z.tuple([headingStyleSchema, headingStyleSchema, headingStyleSchema, headingStyleSchema]).describe('一至四级标题'),

  title: z.strictObject({
    style: textStyleSchema,
    linePitchPt: pt(8, 100).describe('标题行距（磅）'),
    slotsBefore: z.number().int().min(0).max(6).describe('红线与标题之间空行数'),
    slotsAfter: z.number().int().min(0).max(6).describe('标题与下文之间空行数'),
  }),

  note: z.strictObject({
    label: label().describe('按语标签，如“编者按：”'),
    labelStyle: textStyleSchema,
    style: textStyleSchema,
    indentChars: z.number().min(0).max(8),
    slotsAfter: z.number().int().min(0).max(4),
  }),

  masthead: z.strictObject({
    mark: textStyleSchema.describe('密级或“内部资料 注意保存”，版心左上第 1 行'),
    urgency: textStyleSchema.describe('紧急程度，标识下一行'),
    fixedMark: label(20)
      .optional()
      .describe('模板固定印出的标识（如会议材料的“会后收回”），与草稿的密级标识一起位于版心左上；缺省为无'),
    copyNumber: z.strictObject({
      style: textStyleSchema,
      position: z.enum(['top-left', 'top-right']),
      digits: z.number().int().min(1).max(10),
      always: z
        .boolean()
        .optional()
        .describe('总是编号印制：每份都印份号，导出总是生成编号副本和分发登记表（会议材料）；缺省为否'),
    }),
    logo: z
      .strictObject({
        file: z.string().min(1).max(1024).describe('标志图片（PNG 或 JPEG），相对于模板所在文件夹，不能跳出该文件夹'),
        widthMm: mm(156).min(3).describe('图片框宽（毫米），图片按原比例放入框内'),
        heightMm: mm(100).min(3).describe('图片框高（毫米）'),
        topMm: mm(297).describe('图片框上边距纸张上边（毫米）'),
        align: z.enum(['left', 'center', 'right']).describe('在版心内的水平位置'),
      })
      .optional()
      .describe('报头标志图片（如单位徽标），缺省为无'),
    seriesName: z.strictObject({
      style: textStyleSchema,
      topMm: mm().describe('简报名称字顶距纸张上边'),
      letterSpacingEm: z.number().min(0).max(2),
      minHorizontalScale: z.number().min(0.3).max(1).describe('名称过长时最小水平压缩比'),
    }),
    issue: z.strictObject({
      style: textStyleSchema,
      format: label().describe('期号格式，{n} 为期号'),
      totalFormat: label().describe('总期号格式，{m} 为总期号'),
      slotsBefore: z.number().int().min(0).max(4).describe('名称与期号之间空行数'),
    }),
    docNumber: z
      .strictObject({
        style: textStyleSchema,
        slotsBefore: z.number().int().min(0).max(4).describe('发文机关标志与发文字号之间空行数（GB/T 9704 为 2）'),
      })
      .optional()
      .describe('公文格式：在发文机关标志下居中印发文字号（如“杭政办〔2025〕12号”），草稿填写发文字号时代替期号行；缺省为不印'),
    publisherRow: z.strictObject({
      show: z.boolean().optional().describe('是否在报头印编印单位和日期行（公文格式为否）；缺省为是'),
      style: textStyleSchema,
      slotsBefore: z.number().int().min(0).max(4),
      publisherSuffix: label().describe('编印单位后缀，如“编”'),
    }),
    rule: z.strictObject({
      color: colour,
      widthPt: pt(0.1, 10),
      gapMm: mm(30).describe('红线中心距编印单位行字底'),
    }),
  }),

  excerpt: z.strictObject({ style: textStyleSchema }),

  table: z.strictObject({
    captionStyle: textStyleSchema,
    headerStyle: textStyleSchema,
    cellStyle: textStyleSchema,
    minSizePt: pt(4, 30).describe('表格过宽时可缩小到的最小字号'),
    borders: z.enum(['grid', 'three-line']),
    ruleWidthPt: pt(0.1, 5),
    outerRuleWidthPt: pt(0.1, 5),
    cellPaddingMm: mm(10),
    unitFormat: label().describe('表头单位格式，{unit}'),
    noteStyle: textStyleSchema,
  }),

  chart: z.strictObject({
    titleStyle: textStyleSchema,
    labelStyle: textStyleSchema,
    heightMm: mm(200).min(20),
    barColor: colour,
    derivedBarColor: colour,
    derivedLabel: label().describe('推算值标注'),
    axisWidthPt: pt(0.1, 5),
    sourcePrefix: label(),
    emptyText: label(),
  }),

  sources: z.strictObject({
    enabled: z.boolean(),
    label: label(),
    labelStyle: textStyleSchema,
    style: textStyleSchema,
    markers: z
      .boolean()
      .optional()
      .describe('在每个关联数字和资料摘录后印上角标“〔n〕”，n 为资料来源列表中的序号；缺省为 true（资料来源不印时角标也不印）'),
  }),

  attachments: z.strictObject({
    noteLabel: label().describe('附件说明标签，如“附件：”'),
    labelStyle: textStyleSchema.describe('附件页左上“附件1”'),
    titleStyle: textStyleSchema,
  }),

  tail: z.strictObject({
    style: textStyleSchema,
    thickRuleMm: mm(2).describe('首末分隔线粗（GB 推荐 0.35 mm）'),
    thinRuleMm: mm(2).describe('中间分隔线粗（GB 推荐 0.25 mm）'),
    indentChars: z.number().min(0).max(4),
    labels: z.strictObject({ bao: label(), song: label(), fa: label() }),
    separator: label(4),
    terminator: label(4),
    copiesFormat: label().describe('印数格式，{n}'),
    showPublisher: z.boolean(),
    printedDateFormat: label()
      .optional()
      .describe('版记末行右侧的印发日期格式，{date} 为日期，如“{date}印发”（GB/T 9704 §7.4.3）；设置后代替印数；缺省为不印'),
    baoPosition: z
      .enum(['tail', 'under-title'])
      .optional()
      .describe('“报”栏（主送机关）的位置：tail 在报尾；under-title 为公文格式的主送机关，在标题下一行顶格；缺省为 tail'),
  }),

  pageNumbers: z.strictObject({
    enabled: z.boolean(),
    style: textStyleSchema,
    format: label().describe('页码格式，{n}'),
    belowTypeAreaMm: mm(40).describe('一字线上距版心下边缘'),
    position: z.enum(['outer', 'center', 'right']),
    indentChars: z.number().min(0).max(4),
    firstPage: z.boolean(),
  }),

  watermark: z.strictObject({
    role: fontRoleSchema,
    sizePt: pt(8, 200),
    gray: z.number().min(0.75).max(1).describe('灰度（1 为白）；不深于 25%'),
    angleDeg: z.number().min(-90).max(90),
  }),

  skeleton: z
    .strictObject({
      meta: briefingMetaSchema.partial(),
      blocks: z.array(blockSchema).max(200),
    })
    .describe('新建草稿时的默认内容'),

  sample: z
    .strictObject({
      title: z.string().max(500),
      meta: briefingMetaSchema.partial(),
      blocks: z.array(blockSchema).max(500),
    })
    .describe('模板预览用的示例内容'),
});

/** A validated template. */
export type Template = z.infer<typeof templateSchema>;
export type HeadingStyle = z.infer<typeof headingStyleSchema>;
export type FontRoleConfig = z.infer<typeof fontRoleConfigSchema>;

/** What a template asks of drafts and exports beyond its looks: the editor's forms adapt to it. */
export interface TemplateTraits {
  /** 公文 form: the masthead prints the draft's 发文字号. */
  readonly docNumber: boolean;
  /** Every export is a set of numbered copies with a register (会议材料). */
  readonly numberedCopiesAlways: boolean;
  /** A mark the template always prints (会后收回), or ''. */
  readonly fixedMark: string;
  /** 主送机关 (the 报 list) is printed under the title instead of in the 报尾. */
  readonly mainRecipientsUnderTitle: boolean;
  /** What the template calls the three distribution lists (报 / 送 / 发, 报送 / 抄送 …), without the colon. */
  readonly labels: { readonly bao: string; readonly song: string; readonly fa: string };
}

export function templateTraits(template: Template): TemplateTraits {
  return {
    docNumber: template.masthead.docNumber !== undefined,
    numberedCopiesAlways: template.masthead.copyNumber.always === true,
    fixedMark: (template.masthead.fixedMark ?? '').trim(),
    mainRecipientsUnderTitle: template.tail.baoPosition === 'under-title',
    labels: {
      bao: template.tail.baoPosition === 'under-title' ? '主送' : bare(template.tail.labels.bao, '报'),
      song: bare(template.tail.labels.song, '送'),
      fa: bare(template.tail.labels.fa, '发'),
    },
  };
}

function bare(label: string, fallback: string): string {
  return label.replace(/[：:\s]+$/u, '') || fallback;
}

/** A row of the template list. */
export interface TemplateSummary {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly traits: TemplateTraits;
}
