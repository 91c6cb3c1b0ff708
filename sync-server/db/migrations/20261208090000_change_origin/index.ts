import type { SchemaMigration } from '../../../../src-shared/schema/schema-migration';
import { capturedTables } from '../20261127090200_change_capture/captured-tables';
import { mergedOperationsCapturedTables } from '../20261203161600_merged_operations';
import { studioConsoleCapturedTables } from '../20261203200100_studio_console';
import { memberPhotosCapturedTables } from '../20261204080100_member_photos';
import { appointmentsCapturedTables } from '../20261204081600_appointments';
import { membershipChangesCapturedTables } from '../20261204090100_membership_changes';
import { subscriptionBillingCapturedTables } from '../20261204091100_subscription_billing';
import { bookingFeesCapturedTables } from '../20261204120100_booking_fees';
import { savedCardsCapturedTables } from '../20261204121100_saved_cards';
import { cardPayoutsCapturedTables } from '../20261205110100_card_payouts';
import { leadPipelineCapturedTables } from '../20261206120100_lead_pipeline';
import { chatMessagesCapturedTables } from '../20261206160100_chat_messages';
import { runStatements } from '../run-statements';
import { captureFunction } from './capture-sql';

// Frozen once landed: never edit.

/** Every table captured before this migration, from the frozen lists of the ones that did. */
const everyCapturedTable = [
  ...capturedTables,
  ...mergedOperationsCapturedTables,
  ...studioConsoleCapturedTables,
  ...memberPhotosCapturedTables,
  ...appointmentsCapturedTables,
  ...membershipChangesCapturedTables,
  ...subscriptionBillingCapturedTables,
  ...bookingFeesCapturedTables,
  ...savedCardsCapturedTables,
  ...cardPayoutsCapturedTables,
  ...leadPipelineCapturedTables,
  ...chatMessagesCapturedTables,
];

/**
 * The change log records which device's push last wrote each row (issue 21, R4.8), so a
 * desk pulling after its own push is sent a digest of its own unchanged rows instead of the
 * rows. Nullable without a default: adding it rewrites nothing, and older entries have no
 * origin (their rows go out in full, as before).
 */
export const changeOriginMigration: SchemaMigration = {
  name: '20261208090000_change_origin',
  up: ({ db }) =>
    runStatements(db, [
      `alter table sync_changes add column origin_device_id uuid`,
      ...everyCapturedTable.map(captureFunction),
    ]),
};
