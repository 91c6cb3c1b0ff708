import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { systemClock } from '../../src-shared/time/clock';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { inTenantTransaction } from '../../sync-server/db/tenant-transaction';
import { StripeFake } from '../payments/support/stripe-fake';
import { newAccountId, SECRET_KEY, WEBHOOK_SECRET } from '../payments/support/payments-world';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
  type TestStudio,
} from '../server/support/server-harness';
import { eventually } from '../sync/sync-harness';
import { startCardNetwork, type CardNetwork } from './support/card-network';
import {
  hostQuery,
  launchChromium,
  openScreen,
  screenshot,
  startE2eDesk,
  type E2eDesk,
} from './support/e2e-harness';

const PRODUCT = 'Grip socks';

/**
 * Issue 17 item 5, from the staff's side: a sale paid by card through the (fake) reader is
 * refunded from Recent sales back to the card that paid, and the sync server sends the refund
 * to the Stripe fake once, on the studio's connected account. Set up as card-sale.test.ts.
 *
 * (card-sale.test.ts:) Card payments from the staff's side: the reader is found and connected in Settings, a
 * sale is paid by card with the reader's prompts on screen, a declined card and a payment
 * cancelled at the desk leave the cart as it was and record nothing. The reader is the fake
 * one in the page (`?terminal=fake`, `fake-decline`, `fake-wait`); the sync server (PGlite)
 * talks to the Stripe fake through a card network proxy that authorises the card before
 * the desk's capture, as Stripe does when a real reader reads it.
 */
