import type { Kysely } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';
import { systemClock } from '../../src-shared/time/clock';
import { AdminError } from '../admin/admin-error';
import { renewalBillingContext } from '../billing/renewal-loop';
import { billRenewals, type RenewalRun } from '../billing/renewal-billing';
import { billingTenantsOf } from '../db/billing-tenants';
import { tenantDatabase } from '../db/tenant-database';
import { paymentsFromEnvironment } from '../payments/payments-config';
import { terminalLog, type CommandIo } from './terminal-log';

/**
 * `serverctl bill-renewals`: one run of the renewal billing job (R14) with the Stripe keys
 * of the environment. Running servers hear of what it wrote through LISTEN/NOTIFY, which the
 * commit itself sends, and poke their desks.
 */
export async function billRenewalsOnce(io: CommandIo, db: Kysely<Database>): Promise<RenewalRun> {
  const payments = paymentsFromEnvironment(io.env);
  if (payments === undefined) {
    throw new AdminError(
      'payments_not_configured',
      'Stripe is not configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET. No renewal was charged.',
    );
  }
  const context = renewalBillingContext(
    { tenants: tenantDatabase(db), clock: systemClock, log: terminalLog(io) },
    payments,
  );
  return billRenewals(context, billingTenantsOf(db));
}

export function renewalRunSummary(run: RenewalRun): string {
  return (
    `Renewals: ${run.charged} charged, ${run.declined} declined (${run.expired} expired), ` +
    `${run.canceled} canceled at period end, ${run.deferred} deferred, ` +
    `${run.skippedStudios} studios skipped.`
  );
}
