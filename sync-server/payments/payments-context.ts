import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import type { Clock } from '../../src-shared/time/clock';
import type { ServerSchema } from '../db/server-tables';
import type { TenantDatabase } from '../db/tenant-database';
import { withTenantTables, type TenantTransaction } from '../db/tenant-transaction';
import { ServiceError, type ServiceLog } from '../support/service-error';
import type { PokeHub } from '../sync/poke-hub';
import { OTHER_TENDERS } from './stripe-refusals';
import type { PaymentSchema, PaymentTables } from './payment-tables';
import { createStripeClient, type PaymentsOptions } from './payments-config';

/** What the payment services share; passed explicitly, no module state. */
export interface PaymentsContext {
  /** Webhooks and follow-up jobs cross no tenant: each finds its tenant, then works in it. */
  readonly tenants: TenantDatabase;
  readonly clock: Clock;
  readonly log: ServiceLog;
  /** Desks of a tenant are poked after the server changes their rows (refund settled). */
  readonly hub: PokeHub;
  /** Undefined when the server runs without Stripe: every payment route then refuses. */
  readonly stripe: Stripe | undefined;
  readonly options: PaymentsOptions | undefined;
}

/** The payment services' context; without `options` (no Stripe) every payment route refuses. */
export function createPaymentsContext(
  server: Pick<PaymentsContext, 'tenants' | 'clock' | 'log' | 'hub'>,
  options: PaymentsOptions | undefined,
): PaymentsContext {
  const { tenants, clock, log, hub } = server;
  const stripe = options === undefined ? undefined : createStripeClient(options);
  return { tenants, clock, log, hub, stripe, options };
}

export type PaymentsTransaction = TenantTransaction<PaymentSchema>;

/**
 * A tenant transaction (R7.1) that also sees the card-payment tables; `server` is the same
 * transaction typed as the rest of the server sees it (for the change log's position).
 */
export function inPaymentsTransaction<T>(
  tenants: TenantDatabase,
  tenantId: string,
  work: (trx: PaymentsTransaction, server: TenantTransaction) => Promise<T>,
): Promise<T> {
  return tenants.inTenant(tenantId, (trx) =>
    work(withTenantTables<PaymentTables, ServerSchema>(trx), trx),
  );
}

export function newServerId(clock: Clock): string {
  return uuidV7(clock.now(), (n) => randomBytes(n));
}

export interface TenantStripe {
  readonly stripe: Stripe;
  readonly account: string;
  /** Lowercase ISO 4217, as Stripe wants it. */
  readonly currency: string;
}

/** The tenant's connected account and currency, or the refusal that says why there is none. */
async function lookUpTenantStripe(
  context: PaymentsContext,
  tenantId: string,
): Promise<TenantStripe | ServiceError> {
  const stripe = context.stripe;
  if (stripe === undefined) {
    return new ServiceError(
      503,
      'payments_not_configured',
      `Card payments are not set up on this server. ${OTHER_TENDERS}`,
    );
  }
  const tenant = await inPaymentsTransaction(context.tenants, tenantId, (trx) =>
    trx
      .selectFrom('tenants')
      .select(['stripe_account_id', 'currency'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow(),
  );
  if (tenant.stripe_account_id === null) {
    return new ServiceError(
      409,
      'payments_not_set_up',
      `This studio has not connected a Stripe account yet, so cards cannot be taken. ${OTHER_TENDERS}`,
    );
  }
  return { stripe, account: tenant.stripe_account_id, currency: tenant.currency.toLowerCase() };
}

/** Why a tenant cannot take cards now, or null when it can. */
export async function paymentsUnavailableReason(
  context: PaymentsContext,
  tenantId: string,
): Promise<ServiceError | null> {
  const found = await lookUpTenantStripe(context, tenantId);
  return found instanceof ServiceError ? found : null;
}

export async function tenantStripe(
  context: PaymentsContext,
  tenantId: string,
): Promise<TenantStripe> {
  const found = await lookUpTenantStripe(context, tenantId);
  if (found instanceof ServiceError) throw found;
  return found;
}
