import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { isDemoScalePreset } from '../../demo-generator/demo-scale';
import { AdminError } from '../admin/admin-error';
import { createDemoTenant } from '../admin/demo-admin';
import { createEnrollmentCode, listDevices, revokeDevice } from '../admin/device-admin';
import { createSetupCode } from '../admin/setup-code-admin';
import { addStaff, staffInputSchema } from '../admin/staff-admin';
import { createTenant, findTenantIdBySlug, tenantInputSchema } from '../admin/tenant-admin';
import { mutationRegistry } from '../../src-shared/mutations/all-mutations';
import { DEFAULT_HORIZON_WEEKS } from '../../src-shared/mutations/console/class-series-fields';
import { systemClock } from '../../src-shared/time/clock';
import { billingTenantsOf } from '../db/billing-tenants';
import { migrateServerDatabase } from '../db/migrate-server-database';
import { assertServerSchemaReady } from '../db/schema-readiness';
import { tenantDatabase } from '../db/tenant-database';
import { extendAllSeriesHorizons } from '../sync/series-horizon-job';
import {
  openCliDatabase,
  usesPostgres,
  type CliDatabase,
  type CliDatabaseOptions,
} from './cli-database';
import { billRenewalsOnce, renewalRunSummary } from './bill-renewals-command';
import { exportStudioToFile, studioExportSummary } from './export-studio-command';
import { payoutRunSummary, reconcilePayoutsOnce } from './reconcile-payouts-command';
import { automationsRunSummary, runAutomationsOnce } from './run-automations-command';
import { serve, workersNeedPostgres } from './serve-command';
import { defaultPoolSize, MAX_POOL, MAX_WORKERS, type ServeSettings } from './serve-settings';
import { SERVERCTL_USAGE } from './serverctl-usage';
import { parsePlanCommand } from './plan-commands';
import { parseStudioSmtpCommand } from './studio-smtp-commands';
import { UsageError } from './usage-error';

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
  /** Resolves when `serve` should stop: SIGINT or SIGTERM in the real CLI. */
  readonly shutdown: Promise<void>;
  /** Told the address once `serve` listens. */
  onListening?(address: string): void;
}

/** parseArgs values; no option here is `multiple`, so arrays never occur. */
type Flags = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
type StringOptions = NonNullable<ParseArgsConfig['options']>;

const common: StringOptions = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function parseFlags(args: readonly string[], options: StringOptions): Flags {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { ...common, ...options },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

const text = (flag: string) => ({ [flag]: { type: 'string' } }) as const;

function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`--${name} is required`);
  return value;
}

function optional(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** Checks input against a service schema before the database is opened. */
function check(schema: z.ZodType, input: unknown): void {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '),
    );
  }
}

function wholeNumber(flags: Flags, name: string, fallback: number, min: number, max: number) {
  const value = optional(flags, name);
  if (value === undefined) return fallback;
  const parsed = /^[0-9]{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= min && parsed <= max)) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return parsed;
}

interface Command {
  readonly flags: Flags;
  /** How the command's database is opened, where it matters (`serve`'s pool). */
  readonly database?: CliDatabaseOptions;
  /** Usage checks that depend on the environment, before any database is opened. */
  checkEnvironment?(env: CliIo['env']): void;
  run(io: CliIo, db: CliDatabase): Promise<{ json: unknown; human: string }>;
}

