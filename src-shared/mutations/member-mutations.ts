import { z } from 'zod';
import { findMember, patchProfile, requireMayChangeStatus } from './staff-rules';
import { defineMutation, STAFF_ROLES } from './mutation-definition';
import { requireUniqueContact, writeNewMember } from './new-member-writes';

const DESK_ROLES = ['owner', 'manager', 'front_desk'] as const;

const profileFields = {
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  /** Optional: a walk-in may give only a name and a phone, or just a name. */
  email: z.email().max(254).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  /** What the member's card or app shows to the scanner. */
  barcode: z.string().trim().min(4).max(64).optional(),
};

/**
 * users.email as stored: lower-case, and '' for a member who gave none. The column is NOT
 * NULL in the seed schema and the users table is global, so '' stands for "no e-mail"
 * rather than a migration rebuilding it on every desk; readers show '' as no e-mail.
 */
function storedEmail(email: string | undefined): string {
  return email?.toLowerCase() ?? '';
}

/** The profile's contact fields, as both member mutations write them. */
function contactOf(args: {
  readonly firstName: string;
  readonly lastName: string;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
}) {
  return {
    firstName: args.firstName,
    lastName: args.lastName,
    // '' rather than null: readers of the profile take its e-mail as a string.
    email: args.email ?? '',
    phone: args.phone ?? null,
  };
}

export const createMember = defineMutation({
  name: 'member.create',
  description: 'Adds a person as a member (student) of the studio.',
  args: z.strictObject(profileFields),
  roles: DESK_ROLES,
  changesStaff: true,
  async run(ctx, args) {
    const userId = ctx.newId();
    const memberId = ctx.newId();
    const email = storedEmail(args.email);
    const profile = JSON.stringify(contactOf(args));
    // Written first without the card: a review item the server raises names the new member,
    // and the card is given only once it is known to be free (requireUniqueContact).
    await writeNewMember(ctx, {
      userId,
      memberId,
      email,
      profile,
      barcode: null,
      roles: ['student'],
    });
    const barcode = await requireUniqueContact(
      ctx,
      memberId,
      { email, barcode: args.barcode ?? null },
      null,
    );
    if (barcode !== null) {
      await ctx.db
        .updateTable('tenant_members')
        .set({ barcode })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', memberId)
        .execute();
    }
    return { memberId, userId, barcode };
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
    const contact = contactOf(args);
    const email = storedEmail(args.email);
    const user = await ctx.db
      .selectFrom('users')
      .select(['profile', 'email'])
      .where('id', '=', person.member.user_id)
      .executeTakeFirst();
    const barcode = await requireUniqueContact(
      ctx,
      args.memberId,
      { email, barcode: args.barcode ?? null },
      { email: user?.email.toLowerCase() ?? '', barcode: person.member.barcode },
    );
    const profile = patchProfile(person.member.profile, contact);
    await ctx.db
      .updateTable('tenant_members')
      .set({ profile, status: args.status, barcode, updated_at: ctx.at })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', args.memberId)
      .execute();
    if (user !== undefined) {
      await ctx.db
        .updateTable('users')
        .set({ email, profile: patchProfile(user.profile, contact) })
        .where('id', '=', person.member.user_id)
        .execute();
    }
    // What was written, so the screen shows the saved details rather than what was typed.
    return { memberId: args.memberId, ...contact, email, barcode, status: args.status };
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
