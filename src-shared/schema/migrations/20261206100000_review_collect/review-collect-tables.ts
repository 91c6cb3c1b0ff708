import { col } from '../../column-spec';
import type { TableSpec } from '../../table-spec';
import { reviewItems as resolvedReviewItems } from '../20261204130000_review_resolutions/review-resolution-tables';
import { posOrderItems as reportOrderItems } from '../20261205120000_report_indexes/report-index-tables';

// Frozen with migration 20261206100000: never edit; change tables in a later migration.

/**
 * What a review balance line collected (issue 19, PROTOCOL.md R16.4): the review item whose
 * amount the member paid at Sell. Its own column, as a fee line's `member_fee_id` is, so a
 * void or refund finds the item to reopen.
 */
export const addedOrderItemColumns = {
  review_item_id: col.id().references('review_items').nullable(),
} as const;

export const posOrderItems = {
  ...reportOrderItems,
  columns: {
    ...reportOrderItems.columns,
    kind: col.enumOf([
      'product',
      'class_pack',
      'gift_card',
      'drop_in',
      'membership',
      'fee',
      'appointment',
      // An open review item's amount, taken from the member at Sell (R16.4).
      'review_balance',
    ]),
    ...addedOrderItemColumns,
  },
} satisfies TableSpec;

export const reviewItems = {
  ...resolvedReviewItems,
  columns: {
    ...resolvedReviewItems.columns,
    // 'collect': the member paid the amount at Sell; `resolution_reference` names the order.
    resolution: col
      .enumOf(['dismiss', 'write_off', 'charge_member', 'refund', 'collect'])
      .nullable(),
  },
} satisfies TableSpec;
