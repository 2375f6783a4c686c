import { pinyin, polyphonic } from 'pinyin-pro';

/**
 * Pinyin matching over short item fields. Every distinct Han character of the indexed text gets a
 * class id with all its readings (polyphones keep every reading: 率 lv/shuai, 长 chang/zhang; ü is
 * typed v or u). A query word of letters is matched as a cover by runs: each run is consecutive
 * characters of one field, each character consuming either a full reading or its first letter, the
 * last one possibly a prefix of a reading (typing in progress); a run must consume at least two
 * letters, and runs may come in any order and any field. So `hzrc` is 杭州 + 人才 and
 * `hangzhou rencai` is two words each covered by one run. The cover is computed bit-parallel:
 * bit i of a mask = "the first i letters are covered".
 */

/** Class 0 is "not a Han character": it breaks runs. */
export const NO_CLASS = 0;

/** Per-character pinyin data shared by every item of an index. */
export class PinyinTable {
  /** class id of each UTF-16 code unit (0 = none) */
  readonly classOf = new Uint16Array(65536);
  /** the character of each class (index 0 unused) */
  readonly chars: string[] = [''];
  /** readings of each class, filled by `finish()` */
  readings: string[][] = [[]];
  /** distinct syllables and, per class, the syllable ids of its readings */
  syllables: string[] = [];
  classSyllables: Int32Array[] = [];
  /** per class: bitmask (26 bits) of the first letters of its readings */
  firstLetters = new Int32Array(1);

  /** The class of a code unit, creating one for a new Han character. */
  classFor(code: number): number {
    const known = this.classOf[code]!;
    if (known !== 0 || !isHanCode(code)) return known;
    if (this.chars.length >= 65535) return 0;
    const id = this.chars.length;
    this.chars.push(String.fromCharCode(code));
    this.classOf[code] = id;
    return id;
  }

  /** Looks up the readings of every class created so far (one pinyin-pro call). */
  finish(): void {
    const pending = this.chars.slice(this.readings.length);
    if (pending.length > 0) {
      const result = polyphonic(pending.join(''), { type: 'array', toneType: 'none', v: true });
      for (let k = 0; k < pending.length; k++) {
        const list = (result[k] ?? []).filter((r) => /^[a-z]+$/.test(r));
        // ü is written v by pinyin-pro (lv); people also type u (lu)
        const withU = list.flatMap((r) => (r.includes('v') ? [r, r.replace(/v/g, 'u')] : [r]));
        this.readings.push([...new Set(withU)]);
      }
    }
    const syllableIds = new Map<string, number>(this.syllables.map((s, i) => [s, i]));
    const first = new Int32Array(this.readings.length);
    this.classSyllables = this.readings.map((list, cls) => {
      const ids = list.map((r) => {
        let id = syllableIds.get(r);
        if (id === undefined) {
          id = this.syllables.length;
          this.syllables.push(r);
          syllableIds.set(r, id);
        }
        first[cls] = first[cls]! | (1 << (r.charCodeAt(0) - 97));
        return id;
      });
      return Int32Array.from(ids);
    });
    this.firstLetters = first;
  }
}

