import type { FormValue } from './stripe-form';
import { stripeId, StripeFakeError, type FakeIntent, type FakeRefund } from './stripe-fake-objects';

/**
 * A connected account's balance as the fake keeps it (issue 19, card reconciliation): each
 * captured charge adds a balance transaction of type `charge` (gross, Stripe's fee, net);
 * a payout takes what is in the balance to the bank, as a `payout` object and a `payout`
 * balance transaction. As in Stripe, a balance transaction names no payout: what a payout
 * carried is listed with `GET /v1/balance_transactions?payout=po_…`. Lists are Stripe's
 * list objects, newest first, paged by `limit` and `starting_after`.
 */
export interface FakeBalanceTransaction {
  id: string;
  object: 'balance_transaction';
  amount: number;
  available_on: number;
  created: number;
  currency: string;
  description: string | null;
  fee: number;
  fee_details: { amount: number; currency: string; type: 'stripe_fee'; description: string }[];
  net: number;
  reporting_category: string;
  source: string;
  status: 'available' | 'pending';
  type: 'charge' | 'refund' | 'payout';
}

export interface FakePayout {
  id: string;
  object: 'payout';
  amount: number;
  arrival_date: number;
  automatic: boolean;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string;
  destination: string;
  method: 'standard';
  status: 'pending' | 'in_transit' | 'paid' | 'failed' | 'canceled';
  type: 'bank_account';
  metadata: Record<string, string>;
  livemode: false;
}

/** What `expand[]=data.source` gives for a charge: enough to name its PaymentIntent. */
interface SourceCharge {
  id: string;
  object: 'charge';
  amount: number;
  currency: string;
  payment_intent: string;
  created: number;
}

interface Entry {
  readonly account: string;
  readonly txn: FakeBalanceTransaction;
  readonly source: SourceCharge | FakeRefund | FakePayout;
  /** The payout that carried it to the bank; Stripe's `payout=` filter, not a field. */
  payout: string | null;
}

type Route = {
  method: string;
  path: RegExp;
  handler: (params: Record<string, FormValue>, account: string) => unknown;
};

const DAY = 86_400;

/** Stripe Terminal's price in the US: 2.7% + 5¢ per card-present charge. */
export function terminalFee(amount: number): number {
  return Math.round(amount * 0.027) + 5;
}

export class StripeFakeBalance {
  /** Oldest first; lists answer newest first. */
  private readonly entries: Entry[] = [];
  private readonly payouts: { account: string; payout: FakePayout }[] = [];

  constructor(private readonly seconds: () => number) {}

  /** A captured intent's charge reaches the balance (the fake's capture hooks call this). */
  charged(intent: FakeIntent, account: string): FakeBalanceTransaction {
    const chargeId = intent.latest_charge;
    if (chargeId === null) throw new Error(`intent ${intent.id} has no charge`);
    return this.addCharge(account, {
      id: chargeId,
      object: 'charge',
      amount: intent.amount_received,
      currency: intent.currency,
      payment_intent: intent.id,
      created: this.seconds(),
    });
  }

  /** A refund takes its amount back out of the balance: a `refund` transaction, no fee. */
  refunded(refund: FakeRefund, account: string): FakeBalanceTransaction {
    const txn: FakeBalanceTransaction = {
      id: stripeId('txn'),
      object: 'balance_transaction',
      amount: -refund.amount,
      available_on: refund.created,
      created: refund.created,
      currency: refund.currency,
      description: 'REFUND FOR CHARGE',
      fee: 0,
      fee_details: [],
      net: -refund.amount,
      reporting_category: 'refund',
      source: refund.id,
      status: 'available',
      type: 'refund',
    };
    this.entries.push({ account, txn, source: refund, payout: null });
    return txn;
  }

  /**
   * A charge made outside the desks (the Dashboard, another app): its intent is one the
   * sync server never made. Returns its balance transaction.
   */
  chargeElsewhere(account: string, amount: number, currency = 'usd'): FakeBalanceTransaction {
    return this.addCharge(account, {
      id: stripeId('ch'),
      object: 'charge',
      amount,
      currency,
      payment_intent: stripeId('pi'),
      created: this.seconds(),
    });
  }

