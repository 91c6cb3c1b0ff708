import type { Database } from '../src-shared/schema/catalog';
import type { AttendanceLedger } from './attendance-ledger';
import type { DemoContext } from './demo-context';
import { DAY_MS, MINUTE_MS } from './demo-time';
import type { CatalogPlan } from './generate-catalog';
import type { ClassPlan } from './generate-schedule';
import type { PeoplePlan } from './plan-people';
import type { SeededRandom } from './seeded-random';

// How each kept booking is paid: the member's subscription while it covers the class and
// its monthly limit allows, else a pack with credits (bought on the spot by pack users),
// else a drop-in (a newcomer's first class is free).

type PaymentMethod = Database['bookings']['payment_method'];

const NO_LIMIT = -1;
const MONTH_MS = 30.44 * DAY_MS;

/**
 * The member fields a booking reads, as flat arrays by member index: the simulation reads
 * them for every booking, and following member objects around the heap dominated its time.
 */
export interface MemberFacts {
  readonly createdMs: Float64Array;
  /** Subscription start and the end of the classes it pays for; NaN without one. */
  readonly subFromMs: Float64Array;
  readonly subUntilMs: Float64Array;
  /** Classes per month the plan allows, NO_LIMIT for unlimited. */
  readonly subLimit: Int32Array;
  readonly buysPacks: Uint8Array;
}

export function memberFacts(people: PeoplePlan): MemberFacts {
  const n = people.members.length;
  const facts: MemberFacts = {
    createdMs: new Float64Array(n),
    subFromMs: new Float64Array(n).fill(Number.NaN),
    subUntilMs: new Float64Array(n).fill(Number.NaN),
    subLimit: new Int32Array(n).fill(NO_LIMIT),
    buysPacks: new Uint8Array(n),
  };
  for (const m of people.members) {
    facts.createdMs[m.index] = m.createdMs;
    facts.buysPacks[m.index] = m.paysWith === 'pack' ? 1 : 0;
    const sub = m.subscription;
    if (!sub) continue;
    facts.subFromMs[m.index] = sub.createdMs;
    facts.subUntilMs[m.index] = sub.coverageEndMs;
    facts.subLimit[m.index] = people.membershipPlans[sub.planIndex]?.spec.classLimit ?? NO_LIMIT;
  }
  return facts;
}

/** The running state of the booking simulation. */
export interface BookingSimulation {
  readonly ctx: DemoContext;
  readonly people: PeoplePlan;
  readonly catalog: CatalogPlan;
  readonly random: SeededRandom;
  readonly ledger: AttendanceLedger;
  readonly facts: MemberFacts;
  readonly packIds: { next(ms: number): string };
  /** Per member: indices of their packs that may still have credits, oldest first. */
  readonly packsOf: number[][];
  readonly packsLeft: number[];
  readonly boughtPack: Uint8Array;
  /** Per member: the month of their subscription counted in, and classes taken in it. */
  readonly periodIndex: Int32Array;
  readonly periodCount: Int32Array;
  /** Per location pool: start of each member's latest class (none within twelve hours). */
  readonly lastClassMs: readonly Float64Array[];
}

export interface Payment {
  readonly method: PaymentMethod;
  readonly subscriptionId: string | null;
  readonly packId: string | null;
  /** Booking time, moved after the purchase of the pack that pays for it. */
  readonly createdMs: number;
}

