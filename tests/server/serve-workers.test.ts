import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pokeEventSchema, pushResponseSchema } from '../../src-shared/protocol/sync-messages';
import { systemClock } from '../../src-shared/time/clock';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import type { CliDatabase } from '../../sync-server/cli/cli-database';
import { workerCount } from '../../sync-server/cli/serve-command';
import { runServerctl, type CliIo } from '../../sync-server/cli/serverctl-commands';
import { startPgbouncer } from '../../bench/pgbouncer';
import { REPO_ROOT, SERVERCTL } from '../support/cli-process';
import { serverctl, serverctlDatabase, type ServerctlDatabase } from '../support/serverctl-run';
import { createStudio, TestOutbox, type TestStudio } from './support/server-harness';

/** What `serve --json` prints once every worker listens. */
const listeningSchema = z.object({
  listening: z.string(),
  workers: z.number(),
  pids: z.array(z.number().int()),
});

interface Answer {
  readonly status: number;
  readonly worker: string | undefined;
  readonly json: unknown;
}

/** One request on a connection of its own, so the primary hands each to the next worker. */
function request(url: string, options: { token?: string; body?: unknown }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { connection: 'close' };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const sent = http.request(url, { method: 'POST', headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const worker = response.headers['x-studio-worker'];
        resolve({
          status: response.statusCode ?? 0,
          worker: typeof worker === 'string' ? worker : undefined,
          json: JSON.parse(text),
        });
      });
    });
    sent.on('error', reject);
    sent.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

/** A desk's event stream: which worker holds it, and the positions it was poked with. */
interface Stream {
  readonly worker: string | undefined;
  /** Whether that worker runs the server's jobs: 'on' or 'off'. */
  readonly jobs: string | undefined;
  readonly positions: number[];
  close(): void;
}

function openStream(base: string, token: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const positions: number[] = [];
    const get = http.get(
      `${base}/v1/events`,
      { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, agent: false },
      (response) => {
        let buffer = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          buffer += chunk;
          const blocks = buffer.split('\n\n');
          buffer = blocks.pop() ?? '';
          for (const block of blocks) {
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (block.startsWith('event: poke') && data !== undefined) {
              positions.push(pokeEventSchema.parse(JSON.parse(data)).position);
            }
          }
        });
        response.on('error', () => undefined);
        const worker = response.headers['x-studio-worker'];
        const jobs = response.headers['x-studio-jobs'];
        resolve({
          worker: typeof worker === 'string' ? worker : undefined,
          jobs: typeof jobs === 'string' ? jobs : undefined,
          positions,
          close: () => get.destroy(),
        });
      },
    );
    get.on('error', reject);
  });
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `serverctl serve` as its own process, as an operator starts it, until it listens. */
async function spawnServe(env: Record<string, string>, args: readonly string[]) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', SERVERCTL, 'serve', '--port', '0', '--quiet', '--json', ...args],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    await until(() => stdout.includes('\n') || child.exitCode !== null, 'serve to listen', 50_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${stderr}`);
  const listening = listeningSchema.parse(JSON.parse(stdout.split('\n')[0] ?? ''));
  return { child, listening, stderr: () => stderr };
}

async function enrol(base: string, made: ServerctlDatabase, studio: TestStudio) {
  const { code } = await createEnrollmentCode(
    { db: made.database.db, clock: systemClock },
    { tenantId: studio.tenantId },
  );
  const answer = await request(`${base}/v1/enroll`, { body: { code, deviceName: 'Desk' } });
  expect(answer.status).toBe(201);
  return z.object({ deviceToken: z.string() }).parse(answer.json).deviceToken;
}

