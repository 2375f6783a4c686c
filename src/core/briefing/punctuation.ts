// Full-width punctuation (GB/T 15834): ASCII marks typed or pasted inside Chinese text are turned
// into their full-width forms, without touching numbers (3.85, 1,000, 10:30), list numbers (1.)
// or Latin text.

const SIMPLE: Readonly<Record<string, string>> = {
  ',': '，',
  '.': '。',
  ';': '；',
  ':': '：',
  '?': '？',
  '!': '！',
  '(': '（',
  ')': '）',
};

const HAN = /\p{Script=Han}/u;
const CJK_PUNCT = /[，。、；：？！“”‘’（）《》〈〉【】…—·「」]/u;
const DIGIT = /[0-9０-９]/;

/** True for a Chinese character or full-width Chinese punctuation. */
export function isChineseChar(ch: string | undefined): boolean {
  return ch !== undefined && (HAN.test(ch) || CJK_PUNCT.test(ch));
}

/** The nearest character before `index` that is not part of a figure (digits, ., %). */
function nearestBefore(text: string, index: number): string | undefined {
  let i = index - 1;
  while (i >= 0 && /[0-9０-９.%％]/.test(text[i]!)) i--;
  return i < index - 1 ? text[i] : undefined;
}

/** One ASCII mark that should be full-width. */
export interface PunctuationFinding {
  readonly index: number;
  readonly char: string;
  readonly replacement: string;
}

function quoteReplacement(char: string, text: string, index: number): string {
  const [open, close] = char === '"' ? ['“', '”'] : ['‘', '’'];
  let depth = 0;
  for (let i = 0; i < index; i++) {
    const c = text[i];
    if (c === open) depth++;
    else if (c === close) depth = Math.max(0, depth - 1);
    else if (c === char) depth = depth > 0 ? depth - 1 : depth + 1;
  }
  return depth > 0 ? close : open;
}

/**
 * What a mark typed at the caret should become (full-width is the default), or null to keep it:
 * kept after Latin letters (an English phrase), and `.` `,` `:` after a digit (3.85, 1,000, 10:30,
 * the list number 1.). `before`/`after` are the text on either side of the caret.
 */
export function fullWidthFor(char: string, before: string, after = ''): string | null {
  const isQuote = char === '"' || char === "'";
  if (!isQuote && !(char in SIMPLE)) return null;
  let prev = before[before.length - 1];
  if (prev !== undefined && /\s/.test(prev)) prev = before.trimEnd()[before.trimEnd().length - 1];
  if (char === ')' && (before.match(/（/g) ?? []).length > (before.match(/）/g) ?? []).length) return '）';
  if (prev !== undefined && /[A-Za-z]/.test(prev)) return null;
  if (prev !== undefined && DIGIT.test(prev) && (char === '.' || char === ',' || char === ':' || char === '(' || char === ')')) return null;
  if (prev !== undefined && !isChineseChar(prev) && !DIGIT.test(prev) && !/[%％]/.test(prev) && !isQuote) return null;
  return isQuote ? quoteReplacement(char, before + char + after, before.length) : (SIMPLE[char] as string);
}

/** Every ASCII mark inside Chinese text, with its full-width replacement. */
export function findAsciiPunctuation(text: string): PunctuationFinding[] {
  const out: PunctuationFinding[] = [];
  // A title in 《》 is cited as published (《杭州有DeepSeek,我们有什么?》): its marks are left alone.
  let inTitle = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '《') inTitle++;
    else if (ch === '》') inTitle = Math.max(0, inTitle - 1);
    if (inTitle > 0) continue;
    if (!(ch in SIMPLE) && ch !== '"' && ch !== "'") continue;
    const prev = text[i - 1];
    const next = text[i + 1];
    // Only where Chinese touches the mark (across a figure such as 3.85%): a Latin phrase keeps its own punctuation.
    if (!isChineseChar(prev) && !isChineseChar(next) && !isChineseChar(nearestBefore(text, i))) continue;
    if (DIGIT.test(prev ?? '') && DIGIT.test(next ?? '') && (ch === '.' || ch === ',' || ch === ':')) continue;
    // 1. as a list number: a digit before, Chinese after, at the start or after a break.
    if (ch === '.' && DIGIT.test(prev ?? '')) continue;
    if (ch === "'" && /[A-Za-z]/.test(prev ?? '') && /[A-Za-z]/.test(next ?? '')) continue;
    const replacement =
      ch === '"' || ch === "'" ? quoteReplacement(ch, text, i) : (SIMPLE[ch] as string);
    out.push({ index: i, char: ch, replacement });
  }
  return out;
}

/** The text with every ASCII mark inside Chinese text made full-width. */
export function toFullWidthPunctuation(text: string): string {
  const findings = findAsciiPunctuation(text);
  if (findings.length === 0) return text;
  let out = '';
  let last = 0;
  for (const f of findings) {
    out += text.slice(last, f.index) + f.replacement;
    last = f.index + 1;
  }
  return out + text.slice(last);
}
