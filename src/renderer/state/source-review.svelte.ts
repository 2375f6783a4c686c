// The review of an imported source: its verbatim text with every candidate marked, the candidate
// list with accept / edit / reject, accept-all by confidence class, and the save of the accepted
// candidates into the user library (with the source's confirmed metadata).
import type { AcceptedItem, Api, ImportedSource, ReviewCandidate, UserSourceList } from '../../shared/api';
import type { MetricDefinition, Qualifier } from '../../shared/library';

export type ReviewClient = Pick<Api, 'importSource' | 'acceptCandidates' | 'listSources' | 'removeSource'>;
export type CandidateStatus = 'pending' | 'accepted' | 'rejected' | 'saved';
export type ConfidenceClass = 'high' | 'medium' | 'low';

export const confidenceLabels: Record<ConfidenceClass, string> = { high: '高', medium: '中', low: '低' };

/** 高 ≥ 0.8, 中 ≥ 0.5, 低 below. */
export function confidenceClass(confidence: number): ConfidenceClass {
  return confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'medium' : 'low';
}

/** What the reviewer may change of a candidate. */
export interface CandidateEdit {
  subject: string;
  value: number | null;
  unit: string | null;
  qualifier: Qualifier | null;
  year: number | null;
  city: string;
  district: string | null;
  /** an existing metric key, or null for a new metric named `metricLabel` */
  metric: string | null;
  metricLabel: string | null;
}

export interface ReviewRow {
  readonly candidate: ReviewCandidate;
  status: CandidateStatus;
  edit: CandidateEdit;
  /** [start, end) in paragraphs.join('\n') that the text view marks */
  readonly span: readonly [number, number];
}

/** A run of a paragraph: plain text, or text marked for a candidate. */
export interface TextSegment {
  readonly text: string;
  readonly rowIndex: number | null;
}

/** Where a candidate sits in the joined text: an indicator's figure, a measure's quote. */
export function candidateSpan(candidate: ReviewCandidate, paragraphs: readonly string[]): [number, number] {
  const joined = paragraphs.join('\n');
  let start = 0;
  for (let i = 0; i < candidate.paragraph - 1 && i < paragraphs.length; i++) start += paragraphs[i]!.length + 1;
  const paragraph = paragraphs[candidate.paragraph - 1] ?? '';
  if (candidate.kind !== 'measure' && candidate.valueText) {
    if (joined.startsWith(candidate.valueText, candidate.offset)) return [candidate.offset, candidate.offset + candidate.valueText.length];
    const at = paragraph.indexOf(candidate.valueText);
    if (at >= 0) return [start + at, start + at + candidate.valueText.length];
  }
  const at = paragraph.indexOf(candidate.quote);
  if (at >= 0) return [start + at, start + at + candidate.quote.length];
  return [candidate.offset, candidate.offset + 1];
}

/** Splits each paragraph into plain and marked segments; a figure's mark wins over a measure's. */
export function segmentParagraphs(paragraphs: readonly string[], rows: readonly ReviewRow[]): TextSegment[][] {
  const joined = paragraphs.join('\n');
  const owner: (number | null)[] = Array.from({ length: joined.length }, () => null);
  const order = rows.map((row, i) => ({ row, i })).sort((a, b) => Number(a.row.candidate.kind !== 'measure') - Number(b.row.candidate.kind !== 'measure'));
  for (const { row, i } of order) for (let k = row.span[0]; k < row.span[1] && k < owner.length; k++) owner[k] = i;
  const out: TextSegment[][] = [];
  let base = 0;
  for (const paragraph of paragraphs) {
    const segments: TextSegment[] = [];
    for (let k = 0; k < paragraph.length; ) {
      const who = owner[base + k] ?? null;
      let end = k + 1;
      while (end < paragraph.length && (owner[base + end] ?? null) === who) end++;
      segments.push({ text: paragraph.slice(k, end), rowIndex: who });
      k = end;
    }
    out.push(segments);
    base += paragraph.length + 1;
  }
  return out;
}

