import type { Kysely } from 'kysely';
import { runDeskQuery } from '../../src-main/operations/run-query';
import { reportDayClose } from '../../src-shared/queries/reports/day-close-query';
import { reportLiabilities } from '../../src-shared/queries/reports/liabilities-query';
import type { Database } from '../../src-shared/schema/catalog';
import { addDays, zonedWallClock } from '../../src-shared/time/zoned-wall-clock';
import type { Catalogue, PropertyDesk, PropertyServer } from './property-world';
import type { ReportDayTally } from './report-day-operations';

type DayClose = Awaited<ReturnType<typeof reportDayClose.run>>;

/** The studio's zone in these runs (the seeded location's). */
export const STUDIO_ZONE = 'America/Chicago';

/** Every studio day from the one holding `first` to the one holding `last`, in order. */
export function studioDaysBetween(first: number, last: number): string[] {
  const clock = zonedWallClock(STUDIO_ZONE);
  const days: string[] = [];
  const lastDay = clock.wallClockAt(last).date;
  for (let day = clock.wallClockAt(first).date; day <= lastDay; day = addDays(day, 1))
    days.push(day);
  return days;
}

interface PaymentRow {
  readonly order_id: string;
  readonly method: string;
  readonly amount: number;
  readonly created_at: string;
  readonly drawer_session_id: string | null;
}

/**
 * A day's figures from the rows alone, without the report's code: the orders completed in
 * the day and every payment made in it (money given back is a negative payment).
 */
function figuresOfDay(
  orders: readonly { total_amount: number; completed_at: string | null }[],
  payments: readonly PaymentRow[],
  startsAt: string,
  endsAt: string,
) {
  const within = (at: string | null) => at !== null && at >= startsAt && at < endsAt;
  const dayOrders = orders.filter((o) => within(o.completed_at));
  const dayPayments = payments.filter((p) => within(p.created_at));
  const byMethod = new Map<string, number>();
  for (const p of dayPayments) byMethod.set(p.method, (byMethod.get(p.method) ?? 0) + p.amount);
  return {
    orderCount: dayOrders.length,
    sales: dayOrders.reduce((sum, o) => sum + o.total_amount, 0),
    givenBack: -dayPayments.filter((p) => p.amount < 0).reduce((sum, p) => sum + p.amount, 0),
    tendersNet: dayPayments.reduce((sum, p) => sum + p.amount, 0),
    byMethod,
  };
}

/**
 * Issue 19's reconciliation after a final sync, for every studio day of the run: tenders =
 * order totals − money given back; every gift card's balance = its ledger; every pack's
 * credits = bought − used; every closed drawer's expected cash = float + cash taken − cash
 * given back + paid in − paid out. The day close and liabilities reports, run on the
 * server's database and on every desk's copy, must show exactly those figures.
 */