/** Parses argv into a command; every check that needs no database happens here. */
function parseCommand(argv: readonly string[]): Command | 'help' {
  const [first, second] = argv;
  const name =
    first === 'tenant' ||
    first === 'staff' ||
    first === 'device' ||
    first === 'features' ||
    first === 'config' ||
    first === 'studio-smtp'
      ? `${first} ${second ?? ''}`
      : first;
  const rest = argv.slice(name?.includes(' ') ? 2 : 1);
  // Feature plans and platform settings (issue 20).
  const plan = name === undefined ? undefined : parsePlanCommand(name, rest);
  if (plan) return plan;
  // A studio's own SMTP server (issue 20, R20.5).
  const studioSmtp = name === undefined ? undefined : parseStudioSmtpCommand(name, rest);
  if (studioSmtp) return studioSmtp;
  switch (name) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      return 'help';
    case 'migrate': {
      const flags = parseFlags(rest, {});
      return {
        flags,
        run: async (_io, db) => {
          await migrateServerDatabase(db.db);
          return { json: { migrated: true, database: db.where }, human: `Migrated ${db.where}.` };
        },
      };
    }
    case 'tenant create': {
      const flags = parseFlags(rest, { ...text('name'), ...text('slug'), ...text('currency') });
      const input = {
        name: required(flags, 'name'),
        slug: required(flags, 'slug'),
        currency: optional(flags, 'currency') ?? 'USD',
      };
      check(tenantInputSchema, input);
      return {
        flags,
        run: async (_io, db) => {
          const tenant = await createTenant({ db: db.db }, input);
          return {
            json: tenant,
            human: `Created ${tenant.name} (${tenant.slug}), tenant ${tenant.tenantId}.`,
          };
        },
      };
    }
    case 'staff add': {
      const flags = parseFlags(rest, {
        ...text('tenant'),
        ...text('email'),
        ...text('first'),
        ...text('last'),
        ...text('role'),
        ...text('pin'),
      });
      const slug = required(flags, 'tenant');
      const input = {
        email: required(flags, 'email'),
        firstName: required(flags, 'first'),
        lastName: required(flags, 'last'),
        role: required(flags, 'role'),
        pin: required(flags, 'pin'),
      };
      check(staffInputSchema.omit({ tenantId: true }), input);
      const role = staffInputSchema.shape.role.parse(input.role);
      return {
        flags,
        run: async (_io, db) => {
          const tenantId = await findTenantIdBySlug(db.db, slug);
          const staff = await addStaff({ db: db.db }, { ...input, role, tenantId });
          return {
            json: { tenantId, ...staff },
            human: `Added ${input.firstName} ${input.lastName} as ${role}: member ${staff.memberId}.`,
          };
        },
      };
    }
    case 'enroll-code': {
      const flags = parseFlags(rest, { ...text('tenant'), ...text('ttl') });
      const slug = required(flags, 'tenant');
      const ttlMinutes = wholeNumber(flags, 'ttl', 15, 1, 24 * 60);
      return {
        flags,
        run: async (_io, db) => {
          const tenantId = await findTenantIdBySlug(db.db, slug);
          const code = await createEnrollmentCode({ db: db.db }, { tenantId, ttlMinutes });
          return {
            json: { tenantId, ...code },
            human: `Enrolment code for ${slug}: ${code.code} (one use, expires ${code.expiresAt}).`,
          };
        },
      };
    }
    case 'setup-code': {
      const flags = parseFlags(rest, text('ttl'));
      const ttlHours = wholeNumber(flags, 'ttl', 24, 1, 7 * 24);
      return {
        flags,
        run: async (_io, db) => {
          const code = await createSetupCode({ db: db.db }, { ttlHours });
          return {
            json: code,
            human: `Setup code for a new studio: ${code.setupCode} (one use, expires ${code.expiresAt}).`,
          };
        },
      };
    }
    case 'device list': {
      const flags = parseFlags(rest, text('tenant'));
      const slug = required(flags, 'tenant');
      return {
        flags,
        run: async (_io, db) => {
          const devices = await listDevices({ db: db.db }, await findTenantIdBySlug(db.db, slug));
          const lines = devices.map(
            (d) => `${d.deviceId}  ${d.status.padEnd(7)}  seq ${d.lastAppliedSeq}  ${d.name}`,
          );
          return { json: { devices }, human: lines.join('\n') || `No devices in ${slug}.` };
        },
      };
    }
    case 'device revoke': {
      const flags = parseFlags(rest, { ...text('tenant'), ...text('device') });
      const slug = required(flags, 'tenant');
      const deviceId = required(flags, 'device');
      check(z.uuid(), deviceId);
      return {
        flags,
        run: async (_io, db) => {
          const tenantId = await findTenantIdBySlug(db.db, slug);
          await revokeDevice({ db: db.db }, { tenantId, deviceId });
          return { json: { revoked: deviceId }, human: `Revoked device ${deviceId}.` };
        },
      };
    }
    case 'demo': {
      const flags = parseFlags(rest, { ...text('scale'), ...text('seed') });
      const scale = optional(flags, 'scale') ?? 'small';
      if (!isDemoScalePreset(scale)) throw new UsageError('--scale must be small, medium or large');
      const seed = optional(flags, 'seed');
      return {
        flags,
        run: async (_io, db) => {
          const demo = await createDemoTenant({ db: db.db }, { scale, ...(seed ? { seed } : {}) });
          const human = demo.created
            ? `Created the demo studio ${demo.slug} (${demo.rows} rows). Staff sign in with PIN 1234:\n` +
              demo.staff.map((s) => `  ${s.email} (${s.roles.join(', ')})`).join('\n')
            : `The demo studio ${demo.slug} already exists (tenant ${demo.tenantId}).`;
          return { json: demo, human };
        },
      };
    }
    case 'bill-renewals': {
      const flags = parseFlags(rest, {});
      return {
        flags,
        run: async (io, db) => {
          const run = await billRenewalsOnce(io, db.db);
          return { json: run, human: renewalRunSummary(run) };
        },
      };
    }
    case 'reconcile-payouts': {
      const flags = parseFlags(rest, { ...text('tenant') });
      const studio = optional(flags, 'tenant');
      return {
        flags,
        run: async (io, db) => {
          const run = await reconcilePayoutsOnce(io, db.db, studio);
          return { json: run, human: payoutRunSummary(run) };
        },
      };
    }
    case 'run-automations': {
      const flags = parseFlags(rest, { ...text('tenant'), ...text('public-url') });
      const studio = optional(flags, 'tenant');
      const publicUrl = required(flags, 'public-url');
      return {
        flags,
        run: async (io, db) => {
          const run = await runAutomationsOnce(io, db.db, publicUrl, studio);
          return { json: run, human: automationsRunSummary(run) };
        },
      };
    }
    case 'extend-series': {
      const flags = parseFlags(rest, { ...text('weeks') });
      // How far ahead every active class series is made (R11.1): 12 weeks unless told.
      const weeks = wholeNumber(flags, 'weeks', DEFAULT_HORIZON_WEEKS, 1, 52);
      return {
        flags,
        run: async (_io, db) => {
          const run = await extendAllSeriesHorizons(
            { tenants: tenantDatabase(db.db), clock: systemClock, registry: mutationRegistry },
            billingTenantsOf(db.db),
            weeks,
          );
          const human =
            `Class series made ${weeks} weeks ahead: ${run.created} classes added in ` +
            `${run.studios} studios` +
            (run.withoutOwner > 0 ? ` (${run.withoutOwner} without an active owner, left).` : '.');
          return { json: run, human };
        },
      };
    }
    case 'export-studio': {
      const flags = parseFlags(rest, { ...text('tenant'), ...text('out') });
      const studio = required(flags, 'tenant');
      const out = required(flags, 'out');
      return {
        flags,
        run: async (io, db) => {
          const result = await exportStudioToFile(io, db.db, studio, out);
          const tables = result.manifest.tables.map(({ name, rows }) => ({ name, rows }));
          return {
            json: {
              path: result.path,
              bytes: result.bytes,
              studio: result.manifest.studio,
              tables,
            },
            human: studioExportSummary(result),
          };
        },
      };
    }
    case 'serve':
      return parseServe(rest);
    default:
      throw new UsageError(`unknown command "${argv.slice(0, 2).join(' ')}"`);
  }
}

