import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { BrowserWindow, Dialog, Shell } from 'electron';
import { createEngine } from '../engine';
import type { AppPaths } from '../paths';
import type { ServiceHost } from '../services';

/** Builds the ServiceHost of the Electron app: native dialogs, the real clock, the user's data dir. */
export function createElectronHost(options: {
  readonly paths: AppPaths;
  readonly dataDir: string;
  readonly dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  readonly shell: Pick<Shell, 'showItemInFolder'>;
  readonly window: () => BrowserWindow | null;
  readonly log: ServiceHost['log'];
  readonly readyToClose: () => void;
  readonly holdClose: () => void;
}): ServiceHost {
  const { dialog, shell } = options;
  return {
    dataDir: options.dataDir,
    resourcesDir: options.paths.resourcesDir,
    templatesDir: options.paths.templatesDir,
    appVersion: options.paths.version,
    engine: createEngine({ resourcesDir: options.paths.resourcesDir, templatesDir: options.paths.templatesDir, dataDir: options.dataDir, cacheDir: join(options.dataDir, 'cache'), clock: () => new Date(), appVersion: options.paths.version, log: options.log }),
    now: () => new Date(),
    newId: () => randomUUID().replace(/-/g, '').slice(0, 16),
    dialogs: {
      async pickSavePath({ title, defaultName, filters }) {
        const win = options.window();
        const opts = { title, defaultPath: defaultName, filters, properties: ['createDirectory', 'showOverwriteConfirmation'] as const };
        const result = win ? await dialog.showSaveDialog(win, { ...opts, properties: [...opts.properties] }) : await dialog.showSaveDialog({ ...opts, properties: [...opts.properties] });
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      async pickOpenPath({ title, filters }) {
        const win = options.window();
        const opts = { title, filters, properties: ['openFile' as const] };
        const result = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
    showItemInFolder: (path) => shell.showItemInFolder(path),
    readyToClose: options.readyToClose,
    holdClose: options.holdClose,
    log: options.log,
  };
}
