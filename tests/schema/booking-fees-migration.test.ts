import { afterEach, describe, expect, it } from 'vitest';
import { openDeskDatabase, type DeskDatabase } from '../../src-main/store/open-desk-database';
import type { Database } from '../../src-shared/schema/catalog';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import type { SchemaMigration } from '../../src-shared/schema/schema-migration';
import { seededIds, seedStudio } from '../front-desk/front-desk-harness';

const AT = '2026-11-20T10:00:00.000Z';
const BOOKING_FEES = '20261204120000_booking_fees';

const before = sharedMigrations.slice(
  0,
  sharedMigrations.findIndex((m) => m.name === BOOKING_FEES),
);

interface ForeignKey {
  readonly table: string;
  readonly from: string;
}

/** Where each foreign key of the desk's tables points, as SQLite itself reports it. */
function foreignKeysOf(desk: DeskDatabase<Database>, table: string): ForeignKey[] {
  return desk.sqlite.pragma(`foreign_key_list(${table})`) as ForeignKey[];
}

function tableNames(desk: DeskDatabase<Database>): string[] {
  const rows = desk.sqlite.prepare(`select name from sqlite_master where type = 'table'`).all() as {
    name: string;
  }[];
  return rows.map((r) => r.name);
}

/** A sale of grip socks and a membership, with the rows that point at its order items. */
async function recordSaleRows(desk: DeskDatabase<Database>) {
  const studio = await seedStudio(desk.db, { newId: seededIds(7) });
  const ids = seededIds(8);
  const [orderId, socksItem, membershipItem, movementId] = [ids(), ids(), ids(), ids()];
  const db = desk.db;
  await db
    .insertInto('pos_orders')
    .values({
      id: orderId,
      tenant_id: studio.tenantId,
      member_id: studio.subscriberId,
      staff_id: studio.staff.frontDesk,
      location_id: null,
      device_id: 'desk-1',
      coupon_id: null,
      subtotal_amount: 13200,
      discount_amount: 0,
      tax_amount: 0,
      total_amount: 13200,
      status: 'completed',
      receipt_number: 'R-1',
      created_at: AT,
      completed_at: AT,
    })
    .execute();
  const item = (id: string, kind: 'product' | 'membership', price: number) => ({
    id,
    tenant_id: studio.tenantId,
    order_id: orderId,
    kind,
    product_id: kind === 'product' ? studio.products.socks : null,
    pack_definition_id: null,
    gift_card_id: null,
    class_id: null,
    description: kind,
    quantity: 1,
    unit_price: price,
    discount_amount: 0,
    tax_amount: 0,
    line_total: price,
    refunded_quantity: 0,
  });
  await db
    .insertInto('pos_order_items')
    .values([item(socksItem, 'product', 1200), item(membershipItem, 'membership', 12000)])
    .execute();
  await db
    .insertInto('stock_movements')
    .values({
      id: movementId,
      tenant_id: studio.tenantId,
      product_id: studio.products.socks,
      quantity_delta: -1,
      reason: 'sale',
      order_item_id: socksItem,
      staff_id: studio.staff.frontDesk,
      device_id: 'desk-1',
      created_at: AT,
    })
    .execute();
  await db
    .insertInto('subscription_sales')
    .values({
      tenant_id: studio.tenantId,
      order_item_id: membershipItem,
      subscription_id: studio.subscriptionId,
      created_at: AT,
    })
    .execute();
  return { socksItem, membershipItem, movementId };
}

describe('the booking fees migration on a desk’s SQLite', () => {
  let desk: DeskDatabase<Database> | undefined;
  afterEach(async () => {
    await desk?.close();
    desk = undefined;
  });

  it('rebuilds pos_order_items with the foreign keys that point at it intact, and its rows', async () => {
    desk = openDeskDatabase<Database>(':memory:');
    await runMigrations({ db: desk.db, dialect: 'sqlite', migrations: before });
    const sold = await recordSaleRows(desk);

    await runMigrations({ db: desk.db, dialect: 'sqlite', migrations: sharedMigrations });

    const pointsAt = (table: string, column: string) =>
      foreignKeysOf(desk as DeskDatabase<Database>, table)
        .filter((k) => k.from === column)
        .map((k) => k.table);
    expect(pointsAt('stock_movements', 'order_item_id')).toEqual(['pos_order_items']);
    expect(pointsAt('subscription_sales', 'order_item_id')).toEqual(['pos_order_items']);
    expect(pointsAt('pos_order_items', 'member_fee_id')).toEqual(['member_fees']);
    expect(pointsAt('pos_order_items', 'appointment_id')).toEqual(['appointments']);
    // No key anywhere names a table that is gone (an aside or rebuilt copy).
    const tables = tableNames(desk);
    expect(tables.filter((t) => t.endsWith('_new') || t.includes('_before_'))).toEqual([]);
    const dangling = tables.flatMap((t) =>
      foreignKeysOf(desk as DeskDatabase<Database>, t)
        .filter((k) => !tables.includes(k.table))
        .map((k) => `${t} -> ${k.table}`),
    );
    expect(dangling).toEqual([]);

    const items = await desk.db
      .selectFrom('pos_order_items')
      .select(['id', 'kind', 'member_fee_id', 'appointment_id'])
      .orderBy('id')
      .execute();
    expect(items).toEqual(
      [
        { id: sold.socksItem, kind: 'product', member_fee_id: null, appointment_id: null },
        { id: sold.membershipItem, kind: 'membership', member_fee_id: null, appointment_id: null },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const movement = await desk.db
      .selectFrom('stock_movements')
      .select('order_item_id')
      .where('id', '=', sold.movementId)
      .executeTakeFirstOrThrow();
    expect(movement.order_item_id).toBe(sold.socksItem);
    const sale = await desk.db
      .selectFrom('subscription_sales')
      .select('order_item_id')
      .executeTakeFirstOrThrow();
    expect(sale.order_item_id).toBe(sold.membershipItem);
    expect(desk.sqlite.pragma('foreign_key_check')).toEqual([]);
    // The desk's setting is back: foreign keys enforced again after migrating.
    expect(desk.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(desk.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('refuses, and rolls back, a migration that leaves rows pointing nowhere', async () => {
    desk = openDeskDatabase<Database>(':memory:');
    await runMigrations({ db: desk.db, dialect: 'sqlite', migrations: sharedMigrations });
    await recordSaleRows(desk);
    const careless: SchemaMigration = {
      name: '20991231000000_careless_drop',
      up: async ({ db }) => {
        await db.deleteFrom('pos_order_items' as never).execute();
      },
    };
    await expect(
      runMigrations({
        db: desk.db,
        dialect: 'sqlite',
        migrations: [...sharedMigrations, careless],
      }),
    ).rejects.toThrow(/careless_drop left rows whose foreign keys point nowhere/);
    expect(await desk.db.selectFrom('pos_order_items').select('id').execute()).toHaveLength(2);
    expect(desk.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
