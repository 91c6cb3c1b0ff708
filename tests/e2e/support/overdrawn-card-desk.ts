import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { uuidV7 } from '../../../src-shared/ids/uuid-v7';
import { executeMutation } from '../../../src-shared/mutations/execute-mutation';
import { mutationRegistry } from '../../../src-shared/mutations/all-mutations';
import { systemClock } from '../../../src-shared/time/clock';
import { createEnrollmentCode } from '../../../sync-server/admin/device-admin';
import { inTenantTransaction } from '../../../sync-server/db/tenant-transaction';
import { readActor } from '../../../sync-server/sync/actor-roles';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  type TestDatabaseHandle,
  type TestStudio,
} from '../../server/support/server-harness';
import { hostCall, hostQuery, launchChromium, startE2eDesk, type E2eDesk } from './e2e-harness';

const newId = () => uuidV7(Date.now(), randomBytes);

/** Retries `check` until it stops throwing: sync rounds take their time on a busy machine. */
export async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
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

/** A studio on a PGlite server, one enrolled desk in Chromium, the owner signed in there. */
export interface OwnerDesk {
  readonly database: TestDatabaseHandle;
  readonly studio: TestStudio;
  readonly desk: E2eDesk;
  readonly browser: Browser;
  readonly page: Page;
  mutate<T = unknown>(name: string, args: unknown): Promise<T>;
  onServer<T>(work: Parameters<typeof inTenantTransaction<T>>[2]): Promise<T>;
  close(): Promise<void>;
}

/** Opens the server and the desk, enrols the desk as "Front desk" and signs Olive Owner in. */
export async function openOwnerDesk(studioName: string): Promise<OwnerDesk> {
  const database = await openMigratedDatabase('pglite');
  const studio = await createStudio(database.db, systemClock, studioName);
  const server: FastifyInstance = await startServer(database, systemClock);
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  const [desk, browser] = await Promise.all([startE2eDesk(), launchChromium()]);
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
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
  await page.getByText(`This desk joined ${studioName}.`).waitFor();
  await page.getByRole('button', { name: /^Olive Owner/ }).click();
  await page.getByLabel('PIN for Olive Owner').fill('1234');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Signed in').getByText('Olive Owner').waitFor();
  return {
    database,
    studio,
    desk,
    browser,
    page,
    mutate: async <T>(name: string, args: unknown) =>
      (await hostCall<{ result: T }>(desk.desk, 'desk.mutate', { name, args })).result,
    onServer: (work) => inTenantTransaction(database.db, studio.tenantId, work),
    close: async () => {
      await browser.close();
      await desk.close();
      await server.close();
      await database.dispose();
    },
  };
}

/**
 * Two desks spend one member's gift card past its balance: this desk sells the card ($10.00)
 * and spends $8.00 of it; a second desk, offline before it heard of that, spends $8.00 too
 * and the server, re-running its sale, raises `gift_card_overdrawn` for $6.00 (R1.5). Waits
 * until this desk has pulled the open item.
 */
export async function overdrawMemberCard(
  owner: OwnerDesk,
  memberId: string,
): Promise<{ readonly giftCardId: string }> {
  const { desk, studio } = owner;
  const productId = newId();
  await owner.onServer((_trx, shared) =>
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
  const sold = await owner.mutate<{ giftCards: { giftCardId: string }[] }>('giftCard.sell', {
    amount: 1000,
    memberId,
    tenders: [{ method: 'external', amount: 1000, reference: 'voucher 19' }],
  });
  const giftCardId = sold.giftCards[0]?.giftCardId ?? '';
  const sale = {
    memberId,
    lines: [{ kind: 'product', productId, quantity: 1, unitPrice: 800 }],
    tenders: [{ method: 'gift_card', amount: 800, giftCardId }],
  };
  await eventually(async () => {
    await hostCall(desk.desk, 'sync.now', {});
    expect(JSON.stringify(await hostQuery(desk.desk, 'pos.catalog', {}))).toContain(productId);
  });
  await owner.mutate('pos.sale', sale);
  await eventually(async () => {
    await hostCall(desk.desk, 'sync.now', {});
    const status = await hostCall<{ pending: number }>(desk.desk, 'sync.status', {});
    expect(status.pending).toBe(0);
  });
  await owner.onServer(async (_trx, shared) => {
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
    const open = await hostQuery<{ count: number }>(desk.desk, 'review.openCount', {});
    expect(open.count).toBe(1);
  });
  return { giftCardId };
}
