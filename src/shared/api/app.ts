import { z } from 'zod';
import { defineMethod } from './define';

/** What the About box and the status bar show. */
export interface AppInfo {
  readonly name: string;
  readonly productName: string;
  readonly version: string;
  readonly dataDir: string;
  readonly platform: string;
}

/** App-level methods: version, data directory, revealing a file. */
export const appMethods = {
  getAppInfo: defineMethod<AppInfo>()('app:info', z.strictObject({})),
  /** Shows an exported file in the system file manager. */
  showInFolder: defineMethod<null>()('app:show-in-folder', z.strictObject({ path: z.string().min(1).max(4096) })),
  /** The renderer has saved everything pending: the window may close now. */
  readyToClose: defineMethod<null>()('app:ready-to-close', z.strictObject({})),
};