function buyPack(sim: BookingSimulation, member: number, c: ClassPlan, atMs: number): number {
  const { catalog, random } = sim;
  const packs = sim.packsOf[member] ?? [];
  const newcomer = (sim.facts.createdMs[member] ?? 0) >= sim.ctx.historyStartMs;
  // The intro pack (the first one) is for a newcomer's first purchase only.
  const introAllowed = newcomer && sim.boughtPack[member] === 0;
  sim.boughtPack[member] = 1;
  const definitionIndex = random.weighted(
    catalog.packs.map((p, i) => [i, i === 0 && !introAllowed ? 0 : p.spec.popularity] as const),
  );
  const spec = catalog.packs[definitionIndex]?.spec;
  if (!spec) throw new Error(`no pack definition ${definitionIndex}`);
  const index = sim.ledger.packPurchases.length;
  sim.ledger.packPurchases.push({
    index,
    id: sim.packIds.next(atMs),
    memberIndex: member,
    definitionIndex,
    locationIndex: c.series.locationIndex,
    atMs,
    expiresMs: spec.validityDays === null ? null : atMs + spec.validityDays * DAY_MS,
  });
  sim.ledger.packUses.push(0);
  sim.packsLeft.push(spec.credits);
  packs.push(index);
  return index;
}

function usePack(sim: BookingSimulation, pack: number, createdMs: number): Payment {
  const purchase = sim.ledger.packPurchases[pack];
  if (!purchase) throw new Error(`no pack ${pack}`);
  sim.packsLeft[pack] = (sim.packsLeft[pack] ?? 0) - 1;
  sim.ledger.packUses[pack] = (sim.ledger.packUses[pack] ?? 0) + 1;
  return {
    method: 'pack',
    subscriptionId: null,
    packId: purchase.id,
    createdMs: Math.max(createdMs, purchase.atMs),
  };
}

/** A pack of the member's that can pay for the class, dropping used-up ones as it goes. */
function livePack(sim: BookingSimulation, member: number, c: ClassPlan): number | undefined {
  const packs = sim.packsOf[member] ?? [];
  for (let i = 0; i < packs.length; i++) {
    const pack = packs[i] ?? -1;
    const purchase = sim.ledger.packPurchases[pack];
    if (!purchase || (sim.packsLeft[pack] ?? 0) <= 0) {
      packs.splice(i--, 1);
      continue;
    }
    if (purchase.atMs > c.startMs - 5 * MINUTE_MS) continue;
    if (purchase.expiresMs !== null && purchase.expiresMs <= c.startMs) continue;
    return pack;
  }
  return undefined;
}

/** How a kept booking is paid: membership, then a pack with credits, then a drop-in. */
export function payFor(
  sim: BookingSimulation,
  member: number,
  c: ClassPlan,
  createdMs: number,
): Payment {
  const { facts } = sim;
  const payment = (method: PaymentMethod, subscriptionId: string | null = null): Payment => ({
    method,
    subscriptionId,
    packId: null,
    createdMs,
  });
  if (c.series.dropInPrice === 0) return payment('free');
  const subFromMs = facts.subFromMs[member] ?? Number.NaN;
  const hasSub = !Number.isNaN(subFromMs);
  if (hasSub && subFromMs <= createdMs && c.startMs < (facts.subUntilMs[member] ?? 0)) {
    const limit = facts.subLimit[member] ?? NO_LIMIT;
    const period = Math.floor((c.startMs - subFromMs) / MONTH_MS);
    if (sim.periodIndex[member] !== period) {
      sim.periodIndex[member] = period;
      sim.periodCount[member] = 0;
    }
    const used = sim.periodCount[member] ?? 0;
    if (limit === NO_LIMIT || used < limit) {
      sim.periodCount[member] = used + 1;
      return payment('subscription', sim.people.members[member]?.subscription?.id ?? null);
    }
  }
  const pack = livePack(sim, member, c);
  if (pack !== undefined) return usePack(sim, pack, createdMs);
  if (facts.buysPacks[member] === 1 || (hasSub && sim.random.chance(0.5))) {
    return usePack(sim, buyPack(sim, member, c, createdMs), createdMs);
  }
  // A newcomer's first class is on the house.
  const newcomer = (facts.createdMs[member] ?? 0) >= sim.ctx.historyStartMs;
  return payment(newcomer && sim.ledger.checkIns[member] === 0 ? 'free' : 'drop_in');
}
