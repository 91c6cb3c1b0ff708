import {
  createCommerceState,
  moveStock,
  type CommerceOutcome,
  type CommerceState,
  type DrawerSession,
} from './commerce-state';
import type { BatchBuffer, DemoBatch } from './demo-batches';
import type { DemoContext } from './demo-context';
import { DAY_MS, HOUR_MS, iso, MINUTE_MS } from './demo-time';
import type { AttendanceLedger } from './attendance-ledger';
import type { CatalogPlan } from './generate-catalog';
import type { SchedulePlan } from './generate-schedule';
import type { LocationPlan, MemberPlan, PeoplePlan } from './plan-people';
import { closeDrawer, drawerChores, restock } from './cash-drawer';
import { sell, type SaleSetting } from './sell-order';
import { memberAt, retailLines, settleNewCards } from './sell-retail';

type Intent =
  | { readonly kind: 'pack'; readonly atMs: number; readonly purchase: number }
  | { readonly kind: 'drop_in'; readonly atMs: number; readonly sale: number }
  | { readonly kind: 'membership'; readonly atMs: number; readonly member: MemberPlan }
  | { readonly kind: 'retail'; readonly atMs: number };

/** Sales the bookings and sign-ups caused, per location, earliest first. */
function plannedIntents(state: CommerceState): Intent[][] {
  const { people, ledger, schedule } = state;
  const byLocation: Intent[][] = people.locations.map(() => []);
  ledger.packPurchases.forEach((p, purchase) => {
    byLocation[p.locationIndex]?.push({ kind: 'pack', atMs: p.atMs, purchase });
  });
  ledger.dropIns.forEach((d, sale) => {
    const location = schedule.classes[d.classIndex]?.series.locationIndex ?? 0;
    byLocation[location]?.push({ kind: 'drop_in', atMs: d.atMs, sale });
  });
  for (const member of people.members) {
    const sub = member.subscription;
    if (!sub?.hasOrder) continue;
    byLocation[member.locationIndex]?.push({ kind: 'membership', atMs: sub.createdMs, member });
  }
  for (const intents of byLocation) intents.sort((a, b) => a.atMs - b.atMs);
  return byLocation;
}

function sellIntent(state: CommerceState, intent: Intent, setting: SaleSetting): void {
  const { catalog, ledger, people, schedule, ctx } = state;
  if (intent.kind === 'pack') {
    const purchase = ledger.packPurchases[intent.purchase];
    const definition = purchase && catalog.packs[purchase.definitionIndex];
    if (!purchase || !definition) throw new Error(`no pack purchase ${intent.purchase}`);
    const welcome = purchase.definitionIndex === 0 && state.random.chance(0.5);
    const sale = sell(
      state,
      setting,
      [
        {
          kind: 'class_pack',
          description: definition.spec.name,
          quantity: 1,
          unitPrice: definition.spec.price,
          packDefinitionId: definition.id,
        },
      ],
      welcome ? { coupon: 'WELCOME15' } : {},
    );
    const line = sale?.lines[0];
    const member = people.members[purchase.memberIndex];
    if (!sale || !line || !member) throw new Error('a pack sale always sells its pack');
    state.buffer.add('purchased_packs', {
      id: purchase.id,
      tenant_id: ctx.tenantId,
      member_id: member.id,
      pack_definition_id: definition.id,
      initial_credits: definition.spec.credits,
      remaining_credits: definition.spec.credits - (ledger.packUses[intent.purchase] ?? 0),
      member_price: line.gross - line.discount,
      order_id: sale.orderId,
      expires_at: purchase.expiresMs === null ? null : iso(purchase.expiresMs),
      created_at: iso(purchase.atMs),
    });
  } else if (intent.kind === 'drop_in') {
    const sale = ledger.dropIns[intent.sale];
    const c = sale && schedule.classes[sale.classIndex];
    if (!c) throw new Error(`no drop-in ${intent.sale}`);
    sell(state, setting, [
      {
        kind: 'drop_in',
        description: `Drop-in: ${c.series.classType.title}`,
        quantity: 1,
        unitPrice: c.series.dropInPrice,
        classId: c.id,
      },
    ]);
  } else if (intent.kind === 'membership') {
    const sub = intent.member.subscription;
    const plan = sub && people.membershipPlans[sub.planIndex];
    if (!plan) throw new Error('a membership sale needs its plan');
    const description = `${plan.spec.name}: first ${plan.spec.interval === 'one_time' ? 'payment' : plan.spec.interval}`;
    sell(state, setting, [
      { kind: 'membership', description, quantity: 1, unitPrice: plan.spec.price },
    ]);
  } else {
    const [lines, newCards] = retailLines(state, setting);
    sell(state, setting, lines, { refundable: true });
    settleNewCards(state, newCards, setting);
  }
}

