import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';

/** An active subscription that covers a class at the time asked about. */
export interface SubscriptionChoice {
  readonly method: 'subscription';
  readonly subscriptionId: string;
  readonly until: string;
}

/** A pack of the member's with a credit left, unexpired at the time asked about. */
export interface PackChoice {
  readonly method: 'pack';
  readonly packId: string;
  readonly remainingCredits: number;
  readonly expiresAt: string | null;
}

/**
 * How a member can pay for a class from what they already hold, in the studio's order of
 * preference: an active subscription (the one running longest first), then a pack credit,
 * spending the credits that expire first and packs without expiry last. A drop-in sale and
 * a free place come after these and are staff's call. `booking.options` lists them for the
 * screens; `booking.checkInMember` takes the first.
 */
export async function paymentChoices(
  db: Kysely<Database>,
  tenantId: string,
  memberId: string,
  at: string,
): Promise<(SubscriptionChoice | PackChoice)[]> {
  const subscriptions = await db
    .selectFrom('subscriptions')
    .select(['id', 'current_period_end'])
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .where('status', 'in', ['active', 'trialing'])
    .where('current_period_end', '>', at)
    .orderBy('current_period_end', 'desc')
    .orderBy('id')
    .execute();
  const packs = await db
    .selectFrom('purchased_packs')
    .select(['id', 'remaining_credits', 'expires_at'])
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .where('remaining_credits', '>', 0)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .orderBy((eb) => eb.case().when('expires_at', 'is', null).then(1).else(0).end())
    .orderBy('expires_at')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return [
    ...subscriptions.map((s): SubscriptionChoice => ({
      method: 'subscription',
      subscriptionId: s.id,
      until: s.current_period_end,
    })),
    ...packs.map((p): PackChoice => ({
      method: 'pack',
      packId: p.id,
      remainingCredits: p.remaining_credits,
      expiresAt: p.expires_at,
    })),
  ];
}