/** True for code units of CJK ideographs (BMP blocks). */
export function isHanCode(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

/**
 * A pinyin word compiled against a table: for every class, which query positions it can consume
 * from and how (full reading, first letter, prefix at the end).
 */
export class PinyinQuery {
  readonly letters: string;
  readonly length: number;
  /** bit L: the whole word covered */
  readonly doneBit: number;
  /** per class: positions where the class can start consuming anything (fast reject) */
  readonly any: Int32Array;
  /** per class: positions where its first letter matches (consumes 1 letter) */
  readonly init: Int32Array;
  /** per class: positions from which the rest of the word is a prefix of a reading (consumes to the end) */
  readonly prefix: Int32Array;
  /** flattened full readings: per class [start, end) into fullMask/fullLen */
  readonly fullStart: Int32Array;
  readonly fullMask: Int32Array;
  readonly fullLen: Int32Array;

  constructor(letters: string, table: PinyinTable) {
    this.letters = letters;
    const L = letters.length;
    this.length = L;
    this.doneBit = 1 << L;
    const letterMask = new Int32Array(26);
    for (let i = 0; i < L; i++) letterMask[letters.charCodeAt(i) - 97]! |= 1 << i;
    const sylFull = new Int32Array(table.syllables.length);
    const sylPrefix = new Int32Array(table.syllables.length);
    const suffixes = Array.from({ length: L }, (_, i) => letters.slice(i));
    table.syllables.forEach((syl, id) => {
      let full = 0;
      let pre = 0;
      const first = syl.charCodeAt(0);
      for (let i = 0; i < L; i++) {
        if (letters.charCodeAt(i) !== first) continue;
        if (letters.startsWith(syl, i)) full |= 1 << i;
        else if (L - i < syl.length && syl.startsWith(suffixes[i]!)) pre |= 1 << i;
      }
      sylFull[id] = full;
      sylPrefix[id] = pre;
    });
    const classes = table.readings.length;
    this.any = new Int32Array(classes);
    this.init = new Int32Array(classes);
    this.prefix = new Int32Array(classes);
    this.fullStart = new Int32Array(classes + 1);
    const masks: number[] = [];
    const lens: number[] = [];
    for (let c = 1; c < classes; c++) {
      this.fullStart[c] = masks.length;
      let init = 0;
      let prefix = 0;
      const firsts = table.firstLetters[c]!;
      for (let b = 0; b < 26; b++) if (firsts & (1 << b)) init |= letterMask[b]!;
      const ids = table.classSyllables[c]!;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        prefix |= sylPrefix[id]!;
        if (sylFull[id] !== 0) {
          masks.push(sylFull[id]!);
          lens.push(table.syllables[id]!.length);
        }
      }
      this.init[c] = init;
      this.prefix[c] = prefix;
      let any = init | prefix;
      for (let k = this.fullStart[c]!; k < masks.length; k++) any |= masks[k]!;
      this.any[c] = any;
    }
    this.fullStart[classes] = masks.length;
    this.fullMask = Int32Array.from(masks);
    this.fullLen = Int32Array.from(lens);
  }
}

/**
 * Whether the word is covered by runs within `classes[from, to)` (fields separated by NO_CLASS).
 * Bit-parallel: R = covered prefixes, W/S = states of the runs in progress that have consumed one
 * letter (weak: may not end yet) or at least two (strong). Passes repeat while R grows, so runs may
 * appear in any order.
 */
export function coversPinyin(q: PinyinQuery, classes: Uint16Array, from: number, to: number): boolean {
  const { any, init, prefix, fullStart, fullMask, fullLen, doneBit, length } = q;
  const lastBit = 1 << (length - 1);
  let R = 1;
  for (let pass = 0; pass < 4; pass++) {
    const before = R;
    let W = 0;
    let S = 0;
    for (let p = from; p < to; p++) {
      const c = classes[p]!;
      const live = R | W | S;
      if (c === NO_CLASS || (live & any[c]!) === 0) {
        W = 0;
        S = 0;
        continue;
      }
      // transitions from the run starts (R) and from runs in progress (W | S)
      const active = W | S;
      let startOne = (R & init[c]!) << 1;
      let startMulti = 0;
      let cont = (active & init[c]!) << 1;
      for (let k = fullStart[c]!, end = fullStart[c + 1]!; k < end; k++) {
        const m = fullMask[k]!;
        const len = fullLen[k]!;
        if (len === 1) startOne |= (R & m) << 1;
        else startMulti |= (R & m) << len;
        cont |= (active & m) << len;
      }
      const pre = prefix[c]!;
      if (pre !== 0) {
        if (R & pre & lastBit) startOne |= doneBit;
        if (R & pre & ~lastBit) startMulti |= doneBit;
        if (active & pre) cont |= doneBit;
      }
      W = startOne;
      S = startMulti | cont;
      R |= S;
      if (R & doneBit) return true;
    }
    if (R === before) return false;
  }
  return (R & doneBit) !== 0;
}

