import type { Database } from '../src-shared/schema/catalog';
import type { DemoContext } from './demo-context';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, REGIONS, type DemoRegion } from './demo-names';
import { MEMBERSHIP_PLANS, type MembershipPlanSpec } from './demo-offers';
import { DEMO_RATES } from './demo-scale';
import { DAY_MS, HOUR_MS } from './demo-time';
import { planSubscription, type SubscriptionPlan } from './plan-subscriptions';
import type { SeededRandom } from './seeded-random';

type TenantRole = Database['tenant_roles']['role'];
type MemberStatus = Database['tenant_members']['status'];

export interface PersonPlan {
  readonly id: string;
  readonly userId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly barcode: string;
  readonly createdMs: number;
}

export interface StaffPlan extends PersonPlan {
  readonly roles: readonly TenantRole[];
  readonly title: string;
  /** Home location; null for the owner, who works across all of them. */
  readonly locationIndex: number | null;
}

export interface LocationPlan {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly region: DemoRegion;
  readonly address: string;
  readonly createdMs: number;
  /** Desk computers; the first holds the cash drawer. */
  readonly deviceIds: readonly string[];
  readonly manager: StaffPlan;
  readonly deskStaff: readonly StaffPlan[];
  readonly instructors: readonly StaffPlan[];
  /** UTC instant of local midnight for each day from the start of the history window. */
  readonly midnights: readonly number[];
}

export type PaysWith = 'subscription' | 'pack' | 'drop_in';

export interface MemberPlan extends PersonPlan {
  readonly index: number;
  readonly locationIndex: number;
  readonly status: MemberStatus;
  /** The member stops booking after this instant (Infinity while active). */
  readonly activeUntilMs: number;
  /** How often they come compared with other members. */
  readonly weight: number;
  readonly paysWith: PaysWith;
  readonly subscription: SubscriptionPlan | null;
  readonly birthDate: string;
}

export interface MembershipPlanRow {
  readonly id: string;
  readonly spec: MembershipPlanSpec;
}

/**
 * A location's members, earliest joiner first, with the fields booking simulation reads
 * for every candidate kept in flat arrays: sampling touches them hundreds of thousands of
 * times, and chasing member objects all over the heap was most of the generator's time.
 */
export interface MemberPool {
  readonly members: Int32Array;
  readonly joinedMs: Float64Array;
  readonly activeUntilMs: Float64Array;
  readonly weight: Float64Array;
}

export interface PeoplePlan {
  readonly owner: StaffPlan;
  readonly staff: readonly StaffPlan[];
  readonly locations: readonly LocationPlan[];
  readonly members: readonly MemberPlan[];
  /** Member indices per home location, earliest joiner first. */
  readonly membersByLocation: readonly (readonly number[])[];
  readonly pools: readonly MemberPool[];
  readonly membershipPlans: readonly MembershipPlanRow[];
}

function memberPool(members: readonly MemberPlan[], indices: readonly number[]): MemberPool {
  const at = (i: number) => members[indices[i] ?? -1];
  return {
    members: Int32Array.from(indices),
    joinedMs: Float64Array.from(indices, (_, i) => at(i)?.createdMs ?? Infinity),
    activeUntilMs: Float64Array.from(indices, (_, i) => at(i)?.activeUntilMs ?? 0),
    weight: Float64Array.from(indices, (_, i) => at(i)?.weight ?? 0),
  };
}

