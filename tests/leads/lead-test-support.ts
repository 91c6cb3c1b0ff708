import type { Studio } from '../front-desk/front-desk-harness';
import { countTenantRows } from '../support/tenant-row-counts';

const COUNTED = [
  'lead_notes',
  'tenant_members',
  'tenant_roles',
  'audit_logs',
  'review_items',
] as const;

/**
 * What a lead mutation can write: every lead as it stands, and the number of notes,
 * members, roles, audit entries and review items. Equal before and after a refusal.
 */
export async function leadFootprint(studio: Pick<Studio, 'db' | 'tenantId'>) {
  const counts = await countTenantRows(studio, COUNTED);
  const users = await studio.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const leads = await studio.db
    .selectFrom('leads')
    .selectAll()
    .where('tenant_id', '=', studio.tenantId)
    .orderBy('id')
    .execute();
  return { ...counts, users: Number(users.n), leads };
}
