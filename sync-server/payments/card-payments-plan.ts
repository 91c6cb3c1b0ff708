import { featureOffReason } from '../../src-shared/features/feature-catalogue';
import { isFeatureEnabled } from '../../src-shared/features/feature-checks';
import type { TenantDatabase } from '../db/tenant-database';
import { ServiceError } from '../support/service-error';

/** Whether the studio's plan includes card payments (R19.4); on unless switched off. */
export function cardPaymentsInPlan(tenants: TenantDatabase, tenantId: string): Promise<boolean> {
  return tenants.inTenant(tenantId, (_trx, shared) =>
    isFeatureEnabled(shared, tenantId, 'card_payments'),
  );
}

/**
 * Refuses to start a card payment (a reader connection, a new PaymentIntent) for a studio
 * whose plan leaves cards out: `403 not_in_plan`, before Stripe is asked anything. A payment
 * already started is not refused here: capturing or cancelling it, recording its sale and
 * refunding it go on, since that money was taken.
 */
export async function requireCardPaymentsInPlan(
  tenants: TenantDatabase,
  tenantId: string,
): Promise<void> {
  if (await cardPaymentsInPlan(tenants, tenantId)) return;
  throw new ServiceError(403, 'not_in_plan', featureOffReason('card_payments'));
}
