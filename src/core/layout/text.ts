import { figureText as briefingFigureText, formatChineseDate, toFullWidthPunctuation } from '../briefing';
import type { BlockOf, FrozenItem } from '../../shared/briefing';

/** A figure as printed: the value as written, then its unit (1.85万亿元, 28%) — as the editor shows it. */
export function figureText(value: number, unit: string): string {
  return briefingFigureText({ value, unit });
}

/** The text of an excerpt block as it reads in the briefing: its verbatim quote (as core/briefing `blockText`). */
export function excerptText(block: BlockOf<'excerpt'>): string {
  return block.frozen.quote;
}

/** A citation as printed: 《标题》，出处，2025年2月9日，第12段. */
export function citationText(item: FrozenItem, paragraphs: readonly number[]): string {
  const c = item.citation;
  const month = /^(\d{4})-(\d{2})$/.exec(c.date);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(c.date) ? formatChineseDate(c.date) : month ? `${month[1]}年${Number(month[2])}月` : c.date;
  // Source titles are kept verbatim in the frozen copy; printed, they take full-width punctuation.
  const parts = [`《${fullWidthTitle(c.sourceTitle)}》`, c.outlet, date].filter((p) => p.trim() !== '' && p !== '《》');
  const sorted = [...new Set(paragraphs)].sort((a, b) => a - b);
  return `${parts.join('，')}${sorted.length > 0 ? `，第${sorted.join('、')}段` : ''}`;
}


const FULL_WIDTH: Record<string, string> = { ',': '，', '?': '？', '!': '！', ':': '：', ';': '；', '(': '（', ')': '）' };

/** A Chinese title with its ASCII punctuation made full-width (杭州有DeepSeek,我们有什么? → …，…？). */
function fullWidthTitle(title: string): string {
  const converted = toFullWidthPunctuation(title);
  return /\p{Script=Han}/u.test(converted) ? converted.replace(/[,?!:;()]/g, (c) => FULL_WIDTH[c] ?? c) : converted;
}
