import { sql } from 'kysely';
import { isoAt } from '../../src-shared/time/clock';
import type { BillingTenantSource } from '../db/billing-tenants';
import { withTenantTables, type TenantTransaction } from '../db/tenant-transaction';
import { headAfterWrites } from '../sync/committed-head';
import { IntervalJob } from '../support/interval-job';
import {
  readStripePayouts,
  type PayoutCursor,
  type StripePayoutsRead,
} from './card-payouts-stripe';
import type { CardPayoutListingsTable, PaymentSchema } from './payment-tables';
import {
  inPaymentsTransaction,
  tenantStripe,
  type PaymentsContext,
  type PaymentsTransaction,
} from './payments-context';

/** Server-only (server migration 20261205110100): payouts whose contents were listed. */
type ListingTables = { card_payout_listings: CardPayoutListingsTable };

/** What one tenant's run wrote: rows new or changed (none on a run that found nothing new). */
export interface CardPayoutSync {
  readonly payouts: number;
  readonly lines: number;
  /** Balance lines matched to a desk card payment this run. */
  readonly matched: number;
}

/** Statuses Stripe may still change; a payout in one of these is read again each run. */
const OPEN_STATUSES = ['pending', 'in_transit'] as const;

/**
 * Copies the tenant's Stripe payouts and balance transactions into card_payouts and
 * card_balance_lines (issue 19) and matches each charge to the desk's card payment of its
 * PaymentIntent. Stripe is read first, outside any transaction; everything it said is then
 * written in one tenant transaction, so a Stripe error leaves nothing half-written.
 *
 * Idempotent, and safe with another run or server at once: every row is keyed by Stripe's
 * id and written by an upsert that changes a row only when Stripe's answer adds to it, so
 * two runs write the same rows, and a run that learns nothing new writes nothing (and its
 * desks are not poked). Desks get the rows by pull, through the change log like any row.
 */
export async function syncTenantCardPayouts(
  context: PaymentsContext,
  tenantId: string,
): Promise<CardPayoutSync> {
  const stripe = await tenantStripe(context, tenantId);
  const cursor = await inPaymentsTransaction(context.tenants, tenantId, (trx) =>
    readCursor(withListings(trx), tenantId),
  );
  const read = await readStripePayouts(stripe, cursor);
  const { written, position } = await inPaymentsTransaction(
    context.tenants,
    tenantId,
    async (trx, server) => {
      const counts = await writeRead(withListings(trx), context, tenantId, read);
      if (counts.payouts + counts.lines + counts.matched === 0) {
        return { written: counts, position: null };
      }
      // The poke names the rows' positions, taken now rather than at commit (R4.1).
      return { written: counts, position: await headAfterWrites(server, tenantId) };
    },
  );
  if (position !== null) context.hub.publish(tenantId, position);
  return written;
}

type Trx = TenantTransaction<PaymentSchema & ListingTables>;

function withListings(trx: PaymentsTransaction): Trx {
  return withTenantTables<ListingTables, PaymentSchema>(trx);
}

