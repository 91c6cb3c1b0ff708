import { seedSchemaTables } from './migrations/20261126120000_seed_schema';
import { tenants as seedTenants } from './migrations/20261126120000_seed_schema/people-tables';
import { frontDeskLedgerTables } from './migrations/20261126120500_front_desk_ledgers';
import { staffCredentials } from './migrations/20261126130000_staff_credentials';
import { mergedOperationsTables } from './migrations/20261203161500_merged_operations';
import { studioConsoleTables } from './migrations/20261203200000_studio_console';
import { memberIdentityTables } from './migrations/20261204031500_member_identity';
import { memberPhotosTables } from './migrations/20261204080000_member_photos';
import { cardPaymentDetailsTables } from './migrations/20261204080500_card_payment_details';
import { appointmentTables } from './migrations/20261204081500_appointments';
import { classSeriesTables } from './migrations/20261204085000_class_series';
import { subscriptionBillingTables } from './migrations/20261204091000_subscription_billing';
import { membershipChangeTables } from './migrations/20261204090000_membership_changes';
import { bookingFeesTables } from './migrations/20261204120000_booking_fees';
import { subscriptionAutopayTables } from './migrations/20261204121000_subscription_autopay';
import { reviewResolutionTables } from './migrations/20261204130000_review_resolutions';
import type { RowOf, TableSpec } from './table-spec';
import { scheduleIndexTables } from './migrations/20261204131000_schedule_indexes';
import { cardPayoutTables } from './migrations/20261205110000_card_payouts';
import { bookingFreeReasonTables } from './migrations/20261205100000_booking_free_reason';
import { reportIndexTables } from './migrations/20261205120000_report_indexes';
import { reviewCollectTables } from './migrations/20261206100000_review_collect';
import { memberVisitIndexTables } from './migrations/20261206110000_member_visit_index';
import { automationTables } from './migrations/20261206140000_automations';
import { leadPipelineTables } from './migrations/20261206120000_lead_pipeline';
import { chatMessageTables } from './migrations/20261206160000_chat_messages';
import { leadFollowUpTables } from './migrations/20261207090000_lead_follow_up';

/*
 * Stripe's ids for the studio's account and a member's subscription stay on the server
 * (PROTOCOL.md R4.6): only the server talks to Stripe, and nothing at a desk reads them.
 * Which columns sync is policy, not DDL, so this needs no shared migration; desks that
 * received them forget them in a desk migration (20261203160000_forget_stripe_ids).
 */
const tenants = {
  ...seedTenants,
  columns: {
    ...seedTenants.columns,
    stripe_account_id: seedTenants.columns.stripe_account_id.serverOnly(),
  },
} satisfies TableSpec;

/**
 * The tables as they stand after every shared migration. A migration that changes a table
 * replaces its entry here with the changed spec; a test migrates real databases and checks
 * that they hold exactly these tables and columns.
 */
export const catalog = {
  ...seedSchemaTables,
  ...frontDeskLedgerTables,
  // Replace the seed's tenants: its Stripe id stays on the server. (Subscriptions, whose
  // Stripe ids stay there too, are replaced by subscriptionBillingTables below.)
  tenants,
  staffCredentials,
  // The seed's audit_logs, chained (20261126150000), is replaced by reportIndexTables below.
  // Adds id_aliases; replaces bookings, stock_movements and review_items (R9).
  ...mergedOperationsTables,
  // Adds rooms and class_payment_options; replaces five tables with added columns (issue 16).
  ...studioConsoleTables,
  // Replaces review_items with the member desk's conflict kinds (issue 17).
  ...memberIdentityTables,
  // Adds member_photos, one small picture per member (issue 17 item 3).
  ...memberPhotosTables,
  // Replaces payments with the brand and last 4 digits of the card that paid (issue 17 item 5).
  ...cardPaymentDetailsTables,
  // Adds service staff and staff availability; replaces appointments and review_items (issue 18).
  ...appointmentTables,
  // Replaces class_series and classes with what a series needs (issue 18, schedule).
  ...classSeriesTables,
  // Adds the sale, pauses and period-end changes of memberships (issue 18, memberships).
  ...membershipChangeTables,
  // Adds subscription_charges; replaces subscriptions (autopay card, retries) and
  // review_items (subscription_payment_failed) for renewal billing (issue 18, R14).
  ...subscriptionBillingTables,
  // Adds member_fees; replaces pos_order_items (fee and appointment lines), appointments
  // (paying item), bookings (a waitlisted booking's pack) and review_items (paid_twice), R15.
  ...bookingFeesTables,
  // Adds subscription_autopay, the card a membership renews on (issue 18, R13.5).
  ...subscriptionAutopayTables,
  // Replaces review_items with how each was settled (issue 19, review queue, R16).
  ...reviewResolutionTables,
  // Replaces bookings and classes with the day schedule's indexes (issue 18, B6).
  ...scheduleIndexTables,
  // Replaces bookings with the reason a place was given free (issue 18, book ahead).
  ...bookingFreeReasonTables,
  // Adds card_payouts and card_balance_lines, Stripe's side of card reconciliation (issue 19).
  ...cardPayoutTables,
  // Replaces pos_orders, payments, pos_order_items and audit_logs with the reports' indexes
  // (issue 19, B7).
  ...reportIndexTables,
  // Replaces pos_order_items (review balance lines) and review_items ('collect'), R16.4.
  ...reviewCollectTables,
  // Replaces leads (optional e-mail, pipeline columns) and adds lead_notes (issue 20, R18).
  ...leadPipelineTables,
  // Replaces marketing_automations (settings), automation_logs (period, status), push_logs
  // (outcome) and tenant_members (opt-out) for the server's automations (issue 20, R20).
  ...automationTables,
  // Replaces bookings with the attendance and members reports' indexes (issue 19, B7).
  ...memberVisitIndexTables,
  // Replaces chat_rooms (member, location, opener) and adds chat_messages and chat_reads
  // (issue 20, R22).
  ...chatMessageTables,
  // Replaces automation_logs (a lead instead of a user) and leads (opt-out) for the trial
  // follow-up to leads (issue 20, R20.1).
  ...leadFollowUpTables,
};

type Catalog = typeof catalog;

/** Kysely's view of the shared schema, keyed by SQL table name. */
export type Database = {
  [K in keyof Catalog as Catalog[K]['name']]: RowOf<Catalog[K]>;
};

export type TableName = keyof Database;

/** Every table spec, keyed by SQL table name. */
export const tablesByName: ReadonlyMap<string, TableSpec> = new Map(
  Object.values(catalog).map((t) => [t.name, t]),
);
