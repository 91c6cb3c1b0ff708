// One worker of `serverctl serve --workers N` (node:cluster): the sync server with its own
// pool, on the port all workers share. Started by serve-workers.ts, never by hand.
import { openCliDatabase, type CliDatabase } from './cli-database';
import { ignoreClosedPipes } from './closed-pipe';
import { startServer, type ServedServer } from './serve-in-process';
import {
  primaryMessageSchema,
  WORKER_CONFIG_ENV,
  workerConfigSchema,
  type WorkerMessage,
} from './serve-worker-messages';

ignoreClosedPipes();

const config = workerConfigSchema.parse(JSON.parse(process.env[WORKER_CONFIG_ENV] ?? 'null'));

const send = (message: WorkerMessage) =>
  new Promise<void>((resolve) => {
    if (process.send === undefined) resolve();
    else
      process.send(message, undefined, undefined, () => {
        resolve();
      });
  });

// The primary's stop, or a signal to this process itself: Ctrl-C reaches every process of
// the terminal's group, and a service manager may signal them all.
const stopRequested = new Promise<void>((resolve) => {
  process.on('message', (raw: unknown) => {
    if (primaryMessageSchema.safeParse(raw).success) resolve();
  });
  process.once('SIGINT', () => {
    resolve();
  });
  process.once('SIGTERM', () => {
    resolve();
  });
});

let db: CliDatabase | undefined;
let served: ServedServer | undefined;
let exitCode = 0;
try {
  db = await openCliDatabase(process.env, undefined, { maxConnections: config.pool });
  served = await startServer(config.settings, db, {
    worker: config.worker,
    runsJobs: config.runsJobs,
  });
  await send({ type: 'listening', address: served.address });
  await stopRequested;
} catch (error) {
  exitCode = 1;
  await send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
} finally {
  await served?.app.close();
  await db?.close();
}
// The IPC channel to the primary would keep this process alive.
process.exit(exitCode);
