import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenantTransaction } from '../../sync-server/db/tenant-transaction';
import { tenantDatabase } from '../../sync-server/db/tenant-database';
import { reconcileTenantCardPayments } from '../../sync-server/payments/card-reconciliation';
import { processPendingCardRefunds } from '../../sync-server/payments/card-refunds';
import { createStripeClient } from '../../sync-server/payments/payments-config';
import type { PaymentsContext } from '../../sync-server/payments/payments-context';
import { silentLog } from '../../sync-server/support/service-error';
import { headPosition } from '../../sync-server/sync/change-log';
import { headAfterWrites } from '../../sync-server/sync/committed-head';
import { PokeHub } from '../../sync-server/sync/poke-hub';
import {
  call,
  createStudioWithDesk,
  serverBackends,
  TestClock,
  useMigratedServer,
} from '../server/support/server-harness';
import { BillingWorld } from '../billing/support/billing-world';
import { giftCardSoldByCard } from './support/card-sales';
import { newAccountId, SECRET_KEY, WEBHOOK_SECRET } from './support/payments-world';
import { StripeFake } from './support/stripe-fake';

/**
 * R17.5: a job that writes synced rows pokes desks with a head that covers them. The server
 * here runs without payments, so no push starts the follow-up jobs: the test runs each job
 * itself and hears its poke on its own hub.
 */
describe.each(serverBackends)(
  'R17.5 job pokes name positions that cover their rows (%s)',
  (backend) => {
    const clock = new TestClock();
    const server = useMigratedServer(backend, clock);
    let stripe: StripeFake;
    let payments: PaymentsContext;

    beforeAll(async () => {
      stripe = await StripeFake.start({
        secretKey: SECRET_KEY,
        webhookSecret: WEBHOOK_SECRET,
        now: () => clock.now(),
      });
      const options = {
        secretKey: SECRET_KEY,
        webhookSecret: WEBHOOK_SECRET,
        api: stripe.api,
        maxNetworkRetries: 0,
      };
      payments = {
        tenants: tenantDatabase(server.handle.db),
        clock,
        log: silentLog,
        hub: new PokeHub(),
        stripe: createStripeClient(options),
        options,
      };
    });
    afterAll(() => stripe.close());

    async function studioWithStripe() {
      const studio = await createStudioWithDesk(server, clock);
      await inTenantTransaction(server.handle.db, studio.studio.tenantId, (trx) =>
        trx
          .updateTable('tenants')
          .set({ stripe_account_id: newAccountId() })
          .where('id', '=', studio.studio.tenantId)
          .execute(),
      );
      const push = async (calls: readonly { name: string; args: unknown }[]) => {
        const reply = await call(server.app, 'POST', '/v1/push', {
          token: studio.desk.token,
          body: { mutations: calls.map((c) => studio.outbox.next(c.name, c.args)) },
        });
        expect(reply.status, reply.body).toBe(200);
        const results = (reply.json as { results: { outcome: string }[] }).results;
        for (const result of results) expect(result).toMatchObject({ outcome: 'applied' });
      };
      return { ...studio, tenantId: studio.studio.tenantId, push };
    }

    const head = async (tenantId: string) => {
      const found = await sql<{ position: string }>`select position from sync_positions
      where tenant_id = ${tenantId}::uuid`.execute(server.handle.db);
      // bigint comes back as text (LESSONS.md): parsed deliberately.
      return Number(found.rows[0]?.position ?? 0);
    };
    /** Where a row stands in the change log: a desk pulling up to there receives it. */
    const positionOf = async (tenantId: string, table: string, id: string) => {
      const found = await sql<{ position: string | null }>`select position from sync_changes
      where tenant_id = ${tenantId}::uuid and table_name = ${table} and row_key = ${id}`.execute(
        server.handle.db,
      );
      const position = found.rows[0]?.position;
      if (position === undefined || position === null) throw new Error(`${table} ${id} unlogged`);
      return Number(position);
    };
    /** Runs a job and returns the positions it poked its studio's desks with. */
    async function pokesOf(tenantId: string, job: () => Promise<unknown>): Promise<number[]> {
      const pokes: number[] = [];
      const unsubscribe = payments.hub.subscribe(tenantId, (p) => pokes.push(p));
      try {
        await job();
      } finally {
        unsubscribe();
      }
      return pokes;
    }

    it('takes the transaction’s positions before reading the head; a plain read stands before them', async () => {
      const { tenantId } = await studioWithStripe();
      const before = await head(tenantId);
      const read = await inTenantTransaction(server.handle.db, tenantId, async (trx) => {
        await sql`insert into locations (id, tenant_id, name, time_zone, created_at)
        values (gen_random_uuid(), ${tenantId}::uuid, 'Annex', 'UTC', ${new Date(clock.now()).toISOString()})`.execute(
          trx,
        );
        return {
          plain: await headPosition(trx, tenantId),
          taken: await headAfterWrites(trx, tenantId),
        };
      });
      // Read plainly, the head has not moved yet: a poke with it would name nothing new.
      expect(read.plain).toBe(before);
      expect(read.taken).toBeGreaterThan(before);
      expect(await head(tenantId)).toBe(read.taken);
    });

    it('card reconciliation: the poke covers the review item it raised', async () => {
      const studio = await studioWithStripe();
      await studio.push([giftCardSoldByCard(900, 'pi_NeverCreatedHere')]);
      const before = await head(studio.tenantId);

      const pokes = await pokesOf(studio.tenantId, () =>
        reconcileTenantCardPayments(payments, studio.tenantId),
      );

      const review = await server.handle.db
        .selectFrom('review_items')
        .select('id')
        .where('tenant_id', '=', studio.tenantId)
        .where('kind', '=', 'card_declined')
        .executeTakeFirstOrThrow();
      const at = await positionOf(studio.tenantId, 'review_items', review.id);
      expect(at).toBeGreaterThan(before);
      expect(pokes).toEqual([await head(studio.tenantId)]);
      expect(pokes[0]).toBeGreaterThanOrEqual(at);
    });

    it('card refunds: the poke covers the refund’s payment the job updated', async () => {
      const studio = await studioWithStripe();
      // An intent Stripe does not know: it refuses the refund, and the job records that.
      const intent = 'pi_UnknownToStripe';
      await studio.push([giftCardSoldByCard(1500, intent)]);
      const sale = await server.handle.db
        .selectFrom('payments')
        .select('order_id')
        .where('tenant_id', '=', studio.tenantId)
        .where('stripe_payment_intent_id', '=', intent)
        .executeTakeFirstOrThrow();
      await studio.push([
        {
          name: 'pos.refund',
          args: {
            orderId: sale.order_id,
            tenders: [{ method: 'card', amount: 1500, paymentIntentId: intent }],
            reason: 'changed their mind',
          },
        },
      ]);
      const before = await head(studio.tenantId);

      let run: unknown;
      const pokes = await pokesOf(studio.tenantId, async () => {
        run = await processPendingCardRefunds(payments, studio.tenantId);
      });

      expect(run).toEqual({ sent: 0, refused: 1, deferred: 0 });
      const refund = await server.handle.db
        .selectFrom('payments')
        .select(['id', 'status'])
        .where('tenant_id', '=', studio.tenantId)
        .where('stripe_payment_intent_id', '=', intent)
        .where('amount', '<', 0)
        .executeTakeFirstOrThrow();
      expect(refund.status).toBe('failed');
      const at = await positionOf(studio.tenantId, 'payments', refund.id);
      expect(at).toBeGreaterThan(before);
      expect(pokes).toEqual([await head(studio.tenantId)]);
      expect(pokes[0]).toBeGreaterThanOrEqual(at);
    });
  },
);

