import { BRIEFING_SCHEMA_VERSION, type Block, type Briefing, type BriefingMeta, type TemplateRef } from '../../shared/briefing';

/** What a new briefing needs from outside: ids and today's date come from the host. */
export interface NewBriefingInput {
  readonly id: string;
  readonly template: TemplateRef;
  readonly title?: string;
  /** Today, `YYYY-MM-DD`, used as the default 印发日期. */
  readonly today: string;
  /** Metadata defaults from the template (简报名称, 编印单位 …). */
  readonly meta?: Partial<BriefingMeta>;
  /** The skeleton sections the template starts a draft with. */
  readonly blocks?: readonly Block[];
}

/** Metadata of an empty briefing. */
export function emptyMeta(today: string): BriefingMeta {
  return {
    seriesName: '工作简报',
    issueNumber: null,
    totalIssueNumber: null,
    publisher: '',
    docNumber: '',
    issueDate: today,
    classification: '内部资料 注意保存',
    urgency: '',
    printCopyNumber: false,
    distribution: { bao: [], song: [], fa: [] },
    copies: null,
    editorNote: '',
    watermark: '',
  };
}

/** Creates a new, valid briefing. */
export function createBriefing(input: NewBriefingInput): Briefing {
  return {
    schemaVersion: BRIEFING_SCHEMA_VERSION,
    id: input.id,
    title: input.title ?? '',
    meta: { ...emptyMeta(input.today), ...input.meta },
    template: { ...input.template },
    blocks: input.blocks ? structuredClone([...input.blocks]) : [],
  };
}

/** `YYYY-MM-DD` of a date in the local calendar of Beijing time (UTC+8), as officials date documents. */
export function isoDateInChina(date: Date): string {
  return chinaDateFormat.format(date);
}

// en-CA formats as YYYY-MM-DD.
const chinaDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** 2025年2月8日 — the date as printed on a 简报 (Arabic numerals, no leading zeros; GB/T 9704 §7.3.5). */
export function formatChineseDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}
