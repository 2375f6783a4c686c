// The review of an imported source: its verbatim text with every candidate marked, the candidate
// list with accept / edit / reject, accept-all by confidence class, and the save of the accepted
// candidates into the user library (with the source's confirmed metadata).
import type { AcceptedItem, Api, ImportedSource, ImportProgress, ReviewCandidate, UserSourceList } from '../../shared/api';
import type { MetricDefinition, Qualifier } from '../../shared/library';

/** The services the review uses; progress and cancel are optional (a client without them shows no bar). */
export type ReviewClient = Pick<Api, 'importSource' | 'acceptCandidates' | 'listSources' | 'removeSource'> & Partial<Pick<Api, 'getImportProgress' | 'cancelImport'>>;
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
  /** a merged row marks each of its parts (span is the first) */
  readonly spans?: readonly (readonly [number, number])[];
  /** a merged row's parts as they were, in text order (the figure can be taken from any of them) */
  readonly parts?: readonly ReviewRow[];
}

/** A merge the reviewer can undo: the merged row's id and the rows it replaced, at their places. */
interface MergeRecord {
  readonly id: string;
  readonly parts: readonly { readonly index: number; readonly row: ReviewRow }[];
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
  for (const { row, i } of order) for (const [from, to] of row.spans ?? [row.span]) for (let k = from; k < to && k < owner.length; k++) owner[k] = i;
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

/** A fresh job id for one import. */
function newImportJobId(): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `imp-${Date.now().toString(36)}-${random[0]!.toString(36)}${random[1]!.toString(36)}`;
}

/** The bar's fraction: pages read, and the last tenth for finding candidates. */
export function importFraction(progress: ImportProgress | null): number {
  if (!progress) return 0;
  if (progress.phase === 'extracting' || progress.phase === 'done') return 0.95;
  if (progress.phase === 'reading' && progress.total > 0) return Math.min(0.9, (0.9 * progress.done) / progress.total);
  return 0;
}

/** Where a row's quote starts in its paragraph: the occurrence holding its mark, else the first. */
function quoteStart(row: ReviewRow, paragraphs: readonly string[]): number {
  const c = row.candidate;
  const paragraph = paragraphs[c.paragraph - 1] ?? '';
  let base = 0;
  for (let i = 0; i < c.paragraph - 1 && i < paragraphs.length; i++) base += paragraphs[i]!.length + 1;
  const mark = row.span[0] - base;
  for (let at = paragraph.indexOf(c.quote); at !== -1; at = paragraph.indexOf(c.quote, at + 1)) {
    if (at <= mark && mark < at + c.quote.length) return at;
  }
  return paragraph.indexOf(c.quote);
}

/**
 * One candidate from several of the same paragraph: the quote is the paragraph's text from the
 * first part's quote to the last one's (verbatim, so it stays citeable); the figure, unit,
 * qualifier, metric and subject are the first indicator's (else the first part's), and year,
 * place and district the first part that has one. Null with a reason when they cannot merge.
 */
export function mergeRows(rows: readonly ReviewRow[], paragraphs: readonly string[]): { row: ReviewRow } | { reason: string } {
  if (rows.length < 2) return { reason: '请先选择两条以上的候选条目（空格选择，Shift+↑↓ 连选），再按 M 合并' };
  if (rows.some((r) => r.status === 'saved')) return { reason: '已入库的条目不能合并' };
  const paragraph = rows[0]!.candidate.paragraph;
  if (rows.some((r) => r.candidate.paragraph !== paragraph)) return { reason: '只能合并同一段中的条目（引文须是原文中连续的一段）' };
  const text = paragraphs[paragraph - 1] ?? '';
  const parts = rows
    .map((row) => {
      const at = quoteStart(row, paragraphs);
      return { row, at, end: at < 0 ? -1 : at + row.candidate.quote.length };
    })
    .sort((a, b) => a.at - b.at || a.row.span[0] - b.row.span[0]);
  if (parts.some((p) => p.at < 0)) return { reason: '条目的引文不在原文中，不能合并' };
  const from = parts[0]!.at;
  const to = Math.max(...parts.map((p) => p.end));
  const ordered = parts.map((p) => p.row);
  const anchor = ordered.find((r) => r.candidate.kind === 'indicator') ?? ordered[0]!;
  const first = <T>(get: (r: ReviewRow) => T | null | undefined): T | null => {
    for (const r of [anchor, ...ordered]) {
      const v = get(r);
      if (v !== null && v !== undefined && v !== '') return v;
    }
    return null;
  };
  const candidate: ReviewCandidate = {
    ...anchor.candidate,
    id: ordered.map((r) => r.candidate.id).join('+'),
    quote: text.slice(from, to),
    year: first((r) => r.candidate.year),
    city: first((r) => r.candidate.city),
    district: first((r) => r.candidate.district),
    confidence: Math.max(...ordered.map((r) => r.candidate.confidence)),
  };
  const edit: CandidateEdit = {
    ...anchor.edit,
    year: first((r) => r.edit.year),
    city: first((r) => r.edit.city) ?? '',
    district: first((r) => r.edit.district),
  };
  const spans = ordered.flatMap((r) => r.spans ?? [r.span]);
  const status: CandidateStatus = ordered.some((r) => r.status === 'accepted') ? 'accepted' : 'pending';
  // a merged part brings its own parts (merging a merged row with another)
  const pieces = ordered.flatMap((r) => r.parts ?? [r]);
  return { row: { candidate, status, edit, span: anchor.span, spans, parts: pieces } };
}

