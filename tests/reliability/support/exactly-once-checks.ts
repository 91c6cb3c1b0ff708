import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Desk } from '../../../src-main/store/open-desk';
import { syncOnce } from '../../../src-main/sync/sync-engine';
import { verifyDesk } from '../../../src-main/sync/verify-and-repair';
import type { SyncTransport } from '../../../src-main/sync/sync-transport';
import type { Database } from '../../../src-shared/schema/catalog';
import type { ServerOnlyTables } from '../../../sync-server/db/server-tables';

/** A sale a desk acknowledged to its cashier. */
export interface AcknowledgedSale {
  readonly mutationId: string;
  readonly orderId: string;
}

export interface SettleReport {
  readonly attempts: number;
  readonly failures: number;
  readonly lastError: unknown;
}

async function pendingCount(desk: Desk): Promise<number> {
  const row = await desk.db
    .selectFrom('desk_outbox')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Syncs until the desk's outbox is empty and its pull was not held, retrying through
 * failures (the server or its database may be down for a while). Bounded by `timeoutMs`
 * and `signal`: a desk that cannot settle fails the test with the last error.
 */
export async function syncUntilSettled(
  desk: Desk,
  transport: SyncTransport,
  timeoutMs = 60_000,
  signal?: AbortSignal,
): Promise<SettleReport> {
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let failures = 0;
  let lastError: unknown;
  // Failures in a row: the backoff grows while the server is down and restarts on success.
  let streak = 0;
  while (Date.now() < deadline && signal?.aborted !== true) {
    attempts++;
    try {
      const report = await syncOnce(desk, transport);
      streak = 0;
      if (!report.held && (await pendingCount(desk)) === 0) {
        return { attempts, failures, lastError };
      }
    } catch (error) {
      failures++;
      streak++;
      lastError = error;
      await sleep(Math.min(500, 25 * streak));
    }
  }
  throw new Error(`the desk did not settle within ${timeoutMs} ms (or was stopped)`, {
    cause: lastError,
  });
}

/** Desk and server hold the same rows, table by table (R6). */
export async function expectDeskMatchesServer(desk: Desk, transport: SyncTransport) {
  const report = await verifyDesk(desk, transport);
  expect(report.mismatched.map((m) => m.table)).toEqual([]);
  return report;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * Every acknowledged sale is on the server exactly once: its mutation applied once (R3.2),
 * its order present, one payment per order, and no order or payment the desks never made.
 * `expectedOrders` counts every order the tenant should hold, setup sales included.
 */
export async function expectExactlyOnceOnServer(
  db: Kysely<Database>,
  tenantId: string,
  sales: readonly AcknowledgedSale[],
  expectedOrders: number,
): Promise<void> {
  const server = db.withTables<ServerOnlyTables>();
  const applied = await server
    .selectFrom('mutation_log')
    .select('mutation_id')
    .where('tenant_id', '=', tenantId)
    .where('outcome', '=', 'applied')
    .execute();
  const appliedCounts = countBy(applied.map((row) => row.mutation_id));
  const twice = [...appliedCounts].filter(([, n]) => n > 1).map(([id]) => id);
  expect(twice, 'mutations applied more than once').toEqual([]);
  const missing = sales.filter((sale) => appliedCounts.get(sale.mutationId) !== 1);
  expect(
    missing.map((s) => s.mutationId),
    'acknowledged sales the server never applied',
  ).toEqual([]);

  const orders = await db
    .selectFrom('pos_orders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .execute();
  const orderIds = new Set(orders.map((o) => o.id));
  expect(
    sales.filter((s) => !orderIds.has(s.orderId)).map((s) => s.orderId),
    'acknowledged orders missing on the server',
  ).toEqual([]);
  expect(orders.length, 'orders on the server').toBe(expectedOrders);

  const payments = await db
    .selectFrom('payments')
    .select(['id', 'order_id'])
    .where('tenant_id', '=', tenantId)
    .execute();
  expect(new Set(payments.map((p) => p.id)).size).toBe(payments.length);
  const perOrder = countBy(payments.map((p) => p.order_id));
  const notOnce = sales.filter((s) => perOrder.get(s.orderId) !== 1).map((s) => s.orderId);
  expect(notOnce, 'orders without exactly one payment').toEqual([]);
}

/**
 * The books balance on one copy (the server's, or a desk's through asSharedDb): each gift card's balance is the sum of its
 * ledger, each order's payments add up to its total.
 */
export async function expectLedgersBalanced(
  shared: Kysely<Database>,
  tenantId: string,
): Promise<void> {
  const cards = await shared
    .selectFrom('gift_cards')
    .select(['id', 'current_balance'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const entries = await shared
    .selectFrom('gift_card_transactions')
    .select(['gift_card_id', 'amount'])
    .where('tenant_id', '=', tenantId)
    .execute();
  for (const card of cards) {
    const sum = entries
      .filter((e) => e.gift_card_id === card.id)
      .reduce((total, e) => total + e.amount, 0);
    expect(card.current_balance, `gift card ${card.id}`).toBe(sum);
  }
  const orders = await shared
    .selectFrom('pos_orders')
    .select(['id', 'total_amount'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const payments = await shared
    .selectFrom('payments')
    .select(['order_id', 'amount'])
    .where('tenant_id', '=', tenantId)
    .where('amount', '>', 0)
    .execute();
  const paid = new Map<string, number>();
  for (const p of payments) paid.set(p.order_id, (paid.get(p.order_id) ?? 0) + p.amount);
  const unbalanced = orders.filter((o) => (paid.get(o.id) ?? 0) !== o.total_amount);
  expect(
    unbalanced.map((o) => o.id),
    'orders whose payments differ from their total',
  ).toEqual([]);
}
