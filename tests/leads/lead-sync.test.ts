import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { serverBackends } from '../server/support/server-harness';
import {
  addClass,
  createTwoDeskStudio,
  sameEverywhere,
  syncInTurn,
  type TwoDeskStudio,
} from '../sync/merge-world';

/**
 * R18.2 and R18.4 through sync: two desks change one lead while offline. Fields merge one
 * by one (the last to reach the server wins a field both changed), and a conversion is
 * never undone: a later "lost" applies nothing, and two conversions make one member.
 */
describe.each(serverBackends)('leads changed at two offline desks on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
  });
  afterAll(() => studio.world.dispose());

  const capture = async (name: string) => {
    const { deskA, actorA } = studio;
    const done = await runDeskMutation(deskA, actorA, 'lead.capture', {
      name,
      phone: '555-0150',
      source: 'walk_in',
    });
    const { leadId } = done.result as { leadId: string };
    await syncInTurn(studio, [deskA, deskB()]);
    return leadId;
  };
  const deskB = () => studio.deskB;
  const LEAD_COLUMNS = [
    'name',
    'email',
    'phone',
    'source',
    'status',
    'lost_reason',
    'converted_member_id',
  ] as const;
  const leadAt = (desk: Desk | 'server', leadId: string) =>
    desk === 'server'
      ? studio.world.database.db
          .selectFrom('leads')
          .select(LEAD_COLUMNS)
          .where('id', '=', leadId)
          .executeTakeFirstOrThrow()
      : desk.db
          .selectFrom('leads')
          .select(LEAD_COLUMNS)
          .where('id', '=', leadId)
          .executeTakeFirstOrThrow();
  const expectSameEverywhere = async (leadId: string) => {
    const onServer = await leadAt('server', leadId);
    expect(await leadAt(studio.deskA, leadId)).toEqual(onServer);
    expect(await leadAt(studio.deskB, leadId)).toEqual(onServer);
    const same = await sameEverywhere(studio);
    expect([same.mismatchedA, same.mismatchedB]).toEqual([[], []]);
    return onServer;
  };

  it('R18.2 fields changed at two desks both stand; of one field the last to arrive wins', async () => {
    const { deskA, deskB, actorA, actorB } = studio;
    const leadId = await capture('Jo');
    await runDeskMutation(deskA, actorA, 'lead.update', {
      leadId,
      phone: '555-0151',
      name: 'Jo A',
    });
    await runDeskMutation(deskB, actorB, 'lead.update', {
      leadId,
      email: 'jo@example.com',
      source: 'referral',
      name: 'Jo B',
    });
    await runDeskMutation(deskB, actorB, 'lead.addNote', { leadId, note: 'Asked about prices' });
    await syncInTurn(studio, [deskA, deskB, deskA, deskB]);
    expect(await expectSameEverywhere(leadId)).toMatchObject({
      name: 'Jo B',
      phone: '555-0151',
      email: 'jo@example.com',
      source: 'referral',
      status: 'new',
    });
    const notes = await deskA.db
      .selectFrom('lead_notes')
      .select('note')
      .where('lead_id', '=', leadId)
      .execute();
    expect(notes).toEqual([{ note: 'Asked about prices' }]);
  });

  it('R18.4 a conversion stands against a "lost" from another desk, whichever arrives first', async () => {
    const { deskA, deskB, actorA, actorB } = studio;
    for (const lostFirst of [true, false]) {
      const leadId = await capture(lostFirst ? 'Kai' : 'Lu');
      await runDeskMutation(deskA, actorA, 'lead.convert', {
        leadId,
        firstName: 'New',
        lastName: 'Member',
      });
      await runDeskMutation(deskB, actorB, 'lead.markLost', { leadId, reason: 'No reply' });
      await syncInTurn(studio, lostFirst ? [deskB, deskA, deskB] : [deskA, deskB, deskA]);
      const standing = await expectSameEverywhere(leadId);
      expect(standing).toMatchObject({ status: 'converted', lost_reason: null });
      expect(standing.converted_member_id).not.toBeNull();
    }
  });

  it('R18.4 two desks converting one lead offline make one member', async () => {
    const { deskA, deskB, actorA, actorB, world } = studio;
    const classId = await addClass(studio, 'Trial Flow', 4);
    const leadId = await capture('Mo');
    await runDeskMutation(deskA, actorA, 'lead.bookTrial', { leadId, classId });
    await runDeskMutation(deskA, actorA, 'lead.convert', {
      leadId,
      firstName: 'Mo',
      lastName: 'A',
    });
    await runDeskMutation(deskB, actorB, 'lead.convert', {
      leadId,
      firstName: 'Mo',
      lastName: 'B',
    });
    await syncInTurn(studio, [deskA, deskB, deskA, deskB]);
    const standing = await expectSameEverywhere(leadId);
    const members = await world.database.db
      .selectFrom('tenant_members')
      .select(['id', 'profile'])
      .where('id', '=', standing.converted_member_id ?? '')
      .execute();
    expect(members.map((m) => (JSON.parse(m.profile) as { lastName: string }).lastName)).toEqual([
      'A',
    ]);
    const trial = await world.database.db
      .selectFrom('leads')
      .select('trial_class_id')
      .where('id', '=', leadId)
      .executeTakeFirstOrThrow();
    expect(trial.trial_class_id).toBe(classId);
  });
});
