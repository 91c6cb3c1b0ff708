import type { Database } from '../src-shared/schema/catalog';
import type { BatchBuffer, DemoBatch } from './demo-batches';
import type { DemoContext } from './demo-context';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, LEAD_SOURCES } from './demo-names';
import { DEMO_RATES } from './demo-scale';
import { DAY_MS, HOUR_MS, iso } from './demo-time';
import type { AttendanceLedger } from './attendance-ledger';
import type { CatalogPlan } from './generate-catalog';
import type { SchedulePlan } from './generate-schedule';
import type { PeoplePlan } from './plan-people';
import type { SeededRandom } from './seeded-random';

type LeadStatus = Database['leads']['status'];
type LeadRow = Database['leads'];

/** The demo's sources in the desk's short list (lead.capture), the brand kept as detail. */
const DESK_SOURCES: Record<
  (typeof LEAD_SOURCES)[number][0],
  Pick<LeadRow, 'source' | 'source_detail'>
> = {
  'walk-in': { source: 'walk_in', source_detail: null },
  website: { source: 'website', source_detail: null },
  instagram: { source: 'social', source_detail: 'Instagram' },
  referral: { source: 'referral', source_detail: null },
  google: { source: 'website', source_detail: 'Google search' },
  classpass: { source: 'other', source_detail: 'ClassPass' },
  event: { source: 'event', source_detail: null },
};

const LOST_REASONS = ['Chose another studio', 'Too far away', 'Price', 'No reply'] as const;

/**
 * The pipeline's columns (issue 20, R18) as a lead taken at the desk would hold them: no
 * trial class (the demo's trials predate the schedule it would name), who took it unknown.
 */
function pipelineColumns(
  index: number,
  status: LeadStatus,
  createdAt: string,
  convertedAt: string | null,
) {
  return {
    trial_class_id: null,
    messages_opt_out_at: null,
    trial_booked_at: null,
    lost_reason: status === 'lost' ? (LOST_REASONS[index % LOST_REASONS.length] ?? null) : null,
    converted_at: convertedAt,
    created_by: null,
    updated_at: convertedAt ?? createdAt,
  } satisfies Partial<LeadRow>;
}
type ReviewRow = Database['review_items'];

/** Walk-ins and enquiries; a converted lead points at the member it became. */
function* leads(
  ctx: DemoContext,
  people: PeoplePlan,
  random: SeededRandom,
  buffer: BatchBuffer,
): Generator<DemoBatch> {
  const ids = ctx.ids('leads');
  const newcomers = people.members.filter((m) => m.createdMs >= ctx.historyStartMs + 7 * DAY_MS);
  const converted = new Set<number>();
  const count = Math.round(people.members.length * DEMO_RATES.leadsPerMember);
  for (let i = 0; i < count; i++) {
    let status: LeadStatus = random.weighted([
      ['new', 20],
      ['contacted', 25],
      ['trial', 15],
      ['converted', 25],
      ['lost', 15],
    ] as const);
    const member =
      status === 'converted' && newcomers.length > 0 ? random.pick(newcomers) : undefined;
    if (status === 'converted' && (!member || converted.has(member.index))) status = 'lost';
    const source = random.weighted(LEAD_SOURCES);
    if (status === 'converted' && member) {
      converted.add(member.index);
      const createdMs = member.createdMs - random.int(1, 21) * DAY_MS;
      buffer.add('leads', {
        id: ids.next(createdMs),
        tenant_id: ctx.tenantId,
        email: member.email,
        name: `${member.firstName} ${member.lastName}`,
        phone: member.phone,
        ...DESK_SOURCES[source],
        status,
        converted_member_id: member.id,
        created_at: iso(createdMs),
        ...pipelineColumns(i, status, iso(createdMs), iso(member.createdMs)),
      });
    } else {
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      const createdMs = Math.floor(random.float(ctx.historyStartMs, ctx.nowMs - HOUR_MS));
      const handle = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
      buffer.add('leads', {
        id: ids.next(createdMs),
        tenant_id: ctx.tenantId,
        email: `${handle}.lead${i + 1}@${random.pick(EMAIL_DOMAINS)}`,
        name: random.chance(0.85) ? `${first} ${last}` : null,
        phone: random.chance(0.6)
          ? `(${ctx.region.areaCode}) 555-${String(random.int(0, 9999)).padStart(4, '0')}`
          : null,
        ...DESK_SOURCES[source],
        status,
        converted_member_id: null,
        created_at: iso(createdMs),
        ...pipelineColumns(i, status, iso(createdMs), null),
      });
    }
    if (buffer.isFull) yield* buffer.flush();
  }
}

function chatRooms(
  ctx: DemoContext,
  people: PeoplePlan,
  schedule: SchedulePlan,
  random: SeededRandom,
  buffer: BatchBuffer,
): void {
  const ids = ctx.ids('chat_rooms');
  const count = 4 + Math.ceil(people.members.length / 1000);
  const staffUsers = people.staff.map((s) => s.userId);
  for (let i = 0; i < count; i++) {
    const atMs = Math.floor(random.float(ctx.historyStartMs, ctx.nowMs));
    const type = random.weighted([
      ['support', 4],
      ['class', 3],
      ['group', 1],
      ['direct', 2],
    ] as const);
    const member = random.pick(people.members);
    const series = random.pick(schedule.series);
    const name =
      type === 'support'
        ? `Help: ${member.firstName} ${member.lastName}`
        : type === 'class'
          ? `${series.classType.title} (${people.locations[series.locationIndex]?.name ?? ''})`
          : type === 'group'
            ? random.pick(['Teacher training 2026', 'Run club', 'Beginners circle'])
            : `Front desk and ${member.firstName}`;
    buffer.add('chat_rooms', {
      id: ids.next(atMs),
      tenant_id: ctx.tenantId,
      type,
      name,
      status: random.weighted([
        ['open', 6],
        ['closed', 3],
        ['archived', 1],
      ] as const),
      assigned_to_id: type === 'support' || type === 'direct' ? random.pick(staffUsers) : null,
      created_at: iso(atMs),
      // The desk's messages (issue 20, R22) add these; the demo's rooms predate them.
      member_id: null,
      location_id: null,
      created_by: null,
      updated_at: null,
    });
  }
}

