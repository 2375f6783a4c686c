import { basename, extname } from 'node:path';
import { createBriefing, isoDateInChina } from '../../core/briefing';
import { queryDrafts, type draftMethods, type HistoryEntry, type SaveReceipt } from '../../shared/api/drafts';
import { briefingSchema, parseBriefing, type Briefing } from '../../shared/briefing';
import { formatIssues, toValidationIssues } from '../../shared/validation';
import { fail, isUserError, ok, UserError, type Result } from '../../shared/errors';
import {
  DraftStore,
  exportFileName,
  nodeStoreFs,
  readBriefingFile,
  storeRootFor,
  writeBriefingFile,
  type DraftStoreOptions,
  type FlushReport,
  type StoreFs,
} from '../store';
import { toWriteError } from '../fs/errno';
import type { ServiceHost } from './host';
import { keepValidFields } from './refused-fields';
import type { ServiceGroup } from './types';

/** The template a draft starts from when none is named. */
export const DEFAULT_TEMPLATE = { id: 'gongzuo-jianbao', version: '1.0.0' } as const;

/** What a new draft is made from: the template engine supplies skeletons through this. */
export interface BriefingFactoryInput {
  readonly id: string;
  readonly templateId: string | undefined;
  readonly title: string | undefined;
  /** today, `YYYY-MM-DD` (Beijing time) */
  readonly today: string;
}

/** Builds the initial briefing of a new draft; may throw UserError (UNKNOWN_TEMPLATE). */
export type BriefingFactory = (input: BriefingFactoryInput) => Briefing | Promise<Briefing>;

/** Options of the draft services. */
export interface DraftServiceOptions {
  /** Initial briefing of a new draft; default `createBriefing` with DEFAULT_TEMPLATE. */
  readonly briefingFactory?: BriefingFactory;
  /** The store folder; default `<dataDir>/drafts`. */
  readonly storeDir?: string;
  /** The file system (tests inject failures). */
  readonly fs?: StoreFs;
  /** Called after a save of a draft reached disk (the recovery copies drop what is now saved). */
  readonly afterSave?: (id: string) => void;
  /** Tuning of the store (intervals, retention, background checks). */
  readonly store?: Partial<Omit<DraftStoreOptions, 'root' | 'now' | 'newId' | 'fs' | 'log'>>;
}

/** The methods of the drafts contract group. */
export type DraftMethod = keyof typeof draftMethods;

/** The draft services plus what Electron's main and the export service need. */
export type DraftServices = ServiceGroup<DraftMethod> & {
  /** Waits for pending writes (call before quitting or closing the window); reports unsaved drafts. */
  flush(): Promise<FlushReport>;
  /** Flushes and releases the store (its lock). */
  close(): Promise<FlushReport>;
  /** A history snapshot before an export: give it to the export service. */
  beforeExport(id: string): Promise<Result<HistoryEntry>>;
  /** The open store (opening it if needed), for the CLI and tests. */
  store(): Promise<DraftStore>;
};

const defaultFactory: BriefingFactory = ({ id, templateId, title, today }) =>
  createBriefing({ id, template: { id: templateId ?? DEFAULT_TEMPLATE.id, version: DEFAULT_TEMPLATE.version }, ...(title !== undefined ? { title } : {}), today });

/**
 * The drafts group of the API on the store. The store opens lazily on the first call (so the
 * services object is built synchronously); a failed open is retried by the next call, except
 * NEWER_VERSION (a store from a newer app), which is permanent and never overwritten.
 */
