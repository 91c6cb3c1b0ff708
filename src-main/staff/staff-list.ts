import type { StaffView } from '../../src-shared/bridge/desk-methods';
import { STAFF_ROLES, type TenantRole } from '../../src-shared/mutations/mutation-definition';
import { displayName } from '../../src-shared/queries/front-desk/member-names';
import { requireIdentity, type Desk } from '../store/open-desk';
import { PIN_MUST_CHANGE } from '../../src-shared/mutations/staff-rules';
import { lockedStaff } from './pin-lockout';
import { staffWhoCanSignIn } from './staff-sign-in';

const isStaffRole = (role: TenantRole) => (STAFF_ROLES as readonly TenantRole[]).includes(role);

/**
 * Active staff who can sign in here (they have a PIN), with their roles, by name; whether
 * their PIN is locked at this desk and whether they must set their own PIN first.
 */
export async function listStaff(desk: Desk, onlyMemberId?: string): Promise<StaffView[]> {
  const tenantId = requireIdentity(desk).tenantId;
  let query = staffWhoCanSignIn(desk, tenantId).select([
    'tenant_members.id',
    'tenant_members.profile',
  ]);
  if (onlyMemberId) query = query.where('tenant_members.id', '=', onlyMemberId);
  const members = await query.execute();
  if (members.length === 0) return [];
  const roles = await desk.db
    .selectFrom('tenant_roles')
    .select(['member_id', 'role'])
    .where('tenant_id', '=', tenantId)
    .where(
      'member_id',
      'in',
      members.map((m) => m.id),
    )
    .execute();
  const locked = await lockedStaff(desk);
  return members
    .map((member) => ({
      memberId: member.id,
      name: displayName(member.profile) || 'Unnamed staff member',
      locked: locked.has(member.id),
      mustChangePin: pinMustChange(member.profile),
      roles: roles
        .filter((r) => r.member_id === member.id && isStaffRole(r.role))
        .map((r) => r.role),
    }))
    .filter((staff) => staff.roles.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Set by staff.resetPin in the member's profile; staff.setOwnPin clears it. */
function pinMustChange(profile: string): boolean {
  try {
    const parsed: unknown = JSON.parse(profile);
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      PIN_MUST_CHANGE in parsed &&
      parsed[PIN_MUST_CHANGE] === true
    );
  } catch {
    return false;
  }
}

/**
 * The signed-in staff member and whether a manager's PIN reset still stands for them, in one
 * read: the desk asks on every call, a sale's included, so it reads the session and the
 * member's profile together rather than listing staff.
 */
export async function signedInStaff(
  desk: Desk,
): Promise<{ readonly memberId: string; readonly mustChangePin: boolean } | undefined> {
  const row = await desk.db
    .selectFrom('desk_staff_session')
    .leftJoin('tenant_members', 'tenant_members.id', 'desk_staff_session.member_id')
    .select(['desk_staff_session.member_id', 'tenant_members.profile'])
    .executeTakeFirst();
  if (!row) return undefined;
  return { memberId: row.member_id, mustChangePin: pinMustChange(row.profile ?? '{}') };
}
