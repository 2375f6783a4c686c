import type { Block } from '../../shared/briefing';
import type { HeadingStyle } from '../../shared/template';

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/**
 * A positive integer in Chinese numerals as headings number them: 一 … 十, 十一, 二十, 二十一,
 * 一百, 一百零一 … (up to 9999; larger numbers fall back to Arabic digits).
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n > 9999) return String(n);
  const thousands = Math.floor(n / 1000);
  const hundreds = Math.floor((n % 1000) / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = '';
  let zero = false;
  const put = (digit: number, unit: string) => {
    if (digit === 0) {
      if (out !== '') zero = true;
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[digit] + unit;
  };
  put(thousands, '千');
  put(hundreds, '百');
  // 十一 rather than 一十一 when the number is below 20.
  if (tens === 1 && out === '') {
    out = '十';
  } else {
    put(tens, '十');
  }
  put(ones, '');
  return out;
}

/** A heading numbering style of the template spec: chinese-dun 一、, chinese-paren （一）, … */
export type HeadingNumbering = HeadingStyle['numbering'];

/** GB/T 9704 §7.3.3's default per level: 一、 （一） 1. （1）. */
export const DEFAULT_HEADING_NUMBERING: readonly HeadingNumbering[] = ['chinese-dun', 'chinese-paren', 'arabic-dot', 'arabic-paren'];

/** The number prefix of heading `n` in a numbering style: 一、 （一） 1. （1）, or nothing. */
export function headingPrefix(numbering: HeadingNumbering, n: number): string {
  switch (numbering) {
    case 'chinese-dun':
      return `${chineseNumeral(n)}、`;
    case 'chinese-paren':
      return `（${chineseNumeral(n)}）`;
    case 'arabic-dot':
      return `${n}.`;
    case 'arabic-paren':
      return `（${n}）`;
    case 'none':
      return '';
  }
}

/** The number a heading of `level` (1–4) shows for ordinal `n` in the default styles. */
export function headingMarker(level: number, n: number): string {
  return headingPrefix(DEFAULT_HEADING_NUMBERING[Math.min(4, Math.max(1, level)) - 1]!, n);
}

/**
 * The automatic numbers of every heading, as the PDF prints them (GB/T 9704 §7.3.3): each level
 * counts within its parent; a heading resets the counters of every deeper level. Headings inside
 * 附件 are not numbered here (an attachment is its own document).
 */
export function headingNumbers(blocks: readonly Block[]): Map<string, string> {
  const counters = [0, 0, 0, 0];
  const out = new Map<string, string>();
  for (const block of blocks) {
    if (block.type !== 'heading') continue;
    const level = Math.min(4, Math.max(1, block.level));
    counters[level - 1] = (counters[level - 1] ?? 0) + 1;
    for (let deeper = level; deeper < 4; deeper++) counters[deeper] = 0;
    out.set(block.id, headingMarker(level, counters[level - 1]!));
  }
  return out;
}

/**
 * The automatic numbers of tables and charts, as the PDF and the editor print them: 表1, 表2 … for
 * 对比表 and 图1, 图2 … for 柱状图, each counted on its own in document order.
 */
export function figureNumbers(blocks: readonly Block[]): Map<string, string> {
  const out = new Map<string, string>();
  let tables = 0;
  let charts = 0;
  for (const block of blocks) {
    if (block.type === 'table') out.set(block.id, `表${++tables}`);
    if (block.type === 'chart') out.set(block.id, `图${++charts}`);
  }
  return out;
}

/**
 * A caption or chart title with its number: 表1 + U+3000 + 南京与杭州技术转化率对比 (the number alone when the
 * caption is empty). A number typed at the start of the caption (表1、图 2：) gives way to the
 * automatic one, as typed heading numbers do.
 */
export function figureLabel(number: string | undefined, caption: string): string {
  const text = number ? stripFigureNumber(caption) : caption.trim();
  if (!number) return text;
  return text === '' ? number : `${number}\u3000${text}`;
}

/** A caption without the 表1 / 图1 typed at its start. */
export function stripFigureNumber(caption: string): string {
  return caption.trim().replace(/^[表图]\s*[0-9０-９]+(?:[-－.．][0-9０-９]+)?(?:[\s\u3000]*[、.．:：]?[\s\u3000]*)/u, '').trim();
}
