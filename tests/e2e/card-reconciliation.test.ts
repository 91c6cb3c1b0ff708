import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src-shared/time/clock';
import { tenantDatabase } from '../../sync-server/db/tenant-database';
import { syncTenantCardPayouts } from '../../sync-server/payments/card-payouts-sync';
import { createPaymentsContext } from '../../sync-server/payments/payments-context';
import { silentLog } from '../../sync-server/support/service-error';
import { PokeHub } from '../../sync-server/sync/poke-hub';
import { SECRET_KEY, WEBHOOK_SECRET } from '../payments/support/payments-world';
import { terminalFee } from '../payments/support/stripe-fake-balance';
import { eventually } from '../sync/sync-harness';
import {
  CARD_SALE_PRODUCT as PRODUCT,
  expectText,
  useCardSaleWorld,
} from './support/card-sale-fixture';
import { hostCall, hostQuery, openScreen, screenshot } from './support/e2e-harness';

interface CardReconciliation {
  readonly from: string;
  readonly to: string;
  readonly payouts: readonly { payoutId: string; tenderCount: number; difference: number }[];
  readonly unmatchedPayouts: readonly { payoutId: string }[];
}

/**
 * Card reconciliation (issue 19) from the owner's side: a card sale at the desk, Stripe pays
 * it out, and pays out once more money no desk took (a charge made elsewhere); the server's
 * payout job copies Stripe's payouts, the desk syncs, and Studio › Reports › Card payouts
 * shows the sale's payout matched and exactly one payout that matches no desk sale.
 */
describe('the card reconciliation', () => {
  const world = useCardSaleWorld();
  const { account, sell, panel } = world;

  it('joins the studio and connects the reader', async () => {
    await world.joinStudioAndConnectReader();
  });

  it('shows one unmatched payout from the Stripe fake', async () => {
    const { page } = world;
    await openScreen(page, 'Sell');
    await sell()
      .getByRole('button', { name: new RegExp(`^${PRODUCT}`) })
      .click();
    await panel().getByRole('radio', { name: 'Card', exact: true }).check();
    await panel().getByRole('button', { name: 'Add tender' }).click();
    await expectText(panel().getByRole('list', { name: 'Tenders' }), 'Card $12.00');
    await panel().getByRole('button', { name: 'Complete sale' }).click();
    await sell().getByRole('figure', { name: 'Receipt preview' }).waitFor();
    await eventually(async () => {
      const rows = await world.serverPayments();
      return rows.length > 0 ? rows : undefined;
    }, 15_000);

    // Stripe pays the sale out today, then a charge no desk took in a payout of its own.
    const matched = world.stripe.balance.payOut(account, { arrivalDays: 0 });
    expect(matched.amount).toBe(1200 - terminalFee(1200));
    world.stripe.balance.chargeElsewhere(account, 12_000);
    const lonely = world.stripe.balance.payOut(account, { arrivalDays: 0 });

    const payments = createPaymentsContext(
      {
        tenants: tenantDatabase(world.database.db),
        clock: systemClock,
        log: silentLog,
        hub: new PokeHub(),
      },
      { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, api: world.stripe.api },
    );
    const run = await syncTenantCardPayouts(payments, world.studio.tenantId);
    expect(run).toMatchObject({ payouts: 2, matched: 1 });
    await hostCall(world.desk.desk, 'sync.now', {});
    const report = await hostQuery<CardReconciliation>(
      world.desk.desk,
      'report.cardReconciliation',
      {},
    );
    expect(report.payouts).toHaveLength(2);
    expect(report.payouts.find((p) => p.payoutId === matched.id)).toMatchObject({
      tenderCount: 1,
      difference: 0,
    });
    expect(report.unmatchedPayouts.map((p) => p.payoutId)).toEqual([lonely.id]);

    await openScreen(page, 'Studio');
    const studio = page.getByRole('region', { name: 'Studio' });
    await studio.getByRole('tab', { name: 'Reports', exact: true }).click();
    const reports = studio.getByRole('tabpanel', { name: 'Reports' });
    await reports
      .getByRole('group', { name: 'Report' })
      .getByRole('button', { name: 'Card payouts' })
      .click();
    const section = reports.getByRole('region', { name: 'Card payouts' });
    const payouts = section.getByRole('table', { name: 'Payouts' });
    const matchedRow = payouts.getByRole('row', { name: new RegExp(`^${matched.id}`) });
    await expect
      .poll(() => matchedRow.locator('td').allInnerTexts())
      .toEqual(['$11.63', '1', '$12.00', '$0.37', '$0.00']);
    const stripeSide = section.getByRole('list', { name: 'Unmatched on Stripe' });
    const lonelyAmount = '$116.71';
    const payoutSentences = stripeSide.getByRole('listitem').filter({ hasText: /^Payout / });
    await expect.poll(() => payoutSentences.allInnerTexts()).toHaveLength(1);
    expect((await payoutSentences.allInnerTexts())[0]).toMatch(
      new RegExp(
        `^Payout ${lonely.id} of \\${lonelyAmount} on \\w{3} \\d{1,2} matches no card sale at the desks\\.$`,
      ),
    );
    await expect(
      section.getByRole('list', { name: 'Unmatched at the desks' }).count(),
    ).resolves.toBe(0);
    await screenshot(page, 'card-reconciliation');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`card-payouts-${report.from}-to-${report.to}.csv`);
    const lines = (await readFile(await download.path(), 'utf8')).split('\r\n');
    expect(lines[0]).toBe('section,item,measure,value,unit');
    expect(lines.filter((l) => l.startsWith('Stripe side unmatched,Payout '))).toHaveLength(1);
  }, 120_000);
});
