import { uuidV5 } from '../../ids/uuid-v5';
import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';

type BookingRow = Database['bookings'];
type FeeRow = Database['member_fees'];

export type FeeKind = FeeRow['kind'];

/** What booking.cancel and booking.noShow answer about the fee they recorded, if any. */
export interface FeeCharged {
  readonly feeId: string;
  readonly amount: number;
}

/**
 * A booking's fee of one kind has one id everywhere: a UUIDv5 of the booking and the kind.
 * A booking cancelled late (or marked a no-show) at two desks therefore owes one fee, the
 * same row on every copy (PROTOCOL.md R15.2).
 */
export function memberFeeId(bookingId: string, kind: FeeKind): string {
  return uuidV5(bookingId, `member_fee/${kind}`);
}

/**
 * Whether a booking pays a late-cancel or no-show fee: every booking the member paid for or
 * holds by pack or membership; a free place owes nothing (R15.1). A pack booking also keeps
 * its credit used, as before: the fee comes on top only when the studio set one.
 */
export function bookingOwesFees(booking: Pick<BookingRow, 'payment_method'>): boolean {
  return booking.payment_method !== 'free';
}

export async function findFee(ctx: MutationContext, feeId: string): Promise<FeeRow | undefined> {
  return ctx.db
    .selectFrom('member_fees')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', feeId)
    .executeTakeFirst();
}

/** The fee of that kind the booking owes or owed, if one was recorded. */
export async function feeOfBooking(
  ctx: MutationContext,
  bookingId: string,
  kind: FeeKind,
): Promise<FeeCharged | null> {
  const fee = await findFee(ctx, memberFeeId(bookingId, kind));
  return fee ? { feeId: fee.id, amount: fee.amount } : null;
}

/**
 * Records the fee a booking owes for a late cancel or a no-show, at the amount the studio's
 * settings name on this copy; nothing when the amount is 0 or the place was free. Called
 * only on the booking's transition (cancelled or no-show once), and keyed by the booking, so
 * it is written once however many desks record the transition.
 */
export async function chargeBookingFee(
  ctx: MutationContext,
  booking: Pick<BookingRow, 'id' | 'member_id' | 'payment_method'>,
  kind: FeeKind,
  amount: number,
): Promise<FeeCharged | null> {
  if (amount <= 0 || !bookingOwesFees(booking)) return null;
  const feeId = memberFeeId(booking.id, kind);
  await ctx.db
    .insertInto('member_fees')
    .values({
      id: feeId,
      tenant_id: ctx.tenantId,
      member_id: booking.member_id,
      kind,
      booking_id: booking.id,
      amount,
      status: 'owed',
      order_item_id: null,
      waived_reason: null,
      created_at: ctx.at,
      settled_at: null,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .execute();
  return feeOfBooking(ctx, booking.id, kind);
}

/** Marks an owed fee paid by an order item; false when it was not owed any more. */
export async function settleFee(
  ctx: MutationContext,
  feeId: string,
  orderItemId: string,
): Promise<boolean> {
  const paid = await ctx.db
    .updateTable('member_fees')
    .set({ status: 'paid', order_item_id: orderItemId, settled_at: ctx.at })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', feeId)
    .where('status', '=', 'owed')
    .executeTakeFirst();
  return paid.numUpdatedRows > 0n;
}

/** A refunded or voided fee line: the fee that item paid is owed again. */
export async function reopenFee(
  ctx: MutationContext,
  feeId: string,
  orderItemId: string,
): Promise<void> {
  await ctx.db
    .updateTable('member_fees')
    .set({ status: 'owed', order_item_id: null, settled_at: null })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', feeId)
    .where('order_item_id', '=', orderItemId)
    .execute();
}
