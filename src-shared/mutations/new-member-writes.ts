import type { MutationContext, TenantRole } from './mutation-definition';

/**
 * The rows that make a person a member of this studio: the user (one per email across
 * studios, stored lower-case), the tenant member with the same profile, and their roles.
 * `member.create` and `staff.add` both write exactly these, so a student and a staff member
 * added at the desk look alike to everything that reads them.
 */
export async function writeNewMember(
  ctx: MutationContext,
  person: {
    readonly userId: string;
    readonly memberId: string;
    /** Already lower-case. */
    readonly email: string;
    /** The profile JSON, the same on the user and the member. */
    readonly profile: string;
    readonly barcode: string | null;
    readonly roles: readonly TenantRole[];
  },
): Promise<void> {
  await ctx.db
    .insertInto('users')
    .values({
      id: person.userId,
      email: person.email,
      profile: person.profile,
      role: 'user',
      is_system_admin: 0,
      created_at: ctx.at,
    })
    .execute();
  await ctx.db
    .insertInto('tenant_members')
    .values({
      id: person.memberId,
      tenant_id: ctx.tenantId,
      user_id: person.userId,
      profile: person.profile,
      status: 'active',
      barcode: person.barcode,
      created_at: ctx.at,
      updated_at: ctx.at,
    })
    .execute();
  await ctx.db
    .insertInto('tenant_roles')
    .values(
      person.roles.map((role) => ({
        tenant_id: ctx.tenantId,
        member_id: person.memberId,
        role,
        granted_at: ctx.at,
      })),
    )
    .execute();
}