function editOf(c: ReviewCandidate, city: string | null): CandidateEdit {
  return {
    subject: c.subject ?? (c.name ? c.name : c.quote.slice(0, 30)),
    value: c.value,
    unit: c.unit,
    qualifier: c.qualifier,
    year: c.year,
    city: c.city ?? city ?? '',
    district: c.district,
    metric: c.metric,
    metricLabel: c.metric ? null : (c.subject ?? null),
  };
}

/** The accepted item the service stores for a row (the figure as written stays; an edited value rescales the base value). */
export function acceptedOf(row: ReviewRow): AcceptedItem {
  const c = row.candidate;
  const e = row.edit;
  const scale = c.value !== null && c.value !== 0 && c.baseValue !== null && e.value !== null ? c.baseValue / c.value : null;
  const kind = c.kind === 'measure' ? 'measure' : 'indicator';
  return {
    kind,
    subject: e.subject,
    name: c.name ?? null,
    quote: c.quote,
    paragraph: c.paragraph,
    value: kind === 'indicator' ? e.value : null,
    unit: kind === 'indicator' ? e.unit : null,
    valueText: kind === 'indicator' ? c.valueText : null,
    baseValue: kind === 'indicator' ? (e.value === c.value ? c.baseValue : scale !== null ? e.value! * scale : e.value) : null,
    baseUnit: kind === 'indicator' ? (c.baseUnit ?? e.unit) : null,
    qualifier: kind === 'indicator' ? (e.qualifier ?? 'actual') : null,
    year: e.year,
    city: e.city,
    district: e.district || null,
    metric: kind === 'indicator' ? e.metric : null,
    metricLabel: kind === 'indicator' && !e.metric ? (e.metricLabel ?? e.subject) : null,
  };
}

export class SourceReviewState {
  phase = $state<'start' | 'loading' | 'review' | 'saving'>('start');
  error = $state<string | null>(null);
  /** the confirmed metadata, edited in place */
  title = $state('');
  outlet = $state('');
  date = $state('');
  docNumber = $state('');
  fileName = $state<string | null>(null);
  paragraphs = $state.raw<string[]>([]);
  metrics = $state.raw<MetricDefinition[]>([]);
  city = $state<string | null>(null);
  rows = $state<ReviewRow[]>([]);
  active = $state(0);
  /** the row being edited, or null */
  editing = $state<number | null>(null);
  /** the user source the saved items went to (later saves add to it) */
  sourceId = $state<string | null>(null);
  /** how many items the last save stored */
  savedCount = $state(0);
  /** the user's sources and load notices (a damaged library file moved aside), shown on the start screen */
  library = $state.raw<UserSourceList | null>(null);
  readonly #client: ReviewClient;

  segments = $derived(segmentParagraphs(this.paragraphs, this.rows));
  counts = $derived({
    pending: this.rows.filter((r) => r.status === 'pending').length,
    accepted: this.rows.filter((r) => r.status === 'accepted').length,
    rejected: this.rows.filter((r) => r.status === 'rejected').length,
    saved: this.rows.filter((r) => r.status === 'saved').length,
  });

  constructor(client: ReviewClient) {
    this.#client = client;
  }

  /** Lists the user's imported sources. */
  async loadSources(): Promise<void> {
    const result = await this.#client.listSources({});
    if (result.ok) this.library = result.value;
    else this.error = result.message;
  }

  /** Removes an imported source and its items (drafts keep their frozen copies). */
  async removeSource(id: string): Promise<boolean> {
    const result = await this.#client.removeSource({ id });
    if (!result.ok) {
      this.error = result.message;
      return false;
    }
    await this.loadSources();
    return true;
  }

  /** Reads a file through the native open dialog (no `text`) or pasted text. */
  async import(text?: string): Promise<void> {
    this.error = null;
    this.phase = 'loading';
    const result = await this.#client.importSource(text === undefined ? {} : { text });
    if (!result.ok) {
      this.phase = 'start';
      if (result.code !== 'CANCELLED') this.error = result.message;
      return;
    }
    this.load(result.value.source, result.value.candidates, result.value.metrics, result.value.city);
  }