/**
 * Things the server flagged after desks synced. Two are still open (a lapsed membership
 * that kept booking, a declined renewal); the rest were resolved or dismissed, and the
 * records they name have since been put right, so every ledger still balances.
 */
function reviewItems(
  ctx: DemoContext,
  people: PeoplePlan,
  schedule: SchedulePlan,
  catalog: CatalogPlan,
  ledger: AttendanceLedger,
  giftCardIds: readonly string[],
  random: SeededRandom,
  buffer: BatchBuffer,
): void {
  const ids = ctx.ids('review_items');
  const desks = people.locations[0]?.deviceIds ?? [];
  const lapsed =
    people.members.find((m) => m.subscription?.status === 'past_due') ?? people.members[0];
  const declined = people.members.find((m) => m.subscription?.status === 'active');
  const exhausted = ledger.packPurchases.find(
    (p, i) => (catalog.packs[p.definitionIndex]?.spec.credits ?? 0) === (ledger.packUses[i] ?? -1),
  );
  const pastClass = schedule.classes.find(
    (c) => c.startMs < ctx.nowMs - 7 * DAY_MS && c.status === 'completed',
  );
  const product = catalog.products.find((p) => p.spec.tracked);
  const resolver = people.locations[0]?.manager.id ?? people.owner.id;
  const add = (
    kind: ReviewRow['kind'],
    open: boolean,
    subject: { memberId?: string | undefined; amount?: number; subjectId?: string | undefined },
    details: object,
  ) => {
    const createdMs = ctx.nowMs - random.int(open ? 2 : 10, open ? 48 : 600) * HOUR_MS;
    const closed = !open;
    const status = open ? 'open' : random.chance(0.7) ? 'resolved' : 'dismissed';
    buffer.add('review_items', {
      id: ids.next(createdMs),
      tenant_id: ctx.tenantId,
      kind,
      status,
      member_id: subject.memberId ?? null,
      amount: subject.amount ?? null,
      subject_id: subject.subjectId ?? null,
      device_ids: JSON.stringify(desks.length > 1 ? desks.slice(0, 2) : desks),
      details: JSON.stringify(details),
      created_at: iso(createdMs),
      resolved_at: closed
        ? iso(Math.min(ctx.nowMs, createdMs + random.int(1, 72) * HOUR_MS))
        : null,
      resolved_by: closed ? resolver : null,
      // How it was settled (issue 19, R16): a dismissal with its reason, else written off.
      resolution: status === 'open' ? null : status === 'dismissed' ? 'dismiss' : 'write_off',
      resolution_note: closed ? 'Settled by the manager after the desks synced' : null,
      resolution_amount: status === 'resolved' ? (subject.amount ?? null) : null,
      resolution_reference: null,
      resolved_device_id: closed ? (desks[0] ?? null) : null,
    });
  };
  const lapsedPlan = lapsed?.subscription && people.membershipPlans[lapsed.subscription.planIndex];
  add(
    'membership_lapsed',
    true,
    { memberId: lapsed?.id, subjectId: lapsed?.subscription?.id },
    {
      reason: 'Checked in on a membership whose renewal had failed',
    },
  );
  const declinedPlan =
    declined?.subscription && people.membershipPlans[declined.subscription.planIndex];
  add(
    'card_declined',
    true,
    {
      memberId: declined?.id,
      amount: declinedPlan?.spec.price ?? lapsedPlan?.spec.price ?? 0,
      subjectId: declined?.subscription?.id,
    },
    {
      declineCode: 'insufficient_funds',
    },
  );
  if (giftCardIds[0]) {
    add(
      'gift_card_overdrawn',
      false,
      { amount: 1250, subjectId: giftCardIds[0] },
      {
        resolution: 'Customer paid the difference in cash',
      },
    );
  }
  if (exhausted) {
    const member = people.members[exhausted.memberIndex];
    add(
      'pack_exhausted',
      false,
      { memberId: member?.id, subjectId: exhausted.id },
      {
        resolution: 'Last credit used on two desks; one booking comped',
      },
    );
  }
  if (product) add('stock_negative', false, { subjectId: product.id }, { resolution: 'Recounted' });
  if (pastClass) {
    add(
      'class_over_capacity',
      false,
      { subjectId: pastClass.id },
      {
        resolution: 'Extra mats set out; instructor agreed',
      },
    );
  }
}

/** Leads, chat rooms and the review queue. */
export function* generateOutreach(
  ctx: DemoContext,
  people: PeoplePlan,
  schedule: SchedulePlan,
  catalog: CatalogPlan,
  ledger: AttendanceLedger,
  giftCardIds: readonly string[],
  buffer: BatchBuffer,
): Generator<DemoBatch> {
  const random = ctx.random.fork('outreach');
  yield* leads(ctx, people, random, buffer);
  chatRooms(ctx, people, schedule, random, buffer);
  reviewItems(ctx, people, schedule, catalog, ledger, giftCardIds, random, buffer);
  yield* buffer.flush();
}
