import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { runDeskQuery } from '../../src-main/operations/run-query';
import type { Desk } from '../../src-main/store/open-desk';
import { memberFeeId } from '../../src-shared/mutations/front-desk/member-fee-ledger';
import { serverBackends } from '../server/support/server-harness';
import {
  addClass,
  createTwoDeskStudio,
  memberWithPack,
  expectEverySideEqual,
  startingSoon,
  syncInTurn,
  type TwoDeskStudio,
} from './merge-world';

interface Owed {
  readonly fees: { readonly feeId: string; readonly amount: number }[];
}

/** PROTOCOL.md R15 through real sync and real desk files: fees and waitlist payment. */
describe.each(serverBackends)('fees and waitlist payment through sync on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
    // A 15.00 late-cancel fee; a class starting in half an hour is inside the window.
    await runDeskMutation(studio.deskA, studio.actorA, 'studio.updateSettings', {
      lateCancelFee: 1500,
      lateCancelHours: 12,
    });
    await syncInTurn(studio, [studio.deskA, studio.deskB]);
  });

  afterAll(() => studio.world.dispose());

  const serverFees = (memberId: string) =>
    studio.world.database.db
      .selectFrom('member_fees')
      .selectAll()
      .where('tenant_id', '=', studio.world.studio.tenantId)
      .where('member_id', '=', memberId)
      .execute();
  const creditsAt = async (desk: Desk, packId: string) =>
    (
      await desk.db
        .selectFrom('purchased_packs')
        .select('remaining_credits')
        .where('id', '=', packId)
        .executeTakeFirstOrThrow()
    ).remaining_credits;

  it('R15.2 a booking cancelled late at two offline desks owes one fee everywhere; paying it at one desk settles it at the other', async () => {
    const classId = await addClass(studio, 'Vinyasa Flow', 10, startingSoon());
    const { memberId, packId } = await memberWithPack(studio, 'Maya');
    await syncInTurn(studio, [studio.deskA, studio.deskB]);
    const booked = await runDeskMutation(studio.deskA, studio.actorA, 'booking.book', {
      classId,
      memberId,
      paidBy: { method: 'pack', packId },
    });
    const { bookingId } = booked.result as { bookingId: string };
    await syncInTurn(studio, [studio.deskA, studio.deskB]);

    const feeId = memberFeeId(bookingId, 'late_cancel');
    for (const [desk, actor] of [
      [studio.deskA, studio.actorA],
      [studio.deskB, studio.actorB],
    ] as const) {
      const cancelled = await runDeskMutation(desk, actor, 'booking.cancel', { bookingId });
      expect(cancelled.result).toMatchObject({ fee: { feeId, amount: 1500 } });
    }
    await syncInTurn(studio, [studio.deskA, studio.deskB, studio.deskA]);
    expect(await serverFees(memberId)).toEqual([
      expect.objectContaining({ id: feeId, status: 'owed', amount: 1500 }),
    ]);
    const owedAtB = (await runDeskQuery(studio.deskB, 'memberFee.owed', { memberId })) as Owed;
    expect(owedAtB.fees).toEqual([expect.objectContaining({ feeId, amount: 1500 })]);
    expect(await creditsAt(studio.deskB, packId)).toBe(4);
    await expectEverySideEqual(studio);

    await runDeskMutation(studio.deskA, studio.actorA, 'pos.sale', {
      memberId,
      lines: [{ kind: 'fee', feeId, unitPrice: 1500 }],
      tenders: [{ method: 'external', amount: 1500, reference: 'terminal' }],
    });
    await syncInTurn(studio, [studio.deskA, studio.deskB]);
    expect(await serverFees(memberId)).toEqual([expect.objectContaining({ status: 'paid' })]);
    const owedAfter = (await runDeskQuery(studio.deskB, 'memberFee.owed', { memberId })) as Owed;
    expect(owedAfter.fees).toEqual([]);
    await expectEverySideEqual(studio);
  });

  it('R15.4 a cancel at one desk promotes the member another desk waitlisted, taking their credit then', async () => {
    const classId = await addClass(studio, 'Yin', 1);
    const first = await memberWithPack(studio, 'Omar');
    const waiting = await memberWithPack(studio, 'Nia');
    await syncInTurn(studio, [studio.deskA, studio.deskB]);
    const booked = await runDeskMutation(studio.deskA, studio.actorA, 'booking.book', {
      classId,
      memberId: first.memberId,
      paidBy: { method: 'pack', packId: first.packId },
    });
    await syncInTurn(studio, [studio.deskA, studio.deskB]);
    const joined = await runDeskMutation(studio.deskB, studio.actorB, 'booking.book', {
      classId,
      memberId: waiting.memberId,
      paidBy: { method: 'pack', packId: waiting.packId },
      waitlist: true,
    });
    expect(await creditsAt(studio.deskB, waiting.packId)).toBe(5);
    await syncInTurn(studio, [studio.deskB, studio.deskA]);

    const { bookingId } = booked.result as { bookingId: string };
    const cancelled = await runDeskMutation(studio.deskA, studio.actorA, 'booking.cancel', {
      bookingId,
    });
    const promotedId = (joined.result as { bookingId: string }).bookingId;
    expect(cancelled.result).toMatchObject({ promotedBookingId: promotedId });
    await syncInTurn(studio, [studio.deskA, studio.deskB]);
    for (const desk of [studio.deskA, studio.deskB]) {
      expect(await creditsAt(desk, waiting.packId)).toBe(4);
      const promoted = await desk.db
        .selectFrom('bookings')
        .select(['status', 'used_pack_id'])
        .where('id', '=', promotedId)
        .executeTakeFirstOrThrow();
      expect(promoted).toEqual({ status: 'confirmed', used_pack_id: waiting.packId });
    }
    await expectEverySideEqual(studio);
  });
});
