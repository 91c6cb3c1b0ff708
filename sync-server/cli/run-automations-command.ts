import type { Kysely } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';
import { systemClock } from '../../src-shared/time/clock';
import { AdminError } from '../admin/admin-error';
import { readPlatformConfig } from '../admin/platform-config';
import { resolveTenantRef } from '../admin/tenant-features-admin';
import type { AutomationsContext } from '../automations/automation-context';
import { smtpSender } from '../automations/automation-mail';
import { webPushSender, type VapidSettings } from '../automations/automation-push';
import { runTenantAutomations } from '../automations/automation-run';
import { runAllAutomations, type AutomationsRun } from '../automations/automations-loop';
import { usedSmtp, type PlatformSmtp } from '../automations/studio-smtp';
import { billingTenantsOf } from '../db/billing-tenants';
import { tenantDatabase } from '../db/tenant-database';
import { PokeHub } from '../sync/poke-hub';
import { terminalLog, type CommandIo } from './terminal-log';

/** The automation job's every five minutes unless `jobs.automations` says otherwise. */
const DEFAULT_AUTOMATIONS_SECONDS = 300;

/** What `serve` gives the server for automations, from the platform's settings. */
export interface ServedAutomations {
  readonly publicUrl: string;
  readonly everyMs: number;
  readonly vapid?: VapidSettings;
  mailerFor: AutomationsContext['mailerFor'];
  /** The platform's `smtp.default`, read fresh at each call (the studio-SMTP routes). */
  readonly platformSmtp: PlatformSmtp;
}

/** The address members reach the server at, for links; refused unless it is http(s). */
export function checkedPublicUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AdminError('invalid_public_url', `--public-url "${url}" is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AdminError('invalid_public_url', `--public-url must be an http(s) address.`);
  }
  return parsed.origin + parsed.pathname.replace(/\/$/, '');
}

/**
 * The automation settings of the platform (R20.5): the SMTP server (the studio's own, else
 * the platform's `smtp.default`) is read again at each send run, so a change from the desk
 * or `serverctl config set smtp.default …` takes effect without a restart; the
 * VAPID keys and the interval are read when the server starts.
 */
export async function servedAutomations(
  db: Kysely<Database>,
  publicUrl: string,
): Promise<ServedAutomations> {
  const vapid = await readPlatformConfig(db, 'push.vapid');
  const jobs = await readPlatformConfig(db, 'jobs.automations');
  const platformSmtp = () => readPlatformConfig(db, 'smtp.default');
  return {
    publicUrl,
    everyMs: (jobs?.intervalSeconds ?? DEFAULT_AUTOMATIONS_SECONDS) * 1000,
    ...(vapid === undefined ? {} : { vapid }),
    platformSmtp,
    mailerFor: async (tenantId) => {
      const used = await usedSmtp(tenantDatabase(db), platformSmtp, tenantId);
      return used.via === 'none' ? undefined : smtpSender(used.smtp);
    },
  };
}

/**
 * `serverctl run-automations --public-url URL [--tenant ID|SLUG]`: one run of the studios'
 * automations now. Safe beside running servers: every send is claimed once (R20.2).
 */
export async function runAutomationsOnce(
  io: CommandIo,
  db: Kysely<Database>,
  publicUrl: string,
  studio: string | undefined,
): Promise<AutomationsRun> {
  const served = await servedAutomations(db, checkedPublicUrl(publicUrl));
  const context: AutomationsContext = {
    tenants: tenantDatabase(db),
    clock: systemClock,
    log: terminalLog(io),
    // Running servers poke their desks from the commit's NOTIFY; nobody listens here.
    hub: new PokeHub(),
    publicUrl: served.publicUrl,
    mailerFor: served.mailerFor,
    push: served.vapid === undefined ? undefined : webPushSender(served.vapid),
  };
  if (studio === undefined) return runAllAutomations(context, billingTenantsOf(db));
  const run = await runTenantAutomations(context, await resolveTenantRef(db, studio));
  return { tenants: 1, sent: run.sent, failed: run.failed, failedTenants: 0 };
}

export function automationsRunSummary(run: AutomationsRun): string {
  return (
    `Automations: ${run.sent} messages sent, ${run.failed} failed, in ${run.tenants} studios` +
    (run.failedTenants > 0 ? ` (${run.failedTenants} studios failed; see the log above).` : '.')
  );
}
