import { afterEach, describe, expect, it } from 'vitest';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import type { SchemaMigration } from '../../src-shared/schema/schema-migration';
import { hashMigration, readLandedMigrations } from '../support/migration-files';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

const NAME_PATTERN = /^\d{14}_[a-z0-9_]+$/;

describe('the shared migration history', () => {
  it('names every migration <UTC yyyymmddHHMMSS>_<what>, in strictly ascending order', () => {
    const names = sharedMigrations.map((m) => m.name);
    for (const name of names) expect(name).toMatch(NAME_PATTERN);
    expect(names).toEqual([...new Set(names)].sort());
  });

  it('keeps every landed migration, unedited, in its place', () => {
    const landed = readLandedMigrations();
    expect(sharedMigrations.slice(0, landed.length).map((m) => m.name)).toEqual(
      landed.map((m) => m.name),
    );
    for (const migration of landed)
      expect(hashMigration(migration.name), migration.name).toBe(migration.sha256);
  });

  it('adds new migrations only after the last landed one (run `npx tsx scripts/lock-migrations.ts`)', () => {
    const landed = readLandedMigrations();
    const last = landed.at(-1)?.name ?? '';
    const unlocked = sharedMigrations.slice(landed.length);
    for (const migration of unlocked) expect(migration.name > last, migration.name).toBe(true);
  });
});

describe('runMigrations', () => {
  let database: TestDatabase<unknown> | undefined;
  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  const marker = (name: string): SchemaMigration => ({
    name,
    up: async ({ db }) => {
      await db.schema.createTable(`marker_${name}`).addColumn('id', 'integer').execute();
    },
  });

  it.each(['sqlite', 'postgres'] as const)(
    'refuses on %s a migration that sorts before one already applied',
    async (backend) => {
      database = await createTestDatabase<unknown>(backend);
      const { db, dialect } = database;
      await runMigrations({
        db,
        dialect,
        migrations: [marker('20260101000000_a'), marker('20260301000000_c')],
      });
      const late = [
        marker('20260101000000_a'),
        marker('20260201000000_b'),
        marker('20260301000000_c'),
      ];
      await expect(runMigrations({ db, dialect, migrations: late })).rejects.toThrow(
        /20260201000000_b/,
      );
      const tables = await db.introspection.getTables();
      expect(tables.map((t) => t.name)).not.toContain('marker_20260201000000_b');
    },
  );

  it('applies only what is pending, so running twice changes nothing', async () => {
    database = await createTestDatabase<unknown>('sqlite');
    const { db, dialect } = database;
    const first = await runMigrations({ db, dialect, migrations: sharedMigrations });
    const second = await runMigrations({ db, dialect, migrations: sharedMigrations });
    expect(first.results?.map((r) => r.status)).toEqual(sharedMigrations.map(() => 'Success'));
    expect(second.results).toEqual([]);
  });

  it('rolls a failing migration back whole and names it', async () => {
    database = await createTestDatabase<unknown>('postgres');
    const { db, dialect } = database;
    const broken: SchemaMigration = {
      name: '20260101000000_broken',
      up: async ({ db: tx }) => {
        await tx.schema.createTable('half_done').addColumn('id', 'integer').execute();
        await tx.schema.createTable('half_done').addColumn('id', 'integer').execute();
      },
    };
    await expect(runMigrations({ db, dialect, migrations: [broken] })).rejects.toThrow(
      /20260101000000_broken/,
    );
    const tables = await db.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain('half_done');
  });
});
