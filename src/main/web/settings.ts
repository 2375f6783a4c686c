// Where the browser mode keeps things: the desktop app's data folder (so drafts are the same
// drafts whichever way the app is opened) and the export folder the user configured.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-file';

/** Electron's app name (package.json productName): the last part of its userData folder. */
export const DESKTOP_APP_NAME = '简报工坊 BriefSmith';

/** The settings file of the browser mode, in the data folder. */
export const WEB_SETTINGS_FILE = 'browser-mode.json';

/**
 * The desktop app's data folder, as Electron's `app.getPath('userData')` names it: the platform's
 * application-data folder plus the product name. `BRIEFSMITH_DATA_DIR` overrides it (tests, portable use).
 */
export function desktopDataDir(env: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.BRIEFSMITH_DATA_DIR) return resolve(env.BRIEFSMITH_DATA_DIR);
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', DESKTOP_APP_NAME);
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), DESKTOP_APP_NAME);
    default:
      return join(env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config'), DESKTOP_APP_NAME);
  }
}

/** The browser mode's settings (`<dataDir>/browser-mode.json`). */
export interface WebSettings {
  /** The folder exports are written into (the page never names a path). */
  readonly exportDir?: string;
}

/** Reads the settings; a missing or unreadable file gives the defaults. */
export function readWebSettings(dataDir: string): WebSettings {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, WEB_SETTINGS_FILE), 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as WebSettings).exportDir === 'string' && isAbsolute((parsed as { exportDir: string }).exportDir)) {
      return { exportDir: (parsed as { exportDir: string }).exportDir };
    }
  } catch {
    // absent or damaged: defaults
  }
  return {};
}

/** Saves the settings atomically. */
export function writeWebSettings(dataDir: string, settings: WebSettings): void {
  mkdirSync(dataDir, { recursive: true });
  const written = writeFileAtomic(join(dataDir, WEB_SETTINGS_FILE), `${JSON.stringify(settings, null, 2)}\n`, { syncDir: true });
  if (!written.ok) throw new Error(written.message);
}

/**
 * The export folder: the configured one, else `~/Documents/简报工坊导出` when the Documents folder
 * exists, else `<dataDir>/exports`.
 */
export function defaultExportDir(dataDir: string, home = homedir()): string {
  const documents = join(home, 'Documents');
  return existsSync(documents) ? join(documents, '简报工坊导出') : join(dataDir, 'exports');
}

/** The export folder in use for `dataDir`. */
export function exportDirFor(dataDir: string, home = homedir()): string {
  return readWebSettings(dataDir).exportDir ?? defaultExportDir(dataDir, home);
}

/** True when `child` lies inside `parent` (both absolute; `parent` itself is not inside). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
