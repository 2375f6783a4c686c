// 资料包 dialog state: export the user's chosen sources as one pack file, or preview a pack from
// another machine (who made it and when, what is new, what is already here, which figures
// disagree) and import it with a choice per conflict. Failures arrive as codes and are shown with
// the catalogue's Chinese text; a cancelled file dialog just leaves the screen as it was.
import type { Api, UserSourceSummary } from '../../../shared/api';
import type { ConflictResolution, PackExportResult, PackFinding, PackImportResult, PackPreview } from '../../../shared/api/source-packs';
import { describePackFinding } from '../../../shared/api/source-packs';
import { messageOf, type Failure } from '../../../shared/errors';

export type PackClient = Pick<Api, 'listSources' | 'exportPack' | 'previewPackImport' | 'importPack'>;
export type PackMode = 'export' | 'import';
export type PackPhase = 'loading' | 'choose' | 'working' | 'exported' | 'preview' | 'imported';

export const resolutionLabels: Record<ConflictResolution, string> = { skip: '跳过', 'keep-both': '都保留', replace: '替换' };
export const resolutionOrder: readonly ConflictResolution[] = ['skip', 'keep-both', 'replace'];

/** A conflict as the preview table shows it: the pack's figure beside the library's. */
export interface ConflictRow {
  readonly packItemId: string;
  readonly metric: string;
  readonly place: string;
  readonly year: number;
  readonly qualifier: string;
  readonly incoming: string;
  /** the library's figures, each with where it comes from */
  readonly existing: readonly string[];
}

type ConflictFinding = Extract<PackFinding, { code: 'PACK_CONFLICT' }>;

const qualifierText: Record<string, string> = { target: '目标', actual: '实际', comparison: '对比', threshold: '门槛' };

/** The table row of a PACK_CONFLICT finding. */
export function conflictRow(finding: ConflictFinding): ConflictRow {
  const p = finding.params;
  return {
    packItemId: p.packItemId,
    metric: p.metricLabel ?? p.metric,
    place: `${p.city}${p.district ? `·${p.district}` : ''}`,
    year: p.year,
    qualifier: qualifierText[p.qualifier] ?? p.qualifier,
    incoming: p.packValueText ?? '（无数值）',
    existing: p.existing.map((e) => `${e.valueText ?? '（无数值）'}（${e.origin === 'bundled' ? '内置资料' : e.sourceTitle ? `《${e.sourceTitle}》` : e.id}）`),
  };
}

/** The Chinese sentence of a failure, from its code (and the detail the service gave). */
export function failureText(failure: Pick<Failure, 'code' | 'detail'>): string {
  return messageOf(failure.code, failure.detail);
}

/** “2026-03-04T05:06:07Z” → “2026年3月4日 13:06” in the viewer's time zone; the text itself when unreadable. */
export function madeAtText(iso: string): string {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a parsed time read once, never mutated
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}年${at.getMonth() + 1}月${at.getDate()}日 ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}


export class PackDialogState {
  phase = $state<PackPhase>('loading');
  error = $state<string | null>(null);
  /** export: the user's sources and which go in */
  sources = $state<UserSourceSummary[]>([]);
  selected = $state<Record<string, boolean>>({});
  makerName = $state('');
  makerUnit = $state('');
  exported = $state<PackExportResult | null>(null);
  /** import: the preview, the choice per conflict, the result */
  preview = $state<PackPreview | null>(null);
  resolutions = $state<Record<string, ConflictResolution>>({});
  imported = $state<PackImportResult | null>(null);

  constructor(
    private readonly client: PackClient,
    readonly mode: PackMode,
    /** the open briefing's 编印单位, prefilling the maker */
    publisher = '',
  ) {
    this.makerName = publisher.trim();
  }

  get chosenIds(): string[] {
    return this.sources.filter((s) => this.selected[s.id]).map((s) => s.id);
  }

  get chosenItems(): number {
    return this.sources.filter((s) => this.selected[s.id]).reduce((n, s) => n + s.itemCount, 0);
  }

  get canExport(): boolean {
    return this.phase === 'choose' && this.chosenIds.length > 0;
  }

  get conflicts(): ConflictRow[] {
    return (this.preview?.conflicts ?? []).flatMap((f) => (f.code === 'PACK_CONFLICT' ? [conflictRow(f)] : []));
  }

