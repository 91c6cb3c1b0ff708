import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { systemClock, type Clock } from '../../src-shared/time/clock';
import { restoreDroppedIndexes } from './bulk-load-indexes';
import { openDeskDatabase, type CheckpointMode } from './open-desk-database';
import { createChangeEvents, type ChangeEvents } from './change-events';
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
  /** Announced after a mutation commits, so the sync engine can push without waiting. */
  readonly changes: ChangeEvents;
  close(): Promise<void>;
}

export interface OpenDeskOptions {
  readonly dataDir: string;
  readonly clock?: Clock;
  /** Benchmarks compare against `inline`, SQLite's default; the desk runs `idle`. */
  readonly checkpoint?: CheckpointMode;
}

export const DESK_DATABASE_FILE = 'desk.sqlite';

/** Opens (creating if needed) the desk in `dataDir` and brings its schema up to date. */
export async function openDesk(options: OpenDeskOptions): Promise<Desk> {
  mkdirSync(options.dataDir, { recursive: true });
  const opened = openDeskDatabase<DeskDatabase>(
    join(options.dataDir, DESK_DATABASE_FILE),
    options.checkpoint,
  );
  // A desk killed while loading its studio gets the indexes it set aside back first.
  restoreDroppedIndexes(opened.sqlite);
  await runMigrations({ db: opened.db, dialect: 'sqlite', migrations: sharedMigrations });
  // better-sqlite3's defensive mode forbids PRAGMA writable_schema, which a desk migration
  // uses to change a CHECK in place (json-checks-migration.ts explains why that route). It is
  // lifted for the desk's own migrations only and restored before anything else runs.
  opened.sqlite.unsafeMode(true);
  try {
    await runMigrations({
      db: opened.db,
      dialect: 'sqlite',
      migrations: deskMigrations,
      tableName: 'desk_schema_migrations',
    });
  } finally {
    opened.sqlite.unsafeMode(false);
  }
  return {
    dataDir: options.dataDir,
    db: opened.db,
    sqlite: opened.sqlite,
    clock: options.clock ?? systemClock,
    randomBytes: (length) => randomBytes(length),
    identity: readDeviceIdentity(options.dataDir),
    changes: createChangeEvents(),
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
