import { z } from 'zod';
import { findMember, patchProfile, requireMayChangeStatus } from './staff-rules';
import { defineMutation, STAFF_ROLES } from './mutation-definition';
import { writeNewMember } from './new-member-writes';

const DESK_ROLES = ['owner', 'manager', 'front_desk'] as const;

const profileFields = {
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: z.email().max(254),
  phone: z.string().trim().min(3).max(40).optional(),
  /** What the member's card or app shows to the scanner. */
  barcode: z.string().trim().min(4).max(64).optional(),
};

export const createMember = defineMutation({
  name: 'member.create',
  description: 'Adds a person as a member (student) of the studio.',
  args: z.strictObject(profileFields),
  roles: DESK_ROLES,
  changesStaff: true,
  async run(ctx, args) {
    const userId = ctx.newId();
    const memberId = ctx.newId();
    const profile = JSON.stringify({
      firstName: args.firstName,
      lastName: args.lastName,
      email: args.email,
      phone: args.phone ?? null,
    });
    await writeNewMember(ctx, {
      userId,
      memberId,
      email: args.email.toLowerCase(),
      profile,
      barcode: args.barcode ?? null,
      roles: ['student'],
    });
    return { memberId, userId };
  },
});

/**
 * Changes a member. The e-mail is the person's (users.email, lower-cased, as member.create
 * writes it) and the profile's; profile keys other features keep there (a staff member's
 * must-change-PIN flag) stay. A staff member's status is the staff's rules, not the desk's:
 * owner or manager, an owner for an owner or manager, and never the last active owner
 * (./staff-rules.ts). A student's status stays the desk's to change.
 */
export const updateMember = defineMutation({
  name: 'member.update',
  description: 'Changes a member’s name, contact details, barcode or status.',
  args: z.strictObject({
    memberId: z.uuid(),
    ...profileFields,
    status: z.enum(['active', 'inactive', 'archived']),
  }),
  roles: DESK_ROLES,
  changesStaff: true,
  async run(ctx, args) {
    const person = await findMember(ctx, args.memberId);
    if (person.staffRoles.length > 0 && person.member.status !== args.status) {
      await requireMayChangeStatus(ctx, person, args.status);
    }
    const contact = {
      firstName: args.firstName,
      lastName: args.lastName,
      email: args.email,
      phone: args.phone ?? null,
    };
    const profile = patchProfile(person.member.profile, contact);
    await ctx.db
      .updateTable('tenant_members')
      .set({ profile, status: args.status, barcode: args.barcode ?? null, updated_at: ctx.at })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', args.memberId)
      .execute();
    const user = await ctx.db
      .selectFrom('users')
      .select('profile')
      .where('id', '=', person.member.user_id)
      .executeTakeFirst();
    if (user !== undefined) {
      await ctx.db
        .updateTable('users')
        .set({ email: args.email.toLowerCase(), profile: patchProfile(user.profile, contact) })
        .where('id', '=', person.member.user_id)
        .execute();
    }
    return { memberId: args.memberId };
  },
});

export const addStudentNote = defineMutation({
  name: 'note.add',
  description: 'Writes a staff note on a member; alerts show at check-in.',
  args: z.strictObject({
    memberId: z.uuid(),
    note: z.string().trim().min(1).max(4000),
    isAlert: z.boolean().default(false),
  }),
  roles: STAFF_ROLES,
  async run(ctx, args) {
    const noteId = ctx.newId();
    await ctx.db
      .insertInto('student_notes')
      .values({
        id: noteId,
        tenant_id: ctx.tenantId,
        student_id: args.memberId,
        author_id: ctx.actor.memberId,
        note: args.note,
        is_alert: args.isAlert ? 1 : 0,
        created_at: ctx.at,
      })
      .execute();
    return { noteId };
  },
});

export const deleteStudentNote = defineMutation({
  name: 'note.delete',
  description: 'Removes a staff note.',
  args: z.strictObject({ noteId: z.uuid() }),
  roles: ['owner', 'manager', 'front_desk'],
  async run(ctx, args) {
    await ctx.db
      .deleteFrom('student_notes')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', args.noteId)
      .execute();
    return { noteId: args.noteId };
  },
});