function parseServe(rest: readonly string[]): Command {
  const flags = parseFlags(rest, {
    ...text('port'),
    ...text('host'),
    migrate: { type: 'boolean' },
    quiet: { type: 'boolean' },
    ...text('bill-every'),
    ...text('extend-series-every'),
    ...text('public-url'),
    ...text('workers'),
    ...text('pool'),
  });
  const port = wholeNumber(flags, 'port', 4700, 0, 65_535);
  const host = optional(flags, 'host') ?? '127.0.0.1';
  const given = (name: string, max: number) =>
    optional(flags, name) === undefined ? undefined : wholeNumber(flags, name, 1, 1, max);
  const settings: ServeSettings = {
    port,
    host,
    // Links in the studios' messages (unsubscribe, notifications) point here.
    publicUrl: optional(flags, 'public-url') ?? `http://${host}:${String(port)}`,
    quiet: flags['quiet'] === true,
    json: flags['json'] === true,
    // Minutes between renewal billing runs (R14.5); 0 turns them off.
    billEveryMinutes: wholeNumber(flags, 'bill-every', 60, 0, 24 * 60),
    // Hours between class series horizon runs (R11.1); 0 turns them off.
    seriesEveryHours: wholeNumber(flags, 'extend-series-every', 6, 0, 7 * 24),
    workers: given('workers', MAX_WORKERS),
    pool: given('pool', MAX_POOL),
  };
  return {
    flags,
    // The pool of a one-process serve is the one opened here; workers open their own.
    database: { maxConnections: settings.pool ?? defaultPoolSize(1) },
    checkEnvironment: (env) => {
      // PGlite lives inside one process: several workers cannot share it.
      if (!usesPostgres(env) && settings.workers !== undefined && settings.workers > 1) {
        throw new UsageError(workersNeedPostgres(settings.workers));
      }
    },
    run: async (io, db) => {
      if (flags['migrate'] === true) await migrateServerDatabase(db.db);
      return serve(settings, io, db);
    },
  };
}

/** Runs serverctl; returns the exit code: 0 done, 1 refused or failed, 2 bad usage. */
export async function runServerctl(argv: readonly string[], io: CliIo): Promise<number> {
  let command: Command | 'help';
  try {
    command = parseCommand(argv);
    if (command !== 'help' && command.flags['help'] !== true) command.checkEnvironment?.(io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(
      `serverctl: ${error.message}\nRun "serverctl --help" for the commands and their options.`,
    );
    return 2;
  }
  if (command === 'help' || command.flags['help'] === true) {
    io.out(SERVERCTL_USAGE);
    return 0;
  }
  const json = command.flags['json'] === true;
  let db: CliDatabase | undefined;
  try {
    db = await openCliDatabase(io.env, optional(command.flags, 'data'), command.database);
    if (!argv.includes('migrate') && !(argv[0] === 'serve' && command.flags['migrate'] === true)) {
      await assertServerSchemaReady(db.db);
    }
    const result = await command.run(io, db);
    io.out(json ? JSON.stringify(result.json) : result.human);
    return 0;
  } catch (error) {
    const code = error instanceof AdminError ? error.code : 'failed';
    const message = error instanceof Error ? error.message : String(error);
    io.err(json ? JSON.stringify({ error: code, message }) : `serverctl: ${message}`);
    return 1;
  } finally {
    await db?.close();
  }
}