describe('issue 17 item 5: refund back to the card that paid', () => {
  const account = newAccountId();
  let database: TestDatabaseHandle;
  let studio: TestStudio;
  let stripe: StripeFake;
  let network: CardNetwork;
  let server: FastifyInstance;
  let serverUrl: string;
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;

  /** The desk's page with `terminal` in the query; the secret stays in the fragment. */
  const pageUrl = (terminal: string) =>
    `${desk.desk.origin}/?terminal=${terminal}#desk-secret=${desk.desk.secret}`;
  const sell = () => page.getByRole('region', { name: 'Sell' });
  const panel = () => sell().getByRole('region', { name: 'Payment' });
  const serverPayments = () =>
    inTenantTransaction(database.db, studio.tenantId, (_trx, shared) =>
      shared
        .selectFrom('payments')
        .select(['order_id', 'method', 'amount', 'stripe_payment_intent_id', 'status'])
        .execute(),
    );

  beforeAll(async () => {
    database = await openMigratedDatabase('pglite');
    studio = await createStudio(database.db, systemClock, 'Juniper Barre');
    await inTenantTransaction(database.db, studio.tenantId, async (trx) => {
      await trx
        .updateTable('tenants')
        .set({ stripe_account_id: account })
        .where('id', '=', studio.tenantId)
        .execute();
      await trx
        .insertInto('products')
        .values({
          id: uuidV7(Date.now(), randomBytes),
          tenant_id: studio.tenantId,
          name: PRODUCT,
          price: 1200,
          stock_quantity: null,
          taxable: 0,
          active: 1,
          created_at: new Date().toISOString(),
        })
        .execute();
    });
    stripe = await StripeFake.start({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      now: () => Date.now(),
    });
    network = await startCardNetwork(stripe);
    server = await startServer(database, systemClock, {
      payments: { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, api: network.api },
    });
    serverUrl = await server.listen({ host: '127.0.0.1', port: 0 });
    [desk, browser] = await Promise.all([startE2eDesk(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser.close();
    await desk.close();
    await server.close();
    await network.close();
    await stripe.close();
    await database.dispose();
  });

  it('joins the studio and connects the reader found in Settings', async () => {
    const { code } = await createEnrollmentCode(
      { db: database.db, clock: systemClock },
      { tenantId: studio.tenantId },
    );
    await page.goto(pageUrl('fake'));
    const form = page.getByRole('form', { name: 'Connect to a studio' });
    await form.getByLabel('Server address').fill(serverUrl);
    await form.getByLabel('Enrolment code').fill(code);
    await form.getByLabel('Desk name').fill('Front desk');
    await form.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('button', { name: /^Olive Owner/ }).click();
    await page.getByLabel('PIN for Olive Owner').fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Signed in').getByText('Olive Owner').waitFor();

    await openScreen(page, 'Settings');
    const settings = page.getByRole('region', { name: 'Card reader' });
    await expectText(
      settings.getByRole('status', { name: 'Card payments' }),
      'Card payments are available.',
    );
    await expectText(
      settings.getByRole('status', { name: 'Connected reader' }),
      'No reader connected.',
    );
    await settings.getByRole('button', { name: 'Find readers' }).click();
    await expectText(settings.getByRole('list', { name: 'Readers found' }), 'Simulated reader');
    await settings.getByRole('button', { name: 'Connect Simulated reader' }).click();
    await expectText(
      settings.getByRole('status', { name: 'Connected reader' }),
      'Connected: Simulated reader (online)',
    );
    // Connecting asked the server for a Terminal connection token on the studio's account.
    const tokens = stripe.requests.filter((r) => r.path === '/v1/terminal/connection_tokens');
    expect(tokens.map((r) => r.account)).toEqual([account]);
  });

  it('issue 17 item 5: refunds a card sale back to the card that paid, once at Stripe', async () => {
    await openScreen(page, 'Sell');
    await sell()
      .getByRole('button', { name: new RegExp(`^${PRODUCT}`) })
      .click();
    await panel().getByRole('radio', { name: 'Card', exact: true }).check();
    await panel().getByRole('button', { name: 'Add tender' }).click();
    await expectText(panel().getByRole('list', { name: 'Tenders' }), 'Card $12.00');
    await panel().getByRole('button', { name: 'Complete sale' }).click();
    await sell().getByRole('figure', { name: 'Receipt preview' }).waitFor();
    const [intent] = stripe.allIntents();
    if (!intent) throw new Error('the sale made a PaymentIntent');
    const [order] = await hostQuery<{ orderId: string; receiptNumber: string }[]>(
      desk.desk,
      'pos.orders',
      { limit: 1 },
    );
    if (!order) throw new Error('the sale was recorded');

    const recent = page.getByRole('complementary', { name: 'Recent sales' });
    await recent.getByRole('button', { name: new RegExp(`^${order.receiptNumber}`) }).click();
    await recent
      .getByLabel('Refund to')
      .selectOption({ label: 'Back to the card that paid (paid $12.00, $12.00 left on it)' });
    // What is left on the card is pre-filled.
    await expect(recent.getByLabel('Amount back to the card').inputValue()).resolves.toBe('12.00');
    await recent.getByLabel('Reason').fill('Wrong size');
    await recent.getByRole('button', { name: 'Refund whole sale' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'refund-to-card');
    await recent.getByRole('button', { name: 'Refund whole sale' }).click();
    await recent.getByRole('figure', { name: 'Refund receipt' }).waitFor();

    // The server sent it to Stripe once, on the connected account, and it succeeded.
    const refunded = await eventually(async () => {
      const rows = await serverPayments();
      const row = rows.find((r) => r.amount < 0);
      return row?.status === 'succeeded' ? row : undefined;
    }, 20_000);
    expect(refunded).toMatchObject({
      order_id: order.orderId,
      method: 'card',
      amount: -1200,
      stripe_payment_intent_id: intent.id,
    });
    const posts = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');
    expect(posts.map((r) => [r.account, r.params.payment_intent, r.params.amount])).toEqual([
      [account, intent.id, '1200'],
    ]);
    expect(stripe.ledger.refunds.map((r) => [r.payment_intent, r.amount])).toEqual([
      [intent.id, 1200],
    ]);
    // Nothing is left on the card: the sale is refunded and offers no more refunds.
    await expectText(recent, 'This sale is refunded: nothing more to give back.');
  });
});

async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).waitFor();
}
