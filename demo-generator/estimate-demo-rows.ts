import type { TableName } from '../src-shared/schema/catalog';
import { tablesInForeignKeyOrder } from './demo-batches';
import {
  DEMO_RATES,
  demoShape,
  REFERENCE_CAPACITY,
  validateDemoScale,
  type DemoScale,
} from './demo-scale';

const MEAN_CAPACITY = REFERENCE_CAPACITY;
/** Mean over the studio profiles of how many more classes than slots they run. */
const PROFILE_CLASS_FACTOR = 1.03;
/** Share of members the imported ones are not: they join over the window. */
const JOINERS = 1 - DEMO_RATES.importedMembers;
/** Days from onboarding to the start of the history window, less the first week. */
const ONBOARDING_LEAD_DAYS = 38;

/**
 * Expected kept bookings and waitlist places per class, as a share of capacity, when a
 * share `horizon` of the eventual bookings has been made (1 for past classes). Integrates
 * over the popularity and noise draws of generate-attendance.
 */
function fillShares(horizon: number): { kept: number; waitlisted: number } {
  const [low, high] = DEMO_RATES.popularity;
  const steps = 40;
  let kept = 0;
  let waitlisted = 0;
  for (let i = 0; i < steps; i++) {
    const popularity = low + ((i + 0.5) * (high - low)) / steps;
    for (let j = 0; j < steps; j++) {
      const fill = popularity * (0.8 + ((j + 0.5) * 0.4) / steps) * horizon;
      kept += Math.min(fill, 1);
      waitlisted += Math.min(Math.max(fill - 1, 0), DEMO_RATES.maxWaitlist / MEAN_CAPACITY);
    }
  }
  return { kept: kept / steps ** 2, waitlisted: waitlisted / steps ** 2 };
}

function expectedBookings(scale: DemoScale, pastClasses: number, futureClassesPerDay: number) {
  const extras = 1 + DEMO_RATES.earlyCancellation;
  let bookings = pastClasses * fillShares(1).kept * MEAN_CAPACITY * extras;
  for (let day = 0; day <= scale.futureDays; day++) {
    const horizon = day <= 1 ? 1 : Math.max(0.08, 1 - (day - 1) / DEMO_RATES.bookingHorizonDays);
    const { kept, waitlisted } = fillShares(horizon);
    bookings += futureClassesPerDay * MEAN_CAPACITY * (kept * extras + waitlisted);
  }
  return bookings;
}

/**
 * The rows the generator is expected to produce for `scale`, per table, without running
 * it: the schedule and people follow from the scale exactly, bookings from the fill model
 * above, and the other tables from the generator's rates (some measured on generated
 * tenants). Typically within 10–20% of a real run; `countDemoRows` gives exact counts.
 */
export function estimateDemoRows(scale: DemoScale): Map<TableName, number> {
  validateDemoScale(scale);
  const shape = demoShape(scale);
  const { members: m, locations: l, historyDays: h } = scale;
  const days = h + scale.futureDays + 1;
  const staff = shape.staff;
  const cpw = shape.classesPerWeekPerLocation;
  // Booked places follow the reference-capacity timetable; the class count the profiles'.
  const placesPerDay = l * (cpw / 7 + 1 / 14 + 1 / 30.44);
  const classes = l * ((cpw * PROFILE_CLASS_FACTOR) / 7 + 1 / 14 + 1 / 30.44) * days;
  const bookings = expectedBookings(scale, placesPerDay * (h + 0.5), placesPerDay);
  const subscriptions = m * DEMO_RATES.paysWith.subscription;
  const joinedInWindow = m * JOINERS * (h / (h + ONBOARDING_LEAD_DAYS));
  const retail = l * (h + 0.5) * shape.retailOrdersPerLocationDay;
  // Measured shares of bookings that buy a pack, and of bookings paid as a drop-in.
  const packs = bookings * 0.0324;
  const dropIns = bookings * 0.0445;
  const orders = retail + packs + dropIns + joinedInWindow * DEMO_RATES.paysWith.subscription * 0.6;
  const sessions = l * (h + 0.5);
  const pastShare = (h + 0.5) / days;
  const checkIns = bookings * pastShare * 0.85;
  const giftCards = retail * DEMO_RATES.giftCardLine;
  const series = l * (((cpw * PROFILE_CLASS_FACTOR) / 1.8) * (days > 28 ? 1.15 : 1) + 2);
  const inactive = m * (1 - DEMO_RATES.memberStatus.active) * 0.9;
  const expected: Partial<Record<TableName, number>> = {
    platform_config: 2,
    tenants: 1,
    tenant_features: 9,
    marketing_automations: 5,
    membership_plans: 8,
    class_pack_definitions: 5,
    coupons: 6,
    waiver_templates: 3,
    appointment_services: 4,
    progress_metric_definitions: 4,
    products: 12,
    review_items: 6,
    locations: l,
    users: m + staff,
    tenant_members: m + staff,
    tenant_roles: m + staff + (l <= 2 ? 1 : 0),
    subscriptions,
    class_series: series,
    classes,
    bookings,
    purchased_packs: packs,
    pos_orders: orders,
    pos_order_items: orders + retail * 0.37,
    payments: orders * 1.052,
    cash_drawer_sessions: sessions,
    cash_movements: (orders * 0.33) / shape.desksPerLocation + sessions * 0.24,
    coupon_redemptions: orders * 0.055,
    stock_movements: retail + 12,
    gift_cards: giftCards,
    gift_card_transactions: giftCards * 3.5,
    waiver_signatures:
      m * (DEMO_RATES.waiverSigned + DEMO_RATES.mediaConsent + DEMO_RATES.importedMembers * 0.3),
    student_notes: m * DEMO_RATES.notesPerMember,
    member_progress_entries: m * DEMO_RATES.progressMembers * 0.9 * 3 + checkIns / 17,
    automation_logs: joinedInWindow * 1.8 + inactive * 2 + m * DEMO_RATES.paysWith.pack * 0.8,
    push_logs: m * DEMO_RATES.pushPerMemberMonth * (h / 30) * 0.7,
    appointments: m * DEMO_RATES.appointmentsPerMemberYear * ((h + scale.futureDays) / 365) * 0.75,
    leads: m * DEMO_RATES.leadsPerMember,
    chat_rooms: 4 + Math.ceil(m / 1000),
  };
  // Tables the generator leaves empty (audit_logs, staff_credentials) are left out.
  const rows = new Map<TableName, number>();
  for (const table of tablesInForeignKeyOrder) {
    const value = expected[table];
    if (value !== undefined) rows.set(table, Math.round(value));
  }
  return rows;
}

/** The sum of row counts given as [table, rows] pairs (a Map, or Object.entries). */
export function totalRows(counts: Iterable<readonly [string, number]>): number {
  let total = 0;
  for (const [, rows] of counts) total += rows;
  return total;
}
