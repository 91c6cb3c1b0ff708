import { sql } from 'kysely';
import type { Desk } from '../src-main/store/open-desk';
import { measure, type LatencySummary } from './bench-stats';

/**
 * The floor under any durable write at the desk: one single-row insert, committed on its
 * own in the desk's own database (same file, WAL and `synchronous=FULL`, same Kysely path),
 * `runs` times. B6 reports the POS sale's p99 against this p99 (issue 21), so the figure
 * says how far the sale's own work is from the disk's fsync. The scratch table is dropped.
 */
export async function durableCommitFloor(desk: Desk, runs: number): Promise<LatencySummary> {
  await sql`create table if not exists bench_commit_floor (id integer primary key, at text not null)`.execute(
    desk.db,
  );
  try {
    return await measure(
      Array.from({ length: runs }, () => undefined),
      () =>
        desk.db
          .transaction()
          .execute((trx) =>
            sql`insert into bench_commit_floor (at) values (${new Date().toISOString()})`.execute(
              trx,
            ),
          ),
    );
  } finally {
    await sql`drop table bench_commit_floor`.execute(desk.db);
  }
}
