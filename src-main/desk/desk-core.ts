import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { systemClock, type Clock } from '../../src-shared/time/clock';
import { openDeskDatabase } from '../desk-db/open-desk-database';
import { deskMigrations } from './desk-migrations';
import type { DeskDatabase } from './desk-tables';
import { readDeviceIdentity, type DeviceIdentity } from './device-identity';

/**
 * An open desk: its database, where it keeps its files, the time source, and the identity
 * it got at enrolment (undefined until it enrols). Passed explicitly to every desk function.
 */
export interface Desk {
  readonly dataDir: string;
  readonly db: Kysely<DeskDatabase>;
  readonly sqlite: BetterSqlite3.Database;
  readonly clock: Clock;
  readonly randomBytes: (length: number) => Uint8Array;
  identity: DeviceIdentity | undefined;
  /** Called after a mutation commits, so the sync engine can push without waiting. */
  onLocalChange: () => void;
  close(): Promise<void>;
}

export interface OpenDeskOptions {
  readonly dataDir: string;
  readonly clock?: Clock;
}

export const DESK_DATABASE_FILE = 'desk.sqlite';

/** Opens (creating if needed) the desk in `dataDir` and brings its schema up to date. */
export async function openDesk(options: OpenDeskOptions): Promise<Desk> {
  mkdirSync(options.dataDir, { recursive: true });
  const opened = openDeskDatabase<DeskDatabase>(join(options.dataDir, DESK_DATABASE_FILE));
  await runMigrations({ db: opened.db, dialect: 'sqlite', migrations: sharedMigrations });
  await runMigrations({
    db: opened.db,
    dialect: 'sqlite',
    migrations: deskMigrations,
    tableName: 'desk_schema_migrations',
  });
  return {
    dataDir: options.dataDir,
    db: opened.db,
    sqlite: opened.sqlite,
    clock: options.clock ?? systemClock,
    randomBytes: (length) => randomBytes(length),
    identity: readDeviceIdentity(options.dataDir),
    onLocalChange: () => undefined,
    close: () => opened.close(),
  };
}

/** The enrolled identity, or a clear error for commands that need one. */
export function requireIdentity(desk: Desk): DeviceIdentity {
  if (!desk.identity) {
    throw new Error('this desk is not enrolled yet: run `deskctl enroll --server URL --code CODE`');
  }
  return desk.identity;
}
