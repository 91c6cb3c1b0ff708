import { describe, expect, it } from 'vitest';
import { BACKENDS, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';
import { overdrawGiftCard } from './review-support';

interface DayClose {
  readonly tenders: readonly { readonly method: string; readonly net: number }[];
  readonly giftCardWriteOffs: { readonly count: number; readonly amount: number };
}

/**
 * Writing off an overdrawn gift card (issue 19): the studio takes the loss, so the card is
 * credited back to zero and reads what the member really holds, and the day close lists
 * the write-off that explains why more was taken by gift card than the card ever held.
 */
describe.each(BACKENDS)('an overdrawn gift card written off on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const card = (cardId: string) =>
    studio.db
      .selectFrom('gift_cards')
      .select('current_balance')
      .where('id', '=', cardId)
      .executeTakeFirstOrThrow();
  const ledger = (cardId: string) =>
    studio.db
      .selectFrom('gift_card_transactions')
      .select(['type', 'amount', 'order_id'])
      .where('gift_card_id', '=', cardId)
      .orderBy('id')
      .execute();
  const openItem = async () => {
    const page = await studio.query<{ items: { reviewItemId: string }[] }>('review.list', {
      status: 'open',
    });
    const [item] = page.items;
    if (!item) throw new Error('no open review item');
    return item.reviewItemId;
  };
  const settle = async (args: object) =>
    resultOf<{ cardCredited: number }>(
      await studio.run(
        'review.resolve',
        { reviewItemId: await openItem(), ...args },
        {
          as: 'owner',
        },
      ),
    );
  /** The studio days around the test's activity: every sale and settlement falls in them. */
  const dayCloseAround = async (cardId: string) => {
    const rows = await ledger(cardId);
    const at = await studio.db
      .selectFrom('gift_card_transactions')
      .select('created_at')
      .where('gift_card_id', '=', cardId)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const day = Date.parse(at.created_at);
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const close = await studio.query<DayClose>('report.dayClose', {
      from: iso(day - 86_400_000),
      to: iso(day + 86_400_000),
    });
    return { close, rows };
  };

  it('credits the card back to zero; the day close shows the write-off the tenders need', async () => {
    const { cardId } = await overdrawGiftCard(studio);
    expect((await card(cardId)).current_balance).toBe(-299);
    expect(await settle({ action: 'write_off', reason: 'Goodwill, regular member' })).toMatchObject(
      {
        cardCredited: 299,
      },
    );
    expect((await card(cardId)).current_balance).toBe(0);
    const { close, rows } = await dayCloseAround(cardId);
    expect(rows.filter((r) => r.type === 'adjustment')).toEqual([
      { type: 'adjustment', amount: 299, order_id: null },
    ]);
    expect(close.giftCardWriteOffs).toEqual({ count: 1, amount: 299 });
    // Taken by gift card = what the card was loaded with + what the studio wrote off.
    const issued = rows.filter((r) => r.type === 'issue').reduce((sum, r) => sum + r.amount, 0);
    const byGiftCard = close.tenders.find((t) => t.method === 'gift_card')?.net;
    expect(byGiftCard).toBe(issued + close.giftCardWriteOffs.amount);
  });

  it('credits no more than the overdraft, and a part write-off leaves the rest owed', async () => {
    const { cardId } = await overdrawGiftCard(studio);
    expect(
      await settle({ action: 'write_off', reason: 'Part goodwill', amount: 100 }),
    ).toMatchObject({ cardCredited: 100 });
    expect((await card(cardId)).current_balance).toBe(-199);

    const second = await overdrawGiftCard(studio);
    expect(
      await settle({ action: 'write_off', reason: 'More than owed', amount: 5000 }),
    ).toMatchObject({ cardCredited: 299 });
    expect((await card(second.cardId)).current_balance).toBe(0);
  });

  it('dismissing or charging the member leaves the card as it is', async () => {
    const { cardId } = await overdrawGiftCard(studio);
    expect(await settle({ action: 'charge_member' })).toMatchObject({ cardCredited: 0 });
    expect((await card(cardId)).current_balance).toBe(-299);
    const { close } = await dayCloseAround(cardId);
    expect(close.giftCardWriteOffs).toEqual({ count: 0, amount: 0 });
  });
});
