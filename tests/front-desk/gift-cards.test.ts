import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  minutesAfterNow,
  resultOf,
  seedStudio,
  useSeededStudio,
} from './front-desk-harness';
import { expectLedgersBalanced, reviewItems, tenantFootprint } from './ledger-invariants';

interface Sold {
  readonly orderId: string;
  readonly total: number;
  readonly giftCards: readonly { readonly giftCardId: string; readonly code: string }[];
}
interface Balance {
  readonly giftCardId: string;
  readonly code: string;
  readonly balance: number;
  readonly entries: readonly { readonly type: string; readonly amount: number }[];
}

describe.each(BACKENDS)('gift cards on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const sellCard = async (amount: number) => {
    const sold = resultOf<Sold>(
      await studio.run('giftCard.sell', {
        amount,
        memberId: studio.memberId,
        tenders: [{ method: 'card', amount, paymentIntentId: 'pi_test_gift' }],
      }),
    );
    const card = sold.giftCards[0];
    if (!card) throw new Error('no card was issued');
    return { ...sold, card };
  };

  it('sells a card with a fresh GC- code whose balance is its issue entry', async () => {
    const { card } = await sellCard(5000);
    expect(card.code).toMatch(/^GC-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);
    const balance = await studio.query<Balance>('giftCard.balance', {
      code: card.code.toLowerCase(),
    });
    expect(balance).toMatchObject({ giftCardId: card.giftCardId, balance: 5000 });
    expect(balance.entries).toEqual([expect.objectContaining({ type: 'issue', amount: 5000 })]);
    await expectLedgersBalanced(studio);
  });

  it('gives desk and server the same code for the same call (ids come from the call)', async () => {
    const callId = '01930000-0000-7abc-8def-000000000001';
    const args = {
      amount: 2500,
      tenders: [{ method: 'external', amount: 2500, reference: 'voucher 7' }],
    };
    const first = resultOf<Sold>(await studio.run('giftCard.sell', args, { callId }));
    const other = await seedStudio(studio.db);
    const second = resultOf<Sold>(
      await other.run('giftCard.sell', args, { callId, side: 'server' }),
    );
    expect(second.giftCards).toEqual(first.giftCards);
  });

  it('reloads a card and redeems it as a tender, keeping balance = ledger', async () => {
    const { card } = await sellCard(3000);
    await studio.run(
      'giftCard.reload',
      {
        giftCardId: card.giftCardId,
        amount: 2000,
        tenders: [{ method: 'card', amount: 2000, paymentIntentId: 'pi_reload' }],
      },
      { at: minutesAfterNow(1) },
    );
    const sale = resultOf<Sold>(
      await studio.run(
        'pos.sale',
        {
          memberId: studio.memberId,
          lines: [
            { kind: 'product', productId: studio.products.water, quantity: 2, unitPrice: 300 },
          ],
          tenders: [{ method: 'gift_card', amount: 600, giftCardId: card.giftCardId }],
        },
        { at: minutesAfterNow(2) },
      ),
    );
    expect(sale.total).toBe(600);
    const balance = await studio.query<Balance>('giftCard.balance', { code: card.code });
    expect(balance.balance).toBe(4400);
    expect(balance.entries.map((e) => [e.type, e.amount])).toEqual([
      ['issue', 3000],
      ['reload', 2000],
      ['redeem', -600],
    ]);
    await expectLedgersBalanced(studio);
  });

  it('refuses at the desk a redemption beyond the balance, changing nothing', async () => {
    const { card } = await sellCard(1000);
    const before = await tenantFootprint(studio);
    const code = await studio.refused('pos.sale', {
      lines: [{ kind: 'product', productId: studio.products.socks, quantity: 1, unitPrice: 1200 }],
      tenders: [{ method: 'gift_card', amount: 1299, giftCardId: card.giftCardId }],
    });
    expect(code).toBe('rule');
    expect(await tenantFootprint(studio)).toEqual(before);
  });

  it('records at the server an overdraft from offline desks, with a review item', async () => {
    const { card } = await sellCard(1000);
    const outcome = await studio.run(
      'pos.sale',
      {
        memberId: studio.memberId,
        lines: [
          { kind: 'product', productId: studio.products.socks, quantity: 1, unitPrice: 1200 },
        ],
        tenders: [{ method: 'gift_card', amount: 1299, giftCardId: card.giftCardId }],
      },
      { side: 'server', deviceId: 'desk-two' },
    );
    expect(outcome.breaches.map((b) => b.kind)).toEqual(['gift_card_overdrawn']);
    const balance = await studio.query<Balance>('giftCard.balance', { code: card.code });
    expect(balance.balance).toBe(-299);
    const [item] = await reviewItems(studio);
    expect(item).toMatchObject({
      kind: 'gift_card_overdrawn',
      status: 'open',
      member_id: studio.memberId,
      amount: 299,
      subject_id: card.giftCardId,
    });
    expect(JSON.parse(item?.device_ids ?? '[]')).toEqual(['desk-two']);
    await expectLedgersBalanced(studio);
  });

  it('refunds to a card: onto an existing one, or as store credit on a new one', async () => {
    const { card } = await sellCard(1000);
    const sale = resultOf<Sold>(
      await studio.run('pos.sale', {
        memberId: studio.memberId,
        lines: [{ kind: 'product', productId: studio.products.water, quantity: 4, unitPrice: 300 }],
        tenders: [{ method: 'card', amount: 1200, paymentIntentId: 'pi_water' }],
      }),
    );
    const [item] = await studio.db
      .selectFrom('pos_order_items')
      .select('id')
      .where('order_id', '=', sale.orderId)
      .execute();
    await studio.run(
      'pos.refund',
      {
        orderId: sale.orderId,
        lines: [{ orderItemId: item?.id, quantity: 1 }],
        tenders: [{ method: 'gift_card', amount: 300, giftCardId: card.giftCardId }],
        reason: 'bottle leaked',
      },
      { as: 'manager' },
    );
    const credit = resultOf<{ giftCards: { code: string }[] }>(
      await studio.run(
        'pos.refund',
        {
          orderId: sale.orderId,
          tenders: [{ method: 'gift_card', amount: 900 }],
          reason: 'changed mind',
        },
        { as: 'manager' },
      ),
    );
    expect((await studio.query<Balance>('giftCard.balance', { code: card.code })).balance).toBe(
      1300,
    );
    const storeCredit = credit.giftCards[0];
    expect(storeCredit?.code).toMatch(/^GC-/);
    const newCard = await studio.query<Balance>('giftCard.balance', {
      code: storeCredit?.code ?? '',
    });
    expect(newCard.balance).toBe(900);
    expect(newCard.entries.map((e) => e.type)).toEqual(['refund']);
    await expectLedgersBalanced(studio);
  });

  it('lets no instructor sell cards and refuses a malformed sale, changing nothing', async () => {
    const before = await tenantFootprint(studio);
    expect(
      await studio.refused(
        'giftCard.sell',
        { amount: 1000, tenders: [{ method: 'card', amount: 1000, paymentIntentId: 'pi_x' }] },
        { as: 'instructor' },
      ),
    ).toBe('forbidden');
    expect(
      await studio.refused('giftCard.sell', {
        amount: -5,
        tenders: [{ method: 'card', amount: -5, paymentIntentId: 'pi_x' }],
      }),
    ).toBe('invalid');
    expect(
      await studio.refused('giftCard.sell', {
        amount: 10.5,
        tenders: [{ method: 'card', amount: 10.5, paymentIntentId: 'pi_x' }],
      }),
    ).toBe('invalid');
    expect(await tenantFootprint(studio)).toEqual(before);
  });
});
