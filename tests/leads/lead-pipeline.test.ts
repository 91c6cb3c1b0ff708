import { describe, expect, it } from 'vitest';
import type { LeadHistory } from '../../src-shared/queries/leads/lead-history';
import type { LeadSummary } from '../../src-shared/queries/leads/lead-queries';
import type { TrialClass } from '../../src-shared/queries/leads/trial-class-queries';
import {
  BACKENDS,
  NOW,
  minutesAfterNow,
  resultOf,
  useSeededStudio,
} from '../front-desk/front-desk-harness';
import { reviewItems } from '../front-desk/ledger-invariants';
import { leadFootprint } from './lead-test-support';

interface Captured {
  readonly leadId: string;
}
interface Applied {
  readonly leadId: string;
  readonly applied: boolean;
}
interface Converted extends Applied {
  readonly memberId: string | null;
}

/** Issue 20: the lead pipeline at the desk, on the desk's database and the server's (R18). */
describe.each(BACKENDS)('leads on %s (issue 20, R18)', (backend) => {
  const studio = useSeededStudio(backend);

  const capture = async (args: Record<string, unknown>) =>
    resultOf<Captured>(await studio.run('lead.capture', { source: 'walk_in', ...args })).leadId;
  const detail = async (leadId: string) => {
    const { lead } = await studio.query<{ lead: LeadHistory | null }>('lead.detail', { leadId });
    if (lead === null) throw new Error(`lead ${leadId} is not there`);
    return lead;
  };
  const list = async (args: Record<string, unknown> = {}) =>
    (await studio.query<{ leads: LeadSummary[] }>('lead.list', args)).leads;

  it('R18.1 takes a lead with a name and a phone, trimmed, and lists it as new', async () => {
    const leadId = await capture({
      name: '  Priya Shah ',
      phone: ' (512) 555-0199 ',
      source: 'phone',
      note: ' Wants evening classes ',
    });
    const lead = await detail(leadId);
    expect(lead).toMatchObject({
      name: 'Priya Shah',
      email: null,
      phone: '(512) 555-0199',
      source: 'phone',
      status: 'new',
      takenBy: 'Frida Tester',
      createdAt: NOW,
    });
    expect(lead.notes.map((n) => [n.note, n.authorName])).toEqual([
      ['Wants evening classes', 'Frida Tester'],
    ]);
    expect((await list({ status: 'new' })).map((l) => l.leadId)).toEqual([leadId]);
    expect((await list({ search: '555 0199' })).map((l) => l.leadId)).toEqual([leadId]);
    expect((await list({ search: 'PRIYA' })).map((l) => l.leadId)).toEqual([leadId]);
    expect(await list({ search: 'nobody' })).toEqual([]);
  });

  it('R18.1 stores an e-mail lower-case and keeps free text beside the source', async () => {
    const leadId = await capture({
      name: 'Leo',
      email: ' Leo@Example.COM ',
      source: 'other',
      sourceDetail: ' Flyer at the cafe ',
    });
    expect(await detail(leadId)).toMatchObject({
      email: 'leo@example.com',
      phone: null,
      source: 'other',
      sourceDetail: 'Flyer at the cafe',
    });
  });

  it('R18.1 refuses a lead without a contact, a name, or with bad fields, and changes nothing', async () => {
    const before = await leadFootprint(studio);
    const bad = [
      { name: 'No Contact', source: 'walk_in' },
      { name: '   ', phone: '555-0100', source: 'walk_in' },
      { name: 'Bad Mail', email: 'not-an-email', source: 'walk_in' },
      { name: 'Bad Phone', phone: 'n/a', source: 'walk_in' },
      { name: 'Short Phone', phone: '12', source: 'walk_in' },
      { name: 'Odd Source', phone: '555-0100', source: 'carrier pigeon' },
      { name: 'Extra', phone: '555-0100', source: 'walk_in', status: 'converted' },
    ];
    for (const args of bad) expect(await studio.refused('lead.capture', args)).toBe('invalid');
    expect(
      await studio.refused(
        'lead.capture',
        { name: 'Ines', phone: '555', source: 'event' },
        { as: 'instructor' },
      ),
    ).toBe('forbidden');
    expect(await leadFootprint(studio)).toEqual(before);
  });

  it('R18.2 updates only the fields given, moves new to contacted, and keeps one contact', async () => {
    const leadId = await capture({ name: 'Ana', phone: '555-0101' });
    await studio.run(
      'lead.update',
      { leadId, email: 'ana@example.com', status: 'contacted' },
      { at: minutesAfterNow(5) },
    );
    expect(await detail(leadId)).toMatchObject({
      name: 'Ana',
      phone: '555-0101',
      email: 'ana@example.com',
      status: 'contacted',
      updatedAt: minutesAfterNow(5),
    });
    await studio.run('lead.update', { leadId, phone: null });
    expect(await studio.refused('lead.update', { leadId, email: null })).toBe('invalid');
    expect(await studio.refused('lead.update', { leadId, status: 'converted' })).toBe('invalid');
    expect(await detail(leadId)).toMatchObject({ email: 'ana@example.com', phone: null });
  });

  it('R18.2 notes are rows, newest first, with their author', async () => {
    const leadId = await capture({ name: 'Ben', phone: '555-0102' });
    await studio.run(
      'lead.addNote',
      { leadId, note: 'Called, no answer' },
      { at: minutesAfterNow(1) },
    );
    await studio.run(
      'lead.addNote',
      { leadId, note: 'Called back' },
      { at: minutesAfterNow(2), as: 'manager' },
    );
    expect(await studio.refused('lead.addNote', { leadId, note: '  ' })).toBe('invalid');
    expect((await detail(leadId)).notes.map((n) => [n.note, n.authorName])).toEqual([
      ['Called back', 'Manny Tester'],
      ['Called, no answer', 'Frida Tester'],
    ]);
  });

  it('R18.3 books a trial in a class with room, and refuses a full, started or cancelled class', async () => {
    const first = await capture({ name: 'Cara', phone: '555-0103' });
    const second = await capture({ name: 'Dev', phone: '555-0104' });
    const third = await capture({ name: 'Eve', phone: '555-0105' });
    const trials = async () =>
      (await studio.query<{ classes: TrialClass[] }>('lead.trialClasses', { now: NOW })).classes;
    expect((await trials()).map((c) => [c.classId, c.taken])).toEqual([[studio.classId, 0]]);

    await studio.run('booking.book', {
      classId: studio.classId,
      memberId: studio.memberId,
      paidBy: { method: 'free', reason: 'guest' },
    });
    const booked = resultOf<Applied>(
      await studio.run('lead.bookTrial', { leadId: first, classId: studio.classId }),
    );
    expect(booked.applied).toBe(true);
    expect(await detail(first)).toMatchObject({
      status: 'trial',
      trial: {
        classId: studio.classId,
        title: 'Vinyasa Flow',
        bookedAt: NOW,
        classStatus: 'scheduled',
      },
    });
    // One booking and one trial fill a class of two.
    expect(await trials()).toEqual([]);
    expect(
      await studio.refused('lead.bookTrial', { leadId: second, classId: studio.classId }),
    ).toBe('rule');
    // Re-booking the same lead into the class it holds is not counted against itself.
    expect(
      resultOf<Applied>(
        await studio.run('lead.bookTrial', { leadId: first, classId: studio.classId }),
      ).applied,
    ).toBe(true);

    expect(
      await studio.refused(
        'lead.bookTrial',
        { leadId: third, classId: studio.classId },
        { at: '2026-12-02T18:05:00.000Z' },
      ),
    ).toBe('rule');
    await studio.db
      .updateTable('classes')
      .set({ status: 'cancelled' })
      .where('id', '=', studio.classId)
      .execute();
    expect(await studio.refused('lead.bookTrial', { leadId: third, classId: studio.classId })).toBe(
      'rule',
    );
    expect(await detail(third)).toMatchObject({ status: 'new', trial: null });
  });

  it('R18.3 the server keeps a trial that arrives for a full class and tells the owner', async () => {
    const leadId = await capture({ name: 'Finn', phone: '555-0106' });
    for (const memberId of [studio.memberId, studio.otherMemberId]) {
      await studio.run('booking.book', {
        classId: studio.classId,
        memberId,
        paidBy: { method: 'free', reason: 'guest' },
      });
    }
    await studio.run('lead.bookTrial', { leadId, classId: studio.classId }, { side: 'server' });
    expect((await detail(leadId)).status).toBe('trial');
    expect(await reviewItems(studio)).toEqual([
      expect.objectContaining({ kind: 'class_over_capacity', subject_id: studio.classId }),
    ]);
  });

  it('R18.4 R20.3 a lead who unsubscribed stays unsubscribed as the member it becomes', async () => {
    const quiet = await capture({ name: 'Quinn Hale', email: 'quinn@example.com' });
    const chatty = await capture({ name: 'Cora Bell', email: 'cora@example.com' });
    const optedOutAt = minutesAfterNow(5);
    await studio.db
      .updateTable('leads')
      .set({ messages_opt_out_at: optedOutAt })
      .where('id', '=', quiet)
      .execute();
    const optOutOf = async (leadId: string, firstName: string) => {
      const converted = resultOf<Converted>(
        await studio.run('lead.convert', { leadId, firstName, lastName: 'X' }),
      );
      const member = await studio.db
        .selectFrom('tenant_members')
        .select('messages_opt_out_at')
        .where('id', '=', converted.memberId ?? '')
        .executeTakeFirstOrThrow();
      return member.messages_opt_out_at;
    };
    expect(await optOutOf(quiet, 'Quinn')).toBe(optedOutAt);
    expect(await optOutOf(chatty, 'Cora')).toBeNull();
  });

  it('R18.4 converts a lead into a member through member.create’s writes, keeping its history', async () => {
    const leadId = await capture({
      name: 'Gita Rao',
      email: 'gita@example.com',
      phone: '555-0107',
      note: 'Back pain',
    });
    await studio.run('lead.bookTrial', { leadId, classId: studio.classId });
    const converted = resultOf<Converted>(
      await studio.run(
        'lead.convert',
        { leadId, firstName: 'Gita', lastName: 'Rao' },
        { at: minutesAfterNow(60) },
      ),
    );
    expect(converted.applied).toBe(true);
    const memberId = converted.memberId ?? '';
    const member = await studio.db
      .selectFrom('tenant_members')
      .innerJoin('users', 'users.id', 'tenant_members.user_id')
      .select(['tenant_members.profile', 'users.email', 'tenant_members.status'])
      .where('tenant_members.id', '=', memberId)
      .executeTakeFirstOrThrow();
    expect(member.email).toBe('gita@example.com');
    expect(JSON.parse(member.profile)).toEqual({
      firstName: 'Gita',
      lastName: 'Rao',
      email: 'gita@example.com',
      phone: '555-0107',
    });
    const roles = await studio.db
      .selectFrom('tenant_roles')
      .select('role')
      .where('member_id', '=', memberId)
      .execute();
    expect(roles).toEqual([{ role: 'student' }]);

    const history = (
      await studio.query<{ lead: LeadHistory | null }>('lead.ofMember', { memberId })
    ).lead;
    expect(history).toMatchObject({
      leadId,
      status: 'converted',
      convertedMemberId: memberId,
      convertedAt: minutesAfterNow(60),
      trial: { classId: studio.classId },
      notes: [expect.objectContaining({ note: 'Back pain' })],
    });
    // The pipeline is over: the desk refuses to change, lose, re-book or re-convert it.
    const before = await leadFootprint(studio);
    expect(await studio.refused('lead.update', { leadId, status: 'contacted' })).toBe('rule');
    expect(await studio.refused('lead.markLost', { leadId, reason: 'Moved' })).toBe('rule');
    expect(await studio.refused('lead.bookTrial', { leadId, classId: studio.classId })).toBe(
      'rule',
    );
    expect(await studio.refused('lead.convert', { leadId, firstName: 'G', lastName: 'R' })).toBe(
      'rule',
    );
    expect(await leadFootprint(studio)).toEqual(before);
    // A note is still history worth keeping.
    await studio.run('lead.addNote', { leadId, note: 'Bought a pack' });
  });

  it('R18.4 refuses at the desk a conversion whose e-mail another member holds', async () => {
    const holder = await studio.db
      .selectFrom('tenant_members')
      .innerJoin('users', 'users.id', 'tenant_members.user_id')
      .select('users.email')
      .where('tenant_members.id', '=', studio.memberId)
      .executeTakeFirstOrThrow();
    const leadId = await capture({ name: 'Maya Again', email: holder.email });
    const before = await leadFootprint(studio);
    expect(
      await studio.refused('lead.convert', { leadId, firstName: 'Maya', lastName: 'Again' }),
    ).toBe('rule');
    expect(await leadFootprint(studio)).toEqual(before);
    expect((await detail(leadId)).status).toBe('new');
  });

  it('R18.2 marks a lead lost with a reason, and a lost lead is taken up again', async () => {
    const leadId = await capture({ name: 'Hal', phone: '555-0108' });
    expect(await studio.refused('lead.markLost', { leadId, reason: ' ' })).toBe('invalid');
    await studio.run('lead.markLost', { leadId, reason: ' Chose another studio ' });
    expect(await detail(leadId)).toMatchObject({
      status: 'lost',
      lostReason: 'Chose another studio',
    });
    await studio.run('lead.update', { leadId, status: 'contacted' });
    expect(await detail(leadId)).toMatchObject({ status: 'contacted', lostReason: null });
  });

  it('R18.4 at the server a change to a converted lead applies nothing, and a second convert makes no second member', async () => {
    const leadId = await capture({ name: 'Ivy', phone: '555-0109' });
    const first = resultOf<Converted>(
      await studio.run('lead.convert', { leadId, firstName: 'Ivy', lastName: 'Lee' }),
    );
    const before = await leadFootprint(studio);
    const lost = resultOf<Applied>(
      await studio.run('lead.markLost', { leadId, reason: 'Late call' }, { side: 'server' }),
    );
    const again = resultOf<Converted>(
      await studio.run(
        'lead.convert',
        { leadId, firstName: 'Ivy', lastName: 'Other' },
        { side: 'server' },
      ),
    );
    expect([lost.applied, again.applied, again.memberId]).toEqual([false, false, first.memberId]);
    // Only the two calls' audit entries were added.
    expect(await leadFootprint(studio)).toEqual({ ...before, audit_logs: before.audit_logs + 2 });
    expect((await detail(leadId)).status).toBe('converted');
  });
});
