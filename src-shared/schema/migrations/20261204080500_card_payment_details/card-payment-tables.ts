import { col } from '../../column-spec';
import type { TableSpec } from '../../table-spec';
import { payments as ledgerPayments } from '../20261126120500_front_desk_ledgers/ledger-tables';

// Frozen with migration 20261204080500: never edit; change tables in a later migration.

/**
 * Which card paid (issue 17 item 5): the brand and last four digits Stripe reported for a
 * card tender, so a refund to that card can name it. NULL for every other tender and for
 * card payments taken before they were kept; the pos.sale family validates both.
 */
export const addedPaymentColumns = {
  // Stripe's brand word, lowercase: visa, mastercard, amex…
  card_brand: col.text().nullable(),
  // Exactly four digits; never more of the card number.
  card_last4: col.text().nullable(),
} as const;

export const payments = {
  ...ledgerPayments,
  columns: { ...ledgerPayments.columns, ...addedPaymentColumns },
} satisfies TableSpec;
