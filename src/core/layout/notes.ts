import { toFullWidthPunctuation } from '../briefing';

const FULL_WIDTH: Readonly<Record<string, string>> = { ',': '，', '?': '？', '!': '！', ':': '：', ';': '；', '(': '（', ')': '）' };

/**
 * A table's or chart's own note as printed: ASCII punctuation in Chinese text made full-width, also
 * inside the 《》 of a cited title (杭州有DeepSeek,我们有什么? → …，…？) — notes written by the
 * library quote source titles verbatim. With `sourcePrefix`, the note's 资料来源 sentence is left out
 * (the layout prints its own source line from the items, once).
 */
export function printedNote(note: string | undefined, sourcePrefix?: string): string {
  let text = (note ?? '').trim();
  if (sourcePrefix !== undefined) text = withoutSourcesSentence(text, sourcePrefix);
  text = toFullWidthPunctuation(text).replace(/《([^《》]*)》/g, (whole, title: string) =>
    /\p{Script=Han}/u.test(title) ? `《${title.replace(/[,?!:;()]/g, (c) => FULL_WIDTH[c] ?? c)}》` : whole,
  );
  return text.trim();
}

/** The text without its 资料来源 sentence (from the prefix to the next 。 outside 《》, or the end). */
function withoutSourcesSentence(text: string, sourcePrefix: string): string {
  const prefixes = [...new Set([sourcePrefix, '资料来源：', '资料来源:'].filter((p) => p !== ''))];
  for (const prefix of prefixes) {
    const start = text.indexOf(prefix);
    if (start < 0) continue;
    let depth = 0;
    let end = text.length;
    for (let i = start + prefix.length; i < text.length; i++) {
      const ch = text[i];
      if (ch === '《') depth++;
      else if (ch === '》') depth = Math.max(0, depth - 1);
      else if (ch === '。' && depth === 0) {
        end = i + 1;
        break;
      }
    }
    return withoutSourcesSentence(text.slice(0, start) + text.slice(end), sourcePrefix);
  }
  return text;
}
