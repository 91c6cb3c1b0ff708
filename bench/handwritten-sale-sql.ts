import type postgres from 'postgres';
import { mutationIdSource } from '../src-shared/mutations/mutation-ids';
import { giftCardCode, receiptNumberFor } from '../src-shared/mutations/front-desk/short-codes';
import type { Database } from '../src-shared/schema/catalog';
import { GIFT_CARD_SALE_CENTS } from './bench-sales';

/**
 * B5's sale (one new gift card paid by card, `giftCardSaleArgs`) written by hand: the rows a
 * push of it makes, as plain statements for postgres.js to pipeline. Ids and codes are drawn
 * from the mutation's id the way `recordSale` draws them, so the same mutation gives the
 * same rows here as on the server, and a test can hold the two side by side.
 */

/** Who sells: the desk and the staff member the push would name. */
export interface SaleSeller {
  readonly tenantId: string;
  readonly deviceId: string;
  readonly actorId: string;
}

/** One sale as a desk pushes it: its seq, desk-born id and time. */
export interface HandwrittenSale {
  readonly seq: number;
  readonly mutationId: string;
  readonly at: string;
  /** The server's clock when it applies the push (mutation_log, the device's last seen). */
  readonly appliedAt: string;
  readonly paymentIntentId: string;
}

export interface SaleRows {
  readonly order: Database['pos_orders'];
  readonly card: Database['gift_cards'];
  readonly entry: Database['gift_card_transactions'];
  readonly item: Database['pos_order_items'];
  /** Without drawer_session_id, which the insert reads from the desk's open drawer. */
  readonly payment: Omit<Database['payments'], 'drawer_session_id'>;
}

/**
 * The rows of the sale, ids drawn in recordSale's order: the order, each line's item, each
 * line's two effect ids (a new card, its ledger entry), the coupon redemption, then the
 * tenders' payment ids.
 */
export function saleRows(seller: SaleSeller, sale: HandwrittenSale): SaleRows {
  const newId = mutationIdSource(sale.mutationId, Date.parse(sale.at));
  const orderId = newId();
  const itemId = newId();
  const cardId = newId();
  const entryId = newId();
  newId(); // the coupon redemption's, unused without a coupon
  const paymentId = newId();
  const code = giftCardCode(cardId);
  const amount = GIFT_CARD_SALE_CENTS;
  const by = { tenant_id: seller.tenantId, staff_id: seller.actorId };
  return {
    order: {
      id: orderId,
      tenant_id: seller.tenantId,
      member_id: null,
      staff_id: seller.actorId,
      location_id: null,
      device_id: seller.deviceId,
      coupon_id: null,
      subtotal_amount: amount,
      discount_amount: 0,
      tax_amount: 0,
      total_amount: amount,
      status: 'completed',
      receipt_number: receiptNumberFor(orderId),
      created_at: sale.at,
      completed_at: sale.at,
    },
    card: {
      id: cardId,
      tenant_id: seller.tenantId,
      code,
      initial_balance: amount,
      // Zero, then the ledger's update: the server's two statements, with their triggers.
      current_balance: 0,
      buyer_member_id: null,
      recipient_member_id: null,
      status: 'active',
      expires_at: null,
      created_at: sale.at,
    },
    entry: {
      id: entryId,
      ...by,
      gift_card_id: cardId,
      amount,
      type: 'issue',
      order_id: orderId,
      device_id: seller.deviceId,
      created_at: sale.at,
    },
    item: {
      id: itemId,
      tenant_id: seller.tenantId,
      order_id: orderId,
      kind: 'gift_card',
      product_id: null,
      pack_definition_id: null,
      gift_card_id: cardId,
      class_id: null,
      member_fee_id: null,
      appointment_id: null,
      review_item_id: null,
      description: `Gift card ${code}`,
      quantity: 1,
      unit_price: amount,
      discount_amount: 0,
      tax_amount: 0,
      line_total: amount,
      refunded_quantity: 0,
    },
    payment: {
      id: paymentId,
      ...by,
      order_id: orderId,
      method: 'card',
      amount,
      tendered_amount: null,
      change_amount: 0,
      gift_card_id: null,
      reference: null,
      stripe_payment_intent_id: sale.paymentIntentId,
      card_brand: null,
      card_last4: null,
      status: 'succeeded',
      device_id: seller.deviceId,
      created_at: sale.at,
    },
  };
}

