import { requireIdentity, type Desk } from '../store/open-desk';
import { checkStaffPin, findStaffMember, SignInError } from './staff-sign-in';

/** Who may clear another staff member's PIN lock at the desk: the studio's managers. */
const MAY_CLEAR_LOCKS = ['owner', 'manager'] as const;

/** Staff whose PIN is locked now, after too many wrong PINs at this desk. */
export async function lockedStaff(desk: Desk): Promise<ReadonlySet<string>> {
  const rows = await desk.db
    .selectFrom('desk_pin_attempts')
    .select('member_id')
    .where('locked_until', '>', desk.clock.now())
    .execute();
  return new Set(rows.map((r) => r.member_id));
}

/**
 * A manager's override at the desk: an owner or manager proves who they are with their own
 * PIN and clears another staff member's PIN lock (and their count of wrong PINs). Lockouts
 * live only in this desk's `desk_pin_attempts`, so this is the desk's own record, not a
 * synced mutation. A wrong manager PIN counts against the manager's own lock, so the
 * override cannot be used to guess PINs. Answers whether a lock was cleared.
 */
export async function clearPinLockout(
  desk: Desk,
  request: { readonly memberId: string; readonly managerId: string; readonly managerPin: string },
): Promise<{ readonly cleared: boolean }> {
  const tenantId = requireIdentity(desk).tenantId;
  if (request.managerId === request.memberId) {
    throw new SignInError('forbidden', 'another manager or an owner clears your PIN lock');
  }
  const manager = await findStaffMember(desk, { memberId: request.managerId });
  if (!manager) throw new SignInError('unknown_staff', 'no active staff member with a PIN matches');
  const roles = await desk.db
    .selectFrom('tenant_roles')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', manager)
    .where('role', 'in', MAY_CLEAR_LOCKS)
    .execute();
  if (roles.length === 0) {
    throw new SignInError('forbidden', 'only an owner or a manager can clear a PIN lock');
  }
  const member = await findStaffMember(desk, { memberId: request.memberId });
  if (!member) throw new SignInError('unknown_staff', 'no active staff member with a PIN matches');
  await checkStaffPin(desk, manager, request.managerPin);
  const removed = await desk.db
    .deleteFrom('desk_pin_attempts')
    .where('member_id', '=', member)
    .executeTakeFirst();
  return { cleared: removed.numDeletedRows > 0n };
}
