// The sync server in a process of its own, so the desks of a benchmark do not share its
// event loop and its memory is measured alone. Started by bench/sync-server-process.ts;
// speaks to it over the fork IPC channel: it sends `{ url }` once listening, answers
// `memory` with its memory usage, and closes on `stop`.
import pg from 'pg';
import type { Database } from '../src-shared/schema/catalog';
import { createSyncServer, groupCommitStats } from '../sync-server/http/create-sync-server';
import { openServerDatabase } from '../sync-server/db/open-server-database';
import { parentMessageSchema, serverChildConfigSchema } from './sync-server-messages';

// Every statement the server sends is one client.query: counted here, in the bench only, so
// B5 can report statements and round trips per push. A statement sent while an earlier one
// on its connection still awaits its answer shares that round trip (pipeline mode).
let statements = 0;
let roundTrips = 0;
const awaitingAnswers = new WeakMap<pg.Client, number>();
const sendQuery = Reflect.get(pg.Client.prototype, 'query') as (...args: unknown[]) => unknown;
Reflect.set(pg.Client.prototype, 'query', function (this: pg.Client, ...args: unknown[]) {
  statements++;
  const awaiting = awaitingAnswers.get(this) ?? 0;
  if (awaiting === 0) roundTrips++;
  awaitingAnswers.set(this, awaiting + 1);
  const answered = () => awaitingAnswers.set(this, (awaitingAnswers.get(this) ?? 1) - 1);
  const sent = Reflect.apply(sendQuery, this, args);
  if (sent instanceof Promise) sent.then(answered, answered);
  else answered();
  return sent;
});

const config = serverChildConfigSchema.parse(JSON.parse(process.env['BENCH_SERVER_CONFIG'] ?? ''));
const database = await openServerDatabase<Database>({
  kind: 'postgres',
  connectionString: config.databaseUrl,
  maxConnections: config.maxConnections,
  ...(config.preparedStatements === undefined
    ? {}
    : { preparedStatements: config.preparedStatements }),
  // BENCH_PIPELINED_WRITES=0: every insert awaited, for A/B runs.
  ...(process.env['BENCH_PIPELINED_WRITES'] === '0' ? { pipelinedWrites: false } : {}),
});
const relaxed = { burst: 1_000_000, perSecond: 100_000 };
const app = await createSyncServer({
  db: database.db,
  // As `serverctl serve` on Postgres: commits poke desks through LISTEN/NOTIFY.
  listenConnectionString: config.listenUrl ?? config.databaseUrl,
  enrollRateLimit: relaxed,
  ...(config.defaultDeviceLimits ? {} : { deviceRateLimit: relaxed }),
  // BENCH_GROUP_COMMIT=0: a transaction per push, for A/B runs against group commit.
  ...(process.env['BENCH_GROUP_COMMIT'] === '0' ? { groupCommit: false } : {}),
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });

const send = (message: unknown) => process.send?.(message);
process.on('message', (raw: unknown) => {
  const message = parentMessageSchema.parse(raw);
  if (message.type === 'memory') {
    const usage = process.memoryUsage();
    send({ type: 'memory', rss: usage.rss, heapUsed: usage.heapUsed });
    return;
  }
  if (message.type === 'work') {
    const cpu = process.cpuUsage();
    const groups = groupCommitStats(app);
    send({
      type: 'work',
      statements,
      roundTrips,
      cpuMicros: cpu.user + cpu.system,
      groups: groups?.groups ?? 0,
      groupedPushes: groups?.members ?? 0,
    });
    return;
  }
  void app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
// The bench process went away without a stop: do not linger.
process.on('disconnect', () => process.exit(0));
send({ type: 'listening', url });
