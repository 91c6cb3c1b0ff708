import { describe, expect, it } from 'vitest';
import { readTenantSettings } from '../../src-shared/mutations/front-desk/tenant-settings';
import { BACKENDS, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';
import { consoleFootprint } from './studio-console-harness';

interface Quote {
  readonly tax: number;
  readonly total: number;
  readonly lines: readonly { readonly amounts: { readonly tax: number } }[];
}

describe.each(BACKENDS)('studio settings on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const storedSettings = async () =>
    JSON.parse(
      (
        await studio.db
          .selectFrom('tenants')
          .select('settings')
          .where('id', '=', studio.tenantId)
          .executeTakeFirstOrThrow()
      ).settings,
    ) as Record<string, unknown>;

  it('reads settings written before categories: the old rate taxes retail and services, packs nothing', async () => {
    const settings = await readTenantSettings(studio.db, studio.tenantId);
    expect(settings).toMatchObject({
      studioName: 'Lotus Flow Yoga',
      currency: 'USD',
      timeZone: null,
      taxRates: { retail: 825, services: 825, packs: 0 },
      lateCancelHours: 12,
      lateCancelFee: 0,
      noShowFee: 0,
      bookingWindowDays: 30,
      checkInOpensMinutes: 60,
      checkInClosesMinutes: 15,
      receiptHeader: null,
      receiptFooter: 'Namaste!',
    });
  });

  it('changes what it names on the desk and again at the server, keeping unknown keys', async () => {
    await studio.db
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ taxRateBasisPoints: 825, marketingOptIn: 'weekly' }) })
      .where('id', '=', studio.tenantId)
      .execute();
    const args = {
      name: 'Lotus Flow Studio',
      timeZone: 'America/New_York',
      taxRates: { services: 500, packs: 700 },
      lateCancelHours: 6,
      lateCancelFee: 1500,
      noShowFee: 2000,
      bookingWindowDays: 14,
      checkInOpensMinutes: 30,
      checkInClosesMinutes: 10,
      receiptHeader: 'Welcome in',
    };
    await studio.run('studio.updateSettings', args, { as: 'manager' });
    // The server re-runs the same call on its copy: the same result.
    await studio.run('studio.updateSettings', args, { as: 'manager', side: 'server' });
    expect(await storedSettings()).toMatchObject({
      marketingOptIn: 'weekly',
      taxRates: { retail: 825, services: 500, packs: 700 },
      timeZone: 'America/New_York',
      receiptHeader: 'Welcome in',
    });
    const read = await studio.query<Record<string, unknown>>('studio.settings', {});
    expect(read).toMatchObject({
      studioName: 'Lotus Flow Studio',
      currency: 'USD',
      hasSales: false,
      timeZone: 'America/New_York',
      taxRates: { retail: 825, services: 500, packs: 700 },
      lateCancelHours: 6,
      lateCancelFee: 1500,
      noShowFee: 2000,
      bookingWindowDays: 14,
      checkInOpensMinutes: 30,
      checkInClosesMinutes: 10,
      receiptHeader: 'Welcome in',
    });
    await studio.run('studio.updateSettings', { receiptHeader: null }, { as: 'owner' });
    expect(await storedSettings()).not.toHaveProperty('receiptHeader');
  });

  it('taxes each line at its category’s rate, in the quote and in the sale', async () => {
    await studio.run(
      'studio.updateSettings',
      { taxRates: { retail: 500, services: 1000, packs: 700 } },
      { as: 'owner' },
    );
    const lines = [
      { kind: 'product', productId: studio.products.socks, quantity: 1 },
      { kind: 'product', productId: studio.products.water, quantity: 1 },
      { kind: 'class_pack', packDefinitionId: studio.packDefinitionId },
      { kind: 'drop_in', classId: studio.classId },
    ];
    const retail = await studio.query<Quote>('pos.quote', { lines });
    // Socks 1200 at retail 5 %, water untaxed, pack 6000 and drop-in 2000 at packs 7 %.
    expect(retail.lines.map((l) => l.amounts.tax)).toEqual([60, 0, 420, 140]);
    await studio.db
      .updateTable('products')
      .set({ tax_category: 'services' })
      .where('id', '=', studio.products.socks)
      .execute();
    const services = await studio.query<Quote>('pos.quote', { lines: lines.slice(0, 1) });
    expect(services.tax).toBe(120);
    const sale = resultOf<{ orderId: string }>(
      await studio.run('pos.sale', {
        lines: [
          { kind: 'product', productId: studio.products.socks, quantity: 1, unitPrice: 1200 },
        ],
        tenders: [{ method: 'card', amount: 1320, paymentIntentId: 'pi_socks' }],
      }),
    );
    const order = await studio.db
      .selectFrom('pos_orders')
      .select(['tax_amount', 'total_amount'])
      .where('id', '=', sale.orderId)
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ tax_amount: 120, total_amount: 1320 });
  });

  it('lets an owner change the currency until the first sale, and never a manager', async () => {
    expect(
      await studio.refused('studio.updateSettings', { currency: 'EUR' }, { as: 'manager' }),
    ).toBe('forbidden');
    // Naming the currency it already has is no change.
    await studio.run(
      'studio.updateSettings',
      { currency: 'USD', noShowFee: 500 },
      { as: 'manager' },
    );
    await studio.run('studio.updateSettings', { currency: 'EUR' }, { as: 'owner' });
    expect((await readTenantSettings(studio.db, studio.tenantId)).currency).toBe('EUR');
    await studio.run('pos.sale', {
      lines: [{ kind: 'product', productId: studio.products.water, quantity: 1, unitPrice: 300 }],
      tenders: [{ method: 'card', amount: 300, paymentIntentId: 'pi_water' }],
    });
    const before = await consoleFootprint(studio);
    expect(
      await studio.refused('studio.updateSettings', { currency: 'USD' }, { as: 'owner' }),
    ).toBe('rule');
    expect(
      await studio.refused(
        'studio.updateSettings',
        { currency: 'USD' },
        { as: 'owner', side: 'server' },
      ),
    ).toBe('rule');
    expect(await consoleFootprint(studio)).toEqual(before);
    expect(await studio.query('studio.settings', {})).toMatchObject({ hasSales: true });
  });

  it('refuses bad settings and the front desk, changing nothing', async () => {
    const before = await consoleFootprint(studio);
    const bad: unknown[] = [
      {},
      { timeZone: 'Mars/Olympus_Mons' },
      { currency: 'usd' },
      { currency: 'EURO' },
      { taxRates: { retail: 10_001 } },
      { taxRates: { retail: 8.25 } },
      { taxRates: { luxury: 100 } },
      { lateCancelHours: -1 },
      { noShowFee: 12.5 },
      { bookingWindowDays: 366 },
      { checkInOpensMinutes: 1441 },
      { receiptFooter: 'x'.repeat(1001) },
      { name: '' },
      { colour: 'teal' },
    ];
    for (const args of bad) {
      expect(await studio.refused('studio.updateSettings', args, { as: 'owner' })).toBe('invalid');
    }
    for (const as of ['frontDesk', 'instructor'] as const) {
      expect(await studio.refused('studio.updateSettings', { noShowFee: 100 }, { as })).toBe(
        'forbidden',
      );
    }
    expect(await consoleFootprint(studio)).toEqual(before);
  });
});