  /**
   * Pays out everything in the account's balance not paid out yet: one payout of the sum
   * of their nets and its `payout` balance transaction. `arrivalDays` after now it lands.
   */
  payOut(
    account: string,
    options: { readonly arrivalDays?: number; readonly status?: FakePayout['status'] } = {},
  ): FakePayout {
    const due = this.entries.filter((e) => e.account === account && e.payout === null);
    if (due.length === 0) throw new Error(`account ${account} has nothing to pay out`);
    const now = this.seconds();
    const payoutId = stripeId('po');
    const txnId = stripeId('txn');
    const amount = due.reduce((sum, e) => sum + e.txn.net, 0);
    const currency = due[0]?.txn.currency ?? 'usd';
    const payout: FakePayout = {
      id: payoutId,
      object: 'payout',
      amount,
      arrival_date: now + (options.arrivalDays ?? 2) * DAY,
      automatic: true,
      balance_transaction: txnId,
      created: now,
      currency,
      description: 'STRIPE PAYOUT',
      destination: 'ba_fakebankaccount',
      method: 'standard',
      status: options.status ?? 'paid',
      type: 'bank_account',
      metadata: {},
      livemode: false,
    };
    this.payouts.push({ account, payout });
    for (const entry of due) entry.payout = payoutId;
    this.entries.push({
      account,
      payout: payoutId,
      source: payout,
      txn: {
        id: txnId,
        object: 'balance_transaction',
        amount: -amount,
        available_on: now,
        created: now,
        currency,
        description: 'STRIPE PAYOUT',
        fee: 0,
        fee_details: [],
        net: -amount,
        reporting_category: 'payout',
        source: payoutId,
        status: 'available',
        type: 'payout',
      },
    });
    return payout;
  }

  /** The bank confirmed (or returned) a payout: its status changes, as Stripe's does. */
  setPayoutStatus(payoutId: string, status: FakePayout['status']): void {
    const found = this.payouts.find((p) => p.payout.id === payoutId);
    if (!found) throw new Error(`no payout ${payoutId}`);
    found.payout.status = status;
  }

  transactions(account: string): FakeBalanceTransaction[] {
    return this.entries.filter((e) => e.account === account).map((e) => e.txn);
  }

  routes(): Route[] {
    return [
      {
        method: 'GET',
        path: /^\/v1\/balance_transactions$/,
        handler: (p, a) => this.listTransactions(p, a),
      },
      { method: 'GET', path: /^\/v1\/payouts$/, handler: (p, a) => this.listPayouts(p, a) },
      {
        method: 'GET',
        path: /^\/v1\/payouts\/([^/]+)$/,
        handler: (p, a) => {
          const found = this.payouts.find((e) => e.account === a && e.payout.id === p['id']);
          if (!found) throw missing('payout', typeof p['id'] === 'string' ? p['id'] : '');
          return found.payout;
        },
      },
    ];
  }

  private addCharge(account: string, charge: SourceCharge): FakeBalanceTransaction {
    const fee = terminalFee(charge.amount);
    const txn: FakeBalanceTransaction = {
      id: stripeId('txn'),
      object: 'balance_transaction',
      amount: charge.amount,
      available_on: charge.created + 2 * DAY,
      created: charge.created,
      currency: charge.currency,
      description: null,
      fee,
      fee_details: [
        { amount: fee, currency: charge.currency, type: 'stripe_fee', description: 'Stripe fee' },
      ],
      net: charge.amount - fee,
      reporting_category: 'charge',
      source: charge.id,
      status: 'pending',
      type: 'charge',
    };
    this.entries.push({ account, txn, source: charge, payout: null });
    return txn;
  }

