import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostCall, hostQuery, openScreen, screenshot } from './support/e2e-harness';
import { eventually, openOwnerDesk, type OwnerDesk } from './support/enrolled-desk';
import { overdrawGiftCard } from './support/overdrawn-card-desk';

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
  let owner: OwnerDesk;

  const openCount = async () =>
    (await hostQuery<{ count: number }>(owner.desk.desk, 'review.openCount', {})).count;

  beforeAll(async () => {
    owner = await openOwnerDesk('Cedar Pilates');
  }, 300_000);
  afterAll(() => owner.close());

  it('raises a real gift_card_overdrawn: this desk and a second one spend one card', async () => {
    await overdrawGiftCard(owner);
    expect(await openCount()).toBe(1);
  }, 120_000);

  it('shows the item in Studio › Review and writes it off: the count drops, the card reads $0.00 and the day close agrees', async () => {
    const { page, desk, studio } = owner;
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
      const rows = await owner.onServer((_trx, shared) =>
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
    const card = await owner.onServer((_trx, shared) =>
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
