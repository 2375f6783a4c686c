import type { Engine } from '../engine';

/**
 * What the services need from the machine, injected so that the same services run in Electron's
 * main process, in the CLI and behind the Chromium test harness (one contract, two transports).
 */
export interface ServiceHost {
  /** The user's data directory: drafts, backups, user templates, exports (harness). */
  readonly dataDir: string;
  /** `resources/` — library data, bundled fonts, samples. */
  readonly resourcesDir: string;
  /** `templates/` — built-in layouts. */
  readonly templatesDir: string;
  readonly appVersion: string;
  /** The engine world every render uses (fonts, templates, images, colour profile), created once. */
  readonly engine: Engine;
  /** The clock; tests pin it. */
  now(): Date;
  /** A fresh unique id (for drafts and blocks). */
  newId(): string;
  readonly dialogs: Dialogs;
  /** Reveals a file in the system file manager. */
  showItemInFolder(path: string): void;
  /** Called when the renderer has saved everything pending (or the user discarded it) and the window may close. */
  readyToClose(): void;
  /** Called when the renderer holds closing because something is unsaved: the user is deciding. */
  holdClose(): void;
  /** Logs a bug or an operational event; never shown to the user as is. */
  log(level: 'info' | 'warn' | 'error', message: string, error?: unknown): void;
}

/** Native dialogs in Electron; preset answers in the harness and in tests. */
export interface Dialogs {
  /** Asks where to save; `null` when the user cancels. */
  pickSavePath(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
  /** Asks for a file to open; `null` when the user cancels. */
  pickOpenPath(options: { title: string; filters: FileFilter[] }): Promise<string | null>;
}

/** A file-type filter of a dialog: `{ name: 'PDF 文件', extensions: ['pdf'] }`. */
export interface FileFilter {
  readonly name: string;
  readonly extensions: string[];
}
