import type { Insertable, Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { createTestDatabase, type BackendName, type TestDatabase } from '../support/test-databases';

const AT = '2026-11-26T12:00:00.000Z';
const TENANT_A = '01900000-0000-7000-8000-00000000000a';
const TENANT_B = '01900000-0000-7000-8000-00000000000b';
const LOCATION_A = '01900000-0000-7000-8000-0000000000a1';

const tenant = (id: string, slug: string): Insertable<Database['tenants']> => ({
  id,
  slug,
  name: slug,
  settings: '{"taxRateBasisPoints":800}',
  currency: 'USD',
  status: 'active',
  created_at: AT,
});

const product = (id: string, tenantId: string): Insertable<Database['products']> => ({
  id,
  tenant_id: tenantId,
  name: 'Grip socks',
  price: 1200,
  stock_quantity: 10,
  taxable: 1,
  active: 1,
  created_at: AT,
});

const giftCard = (
  id: string,
  tenantId: string,
  code: string,
): Insertable<Database['gift_cards']> => ({
  id,
  tenant_id: tenantId,
  code,
  initial_balance: 5000,
  current_balance: 5000,
  status: 'active',
  created_at: AT,
});

describe.each<BackendName>(['sqlite', 'postgres', 'pglite'])('column contract on %s', (backend) => {
  let database: TestDatabase<Database>;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await createTestDatabase<Database>(backend);
    db = database.db;
    await runMigrations({ db, dialect: database.dialect, migrations: sharedMigrations });
    await db
      .insertInto('tenants')
      .values([tenant(TENANT_A, 'a'), tenant(TENANT_B, 'b')])
      .execute();
    await db
      .insertInto('locations')
      .values({
        id: LOCATION_A,
        tenant_id: TENANT_A,
        name: 'Main',
        time_zone: 'America/New_York',
        created_at: AT,
      })
      .execute();
  });

  afterAll(() => database.dispose());

  it('reads back ids, money, flags, timestamps and JSON as the same JavaScript values', async () => {
    await db
      .insertInto('products')
      .values(product('01900000-0000-7000-8000-000000000101', TENANT_A))
      .execute();
    const row = await db
      .selectFrom('products')
      .innerJoin('tenants', 'tenants.id', 'products.tenant_id')
      .select([
        'products.id',
        'products.price',
        'products.taxable',
        'products.created_at',
        'tenants.settings',
      ])
      .where('products.id', '=', '01900000-0000-7000-8000-000000000101')
      .executeTakeFirstOrThrow();
    // jsonb re-spaces and re-orders keys, so JSON compares by value, never as text.
    expect({ ...row, settings: JSON.parse(row.settings) as unknown }).toEqual({
      id: '01900000-0000-7000-8000-000000000101',
      price: 1200,
      taxable: 1,
      created_at: AT,
      settings: { taxRateBasisPoints: 800 },
    });
    expect(typeof row.settings).toBe('string');
  });

  const refusals: [string, Partial<Insertable<Database['products']>>][] = [
    ['a fractional amount of money', { price: 12.5 }],
    ['a flag other than 0 or 1', { active: 2 as 0 }],
    ['a timestamp in another format', { created_at: '2026-11-26 12:00:00' }],
    ['a timestamp with an offset', { created_at: '2026-11-26T12:00:00.000+01:00' }],
    ['an id that is not a UUID', { id: 'product-1' }],
  ];
  it.each(refusals)('refuses %s', async (_what, change) => {
    const bad = { ...product('01900000-0000-7000-8000-000000000102', TENANT_A), ...change };
    await expect(db.insertInto('products').values(bad).execute()).rejects.toThrow();
    const count = await db
      .selectFrom('products')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('refuses a value outside an enum and JSON that does not parse', async () => {
    await expect(
      db
        .insertInto('tenants')
        .values({
          ...tenant('01900000-0000-7000-8000-00000000000c', 'c'),
          status: 'bogus' as 'active',
        })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('tenants')
        .values({ ...tenant('01900000-0000-7000-8000-00000000000d', 'd'), settings: '{oops' })
        .execute(),
    ).rejects.toThrow();
  });

  it('refuses a row of one tenant that points at another tenant’s row', async () => {
    await expect(
      db
        .insertInto('classes')
        .values({
          id: '01900000-0000-7000-8000-000000000201',
          tenant_id: TENANT_B,
          location_id: LOCATION_A,
          title: 'Vinyasa',
          start_time: AT,
          duration_minutes: 60,
          capacity: 20,
          drop_in_price: 2500,
          status: 'scheduled',
          created_at: AT,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('keeps gift card codes unique per tenant regardless of case, and private between tenants', async () => {
    await db
      .insertInto('gift_cards')
      .values(giftCard('01900000-0000-7000-8000-000000000301', TENANT_A, 'GIFT-ABCD'))
      .execute();
    await expect(
      db
        .insertInto('gift_cards')
        .values(giftCard('01900000-0000-7000-8000-000000000302', TENANT_A, 'gift-abcd'))
        .execute(),
    ).rejects.toThrow();
    await db
      .insertInto('gift_cards')
      .values(giftCard('01900000-0000-7000-8000-000000000303', TENANT_B, 'gift-abcd'))
      .execute();
    const found = await db
      .selectFrom('gift_cards')
      .select('id')
      .where('tenant_id', '=', TENANT_A)
      .where((e) => e(e.fn('lower', ['code']), '=', 'Gift-Abcd'.toLowerCase()))
      .execute();
    expect(found).toEqual([{ id: '01900000-0000-7000-8000-000000000301' }]);
  });
});
