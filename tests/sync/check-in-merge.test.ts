import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import type { MutationResult } from '../../src-shared/bridge/desk-operations';
import { serverBackends } from '../server/support/server-harness';
import {
  addClass,
  startingSoon,
  createTwoDeskStudio,
  memberWithPack,
  expectEverySideEqual,
  syncInTurn,
  type TwoDeskStudio,
} from './merge-world';

type CheckedIn = MutationResult<'booking.checkInMember'>;

/**
 * `booking.checkInMember` end to end, through real sync and real desk files: each desk
 * chooses how the class is paid on its own copy and its outbox carries that choice
 * (PROTOCOL.md R1.7); two offline desks checking in the same member leave one booking at
 * the server, paid once (R9.1), and every side equal (R9.3, R6).
 */
describe.each(serverBackends)('check-in of a member through sync on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
  });

  afterAll(() => studio.world.dispose());

  it('R1.7 R9.1 R9.3 keeps one booking, paid once, when two offline desks check in one member', async () => {
    const classId = await addClass(studio, 'Vinyasa Flow', 10, startingSoon());
    const { memberId, packId } = await memberWithPack(studio, 'Maya');
    await syncInTurn(studio, [studio.deskA, studio.deskB]);

    // Offline from here: each desk chooses the pack on its own copy.
    const args = { classId, memberId };
    const atA = await runDeskMutation(studio.deskA, studio.actorA, 'booking.checkInMember', args);
    const atB = await runDeskMutation(studio.deskB, studio.actorB, 'booking.checkInMember', args);
    const [checkedInA, checkedInB] = [atA.result as CheckedIn, atB.result as CheckedIn];
    expect(checkedInA).toMatchObject({ paidBy: 'pack', packCreditsLeft: 4, merged: false });
    expect(checkedInB).toMatchObject({ paidBy: 'pack', packCreditsLeft: 4, merged: false });
    expect(checkedInB.bookingId).not.toBe(checkedInA.bookingId);
    const sent = await studio.deskB.db
      .selectFrom('desk_outbox')
      .select('args')
      .where('id', '=', atB.mutationId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(sent.args)).toEqual({ ...args, paidBy: { method: 'pack', packId } });

    await syncInTurn(studio, [studio.deskA, studio.deskB, studio.deskA]);

    const { db } = studio.world.database;
    const bookings = await db
      .selectFrom('bookings')
      .selectAll()
      .where('tenant_id', '=', studio.world.studio.tenantId)
      .where('class_id', '=', classId)
      .execute();
    expect(bookings).toEqual([
      expect.objectContaining({
        id: checkedInA.bookingId,
        member_id: memberId,
        used_pack_id: packId,
        device_id: studio.deviceIdA,
      }),
    ]);
    expect(bookings[0]?.checked_in_at).not.toBeNull();
    const pack = await db
      .selectFrom('purchased_packs')
      .select('remaining_credits')
      .where('id', '=', packId)
      .executeTakeFirstOrThrow();
    expect(pack.remaining_credits).toBe(4);
    const reviews = await db
      .selectFrom('review_items')
      .selectAll()
      .where('kind', '=', 'duplicate_booking')
      .where('subject_id', '=', checkedInA.bookingId)
      .execute();
    expect(reviews).toHaveLength(1);
    expect(JSON.parse(reviews[0]?.device_ids ?? '[]')).toEqual([
      studio.deviceIdA,
      studio.deviceIdB,
    ]);

    await expectEverySideEqual(studio);
  });
});
