import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { deskStatus } from '../../src-main/sync/sync-status';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { createHttpTransport } from '../../src-main/sync/sync-transport';
import { PROTOCOL_VERSION } from '../../src-shared/protocol/sync-messages';
import { serverBackends, startServer } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from './sync-harness';

/**
 * PROTOCOL.md R3.9 at the desk: a desk offline across a server upgrade that no longer runs
 * its version is told to update. Its changes are neither acknowledged nor refused: they stay
 * pending, the status says why, and they go through once both sides speak one version.
 */
describe.each(serverBackends)('a desk older than its server on %s', (backend) => {
  let world: SyncWorld;
  let upgraded: FastifyInstance;
  let upgradedUrl: string;

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    // The same database behind a server of the next version, which needs desks of it.
    const next = PROTOCOL_VERSION + 1;
    upgraded = await startServer(world.database, world.clock, {
      protocolVersions: { oldest: next, newest: next },
    });
    upgradedUrl = await upgraded.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await upgraded.close();
    await world.dispose();
  });

  const outbox = (desk: Desk) =>
    desk.db.selectFrom('desk_outbox').select(['seq', 'status']).orderBy('seq').execute();

  it('R3.9 keeps its outbox pending with a clear error, then sends it once the versions meet', async () => {
    const desk = await world.enrollNewDesk('Front desk');
    const actor = await signInStaff(desk, { email: world.ownerEmail }, '1234');
    await runDeskMutation(desk, actor, 'member.create', {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann.lee@example.com',
    });
    await runDeskMutation(desk, actor, 'drawer.open', { openingFloat: 10_000 });

    const token = desk.identity?.deviceToken ?? '';
    const toUpgraded = createHttpTransport(upgradedUrl, () => token);
    await expect(syncOnce(desk, toUpgraded)).rejects.toMatchObject({
      status: 426,
      code: 'protocol_unsupported',
    });
    const status = await deskStatus(desk);
    expect(status.pending).toBe(2);
    expect(status.problems).toEqual([]);
    expect(status.allSynced).toBe(false);
    expect(status.lastError).toMatch(
      new RegExp(`speaks sync protocol version ${PROTOCOL_VERSION}.*Update the desk app`),
    );
    expect(await outbox(desk)).toEqual([
      { seq: 1, status: 'pending' },
      { seq: 2, status: 'pending' },
    ]);

    // Both sides speak one version again (the desk app, here the server, was updated).
    const report = await syncOnce(desk, world.transport(desk));
    expect(report).toMatchObject({ pushed: 2, refused: 0 });
    const after = await deskStatus(desk);
    expect(after).toMatchObject({ pending: 0, lastError: null, problems: [] });
    expect(await outbox(desk)).toEqual([
      { seq: 1, status: 'applied' },
      { seq: 2, status: 'applied' },
    ]);
  });
});
