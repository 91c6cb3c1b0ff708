import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261204121000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

/**
 * The card a membership renews on, as staff may see it (issue 18, PROTOCOL.md R13.5): the
 * brand and last 4 digits of the card saved for autopay when the membership was sold. Only
 * the server writes it, when it gives the subscription the saved card; the Stripe ids stay
 * in the subscription's server-only columns (R4.6). No row: the membership is not on
 * autopay. Keyed by the subscription, which renews on one card.
 */
export const subscriptionAutopay = defineTable({
  name: 'subscription_autopay',
  purpose:
    'The brand and last 4 digits of the card a membership renews on, written by the server (issue 18).',
  scope: 'tenant',
  columns: {
    tenant_id: tenantId(),
    subscription_id: col.id().references('subscriptions'),
    // Stripe's brand word, lowercase: visa, mastercard, amex… ('card' when Stripe named none).
    card_brand: col.text(),
    // Exactly four digits, or NULL when Stripe did not report them; never more of the number.
    card_last4: col.text().nullable(),
    created_at: col.timestamp(),
  },
  primaryKey: ['subscription_id'],
});
