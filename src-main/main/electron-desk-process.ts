import { utilityProcess } from 'electron';
import type { SpawnDeskProcess } from './desk-process-client';

/**
 * Starts the desk process as an Electron utility process: a Node process Chromium manages
 * (sandboxed from the window, killed with the app), so the database and sync never run on
 * the UI thread.
 */
export function electronDeskProcessSpawner(options: {
  readonly modulePath: string;
  readonly argv: readonly string[];
}): SpawnDeskProcess {
  return (listeners) => {
    const child = utilityProcess.fork(options.modulePath, [...options.argv], {
      serviceName: 'Studio Desk data',
      stdio: 'inherit',
    });
    child.on('message', (message: unknown) => {
      listeners.onMessage(message);
    });
    child.once('exit', (code) => {
      listeners.onExit(code);
    });
    return {
      post: (message) => {
        child.postMessage(message);
      },
      kill: () => {
        child.kill();
      },
    };
  };
}
