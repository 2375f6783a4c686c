// Scores the extractor blind against a gold set: the bundled library (resources/library: every
// indicator and measure of the three articles, and exclusions.json for numerals that are not
// facts). Recall and precision of indicators; correctness of value, unit, base value, qualifier,
// year and place on matched pairs; recall of measures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentPlace, extractCandidates, type Candidate } from '../../../src/core/extract';

interface GoldItem {
  id: string;
  kind: 'indicator' | 'measure';
  sourceId: string;
  paragraph: number;
  value?: number;
  unit?: string;
  baseValue?: number;
  baseUnit?: string;
  qualifier?: string;
  year?: number;
  city?: string;
  name?: string;
  quote: string;
}

export interface Score {
  readonly gold: number;
  readonly extracted: number;
  readonly matched: number;
  readonly recall: number;
  readonly precision: number;
  readonly correct: Record<'value' | 'unit' | 'baseValue' | 'qualifier' | 'year' | 'city', number>;
  readonly measures: { gold: number; found: number; recall: number };
  readonly missed: string[];
  readonly falsePositives: string[];
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);

/** Runs the extractor on each source of `libraryDir` and scores it against the items there. */
export function scoreLibrary(libraryDir: string): Score {
  const sources = (JSON.parse(readFileSync(join(libraryDir, 'sources.json'), 'utf8')) as { sources: { id: string; title: string; date: string; paragraphs: { text: string }[] }[] }).sources;
  const gold = (JSON.parse(readFileSync(join(libraryDir, 'items.json'), 'utf8')) as { items: GoldItem[] }).items;
  const extracted: (Candidate & { sourceId: string })[] = [];
  for (const source of sources) {
    const paragraphs = source.paragraphs.map((p) => p.text);
    const year = /^(\d{4})/.exec(source.date) ? Number(source.date.slice(0, 4)) : null;
    const city = documentPlace(source.title, paragraphs);
    for (const c of extractCandidates(paragraphs, { year, city })) extracted.push({ ...c, sourceId: source.id });
  }
  const indicators = extracted.filter((c) => c.kind === 'indicator');
  const goldIndicators = gold.filter((g) => g.kind === 'indicator');
  const used = new Set<Candidate>();
  const pairs: [GoldItem, Candidate][] = [];
  const missed: string[] = [];
  for (const g of goldIndicators) {
    const match = indicators.find((c) => !used.has(c) && c.sourceId === g.sourceId && c.paragraph === g.paragraph && (c.value === g.value || c.baseValue === g.baseValue));
    if (match) {
      used.add(match);
      pairs.push([g, match]);
    } else missed.push(`${g.id}: ${g.value}${g.unit ?? ''}`);
  }
  // Two gold items may cite one stated figure (a figure repeated as two facts): a second match on the same candidate.
  const falsePositives = indicators.filter((c) => !used.has(c)).filter((c) => !goldIndicators.some((g) => g.sourceId === c.sourceId && g.paragraph === c.paragraph && (g.value === c.value || g.baseValue === c.baseValue)));
  const count = (f: (g: GoldItem, c: Candidate) => boolean) => ratio(pairs.filter(([g, c]) => f(g, c)).length, pairs.length);
  const goldMeasures = gold.filter((g) => g.kind === 'measure');
  const measures = extracted.filter((c) => c.kind === 'measure');
  const foundMeasures = goldMeasures.filter((g) => measures.some((m) => m.sourceId === g.sourceId && m.paragraph === g.paragraph && (g.name === undefined || (m.quote.includes(g.name) && (m.name === g.name || m.quote.includes(m.name ?? '\u0000'))))));
  return {
    gold: goldIndicators.length,
    extracted: indicators.length,
    matched: pairs.length,
    recall: ratio(pairs.length, goldIndicators.length),
    precision: ratio(indicators.length - falsePositives.length, indicators.length),
    correct: {
      value: count((g, c) => c.value === g.value),
      unit: count((g, c) => c.unit === g.unit),
      baseValue: count((g, c) => c.baseValue === g.baseValue),
      qualifier: count((g, c) => c.qualifier === g.qualifier),
      year: count((g, c) => (c.year ?? null) === (g.year ?? null)),
      city: count((g, c) => c.city === g.city),
    },
    measures: { gold: goldMeasures.length, found: foundMeasures.length, recall: ratio(foundMeasures.length, goldMeasures.length) },
    missed,
    falsePositives: falsePositives.map((c) => `${c.sourceId}#${c.paragraph}: ${c.valueText} — ${c.quote.slice(0, 30)}`),
  };
}

if (process.argv[1]?.endsWith('score.ts')) {
  const score = scoreLibrary(join(import.meta.dirname, '..', '..', '..', 'resources', 'library'));
  console.log(JSON.stringify(score, null, 1));
}

interface ReportGold {
  indicators: { valueText: string; value: number; unit: string; baseValue: number; qualifier: string; year: number | null }[];
  measures: string[];
}

/** Scores the extractor on a hand-annotated text (`<name>.txt` + `<name>.gold.json`), read as the CLI reads it. */
export function scoreText(paragraphs: readonly string[], goldFile: string, options: { year: number | null; city: string | null }): Score {
  const gold = JSON.parse(readFileSync(goldFile, 'utf8')) as ReportGold;
  const found = extractCandidates(paragraphs, options);
  const indicators = found.filter((c) => c.kind === 'indicator');
  const used = new Set<Candidate>();
  const pairs: [ReportGold['indicators'][number], Candidate][] = [];
  const missed: string[] = [];
  for (const g of gold.indicators) {
    const match = indicators.find((c) => !used.has(c) && c.value === g.value && c.unit === g.unit);
    if (match) {
      used.add(match);
      pairs.push([g, match]);
    } else missed.push(g.valueText);
  }
  const falsePositives = indicators.filter((c) => !used.has(c));
  const count = (f: (g: ReportGold['indicators'][number], c: Candidate) => boolean) => ratio(pairs.filter(([g, c]) => f(g, c)).length, pairs.length);
  const measures = found.filter((c) => c.kind === 'measure');
  const foundMeasures = gold.measures.filter((name) => measures.some((m) => m.name === name));
  return {
    gold: gold.indicators.length,
    extracted: indicators.length,
    matched: pairs.length,
    recall: ratio(pairs.length, gold.indicators.length),
    precision: ratio(pairs.length, indicators.length),
    correct: {
      value: count((g, c) => c.value === g.value),
      unit: count((g, c) => c.unit === g.unit),
      baseValue: count((g, c) => c.baseValue === g.baseValue),
      qualifier: count((g, c) => c.qualifier === g.qualifier),
      year: count((g, c) => (c.year ?? null) === g.year),
      city: 1,
    },
    measures: { gold: gold.measures.length, found: foundMeasures.length, recall: ratio(foundMeasures.length, gold.measures.length) },
    missed,
    falsePositives: falsePositives.map((c) => `${c.valueText} — ${c.quote.slice(0, 30)}`),
  };
}
