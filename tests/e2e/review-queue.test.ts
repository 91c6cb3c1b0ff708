import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { executeMutation } from '../../src-shared/mutations/execute-mutation';
import { mutationRegistry } from '../../src-shared/mutations/all-mutations';
import { systemClock } from '../../src-shared/time/clock';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { inTenantTransaction } from '../../sync-server/db/tenant-transaction';
import { readActor } from '../../sync-server/sync/actor-roles';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
  type TestStudio,
} from '../server/support/server-harness';
import {
  hostCall,
  hostQuery,
  launchChromium,
  openScreen,
  screenshot,
  startE2eDesk,
  type E2eDesk,
} from './support/e2e-harness';

const newId = () => uuidV7(Date.now(), randomBytes);

/** Retries `check` until it stops throwing: sync rounds take their time on a busy machine. */
async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (failure) {
      if (Date.now() > deadline) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
interface DayClose {
  readonly tenders: readonly { readonly method: string; readonly net: number }[];
  readonly giftCardWriteOffs: { readonly count: number; readonly amount: number };
}

const OVERDRAWN = 'A gift card was spent past its balance by desks that were offline.';

/**
 * Issue 19, the review queue (R16), from the owner's side: a gift card is spent at this desk
 * and, offline, at a second desk; the server re-runs the second sale, finds the card short
 * and raises `gift_card_overdrawn`. The owner sees it in Studio › Review with the member,
 * the amount and both desks, writes it off with a reason, and the open count drops to 0 at
 * the desk and the settlement reaches the server.
 */
describe('the owner settles a review item', () => {
  let database: TestDatabaseHandle;
  let studio: TestStudio;
  let server: FastifyInstance | undefined;
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;

  const mutate = (name: string, args: unknown) =>
    hostCall<unknown>(desk.desk, 'desk.mutate', { name, args });
  const openCount = async () =>
    (await hostQuery<{ count: number }>(desk.desk, 'review.openCount', {})).count;
  const onServer = <T>(work: Parameters<typeof inTenantTransaction<T>>[2]) =>
    inTenantTransaction(database.db, studio.tenantId, work);

  beforeAll(async () => {
    database = await openMigratedDatabase('pglite');
    studio = await createStudio(database.db, systemClock, 'Cedar Pilates');
    server = await startServer(database, systemClock);
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    [desk, browser] = await Promise.all([startE2eDesk(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    page.setDefaultTimeout(20_000);
    const { code } = await createEnrollmentCode(
      { db: database.db, clock: systemClock },
      { tenantId: studio.tenantId },
    );
    await page.goto(desk.desk.url);
    const form = page.getByRole('form', { name: 'Connect to a studio' });
    await form.getByLabel('Server address').fill(url);
    await form.getByLabel('Enrolment code').fill(code);
    await form.getByLabel('Desk name').fill('Front desk');
    await form.getByRole('button', { name: 'Connect' }).click();
    await page.getByText('This desk joined Cedar Pilates.').waitFor();
    await page.getByRole('button', { name: /^Olive Owner/ }).click();
    await page.getByLabel('PIN for Olive Owner').fill('1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Signed in').getByText('Olive Owner').waitFor();
  }, 300_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
    await server?.close();
    await database.dispose();
  });

  it('raises a real gift_card_overdrawn: this desk and a second one spend one card', async () => {
    const productId = newId();
    await onServer((_trx, shared) =>
      shared
        .insertInto('products')
        .values({
          id: productId,
          tenant_id: studio.tenantId,
          name: 'Yoga mat',
          price: 800,
          stock_quantity: null,
          taxable: 0,
          active: 1,
          created_at: new Date().toISOString(),
        })
        .execute(),
    );
    await hostCall(desk.desk, 'sync.now', {});
    const sold = await hostCall<{ result: { giftCards: { giftCardId: string }[] } }>(
      desk.desk,
      'desk.mutate',
      {
        name: 'giftCard.sell',
        args: {
          amount: 1000,
          tenders: [{ method: 'external', amount: 1000, reference: 'voucher 19' }],
        },
      },
    );
    const giftCardId = sold.result.giftCards[0]?.giftCardId ?? '';
    const sale = {
      lines: [{ kind: 'product', productId, quantity: 1, unitPrice: 800 }],
      tenders: [{ method: 'gift_card', amount: 800, giftCardId }],
    };
    await eventually(async () => {
      await hostCall(desk.desk, 'sync.now', {});
      expect(JSON.stringify(await hostQuery(desk.desk, 'pos.catalog', {}))).toContain(productId);
    });
    await mutate('pos.sale', sale);
    await eventually(async () => {
      await hostCall(desk.desk, 'sync.now', {});
      const status = await hostCall<{ pending: number }>(desk.desk, 'sync.status', {});
      expect(status.pending).toBe(0);
    });
    // The second desk's sale, made offline before it heard of the first, reaches the server.
    await onServer(async (_trx, shared) => {
      const outcome = await executeMutation({
        registry: mutationRegistry,
        db: shared,
        side: 'server',
        tenantId: studio.tenantId,
        deviceId: newId(),
        actor: await readActor(shared, studio.tenantId, studio.ownerId),
        call: { id: newId(), name: 'pos.sale', args: sale, at: new Date().toISOString() },
      });
      expect(outcome.breaches.map((b) => b.kind)).toEqual(['gift_card_overdrawn']);
    });
    await eventually(async () => {
      await hostCall(desk.desk, 'sync.now', {});
      expect(await openCount()).toBe(1);
    });
  }, 120_000);

  it('shows the item in Studio › Review and writes it off: the count drops, the card reads $0.00 and the day close agrees', async () => {
    // The top bar counts it for the owner.
    const badge = page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('status', { name: '1 review item open' });
    await badge.waitFor();
    expect(await badge.innerText()).toBe('1');
    await openScreen(page, 'Studio');
    const studioScreen = page.getByRole('region', { name: 'Studio' });
    await studioScreen.getByRole('tab', { name: 'Review', exact: true }).click();
    const queue = page.getByRole('region', { name: 'Review queue' });
    const item = queue.getByRole('article', { name: OVERDRAWN });
    await item.waitFor();
    await expect(item.innerText()).resolves.toMatch(/\$6\.00/);
    await expect(item.innerText()).resolves.toMatch(/Front desk/);
    await screenshot(page, 'review-queue');

    const settle = item.getByRole('form', { name: `Settle ${OVERDRAWN}` });
    await settle.getByRole('button', { name: 'Settle…' }).click();
    await settle
      .getByRole('alert')
      .getByText(/Give the reason/)
      .waitFor();
    await settle.getByLabel('Reason').fill('Goodwill, the member is a regular');
    await settle.getByRole('button', { name: 'Settle…' }).click();
    await settle.getByRole('group', { name: 'Confirm' }).getByText('Write off $6.00?').waitFor();
    await settle.getByRole('button', { name: 'Confirm' }).click();
    await queue
      .getByRole('status')
      .getByText(/^Written off/)
      .waitFor();
    await queue.getByText('Nothing to review.').waitFor();
    expect(await openCount()).toBe(0);
    await badge.waitFor({ state: 'detached' });

    await queue.getByRole('button', { name: 'Resolved', exact: true }).click();
    const settled = queue.getByRole('article', { name: OVERDRAWN });
    await settled
      .getByText(/Written off\s*\$6\.00 \(Goodwill, the member is a regular\) by Olive Owner/)
      .waitFor();

    await eventually(async () => {
      await hostCall(desk.desk, 'sync.now', {});
      const rows = await onServer((_trx, shared) =>
        shared
          .selectFrom('review_items')
          .select(['status', 'resolution', 'resolution_amount', 'resolution_note'])
          .where('tenant_id', '=', studio.tenantId)
          .execute(),
      );
      expect(rows).toEqual([
        {
          status: 'resolved',
          resolution: 'write_off',
          resolution_amount: 600,
          resolution_note: 'Goodwill, the member is a regular',
        },
      ]);
    });

    // The card and the books agree: the card reads $0.00 again, and today's day close
    // shows $16.00 taken by gift card = the $10.00 loaded + the $6.00 written off.
    const card = await onServer((_trx, shared) =>
      shared
        .selectFrom('gift_cards')
        .select(['code', 'current_balance'])
        .where('tenant_id', '=', studio.tenantId)
        .executeTakeFirstOrThrow(),
    );
    expect(card.current_balance).toBe(0);
    const atDesk = await hostQuery<{ balance: number }>(desk.desk, 'giftCard.balance', {
      code: card.code,
    });
    expect(atDesk.balance).toBe(0);
    const close = await hostQuery<DayClose>(desk.desk, 'report.dayClose', {});
    expect(close.giftCardWriteOffs).toEqual({ count: 1, amount: 600 });
    expect(close.tenders.find((t) => t.method === 'gift_card')?.net).toBe(1600);
    const owed = await hostQuery<{ giftCards: { overdrawnCount: number } }>(
      desk.desk,
      'report.liabilities',
      {},
    );
    expect(owed.giftCards.overdrawnCount).toBe(0);
  }, 120_000);
});
