import type { Database } from '../src-shared/schema/catalog';
import type { BatchBuffer, DemoBatch } from './demo-batches';
import type { DemoContext } from './demo-context';
import { ALERT_TEXTS, NOTE_TEXTS } from './demo-names';
import { DEMO_RATES } from './demo-scale';
import { DAY_MS, HOUR_MS, iso, MINUTE_MS } from './demo-time';
import type { AttendanceLedger } from './attendance-ledger';
import type { CatalogPlan } from './generate-catalog';
import type { MemberPlan, PeoplePlan } from './plan-people';
import type { SeededRandom } from './seeded-random';

type AppointmentStatus = Database['appointments']['status'];

interface Engagement {
  readonly ctx: DemoContext;
  readonly people: PeoplePlan;
  readonly catalog: CatalogPlan;
  readonly ledger: AttendanceLedger;
  readonly random: SeededRandom;
  readonly buffer: BatchBuffer;
  readonly ids: (label: string) => { next(ms: number): string };
  /** Per member: the first time one of their packs had a single credit left, else NaN. */
  readonly packLowMs: Float64Array;
}

/** The part of the history window the member was around for: [from, to). */
function activeSpan(e: Engagement, m: MemberPlan): [number, number] {
  return [Math.max(m.createdMs, e.ctx.historyStartMs), Math.min(e.ctx.nowMs, m.activeUntilMs)];
}

function waivers(e: Engagement, m: MemberPlan): void {
  const { random, catalog, ctx } = e;
  const location = e.people.locations[m.locationIndex];
  const sign = (templateIndex: number, atMs: number) => {
    const template = catalog.waivers[templateIndex];
    if (!template) return;
    e.buffer.add('waiver_signatures', {
      id: e.ids('waiver_signatures').next(atMs),
      tenant_id: ctx.tenantId,
      template_id: template.id,
      member_id: m.id,
      signed_at: iso(atMs),
      signature: `${m.firstName} ${m.lastName}`,
      // Signed on a desk's tablet at the studio, or online before the first visit.
      device_id: random.chance(0.5) ? (location?.deviceIds[0] ?? null) : null,
    });
  };
  const signedMs = m.createdMs + random.int(1, 30) * MINUTE_MS;
  if (signedMs > ctx.nowMs) return;
  // Imported members had signed the old edition on paper; it was scanned in.
  if (m.createdMs < ctx.historyStartMs && random.chance(0.3)) sign(2, m.createdMs);
  if (random.chance(DEMO_RATES.waiverSigned)) sign(0, signedMs);
  if (random.chance(DEMO_RATES.mediaConsent)) sign(1, signedMs + MINUTE_MS);
}

function notes(e: Engagement, m: MemberPlan): void {
  const { random, ctx } = e;
  if (!random.chance(DEMO_RATES.notesPerMember)) return;
  const location = e.people.locations[m.locationIndex];
  if (!location) return;
  const [from, to] = activeSpan(e, m);
  if (to <= from) return;
  const atMs = Math.floor(random.float(from, to));
  const alert = random.chance(0.3);
  e.buffer.add('student_notes', {
    id: e.ids('student_notes').next(atMs),
    tenant_id: ctx.tenantId,
    student_id: m.id,
    author_id: random.pick([location.manager, ...location.deskStaff, ...location.instructors]).id,
    note: random.pick(alert ? ALERT_TEXTS : NOTE_TEXTS),
    is_alert: alert ? 1 : 0,
    created_at: iso(atMs),
  });
}