/**
 * Per-item summaries that rule most items out before the matcher runs. A cover must have a run
 * that starts at the first letter; that run either begins with a character whose reading is a
 * prefix of the word (or, while typing, has the word as a prefix), or with two adjacent characters
 * whose first letters are the word's first two letters. Each item keeps the set of its syllables
 * and of its adjacent first-letter pairs as bitsets.
 */
export class PinyinFilter {
  private readonly table: PinyinTable;
  private readonly syllableWords: number;
  private readonly syllableBits: Int32Array;
  private readonly pairBits: Int32Array;
  private static readonly PAIR_WORDS = 22; // 26 × 26 = 676 bits

  constructor(table: PinyinTable, classes: Uint16Array, starts: Int32Array) {
    this.table = table;
    const n = starts.length - 1;
    this.syllableWords = Math.max(1, Math.ceil(table.syllables.length / 32));
    this.syllableBits = new Int32Array(n * this.syllableWords);
    this.pairBits = new Int32Array(n * PinyinFilter.PAIR_WORDS);
    const firsts = table.firstLetters;
    for (let i = 0; i < n; i++) {
      const sBase = i * this.syllableWords;
      const pBase = i * PinyinFilter.PAIR_WORDS;
      let previous = 0;
      for (let p = starts[i]!, end = starts[i + 1]!; p < end; p++) {
        const c = classes[p]!;
        if (c === NO_CLASS) {
          previous = 0;
          continue;
        }
        const ids = table.classSyllables[c]!;
        for (let k = 0; k < ids.length; k++) {
          const id = ids[k]!;
          this.syllableBits[sBase + (id >> 5)]! |= 1 << (id & 31);
        }
        if (previous !== 0) {
          // every (first letter of previous, first letter of this) pair; usually one of each
          for (let a = firsts[previous]!; a !== 0; a &= a - 1) {
            const x = 31 - Math.clz32(a & -a);
            for (let b = firsts[c]!; b !== 0; b &= b - 1) {
              const bit = x * 26 + (31 - Math.clz32(b & -b));
              this.pairBits[pBase + (bit >> 5)]! |= 1 << (bit & 31);
            }
          }
        }
        previous = c;
      }
    }
  }

  /** A predicate over item numbers: false means the item cannot be covered by `letters`. */
  compile(letters: string): (item: number) => boolean {
    const startSyllables: number[] = [];
    this.table.syllables.forEach((syl, id) => {
      if ((syl.length >= 2 && letters.startsWith(syl)) || (letters.length >= 2 && syl.length > letters.length && syl.startsWith(letters))) {
        startSyllables.push(id);
      }
    });
    const pair = (letters.charCodeAt(0) - 97) * 26 + (letters.charCodeAt(1) - 97);
    const pairWord = pair >> 5;
    const pairMask = 1 << (pair & 31);
    const sw = this.syllableWords;
    const syllableBits = this.syllableBits;
    const pairBits = this.pairBits;
    const words = startSyllables.map((id) => id >> 5);
    const masks = startSyllables.map((id) => 1 << (id & 31));
    return (item) => {
      if (pairBits[item * PinyinFilter.PAIR_WORDS + pairWord]! & pairMask) return true;
      const base = item * sw;
      for (let k = 0; k < words.length; k++) if (syllableBits[base + words[k]!]! & masks[k]!) return true;
      return false;
    };
  }
}

