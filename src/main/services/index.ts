// Main-side services: one implementation of the API contract, shared by Electron IPC, the CLI and the
// Chromium test harness. Nothing here imports electron.
import { createBriefing } from '../../core/briefing';
import { UserError } from '../../shared/errors';
import { createAppServices } from './app';
import { createDraftServices, DEFAULT_TEMPLATE, type BriefingFactory, type DraftServiceOptions } from './drafts';
import { createExportServices } from './export';
import { createLibraryServices } from './library';
import { createTemplateServices } from './templates';
import { templateRegistryFor } from '../templates';
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
    const loaded = templateRegistryFor(host).use(templateId ?? DEFAULT_TEMPLATE.id);
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
  const drafts = createDraftServices(host, { ...options.drafts, briefingFactory });
  const { flush, close, beforeExport, store: _store, ...draftServices } = drafts;
  const exportServices = createExportServices(host, {
    getDraft: (id) => draftServices.getDraft({ id }),
    async beforeExport(id) {
      const snapshot = await beforeExport(id);
      if (!snapshot.ok) host.log('warn', `snapshot before export of ${id} failed: ${snapshot.message}`);
    },
  });
  const services = {
    ...createAppServices(host),
    ...draftServices,
    ...createLibraryServices(host),
    ...exportServices,
    ...createTemplateServices(host),
  } satisfies Services;
  return {
    services,
    flush: async () => void (await flush()),
    close: async () => void (await close()),
  };
}