export function createDraftServices(host: ServiceHost, options: DraftServiceOptions = {}): DraftServices {
  const fs = options.fs ?? nodeStoreFs;
  const factory = options.briefingFactory ?? defaultFactory;
  let opening: Promise<DraftStore> | null = null;
  let closed = false;

  const getStore = (): Promise<DraftStore> => {
    if (closed) return Promise.reject(new UserError('DATA_DIR_UNAVAILABLE', '（草稿库已关闭）'));
    opening ??= DraftStore.open({
      ...options.store,
      root: options.storeDir ?? storeRootFor(host.dataDir),
      now: () => host.now(),
      newId: () => host.newId(),
      fs,
      log: host.log,
    }).catch((error: unknown) => {
      if (!(isUserError(error) && error.code === 'NEWER_VERSION')) opening = null;
      throw error;
    });
    return opening;
  };

  async function run<T>(fn: (store: DraftStore) => Promise<T> | T): Promise<Result<T>> {
    try {
      return ok(await fn(await getStore()));
    } catch (error) {
      if (isUserError(error)) return error.toFailure();
      throw error;
    }
  }

  const freshId = (store: DraftStore): string => {
    for (let i = 0; i < 100; i++) {
      const id = host.newId();
      if (!store.has(id)) return id;
    }
    throw new Error('newId keeps returning ids in use');
  };

  return {
    listDrafts: ({ query }) => run((store) => queryDrafts(store.list(), query ?? {})),

    createDraft: ({ templateId, title }) =>
      run(async (store) => {
        const id = freshId(store);
        const made = await factory({ id, templateId, title, today: isoDateInChina(host.now()) });
        const checked = parseBriefing({ ...made, id });
        if (!checked.ok) throw UserError.from(checked);
        return store.create(checked.value);
      }),

    getDraft: ({ id }) => run((store) => store.get(id)),
    saveDraft: ({ draft }) =>
      run(async (store) => {
        const checked = briefingSchema.safeParse(draft);
        let receipt: SaveReceipt;
        if (checked.success) {
          receipt = await store.save(checked.data);
        } else {
          // One refused field never refuses the whole draft: the rest is saved, the field keeps
          // its last valid value, and the receipt lists it for 校对.
          const repaired = keepValidFields(draft, await store.get(draft.id));
          if (!repaired) throw new UserError('INVALID_ARGUMENT', `\n${formatIssues(toValidationIssues(checked.error))}`);
          receipt = { ...(await store.save(repaired.briefing)), refused: repaired.refused };
        }
        options.afterSave?.(draft.id);
        return receipt;
      }),
    deleteDraft: ({ id }) => run(async (store) => (await store.trash(id), null)),
    retrySave: ({ id }) => run((store) => store.retrySave(id)),
    renameDraft: ({ id, title }) => run((store) => store.rename(id, title)),
    duplicateDraft: ({ id, title }) => run((store) => store.duplicate(id, freshId(store), title)),
    listTrash: () =>
      run(async (store) => {
        await store.purgeExpired().catch((error: unknown) => host.log('warn', 'purge of expired trash failed', error));
        return store.listTrash();
      }),
    restoreDraft: ({ id }) => run((store) => store.restore(id)),
    purgeDraft: ({ id }) => run(async (store) => (await store.purge(id), null)),
    listHistory: ({ id }) => run((store) => store.listHistory(id)),
    getVersion: ({ id, snapshotId }) => run((store) => store.getVersion(id, snapshotId)),
    createVersion: ({ id, name }) => run((store) => store.createVersion(id, name)),
    restoreVersion: ({ id, snapshotId }) => run((store) => store.restoreVersion(id, snapshotId)),

    importDraft: () =>
      run(async (store) => {
        const path = await host.dialogs.pickOpenPath({ title: '导入简报文件', filters: [{ name: '简报文件', extensions: ['json'] }] });
        if (path === null) throw new UserError('CANCELLED');
        const briefing = await readBriefingFile(fs, path);
        const idReissued = store.has(briefing.id);
        const id = idReissued ? freshId(store) : briefing.id;
        // A second copy of a draft already here is marked, so the list does not show two identical rows.
        const title = idReissued ? `${briefing.title || '（无标题）'}（导入副本）`.slice(0, 500) : briefing.title;
        const draft = await store.create({ ...briefing, id, title }, { kind: 'imported', from: basename(path) });
        return { draft, idReissued, fileName: basename(path) };
      }),

    exportDraftJson: ({ id }) =>
      run(async (store) => {
        const briefing = await store.get(id);
        const chosen = await host.dialogs.pickSavePath({
          title: '导出简报文件',
          defaultName: exportFileName(briefing.title),
          filters: [{ name: '简报文件', extensions: ['json'] }],
        });
        if (chosen === null) throw new UserError('CANCELLED');
        const path = extname(chosen) === '' ? `${chosen}.briefing.json` : chosen;
        await store.snapshotBeforeExport(id).catch((error: unknown) => host.log('warn', 'snapshot before JSON export failed', error));
        try {
          await writeBriefingFile(fs, path, briefing);
        } catch (error) {
          throw isUserError(error) ? error : toWriteError(error, `无法写入 ${path}`, false);
        }
        return { path };
      }),

    getStoreStatus: () => run((store) => store.status()),
    dismissNotice: ({ id }) => run((store) => (store.dismissNotice(id), null)),
    takeOverStore: () => run((store) => store.takeOver()),

    async flush() {
      if (!opening) return { unsaved: [] };
      const store = await opening.catch(() => null);
      return store ? store.flush() : { unsaved: [] };
    },
    async close() {
      closed = true;
      if (!opening) return { unsaved: [] };
      const store = await opening.catch(() => null);
      return store ? store.close() : { unsaved: [] };
    },
    async beforeExport(id) {
      try {
        const store = await getStore();
        return ok(await store.snapshotBeforeExport(id));
      } catch (error) {
        if (isUserError(error)) return error.toFailure();
        host.log('error', 'beforeExport failed', error);
        return fail('INTERNAL');
      }
    },
    store: getStore,
  };
}