/** How many of a location's members (earliest joiner first) had joined by `atMs`. */
export function joinedBy(people: PeoplePlan, locationIndex: number, atMs: number): number {
  const joined = people.pools[locationIndex]?.joinedMs ?? new Float64Array();
  let lo = 0;
  let hi = joined.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((joined[mid] ?? Infinity) <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const slugOf = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

interface PeopleFactory {
  readonly ctx: DemoContext;
  readonly random: SeededRandom;
  readonly nextId: (ms: number) => string;
  readonly nextUserId: (ms: number) => string;
}

function person(f: PeopleFactory, createdMs: number, barcode: string, n: number): PersonPlan {
  const firstName = f.random.pick(FIRST_NAMES);
  const lastName = f.random.pick(LAST_NAMES);
  const domain = f.random.pick(EMAIL_DOMAINS);
  const phone = `(${f.ctx.region.areaCode}) 555-${String(f.random.int(0, 9999)).padStart(4, '0')}`;
  return {
    id: f.nextId(createdMs),
    userId: f.nextUserId(createdMs),
    firstName,
    lastName,
    email: `${slugOf(firstName)}.${slugOf(lastName)}${n}@${domain}`,
    phone,
    barcode,
    createdMs,
  };
}

function planLocations(f: PeopleFactory, staff: StaffPlan[]): LocationPlan[] {
  const { ctx, random } = f;
  const { shape } = ctx;
  const home = REGIONS.indexOf(ctx.region);
  const locationIds = ctx.ids('locations');
  const locations: LocationPlan[] = [];
  const staffMember = (roles: TenantRole[], title: string, locationIndex: number) => {
    const createdMs = ctx.onboardedMs + random.int(0, 48) * HOUR_MS;
    const index = staff.length;
    const plan: StaffPlan = {
      ...person(f, createdMs, `S${String(1001 + index)}`, index + 1),
      roles,
      title,
      locationIndex,
    };
    staff.push(plan);
    return plan;
  };
  for (let i = 0; i < ctx.scale.locations; i++) {
    // The first six branches are in the studio's own city; a bigger chain spreads out.
    const region = REGIONS[(home + Math.floor(i / 6)) % REGIONS.length] ?? ctx.region;
    const round = Math.floor(i / (6 * REGIONS.length));
    const neighbourhood = `${region.neighbourhoods[i % 6] ?? region.city}${round ? ` ${round + 1}` : ''}`;
    const name = ctx.scale.locations > 6 ? `${region.city} · ${neighbourhood}` : neighbourhood;
    const zip = `${region.zipPrefix}${String(random.int(1, 99)).padStart(2, '0')}`;
    const address = `${random.int(100, 4999)} ${random.pick(region.streets)}, ${region.city}, ${region.state} ${zip}`;
    const manager = staffMember(['manager'], 'Studio manager', i);
    const deskStaff = Array.from({ length: shape.frontDeskPerLocation }, () =>
      staffMember(['front_desk'], 'Front desk', i),
    );
    const instructors = Array.from({ length: shape.instructorsPerLocation }, () =>
      staffMember(['instructor'], 'Instructor', i),
    );
    const midnights = Array.from({ length: ctx.dayCount + 2 }, (_, day) =>
      ctx.zones.toUtc(region.timeZone, ctx.historyStartMs + day * DAY_MS),
    );
    const deviceIds = Array.from(
      { length: shape.desksPerLocation },
      (_, desk) => `desk-l${i + 1}-${desk + 1}`,
    );
    const createdMs = ctx.onboardedMs + i * 60_000;
    locations.push({
      index: i,
      id: locationIds.next(createdMs),
      name,
      region,
      address,
      createdMs,
      deviceIds,
      manager,
      deskStaff,
      instructors,
      midnights,
    });
  }
  return locations;
}

function planMembers(f: PeopleFactory, locationCount: number): MemberPlan[] {
  const { ctx, random } = f;
  const subscriptionIds = ctx.ids('subscriptions');
  const members: MemberPlan[] = [];
  const rates = DEMO_RATES;
  const joinWindowStart = ctx.onboardedMs + 7 * DAY_MS;
  for (let index = 0; index < ctx.scale.members; index++) {
    const imported = random.chance(rates.importedMembers);
    const joinedMs = imported
      ? ctx.onboardedMs + random.int(1, 72 * 60) * 60_000
      : Math.floor(random.float(joinWindowStart, ctx.nowMs - 2 * HOUR_MS));
    const status: MemberStatus =
      ctx.nowMs - joinedMs < 30 * DAY_MS
        ? 'active'
        : random.weighted([
            ['active', rates.memberStatus.active],
            ['inactive', rates.memberStatus.inactive],
            ['archived', rates.memberStatus.archived],
          ] as const);
    const quitFrom = Math.max(joinedMs + 21 * DAY_MS, ctx.historyStartMs - 20 * DAY_MS);
    const activeUntilMs =
      status === 'active'
        ? Infinity
        : Math.floor(random.float(quitFrom, Math.max(quitFrom, ctx.nowMs - 10 * DAY_MS)));
    const paysWith = random.weighted([
      ['subscription', rates.paysWith.subscription],
      ['pack', rates.paysWith.pack],
      ['drop_in', rates.paysWith.drop_in],
    ] as const);
    const subscription =
      paysWith === 'subscription'
        ? planSubscription(ctx, random, { joinedMs, status, activeUntilMs }, subscriptionIds)
        : null;
    const limit = subscription ? MEMBERSHIP_PLANS[subscription.planIndex]?.classLimit : undefined;
    const baseWeight = subscription
      ? limit === null || limit === undefined
        ? 2.2
        : limit / 6
      : paysWith === 'pack'
        ? 1
        : 0.35;
    const birth = new Date(Date.UTC(random.int(1962, 2008), random.int(0, 11), random.int(1, 28)));
    members.push({
      ...person(f, joinedMs, `M${String(100001 + index)}`, index + 1),
      index,
      // The first location is the flagship and a little busier.
      locationIndex: random.chance(0.15) ? 0 : random.int(0, locationCount - 1),
      status,
      activeUntilMs,
      weight: baseWeight * random.float(0.5, 1.5),
      paysWith,
      subscription,
      birthDate: birth.toISOString().slice(0, 10),
    });
  }
  return members;
}

/** Decides who works and trains at the studio; rows are written later from this plan. */
export function planPeople(ctx: DemoContext): PeoplePlan {
  const random = ctx.random.fork('people');
  const memberIds = ctx.ids('tenant_members');
  const userIds = ctx.ids('users');
  const f: PeopleFactory = {
    ctx,
    random,
    nextId: (ms) => memberIds.next(ms),
    nextUserId: (ms) => userIds.next(ms),
  };
  const owner: StaffPlan = {
    ...person(f, ctx.onboardedMs, 'S1000', 0),
    // In a one- or two-room studio the owner still teaches.
    roles: ctx.scale.locations <= 2 ? ['owner', 'instructor'] : ['owner'],
    title: 'Owner',
    locationIndex: null,
  };
  const staff: StaffPlan[] = [owner];
  const locations = planLocations(f, staff);
  const members = planMembers(f, locations.length);
  const membersByLocation = locations.map((l) =>
    members
      .filter((m) => m.locationIndex === l.index)
      .sort((a, b) => a.createdMs - b.createdMs || a.index - b.index)
      .map((m) => m.index),
  );
  const planIds = ctx.ids('membership_plans');
  const membershipPlans = MEMBERSHIP_PLANS.map((spec) => ({
    id: planIds.next(ctx.onboardedMs),
    spec: { ...spec, price: Math.round((spec.price * ctx.profile.priceFactor) / 100) * 100 },
  }));
  const pools = membersByLocation.map((indices) => memberPool(members, indices));
  return { owner, staff, locations, members, membersByLocation, pools, membershipPlans };
}
