import type { Transaction } from 'kysely';
import type { TenderTaken } from '../../../src-shared/mutations/mutation-definition';
import { isoAt } from '../../../src-shared/time/clock';
import type { Desk } from '../../store/open-desk';
import type { DeskDatabase } from '../../store/desk-tables';
import { DeskPaymentsError } from './card-payments';

const NOT_CONFIRMED =
  'The card payment was not confirmed by the reader, so the sale was not recorded. Take the payment again or use another tender.';

const ALREADY_USED =
  'This card payment already paid for another sale, so this sale was not recorded. Take the payment again or use another tender.';

/**
 * Remembers that this desk saw `paymentIntentId` captured (R8.2). Kept in the desk's
 * database, not in memory: a desk process restarted between the capture and the sale must
 * still record the card tender. Capturing again (a retried capture) changes nothing.
 */
export async function recordCardCapture(desk: Desk, paymentIntentId: string): Promise<void> {
  await desk.db
    .insertInto('desk_card_captures')
    .values({
      payment_intent_id: paymentIntentId,
      captured_at: isoAt(desk.clock),
      sale_mutation_id: null,
    })
    .onConflict((c) => c.column('payment_intent_id').doNothing())
    .execute();
}

/**
 * Claims the PaymentIntents a sale's card tenders name for that sale, inside the sale's own
 * transaction: each must be one this desk saw captured and no sale has used yet, so a
 * checkout interrupted by a lost connection or a declined card is never recorded as paid,
 * and one capture never pays for two sales. Refuses with `card_not_confirmed` otherwise; the
 * refusal rolls the whole sale back, claims included.
 */
export async function claimCardCaptures(
  tx: Transaction<DeskDatabase>,
  tenders: readonly TenderTaken[],
  saleMutationId: string,
): Promise<void> {
  for (const tender of tenders) {
    if (tender.method !== 'card') continue;
    if (tender.paymentIntentId === undefined) {
      throw new DeskPaymentsError('card_not_confirmed', NOT_CONFIRMED);
    }
    const claimed = await tx
      .updateTable('desk_card_captures')
      .set({ sale_mutation_id: saleMutationId })
      .where('payment_intent_id', '=', tender.paymentIntentId)
      .where('sale_mutation_id', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows > 0n) continue;
    const used = await tx
      .selectFrom('desk_card_captures')
      .select('payment_intent_id')
      .where('payment_intent_id', '=', tender.paymentIntentId)
      .executeTakeFirst();
    throw new DeskPaymentsError('card_not_confirmed', used ? ALREADY_USED : NOT_CONFIRMED);
  }
}
