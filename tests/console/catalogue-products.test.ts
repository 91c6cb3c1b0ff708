import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  minutesAfterNow,
  resultOf,
  useSeededStudio,
} from '../front-desk/front-desk-harness';
import { expectLedgersBalanced } from '../front-desk/ledger-invariants';
import { catalogueSnapshot, messageOf, reviewItemsOf } from './catalogue-test-support';

interface CatalogueProduct {
  readonly productId: string;
  readonly name: string;
  readonly price: number;
  readonly taxCategory: string;
  readonly taxable: boolean;
  readonly stockQuantity: number | null;
  readonly active: boolean;
}

interface Movement {
  readonly quantityDelta: number;
  readonly reason: string;
}

const mat = {
  name: 'Cork mat',
  sku: 'MAT-01',
  barcode: '0123456789012',
  price: 6500,
  taxCategory: 'retail',
  taxable: true,
  openingStock: 4,
};

describe.each(BACKENDS)('catalogue products and stock on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const productRow = (id: string) =>
    studio.db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const movements = (productId: string) =>
    studio.query<Movement[]>('catalogue.stockMovements', { productId });
  const socksPrice = (set: number, seen: number) => ({
    productId: studio.products.socks,
    set: { price: set },
    basedOn: { price: seen },
  });

  it('product.create adds a product with its tax category and opening stock as a restock', async () => {
    const { productId } = resultOf<{ productId: string }>(
      await studio.run('product.create', mat, { as: 'manager' }),
    );
    expect(await productRow(productId)).toMatchObject({
      name: 'Cork mat',
      sku: 'MAT-01',
      price: 6500,
      tax_category: 'retail',
      taxable: 1,
      stock_quantity: 4,
      active: 1,
    });
    expect(await movements(productId)).toMatchObject([{ quantityDelta: 4, reason: 'restock' }]);
    const listed = await studio.query<CatalogueProduct[]>('catalogue.products', {});
    expect(listed.find((p) => p.productId === productId)).toMatchObject({
      taxCategory: 'retail',
      stockQuantity: 4,
      active: true,
    });
    await expectLedgersBalanced(studio);
  });

  it('product.create without tracked stock records no movement', async () => {
    const { productId } = resultOf<{ productId: string }>(
      await studio.run(
        'product.create',
        {
          name: 'Massage',
          price: 9000,
          taxCategory: 'services',
          taxable: true,
          openingStock: null,
        },
        { as: 'owner' },
      ),
    );
    expect(await productRow(productId)).toMatchObject({
      stock_quantity: null,
      sku: null,
      tax_category: 'services',
    });
    expect(await movements(productId)).toEqual([]);
  });

  it('product.create refuses bad input and non-managers with nothing written', async () => {
    const before = await catalogueSnapshot(studio);
    for (const bad of [
      { ...mat, price: -1 },
      { ...mat, price: 12.5 },
      { ...mat, name: '  ' },
      { ...mat, taxCategory: 'food' },
      { ...mat, openingStock: -3 },
      { ...mat, colour: 'green' },
    ]) {
      expect(await studio.refused('product.create', bad, { as: 'owner' })).toBe('invalid');
    }
    expect(await studio.refused('product.create', mat, { as: 'frontDesk' })).toBe('forbidden');
    expect(await studio.refused('product.create', mat, { as: 'instructor' })).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('product.update changes only the fields it sets', async () => {
    await studio.run(
      'product.update',
      {
        productId: studio.products.socks,
        set: { price: 1500, taxCategory: 'services', name: 'Grippy socks' },
        basedOn: { price: 1200, taxCategory: 'retail', name: 'Grip socks' },
      },
      { as: 'manager' },
    );
    expect(await productRow(studio.products.socks)).toMatchObject({
      name: 'Grippy socks',
      price: 1500,
      tax_category: 'services',
      stock_quantity: 10,
      taxable: 1,
    });
    expect(await reviewItemsOf(studio)).toEqual([]);
  });

  it('product.update refuses bad input, a stale form at the desk and non-managers', async () => {
    const before = await catalogueSnapshot(studio);
    const id = studio.products.socks;
    for (const bad of [
      { productId: id, set: { price: 1500 }, basedOn: {} },
      { productId: id, set: {}, basedOn: {} },
      { productId: id, set: { price: 1500 }, basedOn: { price: 1200, name: 'Grip socks' } },
      { productId: id, set: { price: -5 }, basedOn: { price: 1200 } },
      { productId: 'not-a-uuid', set: { price: 1500 }, basedOn: { price: 1200 } },
    ]) {
      expect(await studio.refused('product.update', bad, { as: 'owner' })).toBe('invalid');
    }
    // The desk's own copy holds 1200: a form that showed 1100 is stale.
    expect(await studio.refused('product.update', socksPrice(1500, 1100), { as: 'owner' })).toBe(
      'rule',
    );
    expect(
      await studio.refused('product.update', socksPrice(1500, 1200), { as: 'frontDesk' }),
    ).toBe('forbidden');
    expect(
      await studio.refused('product.update', socksPrice(1500, 1200), { as: 'instructor' }),
    ).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('two desks change one price offline: the later to reach the server stands, the owner sees both', async () => {
    await studio.run('product.update', socksPrice(1500, 1200), { as: 'manager' });
    // The second desk saw 1200 too; its edit reaches the server after the first.
    await studio.run('product.update', socksPrice(1400, 1200), {
      as: 'owner',
      side: 'server',
      deviceId: 'desk-front-2',
      at: minutesAfterNow(1),
    });
    expect((await productRow(studio.products.socks)).price).toBe(1400);
    const [item, ...more] = await reviewItemsOf(studio);
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      kind: 'edit_conflict',
      subject_id: studio.products.socks,
      amount: 1500,
    });
    expect(messageOf(item)).toContain('price was 1200');
    expect(messageOf(item)).toMatch(/1500.*1400/);
  });

  it('two desks setting the same price, or different fields, are no conflict', async () => {
    await studio.run('product.update', socksPrice(1500, 1200), { as: 'manager' });
    await studio.run('product.update', socksPrice(1500, 1200), { as: 'owner', side: 'server' });
    await studio.run(
      'product.update',
      { productId: studio.products.socks, set: { sku: 'SOCK' }, basedOn: { sku: null } },
      { as: 'owner', side: 'server' },
    );
    expect(await productRow(studio.products.socks)).toMatchObject({ price: 1500, sku: 'SOCK' });
    expect(await reviewItemsOf(studio)).toEqual([]);
  });

  it('stock.receive adds units as a restock; the front desk may receive', async () => {
    const received = resultOf<{ stockQuantity: number }>(
      await studio.run('stock.receive', { productId: studio.products.socks, quantity: 6 }),
    );
    expect(received.stockQuantity).toBe(16);
    expect((await productRow(studio.products.socks)).stock_quantity).toBe(16);
    expect((await movements(studio.products.socks))[0]).toMatchObject({
      quantityDelta: 6,
      reason: 'restock',
    });
    await expectLedgersBalanced(studio);
  });

  it('catalogue.stockMovements lists one product’s movements latest first, bounded', async () => {
    const socks = studio.products.socks;
    await studio.run(
      'stock.receive',
      { productId: socks, quantity: 2 },
      { at: minutesAfterNow(1) },
    );
    await studio.run(
      'stock.receive',
      { productId: socks, quantity: 3 },
      { at: minutesAfterNow(2) },
    );
    expect(await movements(socks)).toMatchObject([
      { quantityDelta: 3 },
      { quantityDelta: 2 },
      { quantityDelta: 10 },
    ]);
    expect(
      await studio.query<Movement[]>('catalogue.stockMovements', { productId: socks, limit: 1 }),
    ).toMatchObject([{ quantityDelta: 3 }]);
    expect(await movements(studio.products.water)).toEqual([]);
    await expect(
      studio.query('catalogue.stockMovements', { productId: socks, limit: 501 }),
    ).rejects.toThrow();
  });

  it('stock.receive refuses bad input, untracked stock and instructors', async () => {
    const before = await catalogueSnapshot(studio);
    const socks = studio.products.socks;
    for (const quantity of [0, -2, 1.5, 2_000_000]) {
      expect(await studio.refused('stock.receive', { productId: socks, quantity })).toBe('invalid');
    }
    expect(
      await studio.refused('stock.receive', { productId: studio.products.water, quantity: 3 }),
    ).toBe('invalid');
    expect(
      await studio.refused(
        'stock.receive',
        { productId: socks, quantity: 3 },
        { as: 'instructor' },
      ),
    ).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('stock.count moves stock by the difference the desk saw, and the server applies it relatively', async () => {
    const outcome = await studio.run(
      'stock.count',
      { productId: studio.products.socks, counted: 7 },
      { as: 'manager' },
    );
    expect(outcome.args).toMatchObject({ counted: 7, difference: -3 });
    expect((await productRow(studio.products.socks)).stock_quantity).toBe(7);
    // At the server, after a sale another desk made: the count's difference, not its total.
    await studio.db
      .updateTable('products')
      .set({ stock_quantity: 6 })
      .where('id', '=', studio.products.socks)
      .execute();
    await studio.run('stock.count', outcome.args, { as: 'manager', side: 'server' });
    expect((await productRow(studio.products.socks)).stock_quantity).toBe(3);
    expect((await movements(studio.products.socks)).slice(0, 2)).toMatchObject([
      { quantityDelta: -3, reason: 'count' },
      { quantityDelta: -3, reason: 'count' },
    ]);
  });

  it('stock.count refuses bad input and the front desk', async () => {
    const before = await catalogueSnapshot(studio);
    const socks = studio.products.socks;
    for (const counted of [-1, 2.5]) {
      expect(
        await studio.refused('stock.count', { productId: socks, counted }, { as: 'owner' }),
      ).toBe('invalid');
    }
    expect(
      await studio.refused(
        'stock.count',
        { productId: studio.products.water, counted: 3 },
        { as: 'owner' },
      ),
    ).toBe('invalid');
    expect(await studio.refused('stock.count', { productId: socks, counted: 3 })).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('stock.adjust moves stock by a signed quantity with a note', async () => {
    const adjusted = resultOf<{ stockQuantity: number }>(
      await studio.run(
        'stock.adjust',
        { productId: studio.products.socks, quantity: -2, note: 'two pairs torn' },
        { as: 'owner' },
      ),
    );
    expect(adjusted.stockQuantity).toBe(8);
    expect((await movements(studio.products.socks))[0]).toMatchObject({
      quantityDelta: -2,
      reason: 'adjustment',
    });
    // A hand adjustment is audited, with its note, in the hash chain.
    const audited = await studio.db
      .selectFrom('audit_logs')
      .select(['target_id', 'details'])
      .where('action', '=', 'stock.adjust')
      .execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]?.target_id).toBe(studio.products.socks);
    expect(JSON.stringify(audited[0]?.details)).toContain('two pairs torn');
    await expectLedgersBalanced(studio);
  });

  it('stock.adjust refuses no note, no units, going below zero at the desk and the front desk', async () => {
    const before = await catalogueSnapshot(studio);
    const socks = studio.products.socks;
    for (const bad of [
      { productId: socks, quantity: -2 },
      { productId: socks, quantity: -2, note: ' ' },
      { productId: socks, quantity: 0, note: 'nothing at all' },
    ]) {
      expect(await studio.refused('stock.adjust', bad, { as: 'manager' })).toBe('invalid');
    }
    const tooMany = { productId: socks, quantity: -11, note: 'flood in the store room' };
    expect(await studio.refused('stock.adjust', tooMany, { as: 'manager' })).toBe('rule');
    expect(await studio.refused('stock.adjust', { ...tooMany, quantity: -1 })).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('a retired product is refused at the desk and kept with a review item at the server', async () => {
    await studio.run(
      'product.update',
      { productId: studio.products.socks, set: { active: false }, basedOn: { active: true } },
      { as: 'manager' },
    );
    const sale = {
      lines: [{ kind: 'product', productId: studio.products.socks, quantity: 2, unitPrice: 1200 }],
      tenders: [{ method: 'external', amount: 2598, reference: 'voucher' }],
    };
    const before = await catalogueSnapshot(studio);
    expect(await studio.refused('pos.sale', sale)).toBe('rule');
    expect(await catalogueSnapshot(studio)).toEqual(before);

    // A desk that had not heard of the retirement sold it; the server keeps the sale.
    await studio.run('pos.sale', sale, { side: 'server', deviceId: 'desk-front-2' });
    expect((await productRow(studio.products.socks)).stock_quantity).toBe(8);
    const [item, ...more] = await reviewItemsOf(studio);
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      kind: 'retired_item_sold',
      subject_id: studio.products.socks,
      amount: 2400,
    });
    await expectLedgersBalanced(studio);
  });
});