/**
 * A merged row with its figure taken from another part: value, unit, base value, qualifier,
 * bound, metric and subject of that part; the joined quote, year and place stay.
 */
export function withFigureOf(row: ReviewRow, part: ReviewRow): ReviewRow {
  const p = part.candidate;
  const { valueHigh: _previous, ...base } = row.candidate;
  const candidate: ReviewCandidate = {
    ...base,
    kind: p.kind,
    valueText: p.valueText,
    value: p.value,
    unit: p.unit,
    baseValue: p.baseValue,
    baseUnit: p.baseUnit,
    qualifier: p.qualifier,
    bound: p.bound,
    subject: p.subject,
    offset: p.offset,
    metric: p.metric,
    ...(p.valueHigh !== undefined ? { valueHigh: p.valueHigh } : {}),
  };
  const edit: CandidateEdit = { ...row.edit, subject: part.edit.subject, value: part.edit.value, unit: part.edit.unit, qualifier: part.edit.qualifier, metric: part.edit.metric, metricLabel: part.edit.metricLabel };
  return { ...row, candidate, edit, span: part.span };
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
  /** candidate ids chosen for a merge (space, Shift+↑↓, Ctrl+click) */
  selection = $state<string[]>([]);
  /** merges done on this screen, the last one first to undo */
  merges = $state.raw<MergeRecord[]>([]);
  /** a short note after merge / undo (shown as status) */
  notice = $state<string | null>(null);
  /** how far the running import has come (null before the first report) */
  progress = $state.raw<ImportProgress | null>(null);
  /** 取消 was pressed and the import has not answered yet */
  cancelling = $state(false);
  readonly #client: ReviewClient;
  #jobId: string | null = null;

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

  /**
   * Reads a file through the native open dialog (no `text`) or pasted text. A long file reports
   * its pages in `progress` (polled every `pollMs`) and can be stopped with `cancelImport()`.
   */
  async import(text?: string, pollMs = 120): Promise<void> {
    this.error = null;
    this.phase = 'loading';
    this.progress = null;
    this.cancelling = false;
    const jobId = newImportJobId();
    this.#jobId = jobId;
    const stop = this.#watch(jobId, pollMs);
    const result = await this.#client.importSource(text === undefined ? { jobId } : { text, jobId }).finally(stop);
    // A cancelled import's late answer is dropped: the screen is already back at the start.
    if (this.#jobId !== jobId) return;
    this.#jobId = null;
    this.progress = null;
    this.cancelling = false;
    if (!result.ok) {
      this.phase = 'start';
      if (result.code !== 'CANCELLED') this.error = result.message;
      return;
    }
    this.load(result.value.source, result.value.candidates, result.value.metrics, result.value.city);
  }

  /** Stops the running import: back to the start screen at once, nothing kept. */
  async cancelImport(): Promise<void> {
    const jobId = this.#jobId;
    if (jobId === null || this.cancelling) return;
    this.cancelling = true;
    await this.#client.cancelImport?.({ jobId });
    // Whatever the import answers now is dropped (even a result that was on its way).
    if (this.#jobId !== jobId) return;
    this.#jobId = null;
    this.progress = null;
    this.cancelling = false;
    this.phase = 'start';
  }

  #watch(jobId: string, pollMs: number): () => void {
    const client = this.#client;
    if (!client.getImportProgress) return () => undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const result = await client.getImportProgress!({ jobId });
      if (stopped) return;
      if (result.ok && result.value) this.progress = result.value;
      timer = setTimeout(() => void poll(), pollMs);
    };
    timer = setTimeout(() => void poll(), pollMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
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
    this.selection = [];
    this.merges = [];
    this.notice = null;
    this.sourceId = null;
    this.phase = 'review';
  }

  /** Whether row `index` is chosen for a merge. */
  isSelected(index: number): boolean {
    const row = this.rows[index];
    return row !== undefined && this.selection.includes(row.candidate.id);
  }

  /** Adds or removes the active row (or `index`) from the merge selection. */
  toggleSelect(index = this.active): void {
    const row = this.rows[index];
    if (!row || row.status === 'saved') return;
    const id = row.candidate.id;
    this.selection = this.selection.includes(id) ? this.selection.filter((s) => s !== id) : [...this.selection, id];
  }

  /** Shift+↑↓: the active row and the next one join the selection. */
  extendSelection(delta: number): void {
    const add = (i: number) => {
      const row = this.rows[i];
      if (row && row.status !== 'saved' && !this.selection.includes(row.candidate.id)) this.selection = [...this.selection, row.candidate.id];
    };
    add(this.active);
    this.move(delta);
    add(this.active);
  }

  /**
   * Merges the selected rows (with the active one) into one, placed where the first was; the
   * merge can be undone on this screen (`undoMerge`). False with `error` set when it cannot.
   */
  merge(): boolean {
    if (this.editing !== null) return false;
    const active = this.rows[this.active];
    const ids = this.selection.length > 0 && active && !this.selection.includes(active.candidate.id) ? [...this.selection, active.candidate.id] : this.selection;
    const parts = this.rows.map((row, index) => ({ row, index })).filter((p) => ids.includes(p.row.candidate.id));
    const merged = mergeRows(
      parts.map((p) => $state.snapshot(p.row) as ReviewRow),
      this.paragraphs,
    );
    if ('reason' in merged) {
      this.error = merged.reason;
      return false;
    }
    this.error = null;
    const at = parts[0]!.index;
    const kept = this.rows.filter((r) => !ids.includes(r.candidate.id));
    kept.splice(at, 0, merged.row);
    // the parts as they were (plain copies: the rows are state proxies)
    const record: MergeRecord = { id: merged.row.candidate.id, parts: parts.map((p) => ({ index: p.index, row: $state.snapshot(p.row) as ReviewRow })) };
    this.rows = kept;
    this.merges = [record, ...this.merges];
    this.selection = [];
    this.active = at;
    this.notice = `已将 ${parts.length} 条合并为一条（Ctrl+Z 撤销合并）`;
    return true;
  }

  /**
   * F on a merged row: its figure from the next part that has one (3.9% → 0.1个百分点 → 3.9%), or
   * from part `part`. False when the row is not merged or has no other figure.
   */
  useFigure(index = this.active, part?: number): boolean {
    const row = this.rows[index];
    if (!row?.parts || row.status === 'saved' || this.editing !== null) return false;
    const figures = row.parts.map((p, k) => ({ p, k })).filter(({ p }) => p.candidate.kind === 'indicator' && p.candidate.valueText !== null);
    const current = figures.findIndex(({ p }) => p.candidate.id === this.figurePart(index)?.candidate.id);
    const next = part !== undefined ? figures.find(({ k }) => k === part) : figures[(current + 1) % Math.max(1, figures.length)];
    if (!next || (figures.length < 2 && part === undefined)) return false;
    this.rows[index] = withFigureOf(row, next.p);
    return true;
  }

  /** The part of a merged row its figure comes from. */
  figurePart(index: number): ReviewRow | undefined {
    const row = this.rows[index];
    return row?.parts?.find((p) => p.candidate.offset === row.candidate.offset && p.candidate.valueText === row.candidate.valueText);
  }

  /** Undoes the last merge still on screen: the parts come back where they were. */
  undoMerge(): boolean {
    const [last, ...rest] = this.merges;
    if (!last || this.editing !== null) return false;
    const at = this.rows.findIndex((r) => r.candidate.id === last.id);
    if (at < 0 || this.rows[at]!.status === 'saved') {
      this.error = '合并后的条目已入库，不能撤销合并';
      return false;
    }
    const rows = this.rows.filter((_, i) => i !== at);
    for (const part of [...last.parts].sort((a, b) => a.index - b.index)) rows.splice(part.index, 0, part.row);
    this.rows = rows;
    this.merges = rest;
    this.selection = [];
    this.active = last.parts[0]!.index;
    this.error = null;
    this.notice = `已撤销合并，恢复 ${last.parts.length} 条`;
    return true;
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
