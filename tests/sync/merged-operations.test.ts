import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
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

/**
 * PROTOCOL.md R9, end to end through real sync and real desk files: two offline desks book
 * the same member into the same class. The server keeps one booking, lands the second desk's
 * later mutations on it, tells the owner, and both desks end up equal to the server.
 */
describe.each(serverBackends)('merged operations through sync on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
  });

  afterAll(() => studio.world.dispose());

  const book = (which: 'A' | 'B', args: object) =>
    which === 'A'
      ? runDeskMutation(studio.deskA, studio.actorA, 'booking.book', args)
      : runDeskMutation(studio.deskB, studio.actorB, 'booking.book', args);

  const bookingIdOf = (result: unknown) => (result as { bookingId: string }).bookingId;

  const serverBookings = (classId: string, memberId: string) =>
    studio.world.database.db
      .selectFrom('bookings')
      .selectAll()
      .where('tenant_id', '=', studio.world.studio.tenantId)
      .where('class_id', '=', classId)
      .where('member_id', '=', memberId)
      .execute();

  const remainingCredits = async (packId: string) =>
    (
      await studio.world.database.db
        .selectFrom('purchased_packs')
        .select('remaining_credits')
        .where('id', '=', packId)
        .executeTakeFirstOrThrow()
    ).remaining_credits;

  const mergeReviews = (bookingId: string) =>
    studio.world.database.db
      .selectFrom('review_items')
      .selectAll()
      .where('kind', '=', 'duplicate_booking')
      .where('subject_id', '=', bookingId)
      .execute();

  it('R9.1 R9.2 R9.3 R9.4 keeps one booking, checked in, when two offline desks book a member and one checks in', async () => {
    const classId = await addClass(studio, 'Vinyasa Flow', 10, startingSoon());
    const { memberId, packId } = await memberWithPack(studio, 'Maya');
    await syncInTurn(studio, [studio.deskA, studio.deskB]);

    // Both desks offline from here: neither sees the other's booking.
    const paidBy = { method: 'pack', packId };
    const atA = await book('A', { classId, memberId, paidBy });
    const atB = await book('B', { classId, memberId, paidBy });
    const bookingA = bookingIdOf(atA.result);
    const bookingB = bookingIdOf(atB.result);
    expect(bookingB).not.toBe(bookingA);
    await runDeskMutation(studio.deskB, studio.actorB, 'booking.checkIn', { bookingId: bookingB });
    await syncInTurn(studio, [studio.deskA, studio.deskB, studio.deskA]);

    const [kept, ...others] = await serverBookings(classId, memberId);
    expect(others).toEqual([]);
    expect(kept).toMatchObject({
      id: bookingA,
      status: 'confirmed',
      used_pack_id: packId,
      staff_id: studio.actorA,
      device_id: studio.deviceIdA,
    });
    expect(kept?.checked_in_at).not.toBeNull();
    // One booking, one credit: desk B's credit was never taken at the server.
    expect(await remainingCredits(packId)).toBe(4);

    const aliases = await studio.world.database.db
      .selectFrom('id_aliases')
      .selectAll()
      .where('alias_id', '=', bookingB)
      .execute();
    expect(aliases).toEqual([
      expect.objectContaining({
        table_name: 'bookings',
        surviving_id: bookingA,
        mutation_id: atB.mutationId,
      }),
    ]);
    const [review, ...moreReviews] = await mergeReviews(bookingA);
    expect(moreReviews).toEqual([]);
    expect(review).toMatchObject({ status: 'open', member_id: memberId, amount: null });
    expect(JSON.parse(review?.device_ids ?? '[]')).toEqual([studio.deviceIdA, studio.deviceIdB]);
    expect(JSON.parse(review?.details ?? '{}')).toMatchObject({
      mutation: 'booking.book',
      mutationId: atB.mutationId,
      actorIds: [studio.actorA, studio.actorB],
    });

    // Desk B no longer holds its own copy: one booking, the server's, checked in.
    const atDeskB = await studio.deskB.db
      .selectFrom('bookings')
      .select(['id', 'checked_in_at'])
      .where('class_id', '=', classId)
      .where('member_id', '=', memberId)
      .execute();
    expect(atDeskB).toEqual([{ id: bookingA, checked_in_at: kept?.checked_in_at }]);
    await expectEverySideEqual(studio);
  });

  it('R9.2 R9.3 lands a cancel of the folded booking on the surviving one, giving its credit back once', async () => {
    const classId = await addClass(studio, 'Yin');
    const { memberId, packId } = await memberWithPack(studio, 'Omar');
    await syncInTurn(studio, [studio.deskA, studio.deskB]);

    const paidBy = { method: 'pack', packId };
    const bookingA = bookingIdOf((await book('A', { classId, memberId, paidBy })).result);
    const bookingB = bookingIdOf((await book('B', { classId, memberId, paidBy })).result);
    await runDeskMutation(studio.deskB, studio.actorB, 'booking.cancel', { bookingId: bookingB });
    await syncInTurn(studio, [studio.deskA, studio.deskB, studio.deskA]);

    const [kept, ...others] = await serverBookings(classId, memberId);
    expect(others).toEqual([]);
    expect(kept).toMatchObject({ id: bookingA, status: 'cancelled', checked_in_at: null });
    expect(await remainingCredits(packId)).toBe(5);
    expect(await mergeReviews(bookingA)).toHaveLength(1);
    for (const desk of [studio.deskA, studio.deskB]) {
      const pack = await desk.db
        .selectFrom('purchased_packs')
        .select('remaining_credits')
        .where('id', '=', packId)
        .executeTakeFirstOrThrow();
      expect(pack.remaining_credits).toBe(5);
    }
    await expectEverySideEqual(studio);
  });

  it('R9.1 R9.3 folds a booking paid from another pack without touching that pack, and re-sends it', async () => {
    const classId = await addClass(studio, 'Hatha');
    const { memberId, packId } = await memberWithPack(studio, 'Nia');
    // A second pack of the member's, sold and synced before the desks part.
    const second = await runDeskMutation(studio.deskA, studio.actorA, 'pack.sell', {
      memberId,
      packDefinitionId: studio.packDefinitionId,
      unitPrice: 6000,
      tenders: [{ method: 'external', amount: 6000, reference: 'voucher' }],
    });
    const [secondPack = ''] = (second.result as { packIds: string[] }).packIds;
    await syncInTurn(studio, [studio.deskA, studio.deskB]);

    const bookingA = bookingIdOf(
      (await book('A', { classId, memberId, paidBy: { method: 'pack', packId } })).result,
    );
    await book('B', { classId, memberId, paidBy: { method: 'pack', packId: secondPack } });
    await syncInTurn(studio, [studio.deskA, studio.deskB, studio.deskA]);

    expect((await serverBookings(classId, memberId)).map((b) => b.id)).toEqual([bookingA]);
    expect(await remainingCredits(packId)).toBe(4);
    expect(await remainingCredits(secondPack)).toBe(5);
    const atDeskB = await studio.deskB.db
      .selectFrom('purchased_packs')
      .select('remaining_credits')
      .where('id', '=', secondPack)
      .executeTakeFirstOrThrow();
    expect(atDeskB.remaining_credits).toBe(5);
    await expectEverySideEqual(studio);
  });

  it('R9.1 R9.4 folds a drop-in sold at one desk into the booking made at another: the sale stands', async () => {
    const classId = await addClass(studio, 'Power Flow');
    const { memberId, packId } = await memberWithPack(studio, 'Lea');
    await syncInTurn(studio, [studio.deskA, studio.deskB]);

    const bookingA = bookingIdOf(
      (await book('A', { classId, memberId, paidBy: { method: 'pack', packId } })).result,
    );
    const sale = await runDeskMutation(studio.deskB, studio.actorB, 'pos.sale', {
      memberId,
      lines: [{ kind: 'drop_in', classId, unitPrice: 2000 }],
      tenders: [{ method: 'external', amount: 2000, reference: 'cheque 12' }],
    });
    const { orderId } = sale.result as { orderId: string };
    await syncInTurn(studio, [studio.deskA, studio.deskB, studio.deskA]);

    expect((await serverBookings(classId, memberId)).map((b) => b.id)).toEqual([bookingA]);
    const order = await studio.world.database.db
      .selectFrom('pos_orders')
      .select(['status', 'total_amount'])
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ status: 'completed', total_amount: 2000 });
    const [review] = await mergeReviews(bookingA);
    expect(review).toMatchObject({ member_id: memberId, amount: 2000 });
    expect(JSON.parse(review?.device_ids ?? '[]')).toEqual([studio.deviceIdA, studio.deviceIdB]);
    expect(JSON.parse(review?.details ?? '{}')).toMatchObject({
      mutation: 'pos.sale',
      actorIds: [studio.actorA, studio.actorB],
    });
    await expectEverySideEqual(studio);
  });
});