/** Who rings up a sale made at `atMs`: a desk (with the drawer if it is the first) or online. */
function settingFor(
  state: CommerceState,
  location: LocationPlan,
  drawer: DrawerSession | null,
  atMs: number,
  member: MemberPlan | null,
): SaleSetting {
  const { random } = state;
  if (!drawer || atMs < drawer.openMs || atMs > drawer.closeMs) {
    return { location, atMs, member, staffId: location.manager.id, deviceId: null, drawer: null };
  }
  const deviceId = random.pick(location.deviceIds);
  const staff = random.chance(0.15) ? location.manager : random.pick(location.deskStaff);
  const atDrawer = deviceId === drawer.deviceId ? drawer : null;
  return { location, atMs, member, staffId: staff.id, deviceId, drawer: atDrawer };
}

function memberOf(state: CommerceState, intent: Intent, location: LocationPlan): MemberPlan | null {
  const { people, ledger } = state;
  if (intent.kind === 'pack') {
    return people.members[ledger.packPurchases[intent.purchase]?.memberIndex ?? -1] ?? null;
  }
  if (intent.kind === 'drop_in') {
    return people.members[ledger.dropIns[intent.sale]?.memberIndex ?? -1] ?? null;
  }
  if (intent.kind === 'membership') return intent.member;
  return state.random.chance(0.65) ? memberAt(state, location, intent.atMs) : null;
}

/**
 * Every sale from the start of the history window to `now`, day by day and location by
 * location: a cash drawer per location and day, the orders of packs, drop-ins and
 * memberships the bookings caused, and walk-in retail. Returns the final stock and gift
 * card balances, which the rows written before the sales need (see generate-demo-tenant).
 */
export function* generateCommerce(
  ctx: DemoContext,
  people: PeoplePlan,
  schedule: SchedulePlan,
  catalog: CatalogPlan,
  ledger: AttendanceLedger,
  knownBalances: readonly number[] | null,
  buffer: BatchBuffer,
): Generator<DemoBatch, CommerceOutcome> {
  const state = createCommerceState({
    ctx,
    people,
    schedule,
    catalog,
    ledger,
    buffer,
    knownBalances,
  });
  const { random } = state;
  for (const product of catalog.products) {
    const atMs = ctx.onboardedMs + DAY_MS;
    moveStock(state, product.index, product.restockQuantity, 'count', atMs, people.owner.id);
  }
  const planned = plannedIntents(state);
  const next = people.locations.map(() => 0);
  for (let day = 0; day < ctx.dayCount; day++) {
    const midnights = people.locations.map((l) => l.midnights[day] ?? Infinity);
    const firstMidnight = Math.min(...midnights);
    if (firstMidnight > ctx.nowMs) break;
    // Deliveries arrive before the first desk opens.
    const deliveryMs = firstMidnight + 5 * HOUR_MS;
    if (deliveryMs <= ctx.nowMs) restock(state, deliveryMs, people.owner.id);
    // All locations' sales of the day in time order: stock and gift cards are shared.
    const sales: { intent: Intent; location: LocationPlan; drawer: DrawerSession | null }[] = [];
    const drawers: DrawerSession[] = [];
    for (const location of people.locations) {
      const midnight = location.midnights[day] ?? Infinity;
      if (midnight > ctx.nowMs) continue;
      const openMs = midnight + 5.5 * HOUR_MS;
      const closeMs = midnight + 21.5 * HOUR_MS;
      const drawer: DrawerSession | null =
        openMs <= ctx.nowMs
          ? {
              id: state.ids.sessions.next(openMs),
              location,
              deviceId: location.deviceIds[0] ?? 'desk',
              openMs,
              closeMs,
              openedBy: random.pick(location.deskStaff).id,
              movements: 0,
            }
          : null;
      if (drawer) drawers.push(drawer);
      const endMs = location.midnights[day + 1] ?? Infinity;
      const queue = planned[location.index] ?? [];
      let cursor = next[location.index] ?? 0;
      for (; cursor < queue.length && (queue[cursor]?.atMs ?? Infinity) < endMs; cursor++) {
        const intent = queue[cursor];
        if (intent) sales.push({ intent, location, drawer });
      }
      next[location.index] = cursor;
      const walkIns = drawer ? random.poisson(ctx.shape.retailOrdersPerLocationDay) : 0;
      for (let i = 0; i < walkIns; i++) {
        const atMs = Math.floor(random.float(openMs + 30 * MINUTE_MS, closeMs - 30 * MINUTE_MS));
        if (atMs <= ctx.nowMs) sales.push({ intent: { kind: 'retail', atMs }, location, drawer });
      }
    }
    sales.sort((a, b) => a.intent.atMs - b.intent.atMs || a.location.index - b.location.index);
    for (const { intent, location, drawer } of sales) {
      const member = memberOf(state, intent, location);
      sellIntent(state, intent, settingFor(state, location, drawer, intent.atMs, member));
    }
    for (const drawer of drawers) {
      drawerChores(state, drawer);
      closeDrawer(state, drawer);
    }
    if (buffer.isFull) yield* buffer.flush();
  }
  yield* buffer.flush();
  return {
    finalStock: [...state.stock],
    giftCardBalances: state.giftCards.map((c) => c.balance),
    giftCardIds: state.giftCards.map((c) => c.id),
  };
}