function progress(e: Engagement, m: MemberPlan): void {
  const { random, ctx, catalog } = e;
  const location = e.people.locations[m.locationIndex];
  const entry = (
    metricIndex: number,
    value: number,
    atMs: number,
    source: 'manual' | 'automation',
    metadata: object,
  ) => {
    const metric = catalog.metrics[metricIndex];
    if (!metric) return;
    e.buffer.add('member_progress_entries', {
      id: e.ids('member_progress_entries').next(atMs),
      tenant_id: ctx.tenantId,
      member_id: m.id,
      metric_definition_id: metric.id,
      value,
      recorded_at: iso(atMs),
      source,
      metadata: JSON.stringify(metadata),
    });
  };
  if ((e.ledger.checkIns[m.index] ?? 0) === 0 || !location) return;
  if (!random.chance(DEMO_RATES.progressMembers)) return;
  const [from, to] = activeSpan(e, m);
  if (to - from < DAY_MS) return;
  const metricIndex = random.int(1, catalog.metrics.length - 1);
  const spec = catalog.metrics[metricIndex]?.spec;
  if (!spec) return;
  const instructor = random.pick(location.instructors);
  let value = random.int(spec.start[0], spec.start[1]);
  const times = Array.from({ length: random.int(1, 5) }, () =>
    Math.floor(random.float(from, to)),
  ).sort((a, b) => a - b);
  for (const atMs of times) {
    const label = spec.labels?.[value];
    entry(
      metricIndex,
      value,
      atMs,
      'manual',
      label ? { belt: label, recordedBy: instructor.id } : { recordedBy: instructor.id },
    );
    value = Math.min(
      value + random.int(spec.step[0], spec.step[1]),
      spec.labels ? spec.labels.length - 1 : Infinity,
    );
  }
}

/** Progress entries for check-in milestones (the first metric counts classes attended). */
function* milestones(e: Engagement, members: readonly MemberPlan[]): Generator<DemoBatch> {
  const metric = e.catalog.metrics[0];
  for (const milestone of e.ledger.milestones) {
    const m = members[milestone.memberIndex];
    if (!m || !metric) continue;
    e.buffer.add('member_progress_entries', {
      id: e.ids('member_progress_entries').next(milestone.atMs),
      tenant_id: e.ctx.tenantId,
      member_id: m.id,
      metric_definition_id: metric.id,
      value: milestone.count,
      recorded_at: iso(milestone.atMs),
      source: 'automation',
      metadata: JSON.stringify({ milestone: milestone.count }),
    });
    if (e.buffer.isFull) yield* e.buffer.flush();
  }
}

/** Automations reach each person once per channel (the unique index guarantees it). */
function automationLogs(e: Engagement, m: MemberPlan): void {
  const { ctx } = e;
  // Only newcomers' first check-in in the window is their first ever.
  const newcomer = m.createdMs >= ctx.historyStartMs;
  const firstCheckIn = newcomer ? (e.ledger.firstCheckInMs[m.index] ?? Number.NaN) : Number.NaN;
  const lowPack = e.packLowMs[m.index] ?? Number.NaN;
  const when: Record<string, number> = {
    member_created: newcomer ? m.createdMs + 5 * MINUTE_MS : Number.NaN,
    first_check_in: firstCheckIn + 3 * HOUR_MS,
    inactive_30_days: m.activeUntilMs + 30 * DAY_MS,
    pack_low_credits: lowPack,
  };
  for (const { id, spec } of e.catalog.automations) {
    const atMs = when[spec.trigger];
    if (!spec.isEnabled || atMs === undefined || !(atMs <= ctx.nowMs)) continue;
    for (const channel of spec.channels) {
      e.buffer.add('automation_logs', {
        id: e.ids('automation_logs').next(atMs),
        tenant_id: ctx.tenantId,
        automation_id: id,
        user_id: m.userId,
        lead_id: null,
        channel,
        triggered_at: iso(atMs),
        metadata: JSON.stringify({ memberId: m.id, delivery: 'sent' }),
        // History from before periods: counts as sent once for one-time triggers (R20.2).
        period_key: null,
        status: 'sent',
        sent_at: iso(atMs),
        error: null,
      });
    }
  }
}

const PUSHES = [
  ['Class reminder', 'Your class starts in 2 hours. See you on the mat!'],
  ['You are in!', 'A spot opened up and you have been moved off the waitlist.'],
  ['New on the schedule', 'A new series starts next week. Book early: spots are limited.'],
  ['Studio update', 'The studio closes early this Friday for a private event.'],
] as const;

function pushes(e: Engagement, m: MemberPlan): void {
  const { random, ctx } = e;
  const [from, to] = activeSpan(e, m);
  if (to <= from) return;
  const months = (to - from) / (30 * DAY_MS);
  const count = random.poisson(DEMO_RATES.pushPerMemberMonth * months);
  for (let i = 0; i < count; i++) {
    const atMs = Math.floor(random.float(from, to));
    const [title, body] = random.pick(PUSHES);
    e.buffer.add('push_logs', {
      id: e.ids('push_logs').next(atMs),
      tenant_id: ctx.tenantId,
      user_id: m.userId,
      title,
      body,
      sent_at: iso(atMs),
      status: 'sent',
      error: null,
      automation_log_id: null,
    });
  }
}

