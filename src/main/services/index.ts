// Main-side services: one implementation of the API contract, shared by Electron IPC, the CLI and the
// Chromium test harness. Nothing here imports electron.
import { createBriefing } from '../../core/briefing';
import { briefingSchema } from '../../shared/briefing';
import { fail, ok, UserError } from '../../shared/errors';
import { formatIssues, toValidationIssues } from '../../shared/validation';
import { createAppServices } from './app';
import { createDraftServices, DEFAULT_TEMPLATE, type BriefingFactory, type DraftServiceOptions } from './drafts';
import { createExportServices } from './export';
import { createRecoveryServices } from './recovery';
import { createLibraryServices } from './library';
import { createTemplateServices } from './templates';
import { createSourceServices } from './sources';
import { loadLibrary } from '../library';
import { mergedLibraryCache } from '../user-library/merge';
import { createUserLibraryStore } from '../user-library/store';
import type { ServiceHost } from './host';
import type { Services } from './types';

export { createDispatcher, type Dispatch } from './dispatch';
export type { ServiceHost, Dialogs, FileFilter } from './host';
export type { Services, Handler, ServiceGroup } from './types';

/** Every service of the contract on one host, with the lifecycle main needs at quit. */
export interface ServiceSet {
  readonly services: Services;
  /** Waits until every pending write is on disk (before the window closes or the app quits). */
  flush(): Promise<void>;
  /** Flushes and releases the store. */
  close(): Promise<void>;
}

/** Options for tests (store tuning, injected file system). */
export interface ServiceSetOptions {
  readonly drafts?: Omit<DraftServiceOptions, 'briefingFactory'>;
}

/** Builds every service of the contract on one host. */
export function createServices(host: ServiceHost, options: ServiceSetOptions = {}): ServiceSet {
  // A new draft starts from its template's skeleton (metadata defaults and sections), with fresh block ids.
  const briefingFactory: BriefingFactory = ({ id, templateId, title, today }) => {
    const loaded = host.engine.templates.use(templateId ?? DEFAULT_TEMPLATE.id);
    if (!loaded.ok) throw new UserError('UNKNOWN_TEMPLATE', `（${templateId ?? DEFAULT_TEMPLATE.id}）`);
    const { template } = loaded.value;
    return createBriefing({
      id,
      template: { id: template.id, version: template.version },
      ...(title !== undefined ? { title } : {}),
      today,
      meta: template.skeleton.meta,
      blocks: template.skeleton.blocks.map((block) => ({ ...block, id: host.newId() })),
    });
  };
  // The recovery copies and the store know each other only through these closures.
  let dropSaved: (id: string) => void = () => undefined;
  const drafts = createDraftServices(host, {
    ...options.drafts,
    briefingFactory,
    afterSave: (id) => {
      options.drafts?.afterSave?.(id);
      dropSaved(id);
    },
  });
  const { flush, close, beforeExport, store, ...draftServices } = drafts;
  const live = async (id: string) => {
    const opened = await store();
    const row = opened.list().find((d) => d.id === id);
    return row ? { opened, row } : null;
  };
  const recovery = createRecoveryServices(host, {
    async get(id) {
      const found = await live(id);
      return found ? { briefing: await found.opened.get(id), updatedAt: found.row.updatedAt } : null;
    },
    save: (draft) => draftServices.saveDraft({ draft }),
    async isUnsaved(id) {
      try {
        return (await store()).status().unsaved.some((u) => u.id === id);
      } catch {
        return null;
      }
    },
    async create(draft) {
      const checked = briefingSchema.safeParse(draft);
      if (!checked.success) return fail('INVALID_BRIEFING', `\n${formatIssues(toValidationIssues(checked.error))}`);
      const opened = await store();
      // The draft was purged meanwhile: it comes back as a new draft (under a new id if the old one is in the trash).
      const id = opened.has(draft.id) ? host.newId() : draft.id;
      const created = await opened.create({ ...checked.data, id }, { kind: 'recovered', from: draft.id });
      const row = opened.list().find((d) => d.id === created.id);
      return ok({ id: created.id, savedAt: row?.updatedAt ?? host.now().toISOString(), revision: row?.revision ?? 1 });
    },
  });
  dropSaved = recovery.dropSaved;
  const { dropSaved: _drop, write: writeRecovery, ...recoveryServices } = recovery;
  const { closeRenderer, ...exportServices } = createExportServices(host, {
    getDraft: (id) => draftServices.getDraft({ id }),
    async beforeExport(id) {
      const snapshot = await beforeExport(id);
      if (!snapshot.ok) host.log('warn', `snapshot before export of ${id} failed: ${snapshot.message}`);
    },
  });
  // The user's library (imported sources, accepted items) beside the bundled one, one index.
  const userLibrary = createUserLibraryStore(host.dataDir, { now: () => host.now(), log: (m) => host.log('warn', m) });
  const library = mergedLibraryCache(() => loadLibrary(host.resourcesDir), () => ({ data: userLibrary.data(), revision: userLibrary.revision() }));
  const services = {
    ...createAppServices(host),
    ...recoveryServices,
    ...draftServices,
    ...createLibraryServices(host, library),
    ...exportServices,
    ...createTemplateServices(host),
    ...createSourceServices(host, { store: userLibrary, library }),
  } satisfies Services;
  // At quit, what the store still holds in memory (saving failed) goes to a recovery copy, so it
  // is offered at the next start even if the renderer never answered the close handshake.
  const keepUnsaved = async () => {
    const report = await flush();
    for (const unsaved of report.unsaved) {
      try {
        const briefing = await (await store()).get(unsaved.id);
        const written = writeRecovery(briefing, 'close');
        if (!written.ok) host.log('error', `recovery copy of ${unsaved.id} not written: ${written.message}`);
      } catch (error) {
        host.log('error', `recovery copy of ${unsaved.id} not written`, error);
      }
    }
  };
  return {
    services,
    flush: async () => void (await flush()),
    close: async () => {
      await keepUnsaved().catch((error: unknown) => host.log('error', 'keeping unsaved drafts failed', error));
      await close();
      await closeRenderer();
    },
  };
}
