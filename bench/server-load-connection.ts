import { rawPostgresClient } from './bench-postgres';
import { startPgbouncer, type Pgbouncer } from './pgbouncer';

/** How B5's server reaches Postgres, chosen by the environment. */
export interface ServerLoadConnection {
  /** The pool's URL: Postgres itself (TCP or Unix socket), or pgbouncer. */
  readonly poolUrl: string;
  /** LISTEN's URL: always Postgres itself, which keeps the session LISTEN needs. */
  readonly listenUrl: string;
  /** False through pgbouncer (transaction mode keeps no prepared statement). */
  readonly preparedStatements?: boolean;
  /** For the report: "TCP", "Unix socket", "pgbouncer (transaction mode) over TCP", … */
  readonly label: string;
  /** Stops what was started for it (pgbouncer). */
  close(): Promise<void>;
}

/** Server connections per instance: the server's pool, pgbouncer's pool when it is in front. */
export function benchPoolSize(env: Readonly<Record<string, string | undefined>>): number {
  const text = env['BENCH_POOL'] ?? '10';
  const size = /^[0-9]{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(size >= 1 && size <= 200)) throw new Error(`BENCH_POOL must be 1 to 200, got "${text}"`);
  return size;
}

/** The first Unix socket directory the Postgres server listens in, if any. */
async function socketDirectory(databaseUrl: string): Promise<string | undefined> {
  const client = await rawPostgresClient(databaseUrl);
  try {
    const result = await client.query<{ unix_socket_directories: string }>(
      'show unix_socket_directories',
    );
    const first = result.rows[0]?.unix_socket_directories.split(',')[0]?.trim();
    // '@…' is an abstract socket name, which node-postgres cannot reach.
    return first === undefined || first === '' || first.startsWith('@') ? undefined : first;
  } finally {
    await client.end();
  }
}

/**
 * The bench database's URL as the server would use it: over TCP as given, or over the Unix
 * socket (BENCH_POSTGRES_SOCKET=1) in the `postgres://user@/db?host=/socket/dir` form
 * `serverctl serve` takes too; with BENCH_PGBOUNCER=1 a pgbouncer of the bench's own sits
 * between the server's pool and that Postgres.
 */
export async function serverLoadConnection(
  databaseUrl: string,
  databaseName: string,
  poolSize: number,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ServerLoadConnection> {
  const tcp = new URL(databaseUrl);
  const user = decodeURIComponent(tcp.username) || 'postgres';
  let direct = databaseUrl;
  let transport = 'TCP';
  let postgresHost = tcp.hostname;
  if (env['BENCH_POSTGRES_SOCKET'] === '1') {
    const dir = await socketDirectory(databaseUrl);
    if (dir === undefined) throw new Error('BENCH_POSTGRES_SOCKET=1: Postgres has no Unix socket');
    direct = `postgres://${encodeURIComponent(user)}@/${databaseName}?host=${dir}`;
    transport = `Unix socket (${dir})`;
    postgresHost = dir;
  }
  if (env['BENCH_PGBOUNCER'] !== '1') {
    return { poolUrl: direct, listenUrl: direct, label: transport, close: async () => undefined };
  }
  const pgbouncer: Pgbouncer = await startPgbouncer({
    postgresHost,
    postgresPort: Number(tcp.port || '5432'),
    user,
    poolSize,
  });
  return {
    poolUrl: pgbouncer.urlFor(databaseName),
    listenUrl: direct,
    preparedStatements: false,
    label: `pgbouncer (transaction mode, ${String(poolSize)} server connections), then ${transport}`,
    close: () => pgbouncer.stop(),
  };
}
