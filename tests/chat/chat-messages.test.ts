import { describe, expect, it } from 'vitest';
import { uuidV5 } from '../../src-shared/ids/uuid-v5';
import {
  BACKENDS,
  NOW,
  minutesAfterNow,
  resultOf,
  useSeededStudio,
} from '../front-desk/front-desk-harness';
import { chatCalls, chatFootprint } from './chat-test-support';

interface Posted {
  readonly roomId: string;
  readonly messageId: string;
}

/** Issue 20: the studio's messages, on the desk's database and the server's (R22). */
describe.each(BACKENDS)('messages on %s (issue 20, R22)', (backend) => {
  const studio = useSeededStudio(backend);
  const chat = chatCalls(studio);

  const post = async (
    roomId: string,
    body: string,
    at = NOW,
    as: 'frontDesk' | 'owner' = 'frontDesk',
  ) => resultOf<Posted>(await studio.run('chat.post', { roomId, body }, { at, as }));

  it('R22.1 opens one Handover room per studio, by an id every desk derives alike', async () => {
    const first = await chat.openHandover();
    const second = await chat.openHandover();
    expect(first).toEqual({ roomId: uuidV5(studio.tenantId, 'chat/handover'), opened: true });
    expect(second).toEqual({ roomId: first.roomId, opened: false });
    const { rooms, handoverRoomId } = await chat.rooms(studio.staff.owner);
    expect(handoverRoomId).toBe(first.roomId);
    expect(rooms).toEqual([
      expect.objectContaining({
        roomId: first.roomId,
        name: 'Handover',
        isHandover: true,
        status: 'open',
        unread: 0,
        lastMessage: null,
      }),
    ]);
  });

  it('R22.2 posts trimmed messages as the signed-in staff member, read in time order', async () => {
    const { roomId } = await chat.openHandover();
    const late = await post(roomId, '  Till counted, 3 towels short  ', minutesAfterNow(5));
    const early = await post(roomId, 'Projector in studio B flickers', NOW, 'owner');
    const { messages, hasMore } = await chat.messages({ roomId });
    expect(hasMore).toBe(false);
    expect(messages.map((m) => [m.messageId, m.body, m.authorName, m.deviceId])).toEqual([
      [early.messageId, 'Projector in studio B flickers', 'Olive Tester', 'desk-front-1'],
      [late.messageId, 'Till counted, 3 towels short', 'Frida Tester', 'desk-front-1'],
    ]);
  });

  it('R22.2 pages back from a message, oldest first within the page', async () => {
    const { roomId } = await chat.openHandover();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await post(roomId, `note ${i}`, minutesAfterNow(i))).messageId);
    const latest = await chat.messages({ roomId, limit: 2 });
    expect(latest.messages.map((m) => m.body)).toEqual(['note 3', 'note 4']);
    expect(latest.hasMore).toBe(true);
    const above = await chat.messages({ roomId, limit: 2, before: ids[3] });
    expect(above.messages.map((m) => m.body)).toEqual(['note 1', 'note 2']);
    const top = await chat.messages({ roomId, limit: 2, before: ids[1] });
    expect(top).toEqual({
      messages: [expect.objectContaining({ body: 'note 0' })],
      hasMore: false,
    });
  });

  it('R22.3 counts what each staff member has not read, never their own messages', async () => {
    const { roomId } = await chat.openHandover();
    await post(roomId, 'Front door sticks', NOW);
    const second = await post(roomId, 'Call the plumber', minutesAfterNow(1));
    expect(await chat.unread(studio.staff.owner)).toBe(2);
    expect(await chat.unread(studio.staff.frontDesk)).toBe(0);
    const [room] = (await chat.rooms(studio.staff.owner)).rooms;
    expect(room).toMatchObject({
      unread: 2,
      lastMessage: { body: 'Call the plumber', authorName: 'Frida Tester' },
      lastActivityAt: minutesAfterNow(1),
    });
    await studio.run('chat.markRead', { roomId, messageId: second.messageId }, { as: 'owner' });
    expect(await chat.unread(studio.staff.owner)).toBe(0);
    await post(roomId, 'Plumber comes at 4', minutesAfterNow(2));
    expect(await chat.unread(studio.staff.owner)).toBe(1);
  });

  it('R22.3 a read marker only moves forward', async () => {
    const { roomId } = await chat.openHandover();
    const first = await post(roomId, 'one', NOW);
    const second = await post(roomId, 'two', minutesAfterNow(1));
    const mark = async (messageId: string) =>
      resultOf<{ advanced: boolean }>(
        await studio.run('chat.markRead', { roomId, messageId }, { as: 'owner' }),
      ).advanced;
    expect(await mark(second.messageId)).toBe(true);
    expect(await mark(first.messageId)).toBe(false);
    expect(await mark(second.messageId)).toBe(false);
    const marker = await studio.db
      .selectFrom('chat_reads')
      .select(['last_read_message_id', 'last_read_at'])
      .where('tenant_id', '=', studio.tenantId)
      .execute();
    expect(marker).toEqual([
      { last_read_message_id: second.messageId, last_read_at: minutesAfterNow(1) },
    ]);
    expect(await chat.unread(studio.staff.owner)).toBe(0);
  });

  it('R22.1 opens one room per member, named after them, and staff rooms by name', async () => {
    const about = async () =>
      resultOf<{ roomId: string; opened: boolean }>(
        await studio.run('chat.openRoom', { kind: 'member', memberId: studio.memberId }),
      );
    const first = await about();
    expect(await about()).toEqual({ roomId: first.roomId, opened: false });
    const group = resultOf<{ roomId: string }>(
      await studio.run('chat.openRoom', { kind: 'group', name: ' Instructors ' }),
    );
    const { rooms } = await chat.rooms(studio.staff.owner);
    expect(rooms.map((r) => [r.roomId, r.name, r.type, r.memberId]).sort()).toEqual(
      [
        [first.roomId, 'Maya Tester', 'direct', studio.memberId],
        [group.roomId, 'Instructors', 'group', null],
      ].sort(),
    );
  });

  it('R22.4 closing a room stops new messages at the desk; archiving takes it off the list', async () => {
    const { roomId } = resultOf<{ roomId: string }>(
      await studio.run('chat.openRoom', { kind: 'group', name: 'Spring event' }),
    );
    await post(roomId, 'Posters are up');
    await studio.run('chat.closeRoom', { roomId });
    const before = await chatFootprint(studio);
    expect(await studio.refused('chat.post', { roomId, body: 'One more' })).toBe('rule');
    expect(await chatFootprint(studio)).toEqual(before);
    // At the server a message written before the desk heard of the closing still stands.
    await studio.run('chat.post', { roomId, body: 'Written offline' }, { side: 'server' });
    await studio.run('chat.closeRoom', { roomId, status: 'archived' });
    expect((await chat.rooms(studio.staff.owner)).rooms).toEqual([]);
    expect(await chat.unread(studio.staff.owner)).toBe(0);
    const audited = await studio.db
      .selectFrom('audit_logs')
      .select('action')
      .where('tenant_id', '=', studio.tenantId)
      .where('action', 'like', 'chat.%')
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual([
      'chat.closeRoom',
      'chat.closeRoom',
      'chat.openRoom',
    ]);
  });

  it('R22.4 the Handover room stays open', async () => {
    const { roomId } = await chat.openHandover();
    const before = await chatFootprint(studio);
    expect(await studio.refused('chat.closeRoom', { roomId, status: 'archived' })).toBe('invalid');
    expect(await chatFootprint(studio)).toEqual(before);
  });

  it('R22.2 refuses bad input with nothing written', async () => {
    const { roomId } = await chat.openHandover();
    const { messageId } = await post(roomId, 'kept');
    const before = await chatFootprint(studio);
    const missingRoom = '0190a0a0-0000-7000-8000-000000000000';
    const cases: [string, unknown, string][] = [
      ['chat.post', { roomId, body: '   ' }, 'invalid'],
      ['chat.post', { roomId, body: 'x'.repeat(2001) }, 'invalid'],
      ['chat.post', { roomId, body: 'hi', authorMemberId: studio.staff.owner }, 'invalid'],
      ['chat.post', { roomId: missingRoom, body: 'hi' }, 'not_found'],
      ['chat.post', { roomId: 'not-a-uuid', body: 'hi' }, 'invalid'],
      ['chat.markRead', { roomId, messageId: missingRoom }, 'not_found'],
      ['chat.markRead', { roomId: missingRoom, messageId }, 'not_found'],
      ['chat.openRoom', { kind: 'group', name: '' }, 'invalid'],
      ['chat.openRoom', { kind: 'member', memberId: missingRoom }, 'not_found'],
      ['chat.openRoom', { kind: 'everyone' }, 'invalid'],
      ['chat.closeRoom', { roomId, status: 'deleted' }, 'invalid'],
    ];
    for (const [name, args, code] of cases) {
      expect([name, await studio.refused(name, args)]).toEqual([name, code]);
    }
    expect(await chatFootprint(studio)).toEqual(before);
    expect(await studio.run('chat.post', { roomId, body: 'x'.repeat(2000) })).toBeTruthy();
  });

  it('R22.4 only desk staff close rooms; every staff member writes', async () => {
    const { roomId } = await chat.openHandover();
    await post(roomId, 'from the desk');
    expect(
      await studio.run('chat.post', { roomId, body: 'Studio B is warm' }, { as: 'instructor' }),
    ).toBeTruthy();
    const { roomId: group } = resultOf<{ roomId: string }>(
      await studio.run('chat.openRoom', { kind: 'group', name: 'Subs' }),
    );
    expect(await studio.refused('chat.closeRoom', { roomId: group }, { as: 'instructor' })).toBe(
      'forbidden',
    );
  });
});
