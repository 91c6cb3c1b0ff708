import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { systemClock } from '../../../src-shared/time/clock';
import { createEnrollmentCode } from '../../../sync-server/admin/device-admin';
import { inTenantTransaction } from '../../../sync-server/db/tenant-transaction';
import type { SyncServerOptions } from '../../../sync-server/http/create-sync-server';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  type ServerBackend,
  type TestDatabaseHandle,
  type TestStudio,
} from '../../server/support/server-harness';
import {
  hostCall,
  openFreshDesk,
  signInWithPin,
  type E2eDesk,
  type FreshDesk,
} from './e2e-harness';

/** Retries `check` until it stops throwing: sync rounds take their time on a busy machine. */
export async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (failure) {
      if (Date.now() > deadline) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * A studio's sync server that a test can take down and bring back. It comes back on the port
 * it first listened on: a desk enrolled with it keeps that address and must find it again.
 */
export interface RestartableServer {
  /** Starts the server (again); resolves with its address. */
  start(): Promise<string>;
  /** Takes it down, if it is up: desks see the studio's server unreachable. */
  stop(): Promise<void>;
  /** The address it listens on once started (a member's link points there too). */
  url(): string;
}

export function restartableServer(
  database: TestDatabaseHandle,
  options: Partial<SyncServerOptions> = {},
): RestartableServer {
  let running: FastifyInstance | undefined;
  let port = 0;
  let address: string | undefined;
  return {
    start: async () => {
      if (running) throw new Error('the server is already up');
      running = await startServer(database, systemClock, options);
      const url = await running.listen({ host: '127.0.0.1', port });
      port = Number(new URL(url).port);
      address = url;
      return url;
    },
    stop: async () => {
      const server = running;
      running = undefined;
      await server?.close();
    },
    url: () => {
      if (address === undefined) throw new Error('the server has not been started');
      return address;
    },
  };
}

/**
 * Enrols the desk open at its first-run screen in `page` with the studio's server, as staff
 * do with a code from the console; resolves when the desk says it joined.
 */
export async function joinStudio(
  page: Page,
  join: {
    readonly database: TestDatabaseHandle;
    readonly tenantId: string;
    readonly serverUrl: string;
    readonly studioName: string;
    readonly deskName?: string | undefined;
  },
): Promise<void> {
  const { code } = await createEnrollmentCode(
    { db: join.database.db, clock: systemClock },
    { tenantId: join.tenantId },
  );
  const form = page.getByRole('form', { name: 'Connect to a studio' });
  await form.getByLabel('Server address').fill(join.serverUrl);
  await form.getByLabel('Enrolment code').fill(code);
  await form.getByLabel('Desk name').fill(join.deskName ?? 'Front desk');
  await form.getByRole('button', { name: 'Connect' }).click();
  await page.getByText(`This desk joined ${join.studioName}.`).waitFor();
}

export interface StudioServerOptions {
  /** PGlite unless a test needs what only Postgres does (another process's NOTIFY). */
  readonly backend?: ServerBackend;
  /**
   * On Postgres: the server LISTENs, so commits from another connection (`serverctl`, as a
   * separate process would) poke its desks (R5.1).
   */
  readonly hearOtherConnections?: boolean;
}

/** A fresh database with one studio (owner Olive Owner, PIN 1234) and its sync server. */
export interface StudioOnServer {
  readonly database: TestDatabaseHandle;
  readonly studio: TestStudio;
  readonly studioName: string;
  /** Not started: {@link StudioOnServer.enrolAndSignIn} starts it. */
  readonly server: RestartableServer;
  /** A fresh desk at its first-run screen in Chromium (at `viewport`), closed with the studio. */
  openDesk(viewport?: Parameters<typeof openFreshDesk>[0]): Promise<FreshDesk>;
  /**
   * Starts the server, enrols the desk open in `page` with it (as "Front desk" unless named),
   * signs `staffName` in and waits until the desk has nothing left to sync.
   */
  enrolAndSignIn(page: Page, staffName: string, deskName?: string): Promise<void>;
  onServer<T>(work: Parameters<typeof inTenantTransaction<T>>[2]): Promise<T>;
  /** Closes the desks it opened, stops the server and drops the database. */
  close(): Promise<void>;
}

export async function openStudioOnServer(
  studioName: string,
  options: StudioServerOptions = {},
): Promise<StudioOnServer> {
  const database = await openMigratedDatabase(options.backend ?? 'pglite');
  const studio = await createStudio(database.db, systemClock, studioName);
  const listen = options.hearOtherConnections === true ? database.url : undefined;
  const server = restartableServer(
    database,
    listen === undefined ? {} : { listenConnectionString: listen },
  );
  const desks: FreshDesk[] = [];
  return {
    database,
    studio,
    studioName,
    server,
    openDesk: async (viewport) => {
      const desk = await openFreshDesk(viewport);
      desks.push(desk);
      return desk;
    },
    enrolAndSignIn: async (page, staffName, deskName) => {
      const serverUrl = await server.start();
      await joinStudio(page, {
        database,
        tenantId: studio.tenantId,
        serverUrl,
        studioName,
        deskName,
      });
      await signInWithPin(page, staffName);
      await page.getByLabel('Not yet synced: 0').waitFor();
    },
    onServer: (work) => inTenantTransaction(database.db, studio.tenantId, work),
    close: async () => {
      for (const desk of desks) await desk.close();
      await server.stop();
      await database.dispose();
    },
  };
}

/** A studio on a real sync server, one enrolled desk in Chromium, the owner signed in there. */
export interface OwnerDesk extends StudioOnServer {
  readonly desk: E2eDesk;
  readonly browser: Browser;
  readonly page: Page;
  mutate<T = unknown>(name: string, args: unknown): Promise<T>;
}

/** Opens the server and the desk, enrols the desk as "Front desk" and signs Olive Owner in. */
export async function openOwnerDesk(
  studioName: string,
  options: StudioServerOptions = {},
): Promise<OwnerDesk> {
  const world = await openStudioOnServer(studioName, options);
  const { desk, browser, page } = await world.openDesk();
  await world.enrolAndSignIn(page, 'Olive Owner');
  return {
    ...world,
    desk,
    browser,
    page,
    mutate: async <T>(name: string, args: unknown) =>
      (await hostCall<{ result: T }>(desk.desk, 'desk.mutate', { name, args })).result,
  };
}
