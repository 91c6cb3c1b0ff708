import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { z } from 'zod';
import { uuidV7 } from '../../../src-shared/ids/uuid-v7';
import {
  startOfStudioDay,
  studioDateAt,
} from '../../../src-shared/mutations/front-desk/membership-periods';
import type { Database } from '../../../src-shared/schema/catalog';
import { pullResponseSchema, type RowChange } from '../../../src-shared/protocol/sync-messages';
import type { Clock } from '../../../src-shared/time/clock';
import { billRenewals, type RenewalRun } from '../../../sync-server/billing/renewal-billing';
import { billingTenantsOf } from '../../../sync-server/db/billing-tenants';
import { tenantDatabase } from '../../../sync-server/db/tenant-database';
import { inTenantTransaction } from '../../../sync-server/db/tenant-transaction';
import {
  createStripeClient,
  type PaymentsOptions,
} from '../../../sync-server/payments/payments-config';
import {
  createPaymentsContext,
  type PaymentsContext,
} from '../../../sync-server/payments/payments-context';
import type { ServiceLog } from '../../../sync-server/support/service-error';
import { PokeHub } from '../../../sync-server/sync/poke-hub';
import { insertPerson } from '../../front-desk/front-desk-harness';
import { newAccountId, SECRET_KEY, WEBHOOK_SECRET } from '../../payments/support/payments-world';
import { StripeFake } from '../../payments/support/stripe-fake';
import {
  call,
  createStudio,
  enrollDesk,
  openMigratedDatabase,
  startServer,
  TestClock,
  type ServerBackend,
  type TestDatabaseHandle,
  type TestDesk,
} from '../../server/support/server-harness';

export type ChargeRow = Database['subscription_charges'];

/** The studios' time zone in these tests. */
export const STUDIO_ZONE = 'America/New_York';

/** A test card of Stripe's (see stripe-fake-off-session.ts) or no saved card at all. */
export type SavedCard = 'pm_card_visa' | 'pm_card_chargeCustomerFail' | null;

export interface BillingStudio {
  readonly tenantId: string;
  readonly ownerId: string;
  readonly account: string | null;
  readonly desk: TestDesk;
}

export interface Subscribed {
  readonly subscriptionId: string;
  readonly memberId: string;
  readonly planId: string;
  readonly paymentMethodId: string | null;
}

