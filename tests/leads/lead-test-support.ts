import type { Studio } from '../front-desk/front-desk-harness';

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
  const counts = {} as Record<(typeof COUNTED)[number], number>;
  for (const table of COUNTED) {
    const row = await studio.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('tenant_id', '=', studio.tenantId)
      .executeTakeFirstOrThrow();
    // node-postgres answers count(*) as a string.
    counts[table] = Number(row.n);
  }
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