  get duplicateLines(): string[] {
    return (this.preview?.duplicates ?? []).map(describePackFinding);
  }

  /** Counts of the preview: sources and items that would arrive new, duplicates, conflicts. */
  get counts() {
    const p = this.preview;
    return {
      sources: p?.sources.length ?? 0,
      newSources: p?.sources.filter((s) => s.duplicateOf === null).length ?? 0,
      duplicateSources: p?.sources.filter((s) => s.duplicateOf !== null).length ?? 0,
      items: p?.items.length ?? 0,
      newItems: p?.items.filter((i) => i.status === 'new').length ?? 0,
      duplicateItems: p?.items.filter((i) => i.status === 'duplicate').length ?? 0,
      conflicts: this.conflicts.length,
    };
  }

  /** The one resolution all conflicts share, or null when they differ (or there are none). */
  get allResolution(): ConflictResolution | null {
    const values = this.conflicts.map((c) => this.resolutions[c.packItemId] ?? 'skip');
    return values.length > 0 && values.every((v) => v === values[0]) ? values[0]! : null;
  }

  /** Opens the dialog: export lists the sources (all chosen); import shows the open dialog. */
  async start(): Promise<void> {
    if (this.mode === 'export') await this.loadSources();
    else await this.pickPack();
  }

  async loadSources(): Promise<void> {
    this.phase = 'loading';
    const result = await this.client.listSources({});
    if (!result.ok) {
      this.error = failureText(result);
      this.phase = 'choose';
      return;
    }
    this.sources = result.value.sources;
    this.selected = Object.fromEntries(result.value.sources.map((s) => [s.id, true]));
    this.phase = 'choose';
  }

  toggle(id: string, on = !this.selected[id]): void {
    this.selected[id] = on;
  }

  setAllSelected(on: boolean): void {
    this.selected = Object.fromEntries(this.sources.map((s) => [s.id, on]));
  }

  /** Asks where (save dialog) and writes the pack. False when nothing was written. */
  async exportChosen(): Promise<boolean> {
    if (!this.canExport) return false;
    const name = this.makerName.trim();
    const unit = this.makerUnit.trim();
    if (!name && unit) {
      this.error = '请填写制作人（可填单位或姓名）。';
      return false;
    }
    this.error = null;
    this.phase = 'working';
    const result = await this.client.exportPack({ sourceIds: this.chosenIds, ...(name ? { madeBy: { name: name.slice(0, 100), unit: unit ? unit.slice(0, 100) : null } } : {}) });
    if (!result.ok) {
      this.phase = 'choose';
      if (result.code !== 'CANCELLED') this.error = failureText(result);
      return false;
    }
    this.exported = result.value;
    this.phase = 'exported';
    return true;
  }

  /** The open dialog and the preview of the chosen pack. False when cancelled or refused. */
  async pickPack(): Promise<boolean> {
    const before = this.preview;
    this.error = null;
    this.phase = 'working';
    const result = await this.client.previewPackImport({});
    if (!result.ok) {
      this.phase = before ? 'preview' : 'choose';
      if (result.code !== 'CANCELLED') this.error = failureText(result);
      return false;
    }
    this.preview = result.value;
    this.imported = null;
    this.resolutions = Object.fromEntries(this.conflicts.map((c) => [c.packItemId, 'skip' as const]));
    this.phase = 'preview';
    return true;
  }

  resolve(packItemId: string, resolution: ConflictResolution): void {
    this.resolutions[packItemId] = resolution;
  }

  resolveAll(resolution: ConflictResolution): void {
    this.resolutions = Object.fromEntries(this.conflicts.map((c) => [c.packItemId, resolution]));
  }

  /** Imports the previewed pack with the choices, all at once. False when refused (nothing imported). */
  async importPreviewed(): Promise<boolean> {
    const preview = this.preview;
    if (!preview || this.phase !== 'preview') return false;
    this.error = null;
    this.phase = 'working';
    const result = await this.client.importPack({
      path: preview.path,
      packHash: preview.pack.packHash,
      choices: { onConflict: this.allResolution ?? 'skip', resolutions: { ...this.resolutions } },
    });
    if (!result.ok) {
      this.phase = 'preview';
      this.error = failureText(result);
      return false;
    }
    this.imported = result.value;
    this.phase = 'imported';
    return true;
  }
}