/** A run found for highlighting: field-local class positions [start, end). */
export interface PinyinRun {
  readonly field: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Finds one cover of the word by runs (for highlighting a hit), searching depth-first with a step
 * budget; `fields` are the class arrays of the item's pinyin fields. Returns [] when none is found
 * within the budget. `compiled` is the word already compiled against the table (the search has it):
 * the moves of a character are then read from its bitmasks instead of comparing strings.
 */
export function findPinyinRuns(letters: string, table: PinyinTable, fields: readonly Uint16Array[], compiled?: PinyinQuery): PinyinRun[] {
  const L = letters.length;
  const q = compiled ?? new PinyinQuery(letters, table);
  const { init, prefix, fullStart, fullMask, fullLen } = q;
  const classes = table.readings.length;
  const failed = new Set<number>();
  let budget = 20_000;
  /**
   * The positions of the word reachable by consuming from i with the character at fields[f][p],
   * as a bitmask (bit j: position j): its first letter, a full reading, or the rest of the word as
   * a prefix of a reading. Callers walk the bits from the highest (longest move first).
   */
  const moves = (f: number, p: number, i: number): number => {
    const cls = fields[f]!;
    if (p >= cls.length || i >= L) return 0;
    const c = cls[p]!;
    if (c === NO_CLASS || c >= classes) return 0;
    const bit = 1 << i;
    let m = 0;
    if (init[c]! & bit) m |= 1 << (i + 1);
    for (let k = fullStart[c]!, end = fullStart[c + 1]!; k < end; k++) if (fullMask[k]! & bit) m |= 1 << (i + fullLen[k]!);
    if (prefix[c]! & bit) m |= 1 << L;
    return m;
  };
  // how far a run starting at fields[f][p] can get from i, memoised per (field position, i); -1 unknown
  const offsets: number[] = [];
  let total = 0;
  for (const cls of fields) {
    offsets.push(total);
    total += cls.length + 1;
  }
  const memo = new Int16Array(total * (L + 1)).fill(-1);
  /** how far a run starting at fields[f][p] can get from i (to try the longest runs first) */
  const furthest = (f: number, p: number, i: number): number => {
    const key = (offsets[f]! + p) * (L + 1) + i;
    const known = memo[key]!;
    if (known >= 0) return known;
    let best = i;
    if (--budget > 0) {
      for (let m = moves(f, p, i); m !== 0; ) {
        const j = 31 - Math.clz32(m);
        m &= ~(1 << j);
        best = Math.max(best, j, j < L ? furthest(f, p + 1, j) : j);
      }
    }
    memo[key] = best;
    return best;
  };
  const solve = (i: number): PinyinRun[] | null => {
    if (i === L) return [];
    if (failed.has(i) || budget <= 0) return null;
    const starts: [number, number, number][] = [];
    for (let f = 0; f < fields.length; f++) {
      for (let p = 0; p < fields[f]!.length; p++) {
        const reach = furthest(f, p, i);
        if (reach - i >= 2) starts.push([f, p, reach]);
      }
    }
    starts.sort((a, b) => b[2] - a[2]);
    for (const [f, p] of starts) {
      const found = extend(f, p, p, i, 0);
      if (found) return found;
      if (budget <= 0) return null;
    }
    failed.add(i);
    return null;
  };
  const extend = (f: number, start: number, p: number, i: number, consumed: number): PinyinRun[] | null => {
    if (--budget <= 0) return null;
    for (let m = moves(f, p, i); m !== 0; ) {
      const j = 31 - Math.clz32(m);
      m &= ~(1 << j);
      const total = consumed + (j - i);
      // a longer run first, then ending the run here
      if (j < L) {
        const longer = extend(f, start, p + 1, j, total);
        if (longer) return longer;
      }
      if (total >= 2) {
        const rest = solve(j);
        if (rest) return [{ field: f, start, end: p + 1 }, ...rest];
      }
    }
    return null;
  };
  return solve(0) ?? [];
}

/**
 * The pinyin keys of a whole short value (a place, a theme, a name): its initials and its full
 * pinyin in context (杭州 → hz, hangzhou; 技术转化率 → jszhl, jishuzhuanhualv, also with u for ü).
 * Letters only; keys shorter than two letters are dropped.
 */
export function pinyinKeysOf(value: string): string[] {
  const initials = pinyin(value, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase().replace(/[^a-z]/g, '');
  const full = pinyin(value, { toneType: 'none', type: 'array', v: true }).join('').toLowerCase().replace(/[^a-z]/g, '');
  return [...new Set([initials, full, full.replace(/v/g, 'u')])].filter((k) => k.length >= 2);
}
