import { z } from 'zod';
import { deskOnly } from '../front-desk/desk-rules';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import {
  defineMutation,
  MutationRefusal,
  STAFF_ROLES,
  type MutationContext,
} from '../mutation-definition';
import {
  findMember,
  findStaff,
  patchProfile,
  pinHashSchema,
  PIN_MUST_CHANGE,
  requireAnotherOwner,
  requireMayChangeStatus,
  requireMayManage,
  staffRolesSchema,
  writePinHash,
  type StaffRole,
} from '../staff-rules';
import { writeNewMember } from '../new-member-writes';

// The rules these mutations keep are stated in ../staff-rules.ts.

const nameSchema = z.string().trim().min(1).max(100);

export const addStaff = defineMutation({
  name: 'staff.add',
  description:
    'Adds a staff member with their roles and a PIN hash computed at the desk; they change the PIN at first sign-in.',
  args: z.strictObject({
    firstName: nameSchema,
    lastName: nameSchema,
    email: z.email().max(254),
    roles: staffRolesSchema,
    pinHash: pinHashSchema,
  }),
  roles: MANAGER_ROLES,
  changesStaff: true,
  async run(ctx, args) {
    const userId = ctx.newId();
    const memberId = ctx.newId();
    requireMayManage(ctx, [], args.roles);
    const email = args.email.toLowerCase();
    const existing = await ctx.db
      .selectFrom('tenant_members')
      .innerJoin('users', 'users.id', 'tenant_members.user_id')
      .select('tenant_members.id')
      .where('tenant_members.tenant_id', '=', ctx.tenantId)
      .where('users.email', '=', email)
      .executeTakeFirst();
    // Two desks adding one person offline make two members; the owner merges them later.
    deskOnly(
      ctx,
      existing === undefined,
      `${email} is already a member: give them staff roles instead`,
    );
    const profile = JSON.stringify({
      firstName: args.firstName,
      lastName: args.lastName,
      email: args.email,
      phone: null,
      // Someone else chose this PIN.
      [PIN_MUST_CHANGE]: true,
    });
    await writeNewMember(ctx, {
      userId,
      memberId,
      email,
      profile,
      barcode: null,
      roles: args.roles,
    });
    await writePinHash(ctx, memberId, args.pinHash);
    return { memberId, userId };
  },
  audit: (_args, result) => ({ targetId: result.memberId }),
});

export const setStaffRoles = defineMutation({
  name: 'staff.setRoles',
  description:
    'Replaces a member’s staff roles (a student keeps the student role); an owner stays.',
  args: z.strictObject({ memberId: z.uuid(), roles: staffRolesSchema }),
  roles: MANAGER_ROLES,
  changesStaff: true,
  async run(ctx, args) {
    // Any member: a student given staff roles joins the staff and stays a student.
    const staff = await findMember(ctx, args.memberId);
    requireMayManage(ctx, staff.staffRoles, args.roles);
    const next: readonly StaffRole[] = args.roles;
    if (
      staff.member.status === 'active' &&
      staff.staffRoles.includes('owner') &&
      !next.includes('owner')
    ) {
      await requireAnotherOwner(ctx, staff.member.id);
    }
    const removed = staff.staffRoles.filter((role) => !next.includes(role));
    const added = next.filter((role) => !staff.staffRoles.includes(role));
    if (removed.length > 0) {
      await ctx.db
        .deleteFrom('tenant_roles')
        .where('tenant_id', '=', ctx.tenantId)
        .where('member_id', '=', staff.member.id)
        .where('role', 'in', removed)
        .execute();
    }
    if (added.length > 0) {
      await ctx.db
        .insertInto('tenant_roles')
        .values(
          added.map((role) => ({
            tenant_id: ctx.tenantId,
            member_id: staff.member.id,
            role,
            granted_at: ctx.at,
          })),
        )
        .execute();
    }
    return { memberId: staff.member.id, roles: next };
  },
  audit: (_args, result) => ({ targetId: result.memberId }),
});

/**
 * Sets a staff member's status once the rules allow it; deactivating and reactivating differ
 * only in the status they set.
 */
async function changeStaffStatus(
  ctx: MutationContext,
  memberId: string,
  status: 'active' | 'inactive',
) {
  const staff = await findStaff(ctx, memberId);
  await requireMayChangeStatus(ctx, staff, status);
  await ctx.db
    .updateTable('tenant_members')
    .set({ status, updated_at: ctx.at })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', memberId)
    .execute();
  return { memberId, status };
}

export const deactivateStaff = defineMutation({
  name: 'staff.deactivate',
  description: 'Stops a staff member from signing in; their history stays.',
  args: z.strictObject({ memberId: z.uuid() }),
  roles: MANAGER_ROLES,
  changesStaff: true,
  run: (ctx, args) => changeStaffStatus(ctx, args.memberId, 'inactive'),
  audit: (_args, result) => ({ targetId: result.memberId }),
});

export const reactivateStaff = defineMutation({
  name: 'staff.reactivate',
  description: 'Lets a deactivated staff member sign in again.',
  args: z.strictObject({ memberId: z.uuid() }),
  roles: MANAGER_ROLES,
  changesStaff: true,
  run: (ctx, args) => changeStaffStatus(ctx, args.memberId, 'active'),
  audit: (_args, result) => ({ targetId: result.memberId }),
});

export const resetStaffPin = defineMutation({
  name: 'staff.resetPin',
  description:
    'Sets a temporary PIN hash for a staff member, who must change it at the next sign-in.',
  args: z.strictObject({ memberId: z.uuid(), pinHash: pinHashSchema }),
  roles: MANAGER_ROLES,
  changesStaff: true,
  async run(ctx, args) {
    const staff = await findStaff(ctx, args.memberId);
    requireMayManage(ctx, staff.staffRoles);
    await writePinHash(ctx, args.memberId, args.pinHash);
    await ctx.db
      .updateTable('tenant_members')
      .set({
        profile: patchProfile(staff.member.profile, { [PIN_MUST_CHANGE]: true }),
        updated_at: ctx.at,
      })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', args.memberId)
      .execute();
    return { memberId: args.memberId, mustChangePin: true };
  },
  audit: (_args, result) => ({ targetId: result.memberId }),
});

export const setOwnPin = defineMutation({
  name: 'staff.setOwnPin',
  description: 'The signed-in staff member replaces their own PIN hash.',
  args: z.strictObject({ memberId: z.uuid(), pinHash: pinHashSchema }),
  roles: STAFF_ROLES,
  changesStaff: true,
  async run(ctx, args) {
    if (args.memberId !== ctx.actor.memberId) {
      throw new MutationRefusal(
        'forbidden',
        'a staff member sets only their own PIN; a manager resets someone else’s',
      );
    }
    const staff = await findStaff(ctx, args.memberId);
    await writePinHash(ctx, args.memberId, args.pinHash);
    await ctx.db
      .updateTable('tenant_members')
      .set({
        profile: patchProfile(staff.member.profile, { [PIN_MUST_CHANGE]: false }),
        updated_at: ctx.at,
      })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', args.memberId)
      .execute();
    return { memberId: args.memberId, mustChangePin: false };
  },
  audit: (_args, result) => ({ targetId: result.memberId }),
});

export const staffMutations = [
  addStaff,
  setStaffRoles,
  deactivateStaff,
  reactivateStaff,
  resetStaffPin,
  setOwnPin,
] as const;
