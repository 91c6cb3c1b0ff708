import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../src-shared/schema/catalog';

/** A studio the renewal billing job looks at, found before any tenant is set. */
export interface BillingTenant {
  readonly tenantId: string;
  /** Whether the studio connected a Stripe account; without one nothing can be charged. */
  readonly hasStripeAccount: boolean;
}

/** Lists the studios that may have renewals to bill (active or in trial). */
export type BillingTenantSource = () => Promise<readonly BillingTenant[]>;

const billingTenantRow = z.object({ tenant_id: z.string(), has_stripe_account: z.boolean() });

/**
 * The job crosses tenants, so the pool answers this one question through a SECURITY DEFINER
 * function (migration 20261204091100) and hands out only the answer: the job itself works
 * in each tenant's `inTenant` transaction (R7.1).
 */
export function billingTenantsOf(pool: Kysely<Database>): BillingTenantSource {
  return async () => {
    const result = await sql`select * from studio_billing_tenants()`.execute(pool);
    return result.rows.map((row) => {
      const parsed = billingTenantRow.parse(row);
      return { tenantId: parsed.tenant_id, hasStripeAccount: parsed.has_stripe_account };
    });
  };
}