/** Every line the billing job logged, as `level message details`. */
function collectingLog(lines: string[]): ServiceLog {
  const line = (level: string) => (details: object, message: string) => {
    lines.push(`${level} ${message} ${JSON.stringify(details)}`);
  };
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

/**
 * A migrated server database (Postgres or PGlite), the Stripe fake, a fake clock, and a
 * sync server whose pull shows what a desk receives. The billing job runs as a server
 * would run it: `runJob()` is one run; `newRunner()` is another server instance's.
 */
export class BillingWorld {
  readonly logs: string[] = [];
  readonly hub = new PokeHub();

  private constructor(
    readonly database: TestDatabaseHandle,
    readonly clock: TestClock,
    readonly stripe: StripeFake,
    readonly app: FastifyInstance,
    readonly payments: PaymentsOptions,
  ) {}

  static async open(backend: ServerBackend, start = '2026-12-01T09:00:00.000Z') {
    const database = await openMigratedDatabase(backend);
    const clock = new TestClock(start);
    const stripe = await StripeFake.start({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      now: () => clock.now(),
    });
    const payments: PaymentsOptions = {
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      api: stripe.api,
      maxNetworkRetries: 0,
    };
    const app = await startServer(database, clock, { payments });
    return new BillingWorld(database, clock, stripe, app, payments);
  }

  /** One server instance's billing context: its own Stripe client, same database. */
  newRunner(): PaymentsContext {
    return createPaymentsContext(
      {
        tenants: tenantDatabase(this.database.db),
        clock: this.clock,
        log: collectingLog(this.logs),
        hub: this.hub,
      },
      this.payments,
    );
  }

  runJob(runner: PaymentsContext = this.newRunner()): Promise<RenewalRun> {
    return billRenewals(runner, billingTenantsOf(this.database.db));
  }

  /** The platform's Stripe client, as a test sets up a member's saved card. */
  sdk(): Stripe {
    return createStripeClient(this.payments);
  }

  async newStudio(connected: boolean): Promise<BillingStudio> {
    const studio = await createStudio(this.database.db, this.clock);
    const account = connected ? newAccountId() : null;
    await inTenantTransaction(this.database.db, studio.tenantId, async (trx) => {
      const tenant = await trx
        .selectFrom('tenants')
        .select('settings')
        .where('id', '=', studio.tenantId)
        .executeTakeFirstOrThrow();
      const settings = z.record(z.string(), z.unknown()).parse(JSON.parse(tenant.settings));
      await trx
        .updateTable('tenants')
        .set({
          stripe_account_id: account,
          // Membership days are the studio's (R13): New York's, with its DST changes.
          settings: JSON.stringify({ ...settings, timeZone: STUDIO_ZONE }),
        })
        .where('id', '=', studio.tenantId)
        .execute();
    });
    const desk = await enrollDesk(this.app, this.database.db, this.clock, studio.tenantId);
    return { tenantId: studio.tenantId, ownerId: studio.ownerId, account, desk };
  }

  /**
   * A member on a plan whose paid period ends at `periodEnd`, with `card` saved for autopay
   * on the studio's account through Stripe's API (a customer with the card attached).
   */
  async subscribe(
    studio: BillingStudio,
    options: {
      readonly card: SavedCard;
      readonly periodEnd: string;
      readonly price?: number;
      readonly interval?: 'week' | 'month' | 'year' | 'one_time';
      readonly status?: 'active' | 'past_due' | 'paused' | 'canceled';
    },
  ): Promise<Subscribed> {
    const newId = () => uuidV7(this.clock.now(), randomBytes);
    let customerId: string | null = null;
    let paymentMethodId: string | null = null;
    if (options.card !== null) {
      const account = studio.account ?? newAccountId();
      const customer = await this.sdk().customers.create(
        { email: 'member@example.com', payment_method: options.card },
        { stripeAccount: account },
      );
      customerId = customer.id;
      const saved = customer.invoice_settings.default_payment_method;
      paymentMethodId = typeof saved === 'string' ? saved : null;
    }
    const at = new Date(this.clock.now()).toISOString();
    const planId = newId();
    const subscriptionId = newId();
    const end = Date.parse(options.periodEnd);
    const start = new Date(end - 30 * 24 * 60 * 60 * 1000).toISOString();
    const memberId = await inTenantTransaction(
      this.database.db,
      studio.tenantId,
      async (_trx, shared) => {
        const person = await insertPerson(shared, {
          tenantId: studio.tenantId,
          firstName: 'Mia',
          role: 'student',
          at,
          newId,
        });
        await shared
          .insertInto('membership_plans')
          .values({
            id: planId,
            tenant_id: studio.tenantId,
            name: 'Unlimited monthly',
            price: options.price ?? 12_000,
            interval: options.interval ?? 'month',
            vod_enabled: 0,
            class_limit: null,
            active: 1,
            created_at: at,
          })
          .execute();
        await shared
          .insertInto('subscriptions')
          .values({
            id: subscriptionId,
            tenant_id: studio.tenantId,
            user_id: person.userId,
            member_id: person.memberId,
            plan_id: planId,
            status: options.status ?? 'active',
            current_period_start: start,
            current_period_end: options.periodEnd,
            stripe_subscription_id: null,
            created_at: at,
            stripe_customer_id: customerId,
            stripe_payment_method_id: paymentMethodId,
            billing_retry_count: null,
            next_billing_retry_at: null,
          })
          .execute();
        return person.memberId;
      },
    );
    return { subscriptionId, memberId, planId, paymentMethodId };
  }

  newId(): string {
    return uuidV7(this.clock.now(), randomBytes);
  }

  async newPlan(
    studio: BillingStudio,
    plan: { readonly price: number; readonly interval: 'week' | 'month' | 'year' | 'one_time' },
  ): Promise<string> {
    const id = this.newId();
    await inTenantTransaction(this.database.db, studio.tenantId, (trx) =>
      trx
        .insertInto('membership_plans')
        .values({
          id,
          tenant_id: studio.tenantId,
          name: `${plan.interval} plan`,
          price: plan.price,
          interval: plan.interval,
          vod_enabled: 0,
          class_limit: null,
          active: 1,
          created_at: new Date(this.clock.now()).toISOString(),
        })
        .execute(),
    );
    return id;
  }

  /** A pause as the membership desk records it (subscription_pauses, issue 18). */
  async pause(
    studio: BillingStudio,
    subscriptionId: string,
    pause: { readonly startsAt: string; readonly endsAt: string | null },
  ): Promise<void> {
    await inTenantTransaction(this.database.db, studio.tenantId, (trx) =>
      trx
        .insertInto('subscription_pauses')
        .values({
          id: this.newId(),
          tenant_id: studio.tenantId,
          subscription_id: subscriptionId,
          starts_at: pause.startsAt,
          ends_at: pause.endsAt,
          resumed_at: null,
          reason: null,
          staff_id: studio.ownerId,
          created_at: new Date(this.clock.now()).toISOString(),
        })
        .execute(),
    );
  }

  /** A change at period end as the membership desk records it (issue 18). */
  async scheduleChange(
    studio: BillingStudio,
    subscriptionId: string,
    change: {
      readonly kind: 'cancel' | 'change_plan';
      readonly effectiveAt: string;
      readonly newPlanId?: string;
    },
  ): Promise<void> {
    await inTenantTransaction(this.database.db, studio.tenantId, (trx) =>
      trx
        .insertInto('subscription_scheduled_changes')
        .values({
          id: this.newId(),
          tenant_id: studio.tenantId,
          subscription_id: subscriptionId,
          kind: change.kind,
          new_plan_id: change.newPlanId ?? null,
          effective_at: change.effectiveAt,
          reason: null,
          staff_id: studio.ownerId,
          created_at: new Date(this.clock.now()).toISOString(),
          withdrawn_at: null,
        })
        .execute(),
    );
  }

  insertCharge(studio: BillingStudio, charge: ChargeRow): Promise<unknown> {
    return inTenantTransaction(this.database.db, studio.tenantId, (trx) =>
      trx.insertInto('subscription_charges').values(charge).execute(),
    );
  }

  /** Another sync server on the same database, billing renewals every `everyMs`. */
  startBillingServer(everyMs: number): Promise<FastifyInstance> {
    return startServer(this.database, this.clock, {
      payments: this.payments,
      renewalBillingEveryMs: everyMs,
    });
  }

  subscription(studio: BillingStudio, id: string) {
    return inTenantTransaction(this.database.db, studio.tenantId, (trx) =>
      trx.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    );
  }

  charges(studio: BillingStudio) {
    return inTenantTransaction(this.database.db, studio.tenantId, (trx) =>
      trx
        .selectFrom('subscription_charges')
        .selectAll()
        .orderBy('created_at')
        .orderBy('attempt')
        .execute(),
    );
  }

  reviewItems(studio: BillingStudio) {
    return inTenantTransaction(this.database.db, studio.tenantId, (trx) =>
      trx.selectFrom('review_items').selectAll().execute(),
    );
  }

  /** Off-session PaymentIntents Stripe made on this studio's account. */
  intentsMade(studio: BillingStudio) {
    return this.stripe.offSession.charges.filter((c) => c.account === studio.account);
  }

  /** Every change the studio's desk pulls from the start, as a desk applies them. */
  async pulled(studio: BillingStudio): Promise<RowChange[]> {
    const changes: RowChange[] = [];
    let position = 0;
    for (;;) {
      const response = await call(this.app, 'GET', `/v1/pull?after=${position}&limit=1000`, {
        token: studio.desk.token,
      });
      const page = pullResponseSchema.parse(response.json);
      changes.push(...page.changes);
      position = page.position;
      if (!page.hasMore) return changes;
    }
  }

  /** The studio's last local midnight at the clock's time: when a period ends. */
  lastMidnight(): string {
    const now = new Date(this.clock.now()).toISOString();
    return startOfStudioDay(STUDIO_ZONE, studioDateAt(STUDIO_ZONE, now));
  }

  /** Moves the clock on to `ms`, or leaves it where it is when it is there already. */
  setTime(ms: number): void {
    this.clock.advance(Math.max(0, ms - this.clock.now()));
  }

  advanceDays(days: number): void {
    this.clock.advance(days * 24 * 60 * 60 * 1000);
  }

  async dispose(): Promise<void> {
    await this.app.close();
    await this.stripe.close();
    await this.database.dispose();
  }
}

export function isoAfter(clock: Clock, ms: number): string {
  return new Date(clock.now() + ms).toISOString();
}
