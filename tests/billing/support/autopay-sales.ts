import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { studioDateAt } from '../../../src-shared/mutations/front-desk/membership-periods';
import { inTenantTransaction } from '../../../sync-server/db/tenant-transaction';
import type { PaymentTables } from '../../../sync-server/payments/payment-tables';
import { insertPerson } from '../../front-desk/front-desk-harness';
import { call, TestOutbox, type TestResponse } from '../../server/support/server-harness';
import { STUDIO_ZONE, type BillingStudio, type BillingWorld } from './billing-world';

/** A membership plan's price in these tests: $120.00 a month. */
export const PLAN_PRICE = 12_000;

/**
 * A member and a monthly plan at a studio, and the desk's ways of selling the plan by card
 * (issue 18, R13.5): the intent (saving the card for the member or not), the reader's card,
 * the capture, and the pos.sale push, each a step a test may put in any order.
 */
export class AutopaySales {
  private readonly outbox: TestOutbox;

  private constructor(
    readonly world: BillingWorld,
    readonly studio: BillingStudio,
    readonly memberId: string,
    readonly planId: string,
  ) {
    this.outbox = new TestOutbox(studio.ownerId, world.clock);
  }

  static async open(world: BillingWorld, studio: BillingStudio): Promise<AutopaySales> {
    const at = new Date(world.clock.now()).toISOString();
    const planId = world.newId();
    const memberId = await inTenantTransaction(
      world.database.db,
      studio.tenantId,
      async (_trx, shared) => {
        const person = await insertPerson(shared, {
          tenantId: studio.tenantId,
          firstName: 'Ava',
          role: 'student',
          at,
          newId: () => world.newId(),
        });
        await shared
          .insertInto('membership_plans')
          .values({
            id: planId,
            tenant_id: studio.tenantId,
            name: 'Unlimited monthly',
            price: PLAN_PRICE,
            interval: 'month',
            vod_enabled: 0,
            class_limit: null,
            active: 1,
            created_at: at,
          })
          .execute();
        return person.memberId;
      },
    );
    return new AutopaySales(world, studio, memberId, planId);
  }

  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<TestResponse> {
    return call(this.world.app, method, path, {
      token: this.studio.desk.token,
      ...(body === undefined ? {} : { body }),
    });
  }

  /** `POST /v1/payments/intents` for the plan's price; `save` ticks "Save this card". */
  async startIntent(save: boolean, memberId = this.memberId): Promise<string> {
    const reply = await this.request('POST', '/v1/payments/intents', {
      amount: PLAN_PRICE,
      checkoutId: randomUUID(),
      ...(save ? { saveCardFor: { memberId } } : {}),
    });
    expect(reply.status, reply.body).toBe(200);
    return (reply.json as { paymentIntentId: string }).paymentIntentId;
  }

  /** The reader reads the card and Stripe authorises it; then the desk captures. */
  async capture(intentId: string): Promise<void> {
    const reply = await this.request('POST', `/v1/payments/intents/${intentId}/capture`, {});
    expect(reply.json).toMatchObject({ status: 'succeeded', card: { brand: 'visa' } });
  }

  async takeCard(save: boolean): Promise<string> {
    const intentId = await this.startIntent(save);
    this.world.stripe.presentCard(intentId, 'approve');
    await this.capture(intentId);
    return intentId;
  }

  /** Pushes one mutation as the studio's owner at the desk; returns its outcome. */
  async push(name: string, args: unknown): Promise<{ outcome: string; code?: string }> {
    const reply = await this.request('POST', '/v1/push', {
      mutations: [this.outbox.next(name, args)],
    });
    expect(reply.status, reply.body).toBe(200);
    const [result] = (reply.json as { results: { outcome: string; code?: string }[] }).results;
    if (result === undefined) throw new Error('the push answered no result');
    return result;
  }

  /** The desk's pos.sale of the plan from today, paid by the card; returns the subscription. */
  async pushSale(intentId: string): Promise<string> {
    const today = studioDateAt(STUDIO_ZONE, new Date(this.world.clock.now()).toISOString());
    const mutation = this.outbox.next('pos.sale', {
      memberId: this.memberId,
      lines: [{ kind: 'membership', planId: this.planId, startDate: today, unitPrice: PLAN_PRICE }],
      tenders: [
        {
          method: 'card',
          amount: PLAN_PRICE,
          paymentIntentId: intentId,
          card: { brand: 'visa', last4: '4242' },
        },
      ],
    });
    const reply = await this.request('POST', '/v1/push', { mutations: [mutation] });
    expect(reply.status, reply.body).toBe(200);
    const [result] = (reply.json as { results: { outcome: string }[] }).results;
    expect(result, reply.body).toMatchObject({ outcome: 'applied' });
    return inTenantTransaction(this.world.database.db, this.studio.tenantId, async (trx) => {
      const row = await trx
        .selectFrom('subscriptions')
        .select('id')
        .where('member_id', '=', this.memberId)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      return row.id;
    });
  }

  /** The server's record of the intent (server-only columns included). */
  intentRow(intentId: string) {
    return this.world.database.db
      .withTables<PaymentTables>()
      .selectFrom('card_payment_intents')
      .selectAll()
      .where('tenant_id', '=', this.studio.tenantId)
      .where('id', '=', intentId)
      .executeTakeFirstOrThrow();
  }

  /** What the desks see of the membership's autopay: the synced subscription_autopay row. */
  autopayRows() {
    return inTenantTransaction(this.world.database.db, this.studio.tenantId, (trx) =>
      trx.selectFrom('subscription_autopay').selectAll().execute(),
    );
  }

  /** Waits for the follow-up of a push to put the sale's membership on autopay. */
  async attached(intentId: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    while ((await this.intentRow(intentId)).card_attached_at === null) {
      if (Date.now() > deadline) throw new Error(`${intentId} was never given to a membership`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
