// Completeness: every numeral of the seed text (Arabic, and Chinese numeral characters wherever
// they occur) is either stated by an item whose quote spans it, or listed in exclusions.json with
// its reason. 六小龙 is treated as a name (an exclusion), not a count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exclusionsFileSchema, itemsFileSchema, type LibraryItem } from '../../../src/shared/library';
import { coverNumerals, statedNumerals } from './coverage';

const root = join(import.meta.dirname, '../../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, 'resources/library', file), 'utf8'));
const { items } = itemsFileSchema.parse(readJson('items.json'));
const { exclusions } = exclusionsFileSchema.parse(readJson('exclusions.json'));
const seed = readFileSync(join(import.meta.dirname, 'fixtures/articles.txt'), 'utf8');

const uncovered = (list: readonly LibraryItem[], excl = exclusions) =>
  coverNumerals(seed, list, excl)
    .filter((c) => c.items.length === 0 && c.exclusions.length === 0)
    .map((c) => `${c.token.text}：…${c.context}…`);

describe('completeness of the library against the seed text', () => {
  it('finds the numerals of the seed (both copies of the block)', () => {
    const all = coverNumerals(seed, items, exclusions);
    expect(all.length).toBe(312);
  });

  it('accounts for every numeral by an item or an exclusion', () => {
    expect(uncovered(items)).toEqual([]);
  });

  it('fails when an item is missing (南京 28% → uncovered)', () => {
    const without = items.filter((i) => i.id !== 'nj-tech-transfer-rate-2023');
    expect(uncovered(without)).toContain('28：…但技术转化率仅为28%(江苏省科技厅…');
  });

  it('fails when an exclusion is missing (the publication dates)', () => {
    const left = uncovered(items, exclusions.filter((e) => e.id !== 'publication-dates'));
    expect(left.some((l) => l.startsWith('7：'))).toBe(true);
  });

  it('does not let a quote cover a numeral its item does not state', () => {
    // hz-tech-transfer-rate quotes the whole sentence, but states only 45 (and its year)
    const only = items.filter((i) => i.id === 'hz-tech-transfer-rate');
    expect([...statedNumerals(only[0]!)].sort()).toEqual(['2023', '45']);
    const covered = coverNumerals(seed, only, []).filter((c) => c.items.length > 0).map((c) => c.token.text);
    expect(new Set(covered)).toEqual(new Set(['45', '2023']));
  });

  it('counts every excluded numeral with a reason category', () => {
    const byCategory = new Map<string, number>();
    for (const e of exclusions) byCategory.set(e.category, (byCategory.get(e.category) ?? 0) + 1);
    expect([...byCategory.keys()].sort()).toEqual(['date', 'event', 'heading', 'idiom', 'name', 'numbering', 'rhetoric', 'technology']);
  });
});
