// An in-memory stand-in for the drafts group of the API, for component tests (jsdom). It keeps
// drafts, a trash and histories, records every call, and can be told to fail a method.
import type { Api } from '../../../shared/api';
import type { DraftSummary, HistoryEntry, StoreStatus, TrashedDraft } from '../../../shared/api/drafts';
import { queryDrafts } from '../../../shared/api/drafts';
import type { Briefing } from '../../../shared/briefing';
import { fail, ok, type ErrorCode } from '../../../shared/errors';

const DAY = 86_400_000;

/** A draft summary with sensible defaults. */
export function summary(partial: Partial<DraftSummary> & { id: string }): DraftSummary {
  const at = new Date(Date.now() - 5 * 60_000).toISOString();
  return {
    title: '',
    seriesName: '工作简报',
    issueNumber: null,
    templateId: 'gongzuo-jianbao',
    updatedAt: at,
    createdAt: at,
    revision: 1,
    blockCount: 0,
    unsaved: false,
    readOnly: false,
    ...partial,
  };
}

/** A minimal valid briefing for a summary. */
export function briefingOf(row: DraftSummary, blocks: Briefing['blocks'] = []): Briefing {
  return {
    schemaVersion: 2,
    id: row.id,
    title: row.title,
    meta: {
      seriesName: row.seriesName,
      issueNumber: row.issueNumber,
      totalIssueNumber: null,
      publisher: '',
      docNumber: '',
      issueDate: null,
      classification: '',
      urgency: '',
      printCopyNumber: false,
      distribution: { bao: [], song: [], fa: [] },
      copies: null,
      editorNote: '',
      watermark: '',
    },
    template: { id: row.templateId, version: '1.0.0' },
    blocks,
  };
}

const change = (text: string) => ({ added: 0, removed: 0, edited: 0, titleChanged: false, metaChanged: false, text });

/** A history entry with defaults. */
export function historyEntry(partial: Partial<HistoryEntry> & { id: string; draftId: string }): HistoryEntry {
  return {
    createdAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    reason: 'session-start',
    label: '开始编辑前',
    name: null,
    title: '',
    revision: 1,
    changes: change('新增 1 块'),
    comparedToCurrent: change('修改 1 块'),
    ...partial,
  };
}

export interface FakeDraftsApi {
  readonly api: Api;
  readonly calls: { method: string; request: unknown }[];
  drafts: DraftSummary[];
  trash: TrashedDraft[];
  history: Map<string, HistoryEntry[]>;
  status: StoreStatus;
  /** Makes the next call of `method` fail with `code`. */
  failNext(method: string, code: ErrorCode, detail?: string): void;
  /** What the open dialog returns to importDraft. */
  importResult: { draft: Briefing; idReissued: boolean; fileName: string } | ErrorCode;
}

