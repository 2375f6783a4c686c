import type { HighlightSpan } from '../../shared/library';

/** A piece of text, highlighted or not. */
export interface TextSegment {
  readonly text: string;
  readonly highlighted: boolean;
}

/**
 * Cuts `text` into plain and highlighted segments along `spans` ([start, end) in UTF-16 units, as
 * search hits return them). Spans are clamped, sorted and merged; a span never splits a surrogate
 * pair in the output.
 */
export function splitHighlights(text: string, spans: readonly HighlightSpan[] | undefined): TextSegment[] {
  const clamp = (v: number) => {
    let x = Math.max(0, Math.min(v, text.length));
    const code = text.charCodeAt(x);
    if (x > 0 && x < text.length && code >= 0xdc00 && code <= 0xdfff) x--;
    return x;
  };
  const sorted = (spans ?? [])
    .map(([s, e]) => [clamp(s), clamp(e)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  const out: TextSegment[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push({ text: text.slice(at, s), highlighted: false });
    out.push({ text: text.slice(s, e), highlighted: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), highlighted: false });
  return out;
}
