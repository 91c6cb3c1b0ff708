import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import { amount, type ReportRange } from './report-range';

/** A payout and what it carried, as the reconciliation shows it. */
export interface PayoutFigures {
  readonly payoutId: string;
  /** What reached the bank. */
  readonly amount: number;
  readonly currency: string;
  readonly status: Database['card_payouts']['status'];
  readonly arrivalDate: string;
  /**
   * The desk card tenders it carried, and their sum: sales (a charge's payment) and money
   * given back (a refund's negative payment).
   */
  readonly tenderCount: number;
  readonly tenderTotal: number;
  /** Stripe's fees on everything it carried. */
  readonly fees: number;
  /** payout − (tenders − fees): zero when everything it carried was a desk tender. */
  readonly difference: number;
}

export interface UnmatchedTender {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly createdAt: string;
  readonly paymentIntentId: string | null;
  /**
   * A sale: Stripe has no charge for it (yet), or has it but has not paid it out. A refund
   * (negative amount): Stripe has no refund the server sent as it (`refund_not_seen`).
   */
  readonly reason: 'no_stripe_transaction' | 'not_paid_out' | 'refund_not_seen';
}

export interface UnmatchedCharge {
  readonly lineId: string;
  /** A charge no desk sale names, or a refund the desks never gave. */
  readonly kind: 'charge' | 'refund';
  readonly chargeId: string | null;
  readonly paymentIntentId: string | null;
  readonly amount: number;
  readonly fee: number;
  readonly createdAt: string;
  readonly payoutId: string | null;
}

/** Card tenders a desk took: positive card payments that went through. */
const TAKEN: readonly Database['payments']['status'][] = ['succeeded', 'pending', 'refunded'];

/**
 * Payouts arriving in the range, each with the card tenders it carried. A charge matches
 * the desk's card sale naming its PaymentIntent; a refund the desk's refund the server sent
 * as it (`payment_id`, set by the payout job). The payout's own line (type `payout`) is the
 * money leaving, not something it carried.
 */
export async function payoutsInRange(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<PayoutFigures[]> {
  const rows = await db
    .selectFrom('card_payouts as c')
    .leftJoin('card_balance_lines as l', (j) =>
      j
        .onRef('l.tenant_id', '=', 'c.tenant_id')
        .onRef('l.payout_id', '=', 'c.id')
        .on('l.type', '<>', 'payout'),
    )
    .leftJoin('payments as p', (j) =>
      j
        .onRef('p.tenant_id', '=', 'l.tenant_id')
        .on((eb) =>
          eb.or([
            eb.and([
              eb('l.type', '=', 'charge'),
              eb('p.stripe_payment_intent_id', '=', eb.ref('l.payment_intent_id')),
              eb('p.method', '=', 'card'),
              eb('p.amount', '>', 0),
              eb('p.status', 'in', TAKEN),
            ]),
            eb.and([eb('l.type', '=', 'refund'), eb('p.id', '=', eb.ref('l.payment_id'))]),
          ]),
        ),
    )
    .where('c.tenant_id', '=', tenantId)
    .where('c.arrival_date', '>=', range.startsAt)
    .where('c.arrival_date', '<', range.endsAt)
    .select((eb) => [
      'c.id',
      'c.amount',
      'c.currency',
      'c.status',
      'c.arrival_date',
      eb.fn.count<number | string>('p.id').as('tenderCount'),
      eb.fn.sum<number | string | null>('p.amount').as('tenderTotal'),
      eb.fn.sum<number | string | null>('l.fee').as('fees'),
    ])
    .groupBy(['c.id', 'c.amount', 'c.currency', 'c.status', 'c.arrival_date'])
    .orderBy('c.arrival_date')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => {
    const tenderTotal = amount(r.tenderTotal);
    const fees = amount(r.fees);
    return {
      payoutId: r.id,
      amount: r.amount,
      currency: r.currency,
      status: r.status,
      arrivalDate: r.arrival_date,
      tenderCount: amount(r.tenderCount),
      tenderTotal,
      fees,
      difference: r.amount - (tenderTotal - fees),
    };
  });
}

/**
 * Money given back to a card at a desk: a negative card payment, pending until the server
 * sent it to Stripe and then succeeded. A refund Stripe refused (failed) moved no money and
 * is a review item already.
 */
const GIVEN_BACK: readonly Database['payments']['status'][] = ['pending', 'succeeded'];

/**
 * The range's desk card tenders Stripe has not matched (as far as synced): sales it has not
 * charged or not paid out, then refunds it shows no refund for, by time.
 */