export async function reportDayProblems(
  server: PropertyServer,
  catalogue: Catalogue,
  desks: readonly PropertyDesk[],
  days: readonly string[],
  tally: ReportDayTally,
  /** The run's last instant: liabilities are read as of then. */
  endedAt: string,
): Promise<string[]> {
  const problems: string[] = [];
  const db = server.handle.db;
  const tenantId = catalogue.tenantId;
  const orders = await db
    .selectFrom('pos_orders')
    .select(['total_amount', 'completed_at'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const payments: PaymentRow[] = await db
    .selectFrom('payments')
    .select(['order_id', 'method', 'amount', 'created_at', 'drawer_session_id'])
    .where('tenant_id', '=', tenantId)
    .execute();

  let paymentsInDays = 0;
  for (const day of days) {
    const serverClose: DayClose = await reportDayClose.run(
      { db, tenantId },
      { from: day, to: day },
    );
    const want = figuresOfDay(orders, payments, serverClose.startsAt, serverClose.endsAt);
    paymentsInDays += want.tendersNet;
    // The identity itself, from rows: what was taken less what went back is the day's money.
    if (want.tendersNet !== want.sales - want.givenBack)
      problems.push(
        `${day}: tenders ${want.tendersNet} ≠ sales ${want.sales} − given back ${want.givenBack}`,
      );
    const got = serverClose;
    const same = (what: string, mine: number, theirs: number) => {
      if (mine !== theirs) problems.push(`${day}: day close ${what} ${theirs}, rows say ${mine}`);
    };
    same('orders', want.orderCount, got.orderCount);
    same('sales', want.sales, got.sales);
    same('refunds + voids', want.givenBack, got.refunds.amount + got.voids.amount);
    same('net', want.sales - want.givenBack, got.net);
    same('tenders net', want.tendersNet, got.tendersNet);
    for (const tender of got.tenders)
      same(`${tender.method} net`, want.byMethod.get(tender.method) ?? 0, tender.net);
    for (const d of desks) {
      const atDesk = await runDeskQuery(
        d.desk,
        'report.dayClose',
        { from: day, to: day },
        {
          staffId: () => Promise.resolve(catalogue.ownerId),
        },
      );
      if (JSON.stringify(atDesk) !== JSON.stringify(serverClose))
        problems.push(`${day}: ${d.name}'s day close differs from the server's`);
    }
  }
  // Zero unexplained cents: the days hold every payment there is.
  const everything = payments.reduce((sum, p) => sum + p.amount, 0);
  if (paymentsInDays !== everything)
    problems.push(`the days hold ${paymentsInDays} of the ${everything} paid in all`);

  problems.push(...(await giftCardProblems(server, catalogue, desks, endedAt)));
  problems.push(...(await packProblems(db, tenantId)));
  problems.push(...(await drawerProblems(db, tenantId, payments, tally)));
  return problems;
}

async function giftCardProblems(
  server: PropertyServer,
  catalogue: Catalogue,
  desks: readonly PropertyDesk[],
  at: string,
): Promise<string[]> {
  const problems: string[] = [];
  const db = server.handle.db;
  const tenantId = catalogue.tenantId;
  const cards = await db
    .selectFrom('gift_cards')
    .select(['id', 'current_balance'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const ledger = await db
    .selectFrom('gift_card_transactions')
    .select(['gift_card_id', 'amount'])
    .where('tenant_id', '=', tenantId)
    .execute();
  for (const card of cards) {
    const total = ledger
      .filter((l) => l.gift_card_id === card.id)
      .reduce((sum, l) => sum + l.amount, 0);
    if (total !== card.current_balance)
      problems.push(`gift card ${card.id}: balance ${card.current_balance}, ledger ${total}`);
  }
  const owed = cards.filter((c) => c.current_balance > 0);
  const overdrawn = cards.filter((c) => c.current_balance < 0);
  const liabilities = await reportLiabilities.run({ db, tenantId }, { at });
  const want = {
    outstandingCount: owed.length,
    outstandingTotal: owed.reduce((sum, c) => sum + c.current_balance, 0),
    overdrawnCount: overdrawn.length,
    overdrawnTotal: -overdrawn.reduce((sum, c) => sum + c.current_balance, 0),
  };
  if (JSON.stringify(liabilities.giftCards) !== JSON.stringify(want))
    problems.push(
      `liabilities show gift cards ${JSON.stringify(liabilities.giftCards)}, balances say ${JSON.stringify(want)}`,
    );
  for (const d of desks) {
    const atDesk = (await runDeskQuery(
      d.desk,
      'report.liabilities',
      { at },
      {
        staffId: () => Promise.resolve(catalogue.ownerId),
      },
    )) as typeof liabilities;
    if (JSON.stringify(atDesk.giftCards) !== JSON.stringify(want))
      problems.push(`${d.name}'s liabilities show ${JSON.stringify(atDesk.giftCards)}`);
  }
  return problems;
}

/** No pack sale is refunded in these runs, so a pack's credits are bought − booked. */
async function packProblems(db: Kysely<Database>, tenantId: string): Promise<string[]> {
  const packs = await db
    .selectFrom('purchased_packs')
    .select(['id', 'initial_credits', 'remaining_credits'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const used = await db
    .selectFrom('bookings')
    .select('used_pack_id')
    .where('tenant_id', '=', tenantId)
    .where('status', '<>', 'cancelled')
    .execute();
  return packs.flatMap((pack) => {
    const taken = used.filter((b) => b.used_pack_id === pack.id).length;
    return pack.remaining_credits === pack.initial_credits - taken
      ? []
      : [
          `pack ${pack.id}: ${pack.remaining_credits} left of ${pack.initial_credits}, ${taken} used`,
        ];
  });
}

async function drawerProblems(
  db: Kysely<Database>,
  tenantId: string,
  payments: readonly PaymentRow[],
  tally: ReportDayTally,
): Promise<string[]> {
  const problems: string[] = [];
  const sessions = await db
    .selectFrom('cash_drawer_sessions')
    .select(['id', 'opening_float', 'status', 'expected_amount'])
    .where('tenant_id', '=', tenantId)
    .execute();
  for (const p of payments)
    if (p.method === 'cash' && !sessions.some((s) => s.id === p.drawer_session_id))
      problems.push(`cash payment of order ${p.order_id} went into no drawer`);
  for (const session of sessions.filter((s) => s.status === 'closed')) {
    const cash = payments
      .filter((p) => p.method === 'cash' && p.drawer_session_id === session.id)
      .reduce((sum, p) => sum + p.amount, 0);
    const expected = session.opening_float + cash + (tally.drawerMoves.get(session.id) ?? 0);
    if (session.expected_amount !== expected)
      problems.push(
        `drawer ${session.id} expected ${session.expected_amount}, float + cash + moves = ${expected}`,
      );
  }
  return problems;
}
