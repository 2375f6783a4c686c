/**
 * Text normalisation for matching: NFKC (full-width ％，Ｒ＆Ｄ → %,R&D) and lower case. Library
 * text is normalised once at index time; spans found in normalised text are mapped back to the
 * original offsets when normalisation changed the length (rare: ligatures, some compatibility
 * characters).
 */

/** A normalised text and, when lengths differ, the original offset of every normalised offset. */
export interface NormalizedText {
  readonly text: string;
  /** `map[i]` = original offset of normalised offset i (length text.length + 1); null when identical offsets */
  readonly map: Int32Array | null;
}

/** NFKC + lower case. */
export function normalizeForSearch(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

/** Normalises `value` and keeps the offset map when normalisation changes lengths. */
export function normalizeWithMap(value: string): NormalizedText {
  const text = normalizeForSearch(value);
  if (text.length === value.length) return { text, map: null };
  const parts: string[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const ch of value) {
    const n = normalizeForSearch(ch);
    parts.push(n);
    for (let k = 0; k < n.length; k++) offsets.push(at);
    at += ch.length;
  }
  offsets.push(at);
  return { text: parts.join(''), map: Int32Array.from(offsets) };
}

/** Maps a [start, end) span of normalised text back to original offsets. */
export function mapSpan(map: Int32Array | null, start: number, end: number): [number, number] {
  if (!map) return [start, end];
  const s = map[start] ?? 0;
  // the end maps to the start of the original char after the last matched one
  const e = end > start ? (map[end] ?? map[map.length - 1] ?? s) : s;
  return [s, Math.max(e, s)];
}
