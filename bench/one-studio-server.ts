import type { EnrollResponse } from '../src-shared/protocol/sync-messages';
import { enrollDevice } from '../src-main/sync/sync-transport';
import { createEnrollmentCode } from '../sync-server/admin/device-admin';
import { addStaff } from '../sync-server/admin/staff-admin';
import { createTenant } from '../sync-server/admin/tenant-admin';
import { createBenchDatabase, type BenchDatabase } from './bench-postgres';
import { startSyncServerProcess, type SyncServerProcess } from './sync-server-process';

/** A sync server in its own process over a fresh bench database holding one studio. */
export interface OneStudioServer {
  readonly database: BenchDatabase;
  readonly server: SyncServerProcess;
  /** The studio's owner, the actor of the simulated desks' sales. */
  readonly ownerId: string;
  /** Enrols a desk as B5 enrols its desks, with a code of its own. */
  enrol(deskName: string): Promise<EnrollResponse>;
  /** Stops the server and drops the database. */
  dispose(): Promise<void>;
}

/**
 * The set-up of the one-desk-at-a-time measurements (push-statements, pull-statements): one
 * studio with its owner, on a server with B5's pool and no device rate limits.
 */
export async function startOneStudioServer(studio: {
  readonly name: string;
  readonly slug: string;
}): Promise<OneStudioServer> {
  const database = await createBenchDatabase();
  let server: SyncServerProcess | undefined;
  try {
    const started = await startSyncServerProcess({
      databaseUrl: database.url,
      maxConnections: 10,
      defaultDeviceLimits: false,
    });
    server = started;
    const { tenantId } = await createTenant(
      { db: database.db },
      { name: studio.name, slug: studio.slug, currency: 'USD' },
    );
    const owner = await addStaff(
      { db: database.db },
      {
        tenantId,
        email: `owner@${studio.slug}.example.com`,
        firstName: 'Olive',
        lastName: 'Owner',
        role: 'owner',
        pin: '1234',
      },
      // A cheap scrypt: the owner's PIN is never checked here.
      { N: 2 ** 10, r: 8, p: 1, keyLength: 32 },
    );
    return {
      database,
      server: started,
      ownerId: owner.memberId,
      enrol: async (deskName) => {
        const { code } = await createEnrollmentCode({ db: database.db }, { tenantId });
        return enrollDevice(started.url, { code, deviceName: deskName });
      },
      dispose: async () => {
        await started.stop();
        await database.dispose();
      },
    };
  } catch (error) {
    // Set-up failed half way: nothing may outlive it, neither the child process nor the database.
    await server?.stop();
    await database.dispose();
    throw error;
  }
}
