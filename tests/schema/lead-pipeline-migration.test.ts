import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { seedStudio } from '../front-desk/front-desk-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

const AT = '2026-11-20T10:00:00.000Z';
const LEAD_PIPELINE = '20261206120000_lead_pipeline';
const LEAD_ID = '01900000-0000-7000-8000-00000000e001';

const upTo = (name: string) =>
  sharedMigrations.slice(0, sharedMigrations.findIndex((m) => m.name === name) + 1);
const before = sharedMigrations.slice(
  0,
  sharedMigrations.findIndex((m) => m.name === LEAD_PIPELINE),
);

describe.each(['sqlite', 'postgres'] as const)('the lead pipeline migration on %s', (backend) => {
  let database: TestDatabase<Database> | undefined;
  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  it('keeps the leads already there, makes e-mail optional and adds the pipeline’s columns and notes', async () => {
    database = await createTestDatabase<Database>(backend);
    const { db, dialect } = database;
    await runMigrations({ db, dialect, migrations: before });
    const studio = await seedStudio(db);
    // A lead as the demo generator wrote it before the pipeline: e-mail required.
    const oldLead = {
      id: LEAD_ID,
      tenant_id: studio.tenantId,
      email: 'old.lead@example.com',
      name: 'Old Lead',
      phone: null,
      source: 'instagram',
      status: 'contacted',
      converted_member_id: null,
      created_at: AT,
    } as const;
    await db.insertInto('leads').values(oldLead).execute();

    await runMigrations({ db, dialect, migrations: upTo(LEAD_PIPELINE) });

    const tables = await db.introspection.getTables();
    const leads = tables.find((t) => t.name === 'leads');
    const nullable = (name: string) => leads?.columns.find((c) => c.name === name)?.isNullable;
    expect(
      ['email', 'source_detail', 'trial_class_id', 'lost_reason', 'created_by'].map(nullable),
    ).toEqual([true, true, true, true, true]);
    expect(tables.some((t) => t.name === 'lead_notes')).toBe(true);
    expect(await db.selectFrom('leads').selectAll().execute()).toEqual([
      {
        ...oldLead,
        source_detail: null,
        trial_class_id: null,
        trial_booked_at: null,
        lost_reason: null,
        converted_at: null,
        created_by: null,
        updated_at: null,
      },
    ]);
    // Every migration after it still runs on the tables it leaves, and a phone-only lead fits.
    await runMigrations({ db, dialect, migrations: sharedMigrations });
    await db.updateTable('leads').set({ email: null, phone: '555-0100' }).execute();
    // A trial must name a class of the studio.
    await expect(
      db
        .updateTable('leads')
        .set({ trial_class_id: '01900000-0000-7000-8000-00000000e0ff' })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
  });
});
