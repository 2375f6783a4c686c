import type { Briefing } from '../../shared/briefing';
import { blockText } from '../briefing';

/**
 * Typography warnings for 校对 (GB/T 15834 habits): ASCII punctuation next to Chinese characters,
 * straight quotes, zero-padded dates. Warnings, not errors: the export still works.
 */
export function typographyWarnings(briefing: Briefing): string[] {
  const warnings: string[] = [];
  const texts: [string, string][] = [
    ['标题', briefing.title],
    ['按语', briefing.meta.editorNote],
    ...briefing.blocks.map((b, i): [string, string] => [`第${i + 1}块`, blockText(b)]),
  ];
  for (const [where, text] of texts) {
    const ascii = /(?:\p{Script=Han}[,;:?!()]|[,;:?!()]\p{Script=Han})/u.exec(text);
    if (ascii) warnings.push(`${where}：中文旁使用了半角标点“${ascii[0]}”，应改为全角标点。`);
    if (/["']/u.test(text) && /\p{Script=Han}/u.test(text)) warnings.push(`${where}：使用了直引号，应改为“”或‘’。`);
    const padded = /\d{4}年0\d月|月0\d日/u.exec(text);
    if (padded) warnings.push(`${where}：日期“${padded[0]}”不应补零。`);
  }
  return warnings;
}
