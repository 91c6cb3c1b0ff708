import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261205110000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

/**
 * A payout Stripe made from the studio's connected account to its bank (issue 19, card
 * reconciliation). Only the server writes it, from Stripe's list of payouts; desks read
 * it. Keyed by Stripe's own id (`po_…`), so every run and every server writes one row.
 */
export const cardPayouts = defineTable({
  name: 'card_payouts',
  purpose:
    'Stripe payouts of the studio’s connected account, copied by the server for card reconciliation (issue 19).',
  scope: 'tenant',
  columns: {
    tenant_id: tenantId(),
    // Stripe's payout id, `po_…`.
    id: col.text(),
    // Minor units of `currency`; what reaches the bank.
    amount: col.money(),
    // Lowercase ISO 4217, as Stripe spells it.
    currency: col.text(),
    status: col.enumOf(['pending', 'in_transit', 'paid', 'failed', 'canceled']),
    // When the bank is expected to have it (Stripe's `arrival_date`).
    arrival_date: col.timestamp(),
    // When Stripe made the payout (Stripe's `created`).
    created_at: col.timestamp(),
    // When the server last saw the payout change.
    updated_at: col.timestamp(),
  },
  indexes: [{ name: 'ix_card_payouts_tenant_arrival', columns: ['tenant_id', 'arrival_date'] }],
});

/**
 * One balance transaction of the studio's connected account (a card charge, a refund, a
 * payout, a fee): what moved, and what it was matched to. `payout_id` is the payout that
 * carried it to the bank (Stripe lists a payout's transactions by `payout=po_…`);
 * `payment_intent_id` the intent a charge paid; `payment_id` the desk's card payment of
 * that intent. Each is NULL until known. Written by the server only.
 */
export const cardBalanceLines = defineTable({
  name: 'card_balance_lines',
  purpose:
    'Stripe balance transactions of the studio’s connected account, matched to payouts and desk card payments (issue 19).',
  scope: 'tenant',
  columns: {
    tenant_id: tenantId(),
    // Stripe's balance transaction id, `txn_…`.
    id: col.text(),
    // Stripe's type: charge, refund, payout, adjustment, stripe_fee…
    type: col.text(),
    // Gross, Stripe's fee, and net (amount − fee), minor units; negative for money out.
    amount: col.money(),
    fee: col.money(),
    net: col.money(),
    currency: col.text(),
    // What moved the money: the charge (`ch_…`), refund (`re_…`) or payout (`po_…`).
    source_id: col.text().nullable(),
    payment_intent_id: col.text().nullable(),
    payout_id: col.text().nullable(),
    payment_id: col.id().nullable(),
    // When Stripe made the transaction.
    created_at: col.timestamp(),
  },
  indexes: [
    { name: 'ix_card_balance_lines_tenant_payout', columns: ['tenant_id', 'payout_id'] },
    { name: 'ix_card_balance_lines_tenant_created', columns: ['tenant_id', 'created_at'] },
  ],
});
