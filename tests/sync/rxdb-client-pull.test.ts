import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema } from '../../src-shared/protocol/sync-messages';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from './sync-harness';

interface MemberDocument {
  id: string;
  status: string;
  barcode: string | null;
  profile: string;
}

const memberSchema = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 36 },
    status: { type: 'string' },
    barcode: { type: ['string', 'null'] },
    profile: { type: 'string' },
  },
  required: ['id'],
} as const;

/**
 * RxDB's own replication client reads our pull endpoint through a thin handler: the
 * protocol's checkpoint (a position) and tombstones map straight onto RxDB's (R4.2).
 */
async function replicateMembers(
  world: SyncWorld,
  token: string,
  collection: RxCollection<MemberDocument>,
) {
  const replication = replicateRxCollection<MemberDocument, { position: number }>({
    collection,
    replicationIdentifier: `studio-members-${world.studio.slug}`,
    live: false,
    pull: {
      batchSize: 2,
      handler: async (checkpoint, batchSize) => {
        const query = new URLSearchParams({
          after: String(checkpoint?.position ?? 0),
          limit: String(batchSize),
          table: 'tenant_members',
        });
        const response = await fetch(`${world.url}/v1/pull?${query.toString()}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const page = pullResponseSchema.parse(await response.json());
        return {
          checkpoint: { position: page.position },
          documents: page.changes.map((change) =>
            change.op === 'upsert'
              ? {
                  id: String(change.row['id']),
                  status: String(change.row['status']),
                  barcode: change.row['barcode'] === null ? null : String(change.row['barcode']),
                  profile: String(change.row['profile']),
                  _deleted: false,
                }
              : {
                  id: String(change.key['id']),
                  status: '',
                  barcode: null,
                  profile: '',
                  _deleted: true,
                },
          ),
        };
      },
    },
  });
  await replication.awaitInitialReplication();
  await replication.cancel();
}

describe.each(serverBackends)('RxDB replication client against the server on %s', (backend) => {
  let world: SyncWorld;
  let desk: Desk;
  let rxdb: RxDatabase;

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    desk = await world.enrollNewDesk('Front desk');
    const ownerId = await signInStaff(desk, { email: world.ownerEmail }, '1234');
    for (let n = 1; n <= 5; n++) {
      await runDeskMutation(desk, ownerId, 'member.create', {
        firstName: `Kiosk${n}`,
        lastName: 'Member',
        email: `kiosk${n}@example.com`,
        barcode: `K-${1000 + n}`,
      });
    }
    await syncOnce(desk, world.transport(desk));
    rxdb = await createRxDatabase({
      name: `kiosk${backend}${Date.now()}`,
      storage: getRxStorageMemory(),
    });
    await rxdb.addCollections({ members: { schema: memberSchema } });
  });

  afterAll(async () => {
    await rxdb.close();
    await world.dispose();
  });

  it('R4.2 pulls every member of the tenant, page by page, with replicateRxCollection', async () => {
    const token = desk.identity?.deviceToken ?? '';
    const collection = rxdb.collections['members'] as RxCollection<MemberDocument>;
    await replicateMembers(world, token, collection);
    const pulled = await collection.find().exec();
    const local = await desk.db
      .selectFrom('tenant_members')
      .select(['id', 'barcode'])
      .orderBy('id')
      .execute();
    expect(
      pulled
        .map((doc) => ({ id: doc.id, barcode: doc.barcode }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(local);
    expect(local).toHaveLength(6);
  });

  it('R4.2 R7.2 refuses a table filter that names no synced table', async () => {
    const response = await fetch(`${world.url}/v1/pull?after=0&limit=10&table=platform_config`, {
      headers: { authorization: `Bearer ${desk.identity?.deviceToken ?? ''}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_query' });
  });
});
