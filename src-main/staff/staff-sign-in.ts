import { pinCrypto } from '../../src-shared/auth/pin-crypto';
import { verifyPin } from '../../src-shared/auth/pin-hash';
import { requireIdentity, type Desk } from '../store/open-desk';

/** Failures allowed before a staff member's PIN is locked, and for how long (R2.4). */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_MS = 5 * 60_000;

export class SignInError extends Error {
  constructor(
    readonly code: 'unknown_staff' | 'wrong_pin' | 'locked' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

export type StaffLookup = { readonly memberId: string } | { readonly email: string };

/** The studio's active members who have a PIN on this desk: who may sign in here. */
export function staffWhoCanSignIn(desk: Desk, tenantId: string) {
  return desk.db
    .selectFrom('tenant_members')
    .innerJoin('staff_credentials', (j) =>
      j
        .onRef('staff_credentials.member_id', '=', 'tenant_members.id')
        .onRef('staff_credentials.tenant_id', '=', 'tenant_members.tenant_id'),
    )
    .where('tenant_members.tenant_id', '=', tenantId)
    .where('tenant_members.status', '=', 'active');
}

export async function findStaffMember(desk: Desk, who: StaffLookup): Promise<string | undefined> {
  const tenantId = requireIdentity(desk).tenantId;
  let query = staffWhoCanSignIn(desk, tenantId)
    .innerJoin('users', 'users.id', 'tenant_members.user_id')
    .select('tenant_members.id');
  query =
    'memberId' in who
      ? query.where('tenant_members.id', '=', who.memberId)
      : query.where((e) => e(e.fn('lower', ['users.email']), '=', who.email.trim().toLowerCase()));
  return (await query.executeTakeFirst())?.id;
}

/**
 * Checks a staff member's PIN against the hash this desk last synced (offline policy).
 * Repeated failures lock the PIN for a while; a right PIN clears the count. Throws a
 * {@link SignInError} when the PIN is locked or wrong.
 */
export async function checkStaffPin(desk: Desk, memberId: string, pin: string): Promise<void> {
  const identity = requireIdentity(desk);
  const now = desk.clock.now();
  const attempts = await desk.db
    .selectFrom('desk_pin_attempts')
    .selectAll()
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  if (attempts?.locked_until && attempts.locked_until > now) {
    const minutes = Math.ceil((attempts.locked_until - now) / 60_000);
    throw new SignInError(
      'locked',
      `too many wrong PINs: try again in ${minutes} min or ask a manager`,
    );
  }
  const credential = await desk.db
    .selectFrom('staff_credentials')
    .select('pin_hash')
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  if (!verifyPin(pin, identity.pinPepper, credential.pin_hash, pinCrypto)) {
    const failures = (attempts?.failures ?? 0) + 1;
    const lockedUntil = failures >= PIN_MAX_FAILURES ? now + PIN_LOCK_MS : null;
    await desk.db
      .insertInto('desk_pin_attempts')
      .values({
        member_id: memberId,
        failures: lockedUntil ? 0 : failures,
        locked_until: lockedUntil,
      })
      .onConflict((c) =>
        c
          .column('member_id')
          .doUpdateSet({ failures: lockedUntil ? 0 : failures, locked_until: lockedUntil }),
      )
      .execute();
    throw new SignInError(
      lockedUntil ? 'locked' : 'wrong_pin',
      lockedUntil ? 'too many wrong PINs: locked for 5 minutes' : 'wrong PIN',
    );
  }
  await desk.db.deleteFrom('desk_pin_attempts').where('member_id', '=', memberId).execute();
}

/** Signs a staff member in at this desk with their PIN (see {@link checkStaffPin}). */
export async function signInStaff(desk: Desk, who: StaffLookup, pin: string): Promise<string> {
  const memberId = await findStaffMember(desk, who);
  if (!memberId)
    throw new SignInError('unknown_staff', 'no active staff member with a PIN matches');
  await checkStaffPin(desk, memberId, pin);
  const now = desk.clock.now();
  await desk.db
    .insertInto('desk_staff_session')
    .values({ singleton: 1, member_id: memberId, signed_in_at: now })
    .onConflict((c) =>
      c.column('singleton').doUpdateSet({ member_id: memberId, signed_in_at: now }),
    )
    .execute();
  return memberId;
}

/** The staff member signed in at this desk, if any. */
export async function currentStaff(desk: Desk): Promise<string | undefined> {
  const session = await desk.db
    .selectFrom('desk_staff_session')
    .select('member_id')
    .executeTakeFirst();
  return session?.member_id;
}

export async function signOutStaff(desk: Desk): Promise<void> {
  await desk.db.deleteFrom('desk_staff_session').execute();
}
