// Main-side services: one implementation of the API contract, shared by Electron IPC, the CLI and the
// Chromium test harness. Nothing here imports electron.
import { createAppServices } from './app';
import { createDraftServices } from './drafts';
import { createExportServices } from './export';
import { createLibraryServices } from './library';
import type { ServiceHost } from './host';
import type { Services } from './types';

export { createDispatcher, type Dispatch } from './dispatch';
export type { ServiceHost, Dialogs, FileFilter } from './host';
export type { Services, Handler, ServiceGroup } from './types';

/** Builds every service of the contract on one host. */
export function createServices(host: ServiceHost): Services {
  return {
    ...createAppServices(host),
    ...createDraftServices(host),
    ...createLibraryServices(host),
    ...createExportServices(host),
  } satisfies Services;
}
