import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostCall, hostQuery, openScreen, screenshot } from './support/e2e-harness';
import { eventually, openOwnerDesk, type OwnerDesk } from './support/enrolled-desk';
import { overdrawGiftCard } from './support/overdrawn-card-desk';

interface DayClose {
  readonly tenders: readonly { readonly method: string; readonly net: number }[];
  readonly byCategory: readonly { readonly kind: string; readonly total: number }[];
  readonly giftCardWriteOffs: { readonly count: number; readonly amount: number };
}

const OVERDRAWN = 'A gift card was spent past its balance by desks that were offline.';

/**
 * Issue 19, R16.4: the owner collects an overdrawn gift card's balance from the member now.
 * Two desks overspend the member's card offline; in Studio › Review the owner chooses
 * "Collect at Sell", the Sell screen opens with the member and a "Gift card balance owed"
 * line, the member pays $6.00 in cash, the item is settled as collected, the card reads
 * $0.00 and the day close shows the cash.
 */
describe('the owner collects an overdrawn gift card at Sell', () => {
  let owner: OwnerDesk;
  let memberId: string;

  beforeAll(async () => {
    owner = await openOwnerDesk('Cedar Pilates');
    ({ memberId } = await owner.mutate<{ memberId: string }>('member.create', {
      firstName: 'Dana',
      lastName: 'Reyes',
      email: 'dana.reyes@example.com',
    }));
    await owner.mutate('drawer.open', { openingFloat: 10_000 });
    await overdrawGiftCard(owner, memberId);
  }, 300_000);
  afterAll(() => owner.close());

  it('R16.4 Collect at Sell: paid in cash, the item settled, the card at $0.00, the day close shows the cash', async () => {
    const { page, desk } = owner;
    await openScreen(page, 'Studio');
    await page
      .getByRole('region', { name: 'Studio' })
      .getByRole('tab', { name: 'Review', exact: true })
      .click();
    const queue = page.getByRole('region', { name: 'Review queue' });
    const item = queue.getByRole('article', { name: OVERDRAWN });
    await item.getByRole('button', { name: 'Collect at Sell: $6.00 from Dana Reyes' }).click();

    // The desk shows Sell at once, with the balance on its cart for the member who owes it.
    const sell = page.getByRole('region', { name: 'Sell' });
    await sell
      .getByRole('table', { name: 'Cart' })
      .getByText(/^Gift card balance owed/)
      .waitFor();
    await sell.getByText('Member: Dana Reyes').first().waitFor();
    await screenshot(page, 'review-collect-at-sell');
    const payment = sell.getByRole('region', { name: 'Payment' });
    await payment.getByRole('button', { name: /^Exact / }).click();
    await payment.getByRole('button', { name: 'Complete sale' }).click();
    await sell.getByRole('button', { name: 'New sale' }).waitFor();

    expect((await hostQuery<{ count: number }>(desk.desk, 'review.openCount', {})).count).toBe(0);
    const card = await owner.onServer((_trx, shared) =>
      shared
        .selectFrom('gift_cards')
        .select('code')
        .where('tenant_id', '=', owner.studio.tenantId)
        .executeTakeFirstOrThrow(),
    );
    const atDesk = await hostQuery<{ balance: number }>(desk.desk, 'giftCard.balance', {
      code: card.code,
    });
    expect(atDesk.balance).toBe(0);
    const close = await hostQuery<DayClose>(desk.desk, 'report.dayClose', {});
    expect(close.tenders.find((t) => t.method === 'cash')?.net).toBe(600);
    expect(close.byCategory).toContainEqual(
      expect.objectContaining({ kind: 'review_balance', total: 600 }),
    );
    expect(close.giftCardWriteOffs).toEqual({ count: 0, amount: 0 });

    // The settlement reaches the server, and the card reads $0.00 there too.
    await eventually(async () => {
      await hostCall(desk.desk, 'sync.now', {});
      const rows = await owner.onServer((_trx, shared) =>
        shared
          .selectFrom('review_items')
          .select(['status', 'resolution', 'resolution_amount'])
          .where('tenant_id', '=', owner.studio.tenantId)
          .execute(),
      );
      expect(rows).toEqual([{ status: 'resolved', resolution: 'collect', resolution_amount: 600 }]);
      const onServer = await owner.onServer((_trx, shared) =>
        shared
          .selectFrom('gift_cards')
          .select('current_balance')
          .where('tenant_id', '=', owner.studio.tenantId)
          .executeTakeFirstOrThrow(),
      );
      expect(onServer.current_balance).toBe(0);
    });

    // The queue lists it as collected.
    await openScreen(page, 'Studio');
    await queue.getByRole('button', { name: 'Resolved', exact: true }).click();
    await queue
      .getByRole('article', { name: OVERDRAWN })
      .getByText(/Collected at Sell\s*\$6\.00, reference .* by Olive Owner/)
      .waitFor();
  }, 120_000);
});
