import { describe, expect, it } from 'vitest';
import { memberFeeId } from '../../src-shared/mutations/front-desk/member-fee-ledger';
import {
  BACKENDS,
  CLASS_START,
  NOW,
  newCallId,
  resultOf,
  useSeededStudio,
  type Studio,
} from './front-desk-harness';
import { reviewItems, tenantFootprint } from './ledger-invariants';

interface Fee {
  readonly feeId: string;
  readonly amount: number;
}
interface Cancelled {
  readonly status: string;
  readonly creditReturned: boolean;
  readonly fee: Fee | null;
}
interface Owed {
  readonly fees: {
    feeId: string;
    kind: string;
    amount: number;
    classTitle: string | null;
    startTime: string | null;
    createdAt: string;
  }[];
}
interface Sold {
  readonly orderId: string;
  readonly total: number;
}

/** An hour before the class: inside its 12-hour late-cancel window. */
const LATE = new Date(Date.parse(CLASS_START) - 3_600_000).toISOString();
const AFTER_START = new Date(Date.parse(CLASS_START) + 600_000).toISOString();

/** The studio charges 15.00 for a late cancel, 20.00 for a no-show; services taxed 10 %. */
async function setFees(studio: Studio, fees: { late?: number; noShow?: number } = {}) {
  await studio.db
    .updateTable('tenants')
    .set({
      settings: JSON.stringify({
        taxRateBasisPoints: 0,
        taxRates: { services: 1000 },
        lateCancelHours: 12,
        lateCancelFee: fees.late ?? 1500,
        noShowFee: fees.noShow ?? 2000,
      }),
    })
    .where('id', '=', studio.tenantId)
    .execute();
}

