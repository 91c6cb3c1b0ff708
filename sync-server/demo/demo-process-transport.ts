import type { FromDemoServer } from '../../src-shared/protocol/demo-server-wire';

/**
 * The demo server process's link to whoever started it: Electron's `process.parentPort`
 * when the desk app forks it as a utility process, Node's IPC channel when it is forked
 * with child_process.fork (tests, scripts). Only plain data crosses it.
 */
export interface DemoProcessTransport {
  onMessage(listener: (message: unknown) => void): void;
  post(message: FromDemoServer): void;
  /** Called once when the parent is gone, so the server closes instead of lingering. */
  onParentGone(listener: () => void): void;
  /** Resolves once what was posted has left this process (before it exits). */
  flush(): Promise<void>;
}

/** How often a utility process checks that its parent is still alive. */
const PARENT_POLL_MS = 2_000;

/**
 * Picks the link this process was started with, or undefined when it has none (run by
 * hand): Electron's parentPort first, since a utility process has no `process.send`.
 */
export function parentTransport(): DemoProcessTransport | undefined {
  const parentPort: unknown = Reflect.get(process, 'parentPort');
  if (isParentPort(parentPort)) return electronTransport(parentPort);
  if (typeof process.send === 'function') return nodeIpcTransport();
  return undefined;
}

/** The part of Electron's `ParentPort` used here (sync-server has no Electron types). */
interface ParentPortLike {
  on(event: 'message', listener: (event: { readonly data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

function isParentPort(value: unknown): value is ParentPortLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    'postMessage' in value &&
    typeof value.postMessage === 'function' &&
    'on' in value &&
    typeof value.on === 'function'
  );
}

function electronTransport(port: ParentPortLike): DemoProcessTransport {
  return {
    onMessage(listener) {
      port.on('message', (event) => {
        listener(event.data);
      });
    },
    post(message) {
      port.postMessage(message);
    },
    onParentGone(listener) {
      watchParentProcess(listener);
    },
    // postMessage hands the message to Chromium's IO thread; give it a moment to leave
    // before the process exits, or a last `startFailed` could be lost.
    flush: () => new Promise((resolve) => setTimeout(resolve, 100)),
  };
}

function nodeIpcTransport(): DemoProcessTransport {
  const sending = new Set<Promise<void>>();
  return {
    onMessage(listener) {
      process.on('message', listener);
    },
    post(message) {
      if (!process.connected) return;
      const sent = new Promise<void>((resolve) => {
        process.send?.(message, undefined, undefined, () => {
          resolve();
        });
      });
      sending.add(sent);
      void sent.finally(() => sending.delete(sent));
    },
    onParentGone(listener) {
      // Node closes the IPC channel when the parent exits, however it exits.
      process.once('disconnect', listener);
    },
    flush: async () => {
      await Promise.allSettled([...sending]);
    },
  };
}

/**
 * Chromium ends a utility process with the app, but a crash of main could leave it
 * running and holding the PGlite folder and the port; polling the parent ends it anyway.
 * The parent is gone when this process is re-parented (POSIX) or its pid no longer
 * exists (Windows keeps the old ppid).
 */
function watchParentProcess(onGone: () => void): void {
  const parentPid = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parentPid && isAlive(parentPid)) return;
    clearInterval(timer);
    onGone();
  }, PARENT_POLL_MS);
  // The watch alone must never keep the process running.
  timer.unref();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: it exists but belongs to someone else; only ESRCH means it is gone.
    return !(error instanceof Error && 'code' in error && error.code === 'ESRCH');
  }
}
