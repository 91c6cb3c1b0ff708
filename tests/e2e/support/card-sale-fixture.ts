import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { uuidV7 } from '../../../src-shared/ids/uuid-v7';
import { systemClock } from '../../../src-shared/time/clock';
import { inTenantTransaction } from '../../../sync-server/db/tenant-transaction';
import { StripeFake } from '../../payments/support/stripe-fake';
import { newAccountId, SECRET_KEY, WEBHOOK_SECRET } from '../../payments/support/payments-world';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
  type TestStudio,
} from '../../server/support/server-harness';
import { startCardNetwork, type CardNetwork } from './card-network';
import {
  launchChromium,
  openScreen,
  signInWithPin,
  startE2eDesk,
  type E2eDesk,
} from './e2e-harness';
import { joinStudio } from './enrolled-desk';

const STUDIO_NAME = 'Juniper Barre';

/** The one product the card suites sell: $12.00, untaxed, stock not tracked. */
export const CARD_SALE_PRODUCT = 'Grip socks';

/**
 * The world of the card suites (card-sale, refund-to-card): a studio on PGlite with one
 * product and a Stripe Connect account; the Stripe fake behind a card network proxy that
 * authorises the card before the desk's capture, as Stripe does when a real reader reads it;
 * the sync server talking to that proxy; a desk in browser mode and Chromium on it. The
 * reader is the fake one in the page (`?terminal=fake`, `fake-decline`, `fake-wait`).
 */
export interface CardSaleWorld {
  /** The studio's connected Stripe account: every call to Stripe must name it. */
  readonly account: string;
  readonly database: TestDatabaseHandle;
  readonly studio: TestStudio;
  readonly stripe: StripeFake;
  readonly network: CardNetwork;
  readonly serverUrl: string;
  readonly desk: E2eDesk;
  readonly page: Page;
  /** The desk's page with `terminal` in the query; the secret stays in the fragment. */
  readonly pageUrl: (terminal: string) => string;
  readonly sell: () => Locator;
  /** The Sell screen's payment panel. */
  readonly panel: () => Locator;
  /** The payments the server holds, as the desks' pushes left them. */
  readonly serverPayments: () => Promise<ServerPayment[]>;
  /**
   * Enrols the desk with a one-time code, signs the owner in, and connects the reader found
   * in Settings, checking each step on screen and that the connection token was asked for
   * on the studio's account.
   */
  readonly joinStudioAndConnectReader: () => Promise<void>;
}

export interface ServerPayment {
  readonly order_id: string;
  readonly method: string;
  readonly amount: number;
  readonly stripe_payment_intent_id: string | null;
  readonly card_brand: string | null;
  readonly card_last4: string | null;
  readonly status: string;
}

interface Running {
  readonly database: TestDatabaseHandle;
  readonly studio: TestStudio;
  readonly stripe: StripeFake;
  readonly network: CardNetwork;
  readonly server: FastifyInstance;
  readonly serverUrl: string;
  readonly desk: E2eDesk;
  readonly browser: Browser;
  readonly page: Page;
}

async function start(account: string): Promise<Running> {
  const database = await openMigratedDatabase('pglite');
  const studio = await createStudio(database.db, systemClock, STUDIO_NAME);
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
        name: CARD_SALE_PRODUCT,
        price: 1200,
        stock_quantity: null,
        taxable: 0,
        active: 1,
        created_at: new Date().toISOString(),
      })
      .execute();
  });
  const stripe = await StripeFake.start({
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    now: () => Date.now(),
  });
  const network = await startCardNetwork(stripe);
  const server = await startServer(database, systemClock, {
    payments: { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, api: network.api },
  });
  const serverUrl = await server.listen({ host: '127.0.0.1', port: 0 });
  const [desk, browser] = await Promise.all([startE2eDesk(), launchChromium()]);
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
  page.setDefaultTimeout(20_000);
  return { database, studio, stripe, network, server, serverUrl, desk, browser, page };
}

async function stop(running: Running): Promise<void> {
  await running.browser.close();
  await running.desk.close();
  await running.server.close();
  await running.network.close();
  await running.stripe.close();
  await running.database.dispose();
}

/** A text shown inside `locator`, waited for. */
export async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).waitFor();
}

/** Registers hooks that start the card world for the suite and stop it after; returns it. */
export function useCardSaleWorld(): CardSaleWorld {
  const account = newAccountId();
  let running: Running | undefined;
  const now = (): Running => {
    if (!running) throw new Error('the card world starts in beforeAll');
    return running;
  };
  beforeAll(async () => {
    running = await start(account);
  });
  afterAll(async () => {
    if (running) await stop(running);
  });

  const world: CardSaleWorld = {
    account,
    get database() {
      return now().database;
    },
    get studio() {
      return now().studio;
    },
    get stripe() {
      return now().stripe;
    },
    get network() {
      return now().network;
    },
    get serverUrl() {
      return now().serverUrl;
    },
    get desk() {
      return now().desk;
    },
    get page() {
      return now().page;
    },
    pageUrl: (terminal) =>
      `${now().desk.desk.origin}/?terminal=${terminal}#desk-secret=${now().desk.desk.secret}`,
    sell: () => now().page.getByRole('region', { name: 'Sell' }),
    panel: () => world.sell().getByRole('region', { name: 'Payment' }),
    serverPayments: () =>
      inTenantTransaction(now().database.db, now().studio.tenantId, (_trx, shared) =>
        shared
          .selectFrom('payments')
          .select([
            'order_id',
            'method',
            'amount',
            'stripe_payment_intent_id',
            'card_brand',
            'card_last4',
            'status',
          ])
          .execute(),
      ),
    joinStudioAndConnectReader: () => joinStudioAndConnectReader(world),
  };
  return world;
}

async function joinStudioAndConnectReader(world: CardSaleWorld): Promise<void> {
  const { page } = world;
  await page.goto(world.pageUrl('fake'));
  await joinStudio(page, {
    database: world.database,
    tenantId: world.studio.tenantId,
    serverUrl: world.serverUrl,
    studioName: STUDIO_NAME,
  });
  await signInWithPin(page, 'Olive Owner');

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
  const tokens = world.stripe.requests.filter((r) => r.path === '/v1/terminal/connection_tokens');
  expect(tokens.map((r) => r.account)).toEqual([world.account]);
}
