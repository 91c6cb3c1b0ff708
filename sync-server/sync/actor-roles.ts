import {
  MutationRefusal,
  STAFF_ROLES,
  type MutationActor,
  type TenantRole,
} from '../../src-shared/mutations/mutation-definition';
import type { Database } from '../../src-shared/schema/catalog';
import type { TenantTransaction } from '../db/tenant-transaction';

const staffRoles: ReadonlySet<TenantRole> = new Set(STAFF_ROLES);

/**
 * The acting staff member as the server knows them (R1.4, R2.4): an active member of this
 * tenant holding at least one staff role. Anyone else is refused as `forbidden`.
 */
export async function readActor(
  db: TenantTransaction<Database>,
  tenantId: string,
  memberId: string,
): Promise<MutationActor> {
  const rows = await db
    .selectFrom('tenant_roles')
    .innerJoin('tenant_members', (join) =>
      join
        .onRef('tenant_members.tenant_id', '=', 'tenant_roles.tenant_id')
        .onRef('tenant_members.id', '=', 'tenant_roles.member_id'),
    )
    .select('tenant_roles.role')
    .where('tenant_roles.tenant_id', '=', tenantId)
    .where('tenant_roles.member_id', '=', memberId)
    .where('tenant_members.status', '=', 'active')
    .execute();
  return actorWithRoles(
    memberId,
    rows.map((row) => row.role),
  );
}

/**
 * The actor from the roles an active member holds in this tenant (the push prologue reads
 * them with the device row); refused as `forbidden` without a staff role.
 */
export function actorWithRoles(memberId: string, held: readonly string[]): MutationActor {
  const roles = held.filter((role): role is TenantRole => staffRoles.has(role as TenantRole));
  if (roles.length === 0) {
    throw new MutationRefusal(
      'forbidden',
      `member ${memberId} is not an active staff member of this studio`,
    );
  }
  return { memberId, roles };
}
