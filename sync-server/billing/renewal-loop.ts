import type { BillingTenantSource } from '../db/billing-tenants';
import type { PaymentsOptions } from '../payments/payments-config';
import { createPaymentsContext, type PaymentsContext } from '../payments/payments-context';
import { PokeHub } from '../sync/poke-hub';
import { IntervalJob } from '../support/interval-job';
import { billRenewals, type RenewalRun } from './renewal-billing';

/**
 * Runs renewal billing every `everyMs` in a running server (R14.5); across processes the
 * database claim keeps each renewal to one charge.
 */
export class RenewalBillingLoop extends IntervalJob<RenewalRun> {
  constructor(context: PaymentsContext, listTenants: BillingTenantSource, everyMs: number) {
    super('renewal billing', () => billRenewals(context, listTenants), everyMs, context.log);
  }
}

/**
 * The context of a billing run outside a serving process (`serverctl bill-renewals`): no
 * desk listens to it, so its poke hub is its own. Running servers still hear of its commits
 * through LISTEN/NOTIFY, which every commit sends (R5.1), and poke their desks.
 */
export function renewalBillingContext(
  server: Pick<PaymentsContext, 'tenants' | 'clock' | 'log'>,
  options: PaymentsOptions,
): PaymentsContext {
  return createPaymentsContext({ ...server, hub: new PokeHub() }, options);
}
