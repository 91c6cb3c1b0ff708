import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { mutationRegistry } from '../../src-shared/mutations/all-mutations';
import type { MutationRegistry } from '../../src-shared/mutations/mutation-registry';
import type { Database } from '../../src-shared/schema/catalog';
import { assertServerSchemaReady } from '../db/schema-readiness';
import type { GroupCommitOptions, GroupCommitStats } from '../db/group-commit';
import { tenantDatabase, type TenantDatabase } from '../db/tenant-database';
import { systemClock, type Clock } from '../../src-shared/time/clock';
import { authenticateDevice, bearerToken } from '../sync/device-auth';
import { PokeHub } from '../sync/poke-hub';
import { DeviceTokenCache } from '../sync/device-token-cache';
import { SUPPORTED_PROTOCOL_VERSIONS, type ProtocolVersions } from '../sync/protocol-version';
import { PostgresPokeListener } from '../sync/postgres-poke-listener';
import { registerDeviceRoutes } from './device-routes';
import { refuseFrameworkError, registerErrorHandling } from './error-handling';
import { registerEventsRoute } from './events-route';
import { RateLimiter, type BucketSettings } from './rate-limiter';
import { rateLimited, throwIfLimited, type SyncServerContext } from './server-context';
import { ServiceError } from '../support/service-error';
import { registerSyncRoutes } from './sync-routes';
import type { PaymentsOptions } from '../payments/payments-config';
import { registerPaymentRoutes } from './payment-routes';
import { registerSetupRoutes } from './setup-routes';
import { registerExportRoutes } from './export-routes';
import { billingTenantsOf } from '../db/billing-tenants';
import { RenewalBillingLoop } from '../billing/renewal-loop';
import { CardPayoutsLoop } from '../payments/card-payouts-sync';
import { IntervalJob } from '../support/interval-job';
import { extendAllSeriesHorizons } from '../sync/series-horizon-job';
import { createPaymentsContext } from '../payments/payments-context';
import { registerUnsubscribeRoutes } from './unsubscribe-routes';
import { AutomationsLoop } from '../automations/automations-loop';
import type { AutomationsContext } from '../automations/automation-context';
import { webPushSender, type VapidSettings } from '../automations/automation-push';
import { registerNotificationRoutes } from './notification-routes';
import { registerProgressRoutes } from './progress-routes';
import { registerStudioSmtpRoutes } from './studio-smtp-routes';
import type { PlatformSmtp } from '../automations/studio-smtp';
import { registerMemberMessageRoutes } from './member-message-routes';

