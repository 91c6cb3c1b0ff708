import type { Database } from '../src-shared/schema/catalog';
import type { BatchBuffer, DemoBatch } from './demo-batches';
import type { DemoContext } from './demo-context';
import { DEMO_RATES } from './demo-scale';
import { DAY_MS, HOUR_MS, iso, MINUTE_MS } from './demo-time';
import type { CatalogPlan } from './generate-catalog';
import type { ClassPlan, SchedulePlan } from './generate-schedule';
import { joinedBy, type PeoplePlan } from './plan-people';
import { MILESTONES, type AttendanceLedger } from './attendance-ledger';
import { memberFacts, payFor, type BookingSimulation, type Payment } from './pay-for-booking';

type BookingStatus = Database['bookings']['status'];

/** The most weight a member can carry (unlimited plan × 1.5); rejection sampling divides by it. */
const MAX_WEIGHT = 3.3;

/** Members of the class's location who had joined and not yet left, weighted by keenness. */
function pickMembers(sim: BookingSimulation, c: ClassPlan, count: number): number[] {
  const location = c.series.locationIndex;
  const pool = sim.people.pools[location];
  const lastClass = sim.lastClassMs[location];
  const joined = joinedBy(sim.people, location, c.startMs - HOUR_MS);
  const picked: number[] = [];
  if (!pool || !lastClass || joined === 0) return picked;
  const restedBy = c.startMs - 12 * HOUR_MS;
  for (let attempt = 0; picked.length < count && attempt < count * 12; attempt++) {
    const at = sim.random.int(0, joined - 1);
    // Picking sets lastClass to this class's start, so a member is never picked twice.
    if ((pool.activeUntilMs[at] ?? 0) <= c.startMs || (lastClass[at] ?? 0) > restedBy) continue;
    if (sim.random.next() * MAX_WEIGHT >= (pool.weight[at] ?? 0)) continue;
    lastClass[at] = c.startMs;
    picked.push(pool.members[at] ?? 0);
  }
  return picked;
}

interface BookingDraft {
  readonly member: number;
  readonly status: BookingStatus;
  readonly createdMs: number;
  readonly payment: Payment | null;
  readonly waitlistPosition: number | null;
  readonly checkedInMs: number | null;
  readonly cancelledMs: number | null;
}

function draft(
  member: number,
  status: BookingStatus,
  createdMs: number,
  extra: Partial<
    Pick<BookingDraft, 'payment' | 'waitlistPosition' | 'checkedInMs' | 'cancelledMs'>
  >,
): BookingDraft {
  return {
    member,
    status,
    createdMs,
    payment: extra.payment ?? null,
    waitlistPosition: extra.waitlistPosition ?? null,
    checkedInMs: extra.checkedInMs ?? null,
    cancelledMs: extra.cancelledMs ?? null,
  };
}

function bookingTime(sim: BookingSimulation, member: number, c: ClassPlan): number {
  const { ctx, random } = sim;
  const joinedMs = sim.facts.createdMs[member] ?? 0;
  const lo = Math.max(joinedMs, ctx.historyStartMs, c.startMs - 21 * DAY_MS);
  const hi = Math.min(ctx.nowMs, c.startMs - 5 * MINUTE_MS);
  if (hi <= lo) return hi;
  const lead = random.next() ** 2 * Math.min(10 * DAY_MS, hi - lo);
  return Math.floor(c.startMs < ctx.nowMs ? Math.max(lo, hi - lead) : hi - lead);
}

/** One booking of the class: waitlisted, cancelled in time, or kept (and then paid for). */
function book(
  sim: BookingSimulation,
  c: ClassPlan,
  member: number,
  role: 'kept' | 'cancelled' | number,
) {
  const { ctx, random } = sim;
  let createdMs = bookingTime(sim, member, c);
  const earliestMs = Math.max(sim.facts.createdMs[member] ?? 0, ctx.historyStartMs);
  if (c.status === 'cancelled') {
    // The studio cancelled the class and refunded everyone at once.
    const cancelledMs = Math.min(ctx.nowMs, c.startMs - (c.index % 19) * HOUR_MS - 2 * HOUR_MS);
    createdMs = Math.min(createdMs, cancelledMs - MINUTE_MS);
    if (createdMs < earliestMs) return undefined;
    return draft(member, 'cancelled', createdMs, { cancelledMs });
  }
  if (typeof role === 'number')
    return draft(member, 'waitlisted', createdMs, { waitlistPosition: role });
  if (role === 'cancelled') {
    // Cancelled in good time: the spot went back and nothing was charged.
    const window = ctx.settings.lateCancelWindowHours * HOUR_MS;
    const latestMs = Math.min(ctx.nowMs, c.startMs - window - HOUR_MS);
    createdMs = Math.min(createdMs, latestMs - MINUTE_MS);
    if (createdMs < earliestMs) return undefined;
    const cancelledMs = Math.floor(random.float(createdMs + MINUTE_MS, latestMs));
    return draft(member, 'cancelled', createdMs, { cancelledMs });
  }
  const payment = payFor(sim, member, c, createdMs);
  createdMs = payment.createdMs;
  if (c.startMs >= ctx.nowMs) return draft(member, 'confirmed', createdMs, { payment });
  const roll = random.next();
  if (roll < 0.05) return draft(member, 'no_show', createdMs, { payment });
  if (roll < 0.09 && createdMs < c.startMs - 2 * HOUR_MS) {
    const fromMs = Math.max(
      createdMs + MINUTE_MS,
      c.startMs - ctx.settings.lateCancelWindowHours * HOUR_MS,
    );
    const cancelledMs = Math.floor(random.float(fromMs, c.startMs - HOUR_MS));
    return draft(member, 'late_cancelled', createdMs, { payment, cancelledMs });
  }
  const arrivalMs = c.startMs - random.int(1, 20) * MINUTE_MS;
  const checkedInMs = Math.max(arrivalMs, createdMs + MINUTE_MS);
  return draft(member, 'confirmed', createdMs, { payment, checkedInMs });
}

