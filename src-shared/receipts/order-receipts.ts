import { cardDetailsOfRow, type CardDetails } from '../mutations/front-desk/card-details';
import type { Database } from '../schema/catalog';
import type {
  OrderReceipt,
  ReceiptGiftCard,
  ReceiptPack,
  ReceiptStudio,
  ReceiptTender,
} from './receipt-model';

type OrderRow = Database['pos_orders'];
type ItemRow = Database['pos_order_items'];
type PaymentRow = Database['payments'];
type GiftCardRow = Pick<Database['gift_cards'], 'id' | 'code' | 'current_balance'>;

export interface SaleReceiptRows {
  readonly studio: ReceiptStudio;
  readonly order: OrderRow;
  readonly items: readonly ItemRow[];
  readonly payments: readonly PaymentRow[];
  /** Every card an item or payment of the order names. */
  readonly giftCards: readonly GiftCardRow[];
  /** Class packs the order issued, with their credits. */
  readonly packs: readonly ReceiptPack[];
  readonly couponCode: string | null;
  readonly staffName: string | null;
  readonly memberName: string | null;
}

/** A line of a refund as the refund's audit entry recorded it. */
export interface RefundedLine {
  readonly description: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discount: number;
  readonly tax: number;
  readonly total: number;
}

export interface RefundReceiptRows extends SaleReceiptRows {
  readonly kind: 'refund' | 'void';
  readonly refundId: string;
  readonly at: string;
  readonly reason: string;
  readonly lines: readonly RefundedLine[];
  /** The negative payments the refund made. */
  readonly refundPayments: readonly PaymentRow[];
  /** The person who gave the money back. */
  readonly refundStaffName: string | null;
}

/**
 * The card each PaymentIntent of the order was taken on, by the payment that took the money:
 * a refund's row names only the intent, and goes back to that same card.
 */
function cardsByIntent(payments: readonly PaymentRow[]): ReadonlyMap<string, CardDetails> {
  const named = new Map<string, CardDetails>();
  for (const p of payments) {
    const card = cardDetailsOfRow(p);
    if (p.stripe_payment_intent_id !== null && card !== undefined) {
      named.set(p.stripe_payment_intent_id, card);
    }
  }
  return named;
}

function tendersOf(
  payments: readonly PaymentRow[],
  cards: ReadonlyMap<string, GiftCardRow>,
  cardOfIntent: ReadonlyMap<string, CardDetails>,
) {
  return payments.map((p): ReceiptTender => {
    const card =
      cardDetailsOfRow(p) ??
      (p.stripe_payment_intent_id === null
        ? undefined
        : cardOfIntent.get(p.stripe_payment_intent_id));
    return {
      method: p.method,
      amount: p.amount,
      tendered: p.tendered_amount,
      change: p.change_amount,
      giftCardCode: p.gift_card_id === null ? null : (cards.get(p.gift_card_id)?.code ?? null),
      reference: p.reference,
      pending: p.status === 'pending',
      ...(p.method === 'card' && card !== undefined ? { card } : {}),
    };
  });
}

function cardsNamed(ids: readonly (string | null)[], cards: ReadonlyMap<string, GiftCardRow>) {
  const seen = new Set<string>();
  const named: ReceiptGiftCard[] = [];
  for (const id of ids) {
    const card = id === null ? undefined : cards.get(id);
    if (!card || seen.has(card.id)) continue;
    seen.add(card.id);
    named.push({ code: card.code, balance: card.current_balance });
  }
  return named;
}

/** Sign flip that gives 0 for 0 (unary minus gives -0, which prints and compares oddly). */
const negate = (amount: number) => 0 - amount;

const byId = (cards: readonly GiftCardRow[]) => new Map(cards.map((c) => [c.id, c]));

/** The sale as it was rung up: its lines and the tenders that paid it. */
export function buildSaleReceipt(rows: SaleReceiptRows): OrderReceipt {
  const cards = byId(rows.giftCards);
  const taken = rows.payments.filter((p) => p.amount > 0);
  const { order } = rows;
  return {
    kind: 'sale',
    studio: rows.studio,
    receiptNumber: order.receipt_number ?? order.id,
    originalReceiptNumber: null,
    orderId: order.id,
    at: order.completed_at ?? order.created_at,
    orderStatus: order.status,
    staffName: rows.staffName,
    memberName: rows.memberName,
    lines: rows.items.map((i) => ({
      description: i.description,
      quantity: i.quantity,
      unitPrice: i.unit_price,
      discount: i.discount_amount,
      tax: i.tax_amount,
      total: i.line_total,
    })),
    subtotal: order.subtotal_amount,
    discount: order.discount_amount,
    tax: order.tax_amount,
    total: order.total_amount,
    couponCode: rows.couponCode,
    tenders: tendersOf(taken, cards, cardsByIntent(rows.payments)),
    changeDue: taken.reduce((sum, p) => sum + p.change_amount, 0),
    giftCards: cardsNamed(
      rows.items.map((i) => i.gift_card_id),
      cards,
    ),
    packs: rows.packs,
    reason: null,
  };
}

/** A refund or void: what went back, and how the money was returned (negative amounts). */
export function buildRefundReceipt(rows: RefundReceiptRows): OrderReceipt {
  const cards = byId(rows.giftCards);
  const sum = (pick: (l: RefundedLine) => number) => rows.lines.reduce((s, l) => s + pick(l), 0);
  const { order } = rows;
  return {
    kind: rows.kind,
    studio: rows.studio,
    receiptNumber: `${order.receipt_number ?? order.id}/${rows.refundId.slice(-4).toUpperCase()}`,
    originalReceiptNumber: order.receipt_number,
    orderId: order.id,
    at: rows.at,
    orderStatus: order.status,
    staffName: rows.refundStaffName,
    memberName: rows.memberName,
    lines: rows.lines.map((l) => ({
      description: l.description,
      quantity: negate(l.quantity),
      unitPrice: l.unitPrice,
      discount: negate(l.discount),
      tax: negate(l.tax),
      total: negate(l.total),
    })),
    subtotal: negate(sum((l) => l.quantity * l.unitPrice)),
    discount: negate(sum((l) => l.discount)),
    tax: negate(sum((l) => l.tax)),
    total: negate(sum((l) => l.total)),
    couponCode: null,
    tenders: tendersOf(rows.refundPayments, cards, cardsByIntent(rows.payments)),
    changeDue: 0,
    giftCards: cardsNamed(
      rows.refundPayments.map((p) => p.gift_card_id),
      cards,
    ),
    packs: [],
    reason: rows.reason,
  };
}
