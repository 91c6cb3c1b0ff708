import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, type Database } from '../../src-shared/schema/catalog';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import type { TableSpec } from '../../src-shared/schema/table-spec';
import { syncedTables } from '../../src-shared/sync/synced-tables';
import { migrateServerDatabase } from '../../sync-server/db/migrate-server-database';
import { serverMigrations } from '../../sync-server/db/migrations';
import { capturedTables } from '../../sync-server/db/migrations/20261127090200_change_capture/captured-tables';
import { sharedTenantTables } from '../../sync-server/db/migrations/20261127090300_row_level_security/policy-sql';
import {
  mergedOperationsCapturedTables,
  mergedOperationsTenantTables,
} from '../../sync-server/db/migrations/20261203161600_merged_operations';
import {
  studioConsoleCapturedTables,
  studioConsoleTenantTables,
} from '../../sync-server/db/migrations/20261203200100_studio_console';
import {
  memberPhotosCapturedTables,
  memberPhotosTenantTables,
} from '../../sync-server/db/migrations/20261204080100_member_photos';
import {
  appointmentsCapturedTables,
  appointmentsTenantTables,
} from '../../sync-server/db/migrations/20261204081600_appointments';
import {
  membershipChangesCapturedTables,
  membershipChangesTenantTables,
} from '../../sync-server/db/migrations/20261204090100_membership_changes';
import {
  subscriptionBillingCapturedTables,
  subscriptionBillingTenantTables,
} from '../../sync-server/db/migrations/20261204091100_subscription_billing';
import {
  bookingFeesCapturedTables,
  bookingFeesTenantTables,
} from '../../sync-server/db/migrations/20261204120100_booking_fees';
import {
  savedCardsCapturedTables,
  savedCardsTenantTables,
} from '../../sync-server/db/migrations/20261204121100_saved_cards';
import {
  cardPayoutsCapturedTables,
  cardPayoutsTenantTables,
} from '../../sync-server/db/migrations/20261205110100_card_payouts';
import {
  leadPipelineCapturedTables,
  leadPipelineTenantTables,
} from '../../sync-server/db/migrations/20261206120100_lead_pipeline';
import {
  chatMessagesCapturedTables,
  chatMessagesTenantTables,
} from '../../sync-server/db/migrations/20261206160100_chat_messages';
import { serverSchemaProblems } from '../../sync-server/db/schema-readiness';
import { createSyncServer } from '../../sync-server/http/create-sync-server';
import { createPostgresDatabase, type TestDatabase } from '../support/test-databases';

const NAME_PATTERN = /^\d{14}_[a-z0-9_]+$/;

describe('the server migrations', () => {
  it('are named <UTC yyyymmddHHMMSS>_<what>, in strictly ascending order, the first after the shared schema it builds on', () => {
    const names = serverMigrations.map((m) => m.name);
    for (const name of names) expect(name).toMatch(NAME_PATTERN);
    expect(names).toEqual([...new Set(names)].sort());
    // migrateServerDatabase runs every shared migration first, so a shared migration newer
    // than some server ones (20261203161500_merged_operations) still runs before them all.
    const sharedBefore = sharedMigrations.filter((m) => m.name < (names[0] ?? ''));
    expect(sharedBefore.length).toBeGreaterThan(0);
  });

  it('R4.1 capture every synced table, keyed as the catalog keys it (a catalog change needs a new migration)', () => {
    const frozen = [
      ...capturedTables,
      ...mergedOperationsCapturedTables,
      ...studioConsoleCapturedTables,
      ...memberPhotosCapturedTables,
      ...appointmentsCapturedTables,
      ...membershipChangesCapturedTables,
      ...subscriptionBillingCapturedTables,
      ...bookingFeesCapturedTables,
      ...savedCardsCapturedTables,
      ...cardPayoutsCapturedTables,
      ...leadPipelineCapturedTables,
      ...chatMessagesCapturedTables,
    ]
      .map((t) => [t.name, t.keyColumns.join(',')])
      .sort();
    const current = syncedTables.map((t) => [t.name, t.keyColumns.join(',')]).sort();
    expect(frozen).toEqual(current);
  });

  it('R7.1 put every tenant table of the catalog under its tenant policy', () => {
    const tenantTables = (Object.values(catalog) as TableSpec[])
      .filter((t) => t.scope === 'tenant')
      .map((t) => t.name)
      .sort();
    expect(
      [
        ...sharedTenantTables,
        ...mergedOperationsTenantTables,
        ...studioConsoleTenantTables,
        ...memberPhotosTenantTables,
        ...appointmentsTenantTables,
        ...membershipChangesTenantTables,
        ...subscriptionBillingTenantTables,
        ...bookingFeesTenantTables,
        ...savedCardsTenantTables,
        ...cardPayoutsTenantTables,
        ...leadPipelineTenantTables,
        ...chatMessagesTenantTables,
      ].sort(),
    ).toEqual(tenantTables);
  });
});

describe('a Postgres database', () => {
  let database: TestDatabase<Database>;

  beforeAll(async () => {
    database = await createPostgresDatabase<Database>();
  });

  afterAll(async () => {
    await database.dispose();
  });

  it('R7.1 with only the shared migrations is refused by the server, naming what is missing', async () => {
    await runMigrations({ db: database.db, dialect: 'postgres', migrations: sharedMigrations });
    expect(await serverSchemaProblems(database.db)).toEqual([
      `migrations not applied: ${serverMigrations.map((m) => m.name).join(', ')}`,
    ]);
    await expect(createSyncServer({ db: database.db })).rejects.toThrow(/serverctl migrate/);
  });

  it('is ready once migrated, and migrating again changes nothing', async () => {
    await migrateServerDatabase(database.db);
    expect(await serverSchemaProblems(database.db)).toEqual([]);
    await migrateServerDatabase(database.db);
    expect(await serverSchemaProblems(database.db)).toEqual([]);
  });
});
