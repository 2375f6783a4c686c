// Electron main: a thin shell around the services — lifecycle, the window, the menu, IPC wiring.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell } from 'electron';
import { BEFORE_CLOSE_CHANNEL, MENU_COMMAND_CHANNEL, type MenuCommand } from '../../shared/api';
import { findAppPaths, type AppPaths } from '../paths';
import { createDispatcher, createServices, type ServiceHost } from '../services';
import { loadWindowState, saveWindowState } from '../window-state';
import { createElectronHost } from './host';
import { createSenderCheck, registerIpcHandlers } from './ipc';
import { buildMenuTemplate } from './menu';
import { createAppUrlCheck, createMainWindow, hardenSession, hardenWebContents } from './security';

const log: ServiceHost['log'] = (level, message, error) => {
  const line = `[${level}] ${message}${error instanceof Error ? `\n${error.stack ?? error.message}` : ''}\n`;
  process.stderr.write(line);
};

/** In a packaged app resources sit beside the asar; in development at the repository root. */
function appPaths(): AppPaths {
  const dev = findAppPaths(import.meta.dirname);
  if (!app.isPackaged) return dev;
  return { ...dev, resourcesDir: join(process.resourcesPath, 'resources'), templatesDir: join(process.resourcesPath, 'templates') };
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  let mainWindow: BrowserWindow | null = null;
  // Closing is a handshake: main asks the renderer to save what is pending and waits. The renderer
  // answers readyToClose (all saved, or the user discarded explicitly) or holdClose (something is
  // unsaved and the user is deciding: retry, save a copy elsewhere, discard). Only a renderer that
  // answers nothing within 5 s is presumed hung and the window closes; whatever the store still
  // holds unsaved then goes to a recovery copy when the services close.
  let closeConfirmed = false;
  let closeTimer: NodeJS.Timeout | undefined;
  const stopCloseTimer = () => {
    if (closeTimer) clearTimeout(closeTimer);
    closeTimer = undefined;
  };
  const confirmClose = () => {
    stopCloseTimer();
    closeConfirmed = true;
    mainWindow?.close();
  };
  const holdClose = stopCloseTimer;
  const paths = appPaths();
  const dataDir = app.getPath('userData');
  const host = createElectronHost({ paths, dataDir, dialog, shell, window: () => mainWindow, log, readyToClose: confirmClose, holdClose });
  const serviceSet = createServices(host);
  const dispatch = createDispatcher(serviceSet.services, log);
  const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? new URL(`file://${join(import.meta.dirname, '../renderer/index.html')}`).href;
  const isAppUrl = createAppUrlCheck(rendererUrl);
  const stateFile = join(dataDir, 'window-state.json');

  const send = (command: MenuCommand) => mainWindow?.webContents.send(MENU_COMMAND_CHANNEL, command);

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl));

  app.on('window-all-closed', () => app.quit());

  // Quitting first closes the window through the handshake (the store must stay open while the
  // renderer saves; quitting resumes from window-all-closed), then waits for the store's pending
  // writes; the store lock is released last.
  let storeClosed = false;
  app.on('before-quit', (event) => {
    if (mainWindow && !closeConfirmed) {
      event.preventDefault();
      mainWindow.close();
      return;
    }
    if (storeClosed) return;
    event.preventDefault();
    void serviceSet
      .close()
      .catch((error: unknown) => log('error', 'closing the store failed', error))
      .finally(() => {
        storeClosed = true;
        app.quit();
      });
  });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    registerIpcHandlers(ipcMain, dispatch, createSenderCheck(isAppUrl));
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate(
          {
            send: (command) => {
              if (command === 'show-about') void showAbout();
              else send(command);
            },
            quit: () => app.quit(),
            ...(app.isPackaged ? {} : { toggleDevTools: () => mainWindow?.webContents.toggleDevTools() }),
          },
          process.platform,
        ),
      ),
    );

    const state = loadWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
    // The window icon matters on Linux in development; packaged builds take theirs from the installer.
    const icon = join(paths.root, 'build', 'icon.png');
    mainWindow = createMainWindow(BrowserWindow, join(import.meta.dirname, '../preload/index.cjs'), state, existsSync(icon) ? icon : undefined);
    if (state.maximized) mainWindow.maximize();
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    mainWindow.on('close', (event) => {
      if (!mainWindow) return;
      if (!closeConfirmed) {
        event.preventDefault();
        // Each attempt asks again (the user may have gone back to editing after a held close).
        mainWindow.webContents.send(BEFORE_CLOSE_CHANNEL);
        stopCloseTimer();
        closeTimer = setTimeout(confirmClose, 5_000);
        return;
      }
      const bounds = mainWindow.getNormalBounds();
      void saveWindowState(stateFile, { ...bounds, maximized: mainWindow.isMaximized() }).catch((error: unknown) => log('warn', 'window state not saved', error));
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    void mainWindow.loadURL(rendererUrl);
  });

  async function showAbout(): Promise<void> {
    const options = {
      type: 'info' as const,
      title: '关于简报工坊',
      message: `简报工坊 BriefSmith ${paths.version}`,
      detail: `离线编写政策简报，资料来源可追溯，导出符合公文规范的 PDF。\n\n版本：${paths.version}\nElectron：${process.versions.electron}\n数据目录：${dataDir}`,
      buttons: ['确定'],
    };
    if (mainWindow) await dialog.showMessageBox(mainWindow, options);
    else await dialog.showMessageBox(options);
  }
}
