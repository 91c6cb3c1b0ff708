import type { SchemaMigration } from '../schema-migration';
import { seedSchemaMigration } from './20261126120000_seed_schema';
import { frontDeskLedgersMigration } from './20261126120500_front_desk_ledgers';
import { staffCredentialsMigration } from './20261126130000_staff_credentials';
import { auditChainMigration } from './20261126150000_audit_chain';
import { mergedOperationsMigration } from './20261203161500_merged_operations';
import { studioConsoleMigration } from './20261203200000_studio_console';
import { memberIdentityMigration } from './20261204031500_member_identity';
import { memberPhotosMigration } from './20261204080000_member_photos';
import { cardPaymentDetailsMigration } from './20261204080500_card_payment_details';
import { appointmentsMigration } from './20261204081500_appointments';
import { classSeriesMigration } from './20261204085000_class_series';
import { subscriptionBillingMigration } from './20261204091000_subscription_billing';
import { membershipChangesMigration } from './20261204090000_membership_changes';
import { bookingFeesMigration } from './20261204120000_booking_fees';
import { subscriptionAutopayMigration } from './20261204121000_subscription_autopay';
import { reviewResolutionsMigration } from './20261204130000_review_resolutions';
import { scheduleIndexesMigration } from './20261204131000_schedule_indexes';
import { cardPayoutsMigration } from './20261205110000_card_payouts';
import { bookingFreeReasonMigration } from './20261205100000_booking_free_reason';
import { reportIndexesMigration } from './20261205120000_report_indexes';
import { reviewCollectMigration } from './20261206100000_review_collect';
import { memberVisitIndexMigration } from './20261206110000_member_visit_index';
import { leadPipelineMigration } from './20261206120000_lead_pipeline';
import { automationsMigration } from './20261206140000_automations';
import { chatMessagesMigration } from './20261206160000_chat_messages';
import { leadFollowUpMigration } from './20261207090000_lead_follow_up';

/**
 * Every schema migration shared by the desk and the server, oldest first. Append only: a
 * test fails if a migration is edited after it landed or sorts before an earlier one.
 */
export const sharedMigrations: readonly SchemaMigration[] = [
  seedSchemaMigration,
  frontDeskLedgersMigration,
  staffCredentialsMigration,
  auditChainMigration,
  mergedOperationsMigration,
  studioConsoleMigration,
  memberIdentityMigration,
  memberPhotosMigration,
  cardPaymentDetailsMigration,
  appointmentsMigration,
  classSeriesMigration,
  membershipChangesMigration,
  subscriptionBillingMigration,
  bookingFeesMigration,
  subscriptionAutopayMigration,
  reviewResolutionsMigration,
  scheduleIndexesMigration,
  bookingFreeReasonMigration,
  cardPayoutsMigration,
  reportIndexesMigration,
  reviewCollectMigration,
  memberVisitIndexMigration,
  leadPipelineMigration,
  automationsMigration,
  chatMessagesMigration,
  leadFollowUpMigration,
];
