import { randomBytes } from 'node:crypto';
import type { Studio } from '../front-desk/front-desk-harness';

/** The tables the studio console's mutations write, read whole: equal before and after a refusal. */
const CONSOLE_TABLES = [
  'locations',
  'rooms',
  'tenant_members',
  'tenant_roles',
  'staff_credentials',
  'classes',
  'class_payment_options',
  'bookings',
  'purchased_packs',
  'review_items',
] as const;

export async function consoleFootprint(studio: Studio): Promise<unknown> {
  const tables: Record<string, unknown> = {};
  for (const table of CONSOLE_TABLES) {
    tables[table] = await studio.db
      .selectFrom(table)
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .execute()
      .then((rows) => rows.map((row) => JSON.stringify(row)).sort());
  }
  tables.tenant = await studio.db
    .selectFrom('tenants')
    .select(['name', 'currency', 'settings'])
    .where('id', '=', studio.tenantId)
    .executeTakeFirstOrThrow();
  tables.users = await studio.db
    .selectFrom('users')
    .innerJoin('tenant_members', 'tenant_members.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.profile'])
    .where('tenant_members.tenant_id', '=', studio.tenantId)
    .orderBy('users.id')
    .execute();
  return tables;
}

/**
 * A PIN hash in the stored format, as a desk computes it with the tenant's pepper
 * (src-shared/auth/pin-hash.ts). Its bytes are random: the mutations check the format only,
 * and a real scrypt per test would cost a noticeable fraction of a second each.
 */
export function pinHashLike(): string {
  const b64 = (length: number) => randomBytes(length).toString('base64');
  return `scrypt$32768$8$1$${b64(16)}$${b64(32)}`;
}

/**
 * Removes the audit entries a desk-side run wrote, before the same call re-runs as the
 * server in this one database: the server appends the entry with the same id (issue 16).
 */
export async function forgetAuditEntries(studio: Studio): Promise<void> {
  await studio.db.deleteFrom('audit_logs').where('tenant_id', '=', studio.tenantId).execute();
}