function appointments(e: Engagement, m: MemberPlan): void {
  const { random, ctx, catalog } = e;
  const location = e.people.locations[m.locationIndex];
  const services = catalog.services.filter((s) => s.spec.active);
  const from = Math.max(m.createdMs + DAY_MS, ctx.historyStartMs);
  const to = Math.min(ctx.windowEndMs, m.activeUntilMs);
  if (!location || services.length === 0 || to - from < DAY_MS) return;
  const count = random.poisson(
    (DEMO_RATES.appointmentsPerMemberYear * (to - from)) / (365 * DAY_MS),
  );
  for (let i = 0; i < count; i++) {
    const day = Math.floor(random.float(from, to) / DAY_MS) * DAY_MS;
    const local = day + random.int(20, 38) * 30 * MINUTE_MS;
    const startMs = ctx.zones.toUtc(location.region.timeZone, local);
    const service = random.pick(services);
    const past = startMs < ctx.nowMs;
    const status: AppointmentStatus = past
      ? random.weighted([
          ['completed', 80],
          ['cancelled', 10],
          ['no_show', 10],
        ] as const)
      : random.weighted([
          ['scheduled', 60],
          ['confirmed', 40],
        ] as const);
    const createdMs = Math.max(
      m.createdMs,
      Math.min(ctx.nowMs, startMs - random.int(1, 14) * DAY_MS),
    );
    e.buffer.add('appointments', {
      id: e.ids('appointments').next(createdMs),
      tenant_id: ctx.tenantId,
      service_id: service.id,
      instructor_id: random.pick(location.instructors).id,
      member_id: m.id,
      location_id: location.id,
      start_time: iso(startMs),
      duration_minutes: service.spec.durationMinutes,
      status,
      notes: random.chance(0.3) ? 'Wants to work on alignment in the basics.' : null,
      // Issue 18's columns: the service's price; who booked it and payment are not modelled.
      price: service.spec.price,
      cancellation_reason: status === 'cancelled' ? 'Member asked to cancel' : null,
      cancelled_at: status === 'cancelled' ? iso(createdMs) : null,
      paid_order_id: null,
      order_item_id: null,
      staff_id: null,
      device_id: null,
      created_at: iso(createdMs),
    });
  }
}

/** When each member's packs first ran down to one credit (approximated from usage). */
function packLowTimes(
  ctx: DemoContext,
  catalog: CatalogPlan,
  ledger: AttendanceLedger,
  members: number,
) {
  const low = new Float64Array(members).fill(Number.NaN);
  ledger.packPurchases.forEach((p, i) => {
    const credits = catalog.packs[p.definitionIndex]?.spec.credits ?? 0;
    const used = ledger.packUses[i] ?? 0;
    if (used < credits - 1 || !Number.isNaN(low[p.memberIndex] ?? 0)) return;
    const span = Math.min(ctx.nowMs, p.expiresMs ?? ctx.nowMs) - p.atMs;
    low[p.memberIndex] = p.atMs + Math.floor((span * (credits - 1)) / credits);
  });
  return low;
}

/**
 * What members leave behind besides bookings and sales: waivers, notes, progress, the
 * automations and pushes they received, and private appointments.
 */
export function* generateEngagement(
  ctx: DemoContext,
  people: PeoplePlan,
  catalog: CatalogPlan,
  ledger: AttendanceLedger,
  buffer: BatchBuffer,
): Generator<DemoBatch> {
  const sources = new Map<string, { next(ms: number): string }>();
  const e: Engagement = {
    ctx,
    people,
    catalog,
    ledger,
    buffer,
    random: ctx.random.fork('engagement'),
    ids: (label) => {
      let source = sources.get(label);
      if (!source) sources.set(label, (source = ctx.ids(label)));
      return source;
    },
    packLowMs: packLowTimes(ctx, catalog, ledger, people.members.length),
  };
  for (const m of people.members) {
    waivers(e, m);
    notes(e, m);
    progress(e, m);
    automationLogs(e, m);
    pushes(e, m);
    appointments(e, m);
    if (buffer.isFull) yield* buffer.flush();
  }
  yield* milestones(e, people.members);
  yield* buffer.flush();
}
