/**
 * Edit distance with transpositions (optimal string alignment): `fangsong2` → `fangsong` is 1,
 * `haeding` → `heading` is 1.
 */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const row = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[n]!;
}

/** Names people reach for that mean one of ours (CSS and Word habits). */
const aliases: Record<string, readonly string[]> = {
  fontsize: ['sizePt'],
  size: ['sizePt'],
  sizept: ['sizePt'],
  font: ['role'],
  fontfamily: ['role', 'systemFamilies'],
  family: ['role', 'systemFamilies'],
  colour: ['color'],
  margin: ['typeArea'],
  margins: ['typeArea'],
  lineheight: ['linePitchPt'],
  indent: ['indentChars'],
  width: ['widthMm', 'widthPt'],
  height: ['heightMm'],
  top: ['topMm'],
  left: ['leftMm'],
  logo: [],
  extend: ['extends'],
  inherits: ['extends'],
  base: ['extends'],
  header: ['masthead'],
  footer: ['tail', 'pageNumbers'],
  pagenumber: ['pageNumbers'],
  headers: ['headings'],
  heading: ['headings'],
};

/**
 * The candidate closest to `word`, when it is close enough to be a typo (case ignored, at most
 * two edits, or a third of the word), or a known alias (`fontSize` → `sizePt`).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const alias = aliases[lower]?.find((a) => candidates.includes(a));
  if (alias) return alias;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit && bestDistance < word.length ? best : undefined;
}

/** `您是否想写“fangsong”？` or an empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = closest(word, candidates);
  return best !== undefined ? `您是否想写“${best}”？` : '';
}

/** `“a”、“b”、“c”` (at most `limit` items, then 等 N 项). */
export function quoteList(items: readonly string[], limit = 12): string {
  const shown = items.slice(0, limit).map((i) => `“${i}”`).join('、');
  return items.length > limit ? `${shown} 等 ${items.length} 项` : shown;
}
