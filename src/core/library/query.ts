import { MAX_QUERY_LENGTH } from '../../shared/library';
import { normalizeForSearch } from './normalize';

/** The search looks at the first this-many characters of a query (longer ones are cut, flagged `truncated`). */
export const MAX_MATCHED_QUERY = 256;
/** At most this many distinct words of a query are matched (all must match). */
export const MAX_QUERY_TERMS = 16;
/** Latin words of this length range may be read as pinyin (full syllables or initials). */
export const PINYIN_MIN_LETTERS = 2;
export const PINYIN_MAX_LETTERS = 30;

/** Function words dropped from multi-word queries: they would match nearly every item. */
const STOP_WORDS = new Set(['的', '了', '和', '与', '及', '等', '在', '是', '对', '为', '把', '被', '之', '也', '又', '或', '和的']);

/** One word of a query. */
export interface QueryTerm {
  /** normalised text matched literally */
  readonly text: string;
  /** the letters to read as pinyin (`hzrc`, `hangzhou`), or null when the word is not pinyin-like */
  readonly pinyin: string | null;
}

/** A query parsed for matching. */
export interface ParsedQuery {
  /** normalised, whitespace collapsed, cut to MAX_MATCHED_QUERY */
  readonly normalized: string;
  readonly truncated: boolean;
  /** the whole query, matched as one phrase; null for an empty query */
  readonly phrase: string | null;
  readonly terms: readonly QueryTerm[];
}

// Characters that can never occur in indexed text (they separate fields there); removed from queries.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;
const HAN = /\p{Script=Han}/u;
/** Characters that belong to a Latin/number word: R&D, PD-1, 28%, 1.85, ai. */
const WORDISH = /[\p{L}\p{N}%&+._\-·']/u;

let segmenter: Intl.Segmenter | null | undefined;
function wordSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
  }
  return segmenter;
}

/** Splits a run of Han characters into words (Intl.Segmenter; the whole run when unavailable). */
function segmentHan(run: string): string[] {
  const seg = wordSegmenter();
  if (!seg) return [run];
  const out: string[] = [];
  for (const s of seg.segment(run)) if (s.segment.trim() !== '') out.push(s.segment);
  return out;
}

/** Splits one whitespace-free chunk into Han words and Latin/number words; punctuation separates. */
function chunkWords(chunk: string): string[] {
  const words: string[] = [];
  let run = '';
  let runIsHan = false;
  const flush = () => {
    if (run === '') return;
    if (runIsHan) words.push(...segmentHan(run));
    else {
      const trimmed = run.replace(/^[._\-·'&+]+|[._\-·'&+]+$/g, '');
      if (trimmed !== '') words.push(trimmed);
    }
    run = '';
  };
  for (const ch of chunk) {
    const isHan = HAN.test(ch);
    if (!isHan && !WORDISH.test(ch)) {
      flush();
      continue;
    }
    if (run !== '' && isHan !== runIsHan) flush();
    runIsHan = isHan;
    run += ch;
  }
  flush();
  return words;
}

/**
 * Parses a user query: normalises it (NFKC, lower case, control characters removed, whitespace
 * collapsed), cuts it to MAX_MATCHED_QUERY characters, keeps it whole as the phrase, and splits it
 * into words — Han runs by Intl.Segmenter, Latin and number runs whole (R&D, 28%, hzrc). Never
 * throws: regex metacharacters are plain text here, emoji are separators.
 */
export function parseQuery(raw: string): ParsedQuery {
  const input = raw.length > MAX_QUERY_LENGTH ? raw.slice(0, MAX_QUERY_LENGTH) : raw;
  let normalized = normalizeForSearch(input).replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  let truncated = raw.length > MAX_QUERY_LENGTH;
  if (normalized.length > MAX_MATCHED_QUERY) {
    // never cut a surrogate pair in half
    let cut = MAX_MATCHED_QUERY;
    const code = normalized.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    normalized = normalized.slice(0, cut).trim();
    truncated = true;
  }
  if (normalized === '') return { normalized, truncated, phrase: null, terms: [] };
  const seen = new Set<string>();
  const words: string[] = [];
  for (const chunk of normalized.split(' ')) {
    for (const word of chunkWords(chunk)) {
      if (seen.has(word)) continue;
      seen.add(word);
      words.push(word);
    }
  }
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  const chosen = (meaningful.length > 0 ? meaningful : words).slice(0, MAX_QUERY_TERMS);
  const terms = chosen.map((text): QueryTerm => {
    const letters = text.replace(/'/g, '');
    const isPinyin = /^[a-z]+$/.test(letters) && letters.length >= PINYIN_MIN_LETTERS && letters.length <= PINYIN_MAX_LETTERS;
    return { text, pinyin: isPinyin ? letters : null };
  });
  return { normalized, truncated, phrase: normalized, terms };
}
