// Electron main process. It owns windows and relays to the desk core; it renders
// nothing itself and never hands Node or Electron objects to the renderer.
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { registerAppInfoHandler } from './app-info-ipc';
import { openMainWindow } from './main-window';
import { resolveRendererEntry } from './renderer-entry';
import { denyAllPermissions, guardWebContents } from './web-contents-guard';

const mainDir = fileURLToPath(new URL('.', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

async function startDesk(): Promise<void> {
  const entry = resolveRendererEntry({
    isPackaged: app.isPackaged,
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    mainDir,
  });

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, entry);
  });
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window === undefined) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  registerAppInfoHandler(ipcMain, entry, () => ({
    name: app.getName(),
    version: app.getVersion(),
    platform: process.platform,
    electronVersion: process.versions.electron,
    chromeVersion: process.versions.chrome,
  }));
  // macOS keeps the app running with no window; clicking the dock icon reopens one.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length > 0) return;
    openMainWindow(entry, preloadPath).catch((error: unknown) => {
      console.error('Could not reopen the desk window', error);
    });
  });
  await openMainWindow(entry, preloadPath);
}

// One desk app per computer user: a second copy would open the same local database.
if (app.requestSingleInstanceLock()) {
  startDesk().catch((error: unknown) => {
    console.error('Studio Desk failed to start', error);
    app.exit(1);
  });
} else {
  app.quit();
}
