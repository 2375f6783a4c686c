/**
 * Events pushed from main to the renderer (menu commands). The renderer subscribes through
 * `window.api.onMenuCommand`; main sends on the `menu:command` channel.
 */
export const MENU_COMMAND_CHANNEL = 'menu:command';

/** Main asks the renderer to save what is pending before the window closes. */
export const BEFORE_CLOSE_CHANNEL = 'app:before-close';

/** What the application menu can ask the renderer to do. */
export const menuCommands = [
  'new-draft',
  'open-drafts',
  'import-draft',
  'export-pdf',
  'export-json',
  'save-version',
  'undo',
  'redo',
  'find-in-library',
  'show-shortcuts',
  'show-about',
  'open-templates',
] as const;

export type MenuCommand = (typeof menuCommands)[number];

/**
 * The menu's accelerators (Electron syntax), one table for the menu and the help sheet (F1), so
 * the two cannot disagree. 重做 differs by platform (Ctrl+Y; ⌘⇧Z on macOS), see `redoAccelerator`.
 */
export const menuAccelerators = {
  'new-draft': 'CmdOrCtrl+N',
  'open-drafts': 'CmdOrCtrl+O',
  'import-draft': 'CmdOrCtrl+Shift+O',
  'export-json': 'CmdOrCtrl+Shift+S',
  'save-version': 'CmdOrCtrl+Alt+S',
  'export-pdf': 'CmdOrCtrl+E',
  undo: 'CmdOrCtrl+Z',
  'find-in-library': 'CmdOrCtrl+K',
  'show-shortcuts': 'F1',
} as const satisfies Partial<Record<MenuCommand, string>>;

export function redoAccelerator(platform: string): string {
  return platform === 'darwin' ? 'Cmd+Shift+Z' : 'Ctrl+Y';
}

/** An accelerator as the help sheet shows it: `CmdOrCtrl+Shift+O` → `Ctrl + Shift + O` (⌘ on macOS). */
export function acceleratorLabel(accelerator: string, mac = false): string {
  return accelerator
    .split('+')
    .map((key) => (key === 'CmdOrCtrl' ? (mac ? '⌘' : 'Ctrl') : key === 'Cmd' ? '⌘' : key))
    .join(' + ');
}

/** Subscriptions the preload exposes next to the contract methods. */
export interface ApiEvents {
  /** Calls `listener` for each menu command; returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Calls `listener` when the window is about to close; the renderer saves pending edits and then
   * calls `api.readyToClose({})`. Returns an unsubscribe function.
   */
  onBeforeClose(listener: () => void): () => void;
}

/** True when `value` is a known menu command. */
export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (menuCommands as readonly string[]).includes(value);
}
