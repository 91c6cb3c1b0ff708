import { z } from 'zod';
import { PIN_MUST_CHANGE, type StaffRole } from '../../mutations/staff-rules';
import { STAFF_ROLES, type TenantRole } from '../../mutations/mutation-definition';
import { defineQuery } from '../query-definition';
import { parseProfile } from '../front-desk/member-names';

const isStaffRole = (role: TenantRole): role is StaffRole =>
  (STAFF_ROLES as readonly TenantRole[]).includes(role);

export const staffList = defineQuery({
  name: 'staff.list',
  description:
    'Every member with a staff role: name, e-mail, roles, whether active, has a PIN and must change it.',
  args: z.strictObject({ includeInactive: z.boolean().default(true) }),
  async run({ db, tenantId }, { includeInactive }) {
    const roles = await db
      .selectFrom('tenant_roles')
      .select(['member_id', 'role'])
      .where('tenant_id', '=', tenantId)
      .where('role', 'in', STAFF_ROLES)
      .execute();
    const memberIds = [...new Set(roles.map((r) => r.member_id))];
    if (memberIds.length === 0) return [];
    let query = db
      .selectFrom('tenant_members')
      .innerJoin('users', 'users.id', 'tenant_members.user_id')
      .leftJoin('staff_credentials', (join) =>
        join
          .onRef('staff_credentials.member_id', '=', 'tenant_members.id')
          .onRef('staff_credentials.tenant_id', '=', 'tenant_members.tenant_id'),
      )
      .select([
        'tenant_members.id',
        'tenant_members.profile',
        'tenant_members.status',
        'users.email',
        'staff_credentials.member_id as credential',
      ])
      .where('tenant_members.tenant_id', '=', tenantId)
      .where('tenant_members.id', 'in', memberIds);
    if (!includeInactive) query = query.where('tenant_members.status', '=', 'active');
    const members = await query.execute();
    return members
      .map((member) => {
        const profile = parseProfile(member.profile);
        return {
          memberId: member.id,
          firstName: profile.firstName ?? '',
          lastName: profile.lastName ?? '',
          email: member.email,
          roles: roles
            .filter((r) => r.member_id === member.id)
            .map((r) => r.role)
            .filter(isStaffRole)
            .sort((a, b) => STAFF_ROLES.indexOf(a) - STAFF_ROLES.indexOf(b)),
          active: member.status === 'active',
          hasPin: member.credential !== null,
          mustChangePin: profile[PIN_MUST_CHANGE] === true,
        };
      })
      .sort(
        (a, b) =>
          `${a.firstName} ${a.lastName}`.localeCompare(`${b.firstName} ${b.lastName}`) ||
          a.memberId.localeCompare(b.memberId),
      );
  },
});