async function readCursor(trx: Trx, tenantId: string): Promise<PayoutCursor> {
  const seconds = (iso: string | null | undefined) =>
    iso === null || iso === undefined ? null : Math.floor(Date.parse(iso) / 1000);
  const lines = await trx
    .selectFrom('card_balance_lines')
    .select((eb) => eb.fn.max('created_at').as('latest'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  // A payout Stripe may still change is read again until it is settled.
  const open = await trx
    .selectFrom('card_payouts')
    .select((eb) => eb.fn.min('created_at').as('earliest'))
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirst();
  const latest = await trx
    .selectFrom('card_payouts')
    .select((eb) => eb.fn.max('created_at').as('latest'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const listed = await trx
    .selectFrom('card_payout_listings')
    .select('payout_id')
    .where('tenant_id', '=', tenantId)
    .execute();
  return {
    // At or after the latest second seen: a transaction made in that same second later is
    // still read; the ones read already are written again unchanged.
    linesSince: seconds(lines?.latest),
    payoutsSince: seconds(open?.earliest ?? latest?.latest),
    listed: new Set(listed.map((r) => r.payout_id)),
  };
}

async function writeRead(
  trx: Trx,
  context: PaymentsContext,
  tenantId: string,
  read: StripePayoutsRead,
): Promise<CardPayoutSync> {
  const now = isoAt(context.clock);
  let payouts = 0;
  // Rows are written in id order: two runs at once then lock them in the same order and
  // one waits for the other instead of deadlocking.
  for (const payout of byId(read.payouts)) {
    const row = await trx
      .insertInto('card_payouts')
      .values({ ...payout, tenant_id: tenantId, updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'id'])
          .doUpdateSet({
            status: (eb) => eb.ref('excluded.status'),
            amount: (eb) => eb.ref('excluded.amount'),
            arrival_date: (eb) => eb.ref('excluded.arrival_date'),
            updated_at: (eb) => eb.ref('excluded.updated_at'),
          })
          .where(
            sql<boolean>`(card_payouts.status, card_payouts.amount, card_payouts.arrival_date)
              is distinct from (excluded.status, excluded.amount, excluded.arrival_date)`,
          ),
      )
      .returning('id')
      .executeTakeFirst();
    if (row !== undefined) payouts++;
  }
  let lines = 0;
  for (const line of byId(read.lines)) {
    const row = await trx
      .insertInto('card_balance_lines')
      .values({ ...line, tenant_id: tenantId, payment_id: null })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'id'])
          // What Stripe said once stays: a later answer only fills in what was unknown.
          .doUpdateSet({
            payout_id: sql<
              string | null
            >`coalesce(card_balance_lines.payout_id, excluded.payout_id)`,
            payment_intent_id: sql<
              string | null
            >`coalesce(card_balance_lines.payment_intent_id, excluded.payment_intent_id)`,
          })
          .where(
            sql<boolean>`(card_balance_lines.payout_id is null and excluded.payout_id is not null)
              or (card_balance_lines.payment_intent_id is null
                  and excluded.payment_intent_id is not null)`,
          ),
      )
      .returning('id')
      .executeTakeFirst();
    if (row !== undefined) lines++;
  }
  if (read.listedPayouts.length > 0) {
    await trx
      .insertInto('card_payout_listings')
      .values(
        read.listedPayouts.map((id) => ({ tenant_id: tenantId, payout_id: id, listed_at: now })),
      )
      .onConflict((oc) => oc.columns(['tenant_id', 'payout_id']).doNothing())
      .execute();
  }
  const matched = await matchDeskPayments(trx, tenantId);
  return { payouts, lines, matched };
}

/**
 * Names the desk's card payment on each line a desk recorded: a charge gets the positive
 * card `payments` row naming its PaymentIntent; a refund the negative one this server sent
 * to Stripe as that refund (`card_refunds.stripe_refund_id`, one row per refund, so a part
 * refund finds its own). Lines stay unmatched until the payment is pushed, and later runs
 * match them; a line matched once keeps its payment.
 */
async function matchDeskPayments(trx: Trx, tenantId: string): Promise<number> {
  const deskPayment = sql<string | null>`case card_balance_lines.type
    when 'charge' then (select p.id from payments p
      where p.tenant_id = card_balance_lines.tenant_id
        and p.stripe_payment_intent_id = card_balance_lines.payment_intent_id
        and p.method = 'card' and p.amount > 0
      order by p.created_at, p.id limit 1)
    when 'refund' then (select r.payment_id from card_refunds r
      where r.tenant_id = card_balance_lines.tenant_id
        and r.stripe_refund_id = card_balance_lines.source_id)
    end`;
  const rows = await trx
    .updateTable('card_balance_lines')
    .set({ payment_id: deskPayment })
    .where('tenant_id', '=', tenantId)
    .where('payment_id', 'is', null)
    .where('type', 'in', ['charge', 'refund'])
    .where(sql<boolean>`${deskPayment} is not null`)
    .returning('id')
    .execute();
  return rows.length;
}

function byId<T extends { readonly id: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What a run across every studio did. */
export interface CardPayoutRun {
  readonly tenants: number;
  readonly failed: number;
  readonly payouts: number;
  readonly lines: number;
}

/**
 * One run for every studio with a connected account. A studio whose run fails (Stripe
 * down, its account closed) is logged and left for the next run; the others go on.
 */
export async function syncAllCardPayouts(
  context: PaymentsContext,
  listTenants: BillingTenantSource,
): Promise<CardPayoutRun> {
  let tenants = 0;
  let failed = 0;
  let payouts = 0;
  let lines = 0;
  for (const tenant of await listTenants()) {
    if (!tenant.hasStripeAccount) continue;
    tenants++;
    try {
      const run = await syncTenantCardPayouts(context, tenant.tenantId);
      payouts += run.payouts;
      lines += run.lines;
    } catch (error) {
      failed++;
      context.log.error(
        { tenantId: tenant.tenantId, error: error instanceof Error ? error.message : 'unknown' },
        'card payout sync failed; the next run tries again',
      );
    }
  }
  return { tenants, failed, payouts, lines };
}

/** Copies every studio's payouts every `everyMs` in a running server (issue 19). */
export class CardPayoutsLoop extends IntervalJob<CardPayoutRun> {
  constructor(context: PaymentsContext, listTenants: BillingTenantSource, everyMs: number) {
    super('card payout sync', () => syncAllCardPayouts(context, listTenants), everyMs, context.log);
  }
}
