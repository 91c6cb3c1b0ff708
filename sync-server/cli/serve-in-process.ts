import { createSyncServer } from '../http/create-sync-server';
import { paymentsFromEnvironment } from '../payments/payments-config';
import type { CliDatabase } from './cli-database';
import { checkedPublicUrl, servedAutomations } from './run-automations-command';
import type { ServeSettings } from './serve-settings';

/** Which process of `serve --workers N` this is; left out when `serve` is one process. */
export interface WorkerRole {
  /**
   * 1 to N, in the `x-studio-worker` header of every answer, to see the spread; beside it
   * `x-studio-jobs` says whether this worker runs the jobs (on or off).
   */
  readonly worker: number;
  /**
   * Whether this process runs the server's jobs (renewal billing, payouts, class series,
   * automations): the first worker only. Each job claims its work in the database and is
   * safe twice over (as beside `serverctl bill-renewals`), but N workers would repeat every
   * run's reads N times for nothing.
   */
  readonly runsJobs: boolean;
}

export interface ServedServer {
  readonly app: Awaited<ReturnType<typeof createSyncServer>>;
  readonly address: string;
}

/** The sync server of `serve`, in this process, listening. */
export async function startServer(
  settings: ServeSettings,
  db: CliDatabase,
  role?: WorkerRole,
): Promise<ServedServer> {
  const jobs = role?.runsJobs ?? true;
  const { billEveryMinutes, seriesEveryHours } = settings;
  const payments = paymentsFromEnvironment(process.env);
  const { everyMs, ...automations } = await servedAutomations(
    db.db,
    checkedPublicUrl(settings.publicUrl),
  );
  const app = await createSyncServer({
    automations: jobs ? { ...automations, everyMs } : automations,
    db: db.db,
    ...(payments ? { payments } : {}),
    logger: !settings.quiet,
    ...(db.listenUrl === undefined ? {} : { listenConnectionString: db.listenUrl }),
    ...(jobs && payments && billEveryMinutes > 0
      ? { renewalBillingEveryMs: billEveryMinutes * 60_000 }
      : {}),
    // Stripe's payouts are copied on the billing job's cadence (issue 19).
    ...(jobs && payments && billEveryMinutes > 0
      ? { cardPayoutsEveryMs: billEveryMinutes * 60_000 }
      : {}),
    ...(jobs && seriesEveryHours > 0 ? { seriesHorizonEveryMs: seriesEveryHours * 3_600_000 } : {}),
  });
  if (role !== undefined) {
    const worker = String(role.worker);
    const runsJobs = jobs ? 'on' : 'off';
    // Before Fastify's own listener, so the header is set before any answer is written.
    app.server.prependListener('request', (_request, response) => {
      response.setHeader('x-studio-worker', worker);
      response.setHeader('x-studio-jobs', runsJobs);
    });
  }
  try {
    const address = await app.listen({ port: settings.port, host: settings.host });
    return { app, address };
  } catch (error) {
    await app.close();
    throw error;
  }
}
