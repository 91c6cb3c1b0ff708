import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { MutationRefusal, type MutationContext } from '../mutation-definition';
import { deskOnly, found } from './desk-rules';
import { membershipCanPay, requireMembershipVisit } from './membership-visits';
import { consumePackCredit, findPack, movePackCredits } from './pack-ledger';
import { tenantRow } from '../tenant-row';

type BookingRow = Database['bookings'];
type ClassRow = Database['classes'];
type SubscriptionRow = Database['subscriptions'];

/**
 * Why staff gave a place free ("instructor's guest", "make-up class"), kept on the booking
 * for the owner. Optional in the protocol only: calls queued offline by desks older than the
 * reason send `{ method: 'free' }` alone and must still be accepted (a queued booking is
 * never lost); the desk's book-ahead dialog always asks for one.
 */
export const freeReasonSchema = z
  .string()
  .trim()
  .min(1, 'the reason for a free booking cannot be blank')
  .max(200, 'the reason for a free booking is at most 200 characters');

/**
 * How a booking is paid, chosen at the desk (`booking.options` lists the choices in the
 * studio's order of preference: subscription, pack, drop-in, free). The choice travels in
 * the arguments so the server records what the desk did rather than choosing again on
 * newer data. Drop-ins are sold with `pos.sale` (a drop_in line books the place).
 */
export const paidBySchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('subscription'), subscriptionId: z.uuid() }),
  z.strictObject({ method: z.literal('pack'), packId: z.uuid() }),
  z.strictObject({ method: z.literal('free'), reason: freeReasonSchema.optional() }),
]);

export type PaidBy = z.infer<typeof paidBySchema>;

/** A booking's payment columns; `free_reason` is set only when the place is free. */
export type BookingPayment = Pick<
  BookingRow,
  'payment_method' | 'used_pack_id' | 'subscription_id' | 'waitlist_pack_id' | 'free_reason'
>;

/** A free place, with staff's reason; none from a desk older than the reason. */
const freePayment = (reason: string | undefined): BookingPayment => ({
  payment_method: 'free',
  used_pack_id: null,
  subscription_id: null,
  waitlist_pack_id: null,
  free_reason: reason ?? null,
});

async function memberSubscription(
  ctx: MutationContext,
  subscriptionId: string,
  memberId: string,
): Promise<SubscriptionRow> {
  const subscription = await tenantRow(
    ctx.db,
    ctx.tenantId,
    'subscriptions',
    subscriptionId,
    'subscription',
  );
  if (subscription.member_id !== memberId) {
    throw new MutationRefusal('invalid', 'the subscription belongs to another member');
  }
  return subscription;
}

const isCurrent = (subscription: SubscriptionRow, at: string) =>
  (subscription.status === 'active' || subscription.status === 'trialing') &&
  subscription.current_period_end > at;

async function memberPack(ctx: MutationContext, packId: string, memberId: string) {
  const pack = found(await findPack(ctx, packId), `class pack ${packId}`);
  if (pack.member_id !== memberId) {
    throw new MutationRefusal('invalid', 'the class pack belongs to another member');
  }
  return pack;
}

/** Checks and takes the payment of a place: a membership visit or a pack credit. */
export async function takePayment(
  ctx: MutationContext,
  paidBy: PaidBy,
  klass: ClassRow,
  memberId: string,
): Promise<BookingPayment> {
  switch (paidBy.method) {
    case 'subscription': {
      const subscription = await memberSubscription(ctx, paidBy.subscriptionId, memberId);
      // Offline the desk trusts its last known status; the server flags a lapsed one.
      await ctx.require(isCurrent(subscription, ctx.at), {
        kind: 'membership_lapsed',
        message: `subscription ${subscription.id} is ${subscription.status} until ${subscription.current_period_end}`,
        memberId,
        amount: klass.drop_in_price,
        subjectId: subscription.id,
      });
      await requireMembershipVisit(ctx, subscription, klass, memberId);
      return {
        payment_method: 'subscription',
        used_pack_id: null,
        subscription_id: subscription.id,
        waitlist_pack_id: null,
        free_reason: null,
      };
    }
    case 'pack': {
      const pack = await memberPack(ctx, paidBy.packId, memberId);
      requireUnexpired(ctx, pack);
      await consumePackCredit(ctx, { pack, classId: klass.id, dropInPrice: klass.drop_in_price });
      return {
        payment_method: 'pack',
        used_pack_id: pack.id,
        subscription_id: null,
        waitlist_pack_id: null,
        free_reason: null,
      };
    }
    case 'free':
      return freePayment(paidBy.reason);
  }
}

