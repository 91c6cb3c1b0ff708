import { BrowserWindow } from 'electron';

/**
 * Creates the desk window with the renderer fully sandboxed from Node and Electron. The
 * caller loads the page after recording the window, so the page's first desk calls
 * already pass the sender check.
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Studio Desk',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Middle-click must not open links in a new window (also denied in web-contents-guard).
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
    },
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  return window;
}
