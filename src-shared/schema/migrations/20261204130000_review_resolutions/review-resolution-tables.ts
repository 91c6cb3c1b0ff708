import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';
import { reviewItems as feesReviewItems } from '../20261204120000_booking_fees/booking-fee-tables';

// Frozen with migration 20261204130000: never edit; change tables in a later migration.

/**
 * How the owner settled a review item (issue 19, PROTOCOL.md R16). `resolved_at` and
 * `resolved_by` were there from the start; these say what was done. Added later, so
 * nullable, and NULL while the item is open.
 */
export const addedReviewResolutionColumns = {
  // What settled it: dismissed with a reason, written off, charged to the member, refunded.
  resolution: col.enumOf(['dismiss', 'write_off', 'charge_member', 'refund']).nullable(),
  // The reason given (required to dismiss or write off).
  resolution_note: col.text().nullable(),
  // The amount written off, charged to the member or refunded; NULL for a dismissal.
  resolution_amount: col.money().nullable(),
  // Where a refund was made (the card processor's or the till's reference).
  resolution_reference: col.text().nullable(),
  // The desk that settled it: the desk names are the server's, so its device id.
  resolved_device_id: col.text().nullable(),
} as const;

export const reviewItems = defineTable({
  name: feesReviewItems.name,
  ...(feesReviewItems.purpose === undefined ? {} : { purpose: feesReviewItems.purpose }),
  scope: feesReviewItems.scope,
  columns: { ...feesReviewItems.columns, ...addedReviewResolutionColumns },
  indexes: [...(feesReviewItems.indexes ?? [])],
});
