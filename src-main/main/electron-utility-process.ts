import { utilityProcess } from 'electron';
import type { SpawnDemoServer } from './demo-server-child';
import type { SpawnDeskProcess } from './desk-process-client';

/** Main's side of one child process: what both the desk process and demo server need. */
interface UtilityChannel<Message> {
  post(message: Message): void;
  kill(): void;
}

interface UtilityListeners {
  onMessage(message: unknown): void;
  onExit(code: number): void;
}

/**
 * Forks `modulePath` as an Electron utility process (a Node process Chromium manages and
 * kills with the app) and wires its messages and its exit to `listeners`.
 */
function forkUtilityChannel<Message>(
  target: {
    readonly modulePath: string;
    readonly argv: readonly string[];
    readonly serviceName: string;
  },
  listeners: UtilityListeners,
): UtilityChannel<Message> {
  const child = utilityProcess.fork(target.modulePath, [...target.argv], {
    serviceName: target.serviceName,
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
}

/**
 * Starts the desk process as a utility process, so the database and sync never run on the
 * UI thread (and stay sandboxed from the window).
 */
export function electronDeskProcessSpawner(options: {
  readonly modulePath: string;
  readonly argv: readonly string[];
}): SpawnDeskProcess {
  return (listeners) =>
    forkUtilityChannel({ ...options, serviceName: 'Studio Desk data' }, listeners);
}

/**
 * Starts the demo studio's server (out/main/demo-server.js) as a utility process. The desk
 * process cannot do this itself (utility processes cannot fork), and plain `node` is not
 * available to a packaged app (the runAsNode fuse is off).
 */
export function electronDemoServerSpawner(modulePath: string): SpawnDemoServer {
  return (argv, listeners) =>
    forkUtilityChannel({ modulePath, argv, serviceName: 'Studio Desk demo server' }, listeners);
}
