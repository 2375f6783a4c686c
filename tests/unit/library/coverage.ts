// Accounts for every numeral of the seed text: each is covered by an item (its quote spans the
// numeral and the numeral is one the item states in its own fields) or by an exclusion (its
// context spans the numeral and lists it). Shared by the completeness test and its negative tests.
import { findNumerals, type Exclusion, type LibraryItem, type NumeralToken } from '../../../src/shared/library';

/** A numeral of the seed text with what accounts for it. */
export interface NumeralCoverage {
  readonly token: NumeralToken;
  /** the text around it, for messages */
  readonly context: string;
  readonly items: string[];
  readonly exclusions: string[];
}

/** Every start offset of `needle` in `haystack`. */
export function occurrences(haystack: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) out.push(at);
  return out;
}

/**
 * The numerals an item states itself: those in its written figure, subject and name, and its year.
 * A numeral that merely sits in the same quote (another fact of the sentence) is not one, nor is
 * one in the free-text note.
 */
export function statedNumerals(item: LibraryItem): Set<string> {
  const texts = [item.valueText ?? '', item.subject, item.name ?? '', item.year === undefined ? '' : String(item.year)];
  return new Set(texts.flatMap((t) => findNumerals(t).map((n) => n.text)));
}

/** Maps every numeral of `seed` to the items and exclusions that account for it. */
export function coverNumerals(seed: string, items: readonly LibraryItem[], exclusions: readonly Exclusion[]): NumeralCoverage[] {
  const tokens = findNumerals(seed);
  const covered = tokens.map((token) => ({
    token,
    context: seed.slice(Math.max(0, token.start - 8), token.end + 8).replace(/\n/g, '⏎'),
    items: [] as string[],
    exclusions: [] as string[],
  }));
  const mark = (from: number, to: number, numerals: Set<string>, add: (c: NumeralCoverage) => void) => {
    for (const c of covered) {
      if (c.token.start >= from && c.token.end <= to && numerals.has(c.token.text)) add(c);
    }
  };
  for (const item of items) {
    const stated = statedNumerals(item);
    for (const at of occurrences(seed, item.quote)) mark(at, at + item.quote.length, stated, (c) => c.items.push(item.id));
  }
  for (const exclusion of exclusions) {
    const listed = new Set(exclusion.numerals);
    for (const at of occurrences(seed, exclusion.context)) {
      mark(at, at + exclusion.context.length, listed, (c) => c.exclusions.push(exclusion.id));
    }
  }
  return covered;
}
