// What a source says about itself, proposed for the person to confirm: its title, publisher,
// date and document number, from the first lines and the text.

/** A source read from a file: verbatim paragraphs and proposed metadata (null where unknown). */
export interface SourceText {
  readonly title: string | null;
  readonly publisher: string | null;
  /** ISO date (yyyy-mm-dd, or yyyy-mm / yyyy when that is all the text says). */
  readonly date: string | null;
  readonly docNumber: string | null;
  readonly paragraphs: string[];
}

const CN_DIGITS: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** 2025年2月8日 / 二〇二五年二月八日 / 2025-02-08 → ISO. */
export function dateOf(text: string): string | null {
  const iso = /((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]!.padStart(2, '0')}-${iso[3]!.padStart(2, '0')}`;
  const cn = /((?:19|20)\d{2})年(\d{1,2})月(?:(\d{1,2})日)?/.exec(text);
  if (cn) return cn[3] ? `${cn[1]}-${cn[2]!.padStart(2, '0')}-${cn[3].padStart(2, '0')}` : `${cn[1]}-${cn[2]!.padStart(2, '0')}`;
  const upper = /([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日/.exec(text);
  if (upper) {
    const year = [...upper[1]!].map((c) => CN_DIGITS[c]).join('');
    const small = (s: string) => (s === '十' ? 10 : s.startsWith('十') ? 10 + Number(CN_DIGITS[s[1]!]) : s.endsWith('十') ? Number(CN_DIGITS[s[0]!]) * 10 : s.length === 3 ? Number(CN_DIGITS[s[0]!]) * 10 + Number(CN_DIGITS[s[2]!]) : Number(CN_DIGITS[s]!));
    return `${year}-${String(small(upper[2]!)).padStart(2, '0')}-${String(small(upper[3]!)).padStart(2, '0')}`;
  }
  return null;
}

/** Proposes title, publisher, date and document number from the paragraphs (and an HTML title). */
export function proposeMetadata(paragraphs: string[], htmlTitle: string | null = null): SourceText {
  const head = paragraphs.slice(0, 8);
  const docNumber = /[\u4e00-\u9fa5]{1,8}〔(?:19|20)\d{2}〕\d+号/.exec(head.join('\n'))?.[0] ?? null;
  // The title: the HTML title, or the first line that is not the masthead, a number or a date, and reads like a heading (no sentence end).
  const title =
    htmlTitle ??
    head.find((p) => p.length >= 4 && p.length <= 60 && !/[。；]$/.test(p) && !/〔\d{4}〕/.test(p) && dateOf(p) !== p && !/^[（(]?\d+[)）]?$/.test(p)) ??
    null;
  const dateLine = [...head, ...paragraphs.slice(-6)].find((p) => dateOf(p) !== null && p.length <= 30);
  const date = dateLine ? dateOf(dateLine) : dateOf(paragraphs.slice(0, 3).join('\n'));
  // The publisher: a short line ending in an office's name, in the head or above the date at the end.
  const office = /^[\u4e00-\u9fa5]{2,30}(?:人民政府|办公厅|办公室|委员会|局|厅|委|部|院|中心|报社|报|党委|政府)$/;
  const publisher = [...head, ...paragraphs.slice(-6)].find((p) => office.test(p)) ?? null;
  return { title, publisher, date, docNumber, paragraphs };
}
