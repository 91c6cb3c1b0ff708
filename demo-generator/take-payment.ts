import type { Database } from '../src-shared/schema/catalog';
import {
  spendableCard,
  type CommerceState,
  type DrawerSession,
  type GiftCardState,
} from './commerce-state';
import { DEMO_RATES } from './demo-scale';
import { iso } from './demo-time';
import type { SaleSetting } from './sell-order';

type Method = Database['payments']['method'];

interface Tender {
  readonly method: Method;
  readonly amount: number;
  readonly giftCard?: GiftCardState;
}

const EXTERNAL_REFERENCES = ['Cheque', 'ClassPass voucher', 'Corporate wellness invoice'];

/** How a customer settles `total`: gift card first, sometimes split, else one tender. */
function chooseTenders(
  state: CommerceState,
  setting: SaleSetting,
  total: number,
  singleTender: boolean,
): Tender[] {
  const { random } = state;
  const tenders: Tender[] = [];
  // A sale discounted to nothing takes no payment.
  if (total <= 0) return tenders;
  let due = total;
  const online = setting.deviceId === null;
  const cashAllowed = setting.drawer !== null;
  const giftCard = random.chance(DEMO_RATES.giftCardTender)
    ? spendableCard(state, setting.atMs)
    : undefined;
  if (!singleTender && giftCard) {
    const amount = Math.min(giftCard.balance, due);
    tenders.push({ method: 'gift_card', amount, giftCard });
    due -= amount;
  } else if (!singleTender && cashAllowed && due >= 2000 && random.chance(DEMO_RATES.splitTender)) {
    const cash = Math.floor(due / 2 / 1000) * 1000;
    tenders.push({ method: 'cash', amount: cash });
    due -= cash;
  }
  if (due > 0) {
    const method: Method = online
      ? 'card'
      : random.weighted([
          ['cash', cashAllowed ? 30 : 0],
          ['card', 68],
          ['external', singleTender ? 0 : 2],
        ] as const);
    tenders.push({ method, amount: due });
  }
  return tenders;
}

/** Notes and coins handed over: exact, or the next round amount up. */
function cashTendered(state: CommerceState, amount: number): number {
  const step = state.random.pick([0, 500, 1000, 2000, 5000]);
  return step === 0 ? amount : Math.ceil(amount / step) * step;
}

function cashMovement(
  state: CommerceState,
  drawer: DrawerSession,
  type: 'sale' | 'refund',
  amount: number,
  paymentId: string,
  staffId: string,
  atMs: number,
): void {
  drawer.movements += amount;
  state.buffer.add('cash_movements', {
    id: state.ids.cashMovements.next(atMs),
    tenant_id: state.ctx.tenantId,
    session_id: drawer.id,
    type,
    amount,
    reason: null,
    payment_id: paymentId,
    staff_id: staffId,
    created_at: iso(atMs),
  });
}

interface TenderContext {
  readonly orderId: string;
  readonly total: number;
  readonly completedMs: number;
  /** When the whole order is refunded to its single tender, else null. */
  readonly refundMs: number | null;
}

/**
 * Writes the order's payments (a declined card attempt first, now and then), with the
 * gift card redemptions and cash drawer movements they cause. Succeeded payments sum to
 * the order total; a refund adds one negative payment for the whole total.
 */
export function addTenders(state: CommerceState, setting: SaleSetting, order: TenderContext): void {
  const { ctx, random } = state;
  const tenders = chooseTenders(state, setting, order.total, order.refundMs !== null);
  const base = {
    tenant_id: ctx.tenantId,
    order_id: order.orderId,
    tendered_amount: null,
    change_amount: 0,
    gift_card_id: null,
    reference: null,
    stripe_payment_intent_id: null,
    // The demo's cards are unnamed, like payments taken before issue 17 kept the card; no
    // random draw is added, so a seed still makes the same studio.
    card_brand: null,
    card_last4: null,
    drawer_session_id: null,
    staff_id: setting.staffId,
    device_id: setting.deviceId,
  } as const;
  const intent = () =>
    `pi_demo${random.nextUint32().toString(16).padStart(8, '0')}${random.nextUint32().toString(16).padStart(8, '0')}`;
  for (const tender of tenders) {
    const atMs = order.completedMs - 5_000;
    const id = state.ids.payments.next(atMs);
    const row = {
      ...base,
      id,
      method: tender.method,
      amount: tender.amount,
      status: 'succeeded',
      created_at: iso(atMs),
    } as const;
    if (tender.method === 'card') {
      if (random.chance(DEMO_RATES.declinedCard)) {
        const declinedAt = atMs - 30_000;
        state.buffer.add('payments', {
          ...row,
          id: state.ids.payments.next(declinedAt),
          status: 'failed',
          stripe_payment_intent_id: intent(),
          created_at: iso(declinedAt),
        });
      }
      const stripeId = intent();
      state.buffer.add('payments', { ...row, stripe_payment_intent_id: stripeId });
      if (order.refundMs !== null) {
        const refundId = state.ids.payments.next(order.refundMs);
        state.buffer.add('payments', {
          ...row,
          id: refundId,
          amount: -tender.amount,
          stripe_payment_intent_id: stripeId,
          created_at: iso(order.refundMs),
        });
      }
    } else if (tender.method === 'cash' && setting.drawer) {
      const tendered = cashTendered(state, tender.amount);
      state.buffer.add('payments', {
        ...row,
        tendered_amount: tendered,
        change_amount: tendered - tender.amount,
        drawer_session_id: setting.drawer.id,
      });
      cashMovement(state, setting.drawer, 'sale', tender.amount, id, setting.staffId, atMs);
      if (order.refundMs !== null) {
        const refundId = state.ids.payments.next(order.refundMs);
        state.buffer.add('payments', {
          ...row,
          id: refundId,
          amount: -tender.amount,
          drawer_session_id: setting.drawer.id,
          created_at: iso(order.refundMs),
        });
        const { drawer } = setting;
        cashMovement(
          state,
          drawer,
          'refund',
          -tender.amount,
          refundId,
          setting.staffId,
          order.refundMs,
        );
      }
    } else if (tender.method === 'gift_card' && tender.giftCard) {
      const card = tender.giftCard;
      card.balance -= tender.amount;
      const pooled = state.redeemable.indexOf(card.index);
      if (card.balance <= 0 && pooled >= 0) state.redeemable.splice(pooled, 1);
      state.buffer.add('payments', { ...row, gift_card_id: card.id });
      state.buffer.add('gift_card_transactions', {
        id: state.ids.giftCardTransactions.next(atMs),
        tenant_id: ctx.tenantId,
        gift_card_id: card.id,
        amount: -tender.amount,
        type: 'redeem',
        order_id: order.orderId,
        staff_id: setting.staffId,
        device_id: setting.deviceId,
        created_at: iso(atMs),
      });
    } else {
      const reference = `${random.pick(EXTERNAL_REFERENCES)} #${random.int(1000, 9999)}`;
      state.buffer.add('payments', { ...row, method: 'external', reference });
    }
  }
}
