import { z } from 'zod';
import type { Database } from '../schema/catalog';
import { hasAnyRole } from './front-desk/front-desk-roles';
import {
  MutationRefusal,
  STAFF_ROLES,
  type MutationContext,
  type TenantRole,
} from './mutation-definition';
import { tenantRow } from './tenant-row';

/**
 * Who may change whom among the staff (issue 16), the same on the desk and the server since
 * both read roles the server trusts (R1.4):
 * - only an owner or a manager changes staff; front-desk staff and instructors change no one;
 * - only an owner adds, changes, resets or deactivates an owner or a manager, or makes
 *   someone one;
 * - the studio always keeps an active owner: the last one can lose neither the role nor
 *   their active status. This is refused at the server too (two owners demoting each other
 *   offline), because a studio without an owner cannot be run from any desk.
 */

export type StaffRole = (typeof STAFF_ROLES)[number];

const SENIOR_ROLES: readonly TenantRole[] = ['owner', 'manager'];

export const staffRolesSchema = z
  .array(z.enum(STAFF_ROLES))
  .min(1)
  .max(STAFF_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'each role once');

/**
 * A PIN hash in the stored format, `scrypt$N$r$p$<salt b64>$<hash b64>`, computed at the desk
 * with the tenant's pepper (src-shared/auth/pin-hash.ts): a clear PIN never travels. The cost
 * bounds keep a hash too cheap to protect a PIN, or too dear to check at sign-in, out.
 */
export const pinHashSchema = z
  .string()
  .max(300)
  .regex(
    /^scrypt\$\d{1,8}\$\d{1,2}\$\d{1,2}\$[A-Za-z0-9+/]{22,}={0,2}\$[A-Za-z0-9+/]{43,}={0,2}$/,
    'a PIN hash as scrypt$N$r$p$salt$hash, computed at the desk',
  )
  .refine((hash) => {
    const [, n, r, p] = hash.split('$').map(Number);
    return (
      n !== undefined &&
      r !== undefined &&
      p !== undefined &&
      Number.isInteger(Math.log2(n)) &&
      n >= 2 ** 14 &&
      n <= 2 ** 20 &&
      r >= 1 &&
      r <= 32 &&
      p >= 1 &&
      p <= 16
    );
  }, 'scrypt cost out of bounds (N a power of two from 2^14 to 2^20, r 1..32, p 1..16)');

const isStaffRole = (role: TenantRole): role is StaffRole =>
  (STAFF_ROLES as readonly TenantRole[]).includes(role);

export interface StaffMember {
  readonly member: Database['tenant_members'];
  /** Every role, student included. */
  readonly roles: readonly TenantRole[];
  readonly staffRoles: readonly StaffRole[];
}

export async function findMember(ctx: MutationContext, memberId: string): Promise<StaffMember> {
  const member = await tenantRow(ctx.db, ctx.tenantId, 'tenant_members', memberId, 'member');
  const rows = await ctx.db
    .selectFrom('tenant_roles')
    .select('role')
    .where('tenant_id', '=', ctx.tenantId)
    .where('member_id', '=', memberId)
    .execute();
  const roles = rows.map((r) => r.role);
  return { member, roles, staffRoles: roles.filter(isStaffRole) };
}

/** A member holding a staff role, or a refusal. */
export async function findStaff(ctx: MutationContext, memberId: string): Promise<StaffMember> {
  const staff = await findMember(ctx, memberId);
  if (staff.staffRoles.length === 0) {
    throw new MutationRefusal('not_found', `member ${memberId} is not on the staff`);
  }
  return staff;
}

/**
 * Refuses unless the actor may change a staff member who holds `current` roles into one
 * who holds `next`: owner or manager, and an owner where either side holds owner or manager.
 */
export function requireMayManage(
  ctx: MutationContext,
  current: readonly TenantRole[],
  next: readonly TenantRole[] = current,
): void {
  if (!hasAnyRole(ctx.actor, SENIOR_ROLES)) {
    throw new MutationRefusal('forbidden', 'only an owner or a manager changes the staff');
  }
  const senior = [...current, ...next].some((role) => SENIOR_ROLES.includes(role));
  if (senior && !hasAnyRole(ctx.actor, ['owner'])) {
    throw new MutationRefusal('forbidden', 'only an owner changes an owner or a manager');
  }
}

/** Refuses when `memberId` is the studio's last active owner. */
export async function requireAnotherOwner(ctx: MutationContext, memberId: string): Promise<void> {
  const others = await ctx.db
    .selectFrom('tenant_roles')
    .innerJoin('tenant_members', (join) =>
      join
        .onRef('tenant_members.tenant_id', '=', 'tenant_roles.tenant_id')
        .onRef('tenant_members.id', '=', 'tenant_roles.member_id'),
    )
    .select('tenant_members.id')
    .where('tenant_roles.tenant_id', '=', ctx.tenantId)
    .where('tenant_roles.role', '=', 'owner')
    .where('tenant_members.status', '=', 'active')
    .where('tenant_members.id', '!=', memberId)
    .limit(1)
    .executeTakeFirst();
  if (others === undefined) {
    throw new MutationRefusal('rule', 'the studio’s last active owner stays an active owner');
  }
}

/**
 * Checks a change of a staff member's status (staff.deactivate, staff.reactivate and
 * member.update): who may, and that an owner remains.
 */
export async function requireMayChangeStatus(
  ctx: MutationContext,
  staff: StaffMember,
  status: Database['tenant_members']['status'],
): Promise<void> {
  requireMayManage(ctx, staff.staffRoles);
  if (status !== 'active' && staff.member.status === 'active' && staff.roles.includes('owner')) {
    await requireAnotherOwner(ctx, staff.member.id);
  }
}

/** A member's profile JSON with `patch` laid over it; keys other features wrote are kept. */
export function patchProfile(profile: string, patch: Record<string, unknown>): string {
  const parsed: unknown = JSON.parse(profile);
  const base =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
  return JSON.stringify({ ...base, ...patch });
}

/**
 * Where a PIN that someone else set is marked: `tenant_members.profile.pinMustChange`. The
 * flag syncs with the member and needs no migration; staff.setOwnPin clears it.
 */
export const PIN_MUST_CHANGE = 'pinMustChange';

/** Writes a staff member's PIN hash, replacing any earlier one. */
export async function writePinHash(
  ctx: MutationContext,
  memberId: string,
  pinHash: string,
): Promise<void> {
  // Update, else insert: plain statements every dialect runs alike, with no ON CONFLICT
  // target to keep in step with the stored key (tenant_id, member_id).
  const updated = await ctx.db
    .updateTable('staff_credentials')
    .set({ pin_hash: pinHash, updated_at: ctx.at })
    .where('tenant_id', '=', ctx.tenantId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  if (updated.numUpdatedRows > 0n) return;
  await ctx.db
    .insertInto('staff_credentials')
    .values({ tenant_id: ctx.tenantId, member_id: memberId, pin_hash: pinHash, updated_at: ctx.at })
    .execute();
}
