import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { pushResponseSchema } from '../../src-shared/protocol/sync-messages';
import { isoAt } from '../../src-shared/time/clock';
import { giftCardSaleArgs } from '../../bench/bench-sales';
import {
  handwrittenPool,
  measureHandwrittenSaleRate,
  writeHandwrittenSale,
  type BaselineDesk,
} from '../../bench/handwritten-sale-baseline';
import type { HandwrittenSale } from '../../bench/handwritten-sale-sql';
import { resetStatementStats, topStatements } from '../../bench/pg-stat-statements';
import {
  call,
  createStudio,
  enrollDesk,
  TestClock,
  useMigratedServer,
  type TestDesk,
  type TestStudio,
} from './support/server-harness';

/** Tables the sale writes, besides the device's row. */
const SALE_TABLES = [
  'pos_orders',
  'gift_cards',
  'gift_card_transactions',
  'pos_order_items',
  'payments',
  'mutation_log',
] as const;

describe('the hand-written B5 sale (bench baseline, issue 21)', () => {
  const clock = new TestClock();
  const server = useMigratedServer('postgres', clock);
  let pool: postgres.Sql | undefined;

  beforeAll(() => {
    pool = handwrittenPool(url(), 2);
  });
  afterAll(async () => {
    await pool?.end();
  });

  function url(): string {
    const found = server.handle.url;
    if (found === undefined) throw new Error('a Postgres database has a URL');
    return found;
  }

  function sqlPool(): postgres.Sql {
    if (!pool) throw new Error('the pool opens in beforeAll');
    return pool;
  }

  async function head(tenantId: string): Promise<number> {
    const rows = await sql<{
      position: number;
    }>`select position from sync_positions where tenant_id = ${tenantId}`.execute(server.handle.db);
    return rows.rows[0]?.position ?? 0;
  }

  /**
   * What one studio holds of the sale, with its own studio, desk and owner ids named alike,
   * so two studios' copies of the same sale compare equal: every row of the sale's tables,
   * the device's seq and last-seen time, and the changes captured after `after`, in position
   * order.
   */
  async function saleSnapshot(studio: TestStudio, desk: TestDesk, after: number) {
    const name = (text: string) =>
      text
        .replaceAll(studio.tenantId, 'TENANT')
        .replaceAll(desk.deviceId, 'DEVICE')
        .replaceAll(studio.ownerId, 'OWNER');
    const tables: Record<string, unknown> = {};
    for (const table of SALE_TABLES) {
      const result = await sql<{ row: string }>`select to_jsonb(t)::text as row
        from ${sql.table(table)} t where tenant_id = ${studio.tenantId}
        order by to_jsonb(t)::text`.execute(server.handle.db);
      tables[table] = result.rows.map((r) => JSON.parse(name(r.row)) as unknown);
    }
    const device = await sql<{ row: string }>`select json_build_object(
        'last_applied_seq', last_applied_seq, 'last_seen_at', last_seen_at)::text as row
      from devices where tenant_id = ${studio.tenantId} and id = ${desk.deviceId}`.execute(
      server.handle.db,
    );
    const changes = await sql<{ change: string }>`select concat_ws('|', table_name,
        row_key, deleted, position - ${after}) as change
      from sync_changes where tenant_id = ${studio.tenantId} and position > ${after}
      order by position`.execute(server.handle.db);
    return {
      tables,
      device: device.rows.map((r) => JSON.parse(r.row) as unknown),
      changes: changes.rows.map((r) => name(r.change)),
    };
  }

  it('writes the rows, device seq and captured changes a real push of the same sale writes', async () => {
    const at = isoAt(clock);
    const mutationId = uuidV7(clock.now(), randomBytes);
    const reference = 'same_sale';

    const pushed = await createStudio(server.handle.db, clock, 'Pushed');
    const pushedDesk = await enrollDesk(server.app, server.handle.db, clock, pushed.tenantId);
    const pushedHead = await head(pushed.tenantId);
    const response = await call(server.app, 'POST', '/v1/push', {
      token: pushedDesk.token,
      body: {
        mutations: [
          {
            seq: 1,
            id: mutationId,
            name: 'pos.sale',
            args: giftCardSaleArgs(reference),
            actorId: pushed.ownerId,
            at,
          },
        ],
      },
    });
    expect(pushResponseSchema.parse(response.json).results).toEqual([
      { seq: 1, outcome: 'applied' },
    ]);

    const written = await createStudio(server.handle.db, clock, 'Hand-written');
    const writtenDesk = await enrollDesk(server.app, server.handle.db, clock, written.tenantId);
    const writtenHead = await head(written.tenantId);
    const desk: BaselineDesk = {
      tenantId: written.tenantId,
      deviceId: writtenDesk.deviceId,
      actorId: written.ownerId,
      nextSeq: 1,
    };
    const sale: HandwrittenSale = {
      seq: 1,
      mutationId,
      at,
      appliedAt: isoAt(clock),
      paymentIntentId: `pi_${reference}`,
    };
    await writeHandwrittenSale(sqlPool(), desk, sale);
    expect(desk.nextSeq).toBe(2);

    const fromPush = await saleSnapshot(pushed, pushedDesk, pushedHead);
    const byHand = await saleSnapshot(written, writtenDesk, writtenHead);
    for (const table of SALE_TABLES) expect(fromPush.tables[table]).toHaveLength(1);
    expect(fromPush.changes).toHaveLength(5);
    expect(byHand).toEqual(fromPush);
  });

  it('R3.2 takes only the seq that follows the last applied one, and rolls back what it wrote', async () => {
    const studio = await createStudio(server.handle.db, clock, 'Seqs');
    const enrolled = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId);
    const desk: BaselineDesk = {
      tenantId: studio.tenantId,
      deviceId: enrolled.deviceId,
      actorId: studio.ownerId,
      nextSeq: 1,
    };
    await writeHandwrittenSale(sqlPool(), desk);
    // A seq used before: the log's key refuses it. A gap: the device's seq check does.
    await expect(writeHandwrittenSale(sqlPool(), { ...desk, nextSeq: 1 })).rejects.toThrow(
      /pk_mutation_log/,
    );
    await expect(writeHandwrittenSale(sqlPool(), { ...desk, nextSeq: 3 })).rejects.toThrow(
      /did not take seq 3/,
    );
    const counts = await sql<{ orders: number; logged: number; seq: number }>`select
        (select count(*)::int from pos_orders where tenant_id = ${studio.tenantId}) as orders,
        (select count(*)::int from mutation_log where tenant_id = ${studio.tenantId}) as logged,
        (select last_applied_seq from devices where id = ${enrolled.deviceId}) as seq`.execute(
      server.handle.db,
    );
    expect(counts.rows[0]).toEqual({ orders: 1, logged: 1, seq: 1 });
  });

  it('measures sales that each wrote their order, log row and seq', async () => {
    const rate = await measureHandwrittenSaleRate(url(), {
      seconds: 0.5,
      connections: 2,
      tenants: 2,
      desks: 4,
    });
    expect(rate).toMatchObject({ connections: 2, desks: 4 });
    expect(rate.sales).toBeGreaterThan(0);
    expect(rate.salesPerSecond).toBeCloseTo(rate.sales / rate.seconds);
    const written = await sql<{ orders: number; logged: number; seqs: number }>`select
        (select count(*)::int from pos_orders o join tenants t on t.id = o.tenant_id
          where t.slug like 'handwritten-%') as orders,
        (select count(*)::int from mutation_log l join tenants t on t.id = l.tenant_id
          where t.slug like 'handwritten-%') as logged,
        (select sum(d.last_applied_seq)::int from devices d join tenants t on t.id = d.tenant_id
          where t.slug like 'handwritten-%') as seqs`.execute(server.handle.db);
    const row = written.rows[0];
    // The warm-up's sales are written too, but not counted in the rate.
    expect(row?.orders).toBeGreaterThanOrEqual(rate.sales);
    expect(row).toEqual({ orders: row?.orders, logged: row?.orders, seqs: row?.orders });
  });

  it('reads the database’s top statements where pg_stat_statements is loaded', async () => {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    const reasons: string[] = [];
    const log = (line: string) => reasons.push(line);
    try {
      const loaded = await client.query<{ libraries: string }>(
        "select current_setting('shared_preload_libraries') as libraries",
      );
      const available = (loaded.rows[0]?.libraries ?? '').includes('pg_stat_statements');
      const name = new URL(url()).pathname.slice(1);
      expect(await resetStatementStats(client, name, { log })).toBe(available);
      for (let i = 0; i < 7; i++) await client.query('select $1::int as handwritten_marker', [i]);
      const top = await topStatements(client, name, 50, { pushes: 7, log });
      if (!available) {
        expect(top).toBeUndefined();
        expect(reasons[0]).toMatch(/shared_preload_libraries/);
        return;
      }
      const marker = top?.statements.find((s) => s.query.includes('handwritten_marker'));
      expect(marker).toMatchObject({ calls: 7, toplevel: true, callsPerPush: 1 });
      expect(reasons).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('answers undefined with one line when it may not create the extension', async () => {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    const reasons: string[] = [];
    try {
      // studio_app may not create extensions; a fresh database has none of its own.
      await client.query('drop extension if exists pg_stat_statements');
      await client.query('set role studio_app');
      const name = new URL(url()).pathname.slice(1);
      const top = await topStatements(client, name, 5, { log: (line) => reasons.push(line) });
      expect(top).toBeUndefined();
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(/pg_stat_statements/);
      expect(reasons[0]).not.toMatch(/\n/);
    } finally {
      await client.end();
    }
  });
});
