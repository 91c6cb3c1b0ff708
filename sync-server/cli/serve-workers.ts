import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServeSettings } from './serve-settings';
import {
  WORKER_CONFIG_ENV,
  workerMessageSchema,
  type WorkerConfig,
  type WorkerMessage,
} from './serve-worker-messages';

const WORKER_ENTRY = fileURLToPath(new URL('./serve-worker.ts', import.meta.url));
/** How long a worker may take to open its pool and listen. */
const START_TIMEOUT_MS = 60_000;
/** How long a worker may take to finish its requests at stop before it is killed. */
const STOP_TIMEOUT_MS = 15_000;
/** A worker that died is replaced after this long, so a crash loop does not spin. */
const REPLACE_DELAY_MS = 1_000;

/** `serve --workers N` running: the address every worker answers on, and its stop. */
export interface ServeWorkers {
  readonly address: string;
  /** The workers' process ids, as they are now. */
  pids(): number[];
  /** Stops every worker gracefully (SIGKILL after STOP_TIMEOUT_MS) and waits for them. */
  stop(): Promise<void>;
}

/**
 * Workers run TypeScript as serverctl does: through tsx's loader, found from here so that
 * the primary's working folder does not matter.
 */
function workerExecArgv(): string[] {
  const loader = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(loader).href];
}

/** The worker's first message: listening, or why it could not start. */
function started(worker: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`worker ${String(worker.id)} did not listen within 60 s`));
    }, START_TIMEOUT_MS);
    const onMessage = (raw: unknown) => {
      const parsed = workerMessageSchema.safeParse(raw);
      if (!parsed.success) return;
      finish();
      const message: WorkerMessage = parsed.data;
      if (message.type === 'listening') resolve(message.address);
      else reject(new Error(message.message));
    };
    const onExit = (code: number | null, signal: string | null) => {
      finish();
      reject(new Error(`a worker exited (${signal ?? String(code)}) before it listened`));
    };
    const finish = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.once('exit', onExit);
  });
}

async function stopWorker(worker: Worker): Promise<void> {
  if (worker.isDead()) return;
  const exited = once(worker, 'exit');
  // A worker stopping on its own signal (Ctrl-C reaches every process of the group) may have
  // closed its channel already; the callback keeps a failed send from being thrown.
  if (worker.isConnected()) worker.send({ type: 'stop' }, undefined, () => undefined);
  const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs the sync server as `count` worker processes sharing one port through node:cluster
 * (the primary accepts connections and hands them round-robin to the workers), each with its
 * own pool of `pool` connections and its own LISTEN connection, so a commit through any
 * worker pokes the desks of every other (R5.1), as between separate instances. Only worker 1
 * runs the server's jobs. A worker that dies is replaced under the same number; one that
 * cannot start stops them all and rejects with its reason.
 *
 * `env` goes to the workers on top of this process's own: serverctl's DATABASE_URL and
 * DATABASE_DIRECT_URL may come from its caller rather than from the process.
 */
export async function startServeWorkers(
  settings: ServeSettings,
  count: number,
  pool: number,
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void,
): Promise<ServeWorkers> {
  cluster.setupPrimary({ exec: WORKER_ENTRY, execArgv: workerExecArgv(), args: [] });
  const passed = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const workers = new Map<number, Worker>();
  let stopping = false;

  const fork = (number: number): Worker => {
    const config: WorkerConfig = { settings, worker: number, runsJobs: number === 1, pool };
    const worker = cluster.fork({ ...passed, [WORKER_CONFIG_ENV]: JSON.stringify(config) });
    workers.set(number, worker);
    return worker;
  };

  const respawnLater = (number: number) => {
    setTimeout(() => {
      if (stopping) return;
      const next = fork(number);
      started(next).then(
        () => {
          replaceWhenDead(number, next);
        },
        (error: unknown) => {
          log(`worker ${String(number)} could not start again: ${String(error)}`);
          if (next.isDead()) respawnLater(number);
          else replaceWhenDead(number, next);
        },
      );
    }, REPLACE_DELAY_MS).unref();
  };

  function replaceWhenDead(number: number, worker: Worker): void {
    worker.once('exit', (code: number | null, signal: string | null) => {
      if (stopping || workers.get(number) !== worker) return;
      const pid = String(worker.process.pid);
      log(
        `worker ${String(number)} (pid ${pid}) exited (${signal ?? String(code)}); starting another`,
      );
      respawnLater(number);
    });
  }

  const stop = async () => {
    stopping = true;
    await Promise.all([...workers.values()].map(stopWorker));
  };

  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  const addresses = await Promise.allSettled(numbers.map((n) => started(fork(n))));
  const failed = addresses.find((a) => a.status === 'rejected');
  if (failed !== undefined) {
    await stop();
    throw failed.reason;
  }
  for (const number of numbers) {
    const worker = workers.get(number);
    if (worker) replaceWhenDead(number, worker);
  }
  const first = addresses[0];
  return {
    address: first?.status === 'fulfilled' ? first.value : '',
    pids: () =>
      [...workers.values()]
        .map((w) => w.process.pid)
        .filter((pid): pid is number => pid !== undefined),
    stop,
  };
}
