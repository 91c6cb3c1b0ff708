import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import type { DeskPaymentsPort } from '../../src-main/bridge/host-ports';
import { openDesk } from '../../src-main/store/open-desk';
import { addStaffMember, createEnrolledDesk } from '../desk/desk-harness';

let dataDir: string;
let ownerId: string;
let host: DeskHost | undefined;

/** The reader's side of a card payment, approved: the server says each intent captured. */
const approvingPayments = (): DeskPaymentsPort => {
  const unused = () => Promise.reject(new Error('not used by this test'));
  return {
    status: () => Promise.resolve({ available: true, reason: null }),
    connectionToken: unused,
    createIntent: unused,
    capture: ({ paymentIntentId }) => Promise.resolve({ paymentIntentId, status: 'succeeded' }),
    cancel: unused,
  };
};

async function openHost(): Promise<DeskHost> {
  // The desk's server is not there (enrolled with an unreachable URL): sync stays offline.
  const opened = await createDeskHost({
    dataDir,
    shell: 'test',
    maxBackoffMs: 200,
    payments: approvingPayments,
    log: () => undefined,
  });
  host = opened;
  const reply = await opened.invoke('staff.signIn', { memberId: ownerId, pin: '2468' });
  if (!reply.ok) throw new Error(`sign-in refused: ${reply.error.code}`);
  return opened;
}

async function closeHost(): Promise<void> {
  await host?.close();
  host = undefined;
}

async function call(method: keyof DeskMethodResults, args: unknown) {
  if (!host) throw new Error('the desk is closed');
  return host.invoke(method, args);
}

const soldByCard = (paymentIntentId: string) => ({
  name: 'giftCard.sell',
  args: { amount: 2500, tenders: [{ method: 'card', amount: 2500, paymentIntentId }] },
});

beforeAll(async () => {
  const enrolled = await createEnrolledDesk();
  dataDir = enrolled.dataDir;
  ownerId = await addStaffMember(enrolled.desk, 'owner@example.com', ['owner']);
  await enrolled.desk.close();
});

afterAll(async () => {
  await closeHost();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('card captures at the desk (R8.2)', () => {
  it('records the card tender after the desk restarts between the capture and the sale', async () => {
    await openHost();
    const captured = await call('payments.capture', { paymentIntentId: 'pi_CapturedThenRestart' });
    expect(captured).toMatchObject({ ok: true, value: { status: 'succeeded' } });
    await closeHost();

    await openHost();
    const sold = await call('desk.mutate', soldByCard('pi_CapturedThenRestart'));
    expect(sold.ok, JSON.stringify(sold)).toBe(true);
  });

  it('refuses a card tender whose intent this desk never saw captured', async () => {
    const refused = await call('desk.mutate', soldByCard('pi_NeverCaptured'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'card_not_confirmed' } });
  });

  it('refuses a second sale with an intent a sale already used, and writes nothing', async () => {
    const again = await call('desk.mutate', soldByCard('pi_CapturedThenRestart'));
    expect(again).toMatchObject({ ok: false, error: { code: 'card_not_confirmed' } });
    if (again.ok) throw new Error('unreachable');
    expect(again.error.message).toMatch(/already paid for another sale/);
    // Nor after another restart: the use is stored with the sale.
    await closeHost();
    await openHost();
    const afterRestart = await call('desk.mutate', soldByCard('pi_CapturedThenRestart'));
    expect(afterRestart).toMatchObject({ ok: false, error: { code: 'card_not_confirmed' } });
    await closeHost();

    const desk = await openDesk({ dataDir });
    try {
      const sales = await desk.db
        .selectFrom('desk_outbox')
        .select(['id', 'name'])
        .where('name', '=', 'giftCard.sell')
        .execute();
      expect(sales).toHaveLength(1);
      const capture = await desk.db
        .selectFrom('desk_card_captures')
        .selectAll()
        .where('payment_intent_id', '=', 'pi_CapturedThenRestart')
        .executeTakeFirstOrThrow();
      expect(capture.sale_mutation_id).toBe(sales[0]?.id);
    } finally {
      await desk.close();
    }
  });

  it('leaves the intent unused when the sale is refused for another reason', async () => {
    await openHost();
    await call('payments.capture', { paymentIntentId: 'pi_SaleRefusedFirst' });
    // Too little paid: the sale is refused, and the claim rolls back with it.
    const short = {
      name: 'giftCard.sell',
      args: {
        amount: 2500,
        tenders: [{ method: 'card', amount: 1000, paymentIntentId: 'pi_SaleRefusedFirst' }],
      },
    };
    const refused = await call('desk.mutate', short);
    expect(refused.ok).toBe(false);
    const sold = await call('desk.mutate', soldByCard('pi_SaleRefusedFirst'));
    expect(sold.ok, JSON.stringify(sold)).toBe(true);
  });
});
