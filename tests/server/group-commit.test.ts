import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { pushResponseSchema, type MutationEnvelope } from '../../src-shared/protocol/sync-messages';
import { groupCommitStats } from '../../sync-server/http/create-sync-server';
import {
  call,
  createStudio,
  enrollDesk,
  serverBackends,
  TestClock,
  TestOutbox,
  useMigratedServer,
  type TestDesk,
  type TestStudio,
} from './support/server-harness';

/** One transaction open at a time, so concurrent pushes must queue into shared groups. */
const ONE_GROUP_AT_A_TIME = { maxMembers: 16, maxOpenGroups: 1 };
const DESKS_PER_STUDIO = 4;

interface StudioDesk {
  readonly studio: TestStudio;
  readonly desk: TestDesk;
  readonly outbox: TestOutbox;
  /** What this desk's push is built to get back, mutation by mutation. */
  readonly expected: readonly (readonly [number, string, string | undefined])[];
}

describe.each(serverBackends)('group commit on %s (issue 21)', (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock, { groupCommit: ONE_GROUP_AT_A_TIME });

  const push = (desk: TestDesk, mutations: readonly MutationEnvelope[]) =>
    call(server.app, 'POST', '/v1/push', { token: desk.token, body: { mutations } });

  const rows = async <R>(query: ReturnType<typeof sql<R>>) =>
    (await query.execute(server.handle.db)).rows;

  /** Each desk's batch: a new member, then, on every other desk, a note for nobody (refused). */
  function batchOf(entry: Omit<StudioDesk, 'expected'>, index: number): MutationEnvelope[] {
    const batch = [
      entry.outbox.next('member.create', {
        firstName: 'Gus',
        lastName: `Group${String(index)}`,
        email: `gus${String(index)}-${entry.studio.slug}@example.com`,
      }),
    ];
    if (index % 2 === 1) {
      batch.push(
        entry.outbox.next('note.add', {
          memberId: '01900000-0000-7000-8000-000000000001',
          note: 'x',
        }),
      );
    }
    batch.push(
      entry.outbox.next('note.add', { memberId: entry.studio.ownerId, note: `n${String(index)}` }),
    );
    return batch;
  }

  it('concurrent pushes of three studios share transactions, refusals and a seq gap mixed in, each answered as if alone', async () => {
    const studios = [
      await createStudio(server.handle.db, clock, 'A'),
      await createStudio(server.handle.db, clock, 'B'),
      await createStudio(server.handle.db, clock, 'C'),
    ];
    const desks: Omit<StudioDesk, 'expected'>[] = [];
    for (const studio of studios) {
      for (let d = 0; d < DESKS_PER_STUDIO; d++) {
        const desk = await enrollDesk(
          server.app,
          server.handle.db,
          clock,
          studio.tenantId,
          `D${String(d)}`,
        );
        desks.push({ studio, desk, outbox: new TestOutbox(studio.ownerId, clock) });
      }
    }
    const before = groupCommitStats(server.app) ?? { groups: 0, members: 0, ranAlone: 0 };
    const batches = desks.map((entry, i) => batchOf(entry, i));
    // The last desk's batch starts at seq 2: a gap, refused whole with 409 inside its group.
    const gapped = batches.at(-1)?.slice(1) ?? [];
    const responses = await Promise.all(
      desks.map((entry, i) =>
        push(entry.desk, i === desks.length - 1 ? gapped : (batches[i] ?? [])),
      ),
    );

    const after = groupCommitStats(server.app);
    expect(after).toBeDefined();
    const members = (after?.members ?? 0) - before.members;
    const groups = (after?.groups ?? 0) - before.groups;
    expect(members).toBe(desks.length);
    // Twelve pushes arrived together with one transaction open at a time: on Postgres they
    // shared. PGlite has one connection, so each push's token lookup waits for the open
    // group to end and pushes arrive one by one: groups of one, the same answers.
    if (backend === 'postgres') expect(groups).toBeLessThan(members);
    else expect(groups).toBeLessThanOrEqual(members);

    for (const [i, response] of responses.entries()) {
      if (i === desks.length - 1) {
        expect(response.status).toBe(409);
        expect(response.json).toMatchObject({ error: 'seq_gap', expected: 1 });
        continue;
      }
      expect(response.status).toBe(200);
      const outcomes = pushResponseSchema
        .parse(response.json)
        .results.map((r) => [r.seq, r.outcome, r.code]);
      expect(outcomes).toEqual(
        i % 2 === 1
          ? [
              [1, 'applied', undefined],
              [2, 'refused', 'invalid'],
              [3, 'applied', undefined],
            ]
          : [
              [1, 'applied', undefined],
              [2, 'applied', undefined],
            ],
      );
    }

    for (const studio of studios) {
      const own = desks.flatMap((entry, i) =>
        entry.studio === studio && i !== desks.length - 1 ? [i] : [],
      );
      // Row-level security held per member: each studio holds its own desks' rows, no other's.
      const names = await rows(sql<{ email: string }>`
        select u.email from tenant_members m join users u on u.id = m.user_id
         where m.tenant_id = ${studio.tenantId} and u.email like 'gus%'`);
      expect(names.map((r) => r.email).sort()).toEqual(
        own.map((i) => `gus${String(i)}-${studio.slug}@example.com`).sort(),
      );
      const notes = await rows(sql<{ n: number }>`
        select count(*)::int as n from student_notes where tenant_id = ${studio.tenantId}`);
      expect(notes[0]?.n).toBe(own.length);
      // Every change numbered at commit, one after another from 1 (R4.1).
      const positions = await rows(sql<{ position: string | number | null }>`
        select position from sync_changes where tenant_id = ${studio.tenantId} order by position`);
      expect(positions.every((r) => r.position !== null)).toBe(true);
      expect(positions.map((r) => Number(r.position))).toEqual(positions.map((_, i) => i + 1));
    }

    // The refused batch changed nothing and its desk can push from seq 1 afterwards.
    const last = desks.at(-1);
    if (!last) throw new Error('no desks');
    const logged = await rows(sql<{ n: number }>`
      select count(*)::int as n from mutation_log where device_id = ${last.desk.deviceId}`);
    expect(logged[0]?.n).toBe(0);
    const retried = await push(last.desk, batches.at(-1) ?? []);
    // Desk 11 is odd: a member, a note for nobody (refused), a note.
    expect(pushResponseSchema.parse(retried.json).results.map((r) => r.outcome)).toEqual([
      'applied',
      'refused',
      'applied',
    ]);
  });

  it('a resent batch inside a group is answered duplicate and applied once (R3.2)', async () => {
    const studio = await createStudio(server.handle.db, clock, 'D');
    const desk = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId);
    const outbox = new TestOutbox(studio.ownerId, clock);
    const batch = [outbox.next('note.add', { memberId: studio.ownerId, note: 'once' })];
    // The same batch three times at once, as a desk retrying over a flaky line might.
    const responses = await Promise.all([push(desk, batch), push(desk, batch), push(desk, batch)]);
    const outcomes = responses.map((r) => pushResponseSchema.parse(r.json).results[0]?.outcome);
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
    const notes = await rows(sql<{ n: number }>`
      select count(*)::int as n from student_notes where tenant_id = ${studio.tenantId}`);
    expect(notes[0]?.n).toBe(1);
  });
});
