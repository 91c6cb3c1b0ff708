import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { runDeskQuery } from '../../src-main/operations/run-query';
import type { Desk } from '../../src-main/store/open-desk';
import { memberRoomId } from '../../src-shared/mutations/chat/chat-fields';
import type { ChatMessageView, ChatRoomSummary } from '../../src-shared/queries/chat/chat-queries';
import { pokeEventSchema } from '../../src-shared/protocol/sync-messages';
import { EventStreamReader } from '../server/support/http-test-client';
import { call, serverBackends } from '../server/support/server-harness';
import {
  createTwoDeskStudio,
  sameEverywhere,
  syncInTurn,
  type TwoDeskStudio,
} from '../sync/merge-world';
import { chatFootprint } from './chat-test-support';
import { formBody, memberLinkPath } from './member-messages-support';

/**
 * R22.5: a member writes to the studio from their signed messages link and reads the
 * replies. The message reaches the desks by pull as the member's, unread for every staff
 * reader; a staff reply shows on the member's page. Bad links and bad bodies change nothing.
 */
describe.each(serverBackends)('members writing to the studio on %s', (backend) => {
  let studio: TwoDeskStudio;

  beforeAll(async () => {
    studio = await createTwoDeskStudio(backend);
  });
  afterAll(() => studio.world.dispose());

  const tenantId = () => studio.world.studio.tenantId;
  const footprint = () => chatFootprint({ db: studio.world.database.db, tenantId: tenantId() });
  const app = () => studio.world.app;
  const linkOf = (memberId: string, purpose?: 'messages' | 'progress' | 'unsubscribe') =>
    memberLinkPath(studio.world.database.db, { tenantId: tenantId(), memberId }, purpose);
  const post = (path: string, body: string) => call(app(), 'POST', path, formBody(body));
  const mutate = async <R>(desk: Desk, actor: string, name: string, args: unknown) =>
    (await runDeskMutation(desk, actor, name, args)).result as R;
  const thread = async (desk: Desk, roomId: string) =>
    ((await runDeskQuery(desk, 'chat.messages', { roomId })) as { messages: ChatMessageView[] })
      .messages;
  const rooms = async (desk: Desk, memberId: string) =>
    ((await runDeskQuery(desk, 'chat.rooms', { memberId })) as { rooms: ChatRoomSummary[] }).rooms;
  const unread = async (desk: Desk, memberId: string) =>
    ((await runDeskQuery(desk, 'chat.unreadCount', { memberId })) as { unread: number }).unread;
  const serverRoom = (roomId: string) =>
    studio.world.database.db
      .selectFrom('chat_rooms')
      .select(['id', 'type', 'status', 'member_id', 'name'])
      .where('tenant_id', '=', tenantId())
      .where('id', '=', roomId)
      .execute();

  /** A member added at desk A and synced to the server. */
  async function newMember(firstName: string): Promise<string> {
    const { memberId } = await mutate<{ memberId: string }>(
      studio.deskA,
      studio.actorA,
      'member.create',
      { firstName, lastName: 'Member', email: `${firstName.toLowerCase()}@example.com` },
    );
    await syncInTurn(studio, [studio.deskA]);
    return memberId;
  }

  it('R22.5 a member writes, the desks pull it as unread, and a staff reply shows on their page', async () => {
    const { deskA, deskB, actorA, actorB } = studio;
    const memberId = await newMember('Ada');
    const path = await linkOf(memberId);
    const roomId = memberRoomId(memberId);
    const empty = await call(app(), 'GET', path);
    expect(empty.status).toBe(200);
    expect(empty.body).toContain('Messages with Harbor Yoga');
    expect(empty.body).toContain('No messages yet');
    // Showing the page made nothing: the room comes with the first message.
    expect(await serverRoom(roomId)).toEqual([]);
    const unreadBefore = [await unread(deskA, actorA), await unread(deskB, actorB)];
    const stream = await EventStreamReader.open(
      `${studio.world.url}/v1/events`,
      deskA.identity?.deviceToken ?? '',
    );
    const headBefore = pokeEventSchema.parse(
      JSON.parse((await stream.next((e) => e.event === 'poke')).data ?? ''),
    ).position;

    const sent = await post(path, '  Is the 6pm class on tonight?  ');
    expect(sent.status).toBe(303);
    expect(sent.headers['location']).toBe(path.split('/').at(-1));
    // R5.1: the desks hear of it at once, past the head they had.
    await stream.next(
      (e) =>
        e.event === 'poke' && pokeEventSchema.parse(JSON.parse(e.data ?? '')).position > headBefore,
    );
    stream.close();
    expect(await serverRoom(roomId)).toEqual([
      { id: roomId, type: 'direct', status: 'open', member_id: memberId, name: 'Ada Member' },
    ]);
    const written = await studio.world.database.db
      .selectFrom('chat_messages')
      .select(['room_id', 'author_member_id', 'body', 'created_at', 'device_id'])
      .where('tenant_id', '=', tenantId())
      .where('room_id', '=', roomId)
      .execute();
    expect(written).toEqual([
      {
        room_id: roomId,
        author_member_id: memberId,
        body: 'Is the 6pm class on tonight?',
        created_at: new Date(studio.world.clock.now()).toISOString(),
        device_id: null,
      },
    ]);

    await syncInTurn(studio, [deskA, deskB]);
    const atDesk = await thread(deskB, roomId);
    expect(atDesk.map((m) => [m.body, m.authorName, m.fromMember])).toEqual([
      ['Is the 6pm class on tonight?', 'Ada Member (member)', true],
    ]);
    expect([await unread(deskA, actorA), await unread(deskB, actorB)]).toEqual(
      unreadBefore.map((n) => n + 1),
    );
    const listed = (await rooms(deskB, actorB)).find((r) => r.roomId === roomId);
    expect([listed?.unread, listed?.lastMessage?.authorName]).toEqual([1, 'Ada Member (member)']);

    await mutate(deskB, actorB, 'chat.post', { roomId, body: 'Yes, see you at 6!' });
    await syncInTurn(studio, [deskB, deskA]);
    const replied = (await thread(deskA, roomId)).map((m) => [m.body, m.fromMember]);
    expect(replied).toEqual([
      ['Is the 6pm class on tonight?', true],
      ['Yes, see you at 6!', false],
    ]);
    const page = await call(app(), 'GET', path);
    expect(page.status).toBe(200);
    const question = page.body.indexOf('Is the 6pm class on tonight?');
    const reply = page.body.indexOf('Yes, see you at 6!');
    expect(question).toBeGreaterThan(-1);
    expect(reply).toBeGreaterThan(question);
    expect(page.body).toContain('Yes, see you at 6!</p><small>Harbor Yoga, ');
    expect(page.body).toContain('Is the 6pm class on tonight?</p><small>You, ');
    const same = await sameEverywhere(studio);
    expect([same.mismatchedA, same.mismatchedB]).toEqual([[], []]);
  });

  it('R22.1 R22.5 a desk that opened the member’s room offline and the member’s message make one room', async () => {
    const { deskB, actorB } = studio;
    const memberId = await newMember('Bea');
    await syncInTurn(studio, [deskB]);
    const opened = await mutate<{ roomId: string }>(deskB, actorB, 'chat.openRoom', {
      kind: 'member',
      memberId,
    });
    expect(opened.roomId).toBe(memberRoomId(memberId));
    expect((await post(await linkOf(memberId), 'Can I freeze my membership?')).status).toBe(303);
    await syncInTurn(studio, [deskB]);
    expect(await serverRoom(opened.roomId)).toHaveLength(1);
    expect((await thread(deskB, opened.roomId)).map((m) => m.body)).toEqual([
      'Can I freeze my membership?',
    ]);
  });

  it('R22.5 a forged, mangled or other-purpose link answers 404 and changes nothing', async () => {
    const memberId = await newMember('Cy');
    const path = await linkOf(memberId);
    const before = await footprint();
    const forged = `${path.slice(0, -4)}${path.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const otherPurposes = [
      await linkOf(memberId, 'progress'),
      await linkOf(memberId, 'unsubscribe'),
    ];
    const bad = [forged, '/v1/messages/not-a-token', ...otherPurposes];
    for (const badPath of bad) {
      const shown = await call(app(), 'GET', badPath);
      expect([badPath, shown.status]).toEqual([badPath, 404]);
      expect(shown.body).toContain('This messages link is not valid.');
      const posted = await post(badPath, 'Let me in');
      expect([badPath, posted.status]).toEqual([badPath, 404]);
    }
    expect(await footprint()).toEqual(before);
  });

  it('R22.5 an empty or oversized body re-shows the page with the reason and changes nothing', async () => {
    const memberId = await newMember('Dee');
    const path = await linkOf(memberId);
    const before = await footprint();
    const empty = await post(path, '   ');
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('Not sent: a message cannot be empty.');
    const long = `<b>${'x'.repeat(1998)}`;
    const oversized = await post(path, long);
    expect(oversized.status).toBe(400);
    expect(oversized.body).toContain('Not sent: a message holds at most 2000 characters.');
    // The text is given back to edit, escaped.
    expect(oversized.body).toContain(`&lt;b&gt;${'x'.repeat(1998)}</textarea>`);
    const noField = await call(app(), 'POST', path, {
      rawBody: 'message=hello',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(noField.status).toBe(400);
    expect(await footprint()).toEqual(before);
    expect((await post(path, 'y'.repeat(2000))).status).toBe(303);
  });

  it('R22.5 a member’s message opens an archived room again, and the page escapes what it shows', async () => {
    const { deskA, actorA } = studio;
    const memberId = await newMember('Eve');
    const path = await linkOf(memberId);
    const roomId = memberRoomId(memberId);
    expect((await post(path, 'Hello')).status).toBe(303);
    await syncInTurn(studio, [deskA]);
    await mutate(deskA, actorA, 'chat.closeRoom', { roomId, status: 'archived' });
    await syncInTurn(studio, [deskA]);
    expect((await rooms(deskA, actorA)).some((r) => r.roomId === roomId)).toBe(false);

    expect((await post(path, '<script>alert("hi")</script>\n& thanks')).status).toBe(303);
    expect((await serverRoom(roomId)).map((r) => r.status)).toEqual(['open']);
    await syncInTurn(studio, [deskA]);
    const listed = (await rooms(deskA, actorA)).find((r) => r.roomId === roomId);
    expect([listed?.status, listed?.unread]).toEqual(['open', 2]);
    const page = await call(app(), 'GET', path);
    expect(page.body).toContain(
      '&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;<br>&amp; thanks',
    );
    expect(page.body).not.toContain('<script>alert');
  });

  it('R22.5 posts are rate-limited per link: the eleventh in a burst is refused until a minute passes', async () => {
    const memberId = await newMember('Flo');
    const path = await linkOf(memberId);
    for (let i = 1; i <= 10; i += 1) {
      expect((await post(path, `Message ${String(i)}`)).status).toBe(303);
    }
    const before = await footprint();
    const limited = await post(path, 'One too many');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body).toContain('Your message was not sent.');
    expect(await footprint()).toEqual(before);
    studio.world.clock.advance(60_000);
    expect((await post(path, 'After a minute')).status).toBe(303);
  });
});
