// `npm run demo`: the product on its embedded defaults. Starts the sync server on PGlite with
// the demo studio (Harbor Yoga), enrols a desk beside it, syncs it and keeps both running so
// deskctl (or, later, the desk app) works against real sync. Data lives in .data/demo.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDesk } from '../src-main/store/open-desk';
import { enrollDesk } from '../src-main/sync/enrollment';
import { syncOnce } from '../src-main/sync/sync-engine';
import { startLiveSync } from '../src-main/sync/live-sync';
import { createHttpTransport } from '../src-main/sync/sync-transport';
import { createDemoTenant } from '../sync-server/admin/demo-admin';
import { createEnrollmentCode } from '../sync-server/admin/device-admin';
import { openCliDatabase } from '../sync-server/cli/cli-database';
import { migrateServerDatabase } from '../sync-server/db/migrate-server-database';
import { createSyncServer } from '../sync-server/http/create-sync-server';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '.data/demo' },
    port: { type: 'string', default: '4700' },
  },
  strict: true,
});
const dataDir = resolve(values.data);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`run-demo: --port must be a TCP port, got ${values.port}`);
  process.exit(2);
}

const server = await openCliDatabase({}, join(dataDir, 'server'));
await migrateServerDatabase(server.db);
const demo = await createDemoTenant({ db: server.db });
const app = await createSyncServer({ db: server.db });
const url = await app.listen({ host: '127.0.0.1', port });
console.log(`Sync server on ${url} (${server.where}); demo studio ${demo.slug}.`);

const deskDir = join(dataDir, 'desk');
const freshDesk = !existsSync(join(deskDir, 'device.json'));
const desk = await openDesk({ dataDir: deskDir });
if (freshDesk) {
  const { code } = await createEnrollmentCode({ db: server.db }, { tenantId: demo.tenantId });
  await enrollDesk(desk, url, code, 'Demo front desk');
}
const identity = desk.identity;
if (!identity) throw new Error('the demo desk has no identity');
// A desk enrolled in an earlier run may remember another port.
const transport = createHttpTransport(url, () => identity.deviceToken);
await syncOnce(desk, transport, {
  onProgress: (p) => process.stdout.write(`\r${p.phase}: ${p.done}/${p.total}   `),
});
const live = startLiveSync(desk, transport);
const staff = demo.staff.map((s) => `    ${s.email} (${s.roles.join(', ')})`).join('\n');
console.log(`
Demo desk ready in ${deskDir}. Staff PIN is 1234${staff ? `:\n${staff}` : ''}
Try:
  npx tsx src-main/cli/deskctl.ts --data ${deskDir} status
  npx tsx src-main/cli/deskctl.ts --data ${deskDir} login --email <staff email> --pin 1234
  npx tsx src-main/cli/deskctl.ts --data ${deskDir} query member.find --json '{"text":"a"}'
Stop with Ctrl-C.`);

await new Promise<void>((done) => {
  process.once('SIGINT', done);
  process.once('SIGTERM', done);
});
await live.stop();
await desk.close();
await app.close();
await server.close();
