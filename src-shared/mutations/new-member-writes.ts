import { sql } from 'kysely';
import { displayName } from '../queries/front-desk/member-names';
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

/** What `member.create` and `member.update` may give a member that another could hold. */
export interface MemberContact {
  /** Lower-case; '' for a walk-in who gave none (users.email is NOT NULL). */
  readonly email: string;
  readonly barcode: string | null;
}

/** Another member of this studio holding the e-mail or the card, if any. */
async function holderOf(
  ctx: MutationContext,
  held: { readonly email: string } | { readonly barcode: string },
  exceptMemberId: string,
): Promise<{ readonly id: string; readonly profile: string } | undefined> {
  return ctx.db
    .selectFrom('tenant_members')
    .innerJoin('users', 'users.id', 'tenant_members.user_id')
    .select(['tenant_members.id', 'tenant_members.profile'])
    .where('tenant_members.tenant_id', '=', ctx.tenantId)
    .where('tenant_members.id', '<>', exceptMemberId)
    .where(
      'email' in held
        ? sql<boolean>`lower(${sql.ref('users.email')}) = ${held.email}`
        : sql<boolean>`${sql.ref('tenant_members.barcode')} = ${held.barcode}`,
    )
    .orderBy('tenant_members.created_at')
    .executeTakeFirst();
}

const nameOf = (holder: { readonly profile: string } | undefined) =>
  (holder && displayName(holder.profile)) || 'another member';

/**
 * Keeps a studio's e-mails and cards one per member; only a changed value is checked, so a
 * clash the owner has not yet resolved does not block editing the phone. At the desk a
 * clash is refused with a message naming who holds it. At the server (two desks that were
 * offline each gave it out) the member is kept, as every offline fact is, and the owner
 * gets a review item: a shared e-mail stays on both (the owner merges or corrects them); a
 * shared card stays with the member who had it first, since the unique index allows one
 * holder and a scan must find one person. Returns the card this member ends up with.
 */
export async function requireUniqueContact(
  ctx: MutationContext,
  memberId: string,
  next: MemberContact,
  /** The member's details before this call; null for a new member. */
  previous: MemberContact | null,
): Promise<string | null> {
  if (next.email !== '' && next.email !== previous?.email) {
    const holder = await holderOf(ctx, { email: next.email }, memberId);
    await ctx.require(holder === undefined, {
      kind: 'duplicate_member_email',
      message: `The e-mail ${next.email} is already ${nameOf(holder)}’s: find them instead, or use another e-mail`,
      memberId,
      subjectId: holder?.id ?? null,
    });
  }
  const kept = previous?.barcode ?? null;
  if (next.barcode === null || next.barcode === kept) return next.barcode;
  const holder = await holderOf(ctx, { barcode: next.barcode }, memberId);
  await ctx.require(holder === undefined, {
    kind: 'duplicate_member_card',
    message: `Card ${next.barcode} already belongs to ${nameOf(holder)}: scan or type another card`,
    memberId,
    subjectId: holder?.id ?? null,
  });
  return holder === undefined ? next.barcode : kept;
}