  load(source: ImportedSource, candidates: readonly ReviewCandidate[], metrics: MetricDefinition[], city: string | null): void {
    this.title = source.title ?? '';
    this.outlet = source.publisher ?? '';
    this.date = source.date ?? '';
    this.docNumber = source.docNumber ?? '';
    this.fileName = source.fileName;
    this.paragraphs = source.paragraphs;
    this.metrics = metrics;
    this.city = city;
    // Names (十四五, 5G) are not facts: the list leaves them out, as the CLI does.
    this.rows = candidates
      .filter((c) => c.kind !== 'name')
      .map((c) => ({ candidate: c, status: 'pending' as CandidateStatus, edit: editOf(c, city), span: candidateSpan(c, source.paragraphs) }));
    this.active = 0;
    this.sourceId = null;
    this.phase = 'review';
  }

  move(delta: number): void {
    if (this.rows.length === 0) return;
    this.active = Math.min(this.rows.length - 1, Math.max(0, this.active + delta));
  }

  select(index: number): void {
    this.active = index;
  }

  /** Accepts the active row (or `index`) and moves on to the next undecided one. */
  accept(index = this.active): void {
    const row = this.rows[index];
    if (!row || row.status === 'saved') return;
    row.status = 'accepted';
    this.#next(index);
  }

  reject(index = this.active): void {
    const row = this.rows[index];
    if (!row || row.status === 'saved') return;
    row.status = 'rejected';
    this.#next(index);
  }

  /** Back to undecided. */
  reset(index = this.active): void {
    const row = this.rows[index];
    if (row && row.status !== 'saved') row.status = 'pending';
  }

  acceptClass(kind: ConfidenceClass): void {
    for (const row of this.rows) if (row.status === 'pending' && confidenceClass(row.candidate.confidence) === kind) row.status = 'accepted';
  }

  classCount(kind: ConfidenceClass): number {
    return this.rows.filter((r) => r.status === 'pending' && confidenceClass(r.candidate.confidence) === kind).length;
  }

  startEdit(index = this.active): void {
    if (this.rows[index]?.status === 'saved') return;
    this.editing = index;
  }

  /** Stores the edit and accepts the row. */
  finishEdit(edit: CandidateEdit): void {
    const index = this.editing;
    if (index === null) return;
    const row = this.rows[index]!;
    row.edit = edit;
    row.status = 'accepted';
    this.editing = null;
  }

  cancelEdit(): void {
    this.editing = null;
  }

  #next(index: number): void {
    const after = this.rows.findIndex((r, i) => i > index && r.status === 'pending');
    this.active = after >= 0 ? after : Math.min(index + 1, this.rows.length - 1);
  }

  /** What is missing before the accepted rows can be saved (Chinese), or null. */
  get missing(): string | null {
    if (this.counts.accepted === 0) return '还没有接受任何候选条目';
    if (this.sourceId) return null;
    if (!this.title.trim()) return '请填写资料标题';
    if (!this.outlet.trim()) return '请填写发布单位（出处）';
    if (!/^\d{4}-\d{2}(?:-\d{2})?$/.test(this.date)) return '请填写日期（如 2025-01-15）';
    const cityless = this.rows.find((r) => r.status === 'accepted' && !r.edit.city.trim());
    if (cityless) return `“${cityless.edit.subject}”没有地区，请编辑后再保存`;
    return null;
  }

  /** Saves the accepted rows (and the source, the first time) into the user library. */
  async save(): Promise<boolean> {
    if (this.missing) {
      this.error = this.missing;
      return false;
    }
    const rows = this.rows.filter((r) => r.status === 'accepted');
    this.phase = 'saving';
    this.error = null;
    const source = this.sourceId
      ? { id: this.sourceId }
      : { title: this.title.trim(), outlet: this.outlet.trim(), date: this.date, docNumber: this.docNumber.trim() || null, paragraphs: this.paragraphs };
    const result = await this.#client.acceptCandidates({ source, items: rows.map(acceptedOf) });
    this.phase = 'review';
    if (!result.ok) {
      this.error = result.message;
      return false;
    }
    this.sourceId = result.value.sourceId;
    for (const row of rows) row.status = 'saved';
    this.savedCount = rows.length;
    return true;
  }
}
