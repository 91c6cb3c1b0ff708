import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { MutationRefusal } from '../mutation-definition';
import { cardDetailsOfRow, type CardDetails } from './card-details';
import type { RefundTender } from './sale-tenders';

type PaymentRow = Pick<
  Database['payments'],
  'id' | 'method' | 'amount' | 'status' | 'stripe_payment_intent_id' | 'device_id' | 'staff_id'
>;

/** A payment row as `cardPaymentsLeft` reads it: with the card it names, when selected. */
type CardPaymentRow = PaymentRow & Partial<Pick<Database['payments'], 'card_brand' | 'card_last4'>>;

/** One card (PaymentIntent) that paid an order: what it paid and what is left to give back. */
export interface CardPaymentLeft {
  readonly paymentIntentId: string;
  /**
   * The card's brand and last 4 digits, to name it to the clerk ("Visa •••• 4242"). Absent
   * for payments taken before they were kept, or when Stripe did not report them.
   */
  readonly card?: CardDetails;
  readonly paid: number;
  /** Refunds to it that are pending or done; a refund Stripe refused gave nothing back. */
  readonly refunded: number;
  readonly left: number;
}

/**
 * The order's card payments by PaymentIntent, in the order they were taken. A failed
 * refund row does not count: Stripe refused it (or the server held it back), so the card
 * still holds that money to give back. The card is named by the payment that took the
 * money (a refund row does not repeat the details).
 */
export function cardPaymentsLeft(payments: readonly CardPaymentRow[]): CardPaymentLeft[] {
  const byIntent = new Map<string, { paid: number; refunded: number; card?: CardDetails }>();
  for (const p of payments) {
    if (p.method !== 'card' || p.stripe_payment_intent_id === null) continue;
    const entry = byIntent.get(p.stripe_payment_intent_id) ?? { paid: 0, refunded: 0 };
    if (p.amount > 0 && p.status === 'succeeded') entry.paid += p.amount;
    if (p.amount < 0 && p.status !== 'failed') entry.refunded += -p.amount;
    entry.card ??= p.amount > 0 ? cardDetailsOfRow(p) : undefined;
    byIntent.set(p.stripe_payment_intent_id, entry);
  }
  return [...byIntent.entries()]
    .filter(([, e]) => e.paid > 0)
    .map(([paymentIntentId, e]) => ({
      paymentIntentId,
      ...(e.card === undefined ? {} : { card: e.card }),
      paid: e.paid,
      refunded: e.refunded,
      left: Math.max(e.paid - e.refunded, 0),
    }));
}

function amountText(minor: number): string {
  return (minor / 100).toFixed(2);
}

/** A card tender of this refund, checked against what its card has left. */
export interface CardRefundVerdict {
  readonly index: number;
  readonly paymentIntentId: string;
  readonly amount: number;
  /** What the card had left before this tender (after earlier tenders of the same call). */
  readonly left: number;
}

/**
 * Checks each card tender of a refund or void: it must name a PaymentIntent that paid this
 * order, and the tenders to one card never exceed what it paid less what was refunded to it.
 *
 * At the desk a breach refuses the call with a sentence the clerk can act on. At the server
 * (two offline desks refunded the same card, PRODUCT.md: record and tell, never undo) the
 * refund is kept and a `card_declined` review item raised (details say which card and by how
 * much, its subject is the held-back payment row, as for other card reviews); that payment's
 * id is returned so the caller marks it `failed` (`holdBackCardRefunds`): it is then
 * never sent to Stripe, which would refuse a refund beyond the charge anyway, and the owner
 * gives that money back another way.
 */
export async function checkCardRefunds(
  ctx: MutationContext,
  order: {
    readonly id: string;
    readonly receipt_number: string | null;
    readonly member_id: string | null;
  },
  payments: readonly PaymentRow[],
  tenders: readonly RefundTender[],
  /** The payment row each tender will be recorded as: the review item's subject. */
  paymentIds: readonly string[],
): Promise<string[]> {
  const sale = order.receipt_number ?? order.id;
  const cards = new Map(cardPaymentsLeft(payments).map((c) => [c.paymentIntentId, c.left]));
  const heldBack: string[] = [];
  for (const [index, tender] of tenders.entries()) {
    if (tender.method !== 'card') continue;
    const left = cards.get(tender.paymentIntentId);
    if (left === undefined && ctx.side === 'desk') {
      throw new MutationRefusal(
        'invalid',
        `card payment ${tender.paymentIntentId} did not pay sale ${sale}: a card refund goes back only to a card that paid this sale`,
      );
    }
    const available = left ?? 0;
    if (tender.amount > available && ctx.side === 'desk') {
      throw new MutationRefusal(
        'rule',
        `only ${amountText(available)} is left to give back to the card that paid sale ${sale}, not ${amountText(tender.amount)}: give the rest back in cash or on a gift card`,
      );
    }
    if (tender.amount > available) {
      const earlier = payments.filter(
        (p) => p.stripe_payment_intent_id === tender.paymentIntentId && p.amount < 0,
      );
      await ctx.require(false, {
        kind: 'card_declined',
        message: `card refund of ${amountText(tender.amount)} on sale ${sale} exceeds the ${amountText(available)} left on card payment ${tender.paymentIntentId}; it was not sent to the card: give the money back another way`,
        memberId: order.member_id,
        amount: tender.amount,
        subjectId: paymentIds[index] ?? null,
        parties: () =>
          Promise.resolve(earlier.map((p) => ({ deviceId: p.device_id, actorId: p.staff_id }))),
      });
      heldBack.push(paymentIds[index] ?? '');
      continue;
    }
    cards.set(tender.paymentIntentId, available - tender.amount);
  }
  return heldBack;
}

/**
 * Only at the server: card refunds `checkCardRefunds` found beyond what their card has left
 * are kept as facts but marked `failed`, so the refund job never sends them to Stripe.
 */
export async function holdBackCardRefunds(
  ctx: MutationContext,
  paymentIds: readonly string[],
): Promise<void> {
  if (paymentIds.length === 0) return;
  await ctx.db
    .updateTable('payments')
    .set({ status: 'failed' })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', 'in', paymentIds)
    .execute();
}
