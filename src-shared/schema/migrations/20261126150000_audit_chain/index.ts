import { sql } from 'kysely';
import { col } from '../../column-spec';
import type { SchemaMigration } from '../../schema-migration';
import { defineTable } from '../../table-spec';
import { auditLogs as seedAuditLogs } from '../20261126120000_seed_schema/platform-tables';

// Frozen with migration 20261126150000: never edit; change tables in a later migration.

export const auditLogs = defineTable({
  name: seedAuditLogs.name,
  scope: seedAuditLogs.scope,
  columns: {
    ...seedAuditLogs.columns,
    // Position in the tenant's hash chain (1, 2, 3…), so the head is one index probe
    // instead of a walk over prev_hash links. NULL only for rows written before the chain.
    chain_seq: col.integer().nullable(),
  },
  indexes: [
    ...(seedAuditLogs.indexes ?? []),
    // Not unique: a desk's provisional entries may share a position with entries pulled
    // from other desks until the server's versions of them arrive (PROTOCOL.md R4.4).
    { name: 'ix_audit_logs_chain', columns: ['tenant_id', 'chain_seq'] },
  ],
});

export const auditChainMigration: SchemaMigration = {
  name: '20261126150000_audit_chain',
  up: async ({ db, dialect }) => {
    const column = sql.ref('chain_seq');
    await db.schema
      .alterTable('audit_logs')
      .addColumn('chain_seq', 'integer', (c) =>
        // The same named CHECK the DDL builder gives SQLite integer columns.
        dialect === 'sqlite'
          ? c.modifyEnd(
              sql`constraint ${sql.ref('ck_audit_logs_chain_seq')} check (typeof(${column}) in ('integer', 'null'))`,
            )
          : c,
      )
      .execute();
    await db.schema
      .createIndex('ix_audit_logs_chain')
      .on('audit_logs')
      .columns(['tenant_id', 'chain_seq'])
      .execute();
  },
};