export interface SyncServerOptions {
  /**
   * The server's database, from openServerDatabase, migrated. This pool is not held to a
   * tenant (R7.1): it is wrapped once below, and routes and services see only the
   * TenantDatabase.
   */
  readonly db: Kysely<Database>;
  readonly clock?: Clock;
  /** `true` for Fastify's JSON logger, or a pino-compatible logger; silent by default. */
  readonly logger?: boolean | FastifyBaseLogger;
  readonly registry?: MutationRegistry;
  /** Defaults to SUPPORTED_PROTOCOL_VERSIONS; tests stand in for a server of another version. */
  readonly protocolVersions?: ProtocolVersions;
  /**
   * A Postgres URL to LISTEN on, so commits made through other server processes on the
   * same database poke this process's desks (R5.1). Leave out on PGlite: one process.
   */
  readonly listenConnectionString?: string;
  /**
   * Group commit's sizes for pushes (issue 21), or false for a transaction per push.
   * Default: up to 16 pushes a transaction, 4 such transactions open at once.
   */
  readonly groupCommit?: GroupCommitOptions | false;
  /** Largest request body in bytes (R7.2); 1 MiB holds a full push batch. */
  readonly bodyLimit?: number;
  /** How often an idle event stream gets a comment, so proxies keep it open. */
  readonly heartbeatMs?: number;
  readonly deviceRateLimit?: BucketSettings;
  /**
   * Failed authentications per client address: a caller trying tokens gets 429 before the
   * database is asked again.
   */
  readonly authFailureRateLimit?: BucketSettings;
  /** Enrolment is unauthenticated: limited per client address to slow code guessing. */
  readonly enrollRateLimit?: BucketSettings;
  /** Stripe Terminal card payments (issue 6); without it the payment routes refuse. */
  readonly payments?: PaymentsOptions;
  /**
   * Bill due subscription renewals every this many milliseconds (PROTOCOL.md R14.5); off
   * when left out (tests run the job themselves). Without `payments` each run logs why it
   * charged nothing.
   */
  readonly renewalBillingEveryMs?: number;
  /**
   * Make every active class series a horizon ahead every this many milliseconds (R11.1),
   * once at start too; off when left out (tests run the job themselves).
   */
  readonly seriesHorizonEveryMs?: number;
  /**
   * Copy every studio's Stripe payouts and balance lines every this many milliseconds
   * (issue 19, card reconciliation); off when left out (tests run the job themselves).
   */
  readonly cardPayoutsEveryMs?: number;
  /**
   * Run every studio's automations every `everyMs` (issue 20, R20); off when left out
   * (tests run the job themselves). Unsubscribe links are served either way.
   */
  readonly automations?: Pick<AutomationsContext, 'publicUrl' | 'mailerFor'> & {
    /** Off when left out: the job is then run by hand (`serverctl run-automations`). */
    readonly everyMs?: number;
    /** The platform's VAPID keys: members can turn on notifications, and push is sent. */
    readonly vapid?: VapidSettings;
    /**
     * The platform's `smtp.default`, read fresh at each call: the studio-SMTP routes tell the
     * owner whether it is set and send a test through it. Left out, none is known.
     */
    readonly platformSmtp?: PlatformSmtp;
  };
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Each server's TenantDatabase, so tests and benchmarks can read what group commit did. */
const tenantsOfServer = new WeakMap<FastifyInstance, TenantDatabase>();

/** What group commit has done in this server; undefined when it is off. */
export function groupCommitStats(app: FastifyInstance): GroupCommitStats | undefined {
  return tenantsOfServer.get(app)?.groupCommitStats();
}

/** A server started without the platform's settings (tests, the demo) knows no platform SMTP. */
const noPlatformSmtp: PlatformSmtp = () => Promise.resolve(undefined);

/** The automation job's context in a running server: its SMTP, and push when keys are set. */
function automationsContext(
  context: SyncServerContext,
  options: NonNullable<SyncServerOptions['automations']>,
): AutomationsContext {
  return {
    ...context,
    publicUrl: options.publicUrl,
    mailerFor: options.mailerFor,
    push: options.vapid === undefined ? undefined : webPushSender(options.vapid),
  };
}

/**
 * Node's fetch keeps a spare connection open on which it has sent nothing. Node does not
 * count such a socket as idle, so close() would wait until the client drops it (seconds).
 * Nothing is in flight on it: it is destroyed when the server closes.
 */
function dropUnusedSocketsOnClose(app: FastifyInstance): void {
  const unused = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  app.server.on('request', (request: IncomingMessage) => unused.delete(request.socket));
  app.addHook('preClose', async () => {
    for (const socket of unused) socket.destroy();
  });
}

/** Enough for an initial sync's pull pages and a push every few seconds; a loop trips it. */
const DEFAULT_DEVICE_RATE: BucketSettings = { burst: 120, perSecond: 20 };
const DEFAULT_ENROLL_RATE: BucketSettings = { burst: 10, perSecond: 0.2 };
const DEFAULT_AUTH_FAILURE_RATE: BucketSettings = { burst: 30, perSecond: 1 };

/**
 * The sync server's HTTP API (docs/PROTOCOL.md). Returns the Fastify instance, ready;
 * `close()` also ends open event streams and the LISTEN connection.
 */
export async function createSyncServer(options: SyncServerOptions): Promise<FastifyInstance> {
  await assertServerSchemaReady(options.db);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? false;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    ...(typeof logger === 'boolean' ? { logger } : { loggerInstance: logger }),
    // No route declares a Fastify JSON schema, so Fastify's Ajv, which coerces "7" to 7 and
    // strips unknown fields by default (LESSONS.md), never runs: every input goes through
    // the strict zod schemas of src-shared/protocol instead. Should a schema ever be added,
    // it must not coerce or strip either.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    return503OnClosing: true,
    frameworkErrors: refuseFrameworkError,
  });
  // Only JSON bodies: a text/plain body is refused (415) rather than handed over as a string.
  app.removeContentTypeParser('text/plain');

  const hub = new PokeHub();
  const deviceLimiter = new RateLimiter(options.deviceRateLimit ?? DEFAULT_DEVICE_RATE, clock);
  const authFailures = new RateLimiter(
    options.authFailureRateLimit ?? DEFAULT_AUTH_FAILURE_RATE,
    clock,
  );
  const tenants = tenantDatabase(options.db, {
    ...(options.groupCommit === undefined ? {} : { groupCommit: options.groupCommit }),
    notifyAfterCommit: options.listenConnectionString !== undefined,
  });
  // Tokens are trusted in memory only where every change to a device is heard (issue 21).
  const deviceTokens =
    options.listenConnectionString === undefined
      ? undefined
      : new DeviceTokenCache(() => clock.now());
  const context: SyncServerContext = {
    tenants,
    clock,
    registry: options.registry ?? mutationRegistry,
    protocolVersions: options.protocolVersions ?? SUPPORTED_PROTOCOL_VERSIONS,
    hub,
    hearsCommits: options.listenConnectionString !== undefined,
    deviceTokens,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    enrollLimiter: new RateLimiter(options.enrollRateLimit ?? DEFAULT_ENROLL_RATE, clock),
    log: app.log,
    async authenticate(request) {
      const blockedFor = authFailures.wait(request.ip);
      if (blockedFor > 0) throw rateLimited(blockedFor);
      let device;
      try {
        device = await authenticateDevice(
          tenants,
          clock,
          bearerToken(request.headers.authorization),
          deviceTokens,
        );
      } catch (error) {
        if (error instanceof ServiceError && error.status === 401) authFailures.take(request.ip);
        throw error;
      }
      throwIfLimited(deviceLimiter, device.deviceId);
      return device;
    },
  };

  dropUnusedSocketsOnClose(app);
  registerErrorHandling(app);
  registerPaymentRoutes(app, context, options.payments);
  registerDeviceRoutes(app, context);
  registerSetupRoutes(app, context);
  registerExportRoutes(app, context);
  registerSyncRoutes(app, context);
  registerEventsRoute(app, context);
  registerUnsubscribeRoutes(app, context);
  registerNotificationRoutes(app, context, options.automations?.vapid?.publicKey);
  registerProgressRoutes(app, context);
  registerStudioSmtpRoutes(app, context, options.automations?.platformSmtp ?? noPlatformSmtp);
  registerMemberMessageRoutes(app, context);

  try {
    if (options.listenConnectionString !== undefined) {
      const listener = new PostgresPokeListener(
        options.listenConnectionString,
        hub,
        app.log,
        deviceTokens,
      );
      app.addHook('onClose', () => listener.close());
      await listener.start();
    }
    const billing =
      options.renewalBillingEveryMs === undefined
        ? undefined
        : new RenewalBillingLoop(
            createPaymentsContext(context, options.payments),
            billingTenantsOf(options.db),
            options.renewalBillingEveryMs,
          );
    if (billing) app.addHook('onClose', () => billing.stop());
    const horizon =
      options.seriesHorizonEveryMs === undefined
        ? undefined
        : new IntervalJob(
            'class series horizon',
            () => extendAllSeriesHorizons(context, billingTenantsOf(options.db)),
            options.seriesHorizonEveryMs,
            context.log,
          );
    if (horizon) app.addHook('onClose', () => horizon.stop());
    const payouts =
      options.cardPayoutsEveryMs === undefined
        ? undefined
        : new CardPayoutsLoop(
            createPaymentsContext(context, options.payments),
            billingTenantsOf(options.db),
            options.cardPayoutsEveryMs,
          );
    if (payouts) app.addHook('onClose', () => payouts.stop());
    const automationOptions = options.automations;
    const automations =
      automationOptions?.everyMs === undefined
        ? undefined
        : new AutomationsLoop(
            automationsContext(context, automationOptions),
            billingTenantsOf(options.db),
            automationOptions.everyMs,
          );
    if (automations) app.addHook('onClose', () => automations.stop());
    await app.ready();
    billing?.start();
    horizon?.start();
    payouts?.start();
    automations?.start();
    // A server that was down for a while makes the classes due at once, not an interval later.
    void horizon?.runOnce();
  } catch (error) {
    await app.close();
    throw error;
  }
  tenantsOfServer.set(app, tenants);
  return app;
}
