import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { insertPerson, seedStudio } from '../front-desk/front-desk-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

const AT = '2026-11-20T10:00:00.000Z';
const LEAD_FOLLOW_UP = '20261207090000_lead_follow_up';
const AUTOMATION_ID = '01900000-0000-7000-8000-00000000a001';
const LOG_ID = '01900000-0000-7000-8000-00000000a002';
const PUSH_LOG_ID = '01900000-0000-7000-8000-00000000a003';
const LEAD_ID = '01900000-0000-7000-8000-00000000a004';

const at = sharedMigrations.findIndex((m) => m.name === LEAD_FOLLOW_UP);

describe.each(['sqlite', 'postgres'] as const)('the lead follow-up migration on %s', (backend) => {
  let database: TestDatabase<Database> | undefined;
  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  it('keeps the automation and push logs already there, lets a log name a lead instead of a user, once per period', async () => {
    database = await createTestDatabase<Database>(backend);
    const { db, dialect } = database;
    await runMigrations({ db, dialect, migrations: sharedMigrations.slice(0, at) });
    const studio = await seedStudio(db);
    const member = await insertPerson(db, {
      tenantId: studio.tenantId,
      firstName: 'Ada',
      role: 'student',
      at: AT,
      newId: () => crypto.randomUUID(),
    });
    await db
      .insertInto('marketing_automations')
      .values({
        id: AUTOMATION_ID,
        tenant_id: studio.tenantId,
        trigger_event: 'member_created',
        subject: 'Welcome',
        body: 'Hi',
        is_enabled: 1,
        channels: '["email","push"]',
        settings: null,
        created_at: AT,
      })
      .execute();
    // A member's welcome as the automations job logged it before leads could be written to.
    const oldLog = {
      id: LOG_ID,
      tenant_id: studio.tenantId,
      automation_id: AUTOMATION_ID,
      user_id: member.userId,
      channel: 'push',
      triggered_at: AT,
      metadata: JSON.stringify({ memberId: member.memberId }),
      period_key: 'once',
      status: 'sent',
      sent_at: AT,
      error: null,
    } as const;
    await db.insertInto('automation_logs').values(oldLog).execute();
    const oldPush = {
      id: PUSH_LOG_ID,
      tenant_id: studio.tenantId,
      user_id: member.userId,
      title: 'Welcome',
      body: 'Hi',
      sent_at: AT,
      status: 'sent',
      error: null,
      automation_log_id: LOG_ID,
    } as const;
    await db.insertInto('push_logs').values(oldPush).execute();
    await db
      .insertInto('leads')
      .values({
        id: LEAD_ID,
        tenant_id: studio.tenantId,
        email: 'lead@example.com',
        name: 'Lee Lead',
        phone: null,
        source: 'website',
        status: 'trial',
        converted_member_id: null,
        created_at: AT,
      })
      .execute();

    await runMigrations({ db, dialect, migrations: sharedMigrations.slice(0, at + 1) });

    // Postgres keeps the metadata as jsonb, which spaces it its own way.
    const logs = await db.selectFrom('automation_logs').selectAll().execute();
    expect(logs.map((l) => ({ ...l, metadata: JSON.parse(l.metadata) as unknown }))).toEqual([
      { ...oldLog, metadata: { memberId: member.memberId }, lead_id: null },
    ]);
    expect(await db.selectFrom('push_logs').selectAll().execute()).toEqual([oldPush]);
    const lead = await db.selectFrom('leads').selectAll().executeTakeFirstOrThrow();
    expect(lead.messages_opt_out_at).toBeNull();
    const logColumns = (await db.introspection.getTables())
      .find((t) => t.name === 'automation_logs')
      ?.columns.filter((c) => ['user_id', 'lead_id'].includes(c.name))
      .map((c) => [c.name, c.isNullable]);
    expect(logColumns?.sort()).toEqual([
      ['lead_id', true],
      ['user_id', true],
    ]);

    // A lead's send: no user; a second claim of the same occurrence is refused.
    const leadLog = {
      ...oldLog,
      id: '01900000-0000-7000-8000-00000000a005',
      user_id: null,
      lead_id: LEAD_ID,
      channel: 'email',
      period_key: 'trial:some-class',
    };
    await db.insertInto('automation_logs').values(leadLog).execute();
    await expect(
      db
        .insertInto('automation_logs')
        .values({ ...leadLog, id: '01900000-0000-7000-8000-00000000a006' })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
    // The lead must be one of the studio's.
    await expect(
      db
        .insertInto('automation_logs')
        .values({
          ...leadLog,
          id: '01900000-0000-7000-8000-00000000a007',
          lead_id: '01900000-0000-7000-8000-00000000a0ff',
        })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
    // Every migration after it still runs on the tables it leaves.
    await runMigrations({ db, dialect, migrations: sharedMigrations });
    expect(await db.selectFrom('push_logs').selectAll().execute()).toEqual([oldPush]);
  });
});