function classBookings(sim: BookingSimulation, c: ClassPlan): BookingDraft[] {
  const { ctx, random } = sim;
  const rates = DEMO_RATES;
  const capacity = c.series.capacity;
  const isPast = c.startMs < ctx.nowMs;
  const daysAhead = (c.startMs - ctx.nowMs) / DAY_MS;
  const horizon =
    isPast || daysAhead <= 1 ? 1 : Math.max(0.08, 1 - (daysAhead - 1) / rates.bookingHorizonDays);
  const target = Math.round(capacity * c.series.popularity * random.float(0.8, 1.2) * horizon);
  const kept = Math.min(target, capacity);
  const waitlisted = isPast ? 0 : Math.min(Math.max(target - capacity, 0), rates.maxWaitlist);
  let extras = 0;
  for (let i = 0; i < kept; i++) if (random.chance(rates.earlyCancellation)) extras++;
  const drafts: BookingDraft[] = [];
  pickMembers(sim, c, kept + extras + waitlisted).forEach((member, i) => {
    const role = i < kept ? 'kept' : i < kept + extras ? 'cancelled' : i - kept - extras + 1;
    const booking = book(sim, c, member, role);
    if (booking) drafts.push(booking);
  });
  return drafts;
}

function record(sim: BookingSimulation, c: ClassPlan, booking: BookingDraft): void {
  const { ledger } = sim;
  ledger.bookings++;
  if (booking.checkedInMs === null) return;
  const index = booking.member;
  const count = (ledger.checkIns[index] ?? 0) + 1;
  ledger.checkIns[index] = count;
  if (MILESTONES.has(count)) {
    ledger.milestones.push({ memberIndex: index, count, atMs: booking.checkedInMs });
  }
  const first = ledger.firstCheckInMs[index];
  if (first === undefined || Number.isNaN(first))
    ledger.firstCheckInMs[index] = booking.checkedInMs;
  if (booking.payment?.method === 'drop_in') {
    ledger.dropIns.push({ memberIndex: index, classIndex: c.index, atMs: booking.checkedInMs });
  }
}

/**
 * Books members into every class, oldest first, so packs and monthly limits are spent in
 * the order the classes happened. Fills `ledger` as it goes.
 */
export function* generateAttendance(
  ctx: DemoContext,
  people: PeoplePlan,
  schedule: SchedulePlan,
  catalog: CatalogPlan,
  ledger: AttendanceLedger,
  buffer: BatchBuffer,
): Generator<DemoBatch> {
  const memberCount = people.members.length;
  const sim: BookingSimulation = {
    ctx,
    people,
    catalog,
    random: ctx.random.fork('attendance'),
    ledger,
    facts: memberFacts(people),
    packIds: ctx.ids('purchased_packs'),
    packsOf: Array.from({ length: memberCount }, () => []),
    boughtPack: new Uint8Array(memberCount),
    packsLeft: [],
    periodIndex: new Int32Array(memberCount).fill(-1),
    periodCount: new Int32Array(memberCount),
    lastClassMs: people.pools.map((pool) => new Float64Array(pool.members.length)),
  };
  const bookingIds = ctx.ids('bookings');
  const memberIds = people.members.map((m) => m.id);
  for (const c of schedule.classes) {
    for (const draft of classBookings(sim, c)) {
      record(sim, c, draft);
      // A rehearsal only needs the ledger; skip building rows it would throw away.
      if (buffer.discard) continue;
      buffer.add('bookings', {
        id: bookingIds.next(draft.createdMs),
        tenant_id: ctx.tenantId,
        class_id: c.id,
        member_id: memberIds[draft.member] ?? '',
        status: draft.status,
        payment_method: draft.payment?.method ?? null,
        used_pack_id: draft.payment?.packId ?? null,
        subscription_id: draft.payment?.subscriptionId ?? null,
        // The demo's waitlisted bookings record no payment (R15.4's pack choice is not modelled).
        waitlist_pack_id: null,
        // The demo's history predates the reason staff give for a free place (issue 18).
        free_reason: null,
        start_time: iso(c.startMs),
        waitlist_position: draft.waitlistPosition,
        checked_in_at: draft.checkedInMs === null ? null : iso(draft.checkedInMs),
        cancelled_at: draft.cancelledMs === null ? null : iso(draft.cancelledMs),
        created_at: iso(draft.createdMs),
        // History from before bookings named their desk and staff (R9.4).
        staff_id: null,
        device_id: null,
      });
    }
    if (buffer.isFull) yield* buffer.flush();
  }
  yield* buffer.flush();
}