export function fakeDraftsApi(initial: DraftSummary[] = []): FakeDraftsApi {
  let counter = 0;
  const failures = new Map<string, { code: ErrorCode; detail?: string }>();
  const state: FakeDraftsApi = {
    api: undefined as unknown as Api,
    calls: [],
    drafts: [...initial],
    trash: [],
    history: new Map(),
    status: { storeDir: '/data/drafts', readOnly: false, notices: [], unsaved: [], lastBackupAt: null },
    failNext(method, code, detail) {
      failures.set(method, detail === undefined ? { code } : { code, detail });
    },
    importResult: 'CANCELLED',
  };
  const find = (id: string) => state.drafts.find((d) => d.id === id);
  const handlers: Record<string, (request: never) => unknown> = {
    listDrafts: (r: { query?: Parameters<typeof queryDrafts>[1] }) => ok(queryDrafts(state.drafts, r.query)),
    listTemplates: () => ok([{ id: 'gongzuo-jianbao', name: '工作简报', version: '1.0.0', description: '' }]),
    createDraft: (r: { title?: string }) => {
      const row = summary({ id: `new${++counter}`, title: r.title ?? '', updatedAt: new Date().toISOString() });
      state.drafts.push(row);
      return ok(briefingOf(row));
    },
    getDraft: (r: { id: string }) => {
      const row = find(r.id);
      return row ? ok(briefingOf(row)) : fail('DRAFT_NOT_FOUND');
    },
    renameDraft: (r: { id: string; title: string }) => {
      const row = find(r.id);
      if (!row) return fail('DRAFT_NOT_FOUND');
      const next = { ...row, title: r.title };
      state.drafts = state.drafts.map((d) => (d.id === r.id ? next : d));
      return ok(next);
    },
    duplicateDraft: (r: { id: string; title?: string }) => {
      const row = find(r.id);
      if (!row) return fail('DRAFT_NOT_FOUND');
      const copy = { ...row, id: `copy${++counter}`, title: r.title ?? row.title, updatedAt: new Date().toISOString() };
      state.drafts.push(copy);
      return ok(briefingOf(copy));
    },
    deleteDraft: (r: { id: string }) => {
      const row = find(r.id);
      if (!row) return fail('DRAFT_NOT_FOUND');
      state.drafts = state.drafts.filter((d) => d.id !== r.id);
      const now = Date.now();
      state.trash.push({ ...row, deletedAt: new Date(now).toISOString(), purgeAt: new Date(now + 30 * DAY).toISOString() });
      return ok(null);
    },
    listTrash: () => ok(state.trash),
    restoreDraft: (r: { id: string }) => {
      const row = state.trash.find((d) => d.id === r.id);
      if (!row) return fail('DRAFT_NOT_FOUND');
      state.trash = state.trash.filter((d) => d.id !== r.id);
      const { deletedAt: _d, purgeAt: _p, ...back } = row;
      state.drafts.push(back);
      return ok(back);
    },
    purgeDraft: (r: { id: string }) => {
      state.trash = state.trash.filter((d) => d.id !== r.id);
      return ok(null);
    },
    importDraft: () => {
      const result = state.importResult;
      if (typeof result === 'string') return fail(result, result === 'UNSAFE_CONTENT' ? '（含有 __proto__ 键）' : undefined);
      const row = summary({ id: result.draft.id, title: result.draft.title });
      state.drafts.push(row);
      return ok(result);
    },
    exportDraftJson: (r: { id: string }) => ok({ path: `/data/exports/${r.id}.briefing.json` }),
    getStoreStatus: () => ok(state.status),
    dismissNotice: (r: { id: string }) => {
      state.status = { ...state.status, notices: state.status.notices.filter((n) => n.id !== r.id) };
      return ok(null);
    },
    listHistory: (r: { id: string }) => ok(state.history.get(r.id) ?? []),
    getVersion: (r: { id: string; snapshotId: string }) => {
      const row = find(r.id);
      return row ? ok(briefingOf({ ...row, title: `${row.title}（${r.snapshotId}）` })) : fail('DRAFT_NOT_FOUND');
    },
    createVersion: (r: { id: string; name: string }) => {
      const entry = historyEntry({ id: `v${++counter}`, draftId: r.id, name: r.name, label: r.name, reason: 'named', createdAt: new Date().toISOString() });
      state.history.set(r.id, [entry, ...(state.history.get(r.id) ?? [])]);
      return ok(entry);
    },
    restoreVersion: (r: { id: string; snapshotId: string }) => {
      const row = find(r.id);
      if (!row) return fail('DRAFT_NOT_FOUND');
      const undo = historyEntry({ id: `undo${++counter}`, draftId: r.id, reason: 'before-restore', label: '恢复前', createdAt: new Date().toISOString() });
      state.history.set(r.id, [undo, ...(state.history.get(r.id) ?? [])]);
      const draft = briefingOf({ ...row, title: `${row.title}（${r.snapshotId}）` });
      return ok({ draft, receipt: { id: r.id, savedAt: new Date().toISOString(), revision: row.revision + 1 }, undoSnapshotId: undo.id });
    },
  };
  const api = new Proxy({} as Record<string, unknown>, {
    get(_target, method: string) {
      const handler = handlers[method];
      if (!handler) return undefined;
      return async (request: unknown) => {
        state.calls.push({ method, request });
        const failure = failures.get(method);
        if (failure) {
          failures.delete(method);
          return fail(failure.code, failure.detail);
        }
        return structuredClone(handler(request as never));
      };
    },
  });
  (state as { api: Api }).api = api as unknown as Api;
  return state;
}

/** The calls of one method. */
export function callsOf(fake: FakeDraftsApi, method: string): unknown[] {
  return fake.calls.filter((c) => c.method === method).map((c) => c.request);
}