describe.each(serverBackends)(
  'R17.5 renewal billing pokes with a head that covers the renewal (%s)',
  (backend) => {
    let world: BillingWorld;
    beforeAll(async () => {
      world = await BillingWorld.open(backend);
    });
    afterAll(() => world.dispose());

    it('a desk pulling up to the poked position receives the charge and the advanced period', async () => {
      const studio = await world.newStudio(true);
      const sub = await world.subscribe(studio, {
        card: 'pm_card_visa',
        periodEnd: world.lastMidnight(),
      });
      const pokes: number[] = [];
      const unsubscribe = world.hub.subscribe(studio.tenantId, (p) => pokes.push(p));
      try {
        expect((await world.runJob()).charged).toBe(1);
      } finally {
        unsubscribe();
      }

      const logged = await sql<{ table_name: string; row_key: string; position: string }>`
      select table_name, row_key, position from sync_changes
       where tenant_id = ${studio.tenantId}::uuid
         and table_name in ('subscriptions', 'subscription_charges')`.execute(world.database.db);
      const charge = await world.database.db
        .selectFrom('subscription_charges')
        .select('id')
        .where('subscription_id', '=', sub.subscriptionId)
        .executeTakeFirstOrThrow();
      const positionOf = (table: string, id: string) =>
        Number(logged.rows.find((r) => r.table_name === table && r.row_key === id)?.position);
      const poked = pokes.at(-1) ?? 0;
      expect(poked).toBeGreaterThanOrEqual(positionOf('subscription_charges', charge.id));
      expect(poked).toBeGreaterThanOrEqual(positionOf('subscriptions', sub.subscriptionId));
    });
  },
);
