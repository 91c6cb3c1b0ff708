import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { seedStudio } from '../front-desk/front-desk-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

const AT = '2026-11-20T10:00:00.000Z';
const CHAT_MESSAGES = '20261206160000_chat_messages';
const ROOM_ID = '01900000-0000-7000-8000-00000000c001';

const at = sharedMigrations.findIndex((m) => m.name === CHAT_MESSAGES);

describe.each(['sqlite', 'postgres'] as const)('the chat messages migration on %s', (backend) => {
  let database: TestDatabase<Database> | undefined;
  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  it('keeps the rooms already there, adds their new columns empty, and the message tables', async () => {
    database = await createTestDatabase<Database>(backend);
    const { db, dialect } = database;
    await runMigrations({ db, dialect, migrations: sharedMigrations.slice(0, at) });
    const studio = await seedStudio(db);
    // A room as the demo generator wrote it before messages.
    const oldRoom = {
      id: ROOM_ID,
      tenant_id: studio.tenantId,
      type: 'support',
      name: 'Help: Maya',
      status: 'open',
      assigned_to_id: null,
      created_at: AT,
    } as const;
    await db.insertInto('chat_rooms').values(oldRoom).execute();

    await runMigrations({ db, dialect, migrations: sharedMigrations.slice(0, at + 1) });

    const tables = (await db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['chat_messages', 'chat_reads']));
    expect(await db.selectFrom('chat_rooms').selectAll().execute()).toEqual([
      { ...oldRoom, member_id: null, location_id: null, created_by: null, updated_at: null },
    ]);
  });
});
