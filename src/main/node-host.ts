import { randomUUID } from 'node:crypto';
import type { AppPaths } from './paths';
import type { Dialogs, ServiceHost } from './services';

/** Options for a host outside Electron (the CLI, the test harness, tests). */
export interface NodeHostOptions {
  readonly paths: AppPaths;
  readonly dataDir: string;
  readonly dialogs?: Dialogs;
  readonly now?: () => Date;
  readonly newId?: () => string;
  readonly showItemInFolder?: (path: string) => void;
  readonly log?: ServiceHost['log'];
  readonly readyToClose?: () => void;
  readonly holdClose?: () => void;
}

/** Dialogs that always cancel: for the CLI, where paths come from arguments. */
export const cancellingDialogs: Dialogs = {
  pickSavePath: async () => null,
  pickOpenPath: async () => null,
};

/** A ServiceHost on plain Node: real clock and ids unless pinned. */
export function createNodeHost(options: NodeHostOptions): ServiceHost {
  return {
    dataDir: options.dataDir,
    resourcesDir: options.paths.resourcesDir,
    templatesDir: options.paths.templatesDir,
    appVersion: options.paths.version,
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? (() => randomUUID().replace(/-/g, '').slice(0, 16)),
    dialogs: options.dialogs ?? cancellingDialogs,
    showItemInFolder: options.showItemInFolder ?? (() => undefined),
    readyToClose: options.readyToClose ?? (() => undefined),
    holdClose: options.holdClose ?? (() => undefined),
    log: options.log ?? (() => undefined),
  };
}