/**
 * The payment a member joining the waitlist chooses, checked but not taken (R15.4): no pack
 * credit and no membership visit is held while waiting. The chosen pack is kept in
 * `waitlist_pack_id`, never `used_pack_id`, which means "holds a credit".
 */
export async function chooseWaitlistPayment(
  ctx: MutationContext,
  paidBy: PaidBy,
  memberId: string,
): Promise<BookingPayment> {
  switch (paidBy.method) {
    case 'subscription': {
      const subscription = await memberSubscription(ctx, paidBy.subscriptionId, memberId);
      deskOnly(
        ctx,
        isCurrent(subscription, ctx.at),
        `the membership is ${subscription.status} until ${subscription.current_period_end}`,
      );
      return {
        payment_method: 'subscription',
        used_pack_id: null,
        subscription_id: subscription.id,
        waitlist_pack_id: null,
        free_reason: null,
      };
    }
    case 'pack': {
      const pack = await memberPack(ctx, paidBy.packId, memberId);
      requireUnexpired(ctx, pack);
      deskOnly(ctx, pack.remaining_credits > 0, 'the class pack has no credit left');
      return {
        payment_method: 'pack',
        used_pack_id: null,
        subscription_id: null,
        waitlist_pack_id: pack.id,
        free_reason: null,
      };
    }
    case 'free':
      return freePayment(paidBy.reason);
  }
}

/**
 * Takes the payment a waitlisted booking recorded, for its automatic promotion, or answers
 * null when it can no longer be taken on this copy (pack empty or expired, membership
 * lapsed, paused or at its class limit): that member is passed over and stays waitlisted
 * (R15.4). Judged on the data of the side running it: the server's promotion stands.
 * The caller has already moved the booking out of the waitlist, so a credit is taken once.
 */
export async function recordedPaymentIfTakeable(
  ctx: MutationContext,
  booking: BookingRow,
  klass: ClassRow,
): Promise<BookingPayment | null> {
  const kept: BookingPayment = {
    payment_method: booking.payment_method,
    used_pack_id: booking.used_pack_id,
    subscription_id: booking.subscription_id,
    waitlist_pack_id: null,
    free_reason: booking.free_reason,
  };
  // Waitlisted before R15, when joining took the credit: it is held already.
  if (booking.used_pack_id !== null) return kept;
  // Waitlisted with no payment recorded (before R15, or the demo's): promoted as before.
  if (booking.payment_method === null) return kept;
  switch (booking.payment_method) {
    case 'free':
      return kept;
    case 'subscription': {
      if (booking.subscription_id === null) return null;
      const subscription = await ctx.db
        .selectFrom('subscriptions')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', booking.subscription_id)
        .executeTakeFirst();
      if (!subscription || !isCurrent(subscription, ctx.at)) return null;
      return (await membershipCanPay(ctx, subscription.id, klass)) ? kept : null;
    }
    case 'pack': {
      const pack = booking.waitlist_pack_id && (await findPack(ctx, booking.waitlist_pack_id));
      if (!pack || pack.remaining_credits <= 0) return null;
      if (pack.expires_at !== null && pack.expires_at <= ctx.at) return null;
      return { ...kept, used_pack_id: pack.id };
    }
    default:
      return null;
  }
}

/** Takes the pack credit a promoted booking's payment holds, if it takes one now. */
export async function takePromotedCredit(
  ctx: MutationContext,
  before: Pick<BookingRow, 'used_pack_id'>,
  payment: BookingPayment,
): Promise<void> {
  if (payment.used_pack_id !== null && before.used_pack_id === null) {
    await movePackCredits(ctx, payment.used_pack_id, -1);
  }
}

/** A pack pays only until it expires (offline, the desk's copy decides; R1.5). */
function requireUnexpired(ctx: MutationContext, pack: { readonly expires_at: string | null }) {
  deskOnly(ctx, pack.expires_at === null || pack.expires_at > ctx.at, 'the class pack has expired');
}
