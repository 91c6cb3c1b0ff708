import { z } from 'zod';

/**
 * Which card paid (issue 17 item 5): the brand and last four digits Stripe reports for a
 * card-present charge, so a refund to "the card that paid" names it as the customer knows
 * it. Never the card number: four digits and a brand identify a card to a person, not to a
 * payment network (the card-number scan in tests/payments still finds no card data).
 */
export interface CardDetails {
  /** Stripe's brand word, lowercase: `visa`, `mastercard`, `amex`, … */
  readonly brand: string;
  readonly last4: string;
}

/** Stripe's card brands (`payment_method_details.card_present.brand`), as people say them. */
const BRAND_NAMES: Readonly<Record<string, string>> = {
  amex: 'American Express',
  cartes_bancaires: 'Cartes Bancaires',
  diners: 'Diners Club',
  discover: 'Discover',
  eftpos_au: 'eftpos',
  interac: 'Interac',
  jcb: 'JCB',
  link: 'Link',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  visa: 'Visa',
  unknown: 'Card',
};

/**
 * A brand is one of Stripe's, or another short lowercase word: Stripe adds brands now and
 * then, and a new one must not stop a card sale from being recorded. Anything longer or
 * with other characters is not a brand Stripe sent.
 */
const brandSchema = z
  .string()
  .regex(
    /^[a-z][a-z_]{1,23}$/,
    'a card brand is a short lowercase word as Stripe reports it, such as "visa" or "mastercard"',
  );
const last4Schema = z
  .string()
  .regex(/^[0-9]{4}$/, 'the end of a card number is exactly its last 4 digits, such as "4242"');

/** A card tender's brand and last four digits, both or neither (strict: nothing else). */
export const cardDetailsSchema = z.strictObject({ brand: brandSchema, last4: last4Schema });

/** What Stripe said about a card, if it reads as card details; otherwise nothing. */
export function cardDetailsFrom(value: unknown): CardDetails | undefined {
  const parsed = cardDetailsSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The details kept with a payment row; payments taken before they were kept have none, and
 * a reader that did not select the columns gets none.
 */
export function cardDetailsOfRow(row: {
  readonly card_brand?: string | null;
  readonly card_last4?: string | null;
}): CardDetails | undefined {
  const { card_brand: brand, card_last4: last4 } = row;
  return brand == null || last4 == null ? undefined : { brand, last4 };
}

/** "Visa", "American Express"; an unlisted brand as its word, capitalised. */
export function cardBrandName(brand: string): string {
  return (
    BRAND_NAMES[brand] ?? `${brand.charAt(0).toUpperCase()}${brand.slice(1).replace(/_/g, ' ')}`
  );
}

/**
 * How a card is named to people: "Visa •••• 4242". `mask` is what stands for the hidden
 * digits (receipts print "...", which every printer's code page has). A payment without
 * details (taken before they were kept) is "Card (ending unknown)".
 */
export function cardName(card: CardDetails | undefined, mask = '•••• '): string {
  if (card === undefined) return 'Card (ending unknown)';
  return `${cardBrandName(card.brand)} ${mask}${card.last4}`;
}
