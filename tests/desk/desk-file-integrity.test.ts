// A desk file must pass `pragma integrity_check` in Debian 12's own sqlite3 (3.40), the
// tool a support engineer reaches for, and must hold none of the server-only columns (R4.6).
import { spawnSync } from 'node:child_process';
import { SYSTEM_SQLITE } from '../support/sqlite3-global-setup';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDeskDatabase } from '../../src-main/store/open-desk-database';
import { DESK_DATABASE_FILE, openDesk, type Desk } from '../../src-main/store/open-desk';
import { deskMigrations } from '../../src-main/store/desk-migrations';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';

const FIRST_FIXING_MIGRATION = '20261203160000_forget_stripe_ids';
const AT = '2026-11-26T12:00:00.000Z';
const ids = {
  tenant: '01900000-0000-7000-8000-00000000000a',
  user: '01900000-0000-7000-8000-0000000000b1',
  member: '01900000-0000-7000-8000-0000000000c1',
  plan: '01900000-0000-7000-8000-0000000000d1',
  subscription: '01900000-0000-7000-8000-0000000000e1',
};

/** What Debian 12's sqlite3 says of a file's integrity: `ok`, or the problems it found. */
function systemIntegrityCheck(file: string): string {
  if (!existsSync(SYSTEM_SQLITE)) {
    throw new Error(
      `${SYSTEM_SQLITE} is missing: install Debian's sqlite3 with \`sudo apt-get install -y sqlite3\``,
    );
  }
  const result = spawnSync(SYSTEM_SQLITE, [file, 'pragma integrity_check'], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.trim();
}

const tenantsSql = (desk: Desk) =>
  (
    desk.sqlite
      .prepare(`select sql from sqlite_schema where type = 'table' and name = 'tenants'`)
      .get() as { sql: string }
  ).sql;

describe.each(serverBackends)('a desk enrolled with a studio on %s', (backend) => {
  let world: SyncWorld;

  beforeAll(async () => {
    world = await createSyncWorld(backend);
  });

  afterAll(() => world.dispose());

  it('R4.6 never holds the Stripe account id, and sqlite3 3.40 finds its file sound', async () => {
    await sql`update tenants set stripe_account_id = 'acct_server_only'
      where id = ${world.studio.tenantId}`.execute(world.database.db);
    const desk = await world.enrollNewDesk('Front desk');
    const tenant = await desk.db
      .selectFrom('tenants')
      .select(['name', 'stripe_account_id', 'mailchimp_credentials'])
      .executeTakeFirstOrThrow();
    // The NULL credentials are what older SQLite's json_valid(NULL) = 0 tripped over.
    expect(tenant).toEqual({
      name: 'Harbor Yoga',
      stripe_account_id: null,
      mailchimp_credentials: null,
    });
    await desk.close();
    expect(systemIntegrityCheck(join(desk.dataDir, DESK_DATABASE_FILE))).toBe('ok');
  });
});

describe('a SQLite file with only the shared migrations (as generate-demo-data writes it)', () => {
  it('passes sqlite3 3.40’s integrity_check with NULL in its nullable JSON columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-desk-shared-only-'));
    try {
      const file = join(dir, DESK_DATABASE_FILE);
      const opened = openDeskDatabase<unknown>(file);
      await runMigrations({ db: opened.db, dialect: 'sqlite', migrations: sharedMigrations });
      opened.sqlite
        .exec(`insert into tenants (id, slug, name, settings, currency, status, created_at)
        values ('${ids.tenant}', 'harbor', 'Harbor Yoga', '{}', 'USD', 'active', '${AT}')`);
      await opened.close();
      expect(systemIntegrityCheck(file)).toBe('ok');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** tenants as the DDL builder wrote it before 2026-12-03, copied from a desk file of then. */
const OLD_TENANTS_SQL = [
  'CREATE TABLE "tenants" ("id" text not null',
  '"slug" text not null',
  '"name" text not null',
  '"settings" text not null',
  '"stripe_account_id" text',
  '"currency" text not null',
  '"status" text not null',
  '"mailchimp_credentials" text',
  '"zapier_credentials" text',
  '"google_credentials" text',
  '"slack_credentials" text',
  '"created_at" text not null',
  'constraint "pk_tenants" primary key ("id")',
  'constraint "ck_tenants_id" check (length("id") = 36)',
  'constraint "ck_tenants_settings" check (json_valid("settings"))',
  `constraint "ck_tenants_status" check ("status" in ('active', 'trial', 'suspended', 'closed'))`,
  'constraint "ck_tenants_mailchimp_credentials" check (json_valid("mailchimp_credentials"))',
  'constraint "ck_tenants_zapier_credentials" check (json_valid("zapier_credentials"))',
  'constraint "ck_tenants_google_credentials" check (json_valid("google_credentials"))',
  'constraint "ck_tenants_slack_credentials" check (json_valid("slack_credentials"))',
  `constraint "ck_tenants_created_at" check ("created_at" glob '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z'))`,
].join(', ');

/**
 * A desk file as the code before these migrations left it: every earlier migration applied,
 * tenants with the old CHECKs, and Stripe ids pulled before they became server-only.
 */
async function writeOldDeskFile(dataDir: string): Promise<void> {
  const opened = openDeskDatabase<unknown>(join(dataDir, DESK_DATABASE_FILE));
  const { db, sqlite } = opened;
  await runMigrations({ db, dialect: 'sqlite', migrations: sharedMigrations });
  await runMigrations({
    db,
    dialect: 'sqlite',
    migrations: deskMigrations.filter((m) => m.name < FIRST_FIXING_MIGRATION),
    tableName: 'desk_schema_migrations',
  });
  const indexes = sqlite
    .prepare(
      `select sql from sqlite_schema where type = 'index' and tbl_name = 'tenants'
      and sql is not null`,
    )
    .all() as { sql: string }[];
  // tenants is still empty, so swapping its definition loses nothing.
  sqlite.pragma('foreign_keys = OFF');
  sqlite.exec('drop table tenants');
  sqlite.exec(OLD_TENANTS_SQL);
  for (const index of indexes) sqlite.exec(index.sql);
  sqlite.pragma('foreign_keys = ON');
  sqlite.exec(`
    insert into tenants (id, slug, name, settings, stripe_account_id, currency, status, created_at)
      values ('${ids.tenant}', 'harbor', 'Harbor Yoga', '{}', 'acct_pulled_long_ago', 'USD', 'active', '${AT}');
    insert into users (id, email, profile, role, is_system_admin, created_at)
      values ('${ids.user}', 'ann@example.com', '{}', 'user', 0, '${AT}');
    insert into tenant_members (id, tenant_id, user_id, profile, status, created_at, updated_at)
      values ('${ids.member}', '${ids.tenant}', '${ids.user}', '{}', 'active', '${AT}', '${AT}');
    insert into membership_plans (id, tenant_id, name, price, interval, vod_enabled, active, created_at)
      values ('${ids.plan}', '${ids.tenant}', 'Unlimited', 12000, 'month', 0, 1, '${AT}');
    insert into subscriptions (id, tenant_id, user_id, member_id, plan_id, status,
        current_period_start, current_period_end, stripe_subscription_id, created_at)
      values ('${ids.subscription}', '${ids.tenant}', '${ids.user}', '${ids.member}', '${ids.plan}',
        'active', '${AT}', '${AT}', 'sub_pulled_long_ago', '${AT}');
  `);
  await opened.close();
}

describe('a desk file written before the nullable JSON CHECKs and server-only Stripe ids', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-desk-old-file-'));
    dirs.push(dir);
    return dir;
  };

  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('fails sqlite3 3.40’s integrity_check until openDesk migrates it, then passes', async () => {
    const dataDir = newDir();
    await writeOldDeskFile(dataDir);
    const file = join(dataDir, DESK_DATABASE_FILE);
    expect(systemIntegrityCheck(file)).toMatch(/CHECK constraint failed in tenants/);

    const desk = await openDesk({ dataDir });
    const fresh = await openDesk({ dataDir: newDir() });
    try {
      // The same table definition a desk created today has, byte for byte.
      expect(tenantsSql(desk)).toBe(tenantsSql(fresh));
      expect(desk.sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(desk.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      // The edited CHECK is the one in force: NULL passes, broken JSON still does not.
      const setCredentials = (value: string | null) =>
        desk.db.updateTable('tenants').set({ mailchimp_credentials: value }).execute();
      await expect(setCredentials('{oops')).rejects.toThrow(/CHECK constraint failed/);
      await setCredentials(null);
      // Defensive mode is back on once the migrations are done.
      desk.sqlite.pragma('writable_schema = ON');
      expect(desk.sqlite.pragma('writable_schema', { simple: true })).toBe(0);
      const kept = await desk.db
        .selectFrom('tenants')
        .innerJoin('subscriptions', 'subscriptions.tenant_id', 'tenants.id')
        .select([
          'tenants.name',
          'stripe_account_id',
          'stripe_subscription_id',
          'subscriptions.status',
        ])
        .execute();
      // The rows stay; only the server-only values are gone.
      expect(kept).toEqual([
        {
          name: 'Harbor Yoga',
          stripe_account_id: null,
          stripe_subscription_id: null,
          status: 'active',
        },
      ]);
    } finally {
      await desk.close();
      await fresh.close();
    }
    expect(systemIntegrityCheck(file)).toBe('ok');
    // Opening again finds nothing left to do.
    const reopened = await openDesk({ dataDir });
    await reopened.close();
    expect(systemIntegrityCheck(file)).toBe('ok');
  });
});
