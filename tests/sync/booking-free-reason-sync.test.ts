import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { runDeskQuery } from '../../src-main/operations/run-query';
import type { Desk } from '../../src-main/store/open-desk';
import { serverBackends } from '../server/support/server-harness';
import {
  addClass,
  createTwoDeskStudio,
  memberWithPack,
  expectEverySideEqual,
  syncInTurn,
  type TwoDeskStudio,
} from './merge-world';

interface Roster {
  readonly entries: { bookingId: string; paidBy: string | null; freeReason: string | null }[];
}

/** Issue 18: the reason for a free booking goes through real sync and real desk files. */
describe.each(serverBackends)('the reason for a free booking through sync on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
  });

  afterAll(() => studio.world.dispose());

  const serverBooking = (bookingId: string) =>
    studio.world.database.db
      .selectFrom('bookings')
      .select(['status', 'payment_method', 'free_reason'])
      .where('tenant_id', '=', studio.world.studio.tenantId)
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
  const deskBooking = (desk: Desk, bookingId: string) =>
    desk.db
      .selectFrom('bookings')
      .select(['status', 'payment_method', 'free_reason'])
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
  const sentArgs = async (desk: Desk, mutationId: string): Promise<unknown> =>
    JSON.parse(
      (
        await desk.db
          .selectFrom('desk_outbox')
          .select('args')
          .where('id', '=', mutationId)
          .executeTakeFirstOrThrow()
      ).args,
    );

  it('a free booking made offline at one desk reaches the server and the other desk with its reason', async () => {
    const classId = await addClass(studio, 'Vinyasa Flow', 10);
    const { memberId } = await memberWithPack(studio, 'Maya');
    await syncInTurn(studio, [studio.deskA, studio.deskB]);
    const booked = await runDeskMutation(studio.deskA, studio.actorA, 'booking.book', {
      classId,
      memberId,
      paidBy: { method: 'free', reason: ' make-up class ' },
    });
    const { bookingId } = booked.result as { bookingId: string };
    // The reason travels in the call the server re-runs, not only in the desk's row.
    expect(await sentArgs(studio.deskA, booked.mutationId)).toMatchObject({
      paidBy: { method: 'free', reason: ' make-up class ' },
    });

    await syncInTurn(studio, [studio.deskA, studio.deskB]);

    const expected = { status: 'confirmed', payment_method: 'free', free_reason: 'make-up class' };
    expect(await serverBooking(bookingId)).toEqual(expected);
    expect(await deskBooking(studio.deskB, bookingId)).toEqual(expected);
    const rosterAtB = (await runDeskQuery(studio.deskB, 'class.roster', { classId })) as Roster;
    expect(rosterAtB.entries).toEqual([
      expect.objectContaining({ bookingId, paidBy: 'free', freeReason: 'make-up class' }),
    ]);
    await expectEverySideEqual(studio);
  });

  it('a free booking queued by a desk older than the reason is still accepted, with no reason', async () => {
    const classId = await addClass(studio, 'Yin', 10);
    const { memberId } = await memberWithPack(studio, 'Omar');
    await syncInTurn(studio, [studio.deskA, studio.deskB]);
    const queued = await runDeskMutation(studio.deskB, studio.actorB, 'booking.book', {
      classId,
      memberId,
      paidBy: { method: 'free' },
    });
    const { bookingId } = queued.result as { bookingId: string };
    expect(await sentArgs(studio.deskB, queued.mutationId)).toEqual({
      classId,
      memberId,
      paidBy: { method: 'free' },
    });

    await syncInTurn(studio, [studio.deskB, studio.deskA]);

    const expected = { status: 'confirmed', payment_method: 'free', free_reason: null };
    expect(await serverBooking(bookingId)).toEqual(expected);
    expect(await deskBooking(studio.deskA, bookingId)).toEqual(expected);
    await expectEverySideEqual(studio);
  });
});
