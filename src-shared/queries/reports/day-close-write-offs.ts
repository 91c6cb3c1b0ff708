import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import { amount, type ReportRange } from './report-range';

export interface GiftCardWriteOffs {
  readonly count: number;
  /** Value put back on overdrawn cards, as a positive number. */
  readonly amount: number;
}

/**
 * Overdrawn gift cards written off in the range (`review.resolve` credits the card with an
 * adjustment that names no order): the studio's loss that explains why more was taken by
 * gift card than the cards ever held. Studio-wide, as a card belongs to no location: a
 * report of one location shows none.
 */
export async function giftCardWriteOffsInRange(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<GiftCardWriteOffs> {
  if (range.locationId !== null) return { count: 0, amount: 0 };
  const row = await db
    .selectFrom('gift_card_transactions')
    .select((eb) => [eb.fn.countAll().as('count'), eb.fn.sum('amount').as('amount')])
    .where('tenant_id', '=', tenantId)
    .where('type', '=', 'adjustment')
    .where('order_id', 'is', null)
    .where('amount', '>', 0)
    .where('created_at', '>=', range.startsAt)
    .where('created_at', '<', range.endsAt)
    .executeTakeFirst();
  return { count: amount(row?.count), amount: amount(row?.amount) };
}
