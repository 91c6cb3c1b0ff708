import type { DemoServerProgress } from '../../src-shared/protocol/demo-server-wire';
import { createDemoTenant, DEMO_NAME, DEMO_PIN } from '../admin/demo-admin';
import { createEnrollmentCode } from '../admin/device-admin';
import { openCliDatabase } from '../cli/cli-database';
import { migrateServerDatabase } from '../db/migrate-server-database';
import { createSyncServer } from '../http/create-sync-server';

/** The demo studio's server on embedded defaults (PGlite in a folder), for the desk app. */
export interface DemoServer {
  readonly url: string;
  readonly port: number;
  readonly tenantName: string;
  readonly staffPin: string;
  /** A one-time code that enrols a desk with the demo studio. */
  createEnrollmentCode(): Promise<string>;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** Where PGlite keeps the server's data; reopened (not re-seeded) on later launches. */
  readonly dataDir: string;
  /** 0 picks a free port; a desk enrolled earlier passes the port it remembers. */
  readonly port: number;
  /** Hears how far the first start has come in creating the demo studio. */
  readonly onProgress?: (progress: DemoServerProgress) => void;
}

/** Starts (or restarts) the demo server; the demo studio is created on the first start. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const database = await openCliDatabase({}, options.dataDir);
  try {
    await migrateServerDatabase(database.db);
    const demo = await createDemoTenant(
      { db: database.db },
      options.onProgress ? { onProgress: options.onProgress } : {},
    );
    const app = await createSyncServer({ db: database.db });
    const url = await app.listen({ host: '127.0.0.1', port: options.port });
    return {
      url,
      port: Number(new URL(url).port),
      tenantName: DEMO_NAME,
      staffPin: DEMO_PIN,
      createEnrollmentCode: async () =>
        (await createEnrollmentCode({ db: database.db }, { tenantId: demo.tenantId })).code,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
