import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import type { HeldSale } from '../../src-shared/bridge/held-sale-schemas';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { addStaffMember, createEnrolledDesk, fixtureId, TENANT_ID } from '../desk/desk-harness';

/**
 * Issue 17 item 6 at the bridge: the open sale outlives a lock and a restart, parked sales
 * are listed and recalled once, re-priced from the catalogue, and bad calls change nothing.
 */
let dataDir: string;
let ownerId: string;
let host: DeskHost | undefined;
let waterId: string;
const owedFeeId = fixtureId();
const waivedFeeId = fixtureId();

async function openHost(): Promise<void> {
  host = await createDeskHost({ dataDir, shell: 'test', maxBackoffMs: 200, log: () => undefined });
  const reply = await host.invoke('staff.signIn', { memberId: ownerId, pin: '2468' });
  if (!reply.ok) throw new Error(`sign-in refused: ${reply.error.code}`);
}

async function call(method: keyof DeskMethodResults, args: unknown) {
  if (!host) throw new Error('the desk is closed');
  return host.invoke(method, args);
}

async function value<M extends keyof DeskMethodResults>(
  method: M,
  args: unknown,
): Promise<DeskMethodResults[M]> {
  const reply = await call(method, args);
  if (!reply.ok) throw new Error(`${method} refused: ${reply.error.message}`);
  // The method names its result type (DeskMethodResults).
  return reply.value as DeskMethodResults[M];
}

const waterSale = (quantity: number, unitPrice: number): HeldSale => ({
  lines: [{ kind: 'product', productId: waterId, name: 'Water', quantity, unitPrice }],
});

beforeAll(async () => {
  const enrolled = await createEnrolledDesk();
  dataDir = enrolled.dataDir;
  ownerId = await addStaffMember(enrolled.desk, 'owner@example.com', ['owner']);
  // Fees the owner owes and was let off (issue 18), as a late cancel would leave them.
  const fee = (id: string, status: 'owed' | 'waived') => ({
    id,
    tenant_id: TENANT_ID,
    member_id: ownerId,
    kind: 'late_cancel' as const,
    booking_id: null,
    amount: 1500,
    status,
    order_item_id: null,
    waived_reason: status === 'waived' ? 'first time' : null,
    created_at: '2026-12-04T10:00:00.000Z',
    settled_at: null,
  });
  await enrolled.desk.db
    .insertInto('member_fees')
    .values([fee(owedFeeId, 'owed'), fee(waivedFeeId, 'waived')])
    .execute();
  await enrolled.desk.close();
  await openHost();
  const made = await value('desk.mutate', {
    name: 'product.create',
    args: {
      name: 'Water',
      price: 250,
      taxCategory: 'retail',
      taxable: true,
      openingStock: 3,
    },
  });
  waterId = (made.result as { productId: string }).productId;
});

afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('held sales at the desk (issue 17 item 6)', () => {
  it('keeps the open sale through a lock and a desk restart', async () => {
    expect(await value('sale.openCart', {})).toBeNull();
    await value('sale.saveOpenCart', { sale: waterSale(2, 250) });

    await value('staff.signOut', {});
    // A locked desk shows no customer's sale.
    expect(await call('sale.openCart', {})).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in' },
    });
    await host?.close();
    await openHost();
    expect(await value('sale.openCart', {})).toEqual(waterSale(2, 250));
  });

  it('refuses a malformed sale or an empty label and changes nothing', async () => {
    const zero = await call('sale.saveOpenCart', { sale: waterSale(0, 250) });
    expect(zero).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const extra = await call('sale.saveOpenCart', { sale: { ...waterSale(1, 250), total: 1 } });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const unlabelled = await call('sale.park', { label: '  ', sale: waterSale(1, 250) });
    expect(unlabelled).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await value('sale.openCart', {})).toEqual(waterSale(2, 250));
    expect(await value('sale.parkedList', {})).toEqual([]);
  });

  it('keeps the payment taken so far with the open sale, and never parks a sale being paid', async () => {
    const paying: HeldSale = {
      ...waterSale(2, 250),
      payment: {
        total: 550,
        tenders: [
          { method: 'card', amount: 300, paymentIntentId: 'pi_3Kept0Card' },
          { method: 'cash', amount: 250, tendered: 300 },
        ],
      },
    };
    await value('sale.saveOpenCart', { sale: paying });
    await host?.close();
    await openHost();
    expect(await value('sale.openCart', {})).toEqual(paying);

    const parked = await call('sale.park', { label: 'Dana', sale: paying });
    expect(parked).toMatchObject({ ok: false, error: { code: 'payment_started' } });
    const overpaid = await call('sale.saveOpenCart', {
      sale: {
        ...paying,
        payment: { total: 550, tenders: [{ method: 'cash', amount: -1, tendered: 0 }] },
      },
    });
    expect(overpaid).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await value('sale.openCart', {})).toEqual(paying);
    expect(await value('sale.parkedList', {})).toEqual([]);
    await value('sale.saveOpenCart', { sale: waterSale(2, 250) });
  });

  it('parks the open sale under a label and recalls it once, re-priced, saying what changed', async () => {
    const gone = fixtureId();
    // Parked when water was $3.00, with a product the catalogue no longer has.
    const parked = await value('sale.park', {
      label: 'Dana, blue jacket',
      sale: {
        lines: [
          ...waterSale(4, 300).lines,
          { kind: 'product', productId: gone, name: 'Old towel', quantity: 1, unitPrice: 900 },
        ],
      },
    });
    expect(parked.label).toBe('Dana, blue jacket');
    expect(parked.parkedBy).not.toBeNull();
    expect(await value('sale.openCart', {})).toBeNull();
    expect((await value('sale.parkedList', {})).map((p) => p.label)).toEqual(['Dana, blue jacket']);

    // Recalling over an open sale would lose it.
    await value('sale.saveOpenCart', { sale: waterSale(1, 250) });
    const blocked = await call('sale.recall', { parkedSaleId: parked.parkedSaleId });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'sale_open' } });
    expect(await value('sale.parkedList', {})).toHaveLength(1);
    await value('sale.discardOpenCart', {});

    const recalled = await value('sale.recall', { parkedSaleId: parked.parkedSaleId });
    expect(recalled.sale).toEqual(waterSale(4, 250));
    expect(recalled.changes).toEqual([
      'Water: $3.00 when parked, $2.50 now.',
      'Water: 4 in the sale, only 3 in stock.',
      'Old towel is no longer sold: taken off the sale.',
    ]);
    expect(await value('sale.openCart', {})).toEqual(waterSale(4, 250));
    expect(await value('sale.parkedList', {})).toEqual([]);

    const again = await call('sale.recall', { parkedSaleId: parked.parkedSaleId });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps a fee still owed at what is owed now, and drops one waived or gone (issue 18)', async () => {
    const feeLine = (feeId: string, name: string, unitPrice: number) =>
      ({ kind: 'fee', feeId, name, unitPrice }) as const;
    const parked = await value('sale.park', {
      label: 'Owner, fees',
      sale: {
        member: { memberId: ownerId, name: 'The owner' },
        lines: [
          feeLine(owedFeeId, 'Late-cancel fee', 1200),
          feeLine(waivedFeeId, 'Waived fee', 1500),
          feeLine(fixtureId(), 'Unknown fee', 900),
        ],
      },
    });
    const recalled = await value('sale.recall', { parkedSaleId: parked.parkedSaleId });
    expect(recalled.sale?.lines).toEqual([feeLine(owedFeeId, 'Late-cancel fee', 1500)]);
    expect(recalled.changes).toEqual([
      'Late-cancel fee: $12.00 when parked, $15.00 now.',
      'Waived fee: the fee is waived already; taken off the sale.',
      'Unknown fee: it is no longer on this desk; taken off the sale.',
    ]);
    await value('sale.discardOpenCart', {});
  });
});
