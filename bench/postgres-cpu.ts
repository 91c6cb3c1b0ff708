import { readFile } from 'node:fs/promises';
import { rawPostgresClient } from './bench-postgres';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time used so far by the Postgres backends serving one database, in milliseconds, from
 * /proc (undefined where there is none): the backends are those pg_stat_activity lists for
 * it, so other databases' work on a shared machine is left out. B5 divides the difference
 * by the pushes applied: CPU per push holds stiller than wall-clock figures when the machine
 * is busy with other work.
 */
export async function postgresCpuMs(databaseUrl: string): Promise<number | undefined> {
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
  let ticks = 0;
  for (const stat of stats) {
    if (stat === undefined) continue;
    // The command name is in parentheses and may hold spaces: fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
