import { readFile } from 'node:fs/promises';
import { rawPostgresClient } from './bench-postgres';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time used so far by each backend serving one database, in milliseconds, by pid. */
export type PostgresCpuSample = ReadonlyMap<number, number>;

/**
 * CPU time used so far by the Postgres backends serving one database (undefined where /proc
 * is missing): the backends are those pg_stat_activity lists for it, so other databases'
 * work on a shared machine is left out. B5 divides the difference by the pushes applied:
 * CPU per push holds stiller than wall-clock figures when the machine is busy.
 */
export async function samplePostgresCpu(
  databaseUrl: string,
): Promise<PostgresCpuSample | undefined> {
  const client = await rawPostgresClient(databaseUrl);
  let pids: number[];
  try {
    const result = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    pids = result.rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
  const stats = await Promise.all(
    pids.map((pid) => readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined)),
  );
  if (stats.every((stat) => stat === undefined) && pids.length > 0) return undefined;
  const byPid = new Map<number, number>();
  stats.forEach((stat, i) => {
    const pid = pids[i];
    if (stat === undefined || pid === undefined) return;
    // The command name is in parentheses and may hold spaces: fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    byPid.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
  });
  return byPid;
}

/**
 * The CPU the database's backends used between two samples. Per backend: one that started
 * in between counts from zero, and one that ended in between (a pool closing an idle
 * connection) is left out rather than subtracted, which made the sum negative before.
 */
export function postgresCpuBetween(
  before: PostgresCpuSample | undefined,
  after: PostgresCpuSample | undefined,
): number | undefined {
  if (before === undefined || after === undefined) return undefined;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
