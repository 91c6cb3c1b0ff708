import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  childMessageSchema,
  type ChildMessage,
  type ServerChildConfig,
} from './sync-server-messages';

export interface ServerMemory {
  readonly rss: number;
  readonly heapUsed: number;
}

/** Statements sent to Postgres and CPU time used by the server process so far. */
export interface ServerWork {
  readonly statements: number;
  readonly roundTrips: number;
  readonly cpuMicros: number;
  /** Group commit's transactions so far and the pushes they held. */
  readonly groups: number;
  readonly groupedPushes: number;
}

export interface SyncServerProcess {
  readonly url: string;
  readonly pid: number;
  memory(): Promise<ServerMemory>;
  work(): Promise<ServerWork>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./sync-server-child.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;

function nextMessage(child: ChildProcess, type: ChildMessage['type']): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the server process sent no ${type} message in time`));
    }, START_TIMEOUT_MS);
    const onMessage = (raw: unknown) => {
      const message = childMessageSchema.parse(raw);
      if (message.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the server process exited (${code}) before sending ${type}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts the sync server in a child process (tsx-loaded) on a loopback port. */
export async function startSyncServerProcess(
  config: ServerChildConfig,
): Promise<SyncServerProcess> {
  // BENCH_SERVER_PROFILE_DIR=DIR writes a V8 CPU profile of the server there on stop.
  const profileDir = process.env['BENCH_SERVER_PROFILE_DIR'];
  const child = fork(CHILD, [], {
    execArgv: [
      '--import',
      'tsx',
      ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
    ],
    env: { ...process.env, BENCH_SERVER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listening = await nextMessage(child, 'listening').catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  if (listening.type !== 'listening' || child.pid === undefined) {
    throw new Error('the server process did not start');
  }
  return {
    url: listening.url,
    pid: child.pid,
    async memory() {
      const reply = nextMessage(child, 'memory');
      child.send({ type: 'memory' });
      const message = await reply;
      if (message.type !== 'memory') throw new Error('unexpected reply');
      return { rss: message.rss, heapUsed: message.heapUsed };
    },
    async work() {
      const reply = nextMessage(child, 'work');
      child.send({ type: 'work' });
      const message = await reply;
      if (message.type !== 'work') throw new Error('unexpected reply');
      return {
        statements: message.statements,
        roundTrips: message.roundTrips,
        cpuMicros: message.cpuMicros,
        groups: message.groups,
        groupedPushes: message.groupedPushes,
      };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
