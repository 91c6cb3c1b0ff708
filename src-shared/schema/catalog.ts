import { seedSchemaTables } from './migrations/20261126120000_seed_schema';
import { frontDeskLedgerTables } from './migrations/20261126120500_front_desk_ledgers';
import { staffCredentials } from './migrations/20261126130000_staff_credentials';
import { auditLogs } from './migrations/20261126150000_audit_chain';
import type { RowOf, TableSpec } from './table-spec';

/**
 * The tables as they stand after every shared migration. A migration that changes a table
 * replaces its entry here with the changed spec; a test migrates real databases and checks
 * that they hold exactly these tables and columns.
 */
export const catalog = {
  ...seedSchemaTables,
  ...frontDeskLedgerTables,
  staffCredentials,
  // Replaces the seed's audit_logs with the chained one.
  auditLogs,
};

type Catalog = typeof catalog;

/** Kysely's view of the shared schema, keyed by SQL table name. */
export type Database = {
  [K in keyof Catalog as Catalog[K]['name']]: RowOf<Catalog[K]>;
};

export type TableName = keyof Database;

/** Every table spec, keyed by SQL table name. */
export const tablesByName: ReadonlyMap<string, TableSpec> = new Map(
  Object.values(catalog).map((t) => [t.name, t]),
);
