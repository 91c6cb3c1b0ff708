import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';
import { reviewItems as consoleReviewItems } from '../20261203200000_studio_console/console-tables';

// Frozen with migration 20261204031500: never edit; change tables in a later migration.

/**
 * Review items with the member desk's two offline conflicts (issue 17): two desks that each
 * gave a new or changed member the same e-mail, or the same card, before either had synced.
 */
export const reviewItems = defineTable({
  name: consoleReviewItems.name,
  ...(consoleReviewItems.purpose === undefined ? {} : { purpose: consoleReviewItems.purpose }),
  scope: consoleReviewItems.scope,
  columns: {
    ...consoleReviewItems.columns,
    kind: col.enumOf([
      'gift_card_overdrawn',
      'pack_exhausted',
      'stock_negative',
      'class_over_capacity',
      'membership_lapsed',
      'card_declined',
      'duplicate_booking',
      'edit_conflict',
      'coupon_overused',
      'retired_item_sold',
      // Two members of the studio share an e-mail: both are kept, the owner merges or fixes.
      'duplicate_member_email',
      // A card number already on another member: the member is kept without it.
      'duplicate_member_card',
    ]),
  },
  indexes: [...(consoleReviewItems.indexes ?? [])],
});
