// The sync server in a process of its own, so the desks of a benchmark do not share its
// event loop and its memory is measured alone. Started by bench/sync-server-process.ts;
// speaks to it over the fork IPC channel: it sends `{ url }` once listening, answers
// `memory` with its memory usage, and closes on `stop`.
import type { Database } from '../src-shared/schema/catalog';
import { createSyncServer } from '../sync-server/http/create-sync-server';
import { openServerDatabase } from '../sync-server/db/open-server-database';
import { parentMessageSchema, serverChildConfigSchema } from './sync-server-messages';

const config = serverChildConfigSchema.parse(JSON.parse(process.env['BENCH_SERVER_CONFIG'] ?? ''));
const database = await openServerDatabase<Database>({
  kind: 'postgres',
  connectionString: config.databaseUrl,
  maxConnections: config.maxConnections,
});
const relaxed = { burst: 1_000_000, perSecond: 100_000 };
const app = await createSyncServer({
  db: database.db,
  enrollRateLimit: relaxed,
  ...(config.defaultDeviceLimits ? {} : { deviceRateLimit: relaxed }),
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
  void app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
// The bench process went away without a stop: do not linger.
process.on('disconnect', () => process.exit(0));
send({ type: 'listening', url });
