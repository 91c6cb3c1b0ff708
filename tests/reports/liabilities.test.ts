import { describe, expect, it } from 'vitest';
import { BACKENDS, useSeededStudio } from '../front-desk/front-desk-harness';
import { busyDay, onDay } from './report-studio';

interface Liabilities {
  readonly at: string;
  readonly giftCards: {
    readonly outstandingCount: number;
    readonly outstandingTotal: number;
    readonly overdrawnCount: number;
    readonly overdrawnTotal: number;
  };
  readonly packs: { readonly packCount: number; readonly credits: number; readonly value: number };
  readonly memberships: { readonly count: number; readonly paidAheadTotal: number };
  readonly total: number;
}

describe.each(BACKENDS)('report.liabilities on %s', (backend) => {
  const studio = useSeededStudio(backend);
  const liabilities = (args: Record<string, unknown>) =>
    studio.query<Liabilities>('report.liabilities', args);

  it('counts gift card balances, unused pack credits at their price and memberships paid ahead', async () => {
    const { orders, packId } = await busyDay(studio);
    const pack = await studio.db
      .selectFrom('purchased_packs')
      .selectAll()
      .where('id', '=', packId)
      .executeTakeFirstOrThrow();
    // 5 credits, one booked; paid 6000 less the FIVEOFF coupon.
    expect(pack.remaining_credits).toBe(4);
    const packValue = Math.round((4 * pack.member_price) / 5);
    const report = await liabilities({ at: onDay(17) });
    expect(report).toMatchObject({
      at: onDay(17),
      // Issued 5000, then 800 of the water paid with it (the rest in cash).
      giftCards: {
        outstandingCount: 1,
        outstandingTotal: 5000 - (orders.redeemed.total - 100),
        overdrawnCount: 0,
        overdrawnTotal: 0,
      },
      packs: { packCount: 1, credits: 4, value: packValue },
      memberships: {
        count: 2,
        // Sami's Nov 14 → Dec 14 (Chicago days; 30) with 12 days after Dec 1 left;
        // the membership sold on Dec 1 for a month (31 days) with 30 left. 12000 each.
        paidAheadTotal: (12000 * 12) / 30 + Math.round((12000 * 30) / 31),
      },
    });
    expect(report.total).toBe(
      report.giftCards.outstandingTotal + report.packs.value + report.memberships.paidAheadTotal,
    );
  });

  it('reads the gift card ledger up to the instant, and drops expired packs and ended periods', async () => {
    await busyDay(studio);
    // Before the card was sold and the pack bought.
    const morning = await liabilities({ at: onDay(8) });
    expect(morning.giftCards).toMatchObject({ outstandingCount: 0, outstandingTotal: 0 });
    expect(morning.packs).toEqual({ packCount: 0, credits: 0, value: 0 });
    // Just after the card was sold, before any of it was spent.
    expect((await liabilities({ at: onDay(10, 1) })).giftCards.outstandingTotal).toBe(5000);
    // The pack is valid 90 days; by June it has expired, as have both periods.
    const june = await liabilities({ at: '2027-06-01T12:00:00-05:00' });
    expect(june.packs).toEqual({ packCount: 0, credits: 0, value: 0 });
    expect(june.memberships).toMatchObject({ count: 0, paidAheadTotal: 0 });
    expect(june.at).toBe('2027-06-01T17:00:00.000Z');
  });

  it('counts an overdrawn card apart and refuses a bad instant', async () => {
    const { giftCardId, orders } = await busyDay(studio);
    expect(orders.redeemed.total).toBe(900);
    await studio.db
      .insertInto('gift_card_transactions')
      .values({
        id: '01930000-0000-7000-8000-00000000beef',
        tenant_id: studio.tenantId,
        gift_card_id: giftCardId,
        amount: -5000,
        type: 'redeem',
        order_id: null,
        staff_id: null,
        device_id: 'desk-b',
        created_at: onDay(16),
      })
      .execute();
    const report = await liabilities({ at: onDay(17) });
    expect(report.giftCards).toEqual({
      outstandingCount: 0,
      outstandingTotal: 0,
      overdrawnCount: 1,
      // 4200 left, 5000 spent at another desk offline: 800 owed by the member.
      overdrawnTotal: 800,
    });
    await expect(liabilities({ at: 'yesterday' })).rejects.toThrow();
    await expect(liabilities({ at: onDay(1), extra: true })).rejects.toThrow();
  });
});
