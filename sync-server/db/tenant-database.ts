import { sql, type Kysely, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../src-shared/schema/catalog';
import type { IsoTimestamp } from '../../src-shared/schema/column-spec';
import { GroupCommit, type GroupCommitOptions, type GroupCommitStats } from './group-commit';
import {
  inTenantTransaction,
  type TenantTransactionOptions,
  type TenantWork,
} from './tenant-transaction';

/** A device found by its token before any tenant is known (R2.2). */
export interface TokenDevice {
  readonly deviceId: string;
  readonly tenantId: string;
  readonly status: string;
}

const tokenDeviceRow = z.object({
  device_id: z.string(),
  tenant_id: z.string(),
  status: z.string(),
});

/**
 * The only database handle a server service receives (R7.1). All its work runs in
 * `inTenant`, a transaction as studio_app with app.tenant_id set, so row-level security
 * backs every query. The pool behind it runs as the server's login with no tenant set (a
 * superuser login bypasses the policies outright); it never leaves this object.
 *
 * Three questions come before a tenant is known: whose token, whose enrolment code, whose
 * Stripe account. Each is one call of a SECURITY DEFINER function (db/migrations) that runs
 * as studio_definer and returns only what the question needs, in one round trip.
 */
export interface TenantDatabase {
  inTenant<T>(
    tenantId: string,
    work: TenantWork<T>,
    options?: TenantTransactionOptions,
  ): Promise<T>;
  /**
   * Like `inTenant` (read committed), but the transaction may be shared with concurrent
   * callers' work, each under its own savepoint and tenant (group commit, issue 21). For
   * short work whose answer may wait for others' work in the same group; a ServiceError
   * rolls back only its caller's work.
   */
  inGroupCommit<T>(tenantId: string, work: TenantWork<T>): Promise<T>;
  /** What group commit has done; undefined when it is off. */
  groupCommitStats(): GroupCommitStats | undefined;
  /**
   * The device of a token hash, current or pending. It also promotes a pending (rotated)
   * token on first use (R2.3) and records last_seen_at when it is older than `seenBefore`.
   */
  deviceOfToken(
    tokenHash: string,
    now: IsoTimestamp,
    seenBefore: IsoTimestamp,
  ): Promise<TokenDevice | undefined>;
  /** The tenant of an enrolment code hash; an unused code wins over a spent one. */
  tenantOfEnrollmentCode(codeHash: string): Promise<string | undefined>;
  /** The tenant connected to a Stripe account (a webhook names the account only). */
  tenantOfStripeAccount(accountId: string): Promise<string | undefined>;
}

/** One tenant id from a definer lookup, or undefined when nothing matched. */
async function lookUpTenant(
  pool: Kysely<Database>,
  query: RawBuilder<{ tenant_id: string | null }>,
): Promise<string | undefined> {
  const result = await query.execute(pool);
  return result.rows[0]?.tenant_id ?? undefined;
}

export interface TenantDatabaseOptions {
  /** Group commit's sizes, or false for a transaction per call (A/B benchmarks, tests). */
  readonly groupCommit?: GroupCommitOptions | false;
  /** Servers hear commits through LISTEN: groups notify after their commit (group-commit.ts). */
  readonly notifyAfterCommit?: boolean;
}

/** Wraps the server's pool once, where the server is put together (createSyncServer). */
export function tenantDatabase(
  pool: Kysely<Database>,
  options: TenantDatabaseOptions = {},
): TenantDatabase {
  const groups =
    options.groupCommit === false
      ? undefined
      : new GroupCommit(pool, options.groupCommit, options.notifyAfterCommit ?? false);
  return {
    inTenant: (tenantId, work, options) => inTenantTransaction(pool, tenantId, work, options),
    inGroupCommit: (tenantId, work) =>
      groups ? groups.run(tenantId, work) : inTenantTransaction(pool, tenantId, work),
    groupCommitStats: () => groups?.stats,
    async deviceOfToken(tokenHash, now, seenBefore) {
      const result =
        await sql`select * from studio_authenticate_device(${tokenHash}, ${now}, ${seenBefore})`.execute(
          pool,
        );
      const row = result.rows[0];
      if (row === undefined) return undefined;
      const device = tokenDeviceRow.parse(row);
      return { deviceId: device.device_id, tenantId: device.tenant_id, status: device.status };
    },
    tenantOfEnrollmentCode: (codeHash) =>
      lookUpTenant(
        pool,
        sql<{
          tenant_id: string | null;
        }>`select studio_enrollment_code_tenant(${codeHash}) as tenant_id`,
      ),
    tenantOfStripeAccount: (accountId) =>
      lookUpTenant(
        pool,
        sql<{
          tenant_id: string | null;
        }>`select studio_tenant_id_by_stripe_account(${accountId}) as tenant_id`,
      ),
  };
}
