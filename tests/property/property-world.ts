import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DESK_DATABASE_FILE, openDesk, type Desk } from '../../src-main/store/open-desk';
import { enrollDesk } from '../../src-main/sync/enrollment';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { syncOnce } from '../../src-main/sync/sync-engine';
import {
  createHttpTransport,
  SyncOfflineError,
  type SyncTransport,
} from '../../src-main/sync/sync-transport';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import type { Clock } from '../../src-shared/time/clock';
import type { PushResponse } from '../../src-shared/protocol/sync-messages';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { insertPerson } from '../front-desk/front-desk-harness';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  TestClock,
  type ServerBackend,
  type TestDatabaseHandle,
} from '../server/support/server-harness';

/** One server and database shared by every run of a property; each run gets a new tenant. */
export interface PropertyServer {
  readonly handle: TestDatabaseHandle;
  readonly app: FastifyInstance;
  readonly url: string;
  readonly clock: TestClock;
  /** A desk database with every migration applied: copying it is cheaper than migrating. */
  readonly deskTemplate: string;
  close(): Promise<void>;
}

export async function openPropertyServer(backend: ServerBackend): Promise<PropertyServer> {
  const handle = await openMigratedDatabase(backend);
  const clock = new TestClock();
  const app = await startServer(handle, clock);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const templateDir = mkdtempSync(join(tmpdir(), 'studio-desk-property-template-'));
  await (await openDesk({ dataDir: templateDir })).close();
  return {
    handle,
    app,
    url,
    clock,
    deskTemplate: join(templateDir, DESK_DATABASE_FILE),
    async close() {
      await app.close();
      await handle.dispose();
      rmSync(templateDir, { recursive: true, force: true });
    },
  };
}

/** What a run's studio sells; prices are untaxed so a sale's total is price × quantity. */
export interface Catalogue {
  readonly tenantId: string;
  readonly ownerId: string;
  readonly productId: string;
  readonly productPrice: number;
  readonly packDefinitionId: string;
  readonly packCredits: number;
  readonly packPrice: number;
  readonly memberIds: readonly string[];
  readonly classIds: readonly string[];
}

const SEEDED_AT = '2026-11-01T09:00:00.000Z';
const newSeedId = () => uuidV7(Date.parse(SEEDED_AT), (n) => randomBytes(n));

/** A fresh tenant with an owner, one product, one pack, three members and three classes. */
export async function seedCatalogue(server: PropertyServer): Promise<Catalogue> {
  const db = server.handle.db;
  const studio = await createStudio(db, server.clock, 'Property Yoga');
  const tenantId = studio.tenantId;
  const productId = newSeedId();
  await db
    .insertInto('products')
    .values({
      id: productId,
      tenant_id: tenantId,
      name: 'Water',
      price: 300,
      // Untracked stock: sales never run out, so every refusal the model sees is a money rule.
      stock_quantity: null,
      taxable: 0,
      active: 1,
      created_at: SEEDED_AT,
    })
    .execute();
  const packDefinitionId = newSeedId();
  await db
    .insertInto('class_pack_definitions')
    .values({
      id: packDefinitionId,
      tenant_id: tenantId,
      name: '2-class pack',
      credits: 2,
      price: 3000,
      validity_days: null,
      active: 1,
      created_at: SEEDED_AT,
    })
    .execute();
  const memberIds: string[] = [];
  for (const firstName of ['Maya', 'Omar', 'Sami']) {
    const { memberId } = await insertPerson(db, {
      tenantId,
      firstName,
      role: 'student',
      at: SEEDED_AT,
      newId: newSeedId,
    });
    memberIds.push(memberId);
  }
  const locationId = newSeedId();
  await db
    .insertInto('locations')
    .values({
      id: locationId,
      tenant_id: tenantId,
      name: 'Main room',
      time_zone: 'America/Chicago',
      address: null,
      created_at: SEEDED_AT,
    })
    .execute();
  const classIds: string[] = [];
  for (const [index, title] of ['Flow', 'Yin', 'Power'].entries()) {
    const classId = newSeedId();
    await db
      .insertInto('classes')
      .values({
        id: classId,
        tenant_id: tenantId,
        series_id: null,
        location_id: locationId,
        instructor_id: null,
        title,
        // Starting within the hour on the desks' (real) clock: pack check-ins fall inside the
        // studio's check-in window (issue 17 item 4) for as long as a run lasts.
        start_time: new Date(Date.now() + (30 + index * 10) * 60_000).toISOString(),
        duration_minutes: 60,
        capacity: 50,
        drop_in_price: 2000,
        status: 'scheduled',
        created_at: SEEDED_AT,
      })
      .execute();
    classIds.push(classId);
  }
  return {
    tenantId,
    ownerId: studio.ownerId,
    productId,
    productPrice: 300,
    packDefinitionId,
    packCredits: 2,
    packPrice: 3000,
    memberIds,
    classIds,
  };
}

/** One desk of a run: its core, its plain transport, and a transport that loses answers. */
export interface PropertyDesk {
  readonly name: string;
  /** Replaced when the run restores the desk's folder from a snapshot. */
  desk: Desk;
  readonly transport: SyncTransport;
  /** Delivers a push to the server, then drops the answer: the desk records no ack. */
  readonly lossyTransport: SyncTransport;
}

export interface DeskSet {
  readonly desks: readonly PropertyDesk[];
  dispose(): Promise<void>;
}

/** Called with each push the server answered but the desk never heard about. */
export type LostPushHook = (desk: Desk, response: PushResponse, sent: PushSent) => Promise<void>;
export type PushSent = Parameters<SyncTransport['push']>[0];

export function losingPushAnswers(
  desk: Desk,
  transport: SyncTransport,
  onLost: LostPushHook,
): SyncTransport {
  return {
    ...transport,
    async push(mutations) {
      const response = await transport.push(mutations);
      await onLost(desk, response, mutations);
      throw new SyncOfflineError('the push was delivered but its answer was lost');
    },
  };
}

/**
 * Enrols `count` desks with the tenant, syncs each once and opens its cash drawer (cash
 * sales go through it). Their outboxes start with that drawer.open entry.
 */
export async function openDeskSet(
  server: PropertyServer,
  catalogue: Catalogue,
  count: number,
  onLostPush: LostPushHook,
  /** The desks' clock; by default the system's. */
  clock?: Clock,
): Promise<DeskSet> {
  const opened: { desk: Desk; dir: string }[] = [];
  const desks: PropertyDesk[] = [];
  const dispose = async () => {
    for (const [index, { desk, dir }] of opened.entries()) {
      // A restored desk was reopened: close the one open now.
      await (desks[index]?.desk ?? desk).close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    for (let i = 0; i < count; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'studio-desk-property-'));
      copyFileSync(server.deskTemplate, join(dir, DESK_DATABASE_FILE));
      const desk = await openDesk({ dataDir: dir, ...(clock ? { clock } : {}) });
      opened.push({ desk, dir });
      const { code } = await createEnrollmentCode(
        { db: server.handle.db, clock: server.clock },
        { tenantId: catalogue.tenantId },
      );
      const identity = await enrollDesk(desk, server.url, code, `Desk ${i + 1}`);
      const transport = createHttpTransport(server.url, () => identity.deviceToken);
      await syncOnce(desk, transport);
      await runDeskMutation(desk, catalogue.ownerId, 'drawer.open', { openingFloat: 10_000 });
      desks.push({
        name: `Desk ${i + 1}`,
        desk,
        transport,
        lossyTransport: losingPushAnswers(desk, transport, onLostPush),
      });
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { desks, dispose };
}
