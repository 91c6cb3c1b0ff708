// Forks the real demo server entry (sync-server/demo/demo-server-process.ts) under Node
// with tsx, the way main forks out/main/demo-server.js as an Electron utility process:
// Node's IPC channel with structured-clone serialization stands in for parentPort.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { SpawnDemoServer } from '../../../src-main/main/demo-server-child';

export const demoServerEntry = path.resolve(
  import.meta.dirname,
  '../../../sync-server/demo/demo-server-process.ts',
);

export interface ForkedDemoServer {
  readonly child: ChildProcess;
  /** What the child wrote to stderr (its log), for assertions. */
  readonly stderr: () => string;
  readonly exited: Promise<number>;
}

/** Forks the entry with `argv`; the caller listens for messages on `child`. */
export function forkDemoServer(argv: readonly string[]): ForkedDemoServer {
  const child = fork(demoServerEntry, [...argv], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  // After 'exit', wait for the IPC channel to drain (it disconnects once it has delivered
  // everything) so a last message such as startFailed is never overtaken by the exit.
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      const exitCode = code ?? (signal === 'SIGKILL' ? 137 : 143);
      if (child.connected) {
        child.once('disconnect', () => {
          resolve(exitCode);
        });
      } else resolve(exitCode);
    });
  });
  return { child, stderr: () => stderr, exited };
}

/** A {@link SpawnDemoServer} over {@link forkDemoServer}; every fork is recorded. */
export function nodeDemoServerSpawner(forks: ForkedDemoServer[]): SpawnDemoServer {
  return (argv, listeners) => {
    const forked = forkDemoServer(argv);
    forks.push(forked);
    forked.child.on('message', (message) => {
      listeners.onMessage(message);
    });
    void forked.exited.then((code) => {
      listeners.onExit(code);
    });
    return {
      post: (message) => {
        // The child may die between the check and the write (a killed slow server): the
        // callback takes that EPIPE, which would otherwise be an uncaught 'error' event.
        if (forked.child.connected) forked.child.send(message, () => undefined);
      },
      kill: () => {
        forked.child.kill('SIGKILL');
      },
    };
  };
}
