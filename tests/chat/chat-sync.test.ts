import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { runDeskQuery } from '../../src-main/operations/run-query';
import type { Desk } from '../../src-main/store/open-desk';
import type { ChatMessageView, ChatRoomSummary } from '../../src-shared/queries/chat/chat-queries';
import { serverBackends } from '../server/support/server-harness';
import {
  createTwoDeskStudio,
  sameEverywhere,
  syncInTurn,
  type TwoDeskStudio,
} from '../sync/merge-world';

/**
 * R22 through sync: two desks write in the Handover room while offline. Both open the room
 * (one room results), both notes stand in time order everywhere, each desk's reader counts
 * the other's note as unread, and a read marker moved at two desks keeps the later position.
 */
describe.each(serverBackends)('messages written at two offline desks on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
  });
  afterAll(() => studio.world.dispose());

  const mutate = async <R>(desk: Desk, actor: string, name: string, args: unknown) =>
    (await runDeskMutation(desk, actor, name, args)).result as R;
  const openHandover = (desk: Desk, actor: string) =>
    mutate<{ roomId: string }>(desk, actor, 'chat.openRoom', { kind: 'handover' });
  const post = (desk: Desk, actor: string, roomId: string, body: string) =>
    mutate<{ messageId: string }>(desk, actor, 'chat.post', { roomId, body });
  const thread = async (desk: Desk, roomId: string) =>
    ((await runDeskQuery(desk, 'chat.messages', { roomId })) as { messages: ChatMessageView[] })
      .messages;
  const rooms = async (desk: Desk, memberId: string) =>
    ((await runDeskQuery(desk, 'chat.rooms', { memberId })) as { rooms: ChatRoomSummary[] }).rooms;
  const unread = async (desk: Desk, memberId: string) =>
    ((await runDeskQuery(desk, 'chat.unreadCount', { memberId })) as { unread: number }).unread;
  const expectSameEverywhere = async () => {
    const same = await sameEverywhere(studio);
    expect([same.mismatchedA, same.mismatchedB]).toEqual([[], []]);
  };

  it('R22.1 R22.2 handover notes from two offline desks both stand, in order, with unread counts', async () => {
    const { deskA, deskB, actorA, actorB, world } = studio;
    const roomA = await openHandover(deskA, actorA);
    const roomB = await openHandover(deskB, actorB);
    expect(roomB.roomId).toBe(roomA.roomId);
    const { roomId } = roomA;
    await post(deskA, actorA, roomId, 'Morning: the till is 20 short, counted twice');
    await post(deskB, actorB, roomId, 'Evening: spare keys are in the drawer');
    await syncInTurn(studio, [deskA, deskB, deskA]);

    const serverRooms = await world.database.db
      .selectFrom('chat_rooms')
      .select('id')
      .where('tenant_id', '=', world.studio.tenantId)
      .execute();
    expect(serverRooms).toEqual([{ id: roomId }]);
    const bodies = [
      'Morning: the till is 20 short, counted twice',
      'Evening: spare keys are in the drawer',
    ];
    expect((await thread(deskA, roomId)).map((m) => m.body)).toEqual(bodies);
    expect((await thread(deskB, roomId)).map((m) => m.body)).toEqual(bodies);
    expect(await unread(deskA, actorA)).toBe(1);
    expect(await unread(deskB, actorB)).toBe(1);
    const listed = await rooms(deskB, actorB);
    expect(listed.map((r) => [r.roomId, r.unread, r.lastMessage?.body])).toEqual([
      [roomId, 1, bodies[1]],
    ]);
    await expectSameEverywhere();
  });

  it('R22.3 a reader marked read at two desks keeps the later position, whichever syncs first', async () => {
    const { deskA, deskB, actorA, actorB } = studio;
    const { roomId } = await openHandover(deskA, actorA);
    const first = await post(deskB, actorB, roomId, 'Mats cleaned');
    const second = await post(deskB, actorB, roomId, 'Heater serviced');
    await syncInTurn(studio, [deskB, deskA]);
    const before = await unread(deskA, actorA);
    expect(before).toBeGreaterThanOrEqual(2);
    // The same owner reads up to the second note at desk A, and (on an older screen) only to
    // the first at desk B, both offline; desk B's call reaches the server last.
    await mutate(deskA, actorA, 'chat.markRead', { roomId, messageId: second.messageId });
    await mutate(deskB, actorA, 'chat.markRead', { roomId, messageId: first.messageId });
    await syncInTurn(studio, [deskA, deskB, deskA]);
    for (const desk of [deskA, deskB]) {
      const marker = await desk.db
        .selectFrom('chat_reads')
        .select('last_read_message_id')
        .where('room_id', '=', roomId)
        .where('member_id', '=', actorA)
        .executeTakeFirstOrThrow();
      expect(marker.last_read_message_id).toBe(second.messageId);
      expect(await unread(desk, actorA)).toBe(0);
    }
    await expectSameEverywhere();
  });
});
