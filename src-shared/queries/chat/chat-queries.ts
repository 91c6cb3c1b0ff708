import type { Kysely } from 'kysely';
import { z } from 'zod';
import { handoverRoomId } from '../../mutations/chat/chat-fields';
import { STAFF_ROLES } from '../../mutations/mutation-definition';
import type { Database } from '../../schema/catalog';
import { memberNames } from '../front-desk/member-names';
import { defineQuery } from '../query-definition';
import { unreadByRoom, unreadMessages } from './chat-unread';

type RoomStatus = Database['chat_rooms']['status'];

/** A message as a thread shows it. */
export interface ChatMessageView {
  readonly messageId: string;
  readonly roomId: string;
  readonly body: string;
  readonly authorMemberId: string;
  /** The author's name; a member's name ends in "(member)", or is "Member" when unnamed. */
  readonly authorName: string;
  /** Written by a member from their messages link (R22.5), not by staff. */
  readonly fromMember: boolean;
  readonly createdAt: string;
  readonly deviceId: string | null;
}

/** A room as the list shows it: its last message and how many the reader has not read. */
export interface ChatRoomSummary {
  readonly roomId: string;
  readonly name: string;
  readonly type: Database['chat_rooms']['type'];
  readonly status: RoomStatus;
  /** The member the conversation is about; null for a staff room. */
  readonly memberId: string | null;
  readonly isHandover: boolean;
  readonly lastMessage: ChatMessageView | null;
  readonly unread: number;
  /** The last message's time, or when the room was opened. */
  readonly lastActivityAt: string;
}

const ROOM_LIMIT = 100;
/** The reader: the signed-in staff member, whose markers count what is unread. */
const reader = z.uuid();

/**
 * The studio's conversations, most recently active first, each with its last message and
 * the reader's unread count (R22.3). Archived rooms only when asked for.
 */
export const chatRooms = defineQuery({
  name: 'chat.rooms',
  description: 'Conversations with their last message and unread count for a staff member.',
  args: z.strictObject({ memberId: reader, includeArchived: z.boolean().optional() }),
  async run({ db, tenantId }, args) {
    let query = db
      .selectFrom('chat_rooms')
      .select(['id', 'name', 'type', 'status', 'member_id', 'created_at'])
      .where('tenant_id', '=', tenantId);
    if (args.includeArchived !== true) query = query.where('status', '!=', 'archived');
    const rooms = await query.orderBy('created_at', 'desc').limit(ROOM_LIMIT).execute();
    const unread = await unreadByRoom(db, tenantId, args.memberId);
    const handover = handoverRoomId(tenantId);
    const summaries: ChatRoomSummary[] = [];
    for (const room of rooms) {
      const [last] = await messagesOf(db, tenantId, room.id, 1);
      summaries.push({
        roomId: room.id,
        name: room.name,
        type: room.type,
        status: room.status,
        memberId: room.member_id,
        isHandover: room.id === handover,
        lastMessage: last ?? null,
        unread: unread.get(room.id) ?? 0,
        lastActivityAt: last?.createdAt ?? room.created_at,
      });
    }
    summaries.sort((a, b) =>
      a.lastActivityAt === b.lastActivityAt
        ? a.roomId.localeCompare(b.roomId)
        : b.lastActivityAt.localeCompare(a.lastActivityAt),
    );
    return { rooms: summaries, handoverRoomId: handover };
  },
});

/** What the top bar's badge counts: every unread message in every room not archived. */
export const chatUnreadCount = defineQuery({
  name: 'chat.unreadCount',
  description: 'How many messages a staff member has not read, over every open conversation.',
  args: z.strictObject({ memberId: reader }),
  async run({ db, tenantId }, args) {
    const row = await unreadMessages(db, tenantId, args.memberId)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return { unread: Number(row.n) };
  },
});

/**
 * A room's messages in order (created_at, then id; R22.2): the latest `limit`, or those just
 * before the message `before` (the page above), oldest first.
 */
export const chatMessages = defineQuery({
  name: 'chat.messages',
  description: 'A conversation’s messages, oldest first, a page at a time from the latest.',
  args: z.strictObject({
    roomId: z.uuid(),
    before: z.uuid().optional(),
    limit: z.int().min(1).max(200).default(50),
  }),
  async run({ db, tenantId }, args) {
    let cursor: { readonly at: string; readonly id: string } | undefined;
    if (args.before !== undefined) {
      const row = await db
        .selectFrom('chat_messages')
        .select(['id', 'created_at'])
        .where('tenant_id', '=', tenantId)
        .where('room_id', '=', args.roomId)
        .where('id', '=', args.before)
        .executeTakeFirst();
      if (row === undefined) return { messages: [], hasMore: false };
      cursor = { at: row.created_at, id: row.id };
    }
    const page = await messagesOf(db, tenantId, args.roomId, args.limit + 1, cursor);
    return { messages: page.slice(0, args.limit).reverse(), hasMore: page.length > args.limit };
  },
});

/** A room's messages newest first, from just before `cursor` when given. */
async function messagesOf(
  db: Kysely<Database>,
  tenantId: string,
  roomId: string,
  limit: number,
  cursor?: { readonly at: string; readonly id: string },
): Promise<ChatMessageView[]> {
  let query = db
    .selectFrom('chat_messages')
    .select(['id', 'room_id', 'body', 'author_member_id', 'created_at', 'device_id'])
    .where('tenant_id', '=', tenantId)
    .where('room_id', '=', roomId);
  if (cursor !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', cursor.at),
        eb.and([eb('created_at', '=', cursor.at), eb('id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const authors = rows.map((r) => r.author_member_id);
  const names = await memberNames(db, tenantId, authors);
  const staff = await staffAmong(db, tenantId, authors);
  return rows.map((row) => {
    const name = names.get(row.author_member_id) ?? '';
    const fromMember = !staff.has(row.author_member_id);
    return {
      messageId: row.id,
      roomId: row.room_id,
      body: row.body,
      authorMemberId: row.author_member_id,
      authorName: fromMember ? (name ? `${name} (member)` : 'Member') : name || 'Staff',
      fromMember,
      createdAt: row.created_at,
      deviceId: row.device_id,
    };
  });
}

/**
 * Which of the authors hold a staff role. Anyone else wrote from their messages link
 * (R22.5), so the desk shows the message as the member's.
 */
async function staffAmong(
  db: Kysely<Database>,
  tenantId: string,
  authors: readonly string[],
): Promise<Set<string>> {
  const wanted = [...new Set(authors)];
  if (wanted.length === 0) return new Set();
  const rows = await db
    .selectFrom('tenant_roles')
    .select('member_id')
    .where('tenant_id', '=', tenantId)
    .where('member_id', 'in', wanted)
    .where('role', 'in', STAFF_ROLES)
    .execute();
  return new Set(rows.map((r) => r.member_id));
}

export const chatQueries = [chatRooms, chatUnreadCount, chatMessages] as const;
