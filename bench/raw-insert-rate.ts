import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { rawPostgresClient } from './bench-postgres';

/**
 * Raw Postgres insert throughput: `connections` clients each inserting single rows, each its
 * own committed transaction, for `seconds`. The ceiling for any server that commits every
 * push on this Postgres with this many connections. B5's own `rawInsertRate`
 * (server-load-bench.ts) measures the same and can import this one instead.
 */
export async function rawInsertRate(
  databaseUrl: string,
  seconds: number,
  connections: number,
): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: connections }, () => rawPostgresClient(databaseUrl)),
  );
  const table = `bench_raw_inserts_${randomUUID().slice(0, 8)}`;
  try {
    await clients[0]?.query(
      `create table ${table} (id uuid primary key, tenant_id uuid not null, body jsonb not null, at text not null)`,
    );
    const end = performance.now() + seconds * 1000;
    const counts = await Promise.all(
      clients.map(async (client) => {
        let n = 0;
        while (performance.now() < end) {
          await client.query(
            `insert into ${table} (id, tenant_id, body, at) values ($1, $2, $3, $4)`,
            [
              randomUUID(),
              randomUUID(),
              '{"kind":"gift_card","amount":2500}',
              new Date().toISOString(),
            ],
          );
          n++;
        }
        return n;
      }),
    );
    return counts.reduce((a, b) => a + b, 0) / seconds;
  } finally {
    await clients[0]?.query(`drop table if exists ${table}`);
    await Promise.all(clients.map((c) => c.end()));
  }
}
