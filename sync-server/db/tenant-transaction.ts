import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';
import type { ServerSchema, ServerOnlyTables } from './server-tables';

/** The role every request's transaction runs as: no BYPASSRLS, so the policies hold. */
export const APP_ROLE = 'studio_app';

export interface TenantTransactionOptions {
  /** Reads that must agree with each other (pull, checksums) take one snapshot. */
  readonly isolation?: 'read committed' | 'repeatable read';
}

/**
 * Runs `work` in a transaction scoped to one tenant (R7.1): it switches to studio_app and
 * sets app.tenant_id, both transaction-local, so a pooled connection carries nothing into
 * the next request and row-level security backs every query's tenant filter.
 *
 * `work` gets the transaction twice: typed with the server-only tables, and typed with the
 * shared schema alone, which is what shared mutations take.
 */
export async function inTenantTransaction<T>(
  db: Kysely<Database>,
  tenantId: string,
  work: (trx: Transaction<ServerSchema>, shared: Transaction<Database>) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  const builder = db.transaction().setIsolationLevel(options.isolation ?? 'read committed');
  return builder.execute(async (trx) => {
    // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
    await sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true)`.execute(
      trx,
    );
    return work(trx.withTables<ServerOnlyTables>(), trx);
  });
}
