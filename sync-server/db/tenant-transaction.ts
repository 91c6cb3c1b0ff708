import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';
import type { ServerSchema, ServerOnlyTables } from './server-tables';
import { ANSWER_UNREAD } from './pipelined-writes';

/** The role every request's transaction runs as: no BYPASSRLS, so the policies hold. */
export const APP_ROLE = 'studio_app';

/** Only inTenantTransaction brands a transaction; no value carries this property. */
declare const tenantScoped: unique symbol;

/**
 * A transaction opened by inTenantTransaction: it runs as studio_app with app.tenant_id
 * set, so row-level security backs every query in it (R7.1). Services take this, never a
 * `Kysely` or a plain `Transaction`, so they cannot be handed the pool, which runs as the
 * server's login with no tenant set (a superuser login bypasses the policies outright).
 * The brand costs nothing at run time: it is the same Kysely transaction.
 */
export type TenantTransaction<DB = ServerSchema> = Transaction<DB> & {
  readonly [tenantScoped]: true;
};

/** Work in a tenant transaction, which it gets typed twice (see inTenantTransaction). */
export type TenantWork<T> = (
  trx: TenantTransaction,
  shared: TenantTransaction<Database>,
) => Promise<T>;

/** The same tenant transaction seeing more tables (the card-payment tables); still scoped. */
export function withTenantTables<Tables extends Record<string, object>, DB>(
  trx: TenantTransaction<DB>,
): TenantTransaction<DB & Tables> {
  // Safe: withTables changes only the static table types of the scoped transaction.
  return trx.withTables<Tables>() as TenantTransaction<DB & Tables>;
}

export interface TenantTransactionOptions {
  /** Reads that must agree with each other (pull, checksums) take one snapshot. */
  readonly isolation?: 'read committed' | 'repeatable read';
  /** Work that writes nothing (a pull): Postgres refuses writes, and COMMIT is not awaited. */
  readonly readOnly?: boolean;
}

/**
 * Runs `work` in a transaction scoped to one tenant (R7.1): it switches to studio_app and
 * sets app.tenant_id, both transaction-local, so a pooled connection carries nothing into
 * the next request and row-level security backs every query's tenant filter.
 *
 * `work` gets the transaction twice: typed with the server-only tables, and typed with the
 * shared schema alone, which is what shared mutations take.
 *
 * It takes the pool itself, so only the places allowed to hold the pool call it
 * (eslint.config.js): the database layer, administration and the composition root.
 * Services get a TenantDatabase (tenant-database.ts) and call its `inTenant`.
 */
export async function inTenantTransaction<T>(
  db: Kysely<Database>,
  tenantId: string,
  work: TenantWork<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  const isolated = db.transaction().setIsolationLevel(options.isolation ?? 'read committed');
  const builder = options.readOnly ? isolated.setAccessMode('read only') : isolated;
  return builder.execute(async (trx) => {
    // set_config('role', …, true) is SET LOCAL ROLE. Pipelined: it shares the round trip of
    // the work's first statement.
    await sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true) ${ANSWER_UNREAD}`.execute(
      trx,
    );
    const { scoped, shared } = tenantScopedViews(trx);
    return work(scoped, shared);
  });
}

/**
 * The two views a TenantWork gets of a transaction whose role and app.tenant_id are set.
 * Only the database layer calls it, right after setting them (here and in group-commit.ts).
 */
export function tenantScopedViews(trx: Transaction<Database>): {
  readonly scoped: TenantTransaction;
  readonly shared: TenantTransaction<Database>;
} {
  // The one place a transaction becomes a TenantTransaction: both views are this one.
  const shared = trx as TenantTransaction<Database>;
  return { scoped: withTenantTables<ServerOnlyTables, Database>(shared), shared };
}
