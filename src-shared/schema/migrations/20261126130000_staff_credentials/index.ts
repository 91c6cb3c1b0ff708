import { col } from '../../column-spec';
import { createTables } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261126130000: never edit; change tables in a later migration.

export const staffCredentials = defineTable({
  name: 'staff_credentials',
  purpose: 'Staff PIN hashes, synced so a desk can sign staff in while offline.',
  scope: 'tenant',
  columns: {
    tenant_id: col.id().referencesGlobal('tenants'),
    member_id: col.id().references('tenant_members'),
    // scrypt of the PIN keyed with the tenant's pepper, which is not in any database a desk holds.
    pin_hash: col.text(),
    updated_at: col.timestamp(),
  },
  primaryKey: ['member_id'],
});

export const staffCredentialsMigration: SchemaMigration = {
  name: '20261126130000_staff_credentials',
  up: ({ db, dialect }) => createTables(db, dialect, [staffCredentials]),
};
