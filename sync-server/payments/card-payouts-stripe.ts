import type Stripe from 'stripe';
import type { IsoTimestamp } from '../../src-shared/schema/column-spec';
import type { Database } from '../../src-shared/schema/catalog';
import type { TenantStripe } from './payments-context';

/** One of Stripe's list pages; lists are walked by `starting_after`, newest first. */
const PAGE = 100;
/** A runaway list (a fake or an API that never says `has_more: false`) stops here. */
const MAX_PAGES = 1000;

type PayoutRow = Omit<Database['card_payouts'], 'tenant_id' | 'updated_at'>;
type LineRow = Omit<Database['card_balance_lines'], 'tenant_id' | 'payment_id'>;

/** What one run read from Stripe, before anything is written. */
export interface StripePayoutsRead {
  readonly payouts: readonly PayoutRow[];
  /** Balance transactions, each naming its payout when a payout's list named it. */
  readonly lines: readonly LineRow[];
  /** Payouts whose own list of transactions was read whole this run. */
  readonly listedPayouts: readonly string[];
}

export interface PayoutCursor {
  /** Balance transactions created at or after this (Unix seconds); null: from the start. */
  readonly linesSince: number | null;
  readonly payoutsSince: number | null;
  /** Payouts already listed by an earlier run, whose contents are known. */
  readonly listed: ReadonlySet<string>;
}

const PAYOUT_STATUSES = new Set<string>(['pending', 'in_transit', 'paid', 'failed', 'canceled']);

export function isoFromSeconds(seconds: number): IsoTimestamp {
  return new Date(seconds * 1000).toISOString();
}

/**
 * Reads the connected account's new balance transactions and payouts, and what each new
 * payout carried (`balance_transactions?payout=po_…`, as Stripe tells it). Charges come
 * with their source expanded, so each names its PaymentIntent without a request of its
 * own. Reads only: a Stripe error here leaves the database as it was.
 */
export async function readStripePayouts(
  tenant: TenantStripe,
  cursor: PayoutCursor,
): Promise<StripePayoutsRead> {
  const options = { stripeAccount: tenant.account };
  const created = (since: number | null) => (since === null ? {} : { created: { gte: since } });
  const payouts = await walk((startingAfter) =>
    tenant.stripe.payouts.list(
      { limit: PAGE, ...created(cursor.payoutsSince), ...startingAfter },
      options,
    ),
  );
  const lines = new Map<string, LineRow>();
  const keep = (txn: Stripe.BalanceTransaction, payoutId: string | null) => {
    const row = lineOf(txn, payoutId);
    const before = lines.get(row.id);
    lines.set(row.id, before?.payout_id ? { ...row, payout_id: before.payout_id } : row);
  };
  const listTransactions = (extra: Stripe.BalanceTransactionListParams) =>
    walk((startingAfter) =>
      tenant.stripe.balanceTransactions.list(
        { limit: PAGE, expand: ['data.source'], ...extra, ...startingAfter },
        options,
      ),
    );
  for (const txn of await listTransactions(created(cursor.linesSince))) keep(txn, null);
  const listedPayouts: string[] = [];
  for (const payout of payouts) {
    if (cursor.listed.has(payout.id)) continue;
    for (const txn of await listTransactions({ payout: payout.id })) keep(txn, payout.id);
    listedPayouts.push(payout.id);
  }
  return { payouts: payouts.map(payoutOf), lines: [...lines.values()], listedPayouts };
}

async function walk<T extends { id: string }>(
  fetchPage: (startingAfter: { starting_after?: string }) => Promise<Stripe.ApiList<T>>,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  for (let round = 0; round < MAX_PAGES; round++) {
    const page = await fetchPage(after === undefined ? {} : { starting_after: after });
    all.push(...page.data);
    const last = page.data.at(-1);
    if (!page.has_more || last === undefined) return all;
    after = last.id;
  }
  throw new Error(`Stripe kept answering has_more after ${MAX_PAGES} pages`);
}

function payoutOf(payout: Stripe.Payout): PayoutRow {
  if (!PAYOUT_STATUSES.has(payout.status)) {
    throw new Error(`Stripe named payout ${payout.id} with an unknown status ${payout.status}`);
  }
  return {
    id: payout.id,
    amount: payout.amount,
    currency: payout.currency,
    status: payout.status as PayoutRow['status'],
    arrival_date: isoFromSeconds(payout.arrival_date),
    created_at: isoFromSeconds(payout.created),
  };
}

function lineOf(txn: Stripe.BalanceTransaction, payoutId: string | null): LineRow {
  const source = txn.source;
  const sourceId = source === null ? null : typeof source === 'string' ? source : source.id;
  // A charge's or refund's PaymentIntent, when its source came expanded (`data.source`).
  let intentId: string | null = null;
  if (source !== null && typeof source !== 'string') {
    if (source.object === 'charge' || source.object === 'refund') {
      const intent = source.payment_intent;
      intentId = intent === null ? null : typeof intent === 'string' ? intent : intent.id;
    }
  }
  return {
    id: txn.id,
    type: txn.type,
    amount: txn.amount,
    fee: txn.fee,
    net: txn.net,
    currency: txn.currency,
    source_id: sourceId,
    payment_intent_id: intentId,
    // A payout's own transaction belongs to it, whichever list named it first.
    payout_id: payoutId ?? (txn.type === 'payout' ? sourceId : null),
    created_at: isoFromSeconds(txn.created),
  };
}
