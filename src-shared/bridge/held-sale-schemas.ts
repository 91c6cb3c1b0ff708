import { z } from 'zod';
import { moneySchema, positiveMoneySchema } from '../mutations/front-desk/front-desk-schemas';
import { studioDateSchema } from '../mutations/front-desk/membership-periods';
import { saleTenderSchema } from '../mutations/front-desk/sale-tenders';

/**
 * A sale rung up at the Sell screen but not paid yet (issue 17 item 6): the open cart the
 * desk keeps through a lock, a staff switch and a restart, and the sales parked with a label.
 * Desk-local, never synced: nothing is sold until `pos.sale` runs.
 */
const lineName = z.string().trim().min(1).max(200);

export const heldSaleLineSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('product'),
    productId: z.uuid(),
    name: lineName,
    quantity: z.number().int().min(1).max(999),
    /** The price the cart showed when it was held; a recall compares it with the catalogue. */
    unitPrice: moneySchema,
  }),
  z.strictObject({
    kind: z.literal('class_pack'),
    packDefinitionId: z.uuid(),
    name: lineName,
    unitPrice: moneySchema,
  }),
  z.strictObject({
    kind: z.literal('gift_card'),
    name: lineName,
    amount: positiveMoneySchema,
  }),
  z.strictObject({
    kind: z.literal('membership'),
    planId: z.uuid(),
    name: lineName,
    /** The studio's day the membership starts. */
    startDate: studioDateSchema,
    unitPrice: moneySchema,
  }),
  /** A late-cancel or no-show fee the member owes (issue 18): its price is the fee's amount. */
  z.strictObject({
    kind: z.literal('fee'),
    feeId: z.uuid(),
    name: lineName,
    unitPrice: moneySchema,
  }),
  /** An appointment paid at the POS (issue 18): its price is the appointment's. */
  z.strictObject({
    kind: z.literal('appointment'),
    appointmentId: z.uuid(),
    name: lineName,
    unitPrice: moneySchema,
  }),
  /** A review item's balance collected from its member (R16.4): its price is the item's. */
  z.strictObject({
    kind: z.literal('review_balance'),
    reviewItemId: z.uuid(),
    name: lineName,
    unitPrice: moneySchema,
  }),
]);
export type HeldSaleLine = z.infer<typeof heldSaleLineSchema>;

export const heldSaleSchema = z.strictObject({
  lines: z.array(heldSaleLineSchema).min(1).max(100),
  couponCode: z.string().trim().min(1).max(64).optional(),
  /** The member the sale is for (a pack needs one), with the name the cart shows. */
  member: z
    .strictObject({ memberId: z.uuid(), name: z.string().trim().min(1).max(200) })
    .optional(),
  /**
   * Payment taken so far, for the sale's total when it was taken: a card may already be
   * charged, so a lock or a restart must not drop it. Only the open sale has one; a sale
   * with payment started is finished or cancelled, never parked.
   */
  payment: z
    .strictObject({ total: moneySchema, tenders: z.array(saleTenderSchema).min(1).max(20) })
    .optional(),
});
export type HeldSale = z.infer<typeof heldSaleSchema>;

/** A label staff give a parked sale so they find it again ("Dana's water", "blue jacket"). */
export const parkedSaleLabelSchema = z.string().trim().min(1, 'give the sale a label').max(60);

export interface ParkedSaleView {
  readonly parkedSaleId: string;
  readonly label: string;
  readonly parkedAt: string;
  /** Who parked it, by name; null when that staff member is no longer listed. */
  readonly parkedBy: string | null;
  readonly sale: HeldSale;
}

export interface RecalledSale {
  /** The sale re-priced from the current catalogue: lines no longer sold are dropped. */
  readonly sale: HeldSale | null;
  /** For staff, each difference from when it was parked ("Water: $2.00 → $2.50"). */
  readonly changes: readonly string[];
}
