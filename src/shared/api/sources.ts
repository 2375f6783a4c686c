import { z } from 'zod';
import { qualifiers, type Candidate, type MetricDefinition } from '../library';
import { defineMethod } from './define';
import { sourcePackMethods } from './source-packs';

const slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '标识只能由小写字母、数字和连字符组成');
const isoDate = z.string().regex(/^\d{4}-\d{2}(?:-\d{2})?$/, '日期格式应为 YYYY-MM-DD 或 YYYY-MM');
const paragraphs = z.array(z.string().min(1).max(10_000)).min(1).max(20_000);

/** A document read for import, not yet in the library: verbatim paragraphs and proposed metadata. */
export interface ImportedSource {
  readonly title: string | null;
  readonly publisher: string | null;
  /** ISO date (yyyy-mm-dd or yyyy-mm), null when the text names none */
  readonly date: string | null;
  readonly docNumber: string | null;
  readonly paragraphs: string[];
  /** the file's name (not its path), null for pasted text */
  readonly fileName: string | null;
}

/** A candidate the extractor proposes (`Candidate`), with a review id and a suggested metric. */
export interface ReviewCandidate extends Candidate {
  /** c1, c2 … in text order */
  readonly id: string;
  /** a metric key of the library whose label resembles the subject, or null */
  readonly metric: string | null;
}

export interface ExtractResult {
  readonly candidates: ReviewCandidate[];
  /** the library's metrics, for the reviewer's metric choice */
  readonly metrics: MetricDefinition[];
  /** the document's own place (default for figures that name none) */
  readonly city: string | null;
}

export interface ImportSourceResult extends ExtractResult {
  readonly source: ImportedSource;
}

/** One user source as listed. */
export interface UserSourceSummary {
  readonly id: string;
  readonly title: string;
  readonly outlet: string;
  readonly date: string;
  readonly docNumber: string | null;
  readonly paragraphCount: number;
  readonly itemCount: number;
}

export interface UserSourceList {
  readonly sources: UserSourceSummary[];
  readonly notices: { readonly code: 'USER_LIBRARY_DAMAGED'; readonly movedTo: string; readonly detail: string }[];
}

export interface AcceptResult {
  readonly sourceId: string;
  /** ids of the new items, in the order given */
  readonly itemIds: string[];
  /** ids of items (bundled or user) the new figures supersede */
  readonly superseded: string[];
}

/** What the reviewer accepts: a candidate as confirmed or edited. */
export const acceptedItemSchema = z.strictObject({
  kind: z.enum(['indicator', 'measure']),
  subject: z.string().trim().min(1).max(300),
  name: z.string().min(1).max(100).nullable().default(null),
  quote: z.string().min(1).max(2_000),
  paragraph: z.number().int().min(1),
  value: z.number().finite().nullable().default(null),
  unit: z.string().min(1).max(16).nullable().default(null),
  valueText: z.string().min(1).max(64).nullable().default(null),
  baseValue: z.number().finite().nullable().default(null),
  baseUnit: z.string().min(1).max(16).nullable().default(null),
  qualifier: z.enum(qualifiers).nullable().default(null),
  year: z.number().int().min(1900).max(2200).nullable().default(null),
  city: z.string().trim().min(1).max(32),
  district: z.string().trim().min(1).max(32).nullable().default(null),
  /** an existing metric key, or null to create one from `metricLabel` (indicators) */
  metric: slug.nullable().default(null),
  metricLabel: z.string().trim().min(1).max(100).nullable().default(null),
});
export type AcceptedItem = z.input<typeof acceptedItemSchema>;

/** The source the accepted items come from: an existing user source, or a new one with confirmed metadata. */
export const acceptSourceSchema = z.union([
  z.strictObject({ id: slug }),
  z.strictObject({
    title: z.string().trim().min(1).max(200),
    outlet: z.string().trim().min(1).max(100),
    date: isoDate,
    docNumber: z.string().trim().min(1).max(100).nullable().default(null),
    paragraphs,
  }),
]);

/** How far a file import has come (polled by the review screen's progress bar). */
export interface ImportProgress {
  /** `dialog`: waiting for the open dialog; `reading`: pages read (PDF) or the file; `extracting`: finding candidates; `done`: finished, failed or cancelled */
  readonly phase: 'dialog' | 'reading' | 'extracting' | 'done';
  /** pages (PDF) or files read so far */
  readonly done: number;
  /** pages (PDF) or 1; 0 until known */
  readonly total: number;
  readonly cancelled: boolean;
}

const importJobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '任务标识只能包含字母、数字、- 和 _');

/** Sources in: import a document, extract candidates, accept them into the user's library. */
export const sourceMethods = {
  /** Reads a document the user picks in the native open dialog (or the pasted `text`); nothing is stored yet. */
  importSource: defineMethod<ImportSourceResult>()(
    'sources:import',
    z.strictObject({
      text: z.string().min(1).max(5_000_000).optional(),
      /** Chosen by the renderer so it can poll progress and cancel a long file. */
      jobId: importJobId.optional(),
    }),
  ),
  /** Progress of a running import; null when the job is unknown (not started or long finished). */
  getImportProgress: defineMethod<ImportProgress | null>()('sources:import-progress', z.strictObject({ jobId: importJobId })),
  /** Cancels a running import: importSource then answers CANCELLED and nothing is kept. */
  cancelImport: defineMethod<null>()('sources:import-cancel', z.strictObject({ jobId: importJobId })),
  /** Candidates of a text, for its year and place. */
  extractSource: defineMethod<ExtractResult>()(
    'sources:extract',
    z.strictObject({ title: z.string().max(200).default(''), date: isoDate.nullable().default(null), paragraphs }),
  ),
  /** Stores the source (when new) and the accepted items in the user library. */
  acceptCandidates: defineMethod<AcceptResult>()(
    'sources:accept',
    z.strictObject({ source: acceptSourceSchema, items: z.array(acceptedItemSchema).min(1).max(5_000) }),
  ),
  /** The user's sources, and what went wrong loading the user library (a damaged file moved aside). */
  listSources: defineMethod<UserSourceList>()('sources:list', z.strictObject({})),
  /** Removes a user source and its items; drafts keep their frozen copies. */
  removeSource: defineMethod<{ removedItems: number }>()('sources:remove', z.strictObject({ id: slug })),
  /** Library packs (资料包): exportPack, previewPackImport, importPack — see source-packs.ts. */
  ...sourcePackMethods,
};
