import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { billRenewals } from '../../sync-server/billing/renewal-billing';
import { billingTenantsOf } from '../../sync-server/db/billing-tenants';
import { tenantDatabase } from '../../sync-server/db/tenant-database';
import { inTenantTransaction } from '../../sync-server/db/tenant-transaction';
import { createPaymentsContext } from '../../sync-server/payments/payments-context';
import { silentLog } from '../../sync-server/support/service-error';
import { PokeHub } from '../../sync-server/sync/poke-hub';
import { insertPerson } from '../front-desk/front-desk-harness';
import { SECRET_KEY, WEBHOOK_SECRET } from '../payments/support/payments-world';
import { TestClock } from '../server/support/server-harness';
import { eventually } from '../sync/sync-harness';
import { expectText, useCardSaleWorld } from './support/card-sale-fixture';
import { hostCall, hostQuery, openScreen, screenshot } from './support/e2e-harness';

const PLAN = 'Autopay Monthly';
const DAY = 24 * 60 * 60 * 1000;

interface MembershipView {
  readonly subscriptionId: string;
  readonly periodEnd: string;
}

/**
 * R13.5 and R14 from the staff's side: a member buys a monthly plan at the Sell screen paid
 * by card with "Save this card for autopay" ticked; the member page shows the card the
 * membership renews on; the renewal job, run under a fake clock past the period end,
 * charges that card once at Stripe (the fake), and the member page shows the next period.
 */
describe('a membership bought with autopay by card', () => {
  const world = useCardSaleWorld();
  const member = { memberId: '', email: '', name: 'Ava Tester' };

  beforeAll(async () => {
    const at = new Date().toISOString();
    const newId = () => uuidV7(Date.now(), randomBytes);
    await inTenantTransaction(world.database.db, world.studio.tenantId, async (_trx, shared) => {
      const person = await insertPerson(shared, {
        tenantId: world.studio.tenantId,
        firstName: 'Ava',
        role: 'student',
        at,
        newId,
      });
      const row = await shared
        .selectFrom('users')
        .select('email')
        .where('id', '=', person.userId)
        .executeTakeFirstOrThrow();
      Object.assign(member, { memberId: person.memberId, email: row.email });
      await shared
        .insertInto('membership_plans')
        .values({
          id: newId(),
          tenant_id: world.studio.tenantId,
          name: PLAN,
          price: 12_000,
          interval: 'month',
          vod_enabled: 0,
          class_limit: null,
          active: 1,
          created_at: at,
        })
        .execute();
    });
  });

  const memberCard = () =>
    world.page.getByRole('article', { name: member.name }).getByLabel(`Membership ${PLAN}`);
  const subscription = () =>
    inTenantTransaction(world.database.db, world.studio.tenantId, (trx) =>
      trx
        .selectFrom('subscriptions')
        .select(['id', 'current_period_end', 'stripe_payment_method_id'])
        .where('member_id', '=', member.memberId)
        .executeTakeFirst(),
    );

  it('joins the studio and connects the reader found in Settings', async () => {
    await world.joinStudioAndConnectReader();
  });

  it('R13.5 sells the plan by card with the card saved, and the member page names it', async () => {
    const { page, sell, panel } = world;
    await openScreen(page, 'Sell');
    await sell()
      .getByRole('group', { name: 'Membership plans' })
      .getByRole('button', { name: new RegExp(`^${PLAN}`) })
      .click();
    await sell()
      .getByRole('combobox', { name: 'Member (needed for a membership)' })
      .fill(member.email);
    await page.getByRole('option', { name: new RegExp(escape(member.email)) }).click();
    await panel().getByRole('radio', { name: 'Card', exact: true }).check();
    await panel()
      .getByRole('checkbox', { name: /Save this card for autopay/ })
      .check();
    await panel().getByRole('button', { name: 'Add tender' }).click();
    await expectText(panel().getByRole('list', { name: 'Tenders' }), 'Card $120.00');
    await panel().getByRole('button', { name: 'Complete sale' }).click();
    await sell().getByRole('figure', { name: 'Receipt preview' }).waitFor();

    // The intent saved the card for the member: a Customer and setup_future_usage.
    const [intent] = world.stripe.allIntents();
    expect(intent).toMatchObject({ status: 'succeeded', setup_future_usage: 'off_session' });
    expect(intent?.customer).toMatch(/^cus_/);
    const saved = await eventually(async () => {
      const row = await subscription();
      return row?.stripe_payment_method_id ? row : undefined;
    }, 15_000);
    expect(world.stripe.offSession.method(saved.stripe_payment_method_id ?? '')).toMatchObject({
      customer: intent?.customer,
      card: { last4: '4242' },
    });

    await openMemberPage();
    await expectText(memberCard(), 'Autopay: Visa •••• 4242');
    await screenshot(page, 'membership-autopay');
  });

  it('R14 the renewal job past the period end charges the saved card once; the page shows the next period', async () => {
    const before = await subscription();
    if (!before) throw new Error('the sale started a membership');
    const shownBefore = await memberCard().textContent();
    // The job as `serverctl bill-renewals` runs it, with the clock a day past the period end.
    const clock = new TestClock(
      new Date(Date.parse(before.current_period_end) + DAY).toISOString(),
    );
    const runner = createPaymentsContext(
      { tenants: tenantDatabase(world.database.db), clock, log: silentLog, hub: new PokeHub() },
      { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, api: world.network.api },
    );
    const billingTenants = billingTenantsOf(world.database.db);
    expect((await billRenewals(runner, billingTenants)).charged).toBe(1);
    expect((await billRenewals(runner, billingTenants)).charged).toBe(0);

    const renewals = world.stripe.offSession.charges.filter((c) => c.account === world.account);
    expect(
      renewals.map((c) => [c.intent.amount, c.intent.status, c.intent.payment_method]),
    ).toEqual([[12_000, 'succeeded', before.stripe_payment_method_id]]);
    const after = await subscription();
    expect(Date.parse(after?.current_period_end ?? '')).toBeGreaterThan(
      Date.parse(before.current_period_end),
    );

    await hostCall(world.desk.desk, 'sync.now', {});
    const [view] = await hostQuery<MembershipView[]>(world.desk.desk, 'membership.ofMember', {
      memberId: member.memberId,
      at: new Date().toISOString(),
    });
    expect(view?.periodEnd).toBe(after?.current_period_end);
    await openMemberPage();
    await expectText(memberCard(), 'Autopay: Visa •••• 4242');
    await expect.poll(() => memberCard().textContent(), { timeout: 10_000 }).not.toBe(shownBefore);
    await expectText(memberCard(), /Active, period ends/);
  });

  it('R13.5 the owner turns autopay off: the card is forgotten at the server', async () => {
    await memberCard().getByRole('button', { name: 'Turn off autopay' }).click();
    await expectText(
      memberCard().getByRole('status'),
      'Autopay is off: renewals are paid at the desk.',
    );
    await expect
      .poll(
        async () =>
          memberCard()
            .getByText(/^Autopay:/)
            .count(),
        { timeout: 10_000 },
      )
      .toBe(0);
    const forgotten = await eventually(async () => {
      const row = await subscription();
      return row?.stripe_payment_method_id === null ? row : undefined;
    }, 15_000);
    expect(forgotten.stripe_payment_method_id).toBeNull();
  });

  async function openMemberPage(): Promise<void> {
    await openScreen(world.page, 'Today');
    await openScreen(world.page, 'Member');
    await world.page.getByRole('combobox', { name: 'Find a member' }).fill(member.email);
    await world.page.getByRole('option', { name: new RegExp(escape(member.email)) }).click();
  }
});

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