/** The card payment, its drawer (the desk's open one, if any) read inside the insert. */
function paymentInsert(
  sql: postgres.TransactionSql,
  p: SaleRows['payment'],
  deviceId: string,
): postgres.PendingQuery<postgres.Row[]> {
  return sql`insert into payments (id, tenant_id, order_id, method, amount, tendered_amount,
      change_amount, gift_card_id, reference, stripe_payment_intent_id, card_brand, card_last4,
      status, drawer_session_id, staff_id, device_id, created_at)
    values (${p.id}, ${p.tenant_id}, ${p.order_id}, ${p.method}, ${p.amount},
      ${p.tendered_amount}, ${p.change_amount}, ${p.gift_card_id}, ${p.reference},
      ${p.stripe_payment_intent_id}, ${p.card_brand}, ${p.card_last4}, ${p.status},
      (select d.id from cash_drawer_sessions d
        where d.tenant_id = ${p.tenant_id} and d.device_id = ${deviceId} and d.status = 'open'
        order by d.opened_at desc, d.id desc limit 1),
      ${p.staff_id}, ${p.device_id}, ${p.created_at})`;
}

/**
 * The sale's statements inside an open transaction, issued together so postgres.js sends
 * them in one round trip: the tenant scope (as inTenantTransaction sets it: studio_app, so
 * row-level security and the capture triggers run as for the server), the five tables'
 * writes with the card's balance moved by its own update, the payment's drawer read inside
 * its insert, and the mutation log row with the device's seq in one statement. The device
 * update only matches the seq that follows the last applied one, so a sale that is not next
 * (R3.2) updates nothing; the caller checks the count.
 *
 * Left out, against the server's 15 statements for the same push: the prologue's reads
 * (earlier outcomes of the mutation id, the actor's roles, the head), the studio's settings
 * (a gift card is not taxed) and the code's collision check (the unique index refuses the
 * 1 in 2^40 case), and the savepoint.
 */
export function saleStatements(
  sql: postgres.TransactionSql,
  seller: SaleSeller,
  sale: HandwrittenSale,
): postgres.PendingQuery<postgres.Row[]>[] {
  const rows = saleRows(seller, sale);
  const { tenantId, deviceId } = seller;
  return [
    sql`select set_config('role', 'studio_app', true), set_config('app.tenant_id', ${tenantId}, true)`,
    sql`insert into pos_orders ${sql(rows.order)}`,
    sql`insert into gift_cards ${sql(rows.card)}`,
    sql`update gift_cards set current_balance = current_balance + ${rows.entry.amount}
      where tenant_id = ${tenantId} and id = ${rows.card.id}`,
    sql`insert into gift_card_transactions ${sql(rows.entry)}`,
    sql`insert into pos_order_items ${sql(rows.item)}`,
    paymentInsert(sql, rows.payment, deviceId),
    sql`with logged as (
        insert into mutation_log (tenant_id, device_id, seq, mutation_id, name, actor_id,
          outcome, code, reason, applied_at)
        values (${tenantId}, ${deviceId}, ${sale.seq}, ${sale.mutationId}, 'pos.sale',
          ${seller.actorId}, 'applied', null, null, ${sale.appliedAt}))
      update devices set last_applied_seq = ${sale.seq}, last_seen_at = ${sale.appliedAt}
      where tenant_id = ${tenantId} and id = ${deviceId} and status = 'active'
        and last_applied_seq = ${sale.seq - 1}`,
  ];
}
