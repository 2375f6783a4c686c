import { randomUUID } from 'node:crypto';
import { createEngine, type Engine } from './engine';
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
  /** Folders of installed fonts the engine may use; default: the platform's. */
  readonly systemFontDirs?: readonly string[];
  /** An engine to share (the harness and tests build one per data folder); default: a new one. */
  readonly engine?: Engine;
  /** The engine's cache folder (font metrics, only for speed); default: none. */
  readonly cacheDir?: string;
}

/** Dialogs that always cancel: for the CLI, where paths come from arguments. */
export const cancellingDialogs: Dialogs = {
  pickSavePath: async () => null,
  pickOpenPath: async () => null,
};

/** A ServiceHost on plain Node: real clock and ids unless pinned. */
export function createNodeHost(options: NodeHostOptions): ServiceHost {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  return {
    dataDir: options.dataDir,
    resourcesDir: options.paths.resourcesDir,
    templatesDir: options.paths.templatesDir,
    appVersion: options.paths.version,
    engine:
      options.engine ??
      createEngine({
        resourcesDir: options.paths.resourcesDir,
        templatesDir: options.paths.templatesDir,
        dataDir: options.dataDir,
        ...(options.systemFontDirs ? { systemFontDirs: options.systemFontDirs } : {}),
        ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
        clock: now,
        appVersion: options.paths.version,
        log,
      }),
    now,
    newId: options.newId ?? (() => randomUUID().replace(/-/g, '').slice(0, 16)),
    dialogs: options.dialogs ?? cancellingDialogs,
    showItemInFolder: options.showItemInFolder ?? (() => undefined),
    readyToClose: options.readyToClose ?? (() => undefined),
    holdClose: options.holdClose ?? (() => undefined),
    log,
  };
}
