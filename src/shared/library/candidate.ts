// What the source extractor (core/extract) proposes and the review screen shows: one candidate
// fact, as a plain shape shared by core (which produces it) and the API (which carries it with a
// review id and a suggested metric, `ReviewCandidate`).
import type { Qualifier } from './schema';

/** A bound written beside the number: 以上/超过/突破 (above), 以下/以内 (below), 约/左右/近 (about). */
export type CandidateBound = 'above' | 'below' | 'about';

/** One proposed fact, for a person to confirm. */
export interface Candidate {
  readonly kind: 'indicator' | 'measure' | 'name';
  readonly quote: string;
  readonly valueText: string | null;
  readonly value: number | null;
  readonly valueHigh?: number;
  readonly unit: string | null;
  readonly baseValue: number | null;
  readonly baseUnit: string | null;
  /** A goal or plan, a result, a comparison, a threshold. */
  readonly qualifier: Qualifier | null;
  readonly bound: CandidateBound | null;
  readonly year: number | null;
  readonly city: string | null;
  readonly district: string | null;
  readonly subject: string | null;
  /** Measures: the programme's name when it has one. */
  readonly name?: string;
  /** 1-based paragraph number (as the library's citations count). */
  readonly paragraph: number;
  /** Position of the number (or the sentence, for measures) in the source text (paragraphs joined by \n). */
  readonly offset: number;
  readonly confidence: number;
}
