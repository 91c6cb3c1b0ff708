import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  errorResponseSchema,
  pushResponseSchema,
  seqGapResponseSchema,
  type MutationEnvelope,
} from '../../src-shared/protocol/sync-messages';
import { addStaff } from '../../sync-server/admin/staff-admin';
import {
  call,
  createStudioWithDesk,
  serverBackends,
  TEST_PIN_COST,
  TestClock,
  useMigratedServer,
  type TestDesk,
  type TestOutbox,
  type TestStudio,
} from './support/server-harness';

describe.each(serverBackends)('push on %s', (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  const setUp = () => createStudioWithDesk(server, clock);

  const push = (desk: TestDesk, mutations: readonly MutationEnvelope[]) =>
    call(server.app, 'POST', '/v1/push', { token: desk.token, body: { mutations } });

  const count = async (table: string, tenantId: string) => {
    const result = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(
      server.handle.db,
    );
    return result.rows[0]?.n ?? 0;
  };

  const addInstructor = (studio: TestStudio, emailPrefix: string) =>
    addStaff(
      { db: server.handle.db, clock },
      {
        tenantId: studio.tenantId,
        email: `${emailPrefix}-${studio.slug}@example.com`,
        firstName: 'Ian',
        lastName: 'Structor',
        role: 'instructor',
        pin: '4321',
      },
      TEST_PIN_COST,
    );

  const newMember = (outbox: TestOutbox, email: string) =>
    outbox.next('member.create', { firstName: 'Ann', lastName: 'Lee', email });

  it('R3.2 a retried batch has no second effect', async () => {
    const { studio, desk, outbox } = await setUp();
    const batch = [
      newMember(outbox, 'ann@example.com'),
      outbox.next('note.add', { memberId: studio.ownerId, note: 'Knee injury', isAlert: true }),
    ];
    const first = pushResponseSchema.parse((await push(desk, batch)).json);
    expect(first.results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect(first.lastAppliedSeq).toBe(2);

    // The response was lost: the desk sends the same batch again.
    const retry = await push(desk, batch);
    expect(retry.status).toBe(200);
    const second = pushResponseSchema.parse(retry.json);
    expect(second.results).toEqual([
      { seq: 1, outcome: 'duplicate' },
      { seq: 2, outcome: 'duplicate' },
    ]);
    expect(second.lastAppliedSeq).toBe(2);
    // The retry begins after the first push's commit: its head covers those rows.
    expect(second.position).toBeGreaterThan(first.position);
    expect(await count('tenant_members', studio.tenantId)).toBe(2);
    expect(await count('student_notes', studio.tenantId)).toBe(1);
    expect(await count('mutation_log', studio.tenantId)).toBe(2);
  });

  it('R3.2 a batch overlapping applied seqs applies only the new ones', async () => {
    const { studio, desk, outbox } = await setUp();
    const [m1, m2, m3] = [1, 2, 3].map((i) => newMember(outbox, `m${i}@example.com`));
    if (!m1 || !m2 || !m3) throw new Error('outbox');
    await push(desk, [m1, m2]);
    const response = pushResponseSchema.parse((await push(desk, [m2, m3])).json);
    expect(response.results).toEqual([
      { seq: 2, outcome: 'duplicate' },
      { seq: 3, outcome: 'applied' },
    ]);
    expect(await count('tenant_members', studio.tenantId)).toBe(4);
  });

  it('R3.2 a mutation id applied before, re-sent under a new seq, has no second effect', async () => {
    const { studio, desk, outbox } = await setUp();
    const original = newMember(outbox, 'once@example.com');
    await push(desk, [original]);
    const resent = { ...original, seq: 2 };
    const response = pushResponseSchema.parse((await push(desk, [resent])).json);
    expect(response.results).toEqual([{ seq: 2, outcome: 'duplicate' }]);
    expect(response.lastAppliedSeq).toBe(2);
    expect(await count('tenant_members', studio.tenantId)).toBe(2);
  });

  it('R3.3 a seq gap refuses the whole batch with 409 and the expected seq, changing nothing', async () => {
    const { studio, desk, outbox } = await setUp();
    await push(desk, [newMember(outbox, 'a@example.com')]);
    const skipped = newMember(outbox, 'b@example.com');
    const batch = [newMember(outbox, 'c@example.com'), newMember(outbox, 'd@example.com')];
    expect(skipped.seq).toBe(2);
    const head = await sql<{
      position: number;
    }>`select position from sync_positions where tenant_id = ${studio.tenantId}`.execute(
      server.handle.db,
    );

    const response = await push(desk, batch);
    expect(response.status).toBe(409);
    const gap = seqGapResponseSchema.parse(response.json);
    expect(gap.expected).toBe(2);
    // The desk reads refusals with the shared error schema: the seq gap must parse with it.
    expect(errorResponseSchema.parse(response.json)).toEqual(gap);
    expect(await count('tenant_members', studio.tenantId)).toBe(2);
    expect(await count('mutation_log', studio.tenantId)).toBe(1);
    const after = await sql<{
      position: number;
    }>`select position from sync_positions where tenant_id = ${studio.tenantId}`.execute(
      server.handle.db,
    );
    expect(after.rows).toEqual(head.rows);

    // Resent from the expected seq, the whole queue goes through.
    const resent = pushResponseSchema.parse((await push(desk, [skipped, ...batch])).json);
    expect(resent.lastAppliedSeq).toBe(4);
  });

  it('R3.3 a batch whose seqs do not count up by one is refused with 400', async () => {
    const { studio, desk, outbox } = await setUp();
    const a = newMember(outbox, 'a@example.com');
    newMember(outbox, 'skipped@example.com');
    const c = newMember(outbox, 'c@example.com');
    const response = await push(desk, [a, c]);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'invalid_batch' });
    expect(await count('tenant_members', studio.tenantId)).toBe(1);
  });

  it('R3.4 refused mutations are acknowledged, logged, and the queue continues', async () => {
    const { studio, desk, outbox } = await setUp();
    const batch = [
      outbox.next('member.update', {
        memberId: '01900000-0000-7000-8000-000000000000',
        firstName: 'No',
        lastName: 'Body',
        email: 'nobody@example.com',
        status: 'active',
      }),
      outbox.next('member.teleport', {}),
      outbox.next('note.add', { memberId: studio.ownerId, note: '' }),
      // A member that does not exist: the database's foreign key refuses it.
      outbox.next('note.add', { memberId: '01900000-0000-7000-8000-000000000001', note: 'Hi' }),
      outbox.next('note.add', { memberId: studio.ownerId, note: 'Still applied' }),
    ];
    const response = pushResponseSchema.parse((await push(desk, batch)).json);
    expect(response.results.map((r) => [r.seq, r.outcome, r.code])).toEqual([
      [1, 'refused', 'not_found'],
      [2, 'refused', 'unknown_mutation'],
      [3, 'refused', 'invalid'],
      [4, 'refused', 'invalid'],
      [5, 'applied', undefined],
    ]);
    for (const result of response.results.slice(0, 4)) expect(result.reason).toBeTruthy();
    expect(response.lastAppliedSeq).toBe(5);
    expect(await count('student_notes', studio.tenantId)).toBe(1);

    const log = await sql<{
      seq: number;
      outcome: string;
      code: string | null;
      reason: string | null;
    }>`
      select seq, outcome, code, reason from mutation_log
       where tenant_id = ${studio.tenantId} order by seq`.execute(server.handle.db);
    expect(log.rows.map((r) => [r.seq, r.outcome, r.code])).toEqual([
      [1, 'refused', 'not_found'],
      [2, 'refused', 'unknown_mutation'],
      [3, 'refused', 'invalid'],
      [4, 'refused', 'invalid'],
      [5, 'applied', null],
    ]);
    const next = pushResponseSchema.parse(
      (await push(desk, [outbox.next('note.add', { memberId: studio.ownerId, note: 'Next' })]))
        .json,
    );
    expect(next.results).toEqual([{ seq: 6, outcome: 'applied' }]);
  });

  it('R1.4 an actor without a fitting role on the server is refused as forbidden', async () => {
    const { studio, desk, outbox } = await setUp();
    const instructor = await addInstructor(studio, 'teacher');
    const created = pushResponseSchema.parse(
      (await push(desk, [newMember(outbox, 'student@example.com')])).json,
    );
    expect(created.results[0]?.outcome).toBe('applied');
    const student = await sql<{ member_id: string }>`select member_id from tenant_roles
      where tenant_id = ${studio.tenantId} and role = 'student'`.execute(server.handle.db);
    const studentId = student.rows[0]?.member_id ?? '';

    const note = outbox.next(
      'note.add',
      { memberId: studentId, note: 'ok for instructors' },
      instructor.memberId,
    );
    const batch = [
      note,
      // Instructors may add notes but not delete them.
      outbox.next('note.delete', { noteId: note.id }, instructor.memberId),
      // A student is no staff member; an unknown id is nobody.
      outbox.next('note.add', { memberId: studentId, note: 'self' }, studentId),
      outbox.next(
        'note.add',
        { memberId: studentId, note: 'ghost' },
        '01900000-0000-7000-8000-0000000000ff',
      ),
    ];
    const response = pushResponseSchema.parse((await push(desk, batch)).json);
    expect(response.results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', undefined],
      ['refused', 'forbidden'],
      ['refused', 'forbidden'],
      ['refused', 'forbidden'],
    ]);
    expect(await count('student_notes', studio.tenantId)).toBe(1);
  });

  it('R1.4 a staff member made inactive earlier in a batch is refused later in it', async () => {
    const { studio, desk, outbox } = await setUp();
    const instructor = await addInstructor(studio, 'leaving');
    const note = (text: string) =>
      outbox.next('note.add', { memberId: studio.ownerId, note: text }, instructor.memberId);
    const batch = [
      note('before'),
      outbox.next('member.update', {
        memberId: instructor.memberId,
        firstName: 'Ian',
        lastName: 'Structor',
        email: `leaving-${studio.slug}@example.com`,
        status: 'inactive',
      }),
      note('after'),
    ];
    const response = pushResponseSchema.parse((await push(desk, batch)).json);
    expect(response.results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', undefined],
      ['applied', undefined],
      ['refused', 'forbidden'],
    ]);
    expect(await count('student_notes', studio.tenantId)).toBe(1);
  });

  it('R3.5 the response carries the head as the push began; its rows are numbered at commit, past it', async () => {
    const { studio, desk, outbox } = await setUp();
    const head = async () =>
      (
        await sql<{
          position: number;
        }>`select position from sync_positions where tenant_id = ${studio.tenantId}`.execute(
          server.handle.db,
        )
      ).rows[0]?.position ?? 0;
    const before = await head();
    const response = pushResponseSchema.parse(
      (await push(desk, [newMember(outbox, 'p@example.com')])).json,
    );
    expect(response.position).toBe(before);
    expect(await head()).toBeGreaterThan(response.position);
  });
});