  private listTransactions(params: Record<string, FormValue>, account: string) {
    known(params, ['payout', 'type', 'created', 'limit', 'starting_after', 'expand']);
    const expand = listOf(params['expand']);
    for (const field of expand) {
      if (field !== 'data.source') {
        throw invalid(`This property cannot be expanded (${field}).`, 'expand');
      }
    }
    const payout = text(params, 'payout');
    const type = text(params, 'type');
    if (payout !== undefined && !this.payouts.some((p) => p.payout.id === payout)) {
      throw missing('payout', payout);
    }
    const created = range(params, 'created');
    const rows = this.entries
      .filter((e) => e.account === account)
      .filter((e) => payout === undefined || e.payout === payout)
      .filter((e) => type === undefined || e.txn.type === type)
      .filter((e) => created(e.txn.created))
      .map((e) => (expand.length > 0 ? { ...e.txn, source: e.source } : e.txn));
    return page('/v1/balance_transactions', rows.reverse(), params);
  }

  private listPayouts(params: Record<string, FormValue>, account: string) {
    known(params, ['status', 'arrival_date', 'created', 'limit', 'starting_after']);
    const status = text(params, 'status');
    const created = range(params, 'created');
    const arrival = range(params, 'arrival_date');
    const rows = this.payouts
      .filter((p) => p.account === account)
      .map((p) => p.payout)
      .filter((p) => status === undefined || p.status === status)
      .filter((p) => created(p.created) && arrival(p.arrival_date));
    return page('/v1/payouts', rows.reverse(), params);
  }
}

/** Stripe's list object: `limit` (1–100, default 10) after `starting_after`, newest first. */
function page<T extends { id: string }>(
  url: string,
  newestFirst: T[],
  params: Record<string, FormValue>,
) {
  const limitText = text(params, 'limit');
  const limit = limitText === undefined ? 10 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalid('Invalid integer: limit must be between 1 and 100', 'limit');
  }
  const after = text(params, 'starting_after');
  let start = 0;
  if (after !== undefined) {
    const index = newestFirst.findIndex((row) => row.id === after);
    if (index < 0) throw missing('object', after);
    start = index + 1;
  }
  const data = newestFirst.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < newestFirst.length, url };
}

function known(params: Record<string, FormValue>, names: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (!names.includes(name)) throw invalid(`Received unknown parameter: ${name}`, name);
  }
}

function text(params: Record<string, FormValue>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`Invalid ${name}`, name);
  return value;
}

function listOf(value: FormValue | undefined): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string');
}

/** `name[gte]`, `name[gt]`, `name[lte]`, `name[lt]` in Unix seconds, or `name` exactly. */
function range(params: Record<string, FormValue>, name: string): (at: number) => boolean {
  const value = params[name];
  if (value === undefined) return () => true;
  const bound = (raw: FormValue | undefined, key: string): number | undefined => {
    if (raw === undefined) return undefined;
    const n = typeof raw === 'string' ? Number(raw) : Number.NaN;
    if (!Number.isInteger(n)) throw invalid(`Invalid integer: ${name}[${key}]`, name);
    return n;
  };
  if (typeof value === 'string') {
    const exactly = bound(value, 'eq');
    return (at) => at === exactly;
  }
  if (Array.isArray(value)) throw invalid(`Invalid ${name}`, name);
  for (const key of Object.keys(value)) {
    if (!['gt', 'gte', 'lt', 'lte'].includes(key)) throw invalid(`Invalid ${name}[${key}]`, name);
  }
  const gt = bound(value['gt'], 'gt');
  const gte = bound(value['gte'], 'gte');
  const lt = bound(value['lt'], 'lt');
  const lte = bound(value['lte'], 'lte');
  return (at) =>
    (gt === undefined || at > gt) &&
    (gte === undefined || at >= gte) &&
    (lt === undefined || at < lt) &&
    (lte === undefined || at <= lte);
}

function invalid(message: string, param: string) {
  return new StripeFakeError(400, { type: 'invalid_request_error', message, param });
}

function missing(kind: string, id: string) {
  return new StripeFakeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: 'id',
    message: `No such ${kind}: '${id}'`,
  });
}