export async function unmatchedTenders(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<UnmatchedTender[]> {
  const [sales, refunds] = await Promise.all([
    unmatchedSales(db, tenantId, range),
    unseenRefunds(db, tenantId, range),
  ]);
  // By time, then id, as the database orders each list (byte order, like SQLite's).
  const order = (a: UnmatchedTender, b: UnmatchedTender) =>
    a.createdAt !== b.createdAt
      ? a.createdAt < b.createdAt
        ? -1
        : 1
      : a.paymentId < b.paymentId
        ? -1
        : a.paymentId > b.paymentId
          ? 1
          : 0;
  return [...sales, ...refunds].sort(order);
}

async function unmatchedSales(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<UnmatchedTender[]> {
  const rows = await db
    .selectFrom('payments as p')
    .leftJoin('card_balance_lines as l', (j) =>
      j
        .onRef('l.tenant_id', '=', 'p.tenant_id')
        .onRef('l.payment_intent_id', '=', 'p.stripe_payment_intent_id')
        .on('l.type', '=', 'charge'),
    )
    .where('p.tenant_id', '=', tenantId)
    .where('p.method', '=', 'card')
    .where('p.amount', '>', 0)
    .where('p.status', 'in', TAKEN)
    .where('p.created_at', '>=', range.startsAt)
    .where('p.created_at', '<', range.endsAt)
    .where((eb) => eb.or([eb('l.id', 'is', null), eb('l.payout_id', 'is', null)]))
    .select([
      'p.id',
      'p.order_id',
      'p.amount',
      'p.created_at',
      'p.stripe_payment_intent_id',
      'l.id as line_id',
    ])
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    paymentId: r.id,
    orderId: r.order_id,
    amount: r.amount,
    createdAt: r.created_at,
    paymentIntentId: r.stripe_payment_intent_id,
    reason: r.line_id === null ? 'no_stripe_transaction' : 'not_paid_out',
  }));
}

/**
 * The range's desk card refunds no Stripe refund line names: the payout job names the desk's
 * payment on the refund line Stripe made of it (`payment_id`), so until then, or when the
 * refund never reached Stripe, the desk gave money back that Stripe does not show.
 */
async function unseenRefunds(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<UnmatchedTender[]> {
  const rows = await db
    .selectFrom('payments as p')
    .where('p.tenant_id', '=', tenantId)
    .where('p.method', '=', 'card')
    .where('p.amount', '<', 0)
    .where('p.status', 'in', GIVEN_BACK)
    .where('p.created_at', '>=', range.startsAt)
    .where('p.created_at', '<', range.endsAt)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('card_balance_lines as l')
            .select('l.id')
            .whereRef('l.tenant_id', '=', 'p.tenant_id')
            .whereRef('l.payment_id', '=', 'p.id')
            .where('l.type', '=', 'refund'),
        ),
      ),
    )
    .select(['p.id', 'p.order_id', 'p.amount', 'p.created_at', 'p.stripe_payment_intent_id'])
    .execute();
  return rows.map((r) => ({
    paymentId: r.id,
    orderId: r.order_id,
    amount: r.amount,
    createdAt: r.created_at,
    paymentIntentId: r.stripe_payment_intent_id,
    reason: 'refund_not_seen' as const,
  }));
}

/**
 * The range's Stripe charges no desk card sale names (made elsewhere, or never pushed), and
 * its refunds the desks did not give (made on Stripe's Dashboard).
 */
export async function unmatchedCharges(
  db: Kysely<Database>,
  tenantId: string,
  range: ReportRange,
): Promise<UnmatchedCharge[]> {
  const rows = await db
    .selectFrom('card_balance_lines as l')
    .leftJoin('payments as p', (j) =>
      j
        .onRef('p.tenant_id', '=', 'l.tenant_id')
        .onRef('p.stripe_payment_intent_id', '=', 'l.payment_intent_id')
        .on('l.type', '=', 'charge')
        .on('p.method', '=', 'card')
        .on('p.amount', '>', 0),
    )
    .where('l.tenant_id', '=', tenantId)
    .where('l.created_at', '>=', range.startsAt)
    .where('l.created_at', '<', range.endsAt)
    .where((eb) =>
      eb.or([
        eb.and([eb('l.type', '=', 'charge'), eb('p.id', 'is', null)]),
        eb.and([eb('l.type', '=', 'refund'), eb('l.payment_id', 'is', null)]),
      ]),
    )
    .select([
      'l.id',
      'l.type',
      'l.source_id',
      'l.payment_intent_id',
      'l.amount',
      'l.fee',
      'l.created_at',
      'l.payout_id',
    ])
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => ({
    lineId: r.id,
    kind: r.type === 'refund' ? ('refund' as const) : ('charge' as const),
    chargeId: r.source_id,
    paymentIntentId: r.payment_intent_id,
    amount: r.amount,
    fee: r.fee,
    createdAt: r.created_at,
    payoutId: r.payout_id,
  }));
}
