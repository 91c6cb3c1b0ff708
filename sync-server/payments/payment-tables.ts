import type { IsoTimestamp } from '../../src-shared/schema/column-spec';
import type { ServerSchema } from '../db/server-tables';

/**
 * Kysely's view of the card-payment tables (migration 20261202120000_card_payments). They
 * are server-only and hold no card data: ids, amounts, statuses and decline reasons only.
 */
export interface CardPaymentIntentsTable {
  tenant_id: string;
  /** Stripe's PaymentIntent id (`pi_…`), on the tenant's connected account. */
  id: string;
  stripe_account_id: string;
  /** The desk's checkout: the idempotency key's seed, one intent per checkout. */
  checkout_id: string;
  device_id: string;
  amount: number;
  /** Lowercase ISO 4217, as Stripe spells it. */
  currency: string;
  /** Stripe's status as last seen (capture reply or webhook). */
  status: string;
  amount_received: number;
  failure_code: string | null;
  failure_message: string | null;
  /** `matched` once the desk's card payment agrees with Stripe; `flagged` raised a review item. */
  reconciliation: 'open' | 'matched' | 'flagged';
  /** The desk's `payments` row this intent paid, once reconciled. */
  payment_id: string | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
  // Saving the card for a membership's autopay (migration 20261204121100_saved_cards, R13.5).
  /** The member the card is saved for; null: the intent saves no card. */
  save_card_member_id: string | null;
  /** The member's Customer on the connected account the intent was made with. */
  stripe_customer_id: string | null;
  /** The reusable card Stripe generated from the card present (`pm_…`), once captured. */
  generated_card_id: string | null;
  saved_card_brand: string | null;
  saved_card_last4: string | null;
  /** When the sale's subscriptions were given the saved card. */
  card_attached_at: IsoTimestamp | null;
}

/** The Stripe Customer of a member on one connected account (saved cards, R13.5). */
export interface StripeCustomersTable {
  tenant_id: string;
  stripe_account_id: string;
  member_id: string;
  /** `cus_…` */
  id: string;
  created_at: IsoTimestamp;
}

export interface CardRefundsTable {
  tenant_id: string;
  /** The negative, pending card `payments` row pos.refund recorded. */
  payment_id: string;
  payment_intent_id: string;
  stripe_refund_id: string | null;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
  failure_message: string | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

export interface StripeWebhookEventsTable {
  tenant_id: string;
  id: string;
  type: string;
  received_at: IsoTimestamp;
}

/**
 * The payouts whose contents the payout job has listed (server migration
 * 20261205110100_card_payouts): a payout's contents are fixed when Stripe makes it, so each
 * is listed once.
 */
export interface CardPayoutListingsTable {
  tenant_id: string;
  /** Stripe's payout id (`po_…`). */
  payout_id: string;
  listed_at: IsoTimestamp;
}

// A type alias, not an interface: Kysely's withTables<T> wants an index-signature shape.
export type PaymentTables = {
  card_payment_intents: CardPaymentIntentsTable;
  card_refunds: CardRefundsTable;
  stripe_webhook_events: StripeWebhookEventsTable;
  stripe_customers: StripeCustomersTable;
};

export type PaymentSchema = ServerSchema & PaymentTables;
