import type { Kysely } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';
import { systemClock } from '../../src-shared/time/clock';
import { AdminError } from '../admin/admin-error';
import { resolveTenantRef } from '../admin/tenant-features-admin';
import { renewalBillingContext } from '../billing/renewal-loop';
import { billingTenantsOf } from '../db/billing-tenants';
import { tenantDatabase } from '../db/tenant-database';
import {
  syncAllCardPayouts,
  syncTenantCardPayouts,
  type CardPayoutRun,
} from '../payments/card-payouts-sync';
import { paymentsFromEnvironment } from '../payments/payments-config';
import { terminalLog, type CommandIo } from './terminal-log';

/**
 * `serverctl reconcile-payouts [--tenant ID|SLUG]`: one run of the card payout sync (issue
 * 19) for one studio, or every studio with a connected account. Running servers hear of
 * what it wrote through LISTEN/NOTIFY, which the commit sends, and poke their desks.
 */
export async function reconcilePayoutsOnce(
  io: CommandIo,
  db: Kysely<Database>,
  studio: string | undefined,
): Promise<CardPayoutRun> {
  const payments = paymentsFromEnvironment(io.env);
  if (payments === undefined) {
    throw new AdminError(
      'payments_not_configured',
      'Stripe is not configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET. Nothing was read.',
    );
  }
  const context = renewalBillingContext(
    { tenants: tenantDatabase(db), clock: systemClock, log: terminalLog(io) },
    payments,
  );
  if (studio === undefined) return syncAllCardPayouts(context, billingTenantsOf(db));
  const tenantId = await resolveTenantRef(db, studio);
  const run = await syncTenantCardPayouts(context, tenantId);
  return { tenants: 1, failed: 0, payouts: run.payouts, lines: run.lines };
}

export function payoutRunSummary(run: CardPayoutRun): string {
  return (
    `Card payouts: ${run.payouts} payouts and ${run.lines} balance lines new or changed ` +
    `in ${run.tenants} studios` +
    (run.failed > 0 ? ` (${run.failed} failed; see the log above).` : '.')
  );
}
