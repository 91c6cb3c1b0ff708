import type { SchemaMigration } from '../../../src-shared/schema/schema-migration';
import { serverTablesMigration } from './20261127090000_server_tables';
import { databaseRolesMigration } from './20261127090100_database_roles';
import { changeCaptureMigration } from './20261127090200_change_capture';
import { rowLevelSecurityMigration } from './20261127090300_row_level_security';
import { cardPaymentsMigration } from './20261202120000_card_payments';
import { commitTimePositionsMigration } from './20261203090000_commit_time_positions';
import { mergedOperationsMigration } from './20261203161600_merged_operations';
import { studioConsoleMigration } from './20261203200100_studio_console';
import { setupCodesMigration } from './20261203200200_setup_codes';
import { terminalLocationsMigration } from './20261203200300_terminal_locations';
import { memberPhotosMigration } from './20261204080100_member_photos';
import { appointmentsMigration } from './20261204081600_appointments';
import { membershipChangesMigration } from './20261204090100_membership_changes';
import { subscriptionBillingMigration } from './20261204091100_subscription_billing';
import { bookingFeesMigration } from './20261204120100_booking_fees';
import { savedCardsMigration } from './20261204121100_saved_cards';
import { cardPayoutsMigration } from './20261205110100_card_payouts';
import { leadPipelineMigration } from './20261206120100_lead_pipeline';
import { pushSubscriptionsMigration } from './20261206140100_push_subscriptions';
import { chatMessagesMigration } from './20261206160100_chat_messages';
import { studioSmtpMigration } from './20261207110100_studio_smtp';
import { deviceChangeNotifyMigration } from './20261207120100_device_change_notify';
import { changeOriginMigration } from './20261208090000_change_origin';
import { pushNotifiesAfterCommitMigration } from './20261208100000_push_notifies_after_commit';

/**
 * The server's own migrations, oldest first, run after the shared ones and tracked in
 * `server_schema_migrations`. Append only: never edit one that has landed.
 */
export const serverMigrations: readonly SchemaMigration[] = [
  serverTablesMigration,
  databaseRolesMigration,
  changeCaptureMigration,
  rowLevelSecurityMigration,
  cardPaymentsMigration,
  commitTimePositionsMigration,
  mergedOperationsMigration,
  studioConsoleMigration,
  setupCodesMigration,
  terminalLocationsMigration,
  memberPhotosMigration,
  appointmentsMigration,
  membershipChangesMigration,
  subscriptionBillingMigration,
  bookingFeesMigration,
  savedCardsMigration,
  cardPayoutsMigration,
  leadPipelineMigration,
  pushSubscriptionsMigration,
  chatMessagesMigration,
  studioSmtpMigration,
  deviceChangeNotifyMigration,
  changeOriginMigration,
  pushNotifiesAfterCommitMigration,
];
