import { BrowserWindow } from 'electron';
import type { RendererEntry } from './renderer-entry';

/** Opens the desk window with the renderer fully sandboxed from Node and Electron. */
export async function openMainWindow(
  entry: RendererEntry,
  preloadPath: string,
): Promise<BrowserWindow> {
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
    },
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  if (entry.kind === 'dev-server') await window.loadURL(entry.url);
  else await window.loadFile(entry.filePath);
  return window;
}