describe('serverctl serve --workers (issue 21)', () => {
  let made: ServerctlDatabase;

  beforeAll(async () => {
    made = await serverctlDatabase();
  });

  afterAll(async () => {
    await made.database.dispose();
  });

  it('serves one port from two processes, pokes across them, and stops them all on SIGTERM', async () => {
    const served = await spawnServe(made.env, ['--workers', '2']);
    const { child, listening } = served;
    const streams: Stream[] = [];
    try {
      expect(listening.workers).toBe(2);
      expect(new Set(listening.pids).size).toBe(2);
      expect(listening.pids).not.toContain(child.pid);
      for (const pid of listening.pids) expect(alive(pid)).toBe(true);
      const base = listening.listening;

      const studio = await createStudio(made.database.db, systemClock);
      const token = await enrol(base, made, studio);
      // Connections go round-robin: open streams until one is held by each worker.
      const byWorker = new Map<string, Stream>();
      for (let attempt = 0; attempt < 10 && byWorker.size < 2; attempt++) {
        const stream = await openStream(base, token);
        streams.push(stream);
        if (stream.worker !== undefined && !byWorker.has(stream.worker)) {
          byWorker.set(stream.worker, stream);
        }
      }
      expect([...byWorker.keys()].sort()).toEqual(['1', '2']);
      // The jobs (billing, payouts, series, automations) run in worker 1 only.
      expect(byWorker.get('1')?.jobs).toBe('on');
      expect(byWorker.get('2')?.jobs).toBe('off');
      const held = [...byWorker.values()];
      // On connect each stream hears the current position.
      await until(() => held.every((s) => s.positions.length > 0), 'the first pokes');
      const before = Math.max(...held.flatMap((s) => s.positions));

      const outbox = new TestOutbox(studio.ownerId, systemClock);
      const pushed = await request(`${base}/v1/push`, {
        token,
        body: { mutations: [outbox.next('note.add', { memberId: studio.ownerId, note: 'Hi' })] },
      });
      expect(pushed.status).toBe(200);
      expect(pushResponseSchema.parse(pushed.json).results[0]?.outcome).toBe('applied');
      // The stream on the worker that did not apply the push hears it through NOTIFY.
      const other = byWorker.get(pushed.worker === '1' ? '2' : '1');
      expect(pushed.worker).toMatch(/^[12]$/);
      await until(
        () => (other?.positions ?? []).some((p) => p > before),
        'a poke on the other worker',
      );
    } finally {
      for (const stream of streams) stream.close();
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code, served.stderr()).toBe(0);
    }
    for (const pid of listening.pids) expect(alive(pid)).toBe(false);
  });

  it('refuses --workers above 1 on PGlite, which lives in one process, opening nothing', async () => {
    const dataDir = path.join(tmpdir(), `studio-serve-workers-${randomUUID()}`);
    const result = await serverctl({}, 'serve', '--port', '0', '--workers', '2', '--data', dataDir);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^serverctl: --workers 2 needs Postgres \(DATABASE_URL\)/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('runs one process on PGlite when --workers is left out', () => {
    const settings = { port: 0, host: '127.0.0.1', publicUrl: 'http://127.0.0.1', quiet: true };
    const pglite = { kind: 'pglite' } as CliDatabase;
    const postgres = { kind: 'postgres' } as CliDatabase;
    const common = { ...settings, json: false, billEveryMinutes: 0, seriesEveryHours: 0 };
    expect(workerCount(common, pglite)).toBe(1);
    expect(workerCount({ ...common, workers: 1 }, pglite)).toBe(1);
    expect(() => workerCount({ ...common, workers: 3 }, pglite)).toThrow(/needs Postgres/);
    // On Postgres, the core count unless told.
    expect(workerCount(common, postgres)).toBe(availableParallelism());
    expect(workerCount({ ...common, workers: 3 }, postgres)).toBe(3);
  });

  it('refuses bad --workers and --pool values as bad usage, opening nothing', async () => {
    for (const value of ['0', '-1', 'abc', '1.5', '257']) {
      const result = await serverctl(made.env, 'serve', '--port', '0', '--workers', value);
      expect(result.code, value).toBe(2);
      expect(result.err, value).toMatch(/^serverctl: .*--workers/);
    }
    const pool = await serverctl(made.env, 'serve', '--port', '0', '--pool', '0');
    expect(pool.code).toBe(2);
    expect(pool.err).toMatch(/^serverctl: --pool must be a whole number from 1 to 100/);
  });

  /**
   * `serve --workers 1` in this process on `env`: a desk enrolled through it hears the push
   * it applies, so both the pool and the LISTEN connection work.
   */
  async function servesOneDesk(env: Record<string, string>): Promise<string> {
    let stop: () => void = () => undefined;
    const shutdown = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const out: string[] = [];
    const err: string[] = [];
    let listened: (address: string) => void = () => undefined;
    const listening = new Promise<string>((resolve) => {
      listened = resolve;
    });
    const io: CliIo = {
      env,
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      shutdown,
      onListening: (address) => {
        listened(address);
      },
    };
    const exited = runServerctl(['serve', '--port', '0', '--quiet', '--workers', '1'], io);
    const base = await Promise.race([
      listening,
      exited.then((code) => Promise.reject(new Error(`serve exited ${code}: ${err.join()}`))),
    ]);
    try {
      const studio = await createStudio(made.database.db, systemClock);
      const token = await enrol(base, made, studio);
      const stream = await openStream(base, token);
      try {
        await until(() => stream.positions.length > 0, 'the first poke');
        const outbox = new TestOutbox(studio.ownerId, systemClock);
        for (const note of ['one', 'two', 'three']) {
          const pushed = await request(`${base}/v1/push`, {
            token,
            body: { mutations: [outbox.next('note.add', { memberId: studio.ownerId, note })] },
          });
          expect(pushResponseSchema.parse(pushed.json).results[0]?.outcome).toBe('applied');
          // No worker header when serve is one process.
          expect(pushed.worker).toBeUndefined();
        }
        const first = stream.positions[0] ?? 0;
        await until(() => stream.positions.some((p) => p > first), 'a poke after the pushes');
      } finally {
        stream.close();
      }
    } finally {
      stop();
      expect(await exited).toBe(0);
    }
    return out.join('\n');
  }

  it('serves over a Unix socket URL of the postgres://user@/db?host=/dir form', async () => {
    const socketUrl = await unixSocketUrl(made.env['DATABASE_URL'] ?? '');
    const printed = await servesOneDesk({ DATABASE_URL: socketUrl });
    expect(printed).toMatch(/Postgres \(socket \/.+\)/);
  });

  it('serves through pgbouncer in transaction mode, unprepared, LISTENing directly', async () => {
    const direct = made.env['DATABASE_URL'] ?? '';
    const parsed = new URL(direct);
    const pgbouncer = await startPgbouncer({
      postgresHost: parsed.hostname,
      postgresPort: Number(parsed.port || '5432'),
      user: parsed.username || 'postgres',
      // One server connection: every transaction shares it, so a statement prepared by one
      // client connection would meet another's, and LISTEN through it would hear nothing.
      poolSize: 1,
    });
    try {
      const printed = await servesOneDesk({
        DATABASE_URL: pgbouncer.urlFor(parsed.pathname.slice(1)),
        DATABASE_DIRECT_URL: direct,
      });
      expect(printed).toContain(`through 127.0.0.1:${String(pgbouncer.port)}`);
    } finally {
      await pgbouncer.stop();
    }
  });
});

/** The test database's URL over the Postgres server's Unix socket. */
async function unixSocketUrl(tcpUrl: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: tcpUrl });
  await client.connect();
  try {
    const shown = await client.query<{ unix_socket_directories: string }>(
      'show unix_socket_directories',
    );
    const dir = shown.rows[0]?.unix_socket_directories.split(',')[0]?.trim() ?? '';
    const url = new URL(tcpUrl);
    return `postgres://${url.username || 'postgres'}@${url.pathname}?host=${dir}`;
  } finally {
    await client.end();
  }
}