describe.each(BACKENDS)('late-cancel and no-show fees on %s (R15)', (backend) => {
  const studio = useSeededStudio(backend);

  const bookSubscriber = async () =>
    resultOf<{ bookingId: string }>(
      await studio.run('booking.book', {
        classId: studio.classId,
        memberId: studio.subscriberId,
        paidBy: { method: 'subscription', subscriptionId: studio.subscriptionId },
      }),
    ).bookingId;
  const feesOf = (memberId: string) =>
    studio.db
      .selectFrom('member_fees')
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .where('member_id', '=', memberId)
      .execute();
  const owed = (memberId: string) => studio.query<Owed>('memberFee.owed', { memberId });

  it('R15.1 a late cancel owes the studio’s fee; an in-time one, a free place or no fee set owe nothing', async () => {
    await setFees(studio);
    const bookingId = await bookSubscriber();
    const cancelled = resultOf<Cancelled>(
      await studio.run('booking.cancel', { bookingId }, { at: LATE }),
    );
    const feeId = memberFeeId(bookingId, 'late_cancel');
    expect(cancelled).toMatchObject({ status: 'late_cancelled', fee: { feeId, amount: 1500 } });
    expect(await feesOf(studio.subscriberId)).toEqual([
      expect.objectContaining({
        id: feeId,
        kind: 'late_cancel',
        booking_id: bookingId,
        amount: 1500,
        status: 'owed',
        order_item_id: null,
        created_at: LATE,
        settled_at: null,
      }),
    ]);
    expect((await owed(studio.subscriberId)).fees).toEqual([
      {
        feeId,
        kind: 'late_cancel',
        amount: 1500,
        classTitle: 'Vinyasa Flow',
        startTime: CLASS_START,
        createdAt: LATE,
      },
    ]);

    // In time: nothing owed.
    const inTime = await bookSubscriber();
    const early = resultOf<Cancelled>(await studio.run('booking.cancel', { bookingId: inTime }));
    expect(early).toMatchObject({ status: 'cancelled', fee: null });
    // A free place cancelled late owes nothing.
    const free = resultOf<{ bookingId: string }>(
      await studio.run('booking.book', {
        classId: studio.classId,
        memberId: studio.memberId,
        paidBy: { method: 'free' },
      }),
    );
    const freeCancel = resultOf<Cancelled>(
      await studio.run('booking.cancel', { bookingId: free.bookingId }, { at: LATE }),
    );
    expect(freeCancel).toMatchObject({ status: 'late_cancelled', fee: null });
    expect(await feesOf(studio.memberId)).toEqual([]);
  });

  it('R15.1 without a late-cancel fee set, a late cancel only forfeits', async () => {
    await setFees(studio, { late: 0 });
    const bookingId = await bookSubscriber();
    const cancelled = resultOf<Cancelled>(
      await studio.run('booking.cancel', { bookingId }, { at: LATE }),
    );
    expect(cancelled).toMatchObject({ status: 'late_cancelled', fee: null });
    expect(await feesOf(studio.subscriberId)).toEqual([]);
  });

  it('R15.1 a no-show owes the no-show fee', async () => {
    await setFees(studio);
    const bookingId = await bookSubscriber();
    const marked = resultOf<{ bookingId: string; fee: Fee | null }>(
      await studio.run('booking.noShow', { bookingId }, { as: 'instructor', at: AFTER_START }),
    );
    expect(marked).toEqual({
      bookingId,
      fee: { feeId: memberFeeId(bookingId, 'no_show'), amount: 2000 },
    });
    expect(await feesOf(studio.subscriberId)).toEqual([
      expect.objectContaining({ kind: 'no_show', amount: 2000, status: 'owed' }),
    ]);
  });

  it('R15.2 a booking cancelled late at two desks owes one fee, the same row', async () => {
    await setFees(studio);
    const bookingId = await bookSubscriber();
    const first = resultOf<Cancelled>(
      await studio.run(
        'booking.cancel',
        { bookingId },
        { side: 'server', deviceId: 'desk-one', at: LATE },
      ),
    );
    const second = resultOf<Cancelled>(
      await studio.run(
        'booking.cancel',
        { bookingId },
        { side: 'server', deviceId: 'desk-two', at: AFTER_START },
      ),
    );
    expect(second.fee).toEqual(first.fee);
    expect(first.fee?.feeId).toBe(memberFeeId(bookingId, 'late_cancel'));
    expect(await feesOf(studio.subscriberId)).toHaveLength(1);
    // Marked a no-show at two desks: one fee too.
    const again = await bookSubscriber();
    for (const deviceId of ['desk-one', 'desk-two']) {
      await studio.run(
        'booking.noShow',
        { bookingId: again },
        { side: 'server', deviceId, at: AFTER_START },
      );
    }
    expect((await feesOf(studio.subscriberId)).map((f) => f.kind).sort()).toEqual([
      'late_cancel',
      'no_show',
    ]);
  });

  it('R15.3 a manager waives an owed fee once, audited; front desk may not; a paid fee is not waived', async () => {
    await setFees(studio);
    const bookingId = await bookSubscriber();
    await studio.run('booking.cancel', { bookingId }, { at: LATE });
    const feeId = memberFeeId(bookingId, 'late_cancel');
    expect(
      await studio.refused(
        'booking.waiveFee',
        { feeId, reason: 'first time' },
        { as: 'frontDesk' },
      ),
    ).toBe('forbidden');
    expect(await studio.refused('booking.waiveFee', { feeId, reason: 'x' }, { as: 'owner' })).toBe(
      'invalid',
    );
    const waived = await studio.run(
      'booking.waiveFee',
      { feeId, reason: 'first time' },
      { as: 'manager', at: LATE },
    );
    expect(waived.result).toEqual({ feeId });
    await studio.run(
      'booking.waiveFee',
      { feeId, reason: 'second thoughts' },
      { as: 'owner', at: AFTER_START },
    );
    expect(await feesOf(studio.subscriberId)).toEqual([
      expect.objectContaining({ status: 'waived', waived_reason: 'first time', settled_at: LATE }),
    ]);
    expect((await owed(studio.subscriberId)).fees).toEqual([]);
    const audit = await studio.db
      .selectFrom('audit_logs')
      .select(['action', 'target_id'])
      .where('tenant_id', '=', studio.tenantId)
      .where('action', '=', 'booking.waiveFee')
      .execute();
    expect(audit).toEqual([
      { action: 'booking.waiveFee', target_id: feeId },
      { action: 'booking.waiveFee', target_id: feeId },
    ]);

    // A paid fee: refused at the desk, left paid at the server.
    const other = await bookSubscriber();
    await studio.run('booking.cancel', { bookingId: other }, { at: LATE });
    const paidFee = memberFeeId(other, 'late_cancel');
    await payFee(paidFee, 1500);
    expect(
      await studio.refused(
        'booking.waiveFee',
        { feeId: paidFee, reason: 'goodwill' },
        { as: 'manager' },
      ),
    ).toBe('rule');
    await studio.run(
      'booking.waiveFee',
      { feeId: paidFee, reason: 'goodwill' },
      { as: 'manager', side: 'server', deviceId: 'desk-two' },
    );
    const stands = await studio.db
      .selectFrom('member_fees')
      .select('status')
      .where('id', '=', paidFee)
      .executeTakeFirstOrThrow();
    expect(stands.status).toBe('paid');
  });

  const payFee = async (feeId: string, unitPrice?: number, options = {}) => {
    const quote = await studio.query<{
      total: number;
      lines: { unitPrice: number; description: string }[];
    }>('pos.quote', {
      lines: [{ kind: 'fee', feeId, ...(unitPrice === undefined ? {} : { unitPrice }) }],
    });
    return resultOf<Sold>(
      await studio.run(
        'pos.sale',
        {
          memberId: studio.subscriberId,
          lines: [{ kind: 'fee', feeId, unitPrice: quote.lines[0]?.unitPrice ?? 0 }],
          tenders: [{ method: 'external', amount: quote.total, reference: 'terminal 7' }],
        },
        options,
      ),
    );
  };

  it('R15.5 pays a fee at the POS as a taxed service; a refund makes it owed again', async () => {
    await setFees(studio);
    const bookingId = await bookSubscriber();
    await studio.run('booking.cancel', { bookingId }, { at: LATE });
    const feeId = memberFeeId(bookingId, 'late_cancel');
    const quote = await studio.query<{
      total: number;
      tax: number;
      lines: { unitPrice: number; description: string }[];
    }>('pos.quote', { lines: [{ kind: 'fee', feeId }], couponCode: 'SAVE10' });
    // Never discounted; taxed at the services rate.
    expect(quote).toMatchObject({ tax: 150, total: 1650 });
    expect(quote.lines[0]).toMatchObject({ unitPrice: 1500 });
    expect(quote.lines[0]?.description).toContain('Late-cancel fee: Vinyasa Flow');

    // Sold to someone else, or to nobody: refused, nothing written.
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused('pos.sale', {
        memberId: studio.memberId,
        lines: [{ kind: 'fee', feeId, unitPrice: 1500 }],
        tenders: [{ method: 'external', amount: 1650, reference: 'x' }],
      }),
    ).toBe('invalid');
    expect(
      await studio.refused('pos.sale', {
        lines: [{ kind: 'fee', feeId, unitPrice: 1500 }],
        tenders: [{ method: 'external', amount: 1650, reference: 'x' }],
      }),
    ).toBe('invalid');
    expect(await tenantFootprint(studio)).toEqual(before);

    const sold = await payFee(feeId, undefined, { at: AFTER_START });
    expect(sold.total).toBe(1650);
    const item = await studio.db
      .selectFrom('pos_order_items')
      .selectAll()
      .where('order_id', '=', sold.orderId)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ kind: 'fee', member_fee_id: feeId, tax_amount: 150 });
    expect(await feesOf(studio.subscriberId)).toEqual([
      expect.objectContaining({ status: 'paid', order_item_id: item.id, settled_at: AFTER_START }),
    ]);
    expect((await owed(studio.subscriberId)).fees).toEqual([]);
    // Paid: the desk will not take it twice.
    expect(
      await studio.refused('pos.sale', {
        memberId: studio.subscriberId,
        lines: [{ kind: 'fee', feeId, unitPrice: 1500 }],
        tenders: [{ method: 'external', amount: 1650, reference: 'x' }],
      }),
    ).toBe('rule');

    await studio.run(
      'pos.refund',
      {
        orderId: sold.orderId,
        tenders: [{ method: 'external', amount: 1650, reference: 'terminal 7' }],
        reason: 'fee forgiven after all',
      },
      { as: 'manager' },
    );
    expect(await feesOf(studio.subscriberId)).toEqual([
      expect.objectContaining({ status: 'owed', order_item_id: null, settled_at: null }),
    ]);
    expect((await owed(studio.subscriberId)).fees.map((f) => f.feeId)).toEqual([feeId]);
  });

  it('R15.5 a fee paid at two desks offline: both sales stand, the first settles it, paid_twice', async () => {
    await setFees(studio);
    const bookingId = await bookSubscriber();
    await studio.run('booking.cancel', { bookingId }, { at: LATE });
    const feeId = memberFeeId(bookingId, 'late_cancel');
    const first = await payFee(feeId, 1500, { side: 'server', deviceId: 'desk-one' });
    const second = await payFee(feeId, 1500, {
      side: 'server',
      deviceId: 'desk-two',
      callId: newCallId(NOW),
    });
    const orders = await studio.db
      .selectFrom('pos_orders')
      .select(['id', 'status'])
      .where('id', 'in', [first.orderId, second.orderId])
      .execute();
    expect(orders.map((o) => o.status)).toEqual(['completed', 'completed']);
    const firstItem = await studio.db
      .selectFrom('pos_order_items')
      .select('id')
      .where('order_id', '=', first.orderId)
      .executeTakeFirstOrThrow();
    expect(await feesOf(studio.subscriberId)).toEqual([
      expect.objectContaining({ status: 'paid', order_item_id: firstItem.id }),
    ]);
    expect(await reviewItems(studio)).toEqual([
      expect.objectContaining({
        kind: 'paid_twice',
        subject_id: feeId,
        member_id: studio.subscriberId,
        amount: 1650,
      }),
    ]);
  });
});
