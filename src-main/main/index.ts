// Electron main process: a thin shell. It owns the window, the menu and the app scheme,
// and relays the renderer's desk calls to the desk process (a utility process running
// the desk core); it renders nothing itself and never hands Node or Electron objects to
// the renderer.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  type BrowserWindow,
  type IpcMainInvokeEvent,
} from 'electron';
import { DESK_IPC_CHANNELS } from '../../src-shared/bridge/desk-bridge';
import { deskProcessArgv } from '../core-process/desk-process-args';
import { buildAppMenuTemplate } from './app-menu';
import { createAppSchemeHandler } from './app-protocol';
import { deskCallTimeoutMs } from './desk-call-timeouts';
import { createDemoServerSupervisor } from './demo-server-supervisor';
import {
  createDeskInvokeRelay,
  forwardDeskEvent,
  isDeskIpcSender,
  type DeskIpcSender,
} from './desk-ipc-relay';
import { createDeskProcessClient } from './desk-process-client';
import { electronDemoServerSpawner, electronDeskProcessSpawner } from './electron-utility-process';
import { createMainWindow } from './main-window';
import { exportStudioWithSaveDialog } from './studio-export-save';
import { APP_SCHEME, resolveRendererEntry } from './renderer-entry';
import { denyAllPermissions, guardWebContents } from './web-contents-guard';

const mainDir = fileURLToPath(new URL('.', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const deskProcessPath = fileURLToPath(new URL('./desk-process.js', import.meta.url));
const demoServerPath = fileURLToPath(new URL('./demo-server.js', import.meta.url));
/** How long the desk process gets to close its database at quit before it is killed. */
const DESK_CLOSE_GRACE_MS = 5_000;
/**
 * Main's bounds on the demo studio's server. The first start creates and seeds the demo
 * studio; closing must fit inside the desk process's own grace at quit.
 */
const DEMO_SERVER_TIMEOUTS = { launchMs: 120_000, callMs: 30_000, stopGraceMs: 3_000 };

const log = (message: string) => {
  console.error(`[main] ${message}`);
};

async function startDesk(): Promise<void> {
  const entry = resolveRendererEntry({
    isPackaged: app.isPackaged,
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    mainDir,
  });
  let window: BrowserWindow | undefined;

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, entry, (url) => shell.openExternal(url));
  });
  app.on('second-instance', () => {
    if (window === undefined) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  if (entry.kind === 'bundled') {
    protocol.handle(
      APP_SCHEME,
      createAppSchemeHandler(entry.rendererDir, (file) => readFile(file)),
    );
  }
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildAppMenuTemplate({
        platform: process.platform,
        isPackaged: app.isPackaged,
        appName: app.getName(),
      }),
    ),
  );

  const demoDir = path.join(app.getPath('userData'), 'demo-server');
  const demoServer = createDemoServerSupervisor({
    spawn: electronDemoServerSpawner(demoServerPath),
    dataDir: demoDir,
    timeouts: DEMO_SERVER_TIMEOUTS,
    log,
  });
  const desk = createDeskProcessClient({
    spawn: electronDeskProcessSpawner({
      modulePath: deskProcessPath,
      argv: deskProcessArgv({
        dataDir: path.join(app.getPath('userData'), 'desk'),
        demoDir,
        appVersion: app.getVersion(),
      }),
    }),
    onDemoRequest: (request, onProgress) => demoServer.handle(request, onProgress),
    onEvent: (event) => {
      forwardDeskEvent(window?.webContents, DESK_IPC_CHANNELS.event, event);
    },
    timeoutMs: deskCallTimeoutMs,
    now: () => Date.now(),
    restartBudget: { restarts: 3, withinMs: 60_000 },
    log,
  });
  const relay = createDeskInvokeRelay({
    isTrustedSender: (sender) =>
      isDeskIpcSender(sender, { webContentsId: window?.webContents.id, entry }),
    invoke: (method, args) =>
      method === 'studio.export'
        ? exportStudioWithSaveDialog(
            {
              invoke: (name, body) => desk.invoke(name, body),
              chooseTarget: (defaultName) => chooseExportTarget(window, defaultName),
              today: () => new Date().toLocaleDateString('en-CA'),
            },
            args,
          )
        : desk.invoke(method, args),
    log,
  });
  ipcMain.handle(DESK_IPC_CHANNELS.invoke, (event, method: unknown, args: unknown) =>
    relay(describeSender(event), method, args),
  );

  // Quit waits for the desk process to close the database cleanly (bounded by the grace),
  // then for the demo server to close its own.
  let deskClosed = false;
  app.on('will-quit', (event) => {
    if (deskClosed) return;
    event.preventDefault();
    // The desk closes its demo server itself; stopping it here covers a desk that was
    // killed before it could.
    void desk
      .stop(DESK_CLOSE_GRACE_MS)
      .then(() => demoServer.stop())
      .finally(() => {
        deskClosed = true;
        app.quit();
      });
  });

  const open = async () => {
    const opened = createMainWindow(preloadPath);
    window = opened;
    opened.on('closed', () => {
      if (window === opened) window = undefined;
    });
    await opened.loadURL(entry.url);
  };
  // macOS keeps the app running with no window; clicking the dock icon reopens one.
  app.on('activate', () => {
    if (window !== undefined) return;
    open().catch((error: unknown) => {
      log(`could not reopen the desk window: ${String(error)}`);
    });
  });
  await open();
}

/** The save dialog for the studio's export, on the desk window; undefined when cancelled. */
async function chooseExportTarget(
  window: BrowserWindow | undefined,
  defaultName: string,
): Promise<string | undefined> {
  const options = {
    title: 'Export all studio data',
    defaultPath: path.join(app.getPath('downloads'), defaultName),
    filters: [{ name: 'Studio export (.tar.gz)', extensions: ['gz'] }],
  };
  const chosen = await (window
    ? dialog.showSaveDialog(window, options)
    : dialog.showSaveDialog(options));
  return chosen.canceled || chosen.filePath === '' ? undefined : chosen.filePath;
}

function describeSender(event: IpcMainInvokeEvent): DeskIpcSender {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame.parent === null,
  };
}

// Before `ready`: the app scheme gets the standing of https (a real origin, fetch, CSP).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// One desk app per computer user: a second copy would open the same local database.
if (app.requestSingleInstanceLock()) {
  startDesk().catch((error: unknown) => {
    console.error('Studio Desk failed to start', error);
    app.exit(1);
  });
} else {
  app.quit();
}
