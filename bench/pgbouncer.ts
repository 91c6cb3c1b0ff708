import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Debian's pgbouncer (`apt-get install pgbouncer`). */
export const PGBOUNCER_PATH = process.env['BENCH_PGBOUNCER_PATH'] ?? '/usr/sbin/pgbouncer';

export interface PgbouncerOptions {
  /** Where Postgres is: a host name or address, or a Unix socket directory. */
  readonly postgresHost: string;
  readonly postgresPort: number;
  /** The Postgres user the bench connects as; trusted, as on the local cluster. */
  readonly user: string;
  /** Server connections per database and user: what Postgres really sees. */
  readonly poolSize: number;
}

export interface Pgbouncer {
  readonly port: number;
  /** A URL for `database` through the pooler, on loopback. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

async function freeLoopbackPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) =>
    probe.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * pgbouncer refuses to run as root; as root it is started as the `postgres` user (`-u`), who
 * must then own its folder to write the log and pid file.
 */
function runAsUser(): { user: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { user: 'postgres', uid: id('-u'), gid: id('-g') };
}

async function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/**
 * pgbouncer in transaction mode on a free loopback port, with a generated ini in a temporary
 * folder (auth_type trust: the local cluster trusts loopback, and the pooler passes the user
 * through). Server connections return to the pool at each commit, so session state and
 * protocol-level prepared statements do not survive between transactions (1.18 keeps none):
 * the server must run with `preparedStatements: false` through it, and LISTEN directly.
 */
export async function startPgbouncer(options: PgbouncerOptions): Promise<Pgbouncer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'studio-pgbouncer-'));
  const port = await freeLoopbackPort();
  const ini = path.join(dir, 'pgbouncer.ini');
  const log = path.join(dir, 'pgbouncer.log');
  await writeFile(path.join(dir, 'users.txt'), `"${options.user}" ""\n`);
  await writeFile(
    ini,
    [
      '[databases]',
      `* = host=${options.postgresHost} port=${String(options.postgresPort)}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${String(port)}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${String(options.poolSize)}`,
      'max_client_conn = 2000',
      // The bench's own connections (its set-up pool, the CPU probe) come and go.
      'server_idle_timeout = 30',
      `logfile = ${log}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      // Connections are logged at every pool change; the log would grow for nothing.
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  const asUser = runAsUser();
  if (asUser) await chown(dir, asUser.uid, asUser.gid);
  const child: ChildProcess = spawn(PGBOUNCER_PATH, [...(asUser ? ['-u', asUser.user] : []), ini], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    if (await acceptsConnections(port)) {
      return {
        port,
        urlFor: (database) =>
          `postgres://${encodeURIComponent(options.user)}@127.0.0.1:${String(port)}/${database}`,
        stop,
      };
    }
    await sleep(50);
  }
  const logged = await readFile(log, 'utf8').catch(() => '');
  await stop();
  throw new Error(`pgbouncer did not start: ${stderr}${logged}`.trim());
}
