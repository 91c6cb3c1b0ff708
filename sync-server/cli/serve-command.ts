import { AdminError } from '../admin/admin-error';
import type { CliDatabase } from './cli-database';
import { checkedPublicUrl } from './run-automations-command';
import { startServer } from './serve-in-process';
import { defaultPoolSize, defaultWorkerCount, type ServeSettings } from './serve-settings';
import { startServeWorkers } from './serve-workers';

/** What `serve` needs of serverctl's io (CliIo). */
export interface ServeIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
  readonly shutdown: Promise<void>;
  onListening?(address: string): void;
}

/** Why `--workers N` above 1 is refused without Postgres. */
export function workersNeedPostgres(workers: number): string {
  return (
    `--workers ${String(workers)} needs Postgres (DATABASE_URL): the embedded PGlite ` +
    'database lives inside one process. Leave --workers out or set DATABASE_URL.'
  );
}

/**
 * How many processes serve: `--workers`, else the core count. PGlite lives inside one
 * process, so there it is always 1, and an explicit `--workers` above 1 is refused rather
 * than quietly ignored.
 */
export function workerCount(settings: ServeSettings, db: CliDatabase): number {
  if (db.kind === 'pglite') {
    if (settings.workers !== undefined && settings.workers > 1) {
      throw new AdminError('workers_need_postgres', workersNeedPostgres(settings.workers));
    }
    return 1;
  }
  return settings.workers ?? defaultWorkerCount();
}

/**
 * `serverctl serve`: the sync server until `io.shutdown`, in this process or, with several
 * workers, in as many child processes on one port (serve-workers.ts); then stops it all.
 */
export async function serve(
  settings: ServeSettings,
  io: ServeIo,
  db: CliDatabase,
): Promise<{ json: unknown; human: string }> {
  const workers = workerCount(settings, db);
  // Checked here, so a bad URL is refused once rather than by every worker.
  checkedPublicUrl(settings.publicUrl);
  if (workers === 1) {
    const { app, address } = await startServer(settings, db);
    announce(settings, io, db, address, [process.pid]);
    await io.shutdown;
    await app.close();
    return { json: { stopped: address }, human: 'Stopped.' };
  }
  const pool = settings.pool ?? defaultPoolSize(workers);
  const running = await startServeWorkers(settings, workers, pool, io.env, (line) => {
    io.err(`serverctl: ${line}`);
  });
  try {
    announce(settings, io, db, running.address, running.pids(), pool);
    await io.shutdown;
  } finally {
    await running.stop();
  }
  return { json: { stopped: running.address, workers }, human: 'Stopped.' };
}

function announce(
  settings: ServeSettings,
  io: ServeIo,
  db: CliDatabase,
  address: string,
  pids: readonly number[],
  pool?: number,
): void {
  const workers = pids.length;
  io.out(
    settings.json
      ? JSON.stringify({
          listening: address,
          database: db.where,
          workers,
          pids,
          ...(pool === undefined ? {} : { poolPerWorker: pool }),
        })
      : `Studio Desk sync server on ${address} (${db.where}` +
          (workers === 1
            ? ').'
            : `; ${String(workers)} workers, ${String(pool)} connections each).`),
  );
  io.onListening?.(address);
}
